// Gradients of whole models against PyTorch: grad(loss) over functionalCall on resnet18 and regnetY400mf with the
// formula weights of @bn/models' fixtures, against torch.autograd.grad in float64 (tools/golden/autograd_models.py):
// in training (batch statistics; the running stats after the step too), in eval mode, built with GroupNorm through
// normLayer, and after replaceAllBatchNormModules_. Each tensor is compared with its stored summary, within a
// tolerance set by torch's own float32 error on it (test/summaries.ts).
import { getModelBuilder } from '@bn/models';
import { functionalCall, type Module, skipInit } from '@bn/nn';
import { normLayers, replaceAllBatchNormModules_ } from '@bn/patch';
import { crossEntropy, type Tensor, tensor } from '@bn/tensor';
import { readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
// the formula of @bn/models' output fixtures, which the generator imports from tools/golden/models_outputs.py
import { fillFormulaWeights, formulaInput } from '../../models/test/formula-weights.js';
import { gradAndValue } from '../src/index.js';
import { expectCloseToSummaries, type Recorded } from './summaries.js';

type Case = 'train' | 'eval' | 'groupnorm' | 'train_patched';

interface ModelsFixture {
  inputShape: number[];
  targets: number[];
  numClasses: number;
  models: Record<
    string,
    Record<Case, { loss: number; grads: Record<string, Recorded>; buffers?: Record<string, Recorded> }>
  >;
}

const fixture = readJson<ModelsFixture>(new URL('./fixtures/models.json.gz', import.meta.url));

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Formula weights by model and norm layer, filled once (the fill takes seconds on resnet18) and loaded after. */
const filled = new Map<string, Record<string, Tensor>>();

/** The model of a case: formula weights in the freshly built model (initialisation skipped), then the change. */
function prepare(name: string, c: Case): Module {
  const build = getModelBuilder(name) as (options?: object) => Module;
  const options = {
    numClasses: fixture.numClasses,
    ...(c === 'groupnorm' ? { normLayer: normLayers.groupNorm((ch) => gcd(32, ch)) } : {}),
  };
  const model = skipInit(() => build(options));
  const key = `${name} ${c === 'groupnorm' ? 'GroupNorm' : 'BatchNorm'}`;
  const weights = filled.get(key);
  if (weights === undefined) {
    fillFormulaWeights(model);
    filled.set(key, Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()])));
  } else {
    model.loadStateDict(weights);
  }
  if (c === 'train_patched') replaceAllBatchNormModules_(model);
  return c === 'eval' ? model.eval() : model.train();
}

// a case takes one to three seconds alone (the first of each model fills the formula weights); the cores are shared
const TIMEOUT = 60_000;

describe('model gradients vs torch.autograd.grad on formula weights', () => {
  for (const [name, cases] of Object.entries(fixture.models)) {
    for (const [c, expected] of Object.entries(cases) as [Case, (typeof cases)[Case]][]) {
      it(
        `${name} ${c}`,
        () => {
          const model = prepare(name, c);
          const x = formulaInput(fixture.inputShape);
          const y = tensor(fixture.targets, [fixture.targets.length], { dtype: 'int32' });
          const params = Object.fromEntries(model.namedParameters());
          const loss = (p: Record<string, Tensor>) => crossEntropy(functionalCall<Tensor>(model, p, x), y);
          const [grads, value] = gradAndValue(loss)(params) as [Record<string, Tensor>, Tensor];
          expect(value.item()).toBeCloseTo(expected.loss, 4);
          expectCloseToSummaries(grads, expected.grads, 'gradient of');
          const tracked = [...model.namedBuffers()].filter(([k]) => k.endsWith('num_batches_tracked'));
          expect(tracked.every(([, t]) => t.item() === (c === 'train' ? 1 : 0))).toBe(true);
          if (expected.buffers !== undefined) {
            const stats = Object.fromEntries(
              [...model.namedBuffers()].filter(([k]) => k in expected.buffers!),
            );
            expectCloseToSummaries(stats, expected.buffers, 'after the step,');
          }
        },
        TIMEOUT,
      );
    }
  }
});
