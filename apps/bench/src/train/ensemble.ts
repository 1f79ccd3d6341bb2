// An ensemble's training step in @bn: K SimpleCNNs with BatchNorm in train mode, each on its own batch, all under one
// vmap over their stacked parameters, buffers (running stats, per member) and SGD-with-momentum state (functorch's
// examples/ensembling/parallel_train.py, with @bn/optim's pure sgd init/update), against each member's own stateful
// SGD step in turn.
import { grad } from '@bn/autograd';
import { functionalCall, type Module, stackModuleState } from '@bn/nn';
import { SGD, type SGDState, type StateTree, sgd } from '@bn/optim';
import { nllLoss, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { lossGradient } from './bn.js';
import { LR, MOMENTUM } from './settings.js';

type Dict = Record<string, Tensor>;

/** The ensemble's state under vmap, each tensor with the members along dim 0. */
export interface StackedState {
  params: Dict;
  buffers: Dict;
  state: StateTree<SGDState>;
}

export interface EnsembleWays {
  /** A copy of the members' state as they were, which `vmap` steps. */
  stacked: StackedState;
  /** One step of every member under one vmap. */
  vmap: () => void;
  /** One step of each member module in turn, in place. */
  loop: () => void;
}

/** The two ways for `members` (modules of one class), member k on its batch xs[k], ys[k]. */
export function ensembleWays(members: readonly Module[], xs: Tensor, ys: Tensor): EnsembleWays {
  const [params, buffers] = stackModuleState(members);
  const base = members[0]!;
  const optimizer = sgd({ lr: LR, momentum: MOMENTUM });
  const memberStep = (p: Dict, b: Dict, s: StateTree<SGDState>, x: Tensor, y: Tensor) => {
    const g = grad((q: Dict) => nllLoss(functionalCall<Tensor>(base, [q, b], x), y))(p) as Dict;
    return optimizer.update(g, s, p);
  };
  const mapped = vmap(memberStep) as (...args: unknown[]) => Omit<StackedState, 'buffers'>;
  const init = vmap(optimizer.init) as (p: Dict) => StateTree<SGDState>;
  const stacked: StackedState = { params, buffers, state: init(params) };
  const steps = members.map((m) => {
    const own = Object.fromEntries(m.namedParameters());
    const memberOptimizer = new SGD(m.namedParameters(), { lr: LR, momentum: MOMENTUM });
    const gradient = lossGradient(m);
    return (x: Tensor, y: Tensor) => memberOptimizer.step(gradient(own, x, y));
  });
  return {
    stacked,
    vmap: () => {
      Object.assign(stacked, mapped(stacked.params, stacked.buffers, stacked.state, xs, ys));
    },
    loop: () => {
      steps.forEach((step, k) => {
        step(xs.select(0, k), ys.select(0, k));
      });
    },
  };
}
