// The models under vmap over [B, N, 3, H, W]: the default (BatchNorm tracking running stats) in training fails as
// functorch does, naming the module and changing no buffer; every fix runs and equals a loop over the B groups; a
// BatchNorm over a named axis makes vmap over single images equal the batched model, running stats included.
import { BatchNorm2d, GroupNorm, type Module } from '@bn/nn';
import { normLayers } from '@bn/patch';
import { Generator, randn, stack, type Tensor } from '@bn/tensor';
import { expectClose, maxAbsDiff } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { regnetX400mf, regnetY400mf, resnet18 } from '../src/index.js';

/** B = 2 groups of N = 4 images of 32x32 (4 values per channel at the last stage of each group). */
const groups = () => randn([2, 4, 3, 32, 32], { generator: new Generator(11) });

function loopOverGroups(model: Module, x: Tensor): Tensor {
  return stack(Array.from({ length: x.shape[0]! }, (_, b) => model.forward(x.select(0, b))));
}

// same kernels on the same slices: only the order of a few reductions may differ
const RTOL = 1e-5;
const ATOL = 1e-5;

describe('vmap over groups of images', () => {
  it("the default model in training throws functorch's error at the first BatchNorm and changes no buffer", () => {
    const model = resnet18({ numClasses: 10 });
    const before = Object.entries(model.stateDict()).filter(
      ([k]) => k.includes('running') || k.includes('batches'),
    );
    const copies = before.map(([k, t]) => [k, t.clone()] as const);
    let message = '';
    try {
      vmap(model)(groups());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^Batch norm got a batched tensor as input while the running_mean or running_var/,
    );
    expect(message).toContain('  in bn1 (BatchNorm2d)');
    const after = model.stateDict();
    for (const [k, t] of copies) expect(maxAbsDiff(after[k]!, t), k).toBe(0);
  });

  it('eval mode (option 4) equals the loop', () => {
    const model = resnet18({ numClasses: 10 }).eval();
    const x = groups();
    expectClose(vmap(model)(x) as Tensor, loopOverGroups(model, x), RTOL, ATOL, 'eval');
  });

  const fixes: [string, () => Module][] = [
    [
      'resnet18, GroupNorm normLayer',
      () => resnet18({ numClasses: 10, normLayer: (c) => new GroupNorm(32, c) }),
    ],
    [
      'regnetY400mf, BatchNorm without running stats',
      () => regnetY400mf({ numClasses: 10, normLayer: normLayers.batchNormNoStats() }),
    ],
    [
      'regnetX400mf, GroupNorm normLayer',
      () => regnetX400mf({ numClasses: 10, normLayer: normLayers.groupNorm(8) }),
    ],
  ];
  for (const [name, build] of fixes) {
    it(`${name} (option 2) in training equals the loop`, () => {
      const model = build();
      expect(model.modules().some((m) => m instanceof BatchNorm2d && m.trackRunningStats)).toBe(false);
      const x = groups();
      expectClose(vmap(model)(x) as Tensor, loopOverGroups(model, x), RTOL, ATOL, name);
    });
  }
});

describe('BatchNorm over a named axis (beyond functorch)', () => {
  // torchvision's forward flattens from dim 1, so each image goes in as a batch of one: [4, 1, 3, 32, 32]
  it('vmap of resnet18 over single images equals the batched model, running stats included', () => {
    const mapped = resnet18({ numClasses: 10, normLayer: normLayers.batchNormAxis('batch') });
    const batched = resnet18({ numClasses: 10 });
    batched.loadStateDict(mapped.stateDict());
    const x = randn([4, 3, 32, 32], { generator: new Generator(12) });
    const y = vmap(mapped, { axisName: 'batch' })(x.unsqueeze(1)) as Tensor;
    expectClose(y.squeeze(1), batched.forward(x), 1e-4, 1e-5, 'output');
    const mappedState = mapped.stateDict();
    for (const [k, t] of Object.entries(batched.stateDict())) expectClose(mappedState[k]!, t, 1e-4, 1e-5, k);
  });
});
