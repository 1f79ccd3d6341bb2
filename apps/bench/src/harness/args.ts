// The bench's flags and --help: which suites (`--suite <name>`, repeatable or comma-separated; default all),
// `--quick` for a smoke run, `--out <dir>` for the result files.
import { parseArgs } from 'node:util';
import { SUITES, type Suite } from './types.js';

export interface BenchArgs {
  suites: Suite[];
  quick: boolean;
  /** Where result files go; undefined: results/ beside the app (a quick run writes none there). */
  out: string | undefined;
}

export type ParsedBenchArgs =
  | { kind: 'help' }
  | { kind: 'run'; args: BenchArgs }
  | { kind: 'error'; problem: string };

/** What each suite measures, for --help. */
const SUITE_SUMMARIES: Record<Suite, string> = {
  kernels: 'GEMM, conv2d, add GFLOP/s: @bn (1, 2 threads, TypeScript fallback, conv under vmap) and peers',
  vmap: 'vmap vs a loop vs the flattened batch: patched ResNet-18/RegNet-Y-400MF, a functional CNN, an MLP',
  nn: 'modules vs functional ops, named-axis BatchNorm, an ensemble under vmap, safetensors MB/s',
  models: 'ResNet-18 and RegNet-Y-400MF forward ms/img and GFLOP/s: @bn (1, 2 threads) and peers',
  grad: 'per-sample grads (vmap(grad) vs a loop), a ResNet-18 training step, conv gradients; peers, PyTorch',
  train: 'SimpleCNN training steps img/s: SGD, DP-SGD, an ensemble under one vmap vs K steps; peers, PyTorch',
};

export const HELP = [
  `Usage: pnpm bench [--suite ${SUITES.join('|')}] [--quick] [--out <dir>]`,
  '',
  '  --suite <name>  a suite to run (repeat, or separate with commas); default: all of them, in this order:',
  ...SUITES.map((suite) => `    ${suite.padEnd(8)} ${SUITE_SUMMARIES[suite]}`),
  '  --quick         tiny sizes, one timed run each: checks that everything runs, gives no figures worth quoting',
  '  --out <dir>     where to write <date>-<suite>.json (and latest.md/latest.svg after a full run of all suites);',
  '                  default apps/bench/results (a --quick run writes only when --out is given)',
  '  -h, --help      this help',
].join('\n');

export function parseBenchArgs(argv: readonly string[]): ParsedBenchArgs {
  let values: { suite?: string[]; quick?: boolean; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: 'string', multiple: true },
        quick: { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return {
      kind: 'error',
      problem: `${e instanceof Error ? e.message : String(e)} (valid: --suite, --quick, --out, --help)`,
    };
  }
  if (values.help) return { kind: 'help' };
  const names = (values.suite ?? []).flatMap((s) => s.split(',')).map((s) => s.trim());
  const unknown = names.filter((n) => !SUITES.includes(n as Suite));
  if (unknown.length > 0) {
    return {
      kind: 'error',
      problem: `--suite: expected ${SUITES.join(', ')}, but got '${unknown.join("', '")}'`,
    };
  }
  const suites = names.length === 0 ? [...SUITES] : SUITES.filter((s) => names.includes(s));
  return { kind: 'run', args: { suites, quick: values.quick === true, out: values.out } };
}
