// The bench's vocabulary: suites, implementations, the row every measurement becomes, and what a suite is given.
export const SUITES = ['kernels', 'vmap', 'nn', 'models', 'grad', 'train'] as const;
export type Suite = (typeof SUITES)[number];

/**
 * Who computed: @bn, a variant of it (`@bn-js`: its TypeScript fallback; `@bn-vmap`: under vmap), or a peer
 * (`pytorch`: the grad and train suites' PyTorch twins, tools/bench/grad_torch.py and train_torch.py, run by
 * the suite).
 */
export type Impl =
  | '@bn'
  | `@bn-${string}`
  | 'tfjs-backend-cpu'
  | 'tfjs-backend-wasm'
  | 'jax-js'
  | 'onnxruntime-node'
  | 'pytorch';

export const METRICS = ['gflops', 'mb_per_s', 'ms', 'ms_per_img', 'img_per_s', 'ratio'] as const;
export type Metric = (typeof METRICS)[number];

/** One figure. `spread` is [fastest, slowest] of the timed runs, in `unit` (absent for ratios). */
export interface Row {
  suite: Suite;
  case: string;
  impl: Impl;
  threads: number;
  metric: Metric;
  value: number;
  unit: string;
  spread?: [number, number];
}

/** Median and spread of timed runs, in ms. */
export interface Timing {
  ms: number;
  min: number;
  max: number;
  runs: number;
}

export interface SuiteContext {
  /** Small sizes and few runs: a smoke run (CI), not figures. */
  quick: boolean;
  /** Records a row (validated); figures appear in the tables in the order recorded. */
  record(row: Row): void;
  /** Says what is running now (the live progress line). */
  progress(label: string): void;
  /** Reports a row that could not be measured (a peer without the op, a cross-check failure): shown, not fatal. */
  skip(suite: Suite, caseName: string, impl: Impl, reason: string): void;
}

export type SuiteRunner = (ctx: SuiteContext) => Promise<void>;

/** An error as a skip's reason: its class and message. */
export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
