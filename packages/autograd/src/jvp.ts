// Forward mode as the transpose of reverse mode: vjp's function u -> J^T u is linear in u, so the vjp of that
// function, applied to a tangent v, is J v (the "double vjp" trick; every backward rule computes with differentiable
// ops, so a grad level records it). `torch.func.jvp`'s signature and messages.
import {
  describeValue,
  formatShape,
  formatSpec,
  RuntimeError,
  sameShape,
  Tensor,
  treeFlatten,
  treeUnflatten,
  zerosLike,
} from '@bn/tensor';
import { vjp } from './grad.js';
import type { Differentiable } from './run.js';

/**
 * `torch.func.jvp`: runs `f(...primals)` and returns `[output, jvpOut]`, `jvpOut` the directional derivative of the
 * output along `tangents` (a list shaped like `primals`), shaped like the output.
 */
export function jvp<A extends unknown[], R>(
  f: (...args: A) => R,
  primals: readonly [...A],
  tangents: readonly [...A],
): [R, R];
export function jvp(
  f: Differentiable,
  primals: readonly unknown[],
  tangents: readonly unknown[],
): [unknown, unknown] {
  for (const [name, value] of [
    ['primals', primals],
    ['tangents', tangents],
  ] as const) {
    if (!Array.isArray(value)) {
      throw new RuntimeError(
        `jvp(f, primals, tangents): Expected ${name} to be a tuple. E.g. it should be valid to call f(*primals). ` +
          `Got ${describeValue(value)}`,
      );
    }
  }
  const primalTree = treeFlatten(primals);
  const tangentTree = treeFlatten(tangents);
  if (formatSpec(primalTree.spec) !== formatSpec(tangentTree.spec)) {
    throw new RuntimeError(
      'jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. Got primals with ' +
        `structure ${formatSpec(primalTree.spec)} and tangents with structure ${formatSpec(tangentTree.spec)}`,
    );
  }
  primalTree.leaves.forEach((p, i) => {
    const t = tangentTree.leaves[i];
    if (p instanceof Tensor && !(t instanceof Tensor && sameShape(p.shape, t.shape))) {
      throw new RuntimeError(
        `jvp(f, primals, tangents): Expected primals and tangents to have the same shape, but primal ${i} has shape ` +
          `${formatShape(p.shape)} and its tangent ${t instanceof Tensor ? `shape ${formatShape(t.shape)}` : describeValue(t)}`,
      );
    }
  });
  const [output, pullback] = vjp(f, primals);
  const outputTree = treeFlatten(output);
  // u -> J^T u at u = 0, then the vjp of that linear map along the tangents: J v
  const [, transpose] = vjp(
    (...us: unknown[]) =>
      treeFlatten(pullback(treeUnflatten(us, outputTree.spec))).leaves.filter((l) => l instanceof Tensor),
    outputTree.leaves.map((o) => zerosLike(o as Tensor)),
  );
  const along = transpose(tangentTree.leaves.filter((l) => l instanceof Tensor));
  return [output, treeUnflatten(along, outputTree.spec)];
}
