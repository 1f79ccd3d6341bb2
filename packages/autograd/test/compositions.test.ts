// For every primitive with a gradient-check case: the backward pass under vmap (per-member cotangents of a batch of
// calls) equals a loop of vjp over the members, and the backward pass is itself differentiable: the gradient of
// <w, vjp(u)> checks against finite differences (grad of grad).
import { stack, type Tensor } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, it } from 'vitest';
import { vjp } from '../src/index.js';
import { cases as conv } from './cases/conv.js';
import { cases as elementwise } from './cases/elementwise.js';
import { cases as indexing } from './cases/indexing.js';
import { cases as inplace } from './cases/inplace.js';
import { cases as linalg } from './cases/linalg.js';
import { cases as loss } from './cases/loss.js';
import { batchNormBackwardEval, batchNormEval, batchNormWithoutStats, cases as norm } from './cases/norm.js';
import { cases as pad } from './cases/pad.js';
import { cases as pool } from './cases/pool.js';
import { cases as reduce } from './cases/reduce.js';
import { cases as softmax } from './cases/softmax.js';
import { cases as views } from './cases/views.js';
import { caller, checkAt, type GradCase, substituted } from './gradcheck.js';
import { floats } from './values.js';

// batchNorm's training case writes unbatched running stats, which vmap refuses: its version without them instead
const all: [string, GradCase][] = [
  ...Object.entries({
    ...conv,
    ...elementwise,
    ...indexing,
    ...inplace,
    ...linalg,
    ...loss,
    ...pad,
    ...pool,
    ...reduce,
    ...softmax,
    ...views,
  }),
  ...Object.entries(norm).filter(([name]) => name !== 'batchNorm'),
  ['batchNorm', batchNormWithoutStats],
  ['batchNorm', batchNormEval],
  ['batchNormBackward', batchNormBackwardEval],
];

const MEMBERS = [11, 12, 13];

/** The input cotangents of one call: inputs at `wrt` replaced by `xs`, cotangents `us` for its outputs. */
function cotangentsOf(
  call: (inputs: (Tensor | null)[]) => Tensor[],
  inputs: (Tensor | null)[],
  wrt: readonly number[],
) {
  return (xs: Tensor[], us: Tensor[]) => {
    const [, pullback] = vjp((...ys: unknown[]) => call(substituted(inputs, wrt, ys as Tensor[])), xs);
    return pullback(us) as Tensor[];
  };
}

describe('vmap of the backward pass equals a loop', () => {
  for (const [name, c] of all) {
    it(name, () => {
      const call = caller(name, c);
      // the differentiated inputs and the cotangents vary by member; the other inputs are shared
      const shared = c.inputs(MEMBERS[0]!);
      const members = MEMBERS.map((seed) => c.inputs(seed));
      const outs = call(shared);
      const us = MEMBERS.map((seed) => outs.map((o, k) => floats(o.shape, 300 * seed + k)));
      const pull = cotangentsOf(call, shared, c.wrt);
      const looped = MEMBERS.map((_, b) =>
        pull(
          c.wrt.map((i) => members[b]![i]!),
          us[b]!,
        ),
      );
      const xs = c.wrt.map((i) => stack(members.map((m) => m[i]!)));
      const ks = outs.map((_, k) => stack(us.map((u) => u[k]!)));
      const mapped = vmap((...args: Tensor[]) => pull(args.slice(0, xs.length), args.slice(xs.length)))(
        ...xs,
        ...ks,
      ) as Tensor[];
      mapped.forEach((g, j) => {
        expectClose(g, stack(looped.map((l) => l[j]!)), 1e-5, 1e-6, `${name}: input ${c.wrt[j]}`);
      });
    });
  }
});

describe('the backward pass is differentiable', () => {
  for (const [name, c] of all) {
    it(name, () => {
      const call = caller(name, c);
      const inputs = c.inputs(21);
      const outs = call(inputs);
      const us = outs.map((o, k) => floats(o.shape, 500 + k));
      // x -> vjp_x(u): its own vjp checked against finite differences
      const pull = cotangentsOf(call, inputs, c.wrt);
      const backward = (xs: (Tensor | null)[]) =>
        pull(
          c.wrt.map((i) => xs[i]!),
          us,
        );
      checkAt(`${name} (second order)`, backward, inputs, { ...c, rtol: 5e-2, atol: 5e-3 }, 31);
    });
  }
});
