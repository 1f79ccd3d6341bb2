// The static types of the transforms' results, read off the function transformed and the options given: a
// gradient has its argument's type (a tree of tensors like it), `argnums` picks arguments, `hasAux` pairs the
// result with f's aux.
import type { Tensor } from '@bn/tensor';

/** Argument `N` of `A`; a negative index counts from the end, so it may be any of them. */
type ArgAt<A extends readonly unknown[], N> = N extends number
  ? `${N}` extends `-${string}`
    ? A[number]
    : A[N]
  : never;

/** The arguments `argnums` `N` selects: one argument for an index, a tuple of them for a list. */
export type Selected<A extends readonly unknown[], N> = N extends readonly number[]
  ? { -readonly [K in keyof N]: ArgAt<A, N[K]> }
  : ArgAt<A, N>;

/** The `argnums` of options `O` (0 when absent). */
export type ArgnumsOf<O> = O extends { argnums: infer N } ? N : 0;

/** f's output and aux when it returns `[output, aux]` (unknown when its type says no pair). */
export type OutputOf<R> = R extends readonly [infer Output, unknown] ? Output : unknown;
export type AuxOf<R> = R extends readonly [unknown, infer Aux] ? Aux : unknown;

/** Cotangents shaped like an output `R` (an array of them may be readonly). */
export type Cotangents<R> = R extends unknown[] ? Readonly<R> : R;

/** The options' type when none are given: argnums 0, no aux. */
export type NoOptions = Record<never, never>;

/** `Yes` with `hasAux: true`, `No` without it, either when the options' type does not say. */
export type WithAux<O, Yes, No> = O extends { hasAux: true }
  ? Yes
  : O extends { hasAux: false }
    ? No
    : 'hasAux' extends keyof O
      ? Yes | No
      : No;

/** A Jacobian of a tensor output: a tensor per selected tensor argument; unknown for other trees. */
export type JacobianOf<Output, S> = [Output] extends [Tensor]
  ? [S] extends [Tensor]
    ? Tensor
    : [S] extends [readonly Tensor[]]
      ? { -readonly [K in keyof S]: Tensor }
      : unknown
  : unknown;
