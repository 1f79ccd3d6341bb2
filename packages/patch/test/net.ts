// The net of tools/golden/patch.py built with @bn/nn, its fixture, and the reference a vmap is checked against:
// the same function run on each member in a loop.
import { BatchNorm1d, BatchNorm2d, Conv2d, Flatten, Linear, type Module, ReLU, Sequential } from '@bn/nn';
import { stack, type Tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, readJson } from '@bn/testing';

type Encoded = Record<string, EncodedTensor>;

export interface PatchFixture {
  input: EncodedTensor;
  batched_input: EncodedTensor;
  replace_all: {
    weights: Encoded;
    train_out_before: EncodedTensor;
    buffers_after_forward: Encoded;
    vmap_error_before: string;
    keys_after: string[];
    batch_norms_after: { path: string; track_running_stats: boolean; none_buffers: string[] }[];
    repr_after: string;
    train_out_after: EncodedTensor;
    eval_out_after: EncodedTensor;
    vmap_out_after: EncodedTensor;
  };
  group_norm_nets: {
    variant: 'default' | 'number' | 'function';
    keys: string[];
    repr: string;
    train_out: EncodedTensor;
    vmap_out: EncodedTensor;
  }[];
  group_norm_channels: {
    channels: number;
    num_groups: number;
    weight: EncodedTensor;
    bias: EncodedTensor;
    input: EncodedTensor;
    repr: string;
    out: EncodedTensor;
  }[];
}

export const fixture = readJson<PatchFixture>(new URL('./fixtures/patch.json', import.meta.url));

/** A fresh [4, 3, 4, 4] input: one batch. */
export const input = (): Tensor => decodeTensor(fixture.input);

/** A fresh [3, 4, 3, 4, 4] input: 3 members, each a batch of 4. */
export const batchedInput = (): Tensor => decodeTensor(fixture.batched_input);

/** make_net() of patch.py, module for module, with the fixture's weights (PyTorch's, before any forward). */
export function makeNet(): Sequential {
  const net = new Sequential(
    new Conv2d(3, 8, 3, { padding: 1 }),
    new BatchNorm2d(8),
    new ReLU(),
    new Sequential(
      new Conv2d(8, 8, 3, { padding: 1, bias: false }),
      new BatchNorm2d(8, { affine: false }),
      new ReLU(),
      new Sequential(new BatchNorm2d(8, { eps: 1e-3, momentum: null })),
    ),
    new BatchNorm2d(8, { trackRunningStats: false }),
    new Flatten(),
    new Linear(128, 16),
    new BatchNorm1d(16),
    new ReLU(),
    new Linear(16, 4),
  );
  const weights = Object.entries(fixture.replace_all.weights).map(([k, v]) => [k, decodeTensor(v)]);
  net.loadStateDict(Object.fromEntries(weights));
  return net;
}

/** `fn` applied to each member (dim 0) of `x` in turn, the results stacked: what `vmap(fn)(x)` must equal. */
export function loopOverMembers(fn: ((x: Tensor) => Tensor) | Module, x: Tensor): Tensor {
  const call = typeof fn === 'function' ? fn : (member: Tensor): Tensor => fn.forward(member);
  return stack(Array.from({ length: x.shape[0]! }, (_, i) => call(x.select(0, i))));
}

/** The [path, module] pairs of `root` whose module is an instance of `cls`. */
export function modulesOf<T extends Module>(
  root: Module,
  cls: abstract new (...a: never[]) => T,
): [string, T][] {
  return root.namedModules().filter((e): e is [string, T] => e[1] instanceof cls);
}
