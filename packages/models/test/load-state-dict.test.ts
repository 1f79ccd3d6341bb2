// loadStateDict on resnet18 (122 entries) is all or nothing also when a value fails only while being copied (a tensor
// escaped from a vmap, a value batched by a running vmap, a buffer whose elements share memory): after the error
// every parameter and buffer holds the same bits and storage version, none of the 121 valid entries written.
import type { BatchNorm2d } from '@bn/nn';
import { randn, type Tensor } from '@bn/tensor';
import { expectTensorsUnchanged, snapshotTensors } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { resnet18 } from '../src/index.js';

/** resnet18's checkpoint of other values: every float entry plus one, the batch counts as they are. */
function checkpoint(model: ReturnType<typeof resnet18>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(model.stateDict()).map(([k, t]) => [k, t.dtype === 'float32' ? t.add(1) : t.clone()]),
  );
}

describe('resnet18.loadStateDict with a value that fails while being copied', () => {
  const model = resnet18();
  const sd = checkpoint(model);

  it('has 122 entries, fc.bias the last one copied', () => {
    expect(Object.keys(sd)).toHaveLength(122);
    expect(Object.keys(sd).at(-1)).toBe('fc.bias');
  });

  it('writes nothing when the last value escaped from a vmap', () => {
    let escaped: Tensor | undefined;
    vmap((x: Tensor) => {
      escaped = x;
      return x;
    })(randn([2, 1000]));
    const before = snapshotTensors(model.stateDict());
    expect(() => model.loadStateDict({ ...sd, 'fc.bias': escaped! })).toThrow(
      /^Error\(s\) in loading state_dict for ResNet:\n\tWhile copying the parameter named "fc\.bias", .* escaped from a vmap/,
    );
    expectTensorsUnchanged(model.stateDict(), before);
  });

  it('writes nothing when the last value is batched by the running vmap and the model is not', () => {
    const before = snapshotTensors(model.stateDict());
    const loadInside = vmap((bias: Tensor) => {
      model.loadStateDict({ ...sd, 'fc.bias': bias });
      return bias;
    });
    expect(() => loadInside(randn([2, 1000]))).toThrow(
      /"fc\.bias", .*an exception occurred: vmap: inplace arithmetic/,
    );
    expectTensorsUnchanged(model.stateDict(), before);
  });

  it('writes nothing when the last buffer cannot be written (its elements share memory)', () => {
    const net = resnet18({ numClasses: 10 });
    (net.getSubmodule('layer4.1.bn2') as BatchNorm2d).runningVar = randn([1]).expand([512]);
    const before = snapshotTensors(net.stateDict());
    expect(() => net.loadStateDict(checkpoint(resnet18({ numClasses: 10 })))).toThrow(
      /"layer4\.1\.bn2\.running_var", .*more than one element of the written-to tensor refers to a single memory/,
    );
    expectTensorsUnchanged(net.stateDict(), before);
  });
});
