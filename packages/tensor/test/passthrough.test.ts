// Every public op ends in `bind`: under an identity transform (wraps every output, lowers every call to the
// level below) each op of the public API gives the eager values exactly, with every tensor output wrapped at the
// transform's level, and in-place writes reach the tensors the wrappers stand for. Ops that must read values
// (allclose, oneHot inferring its class count) throw the transform's readout error; collectives reach `evaluate`.
// Two walks of the API make adding an op or a Tensor method without a row here fail.
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import {
  abs,
  adaptiveAvgPool2d,
  add,
  add_,
  all,
  allclose,
  amax,
  amin,
  any,
  argmax,
  argmin,
  avgPool2d,
  batchNorm,
  bind,
  bind1,
  cat,
  chunk,
  clamp,
  clamp_,
  clone,
  contiguous,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  copy_,
  crossEntropy,
  detach,
  div,
  div_,
  dropout,
  eq,
  erf,
  exp,
  expand,
  expandAs,
  fill_,
  flatten,
  flip,
  fullLike,
  Generator,
  gather,
  ge,
  gelu,
  groupNorm,
  gt,
  indexSelect,
  instanceNorm,
  isContiguous,
  isclose,
  layerNorm,
  le,
  linear,
  listPrimitives,
  log,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  logSoftmax,
  logsumexp,
  lt,
  type MinMaxResult,
  manualSeed,
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  min,
  minimum,
  movedim,
  mul,
  mul_,
  narrow,
  ne,
  neg,
  nllLoss,
  oneHot,
  onesLike,
  pad,
  permute,
  pmean,
  pow,
  prod,
  psum,
  RuntimeError,
  rand,
  randint,
  randn,
  randperm,
  reciprocal,
  relu,
  relu_,
  reshape,
  rsqrt,
  scalar,
  select,
  sigmoid,
  sign,
  silu,
  slice,
  softmax,
  split,
  sqrt,
  square,
  squeeze,
  stack,
  std,
  sub,
  sub_,
  sum,
  Tensor,
  t,
  tanh,
  tensor,
  thresholdBackward,
  to,
  transpose,
  unflatten,
  unsqueeze,
  variance,
  view,
  where,
  withInterpreter,
  zero_,
  zerosLike,
} from '../src/index.js';
import { normPrimitives } from '../src/ops/norm.js';
import { poolPrimitives as P } from '../src/ops/pool.js';
import { Passthrough } from './passthrough.js';

type Out = Tensor | Tensor[] | MinMaxResult | boolean;

interface Case {
  /** `fn` for the export `fn` of src/index.ts, `#m` for the Tensor method `m`; a space starts a variant label. */
  name: string;
  /** Fresh concrete inputs; the transformed run gets wrapped copies of a second call's. */
  inputs: () => Tensor[];
  call: (...xs: Tensor[]) => Out;
  /** Inputs the call writes in place: they must end up different from fresh ones (and equal to the eager run's). */
  mutates?: number[];
  /** Under the transform the call throws `error`, the interpreter having last seen `after` (null: nothing). */
  throws?: { error: RegExp; after: string | null };
}

// ---- inputs: small, deterministic, exact in float32 ---------------------------------------------------------

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** Both signs, a few repeats. */
const f = (...shape: number[]) =>
  tensor(
    Array.from({ length: count(shape) }, (_, i) => ((i * 7) % 11) / 4 - 1.25),
    shape,
  );
/** Positive values (log, sqrt, variances, pow bases). */
const pos = (...shape: number[]) =>
  tensor(
    Array.from({ length: count(shape) }, (_, i) => (((i * 3) % 7) + 1) / 4),
    shape,
  );
const ints = (values: number[] | number[][]) => tensor(values, undefined, { dtype: 'int32' });
const mask = () =>
  tensor([
    [true, false, true],
    [false, false, true],
  ]);
const gen = () => new Generator(7);

const READOUT = /passthrough: cannot call (item|toTypedArray)\(\)/;
const NO_AXIS = /no vmap binds axis name 'i'/;

// biome-ignore format: the ops on one line each
const BINARY = { add, sub, mul, div, pow, minimum, maximum, eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor };
// biome-ignore format: the ops on one line each
const UNARY = { logicalNot, neg, abs, exp, log, sqrt, rsqrt, sigmoid, tanh, relu, silu, erf, gelu, sign, reciprocal, square };
const names = <T extends object>(o: T) => Object.keys(o) as (keyof T)[];

