// Jacobians (`torch.func.jacrev`, `jacfwd`, `hessian`): rows by reverse mode (one pullback per output element) or
// columns by forward mode (one jvp per input element), arranged as functorch arranges them: for each output leaf,
// the Jacobian with respect to each differentiated argument, shaped output.shape + input.shape. Rows and columns are
// computed one at a time: batching them would need vmap, which this package does not import.
import {
  expectInteger,
  RuntimeError,
  reshape,
  stack,
  type Tensor,
  tensor,
  treeFlatten,
  treeUnflatten,
  zeros,
  zerosLike,
} from '@bn/tensor';
import { vjp } from './grad.js';
import { jvp } from './jvp.js';
import type { Differentiable } from './run.js';
import type { ArgnumsOf, AuxOf, JacobianOf, NoOptions, OutputOf, Selected, WithAux } from './types.js';

/** What a jacrev/jacfwd of `f: (...args: A) => R` with options `O` returns. */
export type JacobianFn<A extends unknown[], R, O> = (
  ...args: A
) => WithAux<
  O,
  [JacobianOf<OutputOf<R>, Selected<A, ArgnumsOf<O>>>, AuxOf<R>],
  JacobianOf<R, Selected<A, ArgnumsOf<O>>>
>;

export interface JacobianOptions {
  /** Which positional arguments: one index (its Jacobian) or a list (a list of Jacobians). */
  argnums?: number | readonly number[];
  /** `f` returns `[output, aux]`: aux is returned beside the Jacobian. */
  hasAux?: boolean;
}

export interface JacrevOptions extends JacobianOptions {
  /** Accepted as functorch's, a positive integer or null; rows are computed one at a time whatever it is. */
  chunkSize?: number | null;
}

/** The argnums as a list, and whether a single index was given. */
function argnumList(argnums: number | readonly number[]): [number[], boolean] {
  return typeof argnums === 'number' ? [[argnums], true] : [[...argnums], false];
}

/** `f` with only the `argnums` arguments free (the others fixed to `args`), and aux split off when `hasAux`. */
function restricted(f: Differentiable, args: readonly unknown[], nums: readonly number[], hasAux: boolean) {
  let aux: unknown;
  const call = (...free: unknown[]) => {
    const all = [...args];
    nums.forEach((a, j) => {
      all[a] = free[j];
    });
    const out = f(...all);
    if (!hasAux) return out;
    if (!(Array.isArray(out) && out.length === 2)) {
      throw new RuntimeError(
        'jacrev(f, ...)(*args): output of function f should be a tuple: (output, aux) if has_aux is True',
      );
    }
    aux = out[1];
    return out[0];
  };
  return { call, aux: () => aux };
}

/**
 * Arranges per-(output leaf, argnum) Jacobians: `block(k, j)` for output leaf k and argnum j is a tree like
 * argument j. Returns the output tree of (one block, or a list of blocks per argnum).
 */
function arrange(
  outputSpec: ReturnType<typeof treeFlatten>['spec'],
  outputs: number,
  single: boolean,
  nums: number[],
  block: (k: number, j: number) => unknown,
): unknown {
  const leaves = Array.from({ length: outputs }, (_, k) =>
    single ? block(k, 0) : nums.map((_, j) => block(k, j)),
  );
  return treeUnflatten(leaves, outputSpec);
}

/**
 * `torch.func.jacrev`: returns a function computing the Jacobian of `f`'s output with respect to the arguments
 * `argnums` (default 0) by reverse mode; with `hasAux`, `[jacobian, aux]`.
 */
