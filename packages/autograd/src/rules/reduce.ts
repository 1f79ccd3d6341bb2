// Backward rules of @bn/tensor's `ops/reduce.ts` primitives (derivatives.yaml's sum ... logsumexp): the cotangent is
// broadcast back over the reduced dims, times each element's share; max/min split it evenly between ties; the
// boolean and index reductions carry no gradient.
import {
  div,
  eq,
  exp,
  expand,
  mean,
  mul,
  prod,
  type ReduceParams,
  sub,
  type Tensor,
  where,
} from '@bn/tensor';
import { expandReduced, reduceOver, sumOver } from '../helpers.js';
import { type FamilyVjps, NON_DIFFERENTIABLE, type VjpContext, type VjpRule } from '../rule.js';

/** The cotangent broadcast back over the input's shape. */
const spread = (g: Tensor, ctx: VjpContext<ReduceParams>) =>
  expandReduced(g, ctx.inputs[0]!.shape, ctx.params.dims, ctx.params.keepdim);

/** The output broadcast back over the input's shape. */
const spreadOutput = (ctx: VjpContext<ReduceParams>) => spread(ctx.savedOutputs[0]!, ctx);

/** How many elements each reduced lane has. */
const laneSize = ({ inputs, params }: VjpContext<ReduceParams>) =>
  params.dims.reduce((n, d) => n * inputs[0]!.shape[d]!, 1);

/** amax/amin: the cotangent of each lane split evenly between the elements equal to its extreme (PyTorch). */
const extreme: VjpRule<ReduceParams> = {
  saves: { inputs: [0], outputs: [0] },
  vjp: ([g], ctx) => {
    const hits = eq(ctx.savedInputs[0]!, spreadOutput(ctx));
    const count = sumOver(hits, ctx.params.dims, true);
    return [where(hits, div(spread(g!, ctx), expand(count, ctx.inputs[0]!.shape)), 0)];
  },
};

export const reduceVjps: FamilyVjps<'reduce'> = {
  sum: { vjp: ([g], ctx) => [spread(g!, ctx)] },
  mean: { vjp: ([g], ctx) => [div(spread(g!, ctx), laneSize(ctx))] },
  var: {
    saves: { inputs: [0] },
    vjp: ([g], ctx) => {
      const x = ctx.savedInputs[0]!;
      const centred = sub(x, reduceOver(mean, x, ctx.params.dims, true));
      return [mul(spread(g!, ctx), div(mul(centred, 2), laneSize(ctx) - ctx.params.correction))];
    },
  },
  prod: {
    saves: { inputs: [0], outputs: [0] },
    vjp: ([g], ctx) => {
      // the product of the other elements: out / x where x is not 0; where it is, the product of the lane's
      // non-zero elements when it is the lane's only zero, else 0 (PyTorch's prod_backward)
      const x = ctx.savedInputs[0]!;
      const { dims } = ctx.params;
      const isZero = eq(x, 0);
      const zeros = spreadKept(sumOver(isZero, dims, true), ctx);
      const nonZeroProduct = spreadKept(reduceOver(prod, where(isZero, 1, x), dims, true), ctx);
      // the division reads 1 where x is 0: the branch where() drops must not make a nan for grad of grad
      const others = where(
        isZero,
        where(eq(zeros, 1), nonZeroProduct, 0),
        div(spreadOutput(ctx), where(isZero, 1, x)),
      );
      return [mul(spread(g!, ctx), others)];
    },
  },
  amax: extreme,
  amin: extreme,
  logsumexp: {
    saves: { inputs: [0], outputs: [0] },
    vjp: ([g], ctx) => [mul(spread(g!, ctx), exp(sub(ctx.savedInputs[0]!, spreadOutput(ctx))))],
  },
  all: NON_DIFFERENTIABLE,
  any: NON_DIFFERENTIABLE,
  argmax: NON_DIFFERENTIABLE,
  argmin: NON_DIFFERENTIABLE,
};

/** A keepdim reduction of the input broadcast back over the input's shape. */
function spreadKept(t: Tensor, ctx: VjpContext<ReduceParams>): Tensor {
  return expand(t, ctx.inputs[0]!.shape);
}
