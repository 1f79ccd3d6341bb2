// The property every batching rule must satisfy: vmap(f) equals f applied to each member and stacked, for random
// in-dims (negative and null too), out-dims, batch sizes 0 to 3, and two nested levels.
import { type Aval, bind, getPrimitive, type Primitive, stack, type Tensor, zeros } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import fc from 'fast-check';
import { vmap } from '../src/index.js';

/** One primitive call, as a family of members that share shapes and params and differ in values. */
export interface MemberCase<P = unknown> {
  params: P;
  /** A member's inputs, built fresh on each call; `seed` changes the values, never the shapes. */
  member: (seed: number) => (Tensor | null)[];
  /** Which inputs may be batched together (default: an in-place target is batched whenever it is written). */
  allowed?: (batched: readonly boolean[]) => boolean;
  rtol?: number;
  atol?: number;
}

type Dim = number | null;

/** Picks an in-dim for a tensor of rank `rank` from a random integer: null or one of [-(rank+1), rank]. */
export function pickDim(choice: number, rank: number): Dim {
  const k = choice % (2 * rank + 3);
  return k === 2 * rank + 2 ? null : k - (rank + 1);
}

const avalOf = (t: Tensor | null): Aval | null => t && { shape: t.shape, dtype: t.dtype };

/** The outputs of `prim` on `inputs`, followed by the inputs it writes in place (what a caller observes). */
function observe(prim: Primitive<never>, inputs: (Tensor | null)[], params: unknown): Tensor[] {
  const outs = bind(prim, inputs, params as never);
  return [...outs, ...prim.mutates.flatMap((i) => (inputs[i] ? [inputs[i]!] : []))];
}

/** The avals `observe` returns, from the shape rule alone. */
function observedAvals(prim: Primitive<never>, inputs: (Tensor | null)[], params: unknown): Aval[] {
  const outs = prim.shapeRule(inputs.map(avalOf), params as never);
  return [...outs, ...prim.mutates.flatMap((i) => (inputs[i] ? [avalOf(inputs[i]!)!] : []))];
}

/** Stacks members along `dim`; with no members, an empty tensor of the right shape and dtype. */
function stackOr(parts: Tensor[], dim: number, aval: Aval): Tensor {
  if (parts.length > 0) return stack(parts, dim);
  const shape = [...aval.shape];
  shape.splice(dim < 0 ? dim + shape.length + 1 : dim, 0, 0);
  return zeros(shape, { dtype: aval.dtype });
}

function defaultAllowed(prim: Primitive<never>, c: MemberCase, batched: readonly boolean[]): boolean {
  if (c.allowed) return c.allowed(batched);
  return prim.mutates.every((i) => batched[i] || !batched.some(Boolean));
}

function primitive(name: string): Primitive<never> {
  const prim = getPrimitive(name);
  if (!prim) throw new Error(`no primitive ${name}`);
  return prim;
}

/** One level: in-dims per input, B members, one out-dim for every output. */
export function checkOneLevel(
  name: string,
  c: MemberCase,
  batchSize: number,
  choices: number[],
  outChoice: number,
) {
  const prim = primitive(name);
  const shared = c.member(0);
  const dims = shared.map((t, i) => (t ? pickDim(choices[i]!, t.ndim) : null));
  const batched = dims.map((d) => d !== null);
  fc.pre(batched.some(Boolean) && defaultAllowed(prim, c, batched));
  const avals = observedAvals(prim, shared, c.params);
  const minRank = Math.min(...avals.map((a) => a.shape.length));
  const outDim = pickDim(outChoice, minRank) ?? 0;

  const memberInputs = (b: number) => {
    const own = c.member(b + 1);
    return c.member(0).map((t, i) => (batched[i] ? own[i]! : t));
  };
  const inputs = c.member(0).map((t, i) =>
    batched[i]
      ? stackOr(
          Array.from({ length: batchSize }, (_, b) => c.member(b + 1)[i]!),
          dims[i]!,
          t!,
        )
      : t,
  );
  const f = (...xs: (Tensor | null)[]) => observe(prim, xs, c.params);
  const actual = vmap(f, { inDims: dims, outDims: outDim })(...inputs);
  const perMember = Array.from({ length: batchSize }, (_, b) => observe(prim, memberInputs(b), c.params));
  avals.forEach((aval, k) => {
    const expected = stackOr(
      perMember.map((outs) => outs[k]!),
      outDim,
      aval,
    );
    expectClose(
      actual[k]!,
      expected,
      c.rtol,
      c.atol,
      `${name} output ${k} (in_dims ${JSON.stringify(dims)}, B ${batchSize})`,
    );
  });
}

