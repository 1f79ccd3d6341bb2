// Replays tools/golden/optim.py: every run through the stateful optimizer (parameters updated in place, its state
// dict and groups after each step against torch's `state_dict()`, schedulers' learning rates) and, for runs without
// a scheduler, through the pure init/update core (one per parameter group); clipGradNorm_ against clip_grad_norm_.
import type { Tensor } from '@bn/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { clipGradNorm_, type OptimizerStateDict, type ParamState } from '../src/index.js';
import { decodeDict, expectMatches, fixtures, OPTIMIZERS, type Run, SCHEDULERS, worst } from './runs.js';

type Step = Run['steps'][number];

/** The parameters' names in torch's index order (group by group). */
function namesOf(run: Run): string[] {
  return run.groups ? run.groups.flatMap((g) => g.params) : Object.keys(run.initial);
}

function pick<T>(dict: Record<string, T>, names: readonly string[]): Record<string, T> {
  return Object.fromEntries(names.filter((n) => n in dict).map((n) => [n, dict[n]!]));
}

function expectLrs(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((lr, i) => {
    expect(Math.abs(lr - expected[i]!), `${what}[${i}]`).toBeLessThanOrEqual(1e-12 * Math.abs(expected[i]!));
  });
}

/**
 * One parameter's state against torch's (absent: never stepped). SGD's torch state has no step: ours must count the
 * steps that parameter took.
 */
function expectParamState(
  ours: ParamState | undefined,
  torch: Step['stateDict']['state'][string] | undefined,
  steps: number,
  what: string,
): void {
  if (torch === undefined) {
    expect(ours === undefined || ours.step.item() === 0, `${what}: not stepped`).toBe(true);
    return;
  }
  expect(ours, what).toBeDefined();
  expect(Object.keys(ours!).sort(), what).toEqual([...new Set([...Object.keys(torch), 'step'])].sort());
  for (const [key, e] of Object.entries(torch)) expectMatches(ours![key]!, e, `${what}: ${key}`);
  expect(ours!.step.item(), `${what}: step`).toBe(steps);
}

function expectStateDict(
  ours: OptimizerStateDict<never, ParamState>,
  torch: Step['stateDict'],
  names: readonly string[],
  steps: Record<string, number>,
  what: string,
): void {
  expect(Object.keys(ours.state), `${what}: state keys`).toEqual(Object.keys(torch.state));
  names.forEach((name, i) => {
    expectParamState(ours.state[i], torch.state[i], steps[name]!, `${what}: ${name}`);
  });
  expect(ours.paramGroups.length).toBe(torch.paramGroups.length);
  ours.paramGroups.forEach((group, i) => {
    const { lr, ...options } = group as unknown as Record<string, unknown>;
    const { lr: torchLr, ...torchOptions } = torch.paramGroups[i]!;
    expect(options, `${what}: paramGroups[${i}]`).toEqual(torchOptions);
    expectLrs([lr as number], [torchLr as number], `${what}: paramGroups[${i}].lr`);
  });
}

describe('against torch.optim (torch 1.13 fixtures)', () => {
  fixtures.runs.forEach((run, r) => {
    const names = namesOf(run);

    it(`${run.name}: the stateful optimizer, in place`, () => {
      const params = decodeDict(run.initial);
      const original = { ...params };
      const { Stateful } = OPTIMIZERS[run.optimizer];
      // alternate the forms of parameters and gradients across runs
      const input = run.groups
        ? run.groups.map(({ params: group, ...options }) => ({
            ...options,
            params: group.map((n) => [n, params[n]!]),
          }))
        : r % 2 === 0
          ? params
          : Object.entries(params);
      const opt = new Stateful(input as never, run.options);
      const makeScheduler = (
        lastEpoch = -1,
      ): InstanceType<(typeof SCHEDULERS)[keyof typeof SCHEDULERS]> | null =>
        run.scheduler &&
        new SCHEDULERS[run.scheduler.type](opt, { ...run.scheduler.options, lastEpoch } as never);
      let scheduler = makeScheduler();
      const steps = Object.fromEntries(names.map((n) => [n, 0]));
      run.steps.forEach((step, k) => {
        const grads = decodeDict(step.grads);
        for (const n of Object.keys(grads)) steps[n]! += 1;
        opt.step(r % 3 === 0 ? names.map((n) => grads[n] ?? null) : grads);
        if (scheduler && run.scheduler) {
          const epoch = run.scheduler.epochs?.[k];
          scheduler.step(epoch);
          if (run.scheduler.resume?.after === k) scheduler = makeScheduler(run.scheduler.resume.lastEpoch);
          expectLrs(scheduler!.getLastLr(), step.lr, `step ${k}: getLastLr()`);
        }
        for (const n of names) {
          expect(params[n], 'updated in place').toBe(original[n]);
          expectMatches(params[n]!, step.params[n]!, `step ${k}: ${n}`);
        }
        expectStateDict(opt.stateDict() as never, step.stateDict, names, steps, `step ${k}`);
      });
    });

    if (run.scheduler) return;
    it(`${run.name}: the pure init/update core, one per group`, () => {
      const groups = run.groups ?? [{ params: names }];
      const faces = groups.map(({ params: group, ...options }) => ({
        names: group,
        optimizer: OPTIMIZERS[run.optimizer].functional({ ...run.options, ...options }),
      }));
      const params: Record<string, Tensor> = decodeDict(run.initial);
      const states = faces.map((f) => f.optimizer.init(pick(params, f.names)) as Record<string, ParamState>);
      const steps = Object.fromEntries(names.map((n) => [n, 0]));
      run.steps.forEach((step, k) => {
        const grads = decodeDict(step.grads);
        for (const n of Object.keys(grads)) steps[n]! += 1;
        faces.forEach((f, j) => {
          const out = f.optimizer.update(pick(grads, f.names), states[j]!, pick(params, f.names));
          Object.assign(params, out.params);
          states[j] = out.state as Record<string, ParamState>;
        });
        names.forEach((n, i) => {
          expectMatches(params[n]!, step.params[n]!, `step ${k}: ${n}`);
          const state = states.find((s) => n in s)![n];
          expectParamState(state, step.stateDict.state[i], steps[n]!, `step ${k}: state of ${n}`);
        });
      });
    });
  });

  for (const c of fixtures.clip) {
    it(`clipGradNorm_, maxNorm ${c.maxNorm}, normType ${c.normType}`, () => {
      const grads = decodeDict(c.grads);
      const normType = c.normType === 'inf' ? Number.POSITIVE_INFINITY : c.normType;
      const total = clipGradNorm_(grads, c.maxNorm, { normType });
      expectMatches(total, c.total, 'total norm');
      for (const [n, g] of Object.entries(grads)) expectMatches(g, c.clipped[n]!, n);
    });
  }

  // BN_REPORT_WORST=1 prints how close the comparisons came to the tolerance (the worst error as a fraction of it)
  afterAll(() => {
    if (process.env.BN_REPORT_WORST)
      console.log(`worst: ${worst.ratio.toFixed(3)} of tolerance at ${worst.where}`);
  });
});
