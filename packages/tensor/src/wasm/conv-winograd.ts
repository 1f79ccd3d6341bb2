// conv2d by Winograd F(2x2, 3x3) on the WebAssembly backend, for 3x3 stride-1 convolutions with enough
// channels that the GEMMs (2.25x fewer multiply-adds than direct convolution, less the tiles' edges)
// outweigh the transforms: the padded images, V = B^T d B, U = G g G^T, 16 GEMMs M = U V per group, and
// A^T M A.
import type { ConvWeights, ImageBatch, VectorView } from '../kernel-interface.js';
import type { Conv2dGeometry } from '../plan/conv.js';
import { WINOGRAD_FIELDS } from './emit/conv-winograd.js';
import { affineTable, type GemmTask, runGemmTasks } from './linalg.js';
import type { WasmRuntime } from './runtime/instance.js';
import { rangeJobs, runJobs, threadsFor } from './runtime/parallel.js';
import { putPaddedPlanes } from './runtime/planes.js';
import { KERNELS } from './runtime/thread-pool.js';

const WINOGRAD_INPUT = KERNELS.indexOf('winograd_input');
const WINOGRAD_OUTPUT = KERNELS.indexOf('winograd_output');

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
  const { batch, inChannels: C, outChannels: O, groups } = g;
  const [cg, og] = [C / groups, O / groups];
  const tilesH = Math.ceil(g.outH / 2);
  const tilesW = Math.ceil(Math.ceil(g.outW / 2) / 4) * 4;
  const tiles = batch * tilesH * tilesW;
  // every tile's 4x4 patch inside the plane, and four tiles' patches loadable as whole vectors
  const padded = [2 * tilesH + 2, 2 * tilesW + 4] as const;
  const arena = rt.arena;
  arena.reset();
  const record: Record<(typeof WINOGRAD_FIELDS)[number], number> = {
    images: putPaddedPlanes(rt, input, padded, g.padTop, g.padLeft, 0),
    transformed: arena.alloc(16 * C * tiles * 4),
    products: arena.alloc(16 * O * tiles * 4),
    output: arena.alloc(out.length * 4),
    bias: bias ? arena.putStridedFloats(bias.data, bias.offset, bias.stride, O) : 0,
    hasBias: bias ? 1 : 0,
    batch,
    inChannels: C,
    outChannels: O,
    paddedH: padded[0],
    paddedW: padded[1],
    tilesH,
    tilesW,
    outH: g.outH,
    outW: g.outW,
  };
  const descriptor = arena.putFields(WINOGRAD_FIELDS, record);
  const transformThreads = threadsFor(rt, 16 * batch * C * tilesH * tilesW);
  runJobs(rt, rangeJobs(WINOGRAD_INPUT, descriptor, C, transformThreads), 'conv2d()');
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
  runJobs(rt, rangeJobs(WINOGRAD_OUTPUT, descriptor, O, transformThreads), 'conv2d()');
  out.set(arena.floats.subarray(record.output >> 2, (record.output >> 2) + out.length));
}
