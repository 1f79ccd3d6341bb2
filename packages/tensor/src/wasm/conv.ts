// conv2d on the WebAssembly backend, lowered as plan/conv.ts says: the images (zero-padded), the weight and
// the offset tables go into the arena, every (block of images, group) GEMM runs as one job across threads,
// and the output comes back with the bias added.
import type { Kernels } from '../kernel-interface.js';
import { jsKernels } from '../kernels/index.js';
import { planConv2d, writeGroupOutput } from '../plan/conv.js';
import { conv2dWinograd, winogradApplies } from './conv-winograd.js';
import { type GemmTask, runGemmTasks } from './linalg.js';
import type { WasmRuntime } from './runtime/instance.js';
import { putPaddedPlanes } from './runtime/planes.js';
import { runWindows } from './runtime/windows.js';

/**
 * `Kernels.conv2d` on the WebAssembly backend: depthwise convolutions go to a window kernel, 3x3 stride-1
 * convolutions with many channels to Winograd (conv-winograd.ts), an empty one (the bias alone) to the TypeScript
 * kernel.
 */
export function conv2d(rt: WasmRuntime): Kernels['conv2d'] {
  return (g, input, weight, bias, out) => {
    const work =
      g.batch * g.outChannels * g.outH * g.outW * (g.inChannels / g.groups) * g.kernelH * g.kernelW;
    if (work === 0) {
      jsKernels.conv2d(g, input, weight, bias, out);
      return;
    }
    if (g.groups === g.inChannels && g.outChannels === g.groups) {
      // depthwise: one input channel per output channel, a window kernel rather than 1-row GEMMs
      const window = {
        kernelSize: [g.kernelH, g.kernelW] as const,
        stride: [g.strideH, g.strideW] as const,
        padding: [g.padTop, g.padLeft] as const,
        dilation: [g.dilationH, g.dilationW] as const,
      };
      runWindows(rt, 'depthwise_conv', input, g.outH, g.outW, window, { weight, bias }, out);
      return;
    }
    if (winogradApplies(g)) {
      conv2dWinograd(rt, g, input, weight, bias, out);
      return;
    }
    const plan = planConv2d(g, input.strides, true);
    const { cg, og, spatial, depth, block, imageStride } = plan;
    const arena = rt.arena;
    arena.reset();
    const [planeSize, wp] = plan.strides;
    const images = putPaddedPlanes(rt, input, [planeSize / wp, wp], g.padTop, g.padLeft, 0);
    const weights = arena.putFloats(weight.data, weight.offset, g.outChannels * depth);
    const bRows = arena.putInts(plan.rows);
    const bCols = arena.putInts(plan.cols);
    const output = arena.alloc(out.length * 4);
    // the output of images [n0, n0 + count) and one group: [og, count x spatial], blocks and groups in order
    const regionOf = (n0: number, count: number, group: number) =>
      (n0 * g.outChannels + group * og * count) * spatial;
    const tasks: GemmTask[] = [];
    for (let n0 = 0; n0 < g.batch; n0 += block) {
      const count = Math.min(block, g.batch - n0);
      for (let group = 0; group < g.groups; group++) {
        tasks.push({
          m: og,
          n: count * spatial,
          k: depth,
          a: weights + group * og * depth * 4,
          aRowStride: depth,
          aColStride: 1,
          b: images + (n0 * imageStride + group * cg * plan.strides[0]) * 4,
          bRows,
          bCols,
          c: output + regionOf(n0, count, group) * 4,
          cRowStride: count * spatial,
          accumulate: false,
        });
      }
    }
    runGemmTasks(rt, tasks, 'conv2d');
    const floats = arena.floats;
    if (block === 1 && !bias) {
      // one image per GEMM: the regions are already NCHW
      out.set(floats.subarray(output >> 2, (output >> 2) + out.length));
      return;
    }
    for (let n0 = 0; n0 < g.batch; n0 += block) {
      const count = Math.min(block, g.batch - n0);
      for (let group = 0; group < g.groups; group++) {
        const at = (output >> 2) + regionOf(n0, count, group);
        writeGroupOutput(g, plan, floats, at, n0, count, group, bias, out);
      }
    }
  };
}
