// The plumbing of vmap (functorch's `vmap.py`): flatten the arguments, check `inDims`, push a level, wrap the
// mapped inputs, run, and move each output's batch dim to its `outDims`; `chunkSize` runs the level per chunk.
import {
  broadcastPrefix,
  cat,
  checkAlive,
  className,
  defaultGenerator,
  expand,
  formatSpec,
  movedim,
  narrow,
  normalizeDim,
  refusePromise,
  Tensor,
  type TreeSpec,
  treeFlatten,
  treeUnflatten,
  unsqueeze,
  ValueError,
  withInterpreter,
} from '@bn/tensor';
import type { Batched } from './batched.js';
import { BatchInterpreter } from './interpreter.js';
import type { Randomness } from './rule.js';

/** A dim per leaf: a number or null, or an array/object of those matching a tree. */
export type DimTree = number | null | readonly DimTree[] | { readonly [key: string]: DimTree };

export interface RunOptions {
  name: string;
  inDims: DimTree;
  outDims: DimTree;
  randomness: Randomness;
  chunkSize: number | null;
  axisName: string | undefined;
}

const show = (d: DimTree): string => JSON.stringify(d);

/** One vmap call, planned: the function, its flattened inputs and their in-dims, the batch size, the options. */
interface MapPlan {
  fn: (...args: unknown[]) => unknown;
  leaves: readonly unknown[];
  spec: TreeSpec;
  /** Each leaf's mapped dim (normalised), or null for a leaf every member shares. */
  inDims: readonly (number | null)[];
  batchSize: number;
  options: RunOptions;
}

/** Calls `fn` on `args` mapped over their `inDims`. */
export function runVmap(fn: (...args: unknown[]) => unknown, args: unknown[], opts: RunOptions): unknown {
  const { name, inDims } = opts;
  const where = `vmap(${name}, in_dims=${show(inDims)}, ...)(<inputs>)`;
  if (inDims === null || (typeof inDims !== 'number' && typeof inDims !== 'object')) {
    throw new ValueError(
      `${where}: expected \`in_dims\` to be int or a (potentially nested) tuple matching the structure of inputs, ` +
        `got: ${inDims === null ? 'null' : typeof inDims}.`,
    );
  }
  if (args.length === 0) {
    throw new ValueError(
      `vmap(${name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying to vmap over a ` +
        'function with no inputs. The latter is unsupported.',
    );
  }
  const { leaves, spec } = treeFlatten(args);
  const dims = broadcastPrefix(inDims, spec);
  if (dims === null) {
    throw new ValueError(
      `${where}: in_dims is not compatible with the structure of \`inputs\`. in_dims has structure ` +
        `${formatSpec(treeFlatten(inDims).spec)} but inputs has structure ${formatSpec(spec)}.`,
    );
  }
  const flatInDims = dims.map((d, i) => checkInDim(d, leaves[i], where));
  const sizes = flatInDims.flatMap((d, i) => (d === null ? [] : [(leaves[i] as Tensor).shape[d]!]));
  if (sizes.length === 0) throw new ValueError('vmap: Expected at least one Tensor to vmap over');
  if (sizes.some((s) => s !== sizes[0])) {
    throw new ValueError(
      `vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [${sizes.join(', ')}] ` +
        'for the mapped dimension',
    );
  }
  const batchSize = sizes[0]!;
  const plan: MapPlan = { fn, leaves, spec, inDims: flatInDims, batchSize, options: opts };
  const chunk = opts.chunkSize ?? batchSize;
  return chunk >= batchSize ? runLevel(plan) : runChunked(plan, chunk);
}

