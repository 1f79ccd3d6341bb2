// `pnpm demo:train`'s text: the introduction, one block per story as it ends (facts, loss curves, checks), and the
// summary table.
import { formatSeconds } from '../story/format.js';
import type { TrainConfig } from '../train/config.js';
import { checkText, sparkline, trainVerdictText } from '../train/format.js';
import type { StoryResult } from '../train/types.js';

export function trainIntroText(config: TrainConfig): string {
  return [
    'Training with @bn on real MNIST digits',
    '',
    `stories ${config.stories.join(', ')}; seed ${config.seed}`,
    `SimpleCNN stories: ${config.train} training digits, batch ${config.batch}, ${config.epochs} epoch(s); ` +
      `${config.test} held-out digits; ResNet-18: ${config.steps} steps of ${config.resnetBatch}`,
  ].join('\n');
}

/** A story's title line, "[k/n] title". */
export function storyTitle(story: { title: string }, index: number, total: number): string {
  return `[${index + 1}/${total}] ${story.title}`;
}

/** What a story did, under its title line unless `titled` is false (the title was printed when it started). */
export function storyText(result: StoryResult, index: number, total: number, titled = true): string {
  const lines = [`  code     ${result.code}`];
  if (titled) lines.unshift(storyTitle(result, index, total));
  for (const fact of result.facts) lines.push(`  ${fact}`);
  for (const curve of result.curves) lines.push(`  loss     ${sparkline(curve)}`);
  for (const check of result.checks) lines.push(`  ${checkText(check)}`);
  if (result.error !== undefined) lines.push(`  error    ${result.error}`);
  lines.push(`  time     ${formatSeconds(result.ms)}   ${result.ok ? '✓ passed' : '✗ FAILED'}`, '');
  return lines.join('\n');
}

export function trainSummaryText(results: readonly StoryResult[]): string {
  const rows = results.map((r, i) => {
    const passed = r.checks.filter((c) => c.ok).length;
    return [
      `${String(i + 1).padStart(2)}  ${r.id.padEnd(10)}`,
      `${passed}/${r.checks.length} checks`.padEnd(11),
      formatSeconds(r.ms).padStart(9),
      r.ok ? '✓' : '✗',
    ].join('  ');
  });
  return [...rows, '', trainVerdictText(results)].join('\n');
}
