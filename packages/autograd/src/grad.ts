// The public face of reverse mode (functorch's `eager_transforms.py`: grad, grad_and_value, vjp): signatures,
// defaults, validation and functorch's messages. The plumbing (levels, tape, pullback) is in run.ts.
import {
  ArgumentTypeError,
  describeValue,
  expectFunction,
  expectOptions,
  expectSyncFunction,
  formatShape,
  formatSpec,
  onesLike,
  RuntimeError,
  sameShape,
  Tensor,
  treeFlatten,
  ValueError,
} from '@bn/tensor';
import { type Differentiable, trace } from './run.js';
import type { ArgnumsOf, AuxOf, Cotangents, NoOptions, OutputOf, Selected, WithAux } from './types.js';

export interface GradOptions {
  /** Which positional arguments to differentiate: one index (the gradient alone) or a list (a list of gradients). */
  argnums?: number | readonly number[];
  /** `f` returns `[output, aux]`: aux is returned beside the gradient, not differentiated. */
  hasAux?: boolean;
}

export interface VjpOptions {
  /** `f` returns `[output, aux]`: aux is returned third, not differentiated. */
  hasAux?: boolean;
}

/** `argnums` as a list of indices into `args`, with functorch's checks. */
function argnumsOf(op: string, argnums: unknown, count: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : argnums;
  if (!Array.isArray(list) || list.length === 0 || !list.every(Number.isInteger)) {
    throw new ArgumentTypeError(
      `${op}: argnums must be int or Tuple[int, ...], got: ${Array.isArray(argnums) ? `[${argnums.join(', ')}]` : describeValue(argnums)}`,
    );
  }
  const normalized = list.map((a: number) => {
    if (a < -count || a >= count) {
      throw new RuntimeError(`${op}: Got argnums=${a}, but only ${count} positional inputs`);
    }
    return a < 0 ? a + count : a;
  });
  if (new Set(normalized).size !== normalized.length) {
    throw new RuntimeError(`${op}: argnums must be unique, got [${list.join(', ')}]`);
  }
  return normalized;
}

/** The checks every transform makes of the function it is given, when it is given. */
function checkFunction(op: string, fn: unknown, options: unknown): void {
  expectFunction(op, 'func', fn);
  expectSyncFunction(op, 'func', fn);
  expectOptions(op, 'options', options);
}

/**
 * `torch.func.grad_and_value`: returns a function that computes the gradient of `f`'s scalar output with respect
 * to the arguments `argnums` and returns `[gradient, output]` (`[gradient, [output, aux]]` with `hasAux`).
 */
export function gradAndValue<A extends unknown[], R, const O extends GradOptions = NoOptions>(
  f: (...args: A) => R,
  options: O = {} as O,
): (...args: A) => [Selected<A, ArgnumsOf<O>>, R] {
  return gradWith('grad_and_value', f, options, (grads, output, aux, hasAux) => [
    grads as Selected<A, ArgnumsOf<O>>,
    (hasAux ? [output, aux] : output) as R,
  ]);
}

/**
 * `torch.func.grad`: returns a function that computes the gradient of `f`'s scalar output with respect to the
 * arguments `argnums` (default 0): a tree like that argument, or a list of them for a list of argnums; with
 * `hasAux`, `[gradient, aux]`. Typed so: `grad((w: Tensor, x: Tensor) => loss)(w, x)` is a Tensor.
 */
export function grad<A extends unknown[], R, const O extends GradOptions = NoOptions>(
  f: (...args: A) => R,
  options: O = {} as O,
): (...args: A) => WithAux<O, [Selected<A, ArgnumsOf<O>>, AuxOf<R>], Selected<A, ArgnumsOf<O>>> {
  return gradWith(
    'grad',
    f,
    options,
    (grads, _output, aux, hasAux) =>
      (hasAux ? [grads, aux] : grads) as WithAux<
        O,
        [Selected<A, ArgnumsOf<O>>, AuxOf<R>],
        Selected<A, ArgnumsOf<O>>
      >,
  );
}

