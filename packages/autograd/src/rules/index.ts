// The table of backward rules: every family's rules by primitive name (one file per @bn/tensor ops family), typed
// by @bn/tensor's registry.
import type { VjpTable } from '../rule.js';
import { collectiveVjps } from './collective.js';
import { convVjps } from './conv.js';
import { creationVjps } from './creation.js';
import { elementwiseVjps } from './elementwise.js';
import { indexingVjps } from './indexing.js';
import { inplaceVjps } from './inplace.js';
import { linalgVjps } from './linalg.js';
import { lossVjps } from './loss.js';
import { normVjps } from './norm.js';
import { padVjps } from './pad.js';
import { poolVjps } from './pool.js';
import { randomVjps } from './random.js';
import { reduceVjps } from './reduce.js';
import { softmaxVjps } from './softmax.js';
import { viewsVjps } from './views.js';

/** Every primitive's backward rule, or its declaration as non-differentiable (complete: the type checker says so). */
export const vjpRules: VjpTable = {
  ...collectiveVjps,
  ...convVjps,
  ...creationVjps,
  ...elementwiseVjps,
  ...indexingVjps,
  ...inplaceVjps,
  ...linalgVjps,
  ...lossVjps,
  ...normVjps,
  ...padVjps,
  ...poolVjps,
  ...randomVjps,
  ...reduceVjps,
  ...softmaxVjps,
  ...viewsVjps,
};
