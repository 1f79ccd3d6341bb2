// Backward rules of @bn/tensor's `ops/random.ts` primitives: draws carry no gradient; dropout's gradient reuses the
// mask its forward drew (its second output), never a new draw.
import { mul } from '@bn/tensor';
import { type FamilyVjps, NON_DIFFERENTIABLE } from '../rule.js';

export const randomVjps: FamilyVjps<'random'> = {
  randn: NON_DIFFERENTIABLE,
  rand: NON_DIFFERENTIABLE,
  randint: NON_DIFFERENTIABLE,
  randperm: NON_DIFFERENTIABLE,
  dropout: {
    saves: { outputs: [1] },
    vjp: ([g], ctx) => {
      const { p } = ctx.params;
      return [mul(mul(g!, ctx.savedOutputs[1]!), p === 1 ? 0 : 1 / (1 - p))];
    },
  },
};
