// The error hierarchy of @bn: one base class, one subclass per kind of mistake.

/** Base class of every error `@bn` throws on purpose. */
export class BnError extends Error {
  override name = 'BnError';
}

/** Shapes that do not fit: wrong rank, sizes that do not broadcast, mismatched dims. */
export class ShapeError extends BnError {
  override name = 'ShapeError';
}

/** A dtype the op does not take. */
export class DTypeError extends BnError {
  override name = 'DTypeError';
}

/** A dim or an index out of range. */
export class IndexError extends BnError {
  override name = 'IndexError';
}

/**
 * An argument of the wrong JavaScript type: a string where a number was expected, `null` where a Tensor was
 * (Python's TypeError; named apart from JavaScript's own `TypeError`, which `@bn` never throws on purpose).
 */
export class ArgumentTypeError extends BnError {
  override name = 'ArgumentTypeError';
}

/** A bad argument that is not a shape, dtype or index (negative probability, bad option). */
export class ValueError extends BnError {
  override name = 'ValueError';
}

/** An operation that is well-formed but cannot run here (write into overlapping memory, no rule). */
export class RuntimeError extends BnError {
  override name = 'RuntimeError';
}

/**
 * An object's class as messages name it: its `Symbol.toStringTag` where it has one (a Tensor's, a @bn/nn module's
 * declared name: a bundler may rename the class), else its constructor's name.
 */
export function className(value: object): string {
  const tag = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  return typeof tag === 'string' ? tag : (value.constructor?.name ?? 'object');
}

/** How a wrong argument is named in an error message: `null`, `undefined`, `a number`, `an array`, `a Tensor`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const kind = typeof value === 'object' ? className(value as object) : typeof value;
  return `${/^[aeiouAEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
