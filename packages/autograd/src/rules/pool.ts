// Backward rules of @bn/tensor's `ops/pool.ts` primitives (derivatives.yaml's max_pool2d_with_indices,
// avg_pool2d and _adaptive_avg_pool2d with their backwards): each pooling's cotangent goes back through its backward
// primitive with the forward's params. The averages' backwards are linear in gradOutput with the pooling itself as
// transpose, and read x only for its shape (no cotangent). Max pooling's backward has no rule yet: its transpose
// reads a tensor at the window maxima, which no primitive does, so a grad through it throws.
import { callPrimitive } from '../helpers.js';
import type { FamilyVjps } from '../rule.js';

export const poolVjps: Omit<FamilyVjps<'pool'>, 'maxPool2dBackward'> = {
  maxPool2d: {
    saves: { inputs: [0] },
    vjp: ([g], { params, savedInputs }) => [
      callPrimitive('maxPool2dBackward', [g!, savedInputs[0]!], params),
    ],
  },
  avgPool2d: {
    saves: { inputs: [0] },
    vjp: ([g], { params, savedInputs }) => [
      callPrimitive('avgPool2dBackward', [g!, savedInputs[0]!], params),
    ],
  },
  avgPool2dBackward: {
    vjp: ([g], { params }) => [callPrimitive('avgPool2d', [g!], params), null],
  },
  adaptiveAvgPool2d: {
    saves: { inputs: [0] },
    vjp: ([g], { params, savedInputs }) => [
      callPrimitive('adaptiveAvgPool2dBackward', [g!, savedInputs[0]!], params),
    ],
  },
  adaptiveAvgPool2dBackward: {
    vjp: ([g], { params }) => [callPrimitive('adaptiveAvgPool2d', [g!], params), null],
  },
};
