// The fixtures of tools/golden/optim.py (torch 1.13) and what the tests need to replay them: the runs' types, each
// optimizer's two faces and each scheduler by name, and a comparison that records its worst error.
import type { Tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import {
  Adam,
  AdamW,
  adam,
  adamw,
  CosineAnnealingLR,
  type FunctionalOptimizer,
  type ParamState,
  SGD,
  StepLR,
  sgd,
} from '../src/index.js';

export interface Run {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: Record<string, unknown>;
  groups: ({ params: string[] } & Record<string, unknown>)[] | null;
  scheduler: {
    type: 'StepLR' | 'CosineAnnealingLR';
    options: Record<string, number>;
    epochs?: number[];
    resume?: { after: number; lastEpoch: number };
  } | null;
  initial: Record<string, EncodedTensor>;
  steps: {
    grads: Record<string, EncodedTensor | null>;
    params: Record<string, EncodedTensor>;
    stateDict: {
      state: Record<string, Record<string, EncodedTensor>>;
      paramGroups: ({ params: number[] } & Record<string, unknown>)[];
    };
    lr: number[];
  }[];
}

export interface ClipCase {
  maxNorm: number;
  normType: number | 'inf';
  grads: Record<string, EncodedTensor>;
  total: EncodedTensor;
  clipped: Record<string, EncodedTensor>;
}

export type ErrorCase =
  | { optimizer: Run['optimizer']; options: Record<string, unknown>; params?: unknown; torch: string }
  | { loadStateDict: string; torch: string }
  | { clip: number | 'inf'; torch: string };

export const fixtures = readJson<{ runs: Run[]; clip: ClipCase[]; errors: ErrorCase[] }>(
  new URL('./fixtures/optim.json.gz', import.meta.url),
);

type Factory = (options: Record<string, unknown>) => FunctionalOptimizer<ParamState>;

/** Each optimizer's stateful class and pure factory, by PyTorch's name. */
export const OPTIMIZERS = {
  SGD: { Stateful: SGD, functional: sgd as Factory },
  Adam: { Stateful: Adam, functional: adam as Factory },
  AdamW: { Stateful: AdamW, functional: adamw as Factory },
};

export const SCHEDULERS = { StepLR, CosineAnnealingLR };

/** A dict of encoded tensors, decoded (null entries dropped: a missing key is how a skipped gradient is sent). */
export function decodeDict(dict: Record<string, EncodedTensor | null>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(dict)
      .filter((entry): entry is [string, EncodedTensor] => entry[1] !== null)
      .map(([k, e]) => [k, decodeTensor(e)]),
  );
}

/**
 * Float32 against torch's float32: both round the same few elementwise ops per element per step, over at most 11 steps,
 * in an order that may differ (torch's CPU kernels fuse `a + alpha * b`); Adam's bias corrections are float32 tensors
 * here, Python floats in torch 1.13 (both rounded to float32 where they meet the tensors). rtol 1e-5 is about a
 * hundred float32 ulps; atol 1e-6 covers elements that cancel to near zero. The worst error seen is about 3% of this.
 */
export const RTOL = 1e-5;
export const ATOL = 1e-6;

/** The largest |actual - expected| / (atol + rtol |expected|) seen so far: the worst error as a fraction of tolerance. */
export const worst = { ratio: 0, where: '' };

/** `expectClose` at the fixture tolerances, recording the worst error. */
export function expectMatches(actual: Tensor, expected: EncodedTensor, what: string): void {
  const e = decodeTensor(expected);
  expectClose(actual, e, RTOL, ATOL, what);
  const a = actual.toTypedArray();
  e.toTypedArray().forEach((y, i) => {
    const ratio = Math.abs(Number(a[i]) - Number(y)) / (ATOL + RTOL * Math.abs(Number(y)));
    if (ratio > worst.ratio) Object.assign(worst, { ratio, where: what });
  });
}
