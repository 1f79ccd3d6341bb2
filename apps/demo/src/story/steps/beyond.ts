// Beyond functorch: the diagnostic that lists what vmap would refuse before anything runs, BatchNorm whose statistics
// span a named vmap axis (running stats kept), and an ensemble of BatchNorm models in training with per-member running
// stats. (@bn/patch's automatic GroupNorm swap, which functorch lacks too, is option 1's first step.)
import { functionalCall, type Module, stackModuleState } from '@bn/nn';
import { findVmapIncompatibilities, normLayers } from '@bn/patch';
import { stack, Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { compare, noiseFloor, noiseFloorText } from '../compare.js';
import { buildModel, trackingBatchNorms } from '../models.js';
import type { Step } from '../types.js';
import { tryVmap } from '../vmap-vs-loop.js';

const section = 'Beyond functorch';
const AXIS = 'batch';

/** The first `n` entries of a list, and how many more there are. */
function preview(items: string[], n = 4): string {
  return items.length > n
    ? `${items.slice(0, n).join(', ')}, ... (${items.length - n} more)`
    : items.join(', ');
}

export const beyond: Step[] = [
  {
    id: 'diagnose',
    section,
    title: 'list every module vmap would refuse, before running anything',
    label: 'findVmapIncompatibilities',
    code: () => 'findVmapIncompatibilities(model)',
    expect: 'lists',
    run({ config }) {
      const model = buildModel(config);
      const found = findVmapIncompatibilities(model);
      const batchNorms = trackingBatchNorms(model);
      return {
        ran: null,
        details: [
          `${found.length} modules listed (the model has ${batchNorms} BatchNorm2d tracking running stats): ${preview(found.map((f) => f.path))}`,
          `fixes listed for ${found[0]?.path ?? '-'}: ${found[0]?.fixes.length ?? 0}`,
        ],
        ok: found.length > 0 && found.length === batchNorms,
      };
    },
  },
  {
    id: 'named-axis',
    section,
    title: 'BatchNorm over a named vmap axis: vmap over single images equals the batched model',
    label: 'BatchNorm over axisName',
    code: (config) =>
      `vmap(${config.model}({ numClasses: 10, normLayer: normLayers.batchNormAxis('${AXIS}') }), { axisName: '${AXIS}' })(images)`,
    expect: 'runs',
    run({ config, x }) {
      const model = buildModel(config, config.model, { normLayer: normLayers.batchNormAxis(AXIS) });
      const initial = Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()]));
      /** A model with plain BatchNorms and the same initial state: what vmap over single images must equal. */
      const batched = () => {
        const m = buildModel(config);
        m.loadStateDict(initial);
        return m;
      };
      // every image of every group, each mapped alone (a batch of one: the models flatten from dim 1)
      const images = x.reshape([-1, ...x.shape.slice(2)]);
      const output = tryVmap(() =>
        (vmap(model, { axisName: AXIS })(images.unsqueeze(1)) as Tensor).squeeze(1),
      );
      if (!(output instanceof Tensor)) return output;
      const run = (input: Tensor) => {
        const m = batched();
        return [m.forward(input), ...m.buffers()];
      };
      const clean = run(images);
      const [reference, ...referenceStats] = clean;
      const stats = model.buffers();
      const floor = noiseFloor(run, images, clean);
      const { maxDiff, close } = compare(
        [[output, reference!], ...stats.map((t, i) => [t, referenceStats[i]!] as const)],
        floor,
      );
      const moved = compare(model.namedBuffers().map(([k, t]) => [t, initial[k]!] as const)).maxDiff;
      return {
        ran: true,
        reference: 'the plain-BatchNorm model on the whole batch, outputs and running stats',
        maxDiff,
        close,
        details: [
          `${images.shape[0]} images mapped one by one`,
          `running stats updated under vmap: ${moved > 0 ? 'yes' : 'no'}`,
          noiseFloorText(floor),
        ],
        ok: close && moved > 0,
      };
    },
  },
  {
    id: 'ensemble',
    section,
    title: 'an ensemble of BatchNorm models in training, each with its own running stats',
    label: 'ensemble, per-member stats',
    code: () => 'vmap((p, b, x) => functionalCall(base, [p, b], x))(params, buffers, x)',
    expect: 'runs',
    run({ config, x }) {
      const B = x.shape[0]!;
      const members: Module[] = Array.from({ length: B }, (_, b) =>
        buildModel(config, config.model, {}, config.seed + b),
      );
      const [params, buffers] = stackModuleState(members);
      const base = members[0]!;
      const member = (p: typeof params, b: typeof buffers, group: Tensor) =>
        functionalCall<Tensor>(base, [p, b], group);
      const output = tryVmap(() => vmap(member)(params, buffers, x) as Tensor);
      if (!(output instanceof Tensor)) return output;
      // the reference: each member on its own group, updating its own buffers
      const reference = stack(members.map((m, b) => m.forward(x.select(0, b))));
      const keys = Object.keys(buffers);
      const states = members.map((m) => m.stateDict());
      const pairs = keys.map((k) => [buffers[k]!, stack(states.map((state) => state[k]!))] as const);
      const { maxDiff, close } = compare([[output, reference], ...pairs]);
      const firstMean = keys.find((k) => k.endsWith('running_mean'))!;
      const rowsDiffer =
        B > 1 && compare([[buffers[firstMean]!.select(0, 0), buffers[firstMean]!.select(0, 1)]]).maxDiff > 0;
      return {
        ran: true,
        reference: `a loop over the ${B} independent models, outputs and running stats`,
        maxDiff,
        close,
        details: [
          `${B} members; ${firstMean} is [${buffers[firstMean]!.shape.join(', ')}], one row per member` +
            (B > 1 ? `, rows differ: ${rowsDiffer ? 'yes' : 'no'}` : ''),
        ],
        ok: close && (B === 1 || rowsDiffer),
      };
    },
  },
];
