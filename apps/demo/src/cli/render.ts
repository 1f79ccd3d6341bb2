// The terminal demo's text: the introduction, one block per step as it ends, and the summary table.
import type { DemoConfig } from '../story/config.js';
import { expectationText, formatDiff, formatSeconds, verdictText, vmapStatus } from '../story/format.js';
import { TRAINING_TEXT, WHY_VMAP } from '../story/motivation.js';
import type { StepResult } from '../story/types.js';

export function introText(config: DemoConfig): string {
  return [
    'Patching Batch Norm, run for real with @bn',
    WHY_VMAP,
    TRAINING_TEXT,
    '',
    `model ${config.model}, input [B=${config.batch}, N=${config.group}, 3, ${config.size}, ${config.size}], seed ${config.seed}`,
    'vmap maps the model over the B groups; in training each BatchNorm sees the N images of one group.',
    "functorch cannot do this with BatchNorm's running stats; here is the failure, the four fixes and more.",
  ].join('\n');
}

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');

/** A step's title line, "[k/n] section: title". */
export function stepTitle(step: { section: string; title: string }, index: number, total: number): string {
  return `[${index + 1}/${total}] ${step.section}: ${step.title}`;
}

/** What a step did, under its title line unless `titled` is false (the title was printed when it started). */
export function stepText(result: StepResult, index: number, total: number, titled = true): string {
  const lines = [`  code     ${result.code}`];
  if (titled) lines.unshift(stepTitle(result, index, total));
  if (result.ran === false && result.error !== undefined) {
    lines.push(`  vmap     threw${result.expect === 'throws' ? ', as in functorch' : ''}:`);
    lines.push(indent(result.error, '           '));
  } else if (result.ran) {
    lines.push(`  vmap     ran`);
    lines.push(
      `  vs       ${result.reference ?? 'the reference'}: largest |difference| ${formatDiff(result.maxDiff)}`,
    );
  } else if (result.error !== undefined) {
    lines.push(`  error    ${result.error}`);
  }
  for (const detail of result.details) lines.push(`  checked  ${detail}`);
  const verdict = result.ok ? 'as expected' : `NOT as expected (${expectationText(result)})`;
  lines.push(`  time     ${formatSeconds(result.ms)}   ${result.ok ? '✓' : '✗'} ${verdict}`, '');
  return lines.join('\n');
}

export function summaryText(results: readonly StepResult[]): string {
  const header = [' #', 'part', 'step', 'vmap', 'max |vmap - ref|', 'time', ''];
  const rows = results.map((r, i) => [
    String(i + 1).padStart(2),
    r.section.split(':')[0]!,
    r.label,
    vmapStatus(r),
    formatDiff(r.maxDiff),
    formatSeconds(r.ms),
    r.ok ? '✓' : '✗',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    verdictText(results),
  ].join('\n');
}
