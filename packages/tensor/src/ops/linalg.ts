// Matrix products: the `matmul` primitive (torch.matmul: dot, mv, mm, batched with broadcast batch dims) on the
// strided GEMM kernel, and `linear` (torch.nn.functional.linear) composed from matmul and add.

import { kernels } from '../backend.js';
import { DTypeError, ShapeError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { coalesce, forEachRow } from '../plan/strided.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  formatShape,
  numelOf,
  type Shape,
  sameShape,
} from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectOptionalTensor, expectTensor } from '../validate.js';
import { empty } from './creation.js';
import { add } from './elementwise.js';
import { t } from './views.js';

type NoParams = Record<string, never>;

/** torch.matmul's shapes: a 1-D operand is a row (left) or a column (right) vector, dropped from the result. */
function matmulShape(a: Shape, b: Shape): number[] {
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(
      `matmul(): both arguments to matmul need to be at least 1D, but they are ${a.length}D and ${b.length}D`,
    );
  }
  const k = a[a.length - 1]!;
  const kb = b[b.length === 1 ? 0 : b.length - 2]!;
  if (k !== kb) {
    if (a.length === 1 && b.length === 1) {
      throw new ShapeError(
        `matmul(): inconsistent tensor size, expected tensor [${k}] and src [${kb}] to have the same number of ` +
          `elements, but got ${k} and ${kb} elements respectively`,
      );
    }
    if (b.length === 1) {
      const rows = numelOf(a) / k;
      throw new ShapeError(
        `matmul(): size mismatch, got ${rows}, ${rows}x${k},${kb}: the vector of shape ${formatShape(b)} must have ` +
          `as many elements as the last dim of ${formatShape(a)}`,
      );
    }
    const m = a.length === 1 ? 1 : a[a.length - 2]!;
    throw new ShapeError(
      `matmul(): mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${kb}x${b[b.length - 1]}) ` +
        `for operands of shapes ${formatShape(a)} and ${formatShape(b)}`,
    );
  }
  const batch = broadcastShapes('matmul', a.slice(0, -2), b.slice(0, -2));
  return [...batch, ...(a.length > 1 ? [a[a.length - 2]!] : []), ...(b.length > 1 ? [b[b.length - 1]!] : [])];
}

function matmulRule([a, b]: readonly (Aval | null)[]): Aval[] {
  if (a!.dtype !== b!.dtype) {
    throw new DTypeError(
      `matmul(): expected both operands to have the same dtype, but got ${a!.dtype} and ${b!.dtype}`,
    );
  }
  if (a!.dtype !== 'float32') {
    throw new DTypeError(
      `matmul(): expected float32 operands, but got ${a!.dtype} (integer and bool products are not supported; ` +
        'convert with .float())',
    );
  }
  return [{ shape: matmulShape(a!.shape, b!.shape), dtype: 'float32' }];
}

