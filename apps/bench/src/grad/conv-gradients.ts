// The convolutions whose gradients the grad suite times beside the forward (ResNet layers, batch 1, NCHW as the
// kernels suite's): their cases, the seeded output gradient, and float64 references of the input and weight
// gradients (torch.nn.grad.conv2d_input / conv2d_weight) that every result is checked against.
import { Generator } from '@bn/tensor';
import { type ConvCase, convOutputSize, kernelShapes } from '../kernels/cases.js';

const conv = (
  name: string,
  inChannels: number,
  outChannels: number,
  size: number,
  kernel: number,
  stride: number,
): ConvCase => ({
  kind: 'conv',
  name,
  batch: 1,
  inChannels,
  outChannels,
  size,
  kernel,
  stride,
  padding: kernel >> 1,
  groups: 1,
});

/** conv 3x3 of layer1, the 1x1 of a Bottleneck's layer2, layer2's first (strided) 3x3 of a BasicBlock. */
const FULL_CASES: ConvCase[] = [
  conv('conv3x3 64ch 56x56', 64, 64, 56, 3, 1),
  conv('conv1x1 256ch 28x28', 256, 256, 28, 1, 1),
  conv('conv3x3s2 64->128ch 56x56', 64, 128, 56, 3, 2),
];

const QUICK_CASES: ConvCase[] = [
  conv('conv3x3 8ch 9x9', 8, 8, 9, 3, 1),
  conv('conv1x1 8ch 9x9', 8, 8, 9, 1, 1),
  conv('conv3x3s2 8->16ch 9x9', 8, 16, 9, 3, 2),
];

export const convGradientCases = (quick: boolean): ConvCase[] => (quick ? QUICK_CASES : FULL_CASES);

const GRAD_OUTPUT_SEED = 20240608;

/** A seeded uniform [-1, 1) gradient of the output [batch, outChannels, out, out]. */
export function gradOutputOf(c: ConvCase): Float32Array {
  const generator = new Generator(GRAD_OUTPUT_SEED);
  const n = kernelShapes(c).out.reduce((a, b) => a * b, 1);
  return Float32Array.from(generator.uniform(n), (u) => 2 * u - 1);
}

/**
 * Both gradients of conv2d (groups 1) at once, in float64: every product of an output gradient with a weight goes
 * to the input gradient, every product of it with an input pixel to the weight gradient.
 */
export function convGradientsReference(
  x: Float32Array,
  weight: Float32Array,
  gradOutput: Float32Array,
  c: ConvCase,
): { input: Float64Array; weight: Float64Array } {
  const { batch, inChannels, outChannels, size, kernel, stride, padding, groups } = c;
  if (groups !== 1) throw new Error(`${c.name}: the gradient reference takes groups 1 only`);
  const outSize = convOutputSize(c);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(weight.length);
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const plane = (n * outChannels + oc) * outSize;
      for (let ic = 0; ic < inChannels; ic++) {
        const image = (n * inChannels + ic) * size;
        for (let ky = 0; ky < kernel; ky++) {
          for (let kx = 0; kx < kernel; kx++) {
            const k = ((oc * inChannels + ic) * kernel + ky) * kernel + kx;
            const w = weight[k]!;
            let sum = 0;
            for (let oy = 0; oy < outSize; oy++) {
              const iy = oy * stride - padding + ky;
              if (iy < 0 || iy >= size) continue;
              for (let ox = 0; ox < outSize; ox++) {
                const ix = ox * stride - padding + kx;
                if (ix < 0 || ix >= size) continue;
                const g = gradOutput[(plane + oy) * outSize + ox]!;
                dx[(image + iy) * size + ix]! += g * w;
                sum += g * x[(image + iy) * size + ix]!;
              }
            }
            dw[k]! += sum;
          }
        }
      }
    }
  }
  return { input: dx, weight: dw };
}
