// Property cases of the conv primitives (see test/property.ts): conv2d with 1-3 groups, strides, asymmetric
// padding, dilation, bias or none, over [N, C, H, W] and unbatched [C, H, W] inputs.
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })) as fc.Arbitrary<[number, number]>;

const conv2dCase = fc
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
  .map(
    ({ n, groups, inPerGroup, outPerGroup, kernel, stride, padding, dilation, extra, bias }): MemberCase => {
      const o = groups * outPerGroup;
      const [h, w] = [0, 1].map((d) => {
        const span = dilation[d]! * (kernel[d]! - 1) + 1;
        return Math.max(1, span - padding[d]![0] - padding[d]![1]) + extra[d]!;
      });
      const xShape = [...(n === null ? [] : [n]), groups * inPerGroup, h!, w!];
      return {
        params: { stride, padding, dilation, groups },
        member: (s) => [
          floats(xShape, 3 * s),
          floats([o, inPerGroup, ...kernel], 3 * s + 1),
          bias ? floats([o], 3 * s + 2) : null,
        ],
        rtol: 1e-4,
        atol: 1e-5,
      };
    },
  );

export const cases: Record<string, fc.Arbitrary<MemberCase>> = { conv2d: conv2dCase };
