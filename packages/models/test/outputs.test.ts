// Outputs of resnet18, regnetY400mf and regnetX400mf equal torchvision's (tools/golden/models_outputs.py) on
// formula weights: in eval mode, in training after replaceAllBatchNormModules_, built with GroupNorm through
// normLayer, and under vmap over [B, N, 3, H, W] (functorch's vmap on the torch side).
import { GroupNorm, type Module } from '@bn/nn';
import { replaceAllBatchNormModules_ } from '@bn/patch';
import type { Tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, it } from 'vitest';
import { getModelBuilder } from '../src/index.js';
import { fillFormulaWeights, formulaInput } from './formula-weights.js';

type Case = 'eval' | 'train_patched' | 'groupnorm' | 'vmap';

interface OutputsFixture {
  models: Record<string, Record<Case, { inputShape: number[]; output: EncodedTensor }>>;
}

const fixture = readJson<OutputsFixture>(new URL('./fixtures/outputs.json.gz', import.meta.url));

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The model after the case's change, with formula weights filled into the freshly built one. */
function prepare(name: string, c: Case): Module {
  const build = getModelBuilder(name) as (options?: object) => Module;
  const model =
    c === 'groupnorm' ? build({ normLayer: (ch: number) => new GroupNorm(gcd(32, ch), ch) }) : build();
  fillFormulaWeights(model);
  if (c === 'train_patched' || c === 'vmap') replaceAllBatchNormModules_(model);
  return c === 'eval' ? model.eval() : model.train();
}

function run(model: Module, c: Case, inputShape: number[]): Tensor {
  const x = formulaInput(inputShape);
  return c === 'vmap' ? (vmap(model)(x) as Tensor) : model.forward(x);
}

// Tolerances: float32 on both sides with different summation orders; the generator measured torch's own float32
// error against float64 at up to 3e-4 on RegNets with batch statistics (few values per channel at the last stage),
// outputs are O(1-10).
const RTOL = 1e-4;
const ATOL = 1e-3;

describe('outputs vs torchvision on formula weights', () => {
  for (const [name, cases] of Object.entries(fixture.models)) {
    for (const [c, { inputShape, output }] of Object.entries(cases) as [Case, (typeof cases)[Case]][]) {
      it(`${name} ${c} ${JSON.stringify(inputShape)}`, () => {
        const y = run(prepare(name, c), c, inputShape);
        expectClose(y, decodeTensor(output), RTOL, ATOL, `${name} ${c}`);
      });
    }
  }
});
