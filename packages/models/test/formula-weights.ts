// Deterministic weights and inputs that tools/golden/models_outputs.py computes from the same formula, so a model's
// output can be compared with torchvision's without shipping its weights: a 32-bit integer hash of (stream, index).
import type { Module } from '@bn/nn';
import { copy_, fromTypedArray, type Shape, type Tensor } from '@bn/tensor';

/** The stream of the model inputs (state-dict entry k uses stream k + 1). */
export const INPUT_STREAM = 1000003;

/** A uniform number in [0, 1) with 24 random bits from (stream, index) (the lowbias32 finaliser). */
export function hashUniform(stream: number, index: number): number {
  let x = (Math.imul(index, 0x9e3779b1) + Math.imul(stream, 0x85ebca77)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return (x >>> 8) / 0x1000000;
}

/** The formula's value of a state-dict entry `key` of `shape` at `index`, or null for entries it leaves alone. */
function formulaValue(key: string, shape: Shape, u: number): number | null {
  if (key.endsWith('num_batches_tracked')) return null;
  if (key.endsWith('running_mean')) return 0.1 * (2 * u - 1);
  if (key.endsWith('running_var')) return 0.5 + u;
  if (key.endsWith('weight') && shape.length >= 2) {
    const fanIn = shape.reduce((a, b) => a * b, 1) / shape[0]!;
    return (2 * u - 1) * Math.sqrt(3 / fanIn);
  }
  if (key.endsWith('weight')) return 1 + 0.2 * (2 * u - 1);
  if (key.endsWith('bias')) return 0.1 * (2 * u - 1);
  throw new Error(`formula weights: no rule for ${key}`);
}

/** Overwrites every state-dict entry of `model` (k-th entry: stream k + 1) with the formula's values. */
export function fillFormulaWeights(model: Module): void {
  for (const [k, [key, t]] of Object.entries(model.stateDict()).entries()) {
    if (formulaValue(key, t.shape, 0) === null) continue;
    const values = new Float32Array(t.numel());
    for (let i = 0; i < values.length; i++) values[i] = formulaValue(key, t.shape, hashUniform(k + 1, i))!;
    copy_(t, fromTypedArray(values, t.shape));
  }
}

/** The model input of `shape`: unit-variance uniform values from the input stream. */
export function formulaInput(shape: Shape): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = (2 * hashUniform(INPUT_STREAM, i) - 1) * Math.sqrt(3);
  return fromTypedArray(values, shape);
}