/** Two nested levels with their own in-dims, out-dims and batch sizes. */
export function checkTwoLevels(
  name: string,
  c: MemberCase,
  [inner, outer]: [number, number],
  innerChoices: number[],
  outerChoices: number[],
  outChoices: [number, number],
) {
  const prim = primitive(name);
  const shared = c.member(0);
  const d1 = shared.map((t, i) => (t ? pickDim(innerChoices[i]!, t.ndim) : null));
  const d2 = shared.map((t, i) => (t ? pickDim(outerChoices[i]!, t.ndim + (d1[i] === null ? 0 : 1)) : null));
  const b1 = d1.map((d) => d !== null);
  const b2 = d2.map((d) => d !== null);
  fc.pre(b1.some(Boolean) && b2.some(Boolean));
  fc.pre(defaultAllowed(prim, c, b1) && defaultAllowed(prim, c, b2));
  const avals = observedAvals(prim, shared, c.params);
  const minRank = Math.min(...avals.map((a) => a.shape.length));
  const o1 = pickDim(outChoices[0], minRank) ?? 0;
  const o2 = pickDim(outChoices[1], minRank + 1) ?? 0;

  const seed = (i: number, j: number | null, k: number | null) =>
    1 + (b2[i] ? j! + 1 : 0) * 8 + (b1[i] ? k! + 1 : 0);
  const level1 = (i: number, j: number | null) =>
    b1[i]
      ? stack(
          Array.from({ length: inner }, (_, k) => c.member(seed(i, j, k))[i]!),
          d1[i]!,
        )
      : c.member(seed(i, j, null))[i]!;
  const inputs = shared.map((t, i) => {
    if (!t) return t;
    return b2[i]
      ? stack(
          Array.from({ length: outer }, (_, j) => level1(i, j)),
          d2[i]!,
        )
      : level1(i, null);
  });
  const f = (...xs: (Tensor | null)[]) => observe(prim, xs, c.params);
  const actual = vmap(vmap(f, { inDims: d1, outDims: o1 }), { inDims: d2, outDims: o2 })(...inputs);
  avals.forEach((_, k) => {
    const rows = Array.from({ length: outer }, (_, j) => {
      const members = Array.from({ length: inner }, (_, m) => {
        const xs = shared.map((t, i) => (t ? c.member(seed(i, j, m))[i]! : null));
        return observe(prim, xs, c.params)[k]!;
      });
      return stack(members, o1);
    });
    expectClose(
      actual[k]!,
      stack(rows, o2),
      c.rtol,
      c.atol,
      `${name} output ${k} (inner in_dims ${JSON.stringify(d1)}, outer ${JSON.stringify(d2)})`,
    );
  });
}

/** fast-check runs of both properties for one primitive's cases. */
export function checkBatchRule(name: string, cases: fc.Arbitrary<MemberCase>, numRuns = 100): void {
  const choices = fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 });
  fc.assert(
    fc.property(cases, fc.integer({ min: 0, max: 3 }), choices, fc.nat(1000), (c, b, ch, o) =>
      checkOneLevel(name, c, b, ch, o),
    ),
    { numRuns },
  );
  fc.assert(
    fc.property(
      cases,
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      choices,
      choices,
      fc.tuple(fc.nat(1000), fc.nat(1000)),
      (c, sizes, ch1, ch2, o) => checkTwoLevels(name, c, sizes, ch1, ch2, o),
    ),
    { numRuns },
  );
}
