// Primitives: named operations with typed params, a shape/dtype rule and an eager implementation.
// Mirrors JAX's `core.Primitive` and `lax.py`'s habit of defining every interpretation next to the op.
import type { DType } from './dtype.js';
import { RuntimeError } from './errors.js';
import type { Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** What a transform needs to know of a tensor without its values. */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Inputs of a primitive: tensors, with `null` for an absent optional input (BatchNorm's weight). */
export type Inputs<T> = readonly (T | null)[];

export interface Primitive<P = unknown> {
  readonly name: string;
  /** Validates the inputs and params and returns the outputs' shapes and dtypes. Throws a typed error. */
  readonly shapeRule: (inputs: Inputs<Aval>, params: P) => Aval[];
  /** Runs on concrete (level 0) tensors, after `shapeRule` accepted them. */
  readonly impl: (inputs: Inputs<Tensor>, params: P) => Tensor[];
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
  /** Family name, the file of `ops/` that defines it and of a transform's rules that mirror it. */
  readonly family: string;
}

export interface PrimitiveSpec<P> {
  name: string;
  family: string;
  shapeRule: (inputs: Inputs<Aval>, params: P) => Aval[];
  impl: (inputs: Inputs<Tensor>, params: P) => Tensor[];
  mutates?: readonly number[];
  writes?: (params: P) => readonly number[];
  allowsInternalOverlap?: boolean;
  dispatch?: 'inputs' | 'top';
}

const registry = new Map<string, Primitive<never>>();

/** Defines a primitive and adds it to the registry. Names are unique. */
export function definePrimitive<P>(spec: PrimitiveSpec<P>): Primitive<P> {
  if (registry.has(spec.name)) throw new RuntimeError(`primitive '${spec.name}' is defined twice`);
  const prim: Primitive<P> = {
    name: spec.name,
    family: spec.family,
    shapeRule: spec.shapeRule,
    impl: spec.impl,
    mutates: spec.mutates ?? [],
    writes: spec.writes ?? (() => spec.mutates ?? []),
    allowsInternalOverlap: spec.allowsInternalOverlap ?? false,
    dispatch: spec.dispatch ?? 'inputs',
  };
  registry.set(spec.name, prim as Primitive<never>);
  return prim;
}

/** Every primitive defined so far, in definition order (all of them once `@bn/tensor` is imported). */
export function listPrimitives(): Primitive<never>[] {
  return [...registry.values()];
}

export function getPrimitive(name: string): Primitive<never> | undefined {
  return registry.get(name);
}
