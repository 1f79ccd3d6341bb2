// Property cases of the conv primitives (see test/property.ts): conv2d and its input and weight gradients with 1-3
// groups, strides, asymmetric padding, dilation, bias or none, over [N, C, H, W] and unbatched [C, H, W] inputs,
// input sizes whose last rows and columns no window reads included.
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })) as fc.Arbitrary<[number, number]>;

/** A conv2d's params and the shapes of its input, weight and output. */
const geometry = fc
  .record({
    n: fc.constantFrom(null, 1, 2), // null: an unbatched [C, H, W] input
    groups: fc.integer({ min: 1, max: 3 }),
    inPerGroup: fc.integer({ min: 1, max: 2 }),
    outPerGroup: fc.integer({ min: 1, max: 2 }),
    kernel: pair(1, 3),
    stride: pair(1, 2),
    padding: fc.tuple(pair(0, 2), pair(0, 2)),
    dilation: pair(1, 2),
    extra: pair(0, 2), // input size beyond the smallest the kernel fits in
    bias: fc.boolean(),
  })
  .map(({ n, groups, inPerGroup, outPerGroup, kernel, stride, padding, dilation, extra, bias }) => {
    const o = groups * outPerGroup;
    const [[h, oh], [w, ow]] = [0, 1].map((d) => {
      const span = dilation[d]! * (kernel[d]! - 1) + 1;
      const size = Math.max(1, span - padding[d]![0] - padding[d]![1]) + extra[d]!;
      return [size, Math.floor((size + padding[d]![0] + padding[d]![1] - span) / stride[d]!) + 1];
    }) as [[number, number], [number, number]];
    const batch = n === null ? [] : [n];
    return {
      params: { stride, padding, dilation, groups },
      x: [...batch, groups * inPerGroup, h, w],
      weight: [o, inPerGroup, ...kernel],
      output: [...batch, o, oh, ow],
      bias,
    };
  });

const tolerances = { rtol: 1e-4, atol: 1e-5 };

const conv2dCase = geometry.map(
  ({ params, x, weight, bias }): MemberCase => ({
    params,
    member: (s) => [
      floats(x, 3 * s),
      floats(weight, 3 * s + 1),
      bias ? floats([weight[0]!], 3 * s + 2) : null,
    ],
    ...tolerances,
  }),
);

const conv2dBackwardInputCase = geometry.map(
  ({ params, x, weight, output }): MemberCase => ({
    params: { ...params, inputSize: x.slice(-2) },
    member: (s) => [floats(output, 2 * s), floats(weight, 2 * s + 1)],
    ...tolerances,
  }),
);

const conv2dBackwardWeightCase = geometry.map(
  ({ params, x, weight, output }): MemberCase => ({
    params: { ...params, kernelSize: weight.slice(2) },
    member: (s) => [floats(output, 2 * s), floats(x, 2 * s + 1)],
    ...tolerances,
  }),
);

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  conv2d: conv2dCase,
  conv2dBackwardInput: conv2dBackwardInputCase,
  conv2dBackwardWeight: conv2dBackwardWeightCase,
};
