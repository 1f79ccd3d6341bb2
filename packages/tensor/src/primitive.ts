// Primitives: named operations with typed params, a shape/dtype rule and an eager implementation that receives
// the avals the rule computed. Mirrors JAX's `core.Primitive` and `lax.py`'s habit of defining every
// interpretation next to the op; each ops file defines its family at once (`defineFamily`).
import type { DType } from './dtype.js';
import type { Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** What a transform needs to know of a tensor without its values. */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Inputs of a primitive: tensors, with `null` for an absent optional input (BatchNorm's weight). */
export type Inputs<T> = readonly (T | null)[];

/**
 * A fact shared by primitives of one shape of computation, which a transform may handle with one rule for all
 * (tinygrad's `GroupOp`): `broadcast`, elementwise over inputs that broadcast together; `perElement`, each element
 * of the one input maps to its own output elements (leading dims untouched); `reduction`, a reduction over
 * `params.dims`; `inplace`, writes input 0 with the other inputs broadcast into it and returns it; `none`, a rule of its own.
 */
export type Kind = 'broadcast' | 'perElement' | 'reduction' | 'inplace' | 'none';

/** A primitive: params `P`, kind `K`, name `N`, family `F` (the ops file that defines it). */
export interface Primitive<
  P = never,
  K extends Kind = Kind,
  N extends string = string,
  F extends string = string,
> {
  readonly name: N;
  /** The file of `ops/` that defines it, and of each transform's rules that mirror it. */
  readonly family: F;
  readonly kind: K;
  /** Validates the inputs and params and returns the outputs' shapes and dtypes. Throws a typed error. */
  readonly shapeRule: (inputs: Inputs<Aval>, params: P) => Aval[];
  /** Runs on concrete (level 0) tensors, after `shapeRule` accepted them and computed `avals`. */
  readonly impl: (inputs: Inputs<Tensor>, params: P, avals: readonly Aval[]) => Tensor[];
  /** Indices of the inputs the primitive may write in place. */
  readonly mutates: readonly number[];
  /**
   * The inputs one call writes, given its params (default: all of `mutates`); batchNorm writes its running stats
   * only in training. Only these must not share memory between elements.
   */
  readonly writes: (params: P) => readonly number[];
  /**
   * True when writing into a target whose elements share memory is well-defined (`fill_` writes one value
   * everywhere); other in-place primitives refuse such targets, as PyTorch's `assert_no_internal_overlap`.
   */
  readonly allowsInternalOverlap: boolean;
  /**
   * How `bind` picks the interpreter: `'inputs'` by the highest level among the inputs; `'top'` always the
   * innermost transform (random draws and collectives must see every vmap even with unbatched inputs).
   */
  readonly dispatch: 'inputs' | 'top';
}

/** Any primitive (its params are unknown to the caller, so none can be passed without a cast). */
export type AnyPrimitive = Primitive<never, Kind, string, string>;

/**
 * How an ops file describes one primitive; `defineFamily` adds its name and family. Written as an object literal
 * `{ ... } satisfies PrimitiveSpec<P, K>`, which types its functions without a call, so a bundler can drop a family
 * that nothing uses.
 */
export interface PrimitiveSpec<P, K extends Kind = 'none'> {
  kind?: K;
  shapeRule: (inputs: Inputs<Aval>, params: P) => Aval[];
  impl: (inputs: Inputs<Tensor>, params: P, avals: readonly Aval[]) => Tensor[];
  mutates?: readonly number[];
  writes?: (params: P) => readonly number[];
  allowsInternalOverlap?: boolean;
  dispatch?: 'inputs' | 'top';
}

// biome-ignore lint/suspicious/noExplicitAny: a spec of any params; the params type is recovered by `infer`
type AnySpec = PrimitiveSpec<any, Kind>;

/** The params of a spec: those its shape rule takes. */
type SpecParams<S> = S extends { shapeRule: (inputs: never, params: infer P) => unknown } ? P : never;

/** The kind of a spec: its `kind` literal, or `none` where it has none. */
type SpecKind<S> = S extends { kind: infer K extends Kind }
  ? K
  : S extends { kind?: infer K extends Kind }
    ? K
    : 'none';

/** The primitive `defineFamily` makes of spec `S` under name `N` in family `F`. */
export type PrimitiveOfSpec<S, N extends string, F extends string> = Primitive<
  SpecParams<S>,
  SpecKind<S>,
  N,
  F
>;

/** The primitives of one family: each spec becomes a primitive named by its key. */
export function defineFamily<F extends string, S extends Record<string, AnySpec>>(
  family: F,
  specs: S,
): { readonly [N in keyof S & string]: PrimitiveOfSpec<S[N], N, F> } {
  const entries = Object.entries(specs).map(([name, s]) => {
    const mutates = s.mutates ?? [];
    const prim: Primitive<unknown> = {
      name,
      family,
      kind: s.kind ?? 'none',
      shapeRule: s.shapeRule,
      impl: s.impl,
      mutates,
      writes: s.writes ?? (() => mutates),
      allowsInternalOverlap: s.allowsInternalOverlap ?? false,
      dispatch: s.dispatch ?? 'inputs',
    };
    return [name, prim];
  });
  return Object.fromEntries(entries) as never;
}
