// What a training step should change, computed in float64 from values read out of @bn, to cross-check a step before
// it is timed: the change of each weight after a step (new - old), plain SGD's -lr * g, and DP-SGD's without noise
// (Opacus's recipe: each sample's gradient scaled by min(1, C / (norm + eps)), its norm over all parameters together;
// summed; divided by the batch size).
import type { Tensor } from '@bn/tensor';
import type { GradientValues } from '../grad/gradients.js';
import { CLIP_EPS, LR, MAX_GRAD_NORM } from './settings.js';

/** Copies of the values of `tensors` (weights, gradients) by name. */
export const valuesOf = (tensors: Record<string, Tensor>): GradientValues =>
  Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, Float64Array.from(t.toTypedArray())]));

/** after - before, for each weight of `before`. */
export function changes(before: GradientValues, after: GradientValues): GradientValues {
  return Object.fromEntries(
    Object.entries(before).map(([k, b]) => [k, Float64Array.from(b, (v, i) => after[k]![i]! - v)]),
  );
}

/** Plain SGD's change of each weight: -lr * g. */
export const sgdChange = (grads: GradientValues): GradientValues =>
  Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, Float64Array.from(g, (v) => -LR * v)]));

/** DP-SGD's change without noise, from one dict of gradients per sample (a loop of grad). */
export function dpSgdChange(perSample: readonly GradientValues[]): GradientValues {
  const names = Object.keys(perSample[0]!);
  const sum = Object.fromEntries(names.map((k) => [k, new Float64Array(perSample[0]![k]!.length)]));
  for (const grads of perSample) {
    let squares = 0;
    for (const k of names) for (let i = 0; i < grads[k]!.length; i++) squares += grads[k]![i]! ** 2;
    const factor = Math.min(1, MAX_GRAD_NORM / (Math.sqrt(squares) + CLIP_EPS));
    for (const k of names) for (let i = 0; i < grads[k]!.length; i++) sum[k]![i]! += factor * grads[k]![i]!;
  }
  return sgdChange(Object.fromEntries(names.map((k) => [k, sum[k]!.map((s) => s / perSample.length)])));
}
