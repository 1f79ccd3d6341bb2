// The plumbing of grad and vjp (functorch's `_vjp_with_argnums`): push a grad level, wrap the differentiated
// arguments, run the function, unwrap what it returns, and keep the tape for the backward pass, which runs on the
// values one level down (so it can run after the level has returned, as `vjp`'s function does).
import {
  RuntimeError,
  refusePromise,
  Tensor,
  type TreeSpec,
  treeFlatten,
  treeUnflatten,
  withInterpreter,
  zerosLike,
} from '@bn/tensor';
import { backward } from './backward.js';
import { freshVariable, GradInterpreter } from './interpreter.js';
import type { Tracked, Variable } from './tape.js';

/** A function of several arguments, run under a grad level. */
export type Differentiable = (...args: unknown[]) => unknown;

/** One run of a function under a grad level: its outputs one level down, and how to take their cotangents back. */
export interface Trace {
  /** The outputs (without aux), their tensors one level down. */
  readonly output: unknown;
  readonly outputSpec: TreeSpec;
  /** Each output leaf's variable at the level, or null for an output that does not depend on the inputs. */
  readonly outputVariables: readonly (Variable | null)[];
  readonly outputLeaves: readonly unknown[];
  readonly aux: unknown;
  /** The cotangent of every differentiated argument (a tree like `args[argnum]`, or a tuple of them). */
  pullback(cotangents: readonly Tensor[]): unknown;
}

/**
 * Runs `fn(...args)` under a new grad level, differentiating the tensors of `args[i]` for `i` in `argnums`; with
 * `hasAux`, `fn` returns `[output, aux]`. `op` names the API in errors (`grad`, `vjp`).
 */
export function trace(
  op: string,
  fn: Differentiable,
  args: readonly unknown[],
  argnums: readonly number[],
  hasAux: boolean,
  auxMessage: string,
): Trace {
  return withInterpreter(
    (level) => new GradInterpreter(level),
    (interp) => {
      const differentiated = argnums.map((a) => treeFlatten(args[a]));
      const inputVariables = differentiated.map(({ leaves }) =>
        leaves.map((leaf, i) => (leaf instanceof Tensor ? inputVariable(op, leaf, argnums, i) : null)),
      );
      const wrappedArgs = [...args];
      argnums.forEach((a, j) => {
        const { leaves, spec } = differentiated[j]!;
        const wrapped = leaves.map((leaf, i) => {
          const v = inputVariables[j]![i];
          return v ? interp.wrap(leaf as Tensor, v) : leaf;
        });
        wrappedArgs[a] = treeUnflatten(wrapped, spec);
      });
      const result = fn(...wrappedArgs);
      refusePromise(op, 'func', result);
      if (hasAux && !(Array.isArray(result) && result.length === 2)) throw new RuntimeError(auxMessage);
      const [out, aux] = hasAux ? (result as [unknown, unknown]) : [result, undefined];
      const { leaves: outLeaves, spec: outputSpec } = treeFlatten(out);
      const outputVariables = outLeaves.map((leaf) =>
        leaf instanceof Tensor ? (interp.tracked(leaf)?.variable ?? null) : null,
      );
      const outputLeaves = outLeaves.map((leaf) => unwrap(interp, leaf));
      const tape = interp.tape;
      return {
        output: treeUnflatten(outputLeaves, outputSpec),
        outputSpec,
        outputVariables,
        outputLeaves,
        aux: hasAux ? unwrapTree(interp, aux) : undefined,
        pullback(cotangents) {
          const seeds: [Variable, Tensor][] = [];
          outputVariables.forEach((v, k) => {
            if (v) seeds.push([v, cotangents[k]!]);
          });
          const gathered = backward(tape, seeds);
          const grads = differentiated.map(({ leaves, spec }, j) =>
            treeUnflatten(
              leaves.map((leaf, i) => {
                const v = inputVariables[j]![i];
                // an input the output does not depend on gets zeros, as functorch
                return v ? (gathered.get(v) ?? zerosLike(leaf as Tensor)) : leaf;
              }),
              spec,
            ),
          );
          return grads;
        },
      };
    },
  );
}

/** A fresh variable for a differentiated tensor argument, after PyTorch's dtype check. */
function inputVariable(op: string, leaf: Tensor, argnums: readonly number[], i: number): Variable {
  if (leaf.dtype !== 'float32') {
    throw new RuntimeError(
      `${op}: only Tensors of floating point dtype can require gradients, but a tensor of argnums ` +
        `[${argnums.join(', ')}] (leaf ${i}) has dtype ${leaf.dtype}`,
    );
  }
  return freshVariable();
}

/** A tree `fn` returned, its tensors of this level replaced by their values one level down. */
function unwrapTree(interp: GradInterpreter, tree: unknown): unknown {
  const { leaves, spec } = treeFlatten(tree);
  return treeUnflatten(
    leaves.map((leaf) => unwrap(interp, leaf)),
    spec,
  );
}

/** A value `fn` returned, its tensor of this level replaced by the value one level down. */
function unwrap(interp: GradInterpreter, leaf: unknown): unknown {
  if (!(leaf instanceof Tensor)) return leaf;
  const t = interp.tracked(leaf);
  return t ? (t as Tracked).primal : leaf;
}
