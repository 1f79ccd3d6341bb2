// conv2d's input and weight gradients on the WebAssembly backend, lowered as plan/conv-backward.ts says: the input
// gradient at stride 1 as the forward conv2d of the output gradient (Winograd included), else GEMMs into unfolded
// columns and col2im; the weight gradient by Winograd where the forward uses it (conv-winograd.ts), else one GEMM
// per group over all images. GEMMs, col2im and the transforms run across threads.
import type { Kernels } from '../kernel-interface.js';
import { jsKernels } from '../kernels/index.js';
import { type Conv2dGeometry, planConv2d } from '../plan/conv.js';
import { copyChannelRows, gradOutputTables, inputGradientAsConv } from '../plan/conv-backward.js';
import { paddedSize } from '../plan/im2col.js';
import { conv2d } from './conv.js';
import { conv2dBackwardWeightWinograd, winogradWeightGradientApplies } from './conv-winograd.js';
import { COL2IM_FIELDS } from './emit/conv-backward.js';
import { type GemmTask, runGemmTasks } from './linalg.js';
import type { WasmRuntime } from './runtime/instance.js';
import { cut, runJobs, threadsFor } from './runtime/parallel.js';
import { putPaddedPlanes } from './runtime/planes.js';
import { KERNELS } from './runtime/thread-pool.js';

const COL2IM = KERNELS.indexOf('col2im');

/** Floats of unfolded columns one round of images may fill (64 MiB): larger batches run in several rounds. */
const COLUMNS_PER_ROUND = 1 << 24;

/** Multiply-adds of a conv2d (and of each of its gradients). */
function work(g: Conv2dGeometry): number {
  return g.batch * g.outChannels * g.outH * g.outW * (g.inChannels / g.groups) * g.kernelH * g.kernelW;
}

/**
 * `Kernels.conv2dBackwardInput` on the WebAssembly backend: at stride 1 the forward kernel on the output gradient;
 * otherwise, per round of images, the groups' weight^T @ gradOutput GEMMs into unfolded columns, and col2im across
 * threads, each summing a channel at a time into a zero-padded plane of its own and writing out its interior. An
 * empty one goes to the TypeScript kernel.
 */
export function conv2dBackwardInput(rt: WasmRuntime): Kernels['conv2dBackwardInput'] {
  const forward = conv2d(rt);
  return (g, gradOutput, weight, out) => {
    if (work(g) === 0) {
      jsKernels.conv2dBackwardInput(g, gradOutput, weight, out);
      return;
    }
    if (g.strideH === 1 && g.strideW === 1) {
      const call = inputGradientAsConv(g, gradOutput, weight);
      forward(call.geometry, call.input, call.weight, null, out);
      return;
    }
    const og = g.outChannels / g.groups;
    const depth = (g.inChannels / g.groups) * g.kernelH * g.kernelW;
    const spatial = g.outH * g.outW;
    const perImage = g.groups * depth * spatial;
    const round = Math.max(1, Math.min(g.batch, Math.floor(COLUMNS_PER_ROUND / perImage)));
    const imageSize = g.inChannels * g.height * g.width;
    const [paddedH, paddedW] = paddedSize(g, g.height, g.width);
    const arena = rt.arena;
    arena.reset();
    const [, o, oh, ow] = gradOutput.shape;
    const dy = putPaddedPlanes(rt, gradOutput, [oh, ow], 0, 0, 0);
    const weights = arena.putFloats(weight.data, weight.offset, g.outChannels * depth);
    const tables = gradOutputTables(g, og, round, [o * spatial, spatial, g.outW, 1]);
    const bRows = arena.putInts(tables.rows);
    const bCols = arena.putInts(tables.cols);
    const columns = arena.alloc(round * perImage * 4);
    const images = arena.alloc(round * imageSize * 4);
    const descriptor = arena.alloc(COL2IM_FIELDS.length * 4);
    const threads = threadsFor(rt, round * g.inChannels * g.kernelH * g.kernelW * spatial);
    const jobs = cut(g.inChannels, threads, 1).map(([from, to]) => ({
      kernel: COL2IM,
      args: [descriptor, from, to, arena.alloc(paddedH * paddedW * 4)] as const,
    }));
    for (let n0 = 0; n0 < g.batch; n0 += round) {
      const count = Math.min(round, g.batch - n0);
      const width = count * spatial;
      const tasks: GemmTask[] = [];
      for (let group = 0; group < g.groups; group++) {
        tasks.push({
          m: depth,
          n: width,
          k: og,
          a: weights + group * og * depth * 4,
          aRowStride: 1,
          aColStride: depth,
          b: dy + (n0 * o + group * og) * spatial * 4,
          bRows,
          bCols,
          c: columns + group * depth * width * 4,
          cRowStride: width,
          accumulate: false,
        });
      }
      runGemmTasks(rt, tasks, 'conv2dBackwardInput()');
      arena.writeFields(descriptor, COL2IM_FIELDS, {
        columns,
        output: images,
        batch: count,
        channels: g.inChannels,
        height: g.height,
        width: g.width,
        kernelH: g.kernelH,
        kernelW: g.kernelW,
        outH: g.outH,
        outW: g.outW,
        strideH: g.strideH,
        strideW: g.strideW,
        dilationH: g.dilationH,
        dilationW: g.dilationW,
        padTop: g.padTop,
        padLeft: g.padLeft,
        paddedH,
        paddedW,
      });
      runJobs(rt, jobs, 'conv2dBackwardInput()');
      out.set(arena.floats.subarray(images >> 2, (images >> 2) + count * imageSize), n0 * imageSize);
    }
  };
}

/**
 * `Kernels.conv2dBackwardWeight` on the WebAssembly backend: the output gradient's rows (all images side by side)
 * and the zero-padded images into the arena, and per group one GEMM of the rows and the im2col matrix transposed
 * (the forward's tables with their roles swapped). An empty one (zeros) goes to the TypeScript kernel.
 */
export function conv2dBackwardWeight(rt: WasmRuntime): Kernels['conv2dBackwardWeight'] {
  return (g, gradOutput, input, out) => {
    if (work(g) === 0) {
      jsKernels.conv2dBackwardWeight(g, gradOutput, input, out);
      return;
    }
    if (winogradWeightGradientApplies(g)) {
      conv2dBackwardWeightWinograd(rt, g, gradOutput, input, out);
      return;
    }
    const plan = planConv2d(g, input.strides, true, g.batch);
    const { cg, og, depth } = plan;
    const pixels = g.batch * plan.spatial;
    const arena = rt.arena;
    arena.reset();
    const [planeSize, wp] = plan.strides;
    const images = putPaddedPlanes(rt, input, [planeSize / wp, wp], g.padTop, g.padLeft, 0);
    const rows = arena.alloc(g.outChannels * pixels * 4);
    copyChannelRows(gradOutput, arena.floats, rows >> 2);
    const bRows = arena.putInts(plan.cols);
    const bCols = arena.putInts(plan.rows);
    const output = arena.alloc(out.length * 4);
    const tasks: GemmTask[] = [];
    for (let group = 0; group < g.groups; group++) {
      tasks.push({
        m: og,
        n: depth,
        k: pixels,
        a: rows + group * og * pixels * 4,
        aRowStride: pixels,
        aColStride: 1,
        b: images + group * cg * planeSize * 4,
        bRows,
        bCols,
        c: output + group * og * depth * 4,
        cRowStride: depth,
        accumulate: false,
      });
    }
    runGemmTasks(rt, tasks, 'conv2dBackwardWeight()');
    out.set(arena.floats.subarray(output >> 2, (output >> 2) + out.length));
  };
}
