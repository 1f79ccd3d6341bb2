// Backward rules of @bn/tensor's `ops/softmax.ts` primitives (ATen's softmax_backward_data and
// log_softmax_backward_data), from the saved output.
import { exp, mul, sub, sum } from '@bn/tensor';
import type { FamilyVjps } from '../rule.js';

export const softmaxVjps: FamilyVjps<'softmax'> = {
  softmax: {
    saves: { outputs: [0] },
    vjp: ([g], ctx) => {
      const y = ctx.savedOutputs[0]!;
      return [mul(y, sub(g!, sum(mul(g!, y), ctx.params.dim, { keepdim: true })))];
    },
  },
  logSoftmax: {
    saves: { outputs: [0] },
    vjp: ([g], ctx) => [sub(g!, mul(exp(ctx.savedOutputs[0]!), sum(g!, ctx.params.dim, { keepdim: true })))],
  },
};
