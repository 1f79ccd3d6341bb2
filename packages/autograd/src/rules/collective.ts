// Backward rules of @bn/tensor's `ops/collective.ts` primitives (JAX's transposes of psum and pmean): every member's
// output is the sum (mean) of all inputs, so every input's cotangent is the sum (mean) of all output cotangents,
// the same collective over the same axis.
import { pmean, psum } from '@bn/tensor';
import type { FamilyVjps } from '../rule.js';

export const collectiveVjps: FamilyVjps<'collective'> = {
  psum: { vjp: ([g], ctx) => [psum(g!, ctx.params.axisName)] },
  pmean: { vjp: ([g], ctx) => [pmean(g!, ctx.params.axisName)] },
};
