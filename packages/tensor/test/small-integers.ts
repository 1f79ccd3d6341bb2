// Deterministic small integers for kernel tests: sums of their products stay exact in float32, so two
// kernels that compute the same thing in any order must agree exactly.

/** `n` integers in [-bound, bound] from a 32-bit LCG seeded with `seed`. */
export function smallIntegers(n: number, seed: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s >>> 24) % (2 * bound + 1)) - bound;
  }
  return out;
}
