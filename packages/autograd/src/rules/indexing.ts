// Backward rules of @bn/tensor's `ops/indexing.ts` primitives: cat splits the cotangent back into its pieces, flip
// flips it back, and gather and indexSelect add it back at the indices they read (the transposes: scatter-add and
// index-add, as sums against one-hot matrices).
import {
  flip,
  matmul,
  movedim,
  mul,
  narrow,
  oneHot,
  pad,
  reshape,
  sum,
  type Tensor,
  to,
  unsqueeze,
} from '@bn/tensor';
import { type FamilyVjps, NON_DIFFERENTIABLE } from '../rule.js';

export const indexingVjps: FamilyVjps<'indexing'> = {
  cat: {
    vjp: ([g], { params, inputs, needs }) => {
      let start = 0;
      return inputs.map((input, i) => {
        const size = input!.shape[params.dim]!;
        const piece = needs[i] ? to(narrow(g!, params.dim, start, size), input!.dtype) : null;
        start += size;
        return piece;
      });
    },
  },
  flip: { vjp: ([g], ctx) => [flip(g!, ctx.params.dims)] },
  gather: {
    saves: { inputs: [1] },
    vjp: ([g], { params, inputs, savedInputs }) => {
      const x = inputs[0]!;
      // a 0-d input is read as one element: every read is of it
      if (x.shape.length === 0) return [reshape(sum(g!), []), null];
      const { dim } = params;
      // a 0-d index (and cotangent) is read as 1-d, as the forward reads it
      const [index, cotangent] = [savedInputs[1]!, g!].map((t) => (t.ndim === 0 ? reshape(t, [1]) : t)) as [
        Tensor,
        Tensor,
      ];
      // out[.., i, ..] = x[.., index[.., i, ..], ..] along dim: g times one-hot(index), summed along dim, is x's
      // cotangent over index's extent of the other dims; zeros pad it to x's
      const spread = mul(unsqueeze(cotangent, -1), oneHot(index, x.shape[dim]!));
      const placed = movedim(sum(spread, dim), -1, dim);
      const widths: number[] = [];
      for (let d = x.shape.length - 1; d >= 0; d--) widths.push(0, x.shape[d]! - placed.shape[d]!);
      return [pad(placed, widths), null];
    },
  },
  indexSelect: {
    saves: { inputs: [1] },
    vjp: ([g], { params, inputs, savedInputs }) => {
      const x = inputs[0]!;
      if (x.shape.length === 0) return [reshape(sum(g!), []), null];
      const { dim } = params;
      const index = reshape(savedInputs[1]!, [-1]);
      // x's cotangent along dim is g (dim moved last) times the one-hot matrix [n, size] of the index
      const selection = to(oneHot(index, x.shape[dim]!), 'float32');
      return [movedim(matmul(movedim(g!, dim, -1), selection), -1, dim), null];
    },
  },
  oneHot: NON_DIFFERENTIABLE,
};
