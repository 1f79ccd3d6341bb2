// Softmax and log-softmax along one dim of a strided array, max-shifted and accumulated in float64
// (ATen's SoftMax.cpp host_softmax: max, then exp(x - max) and its sum, then divide or subtract the log).
import type { TypedArray } from '../dtype.js';
import { forEachRow } from '../plan/strided.js';
import { contiguousStrides } from '../shape.js';

/**
 * Writes softmax (or log-softmax with `log`) of `src` (`shape`, `strides`, `offset`) along `dim` into the
 * contiguous `out` of the same shape. Inf and nan spread as in PyTorch: a lane with +inf, or with only -inf, or
 * with a nan, is all nan (inf - inf).
 */
export function softmaxDim(
  src: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  dim: number,
  log: boolean,
  out: Float32Array,
): void {
  const n = shape[dim]!;
  if (n === 0) return;
  const outStrides = contiguousStrides(shape);
  const inStride = strides[dim]!;
  const outStride = outStrides[dim]!;
  // every lane along `dim` starts at one position of the other dims
  const notDim = (_: number, d: number) => d !== dim;
  const laneShape = shape.filter(notDim);
  forEachRow(
    laneShape,
    [strides.filter(notDim), outStrides.filter(notDim)],
    [offset, 0],
    (offs, rows, inner) => {
      for (let r = 0; r < rows; r++) {
        const i0 = offs[0]! + r * inner[0]!;
        const o0 = offs[1]! + r * inner[1]!;
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0, i = i0; k < n; k++, i += inStride) if (src[i]! > max) max = src[i]!;
        let sum = 0;
        for (let k = 0, i = i0; k < n; k++, i += inStride) sum += Math.exp(src[i]! - max);
        if (log) {
          const shift = max + Math.log(sum);
          for (let k = 0, i = i0, o = o0; k < n; k++, i += inStride, o += outStride) out[o] = src[i]! - shift;
        } else {
          for (let k = 0, i = i0, o = o0; k < n; k++, i += inStride, o += outStride) {
            out[o] = Math.exp(src[i]! - max) / sum;
          }
        }
      }
    },
  );
}
