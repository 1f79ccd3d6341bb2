// Batching rules of @bn/tensor's `ops/pool.ts` primitives: pooling is per image and channel, so the batch dim
// becomes N of a [C, H, W] input or folds into N of a [N, C, H, W] one, and one kernel call pools every member.
import { bdimAtFront, foldIntoN, logicalRank } from '../helpers.js';
import type { BatchRule, FamilyRules } from '../rule.js';

/**
 * One pooling call over the members as a batch of images. Every input (x, a backward's gradOutput and x, max
 * pooling's double backward's source and x) folds its batch dim into N the same way: from where they all have it (a
 * view where the layout allows), else from the front, an unbatched input expanded there first.
 */
function poolRule<P>(): BatchRule<P> {
  return (inputs, bdims, params, ctx) => {
    const hasN = logicalRank(inputs.at(-1)!, bdims.at(-1)!) === 4;
    const shared = bdims.every((b) => b === bdims[0]);
    const folds = inputs.map((t, i) =>
      shared ? foldIntoN(t!, bdims[i]!, hasN) : foldIntoN(bdimAtFront(t!, bdims[i]!, ctx.batchSize), 0, hasN),
    );
    const [out, outBdim] = folds.at(-1)![1](
      ctx.bind(
        folds.map(([folded]) => folded),
        params,
      )[0]!,
    );
    return [[out], [outBdim]];
  };
}

export const poolRules: FamilyRules<'pool'> = {
  maxPool2d: poolRule(),
  maxPool2dBackward: poolRule(),
  maxPool2dDoubleBackward: poolRule(),
  avgPool2d: poolRule(),
  avgPool2dBackward: poolRule(),
  adaptiveAvgPool2d: poolRule(),
  adaptiveAvgPool2dBackward: poolRule(),
};
