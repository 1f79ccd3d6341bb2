// conv2d and its gradients under vmap: each folding (into N, channels, groups) for every batched/unbatched
// combination of their inputs, groups 1-3 and [C, H, W] or [N, C, H, W] inputs, equals the loop over members and
// binds the primitive once per call, nested levels included (per-sample weight gradients: one call, B*g groups).
import {
  bind,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  expand,
  type Interpreter,
  type Primitive,
  RuntimeError,
  reshape,
  Tensor,
  withInterpreter,
} from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { checkOneLevel, type MemberCase } from '../../test/property.js';
import { floats } from '../../test/values.js';
import { vmap } from '../index.js';

/** Passes every call down unchanged and records the primitives it sees (the tensors of its level). */
class Recorder implements Interpreter {
  readonly name = 'recorder';
  readonly seen: string[] = [];
  /** The params of each call seen. */
  readonly params: unknown[] = [];
  constructor(readonly level: number) {}
  wrap(t: Tensor): Tensor {
    return Tensor.wrap(this, t, t.shape, t.dtype);
  }
  process<P>(prim: Primitive<P>, inputs: readonly (Tensor | null)[], params: P): Tensor[] {
    this.seen.push(prim.name);
    this.params.push(params);
    const lowered = inputs.map((t) => (t && t.level === this.level ? (t.payload as Tensor) : t));
    return bind(prim, lowered, params).map((t) => this.wrap(t));
  }
  readout(): never {
    throw new RuntimeError('recorder: no readouts');
  }
}

/** The cases' params but groups: stride [2, 1], asymmetric padding, dilation [1, 2] (a 5x4 input gives 2x2). */
const GEOMETRY = {
  stride: [2, 1],
  padding: [
    [1, 0],
    [0, 2],
  ],
  dilation: [1, 2],
} as const;

/** A conv2d case with `groups` groups of 2 input and 2 output channels, 3x3 kernel, GEOMETRY's options. */
function convCase(groups: number, unbatchedInput: boolean, bias: boolean): MemberCase {
  const x = [...(unbatchedInput ? [] : [2]), 2 * groups, 5, 4];
  const o = 2 * groups;
  return {
    params: { ...GEOMETRY, groups },
    member: (s) => [floats(x, 3 * s), floats([o, 2, 3, 3], 3 * s + 1), bias ? floats([o], 3 * s + 2) : null],
    rtol: 1e-4,
    atol: 1e-5,
  };
}

/** checkOneLevel's choice that picks in-dim `dim` (null: unbatched) for a tensor of rank `rank`. */
const choice = (dim: number | null, rank: number) => (dim === null ? 2 * rank + 2 : dim + rank + 1);

/** Which of x, weight, bias are batched: every combination but none. */
const COMBINATIONS = [1, 2, 3, 4, 5, 6, 7].map((m) => [m & 1, m & 2, m & 4].map(Boolean));

const CONFIGS = [1, 2, 3].flatMap((groups) =>
  [false, true].flatMap((unbatchedInput) => [false, true].map((bias) => ({ groups, unbatchedInput, bias }))),
);

describe('conv2d under vmap', () => {
  it('equals the loop for every combination of batched x, weight and bias, B = 0, 1, 3', () => {
    for (const { groups, unbatchedInput, bias } of CONFIGS) {
      const c = convCase(groups, unbatchedInput, bias);
      const ranks = c.member(0).map((t) => t?.ndim ?? 0);
      for (const batched of COMBINATIONS) {
        if (batched[2] && !bias) continue;
        // batched inputs alternate between the first and the last dim
        const choices = batched.map((b, i) => choice(b ? (i % 2 === 0 ? 0 : -1) : null, ranks[i]!));
        for (const size of [0, 1, 3]) checkOneLevel('conv2d', c, size, choices, 0);
      }
    }
  });

  it('binds conv2d once per call, whatever is batched, at one and two levels', () => {
    for (const { groups, unbatchedInput, bias } of CONFIGS) {
      const [x, weight, b] = convCase(groups, unbatchedInput, bias).member(1);
      const params = { stride: 2, padding: [1, 2], dilation: [1, 2], groups };
      const f = (xi: Tensor, wi: Tensor, bi: Tensor | null) => conv2d(xi, wi, bi, params);
      for (const batched of COMBINATIONS) {
        if (batched[2] && !bias) continue;
        const inDims = batched.map((on) => (on ? 0 : null));
        // the recorder's tensors, batched ones with members (all equal) along new leading dims of `sizes`
        const inputs = (r: Recorder, sizes: number[]) =>
          [x, weight, b].map((t, i) => {
            if (!t) return t;
            const members = batched[i]
              ? expand(reshape(t, [...sizes.map(() => 1), ...t.shape]), [...sizes, ...t.shape])
              : t;
            return r.wrap(members);
          }) as [Tensor, Tensor, Tensor | null];
        // conv2d calls the recorder sees while `run` runs on its tensors
        const count = (run: (r: Recorder) => void) =>
          withInterpreter(
            (level) => new Recorder(level),
            (r) => {
              run(r);
              return r.seen.filter((name) => name === 'conv2d').length;
            },
          );
        const one = count((r) => vmap(f, { inDims })(...inputs(r, [3])));
        const two = count((r) => vmap(vmap(f, { inDims }), { inDims })(...inputs(r, [2, 3])));
        expect([one, two], JSON.stringify({ groups, unbatchedInput, bias, batched })).toEqual([1, 1]);
      }
    }
  });
});

