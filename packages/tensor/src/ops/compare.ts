// Closeness tests, composed of elementwise ops (torch.isclose / torch.allclose): no primitive of their own,
// so every transform sees the ops they are made of.
import { DTypeError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from '../validate.js';
import { abs, add, eq, le, logicalAnd, logicalOr, lt, mul, ne, sub } from './elementwise.js';

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** Whether two nans count as close. */
  equalNan?: boolean;
}

/**
 * Elementwise `|a - b| <= atol + |rtol * b|` (bool), as torch.isclose: equal values (infinities included) are
 * close, a finite value is never close to an infinity, nan is close to nan only with `equalNan`.
 */
export function isclose(
  a: Tensor,
  b: Tensor,
  { rtol = 1e-5, atol = 1e-8, equalNan = false }: CloseOptions = {},
): Tensor {
  expectTensor('isclose', 'input', a);
  expectTensor('isclose', 'other', b);
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `isclose(): expected a ${formatShape(a.shape)} and b ${formatShape(b.shape)} to have the same dtype, ` +
        `but got ${a.dtype} and ${b.dtype}`,
    );
  }
  let close = eq(a, b);
  if (a.dtype === 'bool') return close;
  if (equalNan) close = logicalOr(close, logicalAnd(ne(a, a), ne(b, b)));
  const error = abs(sub(a, b));
  const allowed = add(abs(mul(b, rtol)), atol);
  return logicalOr(close, logicalAnd(lt(error, Number.POSITIVE_INFINITY), le(error, allowed)));
}

/** Whether every element of `a` is close to the one of `b` it broadcasts with (torch.allclose). */
export function allclose(a: Tensor, b: Tensor, options: CloseOptions = {}): boolean {
  return isclose(a, b, options).all().item() === 1;
}
