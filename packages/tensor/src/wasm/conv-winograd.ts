// conv2d and its weight gradient by Winograd F(2x2, 3x3) on the WebAssembly backend, for 3x3 stride-1 convolutions
// with enough channels that the GEMMs (2.25x fewer multiply-adds than direct convolution, less the tiles' edges)
// outweigh the transforms: the padded images, V = B^T d B, U = G g G^T, 16 GEMMs M = U V per group, and
// A^T M A; for the weight gradient, Z = A y A^T of the output gradient, 16 GEMMs M = Z V^T and G^T M G.
import type { ConvWeights, ImageBatch, VectorView } from '../kernel-interface.js';
import type { Conv2dGeometry } from '../plan/conv.js';
import { WINOGRAD_FIELDS } from './emit/conv-winograd.js';
import { affineTable, type GemmTask, runGemmTasks } from './linalg.js';
import type { WasmRuntime } from './runtime/instance.js';
import { cut, rangeJobs, runJobs, threadsFor } from './runtime/parallel.js';
import { putPaddedPlanes } from './runtime/planes.js';
import { KERNELS } from './runtime/thread-pool.js';

const WINOGRAD_INPUT = KERNELS.indexOf('winograd_input');
const WINOGRAD_OUTPUT = KERNELS.indexOf('winograd_output');
const WINOGRAD_OUTPUT_GRADIENT = KERNELS.indexOf('winograd_output_gradient');

/**
 * Channels in and out per group from which Winograd beats direct convolution here (measured on ResNet's
 * layers). Per group, so that a conv and the same conv batched into groups (vmap over weights) take one path.
 */
const MIN_CHANNELS = 64;

/**
 * Output rows and columns from which Winograd wins: smaller maps waste most of their 2x2 tiles (rows of tiles
 * are padded to a multiple of four) and the 16/9 larger transformed weights (measured: 2x slower at 2x2).
 */
const MIN_SIZE = 6;

/**
 * Multiply-adds a transformed element of the weight gradient is worth when choosing threads: the transforms write 16
 * floats per float read, bound by memory rather than arithmetic (measured: 2 threads pay from 56x56 maps with 64
 * channels on).
 */
const TRANSFORM_COST = 4;

/** Whether `g` is a convolution this path computes. */
export function winogradApplies(g: Conv2dGeometry): boolean {
  return (
    g.kernelH === 3 &&
    g.kernelW === 3 &&
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.dilationH === 1 &&
    g.dilationW === 1 &&
    g.inChannels / g.groups >= MIN_CHANNELS &&
    g.outChannels / g.groups >= MIN_CHANNELS &&
    g.outH >= MIN_SIZE &&
    g.outW >= MIN_SIZE
  );
}

/** Transformed weights (U) kept per weight array, offset and shape while its storage keeps its version. */
const transformedWeights = new WeakMap<Float32Array, Map<string, { version: number; u: Float32Array }>>();

/** Puts U = G g G^T of the weight into the arena (from the cache, or transformed and cached); its address. */
function putTransformedWeights(
  rt: WasmRuntime,
  w: ConvWeights,
  outChannels: number,
  inChannels: number,
): number {
  const key = `${w.offset}:${outChannels}:${inChannels}`;
  const cached = w.version === null ? undefined : transformedWeights.get(w.data)?.get(key);
  if (cached && cached.version === w.version) return rt.arena.putFloats(cached.u, 0, cached.u.length);
  const kernels = rt.arena.putFloats(w.data, w.offset, outChannels * inChannels * 9);
  const u = rt.arena.alloc(16 * outChannels * inChannels * 4);
  rt.winogradWeights(kernels, u, outChannels, inChannels);
  if (w.version !== null) {
    const entries = transformedWeights.get(w.data) ?? new Map();
    transformedWeights.set(w.data, entries);
    const floats = rt.arena.floats;
    entries.set(key, {
      version: w.version,
      u: floats.slice(u >> 2, (u >> 2) + 16 * outChannels * inChannels),
    });
  }
  return u;
}

type WinogradRecord = Record<(typeof WINOGRAD_FIELDS)[number], number>;

/** 2x2 output tiles: tilesH rows of tilesW (a multiple of four), `tiles` in all the images. */
interface Tiling {
  tilesH: number;
  tilesW: number;
  tiles: number;
}