/** One GEMM per broadcast batch index, reading both operands through their strides (no copies). */
function matmulImpl([a, b]: readonly (Tensor | null)[], _: NoParams, [aval]: readonly Aval[]): Tensor[] {
  const A = a!;
  const B = b!;
  const ra = A.ndim;
  const rb = B.ndim;
  const m = ra === 1 ? 1 : A.shape[ra - 2]!;
  const k = A.shape[ra - 1]!;
  const n = rb === 1 ? 1 : B.shape[rb - 1]!;
  const aRowStride = ra === 1 ? 0 : A.strides[ra - 2]!;
  const aColStride = A.strides[ra - 1]!;
  const bRowStride = B.strides[rb === 1 ? 0 : rb - 2]!;
  const bColStride = rb === 1 ? 0 : B.strides[rb - 1]!;
  const aBatch = A.shape.slice(0, -2);
  const bBatch = B.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', aBatch, bBatch);
  const aBatchStrides = broadcastStrides(aBatch, A.strides.slice(0, -2), batch);
  const bBatchStrides = broadcastStrides(bBatch, B.strides.slice(0, -2), batch);
  const result = empty(aval!);
  const out = result.storage.data as Float32Array;
  const aData = A.storage.data as Float32Array;
  const bData = B.storage.data as Float32Array;
  // rows of C from A at aAt (rows aRs apart) times B at bAt, into `out` at cAt
  const { gemm } = kernels();
  const product = (rows: number, aAt: number, aRs: number, bAt: number, cAt: number) =>
    gemm(
      rows,
      n,
      k,
      { data: aData, offset: aAt, rowStride: aRs, colStride: aColStride },
      { data: bData, offset: bAt, rowStride: bRowStride, colStride: bColStride },
      { data: out, offset: cAt, rowStride: n },
      false,
    );
  // B shared by every batch entry and A's batch and row dims in one stride: a single GEMM over all rows
  const rows = coalesce([...batch, m], [[...aBatchStrides, aRowStride]]);
  if (bBatchStrides.every((s) => s === 0) && rows.shape.length === 1) {
    product(rows.shape[0]!, A.offset, rows.strides[0]![0]!, B.offset, 0);
  } else {
    const outBatchStrides = contiguousStrides(batch).map((s) => s * m * n);
    const starts = [A.offset, B.offset, 0];
    forEachRow(batch, [aBatchStrides, bBatchStrides, outBatchStrides], starts, (offs, len, inner) => {
      for (let i = 0; i < len; i++) {
        product(m, offs[0]! + i * inner[0]!, aRowStride, offs[1]! + i * inner[1]!, offs[2]! + i * inner[2]!);
      }
    });
  }
  return [result];
}

/** matmul: inputs [a, b], no params; float32 only. */
export const linalgPrimitives = /* @__PURE__ */ defineFamily('linalg', {
  matmul: { shapeRule: matmulRule, impl: matmulImpl } satisfies PrimitiveSpec<NoParams>,
});

/**
 * The matrix product of `a` and `b` with torch.matmul's rules: 1-D x 1-D is a dot product (0-d result), a 1-D
 * operand is a row vector on the left and a column vector on the right (its dim dropped from the result), and
 * dims before the last two are batch dims that broadcast. float32 only (integer matmul throws a DTypeError).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor('matmul', 'input', a);
  expectTensor('matmul', 'other', b);
  return bind1(linalgPrimitives.matmul, [a, b], {});
}

/**
 * `x @ weight^T + bias` (torch.nn.functional.linear): `x` [..., in_features], `weight` [out_features,
 * in_features] (or [in_features], dropping the last dim), `bias` broadcastable to the output.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  expectTensor('linear', 'input', x);
  expectTensor('linear', 'weight', weight);
  expectOptionalTensor('linear', 'bias', bias);
  if (weight.ndim < 1 || weight.ndim > 2) {
    throw new ShapeError(
      `linear(): expected weight to be 1-D or 2-D [out_features, in_features], but got shape ${formatShape(weight.shape)}`,
    );
  }
  const inFeatures = weight.shape[weight.ndim - 1]!;
  if (x.ndim >= 1 && x.shape[x.ndim - 1] !== inFeatures) {
    throw new ShapeError(
      `linear(): mat1 and mat2 shapes cannot be multiplied: input of shape ${formatShape(x.shape)} has ` +
        `${x.shape[x.ndim - 1]} features in its last dim, weight of shape ${formatShape(weight.shape)} expects ${inFeatures}`,
    );
  }
  const y = matmul(x, t(weight));
  if (bias === null) return y;
  if (!sameShape(broadcastShapes('linear', y.shape, bias.shape), y.shape)) {
    throw new ShapeError(
      `linear(): expected bias of shape ${formatShape(bias.shape)} to broadcast to the output shape ${formatShape(y.shape)}`,
    );
  }
  return add(y, bias);
}
