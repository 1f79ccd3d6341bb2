// Backward rules of @bn/tensor's `ops/pool.ts` primitives (derivatives.yaml's max_pool2d_with_indices,
// avg_pool2d and _adaptive_avg_pool2d with their backwards): each pooling's cotangent goes back through its backward
// primitive with the forward's params. The backwards are linear in gradOutput: the averages' transpose is the pooling
// itself, max pooling's is its double backward (the cotangent read at each window's max), whose own transpose is the
// backward again. x only places the maxima or gives the shape: it gets no cotangent (zero almost everywhere).
import { callPrimitive } from '../helpers.js';
import type { FamilyVjps } from '../rule.js';

export const poolVjps: FamilyVjps<'pool'> = {
  maxPool2d: {
    saves: { inputs: [0] },
    vjp: ([g], { params, savedInputs }) => [
      callPrimitive('maxPool2dBackward', [g!, savedInputs[0]!], params),
    ],
  },
  maxPool2dBackward: {
    saves: { inputs: [1] },
    vjp: ([c], { params, savedInputs }) => [
      callPrimitive('maxPool2dDoubleBackward', [c!, savedInputs[1]!], params),
      null,
    ],
  },
  maxPool2dDoubleBackward: {
    saves: { inputs: [1] },
    vjp: ([c], { params, savedInputs }) => [
      callPrimitive('maxPool2dBackward', [c!, savedInputs[1]!], params),
      null,
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
