// A ResNet-shaped network written with @bn/tensor's functional ops (stem conv, BatchNorm, max-pool, a residual
// block with a strided projection, global average pool, linear head, cross-entropy) under vmap, against a loop
// over the members: groups of images in training without running stats and in eval with them, an ensemble of
// weight sets with per-member running stats, and an ensemble nested around a batch of groups.
import {
  adaptiveAvgPool2d,
  add,
  batchNorm,
  clone,
  conv2d,
  crossEntropy,
  flatten,
  linear,
  maxPool2d,
  relu,
  stack,
  type Tensor,
} from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { vmap } from '../src/index.js';
import { floats, ints, positives } from './values.js';

interface Weights {
  stem: Tensor;
  conv1: Tensor;
  conv2: Tensor;
  projection: Tensor;
  head: Tensor;
  headBias: Tensor;
}

/** Running stats of the three BatchNorms (stem, block, projection), [C] each, or [B, C] for an ensemble. */
interface Stats {
  means: Tensor[];
  vars: Tensor[];
}

const C = 4;
const WIDTH = 6;
const CLASSES = 3;

function weights(seed: number, members: number[] = []): Weights {
  return {
    stem: floats([...members, C, 3, 3, 3], seed).mul(0.3),
    conv1: floats([...members, WIDTH, C, 3, 3], seed + 1).mul(0.3),
    conv2: floats([...members, WIDTH, WIDTH, 3, 3], seed + 2).mul(0.3),
    projection: floats([...members, WIDTH, C, 1, 1], seed + 3).mul(0.3),
    head: floats([...members, CLASSES, WIDTH], seed + 4).mul(0.3),
    headBias: floats([...members, CLASSES], seed + 5),
  };
}

function stats(seed: number, members: number[] = []): Stats {
  const widths = [C, WIDTH, WIDTH];
  return {
    means: widths.map((w, i) => floats([...members, w], seed + i).mul(0.1)),
    vars: widths.map((w, i) => positives([...members, w], seed + 10 + i)),
  };
}

/** Logits of images [N, 3, H, W]; BatchNorm in training updates `s` when given, uses batch statistics without. */
function network(w: Weights, s: Stats | null, training: boolean, images: Tensor): Tensor {
  const norm = (x: Tensor, i: number) =>
    batchNorm(x, s ? s.means[i]! : null, s ? s.vars[i]! : null, { training });
  let h = relu(norm(conv2d(images, w.stem, null, { padding: 1 }), 0));
  h = maxPool2d(h, 3, { stride: 2, padding: 1 });
  const branch = norm(
    conv2d(relu(norm(conv2d(h, w.conv1, null, { stride: 2, padding: 1 }), 1)), w.conv2, null, { padding: 1 }),
    1,
  );
  const shortcut = norm(conv2d(h, w.projection, null, { stride: 2 }), 2);
  h = relu(add(branch, shortcut));
  return linear(flatten(adaptiveAvgPool2d(h, 1), 1), w.head, w.headBias);
}

/** Mean cross-entropy of a group, as one scalar per member. */
const loss = (w: Weights, s: Stats | null, training: boolean, images: Tensor, labels: Tensor) =>
  crossEntropy(network(w, s, training, images), labels);

const copyStats = (s: Stats): Stats => ({ means: s.means.map(clone), vars: s.vars.map(clone) });

/** Member `b` of an ensemble's weights or stats (every tensor's dim 0). */
const weightsOf = (w: Weights, b: number) =>
  Object.fromEntries(Object.entries(w).map(([k, t]) => [k, t.select(0, b)])) as unknown as Weights;
const statsOf = (s: Stats, b: number): Stats => ({
  means: s.means.map((t) => t.select(0, b)),
  vars: s.vars.map((t) => t.select(0, b)),
});

describe('a ResNet-shaped network under vmap equals the loop over members', () => {
  const B = 3;
  const images = floats([B, 4, 3, 12, 12], 100); // B groups of N=4 images
  const labels = ints([B, 4], 101, 0, CLASSES);

  it('groups of images in training, BatchNorm without running stats (statistics per group)', () => {
    const w = weights(1);
    const mapped = vmap((x: Tensor, y: Tensor) => loss(w, null, true, x, y))(images, labels);
    const looped = stack([0, 1, 2].map((b) => loss(w, null, true, images.select(0, b), labels.select(0, b))));
    expectClose(mapped, looped, 1e-4, 1e-5, 'loss');
  });

  it('groups of images in eval mode with shared running stats (read only)', () => {
    const w = weights(2);
    const s = stats(3);
    const before = s.means.map((t) => t.toArray());
    const mapped = vmap((x: Tensor) => network(w, s, false, x))(images);
    const looped = stack([0, 1, 2].map((b) => network(w, s, false, images.select(0, b))));
    expectClose(mapped, looped, 1e-4, 1e-5, 'logits');
    expect(s.means.map((t) => t.toArray())).toEqual(before);
  });

  it('an ensemble of weight sets, each with its own running stats updated in training', () => {
    const w = weights(4, [B]);
    const s = stats(5, [B]);
    const expected = copyStats(s);
    const x = images.select(0, 0); // every member sees the same group
    const mapped = vmap((wi: Weights, si: Stats) => network(wi, si, true, x), { inDims: [0, 0] })(w, s);
    const looped = stack([0, 1, 2].map((b) => network(weightsOf(w, b), statsOf(expected, b), true, x)));
    expectClose(mapped, looped, 1e-4, 1e-5, 'logits');
    for (let i = 0; i < 3; i++) {
      expectClose(s.means[i]!, expected.means[i]!, 1e-5, 1e-6, `running mean ${i}`);
      expectClose(s.vars[i]!, expected.vars[i]!, 1e-5, 1e-6, `running var ${i}`);
    }
  });

  it('an ensemble (outer vmap over weights) around groups of images (inner vmap), eval mode', () => {
    const w = weights(6, [2]);
    const s = stats(7, [2]);
    const perMember = (wi: Weights, si: Stats) => vmap((x: Tensor) => network(wi, si, false, x))(images);
    const mapped = vmap(perMember, { inDims: [0, 0] })(w, s);
    const looped = stack(
      [0, 1].map((m) =>
        stack([0, 1, 2].map((b) => network(weightsOf(w, m), statsOf(s, m), false, images.select(0, b)))),
      ),
    );
    expect(mapped.shape).toEqual([2, B, 4, CLASSES]);
    expectClose(mapped, looped, 1e-4, 1e-5, 'logits');
  });
});
