/**
 * Strided tensors, named primitives with eager kernels, and the interpreter stack transforms build on.
 *
 * @module @bn/tensor
 */

export {
  type BackendName,
  getBackend,
  setBackend,
  startThreads,
  wasmFeatures,
} from './backend.js';
export type { DType, TypedArray } from './dtype.js';
export { DTYPES, promoteTypes } from './dtype.js';
export {
  ArgumentTypeError,
  BnError,
  className,
  DTypeError,
  describeValue,
  IndexError,
  RuntimeError,
  ShapeError,
  ValueError,
} from './errors.js';
export type { AxisFrame, Interpreter } from './interpreter.js';
export {
  axisFrame,
  bind,
  bind1,
  checkAlive,
  checkWritable,
  interpreterAt,
  interpreters,
  stackDepth,
  withInterpreter,
} from './interpreter.js';
// The public ops. Primitive objects stay internal: transforms find them with `listPrimitives`/`getPrimitive`
// and key their rules by primitive name, typed by the registry's `PrimitiveName` and `ParamsOf`.
export { pmean, psum } from './ops/collective.js';
export { allclose, type CloseOptions, isclose } from './ops/compare.js';
export {
  type Conv2dBackwardInputParams,
  type Conv2dBackwardWeightParams,
  type Conv2dGradOptions,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
} from './ops/conv.js';
export type { Conv2dOptions, Conv2dPadding, Conv2dParams } from './ops/conv-params.js';
export {
  arange,
  type DTypeOptions,
  eye,
  fromTypedArray,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  scalar,
  type TensorData,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation.js';
export {
  abs,
  add,
  type ClampParams,
  clamp,
  div,
  eq,
  erf,
  exp,
  type GeluOptions,
  ge,
  gelu,
  gt,
  le,
  log,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  reciprocal,
  relu,
  rsqrt,
  sigmoid,
  sign,
  silu,
  sqrt,
  square,
  sub,
  type ThresholdBackwardParams,
  tanh,
  thresholdBackward,
  to,
  where,
} from './ops/elementwise.js';
export { cat, flip, gather, indexSelect, oneHot, stack } from './ops/indexing.js';
export { add_, clamp_, copy_, div_, fill_, mul_, relu_, sub_, zero_ } from './ops/inplace.js';
export { linear, matmul } from './ops/linalg.js';
export {
  type CrossEntropyOptions,
  crossEntropy,
  type NllLossOptions,
  type NllLossParams,
  nllLoss,
  type Reduction,
} from './ops/loss.js';
export {
  type BatchNormBackwardParams,
  type BatchNormOptions,
  type BatchNormParams,
  batchNorm,
  type GroupNormOptions,
  type GroupNormParams,
  groupNorm,
  type InstanceNormOptions,
  instanceNorm,
  type LayerNormOptions,
  type LayerNormParams,
  layerNorm,
} from './ops/norm.js';
export { type PadMode, type PadOptions, pad } from './ops/pad.js';
export {
  type AdaptiveAvgPool2dParams,
  type AvgPool2dOptions,
  type AvgPool2dParams,
  adaptiveAvgPool2d,
  avgPool2d,
  type IntOrPair,
  type MaxPool2dOptions,
  type MaxPool2dParams,
  maxPool2d,
} from './ops/pool.js';
export {
  type DropoutOptions,
  dropout,
  type RandomOptions,
  rand,
  randint,
  randn,
  randperm,
} from './ops/random.js';
export {
  type ArgReduceParams,
  all,
  amax,
  amin,
  any,
  argmax,
  argmin,
  logsumexp,
  type MinMaxResult,
  max,
  mean,
  min,
  prod,
  type ReduceOptions,
  type ReduceParams,
  std,
  sum,
  type VarOptions,
  type VarParams,
  variance,
} from './ops/reduce.js';
export { logSoftmax, type SoftmaxParams, softmax } from './ops/softmax.js';
export {
  chunk,
  clone,
  contiguous,
  detach,
  expand,
  expandAs,
  flatten,
  isContiguous,
  movedim,
  narrow,
  permute,
  reshape,
  select,
  slice,
  split,
  squeeze,
  t,
  transpose,
  unflatten,
  unsqueeze,
  view,
} from './ops/views.js';
export type { AnyPrimitive, Aval, Inputs, Kind, Primitive, PrimitiveSpec } from './primitive.js';
export { defineFamily } from './primitive.js';
export {
  type FamilyName,
  getPrimitive,
  type KindOf,
  listPrimitives,
  type ParamsOf,
  type PrimitiveName,
  type PrimitiveNameOf,
  type PrimitiveOf,
} from './primitives.js';
export { defaultGenerator, Generator, type GeneratorState, manualSeed } from './random/generator.js';
export { currentScope, scopeStack, withScope } from './scope.js';
export type { Shape } from './shape.js';
export {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  normalizeDim,
  normalizeDims,
  sameShape,
} from './shape.js';
export { Storage } from './storage.js';
export { type NestedArray, Tensor, type TensorLike } from './tensor.js';
export {
  broadcastPrefix,
  formatSpec,
  isPlainObject,
  leafCount,
  type TreeSpec,
  treeFlatten,
  treeUnflatten,
} from './tree.js';
export {
  expectBoolean,
  expectDict,
  expectFunction,
  expectInteger,
  expectIntegers,
  expectNumber,
  expectOptionalTensor,
  expectOptions,
  expectScalar,
  expectSize,
  expectString,
  expectSyncFunction,
  expectTensor,
  expectTensorOrScalar,
  expectTensors,
  refusePromise,
  type Scalar,
  type SizeArg,
} from './validate.js';
export type { WasmFeatures } from './wasm/runtime/features.js';
export { getNumThreads, setNumThreads, type ThreadOptions } from './wasm/runtime/threads.js';
