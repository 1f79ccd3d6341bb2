// The error hierarchy of @bn: one base class, one subclass per kind of mistake.

/** Base class of every error @bn throws on purpose. */
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

/** A bad argument that is not a shape, dtype or index (negative probability, bad option). */
export class ValueError extends BnError {
  override name = 'ValueError';
}

/** An operation that is well-formed but cannot run here (write into overlapping memory, no rule). */
export class RuntimeError extends BnError {
  override name = 'RuntimeError';
}