export function jacrev<A extends unknown[], R, const O extends JacrevOptions = NoOptions>(
  f: (...args: A) => R,
  options?: O,
): JacobianFn<A, R, O>;
export function jacrev(f: Differentiable, options: JacrevOptions = {}): (...args: unknown[]) => unknown {
  const { argnums = 0, hasAux = false, chunkSize = null } = options;
  if (chunkSize !== null) expectInteger('jacrev', 'chunkSize', chunkSize, 1);
  const [nums, single] = argnumList(argnums);
  return (...args: unknown[]) => {
    const g = restricted(f, args, nums, hasAux);
    const [output, pullback] = vjp(
      g.call,
      nums.map((a) => args[a]),
    );
    const { leaves: outs, spec } = treeFlatten(output);
    const inputTrees = nums.map((a) => treeFlatten(args[a]));
    // rows[k][j][i]: the Jacobian of output leaf k with respect to leaf i of argument j, as rows
    const jacobians = outs.map((out, k) => {
      const o = out as Tensor;
      const rows = Array.from({ length: o.numel() }, (_, e) => {
        const cotangents = outs.map((other, m) => (m === k ? basis(o, e) : zerosLike(other as Tensor)));
        return pullback(treeUnflatten(cotangents, spec));
      });
      return inputTrees.map(({ leaves, spec: inSpec }, j) =>
        treeUnflatten(
          leaves.map((leaf, i) => {
            const parts = rows.map((r) => treeFlatten(r[j]).leaves[i] as Tensor);
            return shaped(parts, o.shape, (leaf as Tensor).shape);
          }),
          inSpec,
        ),
      );
    });
    const jac = arrange(spec, outs.length, single, nums, (k, j) => jacobians[k]![j]);
    return hasAux ? [jac, g.aux()] : jac;
  };
}

/**
 * `torch.func.jacfwd`: returns a function computing the Jacobian of `f`'s output with respect to the arguments
 * `argnums` (default 0) by forward mode, one jvp per input element; with `hasAux`, `[jacobian, aux]`.
 */
export function jacfwd<A extends unknown[], R, const O extends JacobianOptions = NoOptions>(
  f: (...args: A) => R,
  options?: O,
): JacobianFn<A, R, O>;
export function jacfwd(f: Differentiable, options: JacobianOptions = {}): (...args: unknown[]) => unknown {
  const { argnums = 0, hasAux = false } = options;
  const [nums, single] = argnumList(argnums);
  return (...args: unknown[]) => {
    const g = restricted(f, args, nums, hasAux);
    const primals = nums.map((a) => args[a]);
    const inputs = primals.map((p) => treeFlatten(p));
    // columns[j][i][e]: the derivative of every output leaf along element e of leaf i of argument j
    const columns = inputs.map(({ leaves }, j) =>
      leaves.map((leaf, i) =>
        Array.from({ length: (leaf as Tensor).numel() }, (_, e) => {
          const tangents = inputs.map((input, jj) =>
            treeUnflatten(
              input.leaves.map((l, ii) =>
                jj === j && ii === i ? basis(l as Tensor, e) : zerosLike(l as Tensor),
              ),
              input.spec,
            ),
          );
          return treeFlatten(jvp(g.call, primals, tangents)[1]).leaves as Tensor[];
        }),
      ),
    );
    const { leaves: outs, spec } = treeFlatten(g.call(...primals));
    const jac = arrange(spec, outs.length, single, nums, (k, j) =>
      treeUnflatten(
        inputs[j]!.leaves.map((leaf, i) => {
          const parts = columns[j]![i]!.map((c) => c[k]!);
          const out = outs[k] as Tensor;
          // columns are stacked last: [input elements] + output shape, then moved behind the output dims
          const stacked = parts.length > 0 ? stack(parts, -1) : zeros([...out.shape, 0]);
          return reshape(stacked, [...out.shape, ...(leaf as Tensor).shape]);
        }),
        inputs[j]!.spec,
      ),
    );
    return hasAux ? [jac, g.aux()] : jac;
  };
}

/** `torch.func.hessian`: the Jacobian of the Jacobian, `jacfwd(jacrev(f, argnums), argnums)`. */
export function hessian<
  A extends unknown[],
  R,
  const O extends { argnums?: number | readonly number[] } = NoOptions,
>(f: (...args: A) => R, options?: O): (...args: A) => JacobianOf<R, Selected<A, ArgnumsOf<O>>>;
export function hessian(
  f: Differentiable,
  options: { argnums?: number | readonly number[] } = {},
): (...args: unknown[]) => unknown {
  const { argnums = 0 } = options;
  return jacfwd(jacrev(f, { argnums }), { argnums });
}

/** A one-hot tensor shaped like `t`, 1 at flat element `e`. */
function basis(t: Tensor, e: number): Tensor {
  const data = new Float32Array(t.numel());
  data[e] = 1;
  return tensor(data, t.shape);
}

/** Rows (one per output element, each shaped like the input) as output.shape + input.shape. */
function shaped(rows: Tensor[], outShape: readonly number[], inShape: readonly number[]): Tensor {
  const stacked = rows.length > 0 ? stack(rows) : zeros([0, ...inShape]);
  return reshape(stacked, [...outShape, ...inShape]);
}
