// Matching what comes with a step to the parameters: gradients and states are trees shaped like the parameters (a
// dict keyed like `namedParameters`, an array in parameter order, or nested), read at each parameter's position.
// Everything is checked before anything is computed or written.
import {
  ArgumentTypeError,
  DTypeError,
  describeValue,
  formatShape,
  isPlainObject,
  ShapeError,
  sameShape,
  Tensor,
  type TreeSpec,
  ValueError,
} from '@bn/tensor';

/** Where each leaf of `spec` sits: dict keys and array indices joined with dots ('fc.weight', '0'). */
export function leafPaths(spec: TreeSpec, path = ''): string[] {
  if (spec.kind === 'leaf') return [path];
  const names = spec.kind === 'object' ? spec.keys : spec.children.map((_, i) => String(i));
  return spec.children.flatMap((child, i) => leafPaths(child, join(path, names[i]!)));
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function at(path: string): string {
  return path === '' ? '' : ` at '${path}'`;
}

/**
 * The node of `tree` at each leaf position of `spec`. A missing entry (absent key, null, undefined) gives
 * undefined where `allowMissing` (PyTorch skips a parameter whose gradient is None) and throws otherwise; an entry
 * the parameters do not have, or a container of another kind or length, throws.
 */
export function alignTree(
  op: string,
  what: string,
  spec: TreeSpec,
  tree: unknown,
  allowMissing: boolean,
): unknown[] {
  const out: unknown[] = [];
  const walk = (s: TreeSpec, node: unknown, path: string): void => {
    if (node === undefined || node === null) {
      if (!allowMissing) throw new ValueError(`${op}(): ${what} has no entry for '${path}'`);
      for (const _ of leafPaths(s)) out.push(undefined);
      return;
    }
    if (s.kind === 'leaf') {
      out.push(node);
      return;
    }
    if (s.kind === 'array') {
      if (!Array.isArray(node)) {
        throw new ArgumentTypeError(
          `${op}(): ${what}${at(path)} must be an array like the parameters, but got ${describeValue(node)}`,
        );
      }
      if (node.length !== s.children.length) {
        throw new ValueError(
          `${op}(): ${what}${at(path)} has ${node.length} entries, but the parameters have ${s.children.length}`,
        );
      }
      s.children.forEach((child, i) => {
        walk(child, node[i], join(path, String(i)));
      });
      return;
    }
    if (!isPlainObject(node)) {
      throw new ArgumentTypeError(
        `${op}(): ${what}${at(path)} must be a dict like the parameters, but got ${describeValue(node)}`,
      );
    }
    const unknown = Object.keys(node).find((key) => !s.keys.includes(key));
    if (unknown !== undefined) {
      throw new ValueError(
        `${op}(): ${what} has an entry '${join(path, unknown)}' that matches no parameter ` +
          `(the parameters are ${s.keys.map((k) => `'${join(path, k)}'`).join(', ')})`,
      );
    }
    s.children.forEach((child, i) => {
      walk(child, node[s.keys[i]!], join(path, s.keys[i]!));
    });
  };
  walk(spec, tree, '');
  return out;
}

/** A float32 tensor of `shape` (`whose`: where that shape comes from), or a clear error naming `what`. */
function expectFloatOfShape(
  op: string,
  what: string,
  value: unknown,
  shape: readonly number[],
  whose = "the parameter's",
): Tensor {
  if (!(value instanceof Tensor)) {
    throw new ArgumentTypeError(`${op}(): ${what} must be a Tensor, but got ${describeValue(value)}`);
  }
  if (value.dtype !== 'float32') {
    throw new DTypeError(`${op}(): ${what} must be float32, but got ${value.dtype}`);
  }
  if (!sameShape(value.shape, shape)) {
    throw new ShapeError(
      `${op}(): ${what} has shape ${formatShape(value.shape)}, but expected ${whose} shape ${formatShape(shape)}`,
    );
  }
  return value;
}

/** The parameter at `path` as a float32 Tensor (what an optimizer can update). */
export function expectParameter(op: string, path: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new ArgumentTypeError(
      `${op}(): optimizer can only optimize Tensors, but the parameter${at(path)} is ${describeValue(value)}`,
    );
  }
  if (value.dtype !== 'float32') {
    throw new DTypeError(
      `${op}(): optimizer can only optimize float32 Tensors, but the parameter${at(path)} is ${value.dtype}`,
    );
  }
  return value;
}

/** The gradient of `param` (undefined: skipped this step), checked: a float32 tensor of the parameter's shape. */
export function expectGradient(op: string, path: string, param: Tensor, grad: unknown): Tensor | undefined {
  return grad === undefined
    ? undefined
    : expectFloatOfShape(op, `the gradient of '${path}'`, grad, param.shape);
}

/** `state` checked as the state of `param`: a dict of `step` (0-d) and exactly `buffers`, each param-shaped. */
export function expectParamState(
  op: string,
  path: string,
  param: Tensor,
  state: unknown,
  buffers: readonly string[],
): void {
  const what = `the state of '${path}'`;
  if (!isPlainObject(state)) {
    throw new ArgumentTypeError(
      `${op}(): ${what} must be a dict of Tensors, but got ${describeValue(state)}`,
    );
  }
  const expected = ['step', ...buffers];
  const keys = Object.keys(state);
  if (keys.length !== expected.length || !expected.every((k) => keys.includes(k))) {
    throw new ValueError(
      `${op}(): ${what} has the entries [${keys.join(', ')}], but this optimizer keeps [${expected.join(', ')}]`,
    );
  }
  expectFloatOfShape(op, `${what}: step`, state.step, [], "a step count's");
  for (const b of buffers) expectFloatOfShape(op, `${what}: ${b}`, state[b], param.shape);
}
