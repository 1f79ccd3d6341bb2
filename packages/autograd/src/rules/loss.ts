// Backward rule of @bn/tensor's `ops/loss.ts` primitive: nllLoss's element loss is -w[t] * input[.., t, ..], so the
// input's cotangent is -w[t] times the loss cotangent at each element's target class (0 where it is ignored), and
// nothing for the target, the class weights or the weights output.
import { eq, movedim, mul, neg, oneHot, type Tensor, unsqueeze, where } from '@bn/tensor';
import type { FamilyVjps } from '../rule.js';

export const lossVjps: FamilyVjps<'loss'> = {
  nllLoss: {
    saves: { inputs: [1], outputs: [1] },
    vjp: ([g], { params, inputs, savedInputs, savedOutputs }) => {
      const target = savedInputs[1]!;
      const input = inputs[0]!;
      const classes = input.shape[input.shape.length === 1 ? 0 : 1]!;
      // an ignored target may lie outside [0, C): read class 0 there, its weight (and so its cotangent) is 0
      const classOf = where(eq(target, params.ignoreIndex), 0, target);
      const perElement = neg(mul(g!, savedOutputs[1]!));
      const spread: Tensor = mul(oneHot(classOf, classes), unsqueeze(perElement, -1));
      return [input.shape.length <= 2 ? spread : movedim(spread, -1, 1), null, null];
    },
  },
};
