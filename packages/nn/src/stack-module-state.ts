// torch.func.stack_module_state: the parameters and buffers of M models of one class stacked along a new leading
// dim, ready for `vmap((p, b, x) => functionalCall(base, [p, b], x))` (an ensemble).
// Mirrors torch/_functorch/functional_call.py.
import {
  ArgumentTypeError,
  describeValue,
  formatShape,
  RuntimeError,
  sameShape,
  stack,
  type Tensor,
} from '@bn/tensor';
import { expectModule } from './expect-module.js';
import type { Module } from './module.js';
import { moduleName } from './module-name.js';

type StateDict = Record<string, Tensor>;

/** `[params, buffers]`: each entry the models' tensors stacked into a new dim 0 of size M (copies). */
export function stackModuleState(models: readonly Module[]): [StateDict, StateDict] {
  const op = 'stackModuleState';
  if (!Array.isArray(models)) {
    throw new ArgumentTypeError(
      `${op}(): argument 'models' must be an array of Modules, but got ${describeValue(models)}`,
    );
  }
  models.forEach((m, i) => {
    expectModule(op, `models[${i}]`, m);
  });
  if (models.length === 0) throw new RuntimeError('stack_module_state: Expected at least one model, got 0.');
  if (!(models.every((m) => m.training) || models.every((m) => !m.training))) {
    throw new RuntimeError('stack_module_state: Expected all models to have the same training/eval mode.');
  }
  const cls = models[0]!.constructor;
  const other = models.find((m) => m.constructor !== cls);
  if (other) {
    throw new RuntimeError(
      `stack_module_state: Expected all models to be of the same class, got ${moduleName(cls)} and ${moduleName(other.constructor)}.`,
    );
  }
  return [
    stackEach(models.map((m) => Object.fromEntries(m.namedParameters()))),
    stackEach(models.map((m) => Object.fromEntries(m.namedBuffers()))),
  ];
}

/** Stacks each key of model 0 across the models, after checking that every model has the same keys and shapes. */
function stackEach(dicts: StateDict[]): StateDict {
  const keys = Object.keys(dicts[0]!);
  dicts.forEach((d, i) => {
    const extra = Object.keys(d).filter((k) => !keys.includes(k));
    const absent = keys.filter((k) => !Object.hasOwn(d, k));
    if (extra.length > 0 || absent.length > 0) {
      throw new RuntimeError(
        `stack_module_state: model ${i} does not have the keys of model 0 (missing: [${absent.join(', ')}], ` +
          `extra: [${extra.join(', ')}])`,
      );
    }
    for (const k of keys) {
      const [a, b] = [dicts[0]![k]!, d[k]!];
      if (!sameShape(a.shape, b.shape) || a.dtype !== b.dtype) {
        throw new RuntimeError(
          `stack_module_state: '${k}' of model ${i} is ${b.dtype} ${formatShape(b.shape)}, but model 0's is ` +
            `${a.dtype} ${formatShape(a.shape)}`,
        );
      }
    }
  });
  return Object.fromEntries(keys.map((k) => [k, stack(dicts.map((d) => d[k]!))]));
}
