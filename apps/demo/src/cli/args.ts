// The terminal demo's flags: parsed with node:util's parseArgs into a DemoConfig, every problem reported at once with
// what each flag accepts.
import {
  CONFIG_LIMITS,
  type ConfigText,
  DEFAULT_CONFIG,
  type DemoConfig,
  modelNames,
  readConfig,
} from '../story/config.js';
import { type Parsed, parseFlags } from './flags.js';

export type ParsedArgs = Parsed<DemoConfig>;

export function helpText(): string {
  const d = DEFAULT_CONFIG;
  const range = (k: keyof typeof CONFIG_LIMITS) => `${CONFIG_LIMITS[k].min}-${CONFIG_LIMITS[k].max}`;
  return [
    'Usage: pnpm demo [options]',
    '',
    'PyTorch\'s "Patching Batch Norm" story, run for real: vmap over a model in training mode fails, then each',
    'fix runs and is checked against a loop over the groups.',
    '',
    'Options:',
    `  --model <name>  the @bn/models builder (default ${d.model}); one of:`,
    ...wrap(modelNames().join(', '), 4, 100),
    `  --batch <B>     independent groups vmap maps over, ${range('batch')} (default ${d.batch})`,
    `  --group <N>     images per group, the batch each BatchNorm sees, ${range('group')} (default ${d.group})`,
    `  --size <S>      image height and width, ${range('size')} (default ${d.size})`,
    `  --seed <n>      seed of the input and of every model's weights (default ${d.seed})`,
    '  --json          print the results as JSON on stdout (no progress)',
    '  -h, --help      show this help',
    '',
    'The exit status is 0 only if every step behaved as expected.',
  ].join('\n');
}

/** `text` broken into lines of at most `width` characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const parsed = parseFlags(argv, ['model', 'batch', 'group', 'size', 'seed']);
  if ('problem' in parsed) return { kind: 'error', problems: [parsed.problem] };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  const { help: _, json, ...settings } = values;
  const { config, problems } = readConfig(settings as ConfigText, '--');
  return problems.length > 0 ? { kind: 'error', problems } : { kind: 'run', config, json: json === true };
}
