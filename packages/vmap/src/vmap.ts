// The public face of vmap (functorch's `apis.py`): signature, defaults and validation of the options. The
// plumbing (levels, wrapping, chunking) is in run.ts.
import {
  ArgumentTypeError,
  className,
  describeValue,
  expectSyncFunction,
  RuntimeError,
  treeFlatten,
  ValueError,
} from '@bn/tensor';
import type { Randomness } from './rule.js';
import { type DimTree, runVmap } from './run.js';

export type { DimTree } from './run.js';

export interface VmapOptions {
  /** Which dim of each input is mapped: a number for all, or a tree matching the arguments (null: not mapped). */
  inDims?: DimTree;
  /** Where the mapped dim goes in each output: a number for all, or a tree matching the outputs. */
  outDims?: DimTree;
  /** Random ops inside: `'error'` throws, `'different'` draws per member, `'same'` draws once for all. */
  randomness?: Randomness;
  /** Map this many members at a time and concatenate the results (memory for speed); all at once when absent. */
  chunkSize?: number | null;
  /** Binds this name so `psum(x, name)`/`pmean(x, name)` inside reduce over the mapped axis. */
  axisName?: string;
}

/** Anything vmap can map: a function, or a module (an object with `forward`). */
export type Mappable<A extends unknown[], R> = ((...args: A) => R) | { forward(...args: A): R };

const RANDOMNESS: readonly string[] = ['error', 'different', 'same'];

/**
 * `torch.func.vmap`: returns a function that maps `fn` over a dimension of its inputs, pushing the map into every
 * primitive through batching rules (no loop over the members).
 */
export function vmap<A extends unknown[], R>(
  fn: Mappable<A, R>,
  { inDims = 0, outDims = 0, randomness = 'error', chunkSize = null, axisName }: VmapOptions = {},
): (...args: A) => R {
  checkMappable(fn);
  const call = typeof fn === 'function' ? fn : (...args: A) => fn.forward(...args);
  const name = functionName(fn);
  if (!RANDOMNESS.includes(randomness)) {
    throw new RuntimeError(
      `Only allowed values for randomness are 'error', 'different', or 'same'. Got ${String(randomness)}`,
    );
  }
  if (chunkSize !== null && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new ValueError(`vmap: chunk_size should be None or greater than 0. (got ${chunkSize})`);
  }
  if (axisName !== undefined && (typeof axisName !== 'string' || axisName === '')) {
    throw new ValueError(
      `vmap(${name}, ...): expected axisName to be a non-empty string, got ${String(axisName)}`,
    );
  }
  if (chunkSize !== null && axisName !== undefined) {
    throw new ValueError(
      `vmap(${name}, ...): chunkSize cannot be combined with axisName: psum/pmean over '${axisName}' would reduce ` +
        'within each chunk instead of over the whole mapped axis',
    );
  }
  checkOutDims(outDims, name);
  return (...args: A) =>
    runVmap(call as (...a: unknown[]) => unknown, args, {
      name,
      inDims,
      outDims,
      randomness,
      chunkSize,
      axisName,
    }) as R;
}

/**
 * `fn` must be a synchronous function or a module whose `forward` is one: vmap's level ends when the function
 * returns, so an async one would run past its first await outside the vmap.
 */
function checkMappable(fn: unknown): void {
  const isModule =
    typeof fn === 'object' && fn !== null && typeof (fn as { forward?: unknown }).forward === 'function';
  if (!isModule && typeof fn !== 'function') {
    throw new ArgumentTypeError(
      `vmap(): argument 'func' must be a function or a module (an object with a forward method), but got ` +
        describeValue(fn),
    );
  }
  expectSyncFunction(
    'vmap',
    isModule ? 'func.forward' : 'func',
    isModule ? (fn as { forward: unknown }).forward : fn,
  );
}

/** functorch's `_get_name`: the function's name, a module's class name (a @bn/nn module's declared one), or `<anonymous>`. */
function functionName(fn: Mappable<never, unknown>): string {
  if (typeof fn === 'function') return fn.name || '<anonymous>';
  return className(fn);
}

/** `outDims` must be an integer, null, or a tree of those (functorch's `_check_out_dims_is_int_or_int_pytree`). */
function checkOutDims(outDims: DimTree, name: string): void {
  if (!treeFlatten(outDims).leaves.every((d) => d === null || Number.isInteger(d))) {
    throw new ValueError(
      `vmap(${name}, ..., out_dims=${JSON.stringify(outDims)}): \`out_dims\` must be an int or a python collection ` +
        'of ints representing where in the outputs the vmapped dimension should appear.',
    );
  }
}
