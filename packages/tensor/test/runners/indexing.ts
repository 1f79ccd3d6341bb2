// Replays tools/golden/indexing.py: cat, stack, pad, flip, gather, indexSelect and oneHot.
import { cat, indexSelect, oneHot, stack } from '../../src/ops/indexing.js';
import { pad } from '../../src/ops/pad.js';
import type { Tensor } from '../../src/tensor.js';
import type { FamilyRunners } from '../fixtures.js';

/** JSON has no infinities: the generator writes them as strings. */
function decodeNumber(v: number | string): number {
  return typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : v;
}

export const runners: FamilyRunners['runners'] = {
  cat: (xs, p) => cat(xs as Tensor[], p.dim),
  stack: (xs, p) => stack(xs as Tensor[], p.dim),
  pad: ([x], p) => pad(x!, p.pad, { mode: p.mode, value: decodeNumber(p.value) }),
  flip: ([x], p) => x!.flip(p.dims),
  gather: ([x, index], p) => x!.gather(p.dim, index!),
  indexSelect: ([x, index], p) => indexSelect(x!, p.dim, index!),
  oneHot: ([x], p) => oneHot(x!, p.numClasses),
};
