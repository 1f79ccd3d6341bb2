// Runners for the pool fixtures (tools/golden/pool.py): params carry the kernel size and @bn's option names.
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../src/ops/pool.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  maxPool2d: ([x], { kernelSize, ...options }) => maxPool2d(x!, kernelSize, options),
  avgPool2d: ([x], { kernelSize, ...options }) => avgPool2d(x!, kernelSize, options),
  adaptiveAvgPool2d: ([x], { outputSize }) => adaptiveAvgPool2d(x!, outputSize),
};
