// Batching rules of @bn/tensor's `ops/loss.ts` primitives: nllLoss is per target element, so the batch dim becomes
// one more element dim of a single call (N of an unbatched [C] input, a trailing dim of [N, C, d1, ...]).
import { eq, gather, movedim, mul, reshape, type Tensor, where } from '@bn/tensor';
import { bdimAtFront, logicalRank } from '../helpers.js';
import type { Bdim, FamilyRules } from '../rule.js';

/**
 * The class weight [B, C] (batch dim `bdim`) at each element's target `t` [..., B], times `counted` (1, or 0
 * where the target is ignored). Ignored targets read class 0: they may lie outside [0, C).
 */
function weightAtTargets(
  weight: Tensor,
  bdim: number,
  t: Tensor,
  ignoreIndex: number,
  counted: Tensor,
): Tensor {
  const batch = t.shape[t.ndim - 1]!;
  const elements = t.shape.slice(0, -1).reduce((p, s) => p * s, 1);
  const safe = where(eq(t, ignoreIndex), 0, t);
  const picked = gather(movedim(weight, bdim, -1), 0, reshape(safe, [elements, batch])); // from [C, B]
  return mul(reshape(picked, t.shape), counted);
}

export const lossRules: FamilyRules<'loss'> = {
  nllLoss: ([input, target, weight], [inputBdim, targetBdim, weightBdim], params, ctx) => {
    // [C] + [] becomes [B, C] + [B]; [N, C, ...] + [N, ...] gets B last (views, also of an unbatched operand)
    const hasN = logicalRank(input!, inputBdim!) > 1;
    const withBatch = (x: Tensor, bdim: Bdim) => {
      const front = bdimAtFront(x, bdim, ctx.batchSize);
      return hasN ? movedim(front, 0, -1) : front;
    };
    const t = withBatch(target!, targetBdim!);
    const outBdim = t.ndim - 1;
    // a batched class weight scales the unweighted losses after the call
    const shared = weightBdim === null ? (weight ?? null) : null;
    const [loss, counted] = ctx.bind([withBatch(input!, inputBdim!), t, shared], params);
    const perElement =
      weightBdim === null ? null : weightAtTargets(weight!, weightBdim!, t, params.ignoreIndex, counted!);
    const outs = perElement ? [mul(loss!, perElement), perElement] : [loss!, counted!];
    return [outs, outs.map(() => outBdim)];
  },
};
