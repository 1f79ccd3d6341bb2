// Helpers the backward rules share: summing a cotangent back to the shape of an input that was broadcast.
import { reshape, type Shape, sameShape, sum, type Tensor } from '@bn/tensor';

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
  return reshape(dims.length > 0 ? sum(g, dims, { keepdim: true }) : g, shape);
}
