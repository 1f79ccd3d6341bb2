import { IndexError } from '../errors.js';
import { forEachRow, type StridedArray } from '../plan/strided.js';

/**
 * For every target element (row-major over `input.shape` without `classDim`): `loss = -w[t] * input[.., t, ..]`
 * and `weightOut = w[t]` (w = 1 without `weight`), both 0 where `t === ignoreIndex`. A target outside
 * [0, C) throws PyTorch's IndexError.
 */
export function nllLossForward(
  input: StridedArray,
  shape: readonly number[],
  classDim: number,
  target: StridedArray,
  weight: StridedArray | null,
  ignoreIndex: number,
  loss: Float32Array,
  weightOut: Float32Array,
): void {
  const classes = shape[classDim]!;
  const classStride = input.strides[classDim]!;
  const notClass = (_: number, d: number) => d !== classDim;
  let o = 0;
  forEachRow(
    shape.filter(notClass),
    [input.strides.filter(notClass), target.strides],
    [input.offset, target.offset],
    (offs, n, inner) => {
      for (let j = 0; j < n; j++, o++) {
        const t = target.data[offs[1]! + j * inner[1]!]!;
        if (t === ignoreIndex) continue;
        if (t < 0 || t >= classes) throw new IndexError(`Target ${t} is out of bounds.`);
        const w = weight ? weight.data[weight.offset + t * weight.strides[0]!]! : 1;
        loss[o] = -w * input.data[offs[0]! + j * inner[0]! + t * classStride]!;
        weightOut[o] = w;
      }
    },
  );
}
