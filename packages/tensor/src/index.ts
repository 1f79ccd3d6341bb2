// @bn/tensor: strided tensors, named primitives with eager kernels, and the interpreter stack transforms build on.

export type { DType, TypedArray } from './dtype.js';
export { DTYPES, promoteTypes } from './dtype.js';
export { BnError, DTypeError, IndexError, RuntimeError, ShapeError, ValueError } from './errors.js';
export type { Interpreter } from './interpreter.js';
export {
  bind,
  bind1,
  checkAlive,
  interpreterAt,
  interpreters,
  stackDepth,
  withInterpreter,
} from './interpreter.js';
export * from './ops/collective.js';
export * from './ops/conv.js';
export * from './ops/creation.js';
export * from './ops/elementwise.js';
export * from './ops/indexing.js';
export * from './ops/inplace.js';
export * from './ops/linalg.js';
export * from './ops/loss.js';
export * from './ops/norm.js';
export * from './ops/pool.js';
export * from './ops/random.js';
export * from './ops/reduce.js';
export * from './ops/softmax.js';
export * from './ops/views.js';
export type { Aval, Inputs, Primitive, PrimitiveSpec } from './primitive.js';
export { definePrimitive, getPrimitive, listPrimitives } from './primitive.js';
export { defaultGenerator, Generator, type GeneratorState, manualSeed } from './random/generator.js';
export { currentScope, scopeStack, withScope } from './scope.js';
export type { Shape } from './shape.js';
export { broadcastShapes, contiguousStrides, formatShape, normalizeDim, normalizeDims } from './shape.js';
export { Storage } from './storage.js';
export { type NestedArray, Tensor, type TensorLike } from './tensor.js';
