// Batching rules (functorch's `BatchRules*.cpp`, JAX's `primitive_batchers`): one pure function per primitive
// mapping physical values and their batch dims to physical outputs and theirs.
import type { Aval, Inputs, Primitive, Tensor } from '@bn/tensor';

/** A batch dim, or null for a value that is the same for every member of the batch. */
export type Bdim = number | null;

export type Randomness = 'error' | 'different' | 'same';

/** What a rule may need beyond its values: the primitive it serves and the vmap level it runs for. */
export interface BatchContext {
  readonly prim: Primitive<never>;
  /** Size of the mapped dimension. */
  readonly batchSize: number;
  readonly randomness: Randomness;
  /** Name the vmap binds for collectives, if any. */
  readonly axisName: string | undefined;
  /** Each output's shape and dtype for one member (the primitive's shape rule on the logical inputs). */
  readonly avals: readonly Aval[];
  /** Binds `prim` one level down (the primitive the rule serves, with new inputs and params). */
  bind<P>(inputs: Inputs<Tensor>, params: P): Tensor[];
}

/** `(inputs, bdims, params) => [outputs, outBdims]`, with every tensor one level below the vmap. */
export type BatchRule<P = never> = (
  inputs: Inputs<Tensor>,
  bdims: readonly Bdim[],
  params: P,
  ctx: BatchContext,
) => [Tensor[], Bdim[]];

/** A family's rules keyed by primitive name. */
export type RuleTable = Record<string, BatchRule<never>>;

/** Types a rule by its params and erases the type for a rule table. */
export function rule<P>(fn: BatchRule<P>): BatchRule<never> {
  return fn as unknown as BatchRule<never>;
}
