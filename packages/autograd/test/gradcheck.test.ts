// Runs the gradient check for every differentiable primitive with a case, and checks that every primitive of
// @bn/tensor has a rule or a declaration, and a case or a dedicated test.
import { listPrimitives } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { NON_DIFFERENTIABLE, vjpRules } from '../src/index.js';
import { cases as conv, convCases, convGeometries } from './cases/conv.js';
import { cases as elementwise } from './cases/elementwise.js';
import { cases as indexing } from './cases/indexing.js';
import { cases as inplace } from './cases/inplace.js';
import { cases as linalg, matmulShapes } from './cases/linalg.js';
import { cases as loss } from './cases/loss.js';
import { batchNormBackwardEval, batchNormEval, cases as norm } from './cases/norm.js';
import { modes, cases as pad } from './cases/pad.js';
import { cases as pool } from './cases/pool.js';
import { cases as random } from './cases/random.js';
import { cases as reduce } from './cases/reduce.js';
import { cases as softmax } from './cases/softmax.js';
import { cases as views } from './cases/views.js';
import { type GradCase, gradcheck } from './gradcheck.js';
import { floats } from './values.js';

const families: Record<string, Record<string, GradCase>> = {
  conv,
  elementwise,
  indexing,
  inplace,
  linalg,
  loss,
  norm,
  pad,
  pool,
  random,
  reduce,
  softmax,
  views,
};

/** Differentiable primitives checked elsewhere: the collectives under vmap (test/named-axis.test.ts); `to` only
 * differentiates float to float, which it never binds (a tensor already of the dtype is returned as it is). */
const ELSEWHERE = ['psum', 'pmean', 'to'];

describe('vjp equals finite differences', () => {
  for (const [family, table] of Object.entries(families)) {
    describe(family, () => {
      for (const [name, c] of Object.entries(table)) it(name, () => gradcheck(name, c));
    });
  }
  it('matmul with vectors and broadcast batches', () => {
    for (const [a, b] of matmulShapes) {
      gradcheck('matmul', { params: {}, inputs: (s) => [floats(a, s), floats(b, s + 7)], wrt: [0, 1] });
    }
  });
  it('pad in reflect, replicate and circular modes', () => {
    for (const c of modes) gradcheck('pad', c);
  });
  it('batchNorm in evaluation, by the running stats', () => gradcheck('batchNorm', batchNormEval));
  it('batchNormBackward by running stats, differentiated in them', () =>
    gradcheck('batchNormBackward', batchNormBackwardEval));
  it('conv2d and its gradients unbatched, depthwise and with rows no window reads', () => {
    for (const geometry of convGeometries) {
      for (const [name, c] of Object.entries(convCases(geometry))) gradcheck(name, c);
    }
  });
});

describe('coverage', () => {
  const prims = listPrimitives();
  it('every primitive with a rule has a case or a dedicated test', () => {
    const covered = new Set([...Object.values(families).flatMap((t) => Object.keys(t)), ...ELSEWHERE]);
    const differentiable = prims.filter((p) => {
      const rule = vjpRules[p.name as keyof typeof vjpRules];
      return rule !== undefined && rule !== NON_DIFFERENTIABLE;
    });
    expect(differentiable.filter((p) => !covered.has(p.name)).map((p) => p.name)).toEqual([]);
  });
  it('has a rule or a declaration for every primitive', () => {
    expect(prims.filter((p) => !(p.name in vjpRules)).map((p) => p.name)).toEqual([]);
  });
});
