// The affine parameters of a norm module made by a user's `normLayer`, for the builders' initialisation: torchvision
// fills `m.weight`/`m.bias` directly; here a module without them (`affine: false`) is left alone instead of failing.
import { init, type Module } from '@bn/nn';
import type { Tensor } from '@bn/tensor';

/** The registered parameter `name` of `m`, or null when it has none. */
function parameter(m: Module, name: 'weight' | 'bias'): Tensor | null {
  return m.slotOf(name) === 'parameter' ? (Reflect.get(m, name) as Tensor | null) : null;
}

/** Fills a norm module's weight with `weight` and its bias with 0, where it has them. */
export function resetAffine(m: Module, weight = 1): void {
  const w = parameter(m, 'weight');
  const b = parameter(m, 'bias');
  if (w !== null) init.constant_(w, weight);
  if (b !== null) init.zeros_(b);
}

/** Fills a norm module's weight with 0, where it has one (`zeroInitResidual`), leaving its bias. */
export function zeroWeight(m: Module): void {
  const w = parameter(m, 'weight');
  if (w !== null) init.zeros_(w);
}
