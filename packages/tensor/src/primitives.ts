// The registry: every primitive of @bn/tensor by family, one typed map (jax-js's `PrimitiveParamsImpl`) from which
// transforms type their rule tables: `{ [N in PrimitiveName]: Rule<N> }` is complete by construction. It imports
// every ops file explicitly, so it never depends on a module being loaded for its side effects.
import { collectivePrimitives } from './ops/collective.js';
import { convPrimitives } from './ops/conv.js';
import { creationPrimitives } from './ops/creation.js';
import { elementwisePrimitives } from './ops/elementwise.js';
import { indexingPrimitives } from './ops/indexing.js';
import { inplacePrimitives } from './ops/inplace.js';
import { linalgPrimitives } from './ops/linalg.js';
import { lossPrimitives } from './ops/loss.js';
import { normPrimitives } from './ops/norm.js';
import { padPrimitives } from './ops/pad.js';
import { poolPrimitives } from './ops/pool.js';
import { randomPrimitives } from './ops/random.js';
import { reducePrimitives } from './ops/reduce.js';
import { softmaxPrimitives } from './ops/softmax.js';
import { viewsPrimitives } from './ops/views.js';
import type { AnyPrimitive, Kind, Primitive } from './primitive.js';

/** Every primitive, by family (the file of `ops/` that defines it) and name. */
export const PRIMITIVES = {
  collective: collectivePrimitives,
  conv: convPrimitives,
  creation: creationPrimitives,
  elementwise: elementwisePrimitives,
  indexing: indexingPrimitives,
  inplace: inplacePrimitives,
  linalg: linalgPrimitives,
  loss: lossPrimitives,
  norm: normPrimitives,
  pad: padPrimitives,
  pool: poolPrimitives,
  random: randomPrimitives,
  reduce: reducePrimitives,
  softmax: softmaxPrimitives,
  views: viewsPrimitives,
} as const;

type Families = typeof PRIMITIVES;
export type FamilyName = keyof Families;
/** The names of the primitives of family `F`. */
export type PrimitiveNameOf<F extends FamilyName> = keyof Families[F] & string;
export type PrimitiveName = { [F in FamilyName]: PrimitiveNameOf<F> }[FamilyName];
/** The primitive named `N`, with its params, kind, name and family types. */
export type PrimitiveOf<N extends PrimitiveName> = {
  [F in FamilyName]: N extends keyof Families[F] ? Families[F][N] : never;
}[FamilyName];
export type ParamsOf<N extends PrimitiveName> = PrimitiveOf<N> extends Primitive<infer P, Kind> ? P : never;
export type KindOf<N extends PrimitiveName> = PrimitiveOf<N>['kind'];

let byName: Map<string, AnyPrimitive> | undefined;

/** The primitives by name, built at the first look-up (no work at load, so a bundler may drop unused families). */
function registry(): Map<string, AnyPrimitive> {
  byName ??= new Map(
    Object.values(PRIMITIVES)
      .flatMap((family) => Object.values(family) as AnyPrimitive[])
      .map((p) => [p.name, p]),
  );
  return byName;
}

/** Every primitive, family by family. */
export function listPrimitives(): AnyPrimitive[] {
  return [...registry().values()];
}

/** The primitive named `name`, or undefined. */
export function getPrimitive(name: string): AnyPrimitive | undefined {
  return registry().get(name);
}
