// The terminal demo's scenarios at reduced sizes (B=2 groups of N=4 32x32 images): each step behaves as the story
// says (the failure throws functorch's sentence naming the module and changes nothing; every fix runs and equals the
// loop over the groups, bit for bit even where a BatchNorm sees 2 values per channel; option 1 changes the configured
// model's BatchNorms; the diagnostic lists every tracking BatchNorm; the noise floor is a sentence), and a step whose
// vmap does not match its loop is reported as not as expected.
import { Module } from '@bn/nn';
import { randn, type Tensor } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { stepText, summaryText } from '../src/cli/render.js';
import { TOLERANCE } from '../src/story/compare.js';
import { DEFAULT_CONFIG, type DemoConfig } from '../src/story/config.js';
import { runStory } from '../src/story/run-story.js';
import { STEPS } from '../src/story/steps/index.js';
import { vmapVsLoop } from '../src/story/vmap-vs-loop.js';

const small = (model: string): DemoConfig => ({ ...DEFAULT_CONFIG, model, batch: 2, group: 4, size: 32 });

describe.each([
  ['resnet18', 'bn1 (BatchNorm2d)', 20],
  ['regnetY400mf', 'stem.1 (BatchNorm2d)', 53],
])('the story on %s', (model, firstBatchNorm, batchNorms) => {
  const results = runStory(small(model));
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));

  it('runs every step once, in order, each as expected', () => {
    expect(results.map((r) => r.id)).toEqual(STEPS.map((s) => s.id));
    for (const r of results) expect(r.ok, `${r.id}: ${r.details.join('; ')} ${r.error ?? ''}`).toBe(true);
  });

  it('step 1 throws the functorch error at the first BatchNorm, with the fixes, and changes no buffer', () => {
    const failure = byId.failure!;
    expect(failure.ran).toBe(false);
    expect(failure.error).toMatch(
      /^Batch norm got a batched tensor as input while the running_mean or running_var/,
    );
    expect(failure.error).toContain(`  in ${firstBatchNorm}`);
    expect(failure.error).toContain('replaceAllBatchNormModules_(net)');
    expect(failure.details).toContain(`running stats (${3 * batchNorms} buffers) unchanged: yes`);
  });

  it('every fix runs and matches the loop within the tolerance', () => {
    for (const r of results.filter((r) => r.expect === 'runs')) {
      expect(r.ran, r.id).toBe(true);
      expect(r.close, r.id).toBe(true);
      expect(r.maxDiff!, r.id).toBeLessThanOrEqual(TOLERANCE.atol + TOLERANCE.rtol * 100);
    }
  });

  it("option 1 changes the configured model's BatchNorms, not a network of its own", () => {
    const groupNorm = byId['option1-groupnorm']!;
    expect(groupNorm.code).toBe(`replaceBatchNormWithGroupNorm_(${model}({ numClasses: 10 }))`);
    expect(groupNorm.details).toEqual([
      `${batchNorms} BatchNorm2d replaced by GroupNorm(gcd(32, C), C), their affine weights kept; ` +
        'findVmapIncompatibilities now lists 0',
    ]);
    expect(byId['option1-batchnorm-no-stats']!.details).toEqual([
      `${batchNorms} BatchNorm2d replaced; BatchNorms tracking running stats now: 0`,
    ]);
    for (const id of ['option1-groupnorm', 'option1-batchnorm-no-stats']) {
      expect(byId[id]!.reference, id).toBe('the loop over the 2 groups');
    }
  });

  it("the named axis's noise floor reads as a sentence, with the margin it allows", () => {
    const floor = byId['named-axis']!.details[2]!;
    const match = floor.match(
      /^the batched model itself moves by up to (\S+) when its input is nudged by a millionth of its largest value \(float32 rounding\), so vmap also counts as equal within 10 times that \((\S+)\)$/,
    );
    expect(match, floor).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(0);
    expect(Number(match![2]) / Number(match![1])).toBeCloseTo(10, 1);
  });

  it('the diagnostic lists every BatchNorm that tracks running stats', () => {
    expect(byId.diagnose!.ran).toBeNull();
    expect(byId.diagnose!.details[0]).toMatch(new RegExp(`^${batchNorms} modules listed`));
  });

  it('renders each step and the summary', () => {
    const text = results.map((r, i) => stepText(r, i, results.length)).join('\n');
    expect(text).toContain(`[1/${results.length}] The failure`);
    expect(text).toContain('threw, as in functorch');
    expect(summaryText(results)).toContain(`All ${results.length} steps behaved as expected`);
  });
});

describe('the story where a BatchNorm sees 2 values per channel (regnetY400mf, N=2: 1x1 at the last stage)', () => {
  // a BatchNorm in training over 2 values amplifies any rounding difference far past the tolerance (the float32 noise
  // floor of these models is ~0.8): vmap matches only because the kernels give the same bits at every batch size
  it('the fixes equal their loop bit for bit', () => {
    const results = runStory({ ...small('regnetY400mf'), group: 2 }, {}, [
      'option2-batchnorm-no-stats',
      'option3',
      'ensemble',
    ]);
    expect(results.map((r) => [r.id, r.ok, r.maxDiff])).toEqual([
      ['option2-batchnorm-no-stats', true, 0],
      ['option3', true, 0],
      ['ensemble', true, 0],
    ]);
  });
});

describe('the check of a fix', () => {
  /** A module that adds how many times it has been called: one vmap call differs from a loop of B calls. */
  class CallCounter extends Module {
    calls = 0;
    forward(x: Tensor): Tensor {
      this.calls++;
      return x.add(this.calls);
    }
  }

  it('reports a vmap that does not match its loop, or throws, as not as expected', () => {
    const x = randn([2, 3, 4]);
    // vmap calls it once (+1 for both groups); the loop twice (+2, then +3)
    const mismatch = vmapVsLoop(new CallCounter(), x);
    expect(mismatch).toMatchObject({ ran: true, close: false, ok: false });
    expect(mismatch.maxDiff).toBe(2);
    const throwing = vmapVsLoop(new CallCounter(), x, () => {
      throw new Error('boom');
    });
    expect(throwing).toMatchObject({ ran: false, error: 'boom', ok: false });
  });
});
