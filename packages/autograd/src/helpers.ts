// Helpers the backward rules share: summing a cotangent back to the shape of an input that was broadcast or reduced,
// placing it back where a slice took its values, and calling a primitive by name with the params a rule holds.
import {
  bind,
  expand,
  getPrimitive,
  movedim,
  type ParamsOf,
  type PrimitiveName,
  pad,
  reshape,
  type Shape,
  sameShape,
  sum,
  type Tensor,
  unsqueeze,
} from '@bn/tensor';

/**
 * `g` summed down to `shape` (PyTorch's `sum_to`): over the leading dims broadcasting added and over the dims where
 * `shape` has size 1 and `g` does not.
 */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims = g.shape
    .map((_, d) => d)
    .filter((d) => d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1));
  return reshape(sumOver(g, dims, true), shape);
}

/** A public reduction of @bn/tensor (`sum`, `mean`, `prod`): an empty list of dims is every dim. */
type Reduction = (t: Tensor, dims: number[], options: { keepdim: boolean }) => Tensor;

/**
 * `reduce` of `t` over `dims`, or `t` itself when there are none: a primitive's params with no dims reduce nothing,
 * while the public function would take every dim.
 */
export function reduceOver(reduce: Reduction, t: Tensor, dims: readonly number[], keepdim = false): Tensor {
  return dims.length > 0 ? reduce(t, [...dims], { keepdim }) : t;
}

/** `t` summed over `dims`, or `t` itself when there are none. */
export function sumOver(t: Tensor, dims: readonly number[], keepdim = false): Tensor {
  return reduceOver(sum, t, dims, keepdim);
}

/**
 * The transpose of a strided slice: a tensor of `size` along `dim` holding g's entries at `start`, `start + step`,
 * ... and zeros elsewhere (g's entries interleaved with step - 1 zeros, then padded).
 */
export function unslice(g: Tensor, dim: number, start: number, step: number, size: number): Tensor {
  let h = movedim(g, dim, -1);
  const n = h.shape[h.ndim - 1]!;
  if (step > 1) h = reshape(pad(unsqueeze(h, -1), [0, step - 1]), [...h.shape.slice(0, -1), n * step]);
  const length = h.shape[h.ndim - 1]!;
  return movedim(pad(h, [start, size - start - length]), -1, dim);
}

/** A reduction's cotangent `g` (over `dims` of `shape`, kept or dropped) broadcast back over `shape`. */
export function expandReduced(g: Tensor, shape: Shape, dims: readonly number[], keepdim: boolean): Tensor {
  const kept = shape.map((s, d) => (dims.includes(d) ? 1 : s));
  return expand(keepdim ? g : reshape(g, kept), shape);
}

/**
 * The output of the primitive named `name` on `inputs` with normalised `params`: for the primitives a rule calls that
 * have no public function (the pooling gradients), or whose function would normalise again what a rule's params
 * already are (conv2d with per-side padding).
 */
export function callPrimitive<N extends PrimitiveName>(
  name: N,
  inputs: readonly (Tensor | null)[],
  params: ParamsOf<N>,
): Tensor {
  return callPrimitiveOutputs(name, inputs, params)[0]!;
}

/** Every output of the primitive named `name` (see `callPrimitive`). */
export function callPrimitiveOutputs<N extends PrimitiveName>(
  name: N,
  inputs: readonly (Tensor | null)[],
  params: ParamsOf<N>,
): Tensor[] {
  return bind(getPrimitive(name)!, inputs, params as never);
}