// biome-ignore format: one row per call keeps the table readable
const cases: Case[] = [
  // ---- elementwise ----
  ...Object.entries(BINARY).map(([n, fn]): Case => ({ name: n, inputs: () => [pos(2, 3), f(3)], call: (a, b) => fn(a!, b!) })),
  ...names(BINARY).map((n): Case => ({ name: `#${n} (number)`, inputs: () => [pos(2, 3)], call: (a) => a![n](0.5) })),
  { name: 'sub (number, tensor)', inputs: () => [f(2, 3)], call: (a) => sub(2, a!) },
  ...Object.entries(UNARY).map(([n, fn]): Case => ({ name: n, inputs: () => [pos(2, 3)], call: (a) => fn(a!) })),
  ...names(UNARY).map((n): Case => ({ name: `#${n}`, inputs: () => [f(2, 3)], call: (a) => a![n]() })),
  { name: '#gelu (tanh)', inputs: () => [f(2, 3)], call: (a) => a!.gelu({ approximate: 'tanh' }) },
  { name: 'zerosLike', inputs: () => [f(2, 3)], call: (a) => zerosLike(a!) },
  { name: 'onesLike (int32)', inputs: () => [f(2, 3)], call: (a) => onesLike(a!, { dtype: 'int32' }) },
  { name: 'fullLike', inputs: () => [f(2, 3)], call: (a) => fullLike(a!, 5) },
  { name: 'where', inputs: () => [mask(), f(2, 3), f(3)], call: (c, a, b) => where(c!, a!, b!) },
  { name: 'where (numbers)', inputs: () => [mask()], call: (c) => where(c!, 1, -1) },
  { name: '#where', inputs: () => [f(2, 3), mask()], call: (a, c) => a!.where(c!, 0) },
  { name: 'clamp', inputs: () => [f(2, 3)], call: (a) => clamp(a!, -0.5, 1) },
  { name: '#clamp', inputs: () => [f(2, 3)], call: (a) => a!.clamp(null, 1) },
  { name: 'thresholdBackward', inputs: () => [f(2, 3), f(3)], call: (g, x) => thresholdBackward(g!, x!, 0) },
  { name: 'to', inputs: () => [f(2, 3)], call: (a) => to(a!, 'int32') },
  { name: '#to', inputs: () => [f(2, 3)], call: (a) => a!.to('bool') },
  { name: '#float', inputs: () => [ints([1, -2, 3])], call: (a) => a!.float() },
  { name: '#int', inputs: () => [f(2, 3)], call: (a) => a!.int() },
  { name: '#bool', inputs: () => [f(2, 3)], call: (a) => a!.bool() },
  { name: 'isclose', inputs: () => [f(2, 3), pos(2, 3)], call: (a, b) => isclose(a!, b!, { atol: 0.5 }) },
  { name: '#isclose', inputs: () => [f(2, 3), f(2, 3)], call: (a, b) => a!.isclose(b!, { equalNan: true }) },
  { name: 'allclose', inputs: () => [f(2, 3), f(2, 3)], call: (a, b) => allclose(a!, b!), throws: { error: READOUT, after: 'all' } },
  { name: '#allclose', inputs: () => [f(2, 3), f(2, 3)], call: (a, b) => a!.allclose(b!), throws: { error: READOUT, after: 'all' } },

  // ---- in place: the wrapped target's base tensor is written ----
  { name: 'add_', inputs: () => [f(2, 3), f(3)], call: (a, b) => add_(a!, b!), mutates: [0] },
  { name: 'add_ (into a view)', inputs: () => [f(2, 3)], call: (a) => [add_(select(a!, 0, 1), 1), a!], mutates: [0] },
  { name: '#add_ (number)', inputs: () => [f(2, 3)], call: (a) => a!.add_(1), mutates: [0] },
  { name: 'sub_', inputs: () => [f(2, 3), f(3)], call: (a, b) => sub_(a!, b!), mutates: [0] },
  { name: '#sub_', inputs: () => [f(2, 3)], call: (a) => a!.sub_(2), mutates: [0] },
  { name: 'mul_', inputs: () => [f(2, 3), f(3)], call: (a, b) => mul_(a!, b!), mutates: [0] },
  { name: '#mul_', inputs: () => [f(2, 3)], call: (a) => a!.mul_(3), mutates: [0] },
  { name: 'div_', inputs: () => [f(2, 3), pos(3)], call: (a, b) => div_(a!, b!), mutates: [0] },
  { name: '#div_', inputs: () => [f(2, 3)], call: (a) => a!.div_(4), mutates: [0] },
  { name: 'copy_', inputs: () => [f(2, 3), pos(3)], call: (a, b) => copy_(a!, b!), mutates: [0] },
  { name: '#copy_ (int32 source)', inputs: () => [f(2, 3), ints([7, 8, 9])], call: (a, b) => a!.copy_(b!), mutates: [0] },
  { name: 'fill_', inputs: () => [f(2, 3)], call: (a) => fill_(a!, 2), mutates: [0] },
  { name: '#fill_', inputs: () => [f(2, 3)], call: (a) => a!.fill_(-1), mutates: [0] },
  { name: 'zero_', inputs: () => [f(2, 3)], call: (a) => zero_(a!), mutates: [0] },
  { name: '#zero_', inputs: () => [f(2, 3)], call: (a) => a!.zero_(), mutates: [0] },
  { name: 'clamp_', inputs: () => [f(2, 3)], call: (a) => clamp_(a!, -0.5, 0.5), mutates: [0] },
  { name: '#clamp_', inputs: () => [f(2, 3)], call: (a) => a!.clamp_(0), mutates: [0] },
  { name: 'relu_', inputs: () => [f(2, 3)], call: (a) => relu_(a!), mutates: [0] },
  { name: '#relu_', inputs: () => [f(2, 3)], call: (a) => a!.relu_(), mutates: [0] },

  // ---- reductions ----
  { name: 'sum', inputs: () => [f(2, 3)], call: (a) => sum(a!, 1, { keepdim: true }) },
  { name: '#sum', inputs: () => [f(2, 3)], call: (a) => a!.sum() },
  { name: 'mean', inputs: () => [f(2, 3)], call: (a) => mean(a!, [0, 1]) },
  { name: '#mean', inputs: () => [f(2, 3)], call: (a) => a!.mean(0) },
  { name: 'variance', inputs: () => [f(2, 3)], call: (a) => variance(a!, 1, { correction: 0 }) },
  { name: '#var', inputs: () => [f(2, 3)], call: (a) => a!.var() },
  { name: 'std', inputs: () => [f(2, 3)], call: (a) => std(a!, 0) },
  { name: '#std', inputs: () => [f(2, 3)], call: (a) => a!.std(1, { keepdim: true }) },
  { name: 'prod', inputs: () => [f(2, 3)], call: (a) => prod(a!, 1) },
  { name: '#prod', inputs: () => [f(2, 3)], call: (a) => a!.prod() },
  { name: 'amax', inputs: () => [f(2, 3)], call: (a) => amax(a!, 0) },
  { name: '#amax', inputs: () => [f(2, 3)], call: (a) => a!.amax() },
  { name: 'amin', inputs: () => [f(2, 3)], call: (a) => amin(a!, -1) },
  { name: '#amin', inputs: () => [f(2, 3)], call: (a) => a!.amin() },
  { name: 'logsumexp', inputs: () => [f(2, 3)], call: (a) => logsumexp(a!, 1) },
  { name: '#logsumexp', inputs: () => [f(2, 3)], call: (a) => a!.logsumexp([0, 1], { keepdim: true }) },
  { name: 'all', inputs: () => [mask()], call: (a) => all(a!, 1) },
  { name: '#all', inputs: () => [f(2, 3)], call: (a) => a!.all() },
  { name: 'any', inputs: () => [mask()], call: (a) => any(a!, 0) },
  { name: '#any', inputs: () => [mask()], call: (a) => a!.any() },
  { name: 'argmax', inputs: () => [f(2, 3)], call: (a) => argmax(a!, 1) },
  { name: '#argmax', inputs: () => [f(2, 3)], call: (a) => a!.argmax() },
  { name: 'argmin', inputs: () => [f(2, 3)], call: (a) => argmin(a!) },
  { name: '#argmin', inputs: () => [f(2, 3)], call: (a) => a!.argmin(0, { keepdim: true }) },
  { name: 'max', inputs: () => [f(2, 3)], call: (a) => max(a!) },
  { name: 'max (dim)', inputs: () => [f(2, 3)], call: (a) => max(a!, 1) },
  { name: '#max', inputs: () => [f(2, 3)], call: (a) => a!.max() },
  { name: '#max (dim)', inputs: () => [f(2, 3)], call: (a) => a!.max(0, { keepdim: true }) },
  { name: 'min', inputs: () => [f(2, 3)], call: (a) => min(a!) },
  { name: 'min (dim)', inputs: () => [f(2, 3)], call: (a) => min(a!, 1) },
  { name: '#min', inputs: () => [f(2, 3)], call: (a) => a!.min() },
  { name: '#min (dim)', inputs: () => [f(2, 3)], call: (a) => a!.min(-1) },

  // ---- softmax and losses ----
  { name: 'softmax', inputs: () => [f(2, 3)], call: (a) => softmax(a!, 1) },
  { name: '#softmax', inputs: () => [f(2, 3)], call: (a) => a!.softmax(0) },
  { name: 'logSoftmax', inputs: () => [f(2, 3)], call: (a) => logSoftmax(a!, 1) },
  { name: '#logSoftmax', inputs: () => [f(2, 3)], call: (a) => a!.logSoftmax(-1) },
  { name: 'crossEntropy', inputs: () => [f(3, 4), ints([0, 3, 1])], call: (x, y) => crossEntropy(x!, y!) },
  { name: 'crossEntropy (weight, ignoreIndex, smoothing)', inputs: () => [f(3, 4), ints([0, 3, 1]), pos(4)], call: (x, y, w) => crossEntropy(x!, y!, { weight: w!, ignoreIndex: 1, labelSmoothing: 0.1 }) },
  { name: 'crossEntropy (probabilities)', inputs: () => [f(3, 4), softmax(pos(3, 4), 1)], call: (x, p) => crossEntropy(x!, p!, { reduction: 'sum', labelSmoothing: 0.2 }) },
  { name: 'nllLoss', inputs: () => [logSoftmax(f(3, 4), 1), ints([2, 0, 1])], call: (x, y) => nllLoss(x!, y!) },
  { name: 'nllLoss (weight, none)', inputs: () => [f(2, 4, 2), ints([[2, 0], [1, 3]]), pos(4)], call: (x, y, w) => nllLoss(x!, y!, { weight: w!, reduction: 'none' }) },

  // ---- linear algebra, convolution, pooling ----
  { name: 'matmul', inputs: () => [f(2, 3), f(3, 2)], call: (a, b) => matmul(a!, b!) },
  { name: '#matmul (vector)', inputs: () => [f(2, 2, 3), f(3)], call: (a, b) => a!.matmul(b!) },
  { name: 'linear', inputs: () => [f(2, 3), f(4, 3), f(4)], call: (x, w, b) => linear(x!, w!, b!) },
  { name: 'linear (no bias)', inputs: () => [f(3), f(2, 3)], call: (x, w) => linear(x!, w!) },
  { name: 'conv2d', inputs: () => [f(1, 2, 4, 4), f(3, 2, 3, 3), f(3)], call: (x, w, b) => conv2d(x!, w!, b!, { padding: 1 }) },
  { name: 'conv2d (stride, groups)', inputs: () => [f(1, 4, 5, 5), f(2, 2, 3, 3)], call: (x, w) => conv2d(x!, w!, null, { stride: 2, groups: 2 }) },
  { name: 'conv2dBackwardInput', inputs: () => [f(1, 3, 4, 4), f(3, 2, 3, 3)], call: (dy, w) => conv2dBackwardInput(dy!, w!, [4, 4], { padding: 1 }) },
  { name: 'conv2dBackwardInput (stride, groups)', inputs: () => [f(1, 2, 2, 2), f(2, 2, 3, 3)], call: (dy, w) => conv2dBackwardInput(dy!, w!, [5, 5], { stride: 2, groups: 2 }) },
  { name: 'conv2dBackwardWeight', inputs: () => [f(1, 3, 4, 4), f(1, 2, 4, 4)], call: (dy, x) => conv2dBackwardWeight(dy!, x!, [3, 3], { padding: 1 }) },
  { name: 'conv2dBackwardWeight (asymmetric padding, unbatched)', inputs: () => [f(2, 3, 5), f(2, 4, 5)], call: (dy, x) => conv2dBackwardWeight(dy!, x!, [3, 3], { padding: [[1, 0], [1, 1]] }) },
  { name: 'maxPool2d', inputs: () => [f(1, 2, 4, 4)], call: (x) => maxPool2d(x!, 2) },
  { name: 'avgPool2d', inputs: () => [f(2, 4, 4)], call: (x) => avgPool2d(x!, 3, { stride: 1, padding: 1 }) },
  { name: 'adaptiveAvgPool2d', inputs: () => [f(1, 2, 5, 4)], call: (x) => adaptiveAvgPool2d(x!, [2, null]) },
  // the pooling backwards have no sugar: autograd binds them
  { name: 'bind1 (maxPool2dBackward)', inputs: () => [f(1, 2, 4, 4), f(1, 2, 4, 4)], call: (g, x) => bind1(P.maxPool2dBackward, [g!, x!], { kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], ceilMode: false }) },
  { name: 'bind1 (maxPool2dDoubleBackward)', inputs: () => [f(1, 2, 4, 4), f(1, 2, 4, 4)], call: (s, x) => bind1(P.maxPool2dDoubleBackward, [s!, x!], { kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], ceilMode: false }) },
  { name: 'bind1 (avgPool2dBackward)', inputs: () => [f(2, 3, 3), f(2, 4, 4)], call: (g, x) => bind1(P.avgPool2dBackward, [g!, x!], { kernelSize: [2, 2], stride: [1, 1], padding: [0, 0], ceilMode: false, countIncludePad: true, divisorOverride: null }) },
  { name: 'bind1 (adaptiveAvgPool2dBackward)', inputs: () => [f(1, 2, 2, 4), f(1, 2, 5, 4)], call: (g, x) => bind1(P.adaptiveAvgPool2dBackward, [g!, x!], { outputSize: [2, 4] }) },

  // ---- normalisation: running stats passed wrapped are updated in their base tensors ----
  { name: 'batchNorm (training)', inputs: () => [f(2, 3, 2), f(3), pos(3), pos(3), f(3)], call: (x, m, v, w, b) => batchNorm(x!, m!, v!, { weight: w!, bias: b!, training: true }), mutates: [1, 2] },
  { name: 'batchNorm (cumulative average)', inputs: () => [f(2, 3, 2), f(3), pos(3), scalar(2, 'int32')], call: (x, m, v, n) => batchNorm(x!, m!, v!, { training: true, momentum: null, numBatchesTracked: n! }), mutates: [1, 2] },
  { name: 'batchNorm (evaluation)', inputs: () => [f(2, 3, 2), f(3), pos(3)], call: (x, m, v) => batchNorm(x!, m!, v!) },
  { name: 'bind (batchNormBackward)', inputs: () => [f(2, 3, 2), f(2, 3, 2), pos(3), f(3), pos(3)], call: (g, x, w, m, v) => bind(normPrimitives.batchNormBackward, [g!, x!, w!, m!, v!], { training: false, eps: 1e-5 })[0]! },
  { name: 'bind (groupNormBackward)', inputs: () => [f(2, 4, 3), f(2, 4, 3), pos(4)], call: (g, x, w) => bind(normPrimitives.groupNormBackward, [g!, x!, w!], { numGroups: 2, eps: 1e-5 })[0]! },
  { name: 'groupNorm', inputs: () => [f(2, 4, 3), pos(4), f(4)], call: (x, w, b) => groupNorm(x!, 2, { weight: w!, bias: b! }) },
  { name: 'layerNorm', inputs: () => [f(2, 3, 4), pos(3, 4), f(3, 4)], call: (x, w, b) => layerNorm(x!, [3, 4], { weight: w!, bias: b! }) },
  { name: 'instanceNorm', inputs: () => [f(2, 3, 4), f(3), pos(3), pos(3)], call: (x, m, v, w) => instanceNorm(x!, { runningMean: m!, runningVar: v!, weight: w! }), mutates: [1, 2] },

  // ---- views and copies ----
  { name: 'view', inputs: () => [f(2, 3)], call: (a) => view(a!, [3, 2]) },
  { name: '#view', inputs: () => [f(2, 3)], call: (a) => a!.view(6) },
  { name: '#view (array)', inputs: () => [f(2, 3)], call: (a) => a!.view([3, -1]) },
  { name: 'reshape', inputs: () => [f(2, 3)], call: (a) => reshape(t(a!), [-1]) },
  { name: '#reshape', inputs: () => [f(2, 3)], call: (a) => a!.reshape(3, 2) },
  { name: 'permute', inputs: () => [f(2, 3, 2)], call: (a) => permute(a!, [2, 0, 1]) },
  { name: '#permute', inputs: () => [f(2, 3, 2)], call: (a) => a!.permute(1, 0, 2) },
  { name: 'transpose', inputs: () => [f(2, 3, 2)], call: (a) => transpose(a!, 0, 2) },
  { name: '#transpose', inputs: () => [f(2, 3)], call: (a) => a!.transpose(-1, 0) },
  { name: 't', inputs: () => [f(2, 3)], call: (a) => t(a!) },
  { name: '#t', inputs: () => [f(3)], call: (a) => a!.t() },
  { name: '#T', inputs: () => [f(2, 3, 2)], call: (a) => a!.T },
  { name: 'expand', inputs: () => [f(3, 1)], call: (a) => expand(a!, [2, 3, 4]) },
  { name: '#expand', inputs: () => [f(3, 1)], call: (a) => a!.expand(-1, 4) },
  { name: 'expandAs', inputs: () => [f(3, 1), f(2, 3, 4)], call: (a, b) => expandAs(a!, b!) },
  { name: '#expandAs', inputs: () => [f(3), f(2, 3)], call: (a, b) => a!.expandAs(b!) },
  { name: 'select', inputs: () => [f(2, 3)], call: (a) => select(a!, 1, -1) },
  { name: '#select', inputs: () => [f(2, 3)], call: (a) => a!.select(0, 1) },
  { name: 'narrow', inputs: () => [f(2, 5)], call: (a) => narrow(a!, 1, 1, 3) },
  { name: '#narrow', inputs: () => [f(4, 2)], call: (a) => a!.narrow(0, -2, 2) },
  { name: 'slice', inputs: () => [f(2, 5)], call: (a) => slice(a!, 1, 1, null, 2) },
  { name: '#slice', inputs: () => [f(4, 2)], call: (a) => a!.slice(0, -3) },
  { name: 'unsqueeze', inputs: () => [f(2, 3)], call: (a) => unsqueeze(a!, -1) },
  { name: '#unsqueeze', inputs: () => [f(2, 3)], call: (a) => a!.unsqueeze(0) },
  { name: 'squeeze', inputs: () => [f(2, 1, 3, 1)], call: (a) => squeeze(a!) },
  { name: '#squeeze', inputs: () => [f(2, 1, 3, 1)], call: (a) => a!.squeeze([1, 2]) },
  { name: 'flatten', inputs: () => [f(2, 3, 2)], call: (a) => flatten(a!, 1) },
  { name: '#flatten', inputs: () => [f(2, 3, 2)], call: (a) => a!.flatten() },
  { name: 'unflatten', inputs: () => [f(2, 6)], call: (a) => unflatten(a!, 1, [3, -1]) },
  { name: '#unflatten', inputs: () => [f(6)], call: (a) => a!.unflatten(0, [2, 3]) },
  { name: 'movedim', inputs: () => [f(2, 3, 4)], call: (a) => movedim(a!, 0, -1) },
  { name: '#movedim', inputs: () => [f(2, 3, 4)], call: (a) => a!.movedim([0, 1], [2, 0]) },
  { name: 'split', inputs: () => [f(5, 2)], call: (a) => split(a!, 2) },
  { name: 'split (sections)', inputs: () => [f(5, 2)], call: (a) => split(a!, [1, 4]) },
  { name: '#split', inputs: () => [f(5, 2)], call: (a) => a!.split(1, 1) },
  { name: 'chunk', inputs: () => [f(5, 2)], call: (a) => chunk(a!, 3) },
  { name: '#chunk', inputs: () => [f(2, 5)], call: (a) => a!.chunk(2, -1) },
  { name: 'contiguous', inputs: () => [f(2, 3)], call: (a) => contiguous(t(a!)) },
  { name: '#contiguous', inputs: () => [f(2, 3)], call: (a) => a!.t().contiguous() },
  { name: 'clone', inputs: () => [f(2, 3)], call: (a) => clone(a!) },
  { name: '#clone', inputs: () => [f(2, 3)], call: (a) => a!.clone() },
  { name: 'detach', inputs: () => [f(2, 3)], call: (a) => detach(a!) },
  { name: '#detach', inputs: () => [f(2, 3)], call: (a) => a!.detach() },

  // ---- joining and indexing ----
  { name: 'cat', inputs: () => [f(2, 3), pos(1, 3)], call: (a, b) => cat([a!, b!]) },
  { name: 'cat (with a concrete int32 tensor)', inputs: () => [f(2, 3)], call: (a) => cat([a!, ints([[1, 2, 3]])]) },
  { name: 'stack', inputs: () => [f(2, 3), pos(2, 3)], call: (a, b) => stack([a!, b!], 1) },
  { name: 'pad', inputs: () => [f(2, 3)], call: (a) => pad(a!, [1, 2], { value: 9 }) },
  { name: 'pad (reflect)', inputs: () => [f(1, 2, 3)], call: (a) => pad(a!, [2, 1], { mode: 'reflect' }) },
  { name: 'flip', inputs: () => [f(2, 3)], call: (a) => flip(a!, [0, 1]) },
  { name: '#flip', inputs: () => [f(2, 3)], call: (a) => a!.flip(-1) },
  { name: 'gather', inputs: () => [f(2, 3), ints([[0, 2], [1, 1]])], call: (a, i) => gather(a!, 1, i!) },
  { name: '#gather', inputs: () => [f(2, 3), ints([[1, 0, 1]])], call: (a, i) => a!.gather(0, i!) },
  { name: 'indexSelect', inputs: () => [f(2, 3), ints([2, 0])], call: (a, i) => indexSelect(a!, 1, i!) },
  { name: '#indexSelect', inputs: () => [f(2, 3), ints([1, 1, 0])], call: (a, i) => a!.indexSelect(0, i!) },
  { name: 'oneHot', inputs: () => [ints([0, 2, 1])], call: (a) => oneHot(a!, 4) },
  { name: 'oneHot (inferred classes)', inputs: () => [ints([0, 2, 1])], call: (a) => oneHot(a!), throws: { error: READOUT, after: null } },

  // ---- random: dispatched to the innermost transform even without inputs ----
  { name: 'randn', inputs: () => [], call: () => randn([2, 3], { generator: gen() }) },
  { name: 'rand', inputs: () => [], call: () => rand([5], { generator: gen() }) },
  { name: 'rand (default generator)', inputs: () => [], call: () => { manualSeed(3); return rand([2, 2]); } },
  { name: 'randint', inputs: () => [], call: () => randint(-2, 5, [4], { generator: gen() }) },
  { name: 'randperm', inputs: () => [], call: () => randperm(6, { generator: gen() }) },
  { name: 'dropout', inputs: () => [f(2, 3)], call: (a) => dropout(a!, 0.5, { generator: gen() }) },

  // ---- collectives: the passthrough binds no axis name, so they reach `evaluate` ----
  { name: 'psum', inputs: () => [f(2, 3)], call: (a) => psum(a!, 'i'), throws: { error: NO_AXIS, after: 'psum' } },
  { name: 'pmean', inputs: () => [f(2, 3)], call: (a) => pmean(a!, 'i'), throws: { error: NO_AXIS, after: 'pmean' } },
];