/** A gradient case: groups of 2 input and 2 output channels, 3x3 kernel, GEOMETRY's options. */
function gradientCase(
  name: 'conv2dBackwardInput' | 'conv2dBackwardWeight',
  groups: number,
  unbatched: boolean,
) {
  const batch = unbatched ? [] : [2];
  const params = { ...GEOMETRY, groups };
  const [x, weight, output] = [
    [...batch, 2 * groups, 5, 4],
    [2 * groups, 2, 3, 3],
    [...batch, 2 * groups, 2, 2],
  ];
  const c: MemberCase =
    name === 'conv2dBackwardInput'
      ? {
          params: { ...params, inputSize: [5, 4] },
          member: (s) => [floats(output, 2 * s), floats(weight, 2 * s + 1)],
        }
      : {
          params: { ...params, kernelSize: [3, 3] },
          member: (s) => [floats(output, 2 * s), floats(x, 2 * s + 1)],
        };
  return { ...c, rtol: 1e-4, atol: 1e-5 };
}

const GRADIENT_CONFIGS = (['conv2dBackwardInput', 'conv2dBackwardWeight'] as const).flatMap((name) =>
  [1, 2, 3].flatMap((groups) => [false, true].map((unbatched) => ({ name, groups, unbatched }))),
);

/** Which of the two inputs are batched: every combination but none. */
const PAIRS = [
  [true, false],
  [false, true],
  [true, true],
];

describe('conv2d gradients under vmap', () => {
  it('equal the loop for every combination of batched inputs, B = 0, 1, 3', () => {
    for (const { name, groups, unbatched } of GRADIENT_CONFIGS) {
      const c = gradientCase(name, groups, unbatched);
      const ranks = c.member(0).map((t) => t!.ndim);
      for (const batched of PAIRS) {
        const choices = batched.map((b, i) => choice(b ? (i === 0 ? 0 : -1) : null, ranks[i]!));
        for (const size of [0, 1, 3]) checkOneLevel(name, c, size, choices, 0);
      }
    }
  });

  it('bind the gradient once per call, per-sample weight gradients with B*g groups', () => {
    const options = { ...GEOMETRY, groups: 2 };
    const run = {
      conv2dBackwardInput: (dy: Tensor, w: Tensor) => conv2dBackwardInput(dy, w, [5, 4], options),
      conv2dBackwardWeight: (dy: Tensor, x: Tensor) => conv2dBackwardWeight(dy, x, [3, 3], options),
    };
    for (const { name, groups, unbatched } of GRADIENT_CONFIGS.filter((g) => g.groups === 2)) {
      const [a, b] = gradientCase(name, groups, unbatched).member(1) as [Tensor, Tensor];
      for (const batched of PAIRS) {
        const inDims = batched.map((on) => (on ? 0 : null));
        const wrap = (r: Recorder, t: Tensor, on: boolean, sizes: number[]) =>
          r.wrap(on ? expand(reshape(t, [...sizes.map(() => 1), ...t.shape]), [...sizes, ...t.shape]) : t);
        const calls = (sizes: number[], f: (x: Tensor, y: Tensor) => Tensor) =>
          withInterpreter(
            (level) => new Recorder(level),
            (r) => {
              f(wrap(r, a, batched[0]!, sizes), wrap(r, b, batched[1]!, sizes));
              return r.params.filter((_, i) => r.seen[i] === name) as { groups: number }[];
            },
          );
        const one = calls([3], vmap(run[name], { inDims }));
        const two = calls([2, 3], vmap(vmap(run[name], { inDims }), { inDims }));
        const what = JSON.stringify({ name, unbatched, batched });
        expect([one.length, two.length], what).toEqual([1, 1]);
        if (name === 'conv2dBackwardWeight' && batched[0] && batched[1]) {
          expect([one[0]!.groups, two[0]!.groups], what).toEqual([3 * groups, 6 * groups]);
        }
      }
    }
  });
});
