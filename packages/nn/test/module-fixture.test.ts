// A small net built with @bn/nn against the same net in PyTorch (tools/golden/nn_module.py): the printed tree,
// the walks and state-dict keys in order, load_state_dict's error text, and forward in evaluation and training.

import { readFileSync } from 'node:fs';
import { type Tensor, tensor, zeros } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  GroupNorm,
  LayerNorm,
  Linear,
  loadSafetensors,
  Module,
  ModuleDict,
  ModuleList,
  ReLU,
  SafetensorsError,
  Sequential,
  SiLU,
} from '../src/index.js';

interface ModuleFixture {
  repr: string;
  namedModules: [string, string][];
  namedParameters: string[];
  namedBuffers: string[];
  stateDictShapes: [string, number[]][];
  state: Record<string, EncodedTensor>;
  input: EncodedTensor;
  evalOutput: EncodedTensor;
  trainOutputs: EncodedTensor[];
  stateAfterTraining: Record<string, EncodedTensor>;
  loadError: string;
}

const fixture = readJson<ModuleFixture>(new URL('./fixtures/module.json', import.meta.url));

class Net extends Module {
  declare features: Sequential;
  declare blocks: ModuleList;
  declare heads: ModuleDict;
  constructor() {
    super();
    this.registerModule(
      'features',
      new Sequential(
        new Conv2d(3, 8, 3, { padding: 1, bias: false }),
        new BatchNorm2d(8),
        new ReLU(),
        new Conv2d(8, 8, 3, { stride: 2, padding: 1, groups: 2 }),
        new GroupNorm(2, 8),
        new SiLU(),
      ),
    );
    this.registerModule(
      'blocks',
      new ModuleList([
        new LayerNorm([8, 4, 4], { elementwiseAffine: false }),
        new BatchNorm2d(8, { momentum: null }),
      ]),
    );
    this.registerModule(
      'heads',
      new ModuleDict({ pool: new AdaptiveAvgPool2d(1), flat: new Flatten(), fc: new Linear(8, 5) }),
    );
  }
  forward(x: Tensor): Tensor {
    let h = this.features.forward(x);
    for (const block of this.blocks) h = block.forward(h);
    const head = (k: string, t: Tensor): Tensor => this.heads.get(k).forward(t);
    return head('fc', head('flat', head('pool', h)));
  }
}

function loaded(): Net {
  const net = new Net();
  net.loadStateDict(Object.fromEntries(Object.entries(fixture.state).map(([k, e]) => [k, decodeTensor(e)])));
  return net;
}

describe('a small net, as PyTorch', () => {
  it('prints the same tree', () => {
    expect(new Net().toString()).toBe(fixture.repr);
  });

  it('walks modules, parameters and buffers in the same order, with the same state-dict keys and shapes', () => {
    const net = new Net();
    expect(net.namedModules().map(([p, m]) => [p, m.constructor.name])).toEqual(fixture.namedModules);
    expect(net.namedParameters().map(([p]) => p)).toEqual(fixture.namedParameters);
    expect(net.namedBuffers().map(([p]) => p)).toEqual(fixture.namedBuffers);
    expect(Object.entries(net.stateDict()).map(([k, t]) => [k, [...t.shape]])).toEqual(
      fixture.stateDictShapes,
    );
  });

  it("reports a bad state dict with load_state_dict's text and writes nothing", () => {
    const net = loaded();
    const before = Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()]);
    const bad: Record<string, Tensor> = { ...net.stateDict() };
    delete bad['heads.fc.bias'];
    bad['features.0.weight'] = zeros([8, 3, 5, 5]);
    bad['extra.weight'] = tensor([0]);
    // PyTorch spells shapes torch.Size([8, 3, 5, 5]); @bn spells them [8, 3, 5, 5]
    const expected = fixture.loadError.replace(/torch\.Size\((\[[^\]]*\])\)/g, '$1');
    expect(() => net.loadStateDict(bad)).toThrow(expected);
    expect(Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()])).toEqual(before);
  });

  it("loads PyTorch's state dict from a safetensors file and computes PyTorch's output", () => {
    const bytes = readFileSync(new URL('./fixtures/module.safetensors', import.meta.url));
    const net = new Net();
    expect(net.loadStateDict(loadSafetensors(bytes))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect((net.features.at(1) as BatchNorm2d).numBatchesTracked!.dtype).toBe('int32'); // PyTorch's int64, as @bn's int32
    net.eval();
    expectClose(
      net.forward(decodeTensor(fixture.input)),
      decodeTensor(fixture.evalOutput),
      1e-4,
      1e-5,
      'eval',
    );
    // a truncated file is refused by the loader; the model keeps what it had
    const before = Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()]);
    expect(() => net.loadStateDict(loadSafetensors(bytes.subarray(0, bytes.length - 4)))).toThrow(
      SafetensorsError,
    );
    expect(Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()])).toEqual(before);
  });

  it('computes the same outputs in evaluation and training, and the same running stats', () => {
    const net = loaded();
    const x = decodeTensor(fixture.input);
    net.eval();
    expectClose(net.forward(x), decodeTensor(fixture.evalOutput), 1e-4, 1e-5, 'eval');
    net.train();
    expectClose(net.forward(x), decodeTensor(fixture.trainOutputs[0]!), 1e-4, 1e-5, 'train step 1');
    expectClose(
      net.forward(x.mul(0.5).add(1)),
      decodeTensor(fixture.trainOutputs[1]!),
      1e-4,
      1e-5,
      'train step 2',
    );
    const sd = net.stateDict();
    for (const [k, e] of Object.entries(fixture.stateAfterTraining)) {
      expectClose(sd[k]!, decodeTensor(e), 1e-5, 1e-6, k);
    }
  });
});
