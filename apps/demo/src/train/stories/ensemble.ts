// Story 4: an ensemble of K BatchNorm networks trained under one vmap. Parameters, buffers (each member's running
// stats) and optimizer state are stacked along a new dim; one vmapped step computes every member's gradient
// (grad through functionalCall) and applies the optimizer's pure update. It equals training the K networks one after
// another with the stateful optimizer, is faster, and the members' averaged prediction beats each member.
import { gradAndValue } from '@bn/autograd';
import { functionalCall, type Module, stackModuleState } from '@bn/nn';
import { Adam, type AdamState, adam, type StateTree } from '@bn/optim';
import { evalMode } from '@bn/patch';
import { exp, stack, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { maxAbsDiff } from '../../story/compare.js';
import { formatDiff, formatSeconds } from '../../story/format.js';
import { trainLoop } from '../loop.js';
import { accuracy, batchLoss, heldOutAccuracy, inChunks, type Params, paramsOf } from '../loss.js';
import { addCurve, checkClose, percent, timed } from '../report.js';
import { simpleCnn } from '../simple-cnn.js';
import type { TrainStory } from '../types.js';

const OPTIONS = { lr: 1e-3 };
type State = StateTree<AdamState>;
/** Float32: the vmapped members run the same kernels on folded batches; the largest difference allowed in losses
 * and final weights. */
export const ENSEMBLE_TOLERANCE = 1e-4;

export const ensemble: TrainStory = {
  id: 'ensemble',
  title: 'An ensemble of BatchNorm networks trained under one vmap, optimizer state included',
  code: 'vmap(step, { inDims: [0, 0, 0, null, null] })(params, buffers, optimizerState, images, labels)',
  run(ctx, report) {
    const { config, data } = ctx;
    const K = config.members;
    const loop = { batch: config.batch, epochs: config.epochs };
    const members = (): Module[] => Array.from({ length: K }, (_, k) => simpleCnn(config.seed + k));

    ctx.phase(`${K} networks one after another`);
    const sequential = members();
    const sequentialCurves = sequential.map((_, k) => addCurve(report, `member ${k}, alone`));
    const [, sequentialMs] = timed(() =>
      sequential.forEach((model, k) => {
        const params = paramsOf(model);
        const optimizer = new Adam(params, OPTIONS);
        trainLoop(ctx, [sequentialCurves[k]!], data.train, loop, (x, y) => {
          const [grads, loss] = gradAndValue(batchLoss(model))(params, x, y) as [Params, Tensor];
          optimizer.step(grads);
          return [loss.item()];
        });
      }),
    );

    ctx.phase(`the ${K} networks under one vmap`);
    const base = members()[0]!;
    const [initialParams, buffers] = stackModuleState(members());
    let params = initialParams;
    const optimizer = adam(OPTIONS);
    let state = vmap((p: Params) => optimizer.init(p))(params) as State;
    const step = (p: Params, b: Params, s: State, x: Tensor, y: Tensor) => {
      const [grads, loss] = gradAndValue((q: Params) => batchLoss(base)({ ...q, ...b }, x, y))(p) as [
        Params,
        Tensor,
      ];
      const next = optimizer.update(grads, s, p);
      return [next.params, next.state, loss];
    };
    const vmappedStep = vmap(step, { inDims: [0, 0, 0, null, null] });
    const vmapCurves = Array.from({ length: K }, (_, k) => addCurve(report, `member ${k}, under vmap`));
    const [steps, vmapMs] = timed(() =>
      trainLoop(ctx, vmapCurves, data.train, loop, (x, y) => {
        const [next, nextState, losses] = vmappedStep(params, buffers, state, x, y) as [
          Params,
          State,
          Tensor,
        ];
        [params, state] = [next, nextState];
        return losses.toArray() as number[];
      }),
    );

    const lossDiff = Math.max(
      ...vmapCurves.flatMap((c, k) => c.losses.map((l, i) => Math.abs(l - sequentialCurves[k]!.losses[i]!))),
    );
    const states = sequential.map((m) => m.stateDict());
    const weightsDiff = maxAbsDiff(
      Object.entries({ ...params, ...buffers })
        .filter(([, t]) => t.dtype === 'float32')
        .map(([key, t]) => [t, stack(states.map((s) => s[key]!))] as const),
    );

    ctx.phase('scoring the members and their average on the held-out digits');
    const logProbs = evalMode(base, () =>
      inChunks(
        (x) =>
          vmap((p: Params, b: Params) => functionalCall<Tensor>(base, [p, b], x))(params, buffers) as Tensor,
        data.test.images,
        1,
      ),
    );
    const memberAcc = Array.from({ length: K }, (_, k) => accuracy(logProbs.select(0, k), data.test.labels));
    const ensembleAcc = accuracy(exp(logProbs).mean(0), data.test.labels);
    const aloneAcc = sequential.map((m) => heldOutAccuracy(m, data.test));

    report.facts.push(
      `${K} SimpleCNNs with BatchNorm (seeds ${config.seed}..${config.seed + K - 1}), ${steps} steps of ${config.batch} digits each, Adam lr ${OPTIONS.lr}`,
      `one after another ${formatSeconds(sequentialMs)}, under one vmap ${formatSeconds(vmapMs)}: ${(sequentialMs / vmapMs).toFixed(2)}x faster`,
      `largest |difference| from the sequential runs: losses ${formatDiff(lossDiff)}, weights and running stats ${formatDiff(weightsDiff)}`,
      `held-out accuracy: members ${memberAcc.map(percent).join(', ')}; their averaged prediction ${percent(ensembleAcc)}`,
    );
    Object.assign(report.metrics, {
      lossDiff,
      weightsDiff,
      speedup: sequentialMs / vmapMs,
      sequentialMs,
      vmapMs,
      ensembleAccuracy: ensembleAcc,
      bestMemberAccuracy: Math.max(...memberAcc),
    });
    checkClose(
      report,
      'the vmapped members lose what the sequential runs lose',
      lossDiff,
      ENSEMBLE_TOLERANCE,
    );
    checkClose(
      report,
      'the vmapped members end with the sequential weights and running stats',
      weightsDiff,
      ENSEMBLE_TOLERANCE,
    );
    checkClose(
      report,
      "each member's accuracy under vmap equals its sequential twin's",
      Math.max(...memberAcc.map((a, k) => Math.abs(a - aloneAcc[k]!))),
      1 / data.test.labels.shape[0]!,
    );
  },
};
