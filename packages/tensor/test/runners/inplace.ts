// Runners for the in-place fixtures (tools/golden/inplace.py): each returns the mutated target and, for a view
// target, its base (params.base: the base's shape; fixture bases are contiguous from offset 0).
import { add_, clamp_, copy_, div_, fill_, mul_, relu_, sub_, zero_ } from '../../src/ops/inplace.js';
import { Tensor, type TensorLike } from '../../src/tensor.js';
import { applyView, type FamilyRunners, type InputSpec, type Runner } from '../fixtures.js';
import { decodeParam } from './elementwise.js';

/** The target, and its base when the case wrote through a view. */
function written(target: Tensor, base: number[] | undefined): Tensor | Tensor[] {
  return base ? [target, Tensor.fromStorage(target.storage, base)] : target;
}

const binary =
  (fn: (t: Tensor, o: TensorLike) => Tensor): Runner =>
  ([t, o], { other, base }) =>
    written(fn(t!, o ?? decodeParam(other)), base);

type View = NonNullable<InputSpec['view']>;
const ALIASED = { add_, sub_, mul_, div_, copy_ };

export const runners: FamilyRunners['runners'] = {
  add_: binary(add_),
  sub_: binary(sub_),
  mul_: binary(mul_),
  div_: binary(div_),
  copy_: binary(copy_),
  fill_: ([t], { value, base }) => written(fill_(t!, decodeParam(value)), base),
  zero_: ([t], { base }) => written(zero_(t!), base),
  clamp_: ([t], { min, max, base }) => written(clamp_(t!, decodeParam(min), decodeParam(max)), base),
  relu_: ([t], { base }) => written(relu_(t!), base),
  aliased: (
    [base],
    { op, target, other }: { op: keyof typeof ALIASED; target: View; other: View | null },
  ) => {
    const t = applyView(base!, target);
    const o = other === null ? t : applyView(base!, other);
    return [ALIASED[op](t, o), base!];
  },
};