// ---- running a case ----------------------------------------------------------------------------------------

function tensorsOf(out: Out): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return out;
  if (typeof out === 'object') return [out.values, out.indices];
  return [];
}

const valuesOf = (t: Tensor) => ({ shape: t.shape, dtype: t.dtype, values: t.toArray() });

/** Runs `c` on wrapped copies of fresh inputs; returns the interpreter, the (wrapped) outputs and the bases. */
function runTransformed(c: Case): { p: Passthrough; outs: Tensor[]; bases: Tensor[]; error?: unknown } {
  const bases = c.inputs();
  return withInterpreter(
    (level) => new Passthrough(level),
    (p) => {
      try {
        return { p, outs: tensorsOf(c.call(...bases.map((b) => p.wrap(b)))), bases };
      } catch (error) {
        return { p, outs: [], bases, error };
      }
    },
  );
}

describe('an identity transform sees every op', () => {
  it.each(cases.filter((c) => !c.throws))('$name', (c) => {
    const eagerInputs = c.inputs();
    const expected = tensorsOf(c.call(...eagerInputs));
    const { p, outs, bases, error } = runTransformed(c);
    if (error) throw error;
    expect(p.seen.length, 'primitives the interpreter saw').toBeGreaterThan(0);
    expect(outs.length).toBe(expected.length);
    expect(outs.length).toBeGreaterThan(0);
    outs.forEach((w, i) => {
      expect(w.interpreter, `output ${i} is wrapped by the transform`).toBe(p);
      expect(w.level).toBe(p.level);
      const base = w.payload as Tensor;
      expect(base.level).toBe(0);
      expect([w.shape, w.dtype]).toEqual([base.shape, base.dtype]);
      expect(valuesOf(base), `output ${i}`).toEqual(valuesOf(expected[i]!));
    });
    // writes through wrapped targets land in their base tensors, exactly as the eager run's
    bases.forEach((b, i) => {
      expect(valuesOf(b), `input ${i} after the call`).toEqual(valuesOf(eagerInputs[i]!));
    });
    const fresh = c.inputs();
    for (const i of c.mutates ?? []) {
      expect(valuesOf(bases[i]!), `input ${i} is written`).not.toEqual(valuesOf(fresh[i]!));
    }
  });

  it.each(cases.filter((c) => c.throws))('$name throws under the transform', (c) => {
    const { p, error } = runTransformed(c);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(c.throws!.error);
    expect(p.seen.at(-1) ?? null, 'the last primitive seen before the error').toBe(c.throws!.after);
  });

  it('reaches every registered primitive', () => {
    const seen = new Set(cases.flatMap((c) => runTransformed(c).p.seen));
    expect(listPrimitives().filter((prim) => !seen.has(prim.name))).toEqual([]);
  });

  it('hides layouts from transformed tensors', () => {
    withInterpreter(
      (level) => new Passthrough(level),
      (p) => {
        expect(() => isContiguous(p.wrap(f(2, 3)))).toThrow(
          /memory layout of a tensor transformed by passthrough/,
        );
      },
    );
  });
});

