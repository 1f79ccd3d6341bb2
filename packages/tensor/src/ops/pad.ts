// F.pad: constant, reflect, replicate and circular padding (negative padding crops) as one primitive, with PyTorch
// 1.13's rules per mode. Mirrors ATen's PadNd and the reflection/replication pad kernels' index formulas.

import type { DType } from '../dtype.js';
import { expectDType } from '../dtype.js';
import { ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { gatherIx } from '../kernels/indexing.js';
import { type PadMode, padIndexMap } from '../kernels/pad.js';
import { defineFamily, type PrimitiveSpec } from '../primitive.js';
import { formatShape, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectIntegers, expectTensor } from '../validate.js';
import { empty } from './creation.js';

export type { PadMode } from '../kernels/pad.js';

export interface PadParams {
  /** F.pad's list: (before, after) pairs from the last dim backwards; negative values crop. */
  pad: number[];
  mode: PadMode;
  value: number;
}

export interface PadOptions {
  mode?: PadMode;
  /** Fill value of `'constant'` mode. */
  value?: number;
}

const PAD_MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/** Validates F.pad's arguments (PyTorch 1.13's rules per mode) and returns the output shape. */
function padShape(shape: Shape, dtype: DType, { pad, mode, value }: PadParams): number[] {
  if (!PAD_MODES.includes(mode)) throw new ValueError(`pad(): Unrecognised padding mode ${String(mode)}`);
  if (!pad.every(Number.isInteger))
    throw new ValueError(`pad(): expected integer padding, but got ${formatShape(pad)}`);
  if (pad.length % 2 !== 0) {
    throw new ValueError(`pad(): Padding length must be divisible by 2, but got ${pad.length} values`);
  }
  const ndim = shape.length;
  const k = pad.length / 2;
  if (k > ndim) {
    throw new ValueError(`pad(): Padding length too large: ${pad.length} values for a ${ndim}-D input`);
  }
  if (mode !== 'constant') {
    if (value !== 0) throw new ValueError(`pad(): Padding mode "${mode}" doesn't take in value argument`);
    const batched = mode === 'circular' ? ndim === k + 2 : ndim === k + 1 || ndim === k + 2;
    if (k < 1 || k > 3 || !batched) {
      throw new ValueError(
        `pad(): mode '${mode}' pads the last 1, 2 or 3 dims of a tensor with ` +
          `${mode === 'circular' ? 'two leading dims (N, C)' : 'one or two leading dims ((N,) C)'}, but got ` +
          `${pad.length} padding values for input of shape ${formatShape(shape)}`,
      );
    }
    if (mode !== 'circular') {
      expectDType('pad', `input (mode '${mode}')`, dtype, ['float32']);
      // every dim but the batch dim must be non-empty
      const firstChecked = ndim === k + 2 ? 1 : 0;
      if (shape.slice(firstChecked).some((s) => s === 0)) {
        throw new ShapeError(
          `pad(): mode '${mode}' expects non-empty dims apart from the batch dim, but got input of shape ${formatShape(shape)}`,
        );
      }
    }
  }
  const out = [...shape];
  for (let i = 0; i < k; i++) {
    const d = ndim - 1 - i;
    const size = shape[d]!;
    const before = pad[2 * i]!;
    const after = pad[2 * i + 1]!;
    const n = size + before + after;
    if (mode === 'reflect' && (before >= size || after >= size)) {
      throw new ShapeError(
        `pad(): Padding size should be less than the corresponding input dimension, but got: padding ` +
          `(${before}, ${after}) at dimension ${d} of input ${formatShape(shape)}`,
      );
    }
    if (mode === 'circular') {
      const kept = size - Math.max(-before, 0) - Math.max(-after, 0);
      if (before > kept || after > kept) {
        throw new ShapeError(
          `pad(): Padding value causes wrapping around more than once: padding (${before}, ${after}) at dimension ` +
            `${d} of input ${formatShape(shape)}`,
        );
      }
    }
    if (n < 0 || ((mode === 'reflect' || mode === 'replicate') && n < 1)) {
      throw new ShapeError(
        `pad(): The input size ${size}, plus negative padding ${before} and ${after} resulted in an invalid ` +
          `output size ${n}. Check dimension ${d} of your input.`,
      );
    }
    out[d] = n;
  }
  return out;
}

/** F.pad as one primitive: every mode reads the input through one index map per dim. */
export const padPrimitives = /* @__PURE__ */ defineFamily('pad', {
  pad: {
    shapeRule: ([x], params) => [{ shape: padShape(x!.shape, x!.dtype, params), dtype: x!.dtype }],
    impl: ([x], { pad, mode, value }, [aval]) => {
      const ndim = x!.ndim;
      const maps = x!.shape.map((size, d) => {
        const i = ndim - 1 - d;
        return 2 * i < pad.length
          ? padIndexMap(mode, size, pad[2 * i]!, pad[2 * i + 1]!)
          : Int32Array.from({ length: size }, (_, j) => j);
      });
      const out = empty(aval!);
      const fill = x!.dtype === 'bool' ? Number(value !== 0) : value;
      gatherIx(x!.storage.data, x!.offset, x!.strides, maps, out.storage.data, fill);
      return [out];
    },
  } satisfies PrimitiveSpec<PadParams>,
});

/** F.pad: `pad` lists (before, after) pairs from the last dim backwards; negative values crop. */
export function pad(
  x: Tensor,
  pad: readonly number[],
  { mode = 'constant', value = 0 }: PadOptions = {},
): Tensor {
  expectTensor('pad', 'input', x);
  expectIntegers('pad', 'pad', pad);
  return bind1(padPrimitives.pad, [x], { pad: [...pad], mode, value });
}
