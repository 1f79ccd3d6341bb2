// Batching rule of @bn/tensor's `ops/pad.ts` primitive (functorch's BatchRulesModules.cpp for pad).
import { foldIntoN, logicalRank, moveBdimToFront } from '../helpers.js';
import type { FamilyRules } from '../rule.js';

export const padRules: FamilyRules<'pad'> = {
  // constant pads any trailing dims; the other modes need exactly `(N,) C` and the padded dims, so the batch dim
  // serves as N, or folds into the input's own N and is split out again
  pad: ([x], [bdim], params, ctx) => {
    if (params.mode === 'constant') return [ctx.bind([moveBdimToFront(x!, bdim!)], params), [0]];
    const [folded, unfold] = foldIntoN(x!, bdim!, logicalRank(x!, bdim!) === params.pad.length / 2 + 2);
    const [out, outBdim] = unfold(ctx.bind([folded], params)[0]!);
    return [[out], [outBdim]];
  },
};
