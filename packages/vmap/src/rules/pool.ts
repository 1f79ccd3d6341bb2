// Batching rules of @bn/tensor's `ops/pool.ts` primitives: pooling is per image and channel, so the batch dim
// becomes N of a [C, H, W] input or folds into N of a [N, C, H, W] one, and one kernel call pools every member.
import { foldIntoN, logicalRank } from '../helpers.js';
import type { BatchRule, FamilyRules } from '../rule.js';

/** One pooling call over the members as a batch of images. */
function poolRule<P>(): BatchRule<P> {
  return ([x], [bdim], params, ctx) => {
    const [folded, unfold] = foldIntoN(x!, bdim!, logicalRank(x!, bdim!) === 4);
    const [out, outBdim] = unfold(ctx.bind([folded], params)[0]!);
    return [[out], [outBdim]];
  };
}

export const poolRules: FamilyRules<'pool'> = {
  maxPool2d: poolRule(),
  avgPool2d: poolRule(),
  adaptiveAvgPool2d: poolRule(),
};
