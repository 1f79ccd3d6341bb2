// conv2d on the WebAssembly backend, lowered as conv2d-plan.ts says: the images (zero-padded), the weight and
// the offset tables go into the arena, every (block of images, group) GEMM runs as one job across threads,
// and the output comes back with the bias added.
import { type Conv2dGeometry, planConv2d, writeGroupOutput } from '../plan/conv.js';
import { conv2dWinograd, winogradApplies } from './conv-winograd.js';
import { type GemmTask, runGemmTasks } from './linalg.js';
import type { WasmRuntime } from './runtime/instance.js';
import { putPaddedPlanes } from './runtime/planes.js';
import { depthwiseConv2d } from './runtime/windows.js';

/**
 * As kernels/conv2d.ts's `conv2d` (same arguments and contract, and the weight's storage version as the
 * backend's `conv2d` takes it), for a conv with some work to do; depthwise convolutions go to a window
 * kernel (window.ts), 3x3 stride-1 convolutions with many channels to Winograd (winograd.ts).
 */
export function conv2d(
  rt: WasmRuntime,
  g: Conv2dGeometry,
  input: Float32Array,
  inputOff: number,
  inputStrides: readonly [number, number, number, number],
  weight: Float32Array,
  weightOff: number,
  bias: Float32Array | null,
  biasOff: number,
  biasStride: number,
  out: Float32Array,
  weightVersion: number | null,
): void {
  if (g.groups === g.inChannels && g.outChannels === g.groups) {
    // depthwise: one input channel per output channel, a window kernel rather than 1-row GEMMs
    const x = {
      data: input,
      offset: inputOff,
      shape: [g.batch, g.inChannels, g.height, g.width] as const,
      strides: inputStrides,
    };
    const window = {
      kernelSize: [g.kernelH, g.kernelW] as const,
      stride: [g.strideH, g.strideW] as const,
      padding: [g.padTop, g.padLeft] as const,
      dilation: [g.dilationH, g.dilationW] as const,
    };
    const weights = { weight, offset: weightOff, bias, biasOffset: biasOff, biasStride };
    depthwiseConv2d(rt, x, g.outH, g.outW, window, weights, out);
    return;
  }
  if (winogradApplies(g)) {
    const weights = { data: weight, offset: weightOff, version: weightVersion };
    conv2dWinograd(rt, g, input, inputOff, inputStrides, weights, bias, biasOff, biasStride, out);
    return;
  }
  const plan = planConv2d(g, inputStrides, true);
  const { cg, og, spatial, depth, block, imageStride } = plan;
  const arena = rt.arena;
  arena.reset();
  const [planeSize, wp] = plan.strides;
  const shape = [g.batch, g.inChannels, g.height, g.width] as const;
  const images = putPaddedPlanes(
    rt,
    input,
    inputOff,
    inputStrides,
    shape,
    [planeSize / wp, wp],
    g.padTop,
    g.padLeft,
    0,
  );
  const weights = arena.putFloats(weight, weightOff, g.outChannels * depth);
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
      writeGroupOutput(g, plan, floats, at, n0, count, group, bias, biasOff, biasStride, out);
    }
  }
}
