// Row kernels of the unary elementwise ops and dtype conversions (PyTorch's UnaryOpsKernel.cpp, Activation.cpp,
// Copy.cpp): one function per op; the cheap ones have a flat loop beside the strided one.
import type { UnaryRow } from './elementwise.js';

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INT32_MIN = -2147483648;

/**
 * erfc with a relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit), so that GELU's left
 * tail keeps its precision instead of cancelling in `1 + erf(x)`.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** Plain element copy: the typed array's store converts (float32 rounding, bool/int to float). */
const assign: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  if (os === 1 && xs === 1 && oi + xi === 0) out.set(x.subarray(0, n));
  else for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = x[xi]!;
};

/** float -> int32 as C's cast on x86: truncation, and INT32_MIN for nan and values out of range. */
const toInt: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) {
    const v = x[xi]!;
    out[oi] = v > -2147483649 && v < 2147483648 ? v : INT32_MIN;
  }
};

/** Any dtype -> bool: nonzero (nan included) is true. */
const toBool: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = x[xi]! !== 0 ? 1 : 0;
};

const logicalNot: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = x[xi]! === 0 ? 1 : 0;
};

const neg: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  if (os === 1 && xs === 1 && oi + xi === 0) for (let j = 0; j < n; j++) out[j] = -x[j]!;
  else for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = -x[xi]!;
};

const abs: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  if (os === 1 && xs === 1 && oi + xi === 0) for (let j = 0; j < n; j++) out[j] = Math.abs(x[j]!);
  else for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.abs(x[xi]!);
};

/**
 * max(x, 0) keeping nan (PyTorch's clamp_min). On float32 it works on the bits, without a data-dependent
 * branch (ReLU's inputs are negative at random, which a compare-and-branch mispredicts half the time): a clear
 * sign bit keeps the value, a set one gives +0, except for nan (exponent all ones, mantissa nonzero), which
 * stays. -0 gives +0 as Math.max(-0, 0) does.
 */
const relu: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  if (x instanceof Float32Array && out instanceof Float32Array) {
    const from = new Int32Array(x.buffer, x.byteOffset, x.length);
    const to = new Int32Array(out.buffer, out.byteOffset, out.length);
    for (let j = 0; j < n; j++, oi += os, xi += xs) {
      const bits = from[xi]!;
      to[oi] = (bits & 0x7fffffff) > 0x7f800000 ? bits : bits & ~(bits >> 31);
    }
    return;
  }
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.max(x[xi]!, 0);
};

/** -1, 0 or 1; nan gives 0 as in PyTorch. */
const sign: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) {
    const v = x[xi]!;
    out[oi] = v > 0 ? 1 : v < 0 ? -1 : 0;
  }
};

const exp: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.exp(x[xi]!);
};

const log: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.log(x[xi]!);
};

const sqrt: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.sqrt(x[xi]!);
};

const rsqrt: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = 1 / Math.sqrt(x[xi]!);
};

const sigmoid: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = 1 / (1 + Math.exp(-x[xi]!));
};

const tanh: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.tanh(x[xi]!);
};

/** x * sigmoid(x). */
const silu: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) {
    const v = x[xi]!;
    out[oi] = v / (1 + Math.exp(-v));
  }
};

/**
 * The error function: a Maclaurin series near 0 (where 1 - erfc(x) would cancel), 1 - erfc(x) elsewhere; relative
 * error below 2e-7.
 */
const erf: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) {
    const v = x[xi]!;
    if (Math.abs(v) >= 0.5) {
      out[oi] = v > 0 ? 1 - erfc(v) : erfc(-v) - 1;
      continue;
    }
    // 2/sqrt(pi) * sum_k (-1)^k v^(2k+1) / (k! (2k+1)), eight terms: |v|^17/(8! 17) < 1e-10
    const v2 = v * v;
    let term = v;
    let sum = v;
    for (let k = 1; k < 8; k++) {
      term *= -v2 / k;
      sum += term / (2 * k + 1);
    }
    out[oi] = sum * (2 / Math.sqrt(Math.PI));
  }
};

/** Exact GELU: x * Phi(x) = x/2 * erfc(-x/sqrt(2)). */
const gelu: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) {
    const v = x[xi]!;
    out[oi] = 0.5 * v * erfc(-v * SQRT1_2);
  }
};

/** GELU's tanh approximation: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
const geluTanh: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  for (let j = 0; j < n; j++, oi += os, xi += xs) {
    const v = x[xi]!;
    out[oi] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
  }
};

/** The unary row kernels by name. `assign`, `toInt` and `toBool` convert dtypes (`assign` into float32 or from bool). */
export const UNARY_ROWS = {
  assign,
  toInt,
  toBool,
  logicalNot,
  neg,
  abs,
  relu,
  sign,
  exp,
  log,
  sqrt,
  rsqrt,
  sigmoid,
  tanh,
  silu,
  erf,
  gelu,
  geluTanh,
};

export type UnaryKernel = keyof typeof UNARY_ROWS;

/**
 * A row kernel for clamp(x, lo, hi) = min(max(x, lo), hi): nan in x stays nan, lo > hi gives hi, and a nan
 * bound gives nan everywhere (PyTorch's clamp with both bounds).
 */
export function clampRow(lo: number, hi: number): UnaryRow {
  return (n, out, oi, os, x, xi, xs) => {
    for (let j = 0; j < n; j++, oi += os, xi += xs) out[oi] = Math.min(Math.max(x[xi]!, lo), hi);
  };
}
