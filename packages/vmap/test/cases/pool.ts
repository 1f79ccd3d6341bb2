// Property cases of the pool primitives (see test/property.ts): [N, C, H, W] and unbatched [C, H, W] inputs,
// windows with every kernel/stride/padding/dilation/ceilMode option, avgPool2d's divisors, adaptive output
// sizes that divide the input or not (larger than it too).
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

type Pair = [number, number];

const int = (min: number, max: number) => fc.integer({ min, max });
const pair = (min: number, max: number) => fc.tuple(int(min, max), int(min, max)) as fc.Arbitrary<Pair>;

/** N (null: an unbatched [C, H, W] input) and C. */
const images = fc.tuple(fc.constantFrom(null, 1, 2), int(1, 3));

/** One input of `[h, w]` pixels per member. */
const pooled = (n: number | null, c: number, [h, w]: Pair, params: object): MemberCase => ({
  params,
  member: (s) => [floats([...(n === null ? [] : [n]), c, h, w], s)],
});

/** A window of `kernel` taps `dilation` apart fits in an input of at least this size once padded by `pad`. */
const minSize = (kernel: number, dilation: number, pad: number) =>
  Math.max(1, dilation * (kernel - 1) + 1 - 2 * pad);

/** Padding of at most half the (dilated) window, as PyTorch requires. */
const padding = (kernel: Pair, dilation: Pair) =>
  fc.tuple(
    int(0, Math.floor(((kernel[0] - 1) * dilation[0] + 1) / 2)),
    int(0, Math.floor(((kernel[1] - 1) * dilation[1] + 1) / 2)),
  ) as fc.Arbitrary<Pair>;

const windowCase = (withDilation: boolean, more: fc.Arbitrary<object>) =>
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
      return pooled(n, c, size, withDilation ? { ...window, dilation } : window);
    });

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  maxPool2d: windowCase(true, fc.constant({})),
  avgPool2d: windowCase(
    false,
    fc.record({ countIncludePad: fc.boolean(), divisorOverride: fc.constantFrom(null, null, 2, 3) }),
  ),
  adaptiveAvgPool2d: fc
    .tuple(images, pair(1, 5), pair(1, 5))
    .map(([[n, c], size, outputSize]) => pooled(n, c, size, { outputSize })),
};
