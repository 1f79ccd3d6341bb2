// Gradient-check cases of the in-place primitives: each writes a fresh product of the differentiated target, so
// the check covers the rebinding of the target to the write's node.
import { mul, type Tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { awayFromZero, floats, positives } from '../values.js';

/** Runs the in-place primitive on `target * 1` (a tracked tensor of its own) and returns the written target. */
const onCopy: GradCase['call'] = (run, [target, ...rest]) => {
  const written = mul(target!, 1);
  run([written, ...rest]);
  return [written];
};

const inplace = (
  target: (s: number) => Tensor,
  other: ((s: number) => Tensor) | null,
  params: unknown = {},
): GradCase => ({
  params,
  inputs: (s) => (other ? [target(s), other(s + 50)] : [target(s)]),
  wrt: other ? [0, 1] : [0],
  call: onCopy,
});

export const cases: Record<string, GradCase> = {
  add_: inplace(
    (s) => floats([2, 3], s),
    (s) => floats([3], s),
  ),
  sub_: inplace(
    (s) => floats([2, 3], s),
    (s) => floats([2, 1], s),
  ),
  mul_: inplace(
    (s) => floats([2, 3], s),
    (s) => floats([3], s),
  ),
  div_: inplace(
    (s) => floats([2, 3], s),
    (s) => positives([2, 3], s),
  ),
  copy_: inplace(
    (s) => floats([2, 3], s),
    (s) => floats([3], s),
  ),
  fill_: inplace((s) => floats([2, 3], s), null, { value: 0.5 }),
  clamp_: inplace((s) => awayFromZero([3, 4], s), null, { min: -0.1, max: null }),
  relu_: inplace((s) => awayFromZero([3, 4], s), null),
};
