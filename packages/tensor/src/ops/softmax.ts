// softmax and logSoftmax along one dim as primitives (`{ dim }`, non-negative), numerically stable, float only.
// Mirrors ATen's SoftMax.cpp (host_softmax) and its dtype check.
import { DTypeError, IndexError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { softmaxDim } from '../kernels/softmax.js';
import { defineFamily, type PrimitiveSpec } from '../primitive.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from '../validate.js';
import { empty } from './creation.js';

export interface SoftmaxParams {
  /** Non-negative; 0 for a 0-d tensor. */
  dim: number;
}

function softmaxSpec(name: string, kernel: string, log: boolean): PrimitiveSpec<SoftmaxParams> {
  return {
    shapeRule: ([x], { dim }) => {
      const { shape, dtype } = x!;
      const rank = Math.max(shape.length, 1);
      if (!Number.isInteger(dim) || dim < 0 || dim >= rank) {
        throw new IndexError(`${name}(): expected a normalised dim in [0, ${rank}), but got ${dim}`);
      }
      if (dtype !== 'float32') {
        const torchName = dtype === 'int32' ? 'Long' : 'Bool';
        throw new DTypeError(
          `${name}(): "${kernel}" not implemented for '${torchName}' (expected float32, got ${dtype})`,
        );
      }
      return [{ shape, dtype }];
    },
    impl: ([x], { dim }, [aval]) => {
      const t = x!;
      const out = empty(aval!);
      // a 0-d tensor is one lane of one element
      const shape = t.ndim === 0 ? [1] : t.shape;
      const strides = t.ndim === 0 ? [1] : t.strides;
      softmaxDim(t.storage.data, t.offset, shape, strides, dim, log, out.storage.data as Float32Array);
      return [out];
    },
  };
}

export const softmaxPrimitives = /* @__PURE__ */ defineFamily('softmax', {
  softmax: softmaxSpec('softmax', 'softmax_lastdim_kernel_impl', false),
  logSoftmax: softmaxSpec('logSoftmax', 'log_softmax_lastdim_kernel_impl', true),
});

/** exp(x) / sum(exp(x)) along `dim`, shifted by the max for stability. */
export function softmax(x: Tensor, dim: number): Tensor {
  expectTensor('softmax', 'input', x);
  return bind1(softmaxPrimitives.softmax, [x], { dim: normalizeDim(dim, x.ndim, 'softmax') });
}

/** x - log(sum(exp(x))) along `dim`, shifted by the max for stability. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  expectTensor('logSoftmax', 'input', x);
  return bind1(softmaxPrimitives.logSoftmax, [x], { dim: normalizeDim(dim, x.ndim, 'logSoftmax') });
}
