// Deterministic test floats, with the special values kernels must carry through.

/** Deterministic floats in [-1, 1) (a 32-bit LCG), with nan and +-inf sprinkled when `specials`. */
export function floats(n: number, seed: number, specials = false): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
    if (specials && s % 53 === 0)
      out[i] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][s % 3]!;
  }
  return out;
}
