// Replays every PyTorch fixture case (tools/golden) through @bn/tensor: outputs must match within the stated
// tolerances, and cases where PyTorch raises must throw the matching @bn error class and change nothing.
// It also records which primitives the cases evaluate: every registered primitive must be fixture-backed.
import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';
import { listPrimitives, type Primitive } from '../src/index.js';
import type { Tensor } from '../src/tensor.js';
import { buildInput, expectMatches, type FamilyRunners, fixtureFamilies, loadFixture } from './fixtures.js';

const DEFAULT_TOLERANCE = { rtol: 1e-5, atol: 1e-6 };

/** Primitives PyTorch cannot be a reference for, and where they are tested instead. */
const NOT_FIXTURE_BACKED: Record<string, string> = {
  randn: 'PyTorch CPU draws from mt19937; Philox vectors and statistics in src/ops/random.test.ts',
  rand: 'PyTorch CPU draws from mt19937; Philox vectors and statistics in src/ops/random.test.ts',
  randint: 'PyTorch CPU draws from mt19937; Philox vectors and statistics in src/ops/random.test.ts',
  randperm: 'PyTorch CPU draws from mt19937; Philox vectors and statistics in src/ops/random.test.ts',
  dropout: 'PyTorch CPU draws from mt19937; mask statistics and scaling in src/ops/random.test.ts',
  psum: 'no eager meaning (it reduces over a vmap axis); its eager error is tested in src/ops/random.test.ts',
  pmean:
    'no eager meaning (it reduces over a vmap axis); its eager error is tested in src/ops/random.test.ts',
};

// Record every primitive a successful case evaluates (level 0 calls `impl`).
const evaluated = new Set<string>();
for (const prim of listPrimitives() as Primitive<unknown>[]) {
  const impl = prim.impl;
  (prim as { impl: Primitive<unknown>['impl'] }).impl = (inputs, params, avals) => {
    evaluated.add(prim.name);
    return impl(inputs, params, avals);
  };
}

for (const family of fixtureFamilies()) {
  describe(`fixtures: ${family}`, async () => {
    const fixture = loadFixture(family);
    const { runners, tolerance = DEFAULT_TOLERANCE } = (await import(
      `./runners/${family}.ts`
    )) as FamilyRunners;
    for (const c of fixture.cases) {
      it(`${c.op}: ${c.name}`, () => {
        const run = runners[c.op];
        if (!run) throw new Error(`no runner for op '${c.op}' in test/runners/${family}.ts`);
        const inputs = c.inputs.map((s) => (s ? buildInput(s) : null));
        if (c.error) {
          const before = inputs.map((t) => t?.toTypedArray());
          const ErrorClass = (errors as Record<string, unknown>)[c.error.type] as new () => Error;
          expect(ErrorClass, `error class ${c.error.type}`).toBeTypeOf('function');
          expect(() => run(inputs, c.params)).toThrow(ErrorClass);
          inputs.forEach((t, i) => {
            if (t) expect(t.toTypedArray(), `input ${i} unchanged after the error`).toEqual(before[i]);
          });
          return;
        }
        const out = run(inputs, c.params);
        const outs: readonly Tensor[] = Array.isArray(out) ? out : [out as Tensor];
        const expected = c.outputs ?? [];
        expect(outs.length, 'number of outputs').toBe(expected.length);
        const rtol = c.rtol ?? tolerance.rtol;
        const atol = c.atol ?? tolerance.atol;
        expected.forEach((e, i) => {
          expectMatches(outs[i]!, e, rtol, atol, `output ${i}`);
        });
      });
    }
  });
}

describe('registry', () => {
  it('every registered primitive is evaluated by a fixture case (or is listed with its reason)', () => {
    const names = listPrimitives().map((p) => p.name);
    const missing = names.filter((n) => !evaluated.has(n) && !(n in NOT_FIXTURE_BACKED));
    expect(missing, 'primitives with no fixture-backed case').toEqual([]);
    expect(
      Object.keys(NOT_FIXTURE_BACKED).filter((n) => !names.includes(n)),
      'stale exemptions',
    ).toEqual([]);
  });
});
