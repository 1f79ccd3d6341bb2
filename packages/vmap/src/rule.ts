// Batching rules (functorch's `BatchRules*.cpp`, JAX's `primitive_batchers`): one pure function per primitive
// mapping physical values and their batch dims to physical outputs and theirs. The tables are typed by
// @bn/tensor's registry, so a primitive without a rule, or a rule with the wrong params, does not compile.
import type {
  Aval,
  FamilyName,
  Inputs,
  Kind,
  KindOf,
  ParamsOf,
  Primitive,
  PrimitiveName,
  PrimitiveNameOf,
  Tensor,
} from '@bn/tensor';

/** A batch dim, or null for a value that is the same for every member of the batch. */
export type Bdim = number | null;

export type Randomness = 'error' | 'different' | 'same';

/** What a rule may need beyond its values: the primitive it serves and the vmap level it runs for. */
export interface BatchContext<P = never> {
  readonly prim: Primitive<P>;
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
  ctx: BatchContext<P>,
) => [Tensor[], Bdim[]];

/** A rule whose params are not known statically: a kind's rule (it relies on the kind, not the params), or a lookup. */
// biome-ignore lint/suspicious/noExplicitAny: a kind's rule serves primitives of different params
export type AnyBatchRule = BatchRule<any>;

/** One rule per kind that primitives share (every kind but `none`). */
export type KindRules = { readonly [K in Exclude<Kind, 'none'>]: AnyBatchRule };

/** The primitives that need a rule of their own: kind `none`. */
export type OwnRuleName = { [N in PrimitiveName]: KindOf<N> extends 'none' ? N : never }[PrimitiveName];

/** Family `F`'s rules: exactly one for each of its primitives of kind `none`, typed by its params. */
export type FamilyRules<F extends FamilyName> = {
  readonly [N in PrimitiveNameOf<F> & OwnRuleName]: BatchRule<ParamsOf<N>>;
};

/** Every primitive's own rule (the primitives of a kind take their kind's rule). */
export type RuleTable = { readonly [N in OwnRuleName]: BatchRule<ParamsOf<N>> };