// ---- the table must grow with the API ----------------------------------------------------------------------

/** Tensor members that read values, layout or metadata rather than compute a tensor. */
// biome-ignore format: one line per group
const EXEMPT_METHODS = ['constructor', 'storage', 'ndim', 'numel', 'size', 'toTypedArray', 'toArray', 'item', 'toString', 'isContiguous'];

/** Exports of src/index.ts that are not ops on tensors, by reason. */
// biome-ignore format: one line per group
const EXEMPT_FUNCTIONS: Record<string, string[]> = {
  'creation (no tensor input)': ['arange', 'eye', 'fromTypedArray', 'full', 'linspace', 'ones', 'scalar', 'tensor', 'zeros'],
  'layout readout (tested above)': ['isContiguous'],
  'interpreter stack': ['axisFrame', 'bind', 'bind1', 'checkAlive', 'checkWritable', 'interpreterAt', 'interpreters', 'stackDepth', 'withInterpreter'],
  'primitive registry': ['defineFamily', 'getPrimitive', 'listPrimitives'],
  'random state': ['Generator', 'manualSeed'],
  scopes: ['currentScope', 'scopeStack', 'withScope'],
  pytrees: ['broadcastPrefix', 'formatSpec', 'isPlainObject', 'leafCount', 'treeFlatten', 'treeUnflatten'],
  'shape and dtype helpers': ['broadcastShapes', 'contiguousStrides', 'formatShape', 'normalizeDim', 'normalizeDims', 'promoteTypes', 'sameShape'],
  'error messages': ['className', 'describeValue'],
  'argument checks': ['expectBoolean', 'expectDict', 'expectFunction', 'expectInteger', 'expectIntegers', 'expectNumber', 'expectOptionalTensor', 'expectOptions', 'expectScalar', 'expectSize', 'expectString', 'expectSyncFunction', 'expectTensor', 'expectTensorOrScalar', 'expectTensors', 'refusePromise'],
  'kernel backends and threads': ['getBackend', 'setBackend', 'startThreads', 'wasmFeatures', 'getNumThreads', 'setNumThreads'],
  classes: ['ArgumentTypeError', 'BnError', 'DTypeError', 'IndexError', 'RuntimeError', 'ShapeError', 'ValueError', 'Storage', 'Tensor'],
};

