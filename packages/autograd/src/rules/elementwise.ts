// Backward rules of @bn/tensor's `ops/elementwise.ts` primitives (derivatives.yaml's formulas for add ... gelu):
// broadcast inputs get their cotangent summed back to their shape; comparisons and logical ops carry no gradient.
import {
  abs,
  add,
  div,
  eq,
  erf,
  exp,
  ge,
  gt,
  le,
  log,
  logicalAnd,
  lt,
  mul,
  neg,
  pow,
  sigmoid,
  sign,
  sub,
  type Tensor,
  tanh,
  thresholdBackward,
  where,
} from '@bn/tensor';
import { unbroadcast } from '../helpers.js';
import { type FamilyVjps, NON_DIFFERENTIABLE, type VjpContext, type VjpRule } from '../rule.js';

type NoParams = Record<string, never>;

/** The cotangents of a binary op's two inputs, each summed back to its shape, for the inputs that need one. */
function binaryCotangents(ctx: VjpContext<unknown>, ga: () => Tensor, gb: () => Tensor): (Tensor | null)[] {
  return [
    ctx.needs[0] ? unbroadcast(ga(), ctx.inputs[0]!.shape) : null,
    ctx.needs[1] ? unbroadcast(gb(), ctx.inputs[1]!.shape) : null,
  ];
}

/** min/max: the cotangent goes to the chosen input, split evenly on a tie (derivatives.yaml's maximum). */
function extremum(pick: (a: Tensor, b: Tensor) => Tensor): VjpRule<NoParams> {
  return {
    saves: { inputs: [0, 1] },
    vjp: ([g], ctx) => {
      const [a, b] = ctx.savedInputs as [Tensor, Tensor];
      const tie = eq(a, b);
      const half = div(g!, 2);
      return binaryCotangents(
        ctx,
        () => where(tie, half, where(pick(a, b), g!, 0)),
        () => where(tie, half, where(pick(b, a), g!, 0)),
      );
    },
  };
}

/** A unary op whose derivative at x is `derivative(x, out)`: the cotangent times it. */
function chain(
  saves: { inputs?: number[]; outputs?: number[] },
  derivative: (x: Tensor, out: Tensor) => Tensor,
): VjpRule<NoParams> {
  return {
    saves,
    vjp: ([g], ctx) => [mul(g!, derivative(ctx.savedInputs[0]!, ctx.savedOutputs[0]!))],
  };
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** d/dx of x Phi(x): Phi(x) + x phi(x). */
function geluDerivative(x: Tensor): Tensor {
  const cdf = mul(add(erf(mul(x, SQRT1_2)), 1), 0.5);
  const pdf = mul(exp(mul(mul(x, x), -0.5)), INV_SQRT_2PI);
  return add(cdf, mul(x, pdf));
}

/** d/dx of x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3). */
function geluTanhDerivative(x: Tensor): Tensor {
  const x2 = mul(x, x);
  const t = tanh(mul(add(x, mul(mul(x2, x), 0.044715)), SQRT_2_OVER_PI));
  const du = mul(add(mul(x2, 3 * 0.044715), 1), SQRT_2_OVER_PI);
  return add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, mul(t, t))), du));
}

/** relu's (and relu_'s) rule, PyTorch's threshold_backward on the result: no gradient where the output is 0. */
export const reluVjp: VjpRule<unknown> = {
  saves: { outputs: [0] },
  vjp: ([g], ctx) => [thresholdBackward(g!, ctx.savedOutputs[0]!, 0)],
};

