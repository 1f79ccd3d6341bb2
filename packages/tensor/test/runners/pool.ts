// Runners for the pool fixtures (tools/golden/pool.py): the forwards' params carry the kernel size and @bn's option
// names; the backwards' (max pooling's double backward too), bound directly as autograd binds them, are exactly their
// primitives' params.
import { bind1 } from '../../src/interpreter.js';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d, poolPrimitives as P } from '../../src/ops/pool.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  maxPool2d: ([x], { kernelSize, ...options }) => maxPool2d(x!, kernelSize, options),
  avgPool2d: ([x], { kernelSize, ...options }) => avgPool2d(x!, kernelSize, options),
  adaptiveAvgPool2d: ([x], { outputSize }) => adaptiveAvgPool2d(x!, outputSize),
  maxPool2dBackward: (inputs, params) => bind1(P.maxPool2dBackward, inputs, params),
  maxPool2dDoubleBackward: (inputs, params) => bind1(P.maxPool2dDoubleBackward, inputs, params),
  avgPool2dBackward: (inputs, params) => bind1(P.avgPool2dBackward, inputs, params),
  adaptiveAvgPool2dBackward: (inputs, params) => bind1(P.adaptiveAvgPool2dBackward, inputs, params),
};
