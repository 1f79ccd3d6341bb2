// `Kernels.affineByGroup` on the WebAssembly backend for BatchNorm's per-channel normalisation: y = x * scale[c] +
// shift[c] over the [N, C, S] planes of a contiguous input, in float64 arithmetic as the TypeScript kernel (equal
// results), planes split across threads. Other groupings (group and layer norm, strided data) run the TypeScript
// kernel.
import type { GroupedOutput, GroupedView, Kernels } from '../kernel-interface.js';
import { jsKernels } from '../kernels/index.js';
import { isContiguousLayout } from '../shape.js';
import { AFFINE_FIELDS } from './emit/norm.js';
import type { WasmRuntime } from './runtime/instance.js';
import { rangeJobs, runJobs, threadsFor } from './runtime/parallel.js';
import { KERNELS } from './runtime/thread-pool.js';

const AFFINE_PLANES = KERNELS.indexOf('affine_planes');

/** out[n, c, s] = x[xOff + (n * C + c) * size + s] * scale[c] + shift[c], for `planes` = N * C planes. */
function affinePlanes(
  rt: WasmRuntime,
  x: Float32Array,
  xOff: number,
  planes: number,
  size: number,
  scale: Float64Array,
  shift: Float64Array,
  out: Float32Array,
): void {
  const arena = rt.arena;
  arena.reset();
  const src = arena.putFloats(x, xOff, planes * size);
  const channels = scale.length;
  const factors = arena.alloc(16 * channels);
  const doubles = new Float64Array(arena.floats.buffer, factors, 2 * channels);
  doubles.set(scale);
  doubles.set(shift, channels);
  const record: Record<(typeof AFFINE_FIELDS)[number], number> = {
    src,
    dst: arena.alloc(planes * size * 4),
    size,
    scale: factors,
    shift: factors + 8 * channels,
    channels,
  };
  const descriptor = arena.putFields(AFFINE_FIELDS, record);
  runJobs(rt, rangeJobs(AFFINE_PLANES, descriptor, planes, threadsFor(rt, planes * size)), 'batchNorm()');
  out.set(arena.floats.subarray(record.dst >> 2, (record.dst >> 2) + planes * size));
}

/**
 * `Kernels.affineByGroup` on runtime `rt`: contiguous per-channel planes without weight and bias here, the rest in
 * TypeScript.
 */
export function affineByGroup(rt: WasmRuntime): Kernels['affineByGroup'] {
  return (x, out, scale, shift, weight, bias) => {
    const planes = !weight && !bias && x.data instanceof Float32Array ? channelPlanes(x, out) : null;
    if (!planes) return jsKernels.affineByGroup(x, out, scale, shift, weight, bias);
    affinePlanes(rt, x.data as Float32Array, x.offset, planes.count, planes.size, scale, shift, out.data);
  };
}

/** The [N, C, S] planes of a per-channel grouping when input and output are both contiguous, else null. */
function channelPlanes(x: GroupedView, out: GroupedOutput): { count: number; size: number } | null {
  if (x.outerShape.length !== 1 || out.offset !== 0) return null;
  const [batch, ...rest] = x.innerShape;
  const shape = [batch!, x.outerShape[0]!, ...rest];
  const xStrides = [x.innerStrides[0]!, x.outerStrides[0]!, ...x.innerStrides.slice(1)];
  const outStrides = [out.innerStrides[0]!, out.outerStrides[0]!, ...out.innerStrides.slice(1)];
  if (!isContiguousLayout(shape, xStrides) || !isContiguousLayout(shape, outStrides)) return null;
  const size = rest.reduce((a, b) => a * b, 1);
  return { count: batch! * x.outerShape[0]!, size };
}
