// loadStateDict is all or nothing: for random corruptions of a valid state dict (keys dropped or added, shapes
// changed, non-tensors), it throws exactly when PyTorch would, and then every tensor of the model is unchanged;
// otherwise every given tensor is loaded.
import { randn, Tensor, tensor } from '@bn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d, Conv2d, Linear, Sequential } from '../src/index.js';

const makeNet = () =>
  new Sequential(new Conv2d(2, 3, 3, { bias: false }), new BatchNorm2d(3), new Linear(3, 2));

type Corruption =
  | { kind: 'drop'; index: number }
  | { kind: 'add'; name: string }
  | { kind: 'reshape'; index: number }
  | { kind: 'notTensor'; index: number };

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), name: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('reshape' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('notTensor' as const), index: fc.nat() }),
);

function snapshot(net: Sequential): [string, unknown][] {
  return Object.entries(net.stateDict()).map(([k, t]) => [k, t.toArray()]);
}

describe('loadStateDict', () => {
  it('loads everything or nothing, and throws exactly when a key, shape or value is wrong', () => {
    fc.assert(
      fc.property(fc.array(corruption, { maxLength: 3 }), fc.boolean(), (corruptions, strict) => {
        const net = makeNet();
        const source = makeNet();
        for (const t of source.parameters()) t.copy_(randn(t.shape));
        const own = source.stateDict();
        const sd: Record<string, unknown> = { ...own };
        const keys = Object.keys(sd);
        for (const c of corruptions) {
          if (c.kind === 'add') sd[c.name] = tensor([1]);
          else {
            const key = keys[c.index % keys.length]!;
            if (c.kind === 'drop') delete sd[key];
            else sd[key] = c.kind === 'reshape' ? tensor([0, 0, 0, 0, 0, 0, 0]) : [1, 2, 3];
          }
        }
        // what PyTorch rejects: with strict, a missing or unexpected key; always, a wrong shape or a non-tensor
        const badValue = keys.some((k) => {
          const v = sd[k];
          return Object.hasOwn(sd, k) && !(v instanceof Tensor && v.numel() === own[k]!.numel());
        });
        const badKeys =
          keys.some((k) => !Object.hasOwn(sd, k)) || Object.keys(sd).some((k) => !keys.includes(k));
        const expectError = badValue || (strict && badKeys);
        const before = snapshot(net);
        if (expectError) {
          expect(() => net.loadStateDict(sd, { strict })).toThrow(
            'Error(s) in loading state_dict for Sequential',
          );
          expect(snapshot(net)).toEqual(before);
        } else {
          net.loadStateDict(sd, { strict });
          for (const [k, t] of Object.entries(net.stateDict())) {
            const given = sd[k] as Tensor | undefined;
            expect(t.toArray()).toEqual(given ? given.toArray() : before.find(([b]) => b === k)![1]);
          }
        }
      }),
      { numRuns: 200, seed: 4 },
    );
  });
});