const tableNames = cases.map((c) => c.name.split(' ')[0]!);
const coveredFunctions = new Set(tableNames.filter((n) => !n.startsWith('#')));
const coveredMethods = new Set(tableNames.filter((n) => n.startsWith('#')).map((n) => n.slice(1)));
const methodNames = Object.getOwnPropertyNames(Tensor.prototype);
const functionNames = Object.entries(api)
  .filter(([, v]) => typeof v === 'function')
  .map(([k]) => k);
const exemptFunctions = Object.values(EXEMPT_FUNCTIONS).flat();

describe('the table covers the public API', () => {
  it('has a row for every computing Tensor method', () => {
    const missing = methodNames.filter((m) => !EXEMPT_METHODS.includes(m) && !coveredMethods.has(m));
    expect(missing, 'Tensor methods without a row').toEqual([]);
  });

  it('has a row for every exported function that takes tensors', () => {
    const missing = functionNames.filter((n) => !exemptFunctions.includes(n) && !coveredFunctions.has(n));
    expect(missing, 'exports without a row').toEqual([]);
  });

  it('names only real methods and exports, and exempts only existing ones', () => {
    expect([...coveredMethods].filter((m) => !methodNames.includes(m))).toEqual([]);
    expect([...coveredFunctions].filter((n) => !functionNames.includes(n))).toEqual([]);
    expect(EXEMPT_METHODS.filter((m) => !methodNames.includes(m))).toEqual([]);
    expect(exemptFunctions.filter((n) => !functionNames.includes(n))).toEqual([]);
  });
});
