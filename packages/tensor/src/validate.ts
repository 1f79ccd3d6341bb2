// Checks of the arguments public functions take (PyTorch's "argument 'input' must be Tensor" checks): each
// throws @bn's own error naming the function, the argument, what it expects and what came, before anything runs.
import { expectDType } from './dtype.js';
import { ArgumentTypeError, describeValue, ShapeError, ValueError } from './errors.js';
import type { Aval } from './primitive.js';
import { checkShape, formatShape, type Shape, sameShape } from './shape.js';
import { Tensor } from './tensor.js';
import { isPlainObject } from './tree.js';

/** A number or a boolean, which broadcasts like a 0-d tensor next to tensors (PyTorch's wrapped numbers). */
export type Scalar = number | boolean;

function fail(op: string, arg: string, expected: string, value: unknown): never {
  throw new ArgumentTypeError(
    `${op}(): argument '${arg}' must be ${expected}, but got ${describeValue(value)}`,
  );
}

export function expectTensor(op: string, arg: string, value: unknown): asserts value is Tensor {
  if (!(value instanceof Tensor)) fail(op, arg, 'a Tensor', value);
}

/** A Tensor or null (an absent optional input such as a bias). */
export function expectOptionalTensor(
  op: string,
  arg: string,
  value: unknown,
): asserts value is Tensor | null {
  if (value !== null) expectTensor(op, arg, value);
}

/** Every element of a list of tensors (`cat`, `stack`). */
export function expectTensors(op: string, arg: string, value: unknown): asserts value is readonly Tensor[] {
  if (!Array.isArray(value)) fail(op, arg, 'an array of Tensors', value);
  value.forEach((t, i) => {
    if (!(t instanceof Tensor)) fail(op, `${arg}[${i}]`, 'a Tensor', t);
  });
}

/** A number or a boolean (a string, bigint, null or undefined would turn into NaN or throw later). */
export function expectScalar(op: string, arg: string, value: unknown): asserts value is Scalar {
  if (typeof value !== 'number' && typeof value !== 'boolean') fail(op, arg, 'a number or a boolean', value);
}

/** A Tensor, a number or a boolean. */
export function expectTensorOrScalar(
  op: string,
  arg: string,
  value: unknown,
): asserts value is Tensor | Scalar {
  if (!(value instanceof Tensor) && typeof value !== 'number' && typeof value !== 'boolean') {
    fail(op, arg, 'a Tensor, a number or a boolean', value);
  }
}

export function expectNumber(op: string, arg: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') fail(op, arg, 'a number', value);
}

/** An integer no smaller than `min`. */
export function expectInteger(
  op: string,
  arg: string,
  value: unknown,
  min = -Infinity,
): asserts value is number {
  if (typeof value !== 'number') fail(op, arg, 'an integer', value);
  if (!Number.isInteger(value) || value < min) {
    const expected =
      min === -Infinity ? 'an integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    throw new ValueError(`${op}(): argument '${arg}' must be ${expected}, but got ${value}`);
  }
}

export function expectBoolean(op: string, arg: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') fail(op, arg, 'a boolean', value);
}

export function expectFunction(
  op: string,
  arg: string,
  value: unknown,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') fail(op, arg, 'a function', value);
}

/** A plain options object (a class instance, array or Map is refused: its fields would be silently ignored). */
export function expectOptions(op: string, arg: string, value: unknown): asserts value is object {
  if (!isPlainObject(value)) fail(op, arg, 'an options object', value);
}

/**
 * A dict of named values (a state dict, a dict of modules) as a plain object: a Map, an array or a class instance
 * is refused, since its entries would be silently ignored. `of` names the values in the message.
 */
export function expectDict(
  op: string,
  arg: string,
  value: unknown,
  of: string,
): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) fail(op, arg, `a dict of ${of} (a plain object)`, value);
}

export function expectString(op: string, arg: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') fail(op, arg, 'a string', value);
}

/** An array of integers (a shape or a list of sizes); their range is the caller's rule to check. */
export function expectIntegers(op: string, arg: string, value: unknown): asserts value is readonly number[] {
  if (!Array.isArray(value)) fail(op, arg, 'an array of integers', value);
  value.forEach((v, i) => {
    if (typeof v !== 'number') fail(op, `${arg}[${i}]`, 'an integer', v);
  });
}

const AsyncFunction = (async () => {}).constructor;

/**
 * Refuses an `async` function before it runs. The APIs that take a function and change state around it (a vmap
 * level, swapped parameters, eval mode) end that state when the function returns, which for an async function
 * is at its first `await`: the rest would run outside it.
 */
export function expectSyncFunction(
  op: string,
  arg: string,
  value: unknown,
): asserts value is (...args: never[]) => unknown {
  expectFunction(op, arg, value);
  if (value instanceof AsyncFunction) {
    throw new ArgumentTypeError(
      `${op}(): argument '${arg}' is an async function, but ${op} runs it synchronously: the state it sets up ends ` +
        `when the function returns, at its first await. Await outside ${op} and pass a synchronous function`,
    );
  }
}

/**
 * Refuses a promise that a function given as synchronous returned (the same reason as `expectSyncFunction`); the
 * promise's own rejection is marked handled, so it cannot end the process later as an unhandled rejection.
 */
export function refusePromise(op: string, arg: string, result: unknown): void {
  if (typeof (result as PromiseLike<unknown> | null)?.then !== 'function') return;
  (result as PromiseLike<unknown>).then(undefined, () => {});
  throw new ArgumentTypeError(
    `${op}(): argument '${arg}' returned a Promise, but ${op} runs it synchronously: the state it sets up ended ` +
      `when the function returned, before the promise settled. Await outside ${op} and pass a synchronous function`,
  );
}

/** A shape, or one size for a 1-d shape (`zeros(5)` as `torch.zeros(5)`). */
export type SizeArg = Shape | number;

/** A size argument as a shape, checked: an array of non-negative integers, or one integer for a 1-d shape. */
export function expectSize(op: string, size: unknown): Shape {
  const shape = typeof size === 'number' ? [size] : size;
  expectIntegers(op, 'size', shape);
  checkShape(op, shape);
  return shape;
}

/**
 * Checks that operand `name` of `op` (a backward's gradOutput, say) is float32 of shape `expected`; `what` says where
 * that shape comes from.
 */
export function expectOperand(op: string, name: string, a: Aval, expected: Shape, what: string): void {
  expectDType(op, name, a.dtype, ['float32']);
  if (!sameShape(a.shape, expected)) {
    throw new ShapeError(
      `${op}(): Expected ${name} of shape ${formatShape(expected)} (${what}), but got ${formatShape(a.shape)}`,
    );
  }
}