/**
 * Starts a Winograd call in a fresh arena: 2x2 output tiles in rows a multiple of four wide, the input's planes
 * zero-padded so every tile's 4x4 patch lies inside and four tiles' patches load as whole vectors, the transforms'
 * descriptor (`products`, `output` and the bias from `fields`, given the tiling) and V = B^T d B of every tile
 * across threads: as many as its elements afford at `elementCost` multiply-adds each, the count returned.
 */
function transformInput(
  rt: WasmRuntime,
  g: Conv2dGeometry,
  input: ImageBatch,
  fields: (tiling: Tiling) => Pick<WinogradRecord, 'products' | 'output' | 'bias' | 'hasBias'>,
  label: string,
  elementCost: number,
): { record: WinogradRecord; descriptor: number; tiles: number; threads: number } {
  const tilesH = Math.ceil(g.outH / 2);
  const tilesW = Math.ceil(Math.ceil(g.outW / 2) / 4) * 4;
  const tiles = g.batch * tilesH * tilesW;
  const padded = [2 * tilesH + 2, 2 * tilesW + 4] as const;
  rt.arena.reset();
  const record: WinogradRecord = {
    images: putPaddedPlanes(rt, input, padded, g.padTop, g.padLeft, 0),
    transformed: rt.arena.alloc(16 * g.inChannels * tiles * 4),
    ...fields({ tilesH, tilesW, tiles }),
    batch: g.batch,
    inChannels: g.inChannels,
    outChannels: g.outChannels,
    paddedH: padded[0],
    paddedW: padded[1],
    tilesH,
    tilesW,
    outH: g.outH,
    outW: g.outW,
  };
  const descriptor = rt.arena.putFields(WINOGRAD_FIELDS, record);
  const threads = threadsFor(rt, elementCost * 16 * tiles * g.inChannels);
  runJobs(rt, rangeJobs(WINOGRAD_INPUT, descriptor, g.inChannels, threads), label);
  return { record, descriptor, tiles, threads };
}

/**
 * `Kernels.conv2d` for a geometry where `winogradApplies`. The transformed weights are
 * kept for the next call with the same weight storage and version (a model in eval reuses its weights).
 */
export function conv2dWinograd(
  rt: WasmRuntime,
  g: Conv2dGeometry,
  input: ImageBatch,
  weights: ConvWeights,
  bias: VectorView | null,
  out: Float32Array,
): void {
  const { inChannels: C, outChannels: O, groups } = g;
  const [cg, og] = [C / groups, O / groups];
  const arena = rt.arena;
  const { record, descriptor, tiles, threads } = transformInput(
    rt,
    g,
    input,
    ({ tiles }) => ({
      products: arena.alloc(16 * O * tiles * 4),
      output: arena.alloc(out.length * 4),
      bias: bias ? arena.putStridedFloats(bias.data, bias.offset, bias.stride, O) : 0,
      hasBias: bias ? 1 : 0,
    }),
    'conv2d()',
    1,
  );
  const transformedKernels = putTransformedWeights(rt, weights, O, cg);
  const bRows = affineTable(rt, cg, tiles);
  const bCols = affineTable(rt, tiles, 1);
  // per element xi of the tiles and group: M[xi][group's og rows] = U[xi][its rows] V[xi][its cg rows]
  const tasks: GemmTask[] = [];
  for (let xi = 0; xi < 16; xi++) {
    for (let group = 0; group < groups; group++) {
      tasks.push({
        m: og,
        n: tiles,
        k: cg,
        a: transformedKernels + (xi * O + group * og) * cg * 4,
        aRowStride: cg,
        aColStride: 1,
        b: record.transformed + (xi * C + group * cg) * tiles * 4,
        bRows,
        bCols,
        c: record.products + (xi * O + group * og) * tiles * 4,
        cRowStride: tiles,
        accumulate: false,
      });
    }
  }
  runGemmTasks(rt, tasks, 'conv2d()');
  runJobs(rt, rangeJobs(WINOGRAD_OUTPUT, descriptor, O, threads), 'conv2d()');
  out.set(arena.floats.subarray(record.output >> 2, (record.output >> 2) + out.length));
}

/**
 * Whether the weight gradient of `g` takes the Winograd path: where the forward does, with output channels per
 * group in fours (the output gradient's transform works on four at a time).
 */
export function winogradWeightGradientApplies(g: Conv2dGeometry): boolean {
  return winogradApplies(g) && (g.outChannels / g.groups) % 4 === 0;
}

