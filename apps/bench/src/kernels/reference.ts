// The oracle of the kernels suite: GEMM, conv2d and add as plain float64 loops over the float32 inputs, written for
// obviousness (every implementation is cross-checked against them), not speed.
import { type ConvCase, convOutputSize, type KernelCase, type KernelInputs } from './cases.js';

/** c = a @ b for row-major [n, n] matrices, accumulated in float64. */
export function gemmReference(a: Float32Array, b: Float32Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += aik * b[k * n + j]!;
    }
  }
  return c;
}

/** torch's conv2d (cross-correlation, zero padding, groups) of x [batch, Cin, H, W] and weight, in float64. */
export function conv2dReference(x: Float32Array, weight: Float32Array, c: ConvCase): Float64Array {
  const { batch, inChannels, outChannels, size, kernel, stride, padding, groups } = c;
  const outSize = convOutputSize(c);
  const groupIn = inChannels / groups;
  const groupOut = outChannels / groups;
  const out = new Float64Array(batch * outChannels * outSize * outSize);
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const firstIn = n * inChannels + Math.floor(oc / groupOut) * groupIn;
      const plane = (n * outChannels + oc) * outSize;
      for (let ic = 0; ic < groupIn; ic++) {
        for (let ky = 0; ky < kernel; ky++) {
          for (let kx = 0; kx < kernel; kx++) {
            const w = weight[((oc * groupIn + ic) * kernel + ky) * kernel + kx]!;
            for (let oy = 0; oy < outSize; oy++) {
              const iy = oy * stride - padding + ky;
              if (iy < 0 || iy >= size) continue;
              for (let ox = 0; ox < outSize; ox++) {
                const ix = ox * stride - padding + kx;
                if (ix < 0 || ix >= size) continue;
                out[(plane + oy) * outSize + ox]! += w * x[((firstIn + ic) * size + iy) * size + ix]!;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** The exact-as-float64 output of `c` on `inputs`. */
export function kernelReference(c: KernelCase, { lhs, rhs }: KernelInputs): Float64Array {
  switch (c.kind) {
    case 'gemm':
      return gemmReference(lhs, rhs, c.n);
    case 'conv':
      return conv2dReference(lhs, rhs, c);
    case 'add':
      return Float64Array.from(lhs, (a, i) => a + rhs[i]!);
  }
}
