// Backward rules of @bn/tensor's `ops/views.ts` primitives: each view's cotangent is the cotangent put back into
// the input's layout (reshaped, permuted back, summed over what expand added, placed where a slice read).
import { permute, reshape, unsqueeze } from '@bn/tensor';
import { unbroadcast, unslice } from '../helpers.js';
import { type FamilyVjps, NON_DIFFERENTIABLE } from '../rule.js';

export const viewsVjps: FamilyVjps<'views'> = {
  reshape: { vjp: ([g], ctx) => [reshape(g!, ctx.inputs[0]!.shape)] },
  permute: {
    vjp: ([g], { params }) => {
      const inverse = new Array<number>(params.dims.length);
      params.dims.forEach((d, i) => {
        inverse[d] = i;
      });
      return [permute(g!, inverse)];
    },
  },
  expand: { vjp: ([g], ctx) => [unbroadcast(g!, ctx.inputs[0]!.shape)] },
  slice: {
    vjp: ([g], { params, inputs }) => {
      const { dim, start, step } = params;
      return [unslice(g!, dim, start, step, inputs[0]!.shape[dim]!)];
    },
  },
  select: {
    vjp: ([g], { params, inputs }) => [
      unslice(unsqueeze(g!, params.dim), params.dim, params.index, 1, inputs[0]!.shape[params.dim]!),
    ],
  },
  squeeze: { vjp: ([g], ctx) => [reshape(g!, ctx.inputs[0]!.shape)] },
  unsqueeze: { vjp: ([g], ctx) => [reshape(g!, ctx.inputs[0]!.shape)] },
  contiguous: { vjp: ([g]) => [g!] },
  clone: { vjp: ([g]) => [g!] },
  detach: NON_DIFFERENTIABLE,
};