function gradWith<A extends unknown[], R>(
  op: string,
  f: (...args: A) => unknown,
  options: GradOptions,
  result: (grads: unknown, output: Tensor, aux: unknown, hasAux: boolean) => R,
): (...args: A) => R {
  checkFunction(op, f, options);
  const { argnums = 0, hasAux = false } = options;
  const where = `grad_and_value(f)(*args)`;
  return (...args: A) => {
    const nums = argnumsOf(op, argnums, args.length);
    const t = trace(
      op,
      f as Differentiable,
      args,
      nums,
      hasAux,
      `${where}: output of function f should be a tuple: (output, aux) if has_aux is True`,
    );
    const output = t.output;
    if (!(output instanceof Tensor)) {
      throw new RuntimeError(`${where}: Expected f(*args) to return a Tensor, got ${describeValue(output)}`);
    }
    if (output.ndim !== 0) {
      throw new RuntimeError(
        `${where}: Expected f(*args) to return a scalar Tensor, got tensor with ${output.ndim} dims. Maybe you ` +
          'wanted to use the vjp or jacrev APIs instead?',
      );
    }
    const grads = t.pullback([onesLike(output)]) as unknown[];
    return result(typeof argnums === 'number' ? grads[0] : grads, output, t.aux, hasAux);
  };
}

/**
 * `torch.func.vjp`: runs `f(...primals)` and returns `[output, vjpFn]` (`[output, vjpFn, aux]` with `hasAux`);
 * `vjpFn(cotangents)`, cotangents shaped like the output, returns the cotangent of every primal, in a list.
 */
export function vjp<A extends unknown[], R, const O extends VjpOptions = NoOptions>(
  f: (...args: A) => R,
  primals: readonly [...A],
  options?: O,
): WithAux<
  O,
  [OutputOf<R>, (cotangents: Cotangents<OutputOf<R>>) => A, AuxOf<R>],
  [R, (cotangents: Cotangents<R>) => A]
>;
export function vjp(
  f: Differentiable,
  primals: readonly unknown[],
  options: VjpOptions = {},
): [unknown, (cotangents: unknown) => unknown[], ...unknown[]] {
  checkFunction('vjp', f, options);
  if (!Array.isArray(primals)) {
    throw new ArgumentTypeError(
      `vjp(): argument 'primals' must be an array of arguments, but got ${describeValue(primals)}`,
    );
  }
  const { hasAux = false } = options;
  const t = trace(
    'vjp',
    f,
    primals,
    primals.map((_, i) => i),
    hasAux,
    'vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux is True',
  );
  if (t.outputLeaves.length === 0)
    throw new RuntimeError('vjp(f, ...): Expected f to be a function that has non-empty output');
  for (const leaf of t.outputLeaves) {
    if (!(leaf instanceof Tensor) || leaf.dtype !== 'float32') {
      throw new RuntimeError(
        `vjp(f, ...): All outputs of f must be floating-point Tensors, got ${leaf instanceof Tensor ? `Tensor with dtype ${leaf.dtype}` : describeValue(leaf)}`,
      );
    }
  }
  const vjpFn = (cotangents: unknown): unknown[] => {
    const { leaves, spec } = treeFlatten(cotangents);
    if (formatSpec(spec) !== formatSpec(t.outputSpec)) {
      throw new RuntimeError(
        'Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. ' +
          `cotangents: ${formatSpec(spec)}, primal output: ${formatSpec(t.outputSpec)}`,
      );
    }
    leaves.forEach((c, k) => {
      const out = t.outputLeaves[k] as Tensor;
      if (!(c instanceof Tensor)) {
        throw new ValueError(`vjp: expected cotangent ${k} to be a Tensor, but got ${describeValue(c)}`);
      }
      if (!sameShape(c.shape, out.shape)) {
        throw new RuntimeError(
          `Mismatch in shape: grad_output[${k}] has a shape of ${formatShape(c.shape)} and output[${k}] has a ` +
            `shape of ${formatShape(out.shape)}.`,
        );
      }
    });
    return t.pullback(leaves as Tensor[]) as unknown[];
  };
  return hasAux ? [t.output, vjpFn, t.aux] : [t.output, vjpFn];
}