export const elementwiseVjps: FamilyVjps<'elementwise'> = {
  add: {
    vjp: ([g], ctx) =>
      binaryCotangents(
        ctx,
        () => g!,
        () => g!,
      ),
  },
  sub: {
    vjp: ([g], ctx) =>
      binaryCotangents(
        ctx,
        () => g!,
        () => neg(g!),
      ),
  },
  mul: {
    saves: { inputs: [0, 1] },
    vjp: ([g], ctx) => {
      const [a, b] = ctx.savedInputs as [Tensor, Tensor];
      return binaryCotangents(
        ctx,
        () => mul(g!, b),
        () => mul(g!, a),
      );
    },
  },
  div: {
    saves: { inputs: [0, 1] },
    vjp: ([g], ctx) => {
      const [a, b] = ctx.savedInputs as [Tensor, Tensor];
      return binaryCotangents(
        ctx,
        () => div(g!, b),
        () => neg(div(mul(g!, a), mul(b, b))),
      );
    },
  },
  pow: {
    saves: { inputs: [0, 1], outputs: [0] },
    vjp: ([g], ctx) => {
      const [a, b] = ctx.savedInputs as [Tensor, Tensor];
      const out = ctx.savedOutputs[0]!;
      return binaryCotangents(
        ctx,
        // b a^(b-1), 0 where b is 0 (so that 0^0 has derivative 0, as PyTorch)
        () => mul(g!, where(eq(b, 0), 0, mul(b, pow(a, sub(b, 1))))),
        // out log(a), 0 where a is 0 and b >= 0 (the limit PyTorch takes)
        () => mul(g!, where(logicalAnd(eq(a, 0), ge(b, 0)), 0, mul(out, log(a)))),
      );
    },
  },
  minimum: extremum(lt),
  maximum: extremum(gt),
  eq: NON_DIFFERENTIABLE,
  ne: NON_DIFFERENTIABLE,
  lt: NON_DIFFERENTIABLE,
  le: NON_DIFFERENTIABLE,
  gt: NON_DIFFERENTIABLE,
  ge: NON_DIFFERENTIABLE,
  logicalAnd: NON_DIFFERENTIABLE,
  logicalOr: NON_DIFFERENTIABLE,
  logicalXor: NON_DIFFERENTIABLE,
  where: {
    saves: { inputs: [0] },
    vjp: ([g], ctx) => {
      const cond = ctx.savedInputs[0]!;
      const [, a, b] = ctx.inputs;
      return [
        null,
        ctx.needs[1] ? unbroadcast(where(cond, g!, 0), a!.shape) : null,
        ctx.needs[2] ? unbroadcast(where(cond, 0, g!), b!.shape) : null,
      ];
    },
  },
  logicalNot: NON_DIFFERENTIABLE,
  sign: NON_DIFFERENTIABLE,
  neg: { vjp: ([g]) => [neg(g!)] },
  abs: chain({ inputs: [0] }, (x) => sign(x)),
  exp: chain({ outputs: [0] }, (_, out) => out),
  log: chain({ inputs: [0] }, (x) => div(1, x)),
  sqrt: chain({ outputs: [0] }, (_, out) => div(0.5, out)),
  rsqrt: chain({ outputs: [0] }, (_, out) => mul(pow(out, 3), -0.5)),
  sigmoid: chain({ outputs: [0] }, (_, out) => mul(out, sub(1, out))),
  tanh: chain({ outputs: [0] }, (_, out) => sub(1, mul(out, out))),
  relu: reluVjp,
  silu: chain({ inputs: [0] }, (x) => {
    const s = sigmoid(x);
    return mul(s, add(mul(x, sub(1, s)), 1));
  }),
  erf: chain({ inputs: [0] }, (x) => mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI))),
  gelu: {
    saves: { inputs: [0] },
    vjp: ([g], ctx) => {
      const x = ctx.savedInputs[0]!;
      return [mul(g!, ctx.params.approximate === 'tanh' ? geluTanhDerivative(x) : geluDerivative(x))];
    },
  },
  clamp: {
    saves: { inputs: [0] },
    vjp: ([g], ctx) => {
      const x = ctx.savedInputs[0]!;
      const { min, max } = ctx.params;
      // PyTorch's clamp_backward: the gradient passes where min <= x <= max (bounds included)
      const above = min === null ? null : ge(x, min);
      const below = max === null ? null : le(x, max);
      const inside = above && below ? logicalAnd(above, below) : (above ?? below)!;
      return [where(inside, g!, 0)];
    },
  },
  // linear in the gradient it masks; the mask (x) gets none, as derivatives.yaml's zeros_like
  thresholdBackward: {
    saves: { inputs: [1] },
    vjp: ([g], ctx) => [
      ctx.needs[0]
        ? unbroadcast(thresholdBackward(g!, ctx.savedInputs[1]!, ctx.params.threshold), ctx.inputs[0]!.shape)
        : null,
      null,
    ],
  },
  to: { vjp: ([g]) => [g!] },
};

export { abs };