/**
 * `Kernels.conv2dBackwardWeight` for a geometry where `winogradWeightGradientApplies` (Lavin & Gray's weight
 * gradient): the input tiles' V = B^T d B as the forward's, the output gradient's Z = A y A^T (tile-major), 16 GEMMs
 * per group summing over the tiles M^T[xi][c][o] = V[xi][c] . Z[xi][o], and each kernel's gradient G^T m G.
 */
export function conv2dBackwardWeightWinograd(
  rt: WasmRuntime,
  g: Conv2dGeometry,
  gradOutput: ImageBatch,
  input: ImageBatch,
  out: Float32Array,
): void {
  const { inChannels: C, outChannels: O, groups } = g;
  const [cg, og] = [C / groups, O / groups];
  const arena = rt.arena;
  const label = 'conv2dBackwardWeight()';
  const { record, descriptor, tiles } = transformInput(
    rt,
    g,
    input,
    ({ tilesH, tilesW, tiles }) => ({
      products: arena.alloc(16 * O * tiles * 4),
      output: putPaddedPlanes(rt, gradOutput, [2 * tilesH, 2 * tilesW], 0, 0, 0),
      bias: 0,
      hasBias: 0,
    }),
    label,
    TRANSFORM_COST,
  );
  const jobs = cut(O, threadsFor(rt, TRANSFORM_COST * 16 * tiles * O), 4).map(([from, to]) => ({
    kernel: WINOGRAD_OUTPUT_GRADIENT,
    args: [descriptor, from, to, 0] as const,
  }));
  runJobs(rt, jobs, label);
  const sums = arena.alloc(16 * C * og * 4);
  const vCols = affineTable(rt, og, 1);
  const zRows = affineTable(rt, tiles, O);
  const tasks: GemmTask[] = [];
  for (let xi = 0; xi < 16; xi++) {
    for (let group = 0; group < groups; group++) {
      tasks.push({
        m: cg,
        n: og,
        k: tiles,
        a: record.transformed + (xi * C + group * cg) * tiles * 4,
        aRowStride: tiles,
        aColStride: 1,
        b: record.products + (xi * tiles * O + group * og) * 4,
        bRows: zRows,
        bCols: vCols,
        c: sums + (xi * C + group * cg) * og * 4,
        cRowStride: og,
        accumulate: false,
      });
    }
  }
  runGemmTasks(rt, tasks, label);
  untransformKernels(g, arena.floats, sums >> 2, out);
}

/**
 * The weight gradient [O, C/groups, 3, 3] from the sums m[xi][c][o] (C x O/groups per xi, from floats[at]): each
 * kernel's G^T m G, G^T = [[1, 1/2, 1/2, 0], [0, 1/2, -1/2, 0], [0, 1/2, 1/2, 1]].
 */
function untransformKernels(g: Conv2dGeometry, floats: Float32Array, at: number, out: Float32Array): void {
  const [cg, og] = [g.inChannels / g.groups, g.outChannels / g.groups];
  const xiStride = g.inChannels * og;
  const r = new Float64Array(12); // G^T m: 3 rows of 4
  // channel by channel, the output channels inner: the 16 sums of consecutive kernels are adjacent in each xi
  for (let group = 0; group < g.groups; group++) {
    for (let c = 0; c < cg; c++) {
      const row = at + (group * cg + c) * og;
      for (let oInGroup = 0; oInGroup < og; oInGroup++) {
        const m = row + oInGroup;
        for (let j = 0; j < 4; j++) {
          const m0 = floats[m + j * xiStride]!;
          const m1 = floats[m + (4 + j) * xiStride]!;
          const m2 = floats[m + (8 + j) * xiStride]!;
          const m3 = floats[m + (12 + j) * xiStride]!;
          r[j] = m0 + (m1 + m2) * 0.5;
          r[4 + j] = (m1 - m2) * 0.5;
          r[8 + j] = (m1 + m2) * 0.5 + m3;
        }
        const kernel = ((group * og + oInGroup) * cg + c) * 9;
        for (let i = 0; i < 3; i++) {
          const r1 = r[4 * i + 1]!;
          const r2 = r[4 * i + 2]!;
          out[kernel + 3 * i] = r[4 * i]! + (r1 + r2) * 0.5;
          out[kernel + 3 * i + 1] = (r1 - r2) * 0.5;
          out[kernel + 3 * i + 2] = (r1 + r2) * 0.5 + r[4 * i + 3]!;
        }
      }
    }
  }
}
