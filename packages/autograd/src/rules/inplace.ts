// Backward rules of @bn/tensor's `ops/inplace.ts` primitives: each reuses its out-of-place formula (the interpreter
// saves a copy of the target's old value when the formula reads it); what copy_ and fill_ overwrite gets none.
import { type Tensor, to } from '@bn/tensor';
import { unbroadcast } from '../helpers.js';
import type { FamilyVjps } from '../rule.js';
import { elementwiseVjps, reluVjp } from './elementwise.js';

export const inplaceVjps: FamilyVjps<'inplace'> = {
  add_: elementwiseVjps.add,
  sub_: elementwiseVjps.sub,
  mul_: elementwiseVjps.mul,
  div_: elementwiseVjps.div,
  clamp_: elementwiseVjps.clamp,
  relu_: reluVjp,
  // the target's old value is overwritten: only the source gets a cotangent (converted to its dtype)
  copy_: {
    vjp: ([g], ctx) => {
      const src = ctx.inputs[1]!;
      return [null, ctx.needs[1] ? to(unbroadcast(g as Tensor, src.shape), src.dtype) : null];
    },
  },
  fill_: { vjp: () => [null] },
};
