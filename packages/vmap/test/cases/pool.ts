// Property cases of the pool primitives (see test/property.ts): [N, C, H, W] and unbatched [C, H, W] inputs,
// windows with every kernel/stride/padding/dilation/ceilMode option, avgPool2d's divisors, adaptive output
// sizes that divide the input or not (larger than it too); the backwards on the same calls, with a gradOutput of
// the forward's output shape, and max pooling's backward and double backward (a source of x's shape) also over small
// integers (ties in every window).
import { getPrimitive, type Shape, type Tensor } from '@bn/tensor';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats, ints } from '../values.js';

type Pair = [number, number];

const int = (min: number, max: number) => fc.integer({ min, max });
const pair = (min: number, max: number) => fc.tuple(int(min, max), int(min, max)) as fc.Arbitrary<Pair>;

/** One pooling call: the input's shape and the primitive's params. */
interface Pooling {
  shape: number[];
  params: object;
}

/** N (null: an unbatched [C, H, W] input) and C. */
const images = fc.tuple(fc.constantFrom(null, 1, 2), int(1, 3));

const imageShape = (n: number | null, c: number, [h, w]: Pair) => [...(n === null ? [] : [n]), c, h, w];

/** A window of `kernel` taps `dilation` apart fits in an input of at least this size once padded by `pad`. */
const minSize = (kernel: number, dilation: number, pad: number) =>
  Math.max(1, dilation * (kernel - 1) + 1 - 2 * pad);

/** Padding of at most half the (dilated) window, as PyTorch requires. */
const padding = (kernel: Pair, dilation: Pair) =>
  fc.tuple(
    int(0, Math.floor(((kernel[0] - 1) * dilation[0] + 1) / 2)),
    int(0, Math.floor(((kernel[1] - 1) * dilation[1] + 1) / 2)),
  ) as fc.Arbitrary<Pair>;

const windowPooling = (withDilation: boolean, more: fc.Arbitrary<object>): fc.Arbitrary<Pooling> =>
  fc
    .tuple(pair(1, 3), withDilation ? pair(1, 2) : fc.constant<Pair>([1, 1]))
    .chain(([kernelSize, dilation]) =>
      fc.tuple(
        images,
        fc.constant(kernelSize),
        fc.constant(dilation),
        pair(1, 3),
        padding(kernelSize, dilation),
        pair(0, 2),
        fc.boolean(),
        more,
      ),
    )
    .map(([[n, c], kernelSize, dilation, stride, pad, extra, ceilMode, rest]) => {
      const size = [0, 1].map((d) => minSize(kernelSize[d]!, dilation[d]!, pad[d]!) + extra[d]!) as Pair;
      const window = { kernelSize, stride, padding: pad, ceilMode, ...rest };
      return { shape: imageShape(n, c, size), params: withDilation ? { ...window, dilation } : window };
    });

const maxPooling = windowPooling(true, fc.constant({}));
const avgPooling = windowPooling(
  false,
  fc.record({ countIncludePad: fc.boolean(), divisorOverride: fc.constantFrom(null, null, 2, 3) }),
);
const adaptivePooling = fc
  .tuple(images, pair(1, 5), pair(1, 5))
  .map(([[n, c], size, outputSize]): Pooling => ({ shape: imageShape(n, c, size), params: { outputSize } }));

type Values = (shape: Shape, seed: number) => Tensor;

/** Values in {0, 1, 2}: most windows hold several equal maxima. */
const tied: Values = (shape, seed) => ints(shape, seed, 0, 3).float();

/** The forward's case: one input per member. */
const forwardCase = ({ shape, params }: Pooling): MemberCase => ({
  params,
  member: (s) => [floats(shape, s)],
});

/** The case of `forward`'s backward: [gradOutput of the forward's output shape, x] per member. */
const backwardCase = (forward: string, { shape, params }: Pooling, values: Values = floats): MemberCase => {
  const [out] = getPrimitive(forward)!.shapeRule([{ shape, dtype: 'float32' }], params as never);
  return { params, member: (s) => [floats(out!.shape, 2 * s + 1), values(shape, 2 * s)] };
};

/** The case of max pooling's double backward: [source of x's shape, x] per member. */
const doubleBackwardCase = ({ shape, params }: Pooling, values: Values): MemberCase => ({
  params,
  member: (s) => [floats(shape, 2 * s + 1), values(shape, 2 * s)],
});

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  maxPool2d: maxPooling.map(forwardCase),
  maxPool2dBackward: fc
    .tuple(maxPooling, fc.boolean())
    .map(([pooling, ties]) => backwardCase('maxPool2d', pooling, ties ? tied : floats)),
  maxPool2dDoubleBackward: fc
    .tuple(maxPooling, fc.boolean())
    .map(([pooling, ties]) => doubleBackwardCase(pooling, ties ? tied : floats)),
  avgPool2d: avgPooling.map(forwardCase),
  avgPool2dBackward: avgPooling.map((pooling) => backwardCase('avgPool2d', pooling)),
  adaptiveAvgPool2d: adaptivePooling.map(forwardCase),
  adaptiveAvgPool2dBackward: adaptivePooling.map((pooling) => backwardCase('adaptiveAvgPool2d', pooling)),
};
