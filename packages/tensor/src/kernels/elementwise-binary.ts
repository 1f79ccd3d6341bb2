// Row kernels of the binary elementwise ops (PyTorch's BinaryOpsKernel.cpp): one function per op, so no hot loop
// calls through a shared callback; the common ones have a scalar-right-operand loop beside the strided one,
// and the arithmetic ones a flat loop over whole contiguous operands too.
import type { BinaryRow } from './elementwise.js';

/** C's `pow` where it differs from `Math.pow`: 1^y = 1 and (-1)^±inf = 1, even for nan y. */
function powf(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY))) return 1;
  return x ** y;
}

/** Integer power with int32 wrap-around; negative exponents give 0 except for bases 1 and -1 (as PyTorch). */
function ipow(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y & 1 ? -1 : 1) : 0;
  let result = 1;
  for (let base = x; y > 0; y >>>= 1, base = Math.imul(base, base))
    if (y & 1) result = Math.imul(result, base);
  return result;
}

const add: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0)
    for (let j = 0; j < n; j++) out[j] = a[j]! + b[j]!;
  else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! + y;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! + b[bi]!;
};

const sub: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0)
    for (let j = 0; j < n; j++) out[j] = a[j]! - b[j]!;
  else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! - y;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! - b[bi]!;
};

const mul: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0)
    for (let j = 0; j < n; j++) out[j] = a[j]! * b[j]!;
  else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! * y;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! * b[bi]!;
};

/** int32 product, wrapping as the machine does (a double product would lose the low bits). */
const imul: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0) {
    for (let j = 0; j < n; j++) out[j] = Math.imul(a[j]!, b[j]!);
  } else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = Math.imul(a[ai + j]!, y);
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = Math.imul(a[ai]!, b[bi]!);
};

/** bool + bool: logical or. */
const or: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0)
    for (let j = 0; j < n; j++) out[j] = a[j]! | b[j]!;
  else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! | y;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! | b[bi]!;
};

const div: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0)
    for (let j = 0; j < n; j++) out[j] = a[j]! / b[j]!;
  else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! / y;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! / b[bi]!;
};

const pow: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    if (y === 2) for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! * a[ai + j]!;
    else for (let j = 0; j < n; j++) out[oi + j] = powf(a[ai + j]!, y);
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = powf(a[ai]!, b[bi]!);
};

const intPow: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = ipow(a[ai]!, b[bi]!);
};

/** NaN-propagating maximum (Math.max lets a nan on either side win). */
const maximum: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0) {
    for (let j = 0; j < n; j++) out[j] = Math.max(a[j]!, b[j]!);
  } else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = Math.max(a[ai + j]!, y);
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = Math.max(a[ai]!, b[bi]!);
};

/** NaN-propagating minimum. */
const minimum: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 1 && oi + ai + bi === 0) {
    for (let j = 0; j < n; j++) out[j] = Math.min(a[j]!, b[j]!);
  } else if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = Math.min(a[ai + j]!, y);
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = Math.min(a[ai]!, b[bi]!);
};

const eq: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! === y ? 1 : 0;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! === b[bi]! ? 1 : 0;
};

const ne: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! !== y ? 1 : 0;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! !== b[bi]! ? 1 : 0;
};

const lt: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! < y ? 1 : 0;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! < b[bi]! ? 1 : 0;
};

const le: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! <= y ? 1 : 0;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! <= b[bi]! ? 1 : 0;
};

const gt: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! > y ? 1 : 0;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! > b[bi]! ? 1 : 0;
};

const ge: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  if (os === 1 && as === 1 && bs === 0) {
    const y = b[bi]!;
    for (let j = 0; j < n; j++) out[oi + j] = a[ai + j]! >= y ? 1 : 0;
  } else for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! >= b[bi]! ? 1 : 0;
};

/** Truth of any dtype's values (nan is true), combined into a 0/1 bool. */
const logicalAnd: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! !== 0 && b[bi]! !== 0 ? 1 : 0;
};

const logicalOr: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = a[ai]! !== 0 || b[bi]! !== 0 ? 1 : 0;
};

const logicalXor: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs)
    out[oi] = (a[ai]! !== 0) !== (b[bi]! !== 0) ? 1 : 0;
};

/** PyTorch's threshold_backward row: 0 where `b` <= threshold, else the gradient `a` (a nan in `b` passes it). */
export function thresholdBackwardRow(threshold: number): BinaryRow {
  return (n, out, oi, os, a, ai, as, b, bi, bs) => {
    for (let j = 0; j < n; j++, oi += os, ai += as, bi += bs) out[oi] = b[bi]! <= threshold ? 0 : a[ai]!;
  };
}

/** The binary row kernels by name; `imul`, `or` and `intPow` are the int32/bool versions of mul, add, pow. */
export const BINARY_ROWS = {
  add,
  sub,
  mul,
  imul,
  or,
  div,
  pow,
  intPow,
  maximum,
  minimum,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  logicalAnd,
  logicalOr,
  logicalXor,
};

export type BinaryKernel = keyof typeof BINARY_ROWS;
