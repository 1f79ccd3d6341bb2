// PyTorch's per-sample-gradients tutorial against functorch (tools/golden/autograd_per_sample.py): vmap(grad) of the
// loss of one sample over functionalCall, `inDims: [null, null, 0, 0]`, on SimpleCNN with formula weights, without a
// norm layer and with BatchNorm under each fix that makes it work (no running stats, from the constructor or from
// replaceAllBatchNormModules_; GroupNorm; eval mode); and a BatchNorm over a named axis, whose member gradients sum to
// the whole-batch gradient of the plain BatchNorm network, running stats included.
import { functionalCall, type Module, type NormLayer, skipInit } from '@bn/nn';
import { normLayers, replaceAllBatchNormModules_ } from '@bn/patch';
import { nllLoss, sum, type Tensor, tensor } from '@bn/tensor';
import { readJson } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
// the formula of @bn/models' output fixtures, which the generator imports from tools/golden/models_outputs.py
import { fillFormulaWeights, formulaInput } from '../../models/test/formula-weights.js';
import { grad } from '../src/index.js';
import { SimpleCNN } from './simple-cnn.js';
import { expectCloseToSummaries, type Recorded } from './summaries.js';

type Params = Record<string, Tensor>;
type Case = 'plain' | 'bn_no_stats' | 'groupnorm' | 'eval';

interface PerSampleFixture {
  inputShape: number[];
  targets: number[];
  cases: Record<Case, { perSample: Record<string, Recorded[]> }>;
  namedAxis: { grads: Record<string, Recorded>; buffers: Record<string, Recorded> };
}

const fixture = readJson<PerSampleFixture>(new URL('./fixtures/per-sample.json.gz', import.meta.url));
const batch = fixture.targets.length;

/** SimpleCNN with `normLayer`, changed by `change`, then filled with the formula weights (its state dict by then). */
function simpleCNN(normLayer: NormLayer | null, change: (m: Module) => void = () => {}): Module {
  const model = skipInit(() => new SimpleCNN(normLayer));
  change(model);
  fillFormulaWeights(model);
  return model;
}

/** The tutorial's loss of one sample, as a function of the parameters and buffers (functorch's compute_loss). */
const computeLoss = (model: Module) => (params: Params, buffers: Params, sample: Tensor, target: Tensor) =>
  nllLoss(functionalCall<Tensor>(model, [params, buffers], sample.unsqueeze(0)), target.unsqueeze(0));

const stateOf = (model: Module) => ({
  params: Object.fromEntries(model.namedParameters()),
  buffers: Object.fromEntries(model.namedBuffers()),
});

const data = () => ({
  samples: formulaInput(fixture.inputShape),
  targets: tensor(fixture.targets, [batch], { dtype: 'int32' }),
});

describe("per-sample gradients of the tutorial's SimpleCNN vs functorch", () => {
  const variants: [string, Case, () => Module][] = [
    ['without a norm layer', 'plain', () => simpleCNN(null)],
    ['with BatchNorm2d without running stats', 'bn_no_stats', () => simpleCNN(normLayers.batchNormNoStats())],
    [
      'with BatchNorm2d after replaceAllBatchNormModules_',
      'bn_no_stats',
      () => simpleCNN(normLayers.batchNorm(), replaceAllBatchNormModules_),
    ],
    ['with GroupNorm(8, c)', 'groupnorm', () => simpleCNN(normLayers.groupNorm(8))],
    ['with BatchNorm2d in eval mode', 'eval', () => simpleCNN(normLayers.batchNorm()).eval()],
  ];
  for (const [name, c, build] of variants) {
    it(name, () => {
      const model = build();
      const { params, buffers } = stateOf(model);
      const { samples, targets } = data();
      const perSample = vmap(grad(computeLoss(model)), { inDims: [null, null, 0, 0] })(
        params,
        buffers,
        samples,
        targets,
      ) as Params;
      const expected = fixture.cases[c].perSample;
      for (let i = 0; i < batch; i++) {
        expectCloseToSummaries(
          Object.fromEntries(Object.entries(perSample).map(([k, t]) => [k, t.select(0, i)])),
          Object.fromEntries(Object.entries(expected).map(([k, per]) => [k, per[i]!])),
          `sample ${i}:`,
        );
      }
    });
  }
});

describe('a BatchNorm over a named axis', () => {
  it('gives member gradients that sum to the whole-batch gradient; the running stats update once, as torch', () => {
    const model = simpleCNN(normLayers.batchNormAxis('batch')).train();
    const { params, buffers } = stateOf(model);
    const { samples, targets } = data();
    // each member's loss is its share of the batch mean
    const memberLoss = (p: Params, b: Params, sample: Tensor, target: Tensor) =>
      computeLoss(model)(p, b, sample, target).div(batch);
    const perMember = vmap(grad(memberLoss), { inDims: [null, null, 0, 0], axisName: 'batch' })(
      params,
      buffers,
      samples,
      targets,
    ) as Params;
    const summed = Object.fromEntries(Object.entries(perMember).map(([k, t]) => [k, sum(t, 0)]));
    expectCloseToSummaries(summed, fixture.namedAxis.grads, 'summed gradient:');
    const stats = Object.fromEntries(
      Object.entries(buffers).filter(([k]) => !k.endsWith('num_batches_tracked')),
    );
    expectCloseToSummaries(stats, fixture.namedAxis.buffers, 'after the step,');
    expect(buffers['norm1.num_batches_tracked']!.item()).toBe(1);
    expect(buffers['norm2.num_batches_tracked']!.item()).toBe(1);
  });
});