/** Checks one input's in-dim and normalises it (`-ndim <= d < ndim`). */
function checkInDim(d: unknown, leaf: unknown, where: string): number | null {
  if (d === null) return null;
  if (!Number.isInteger(d)) {
    throw new ValueError(
      `${where}: Got in_dim=${String(d)} for an input but in_dim must be either an integer dimension or null.`,
    );
  }
  if (!(leaf instanceof Tensor)) {
    throw new ValueError(
      `${where}: Got in_dim=${d} for an input but the input is of type ${typeName(leaf)}. We cannot vmap over ` +
        'non-Tensor arguments, please use null as the respective in_dim',
    );
  }
  checkAlive(leaf);
  const n = leaf.ndim;
  const dim = d as number;
  if (dim < -n || dim >= n) {
    throw new ValueError(
      `${where}: Got in_dim=${dim} for some input, but that input is a Tensor of dimensionality ${n} so expected ` +
        `in_dim to satisfy -${n} <= in_dim < ${n}.`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return className(x);
  return typeof x;
}

/** One vmap level over the whole batch of `plan`. */
function runLevel({ fn, leaves, spec, inDims, batchSize, options }: MapPlan): unknown {
  const { randomness, axisName } = options;
  return withInterpreter(
    (level) => new BatchInterpreter(level, { batchSize, randomness, axisName }),
    (interp) => {
      const inputs = leaves.map((x, i) => {
        const d = inDims[i]!;
        return d === null ? x : interp.wrap(x as Tensor, d);
      });
      const out = fn(...(treeUnflatten(inputs, spec) as unknown[]));
      refusePromise('vmap', 'func', out);
      return unwrapOutputs(out, interp, options);
    },
  );
}

/** The out-dim of each output leaf (`outDims` broadcast over the outputs' structure), or functorch's error. */
function flatOutDims(out: unknown, spec: TreeSpec, { name, outDims }: RunOptions): (number | null)[] {
  // a single tensor also takes a one-element out-dims array (functorch's `test_out_dims_edge_case`)
  const single = out instanceof Tensor && Array.isArray(outDims) && outDims.length === 1;
  const dims = single ? (outDims as DimTree[]) : broadcastPrefix(outDims, spec);
  if (dims === null) {
    throw new ValueError(
      `vmap(${name}, ..., out_dims=${show(outDims)})(<inputs>): out_dims is not compatible with the structure of ` +
        `\`outputs\`. out_dims has structure ${formatSpec(treeFlatten(outDims).spec)} but outputs has structure ` +
        `${formatSpec(spec)}.`,
    );
  }
  return dims as (number | null)[];
}

/** Moves each output's batch dim to its out-dim (an unbatched output is expanded there). */
function unwrapOutputs(out: unknown, interp: BatchInterpreter, opts: RunOptions): unknown {
  const { name } = opts;
  const { leaves, spec } = treeFlatten(out);
  const dims = flatOutDims(out, spec, opts);
  const unwrapped = leaves.map((leaf, i) => {
    const d = dims[i]!;
    const batched = leaf instanceof Tensor ? interp.unwrap(leaf) : null;
    if (d === null) {
      if (batched) {
        throw new ValueError(
          `vmap(${name}, ...): \`${name}\` can not return a BatchedTensor when out_dim is None`,
        );
      }
      return leaf;
    }
    if (!(leaf instanceof Tensor)) {
      throw new ValueError(
        `vmap(${name}, ...): \`${name}\` must only return Tensors, got type ${typeName(leaf)} as a return.`,
      );
    }
    return batched ? moveBatchDim(batched, d) : expandAt(leaf, d, interp.batchSize);
  });
  return treeUnflatten(unwrapped, spec);
}

function moveBatchDim({ value, bdim }: Batched, d: number): Tensor {
  const dim = normalizeDim(d, value.ndim);
  return dim === bdim ? value : movedim(value, bdim, dim);
}

function expandAt(x: Tensor, d: number, batchSize: number): Tensor {
  const dim = normalizeDim(d, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(dim, 0, batchSize);
  return expand(unsqueeze(x, dim), shape);
}

/**
 * `chunkSize`: runs a level per chunk of the mapped inputs and concatenates each output along its out-dim.
 * Under `randomness: 'same'` every chunk starts from the default generator's state, so all draw the same values.
 */
function runChunked(plan: MapPlan, chunkSize: number): unknown {
  const { leaves, inDims, batchSize, options } = plan;
  const state = defaultGenerator.getState();
  const results: unknown[] = [];
  for (let start = 0; start < batchSize; start += chunkSize) {
    const size = Math.min(chunkSize, batchSize - start);
    if (options.randomness === 'same') defaultGenerator.setState(state);
    const chunkLeaves = leaves.map((x, i) => {
      const d = inDims[i]!;
      return d === null ? x : narrow(x as Tensor, d, start, size);
    });
    results.push(runLevel({ ...plan, leaves: chunkLeaves, batchSize: size }));
  }
  const flat = results.map((r) => treeFlatten(r));
  const { leaves: first, spec: outSpec } = flat[0]!;
  const dims = flatOutDims(results[0], outSpec, options);
  const joined = first.map((leaf, i) => {
    const d = dims[i]!;
    return d === null
      ? leaf
      : cat(
          flat.map((f) => f.leaves[i] as Tensor),
          d,
        );
  });
  return treeUnflatten(joined, outSpec);
}
