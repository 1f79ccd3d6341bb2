// Backward rules (PyTorch's tools/autograd/derivatives.yaml, one formula per primitive): given the cotangents of a
// primitive's outputs, the cotangents of its inputs, computed with @bn/tensor's ops so that every transform around
// the backward pass sees them (a vmap outside batches it, a grad outside differentiates it). The table is typed by
// @bn/tensor's registry: every primitive has a rule or is declared non-differentiable.
import type { Aval, FamilyName, ParamsOf, PrimitiveName, PrimitiveNameOf, Tensor } from '@bn/tensor';

/** What a rule reads besides the cotangents. */
export interface VjpContext<P> {
  readonly params: P;
  /** Every input's shape and dtype (null for an absent optional input). */
  readonly inputs: readonly (Aval | null)[];
  /** Every output's shape and dtype. */
  readonly outputs: readonly Aval[];
  /** The primal values of the inputs the rule declared in `saves.inputs` (null elsewhere). */
  readonly savedInputs: readonly (Tensor | null)[];
  /** The primal values of the outputs the rule declared in `saves.outputs` (null elsewhere). */
  readonly savedOutputs: readonly (Tensor | null)[];
  /** Which inputs want a cotangent (the ones being differentiated, directly or through others). */
  readonly needs: readonly boolean[];
}

/** The inputs and outputs whose primal values a formula reads. */
export interface Saves {
  readonly inputs?: readonly number[];
  readonly outputs?: readonly number[];
}

/** The backward rule of a primitive of params `P`. */
export interface VjpRule<P> {
  /**
   * The primal values the formula reads (PyTorch's saved variables), fixed or by params: only these reach the rule,
   * and only these are checked for in-place changes before it runs.
   */
  readonly saves?: Saves | ((params: P) => Saves);
  /**
   * The cotangent of each input (null where `needs` is false or the input has none), from one cotangent per output
   * (zeros where an output got none).
   */
  vjp(cotangents: readonly Tensor[], ctx: VjpContext<P>): (Tensor | null)[];
}

/** A primitive whose outputs carry no gradient (comparisons, argmax, random draws, integer outputs). */
export const NON_DIFFERENTIABLE = 'non-differentiable';

export type BackwardRule<P> = VjpRule<P> | typeof NON_DIFFERENTIABLE;

/** Every primitive's backward rule, or its declaration as non-differentiable. */
export type VjpTable = { readonly [N in PrimitiveName]: BackwardRule<ParamsOf<N>> };

/** Family `F`'s rules: exactly one entry per primitive of the family, typed by its params. */
export type FamilyVjps<F extends FamilyName> = {
  readonly [N in PrimitiveNameOf<F> & PrimitiveName]: BackwardRule<ParamsOf<N>>;
};
