// Reading the functorch fixtures (tools/golden/vmap.py, torch 1.13): the case format and its decoding into
// @bn tensors.

import type { Tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, readJson } from '@bn/testing';
import type { DimTree } from '../src/index.js';

/** An input given to the outermost vmap: a tensor, null (Python's None), or a Python number. */
export type EncodedInput = EncodedTensor | { scalar: number } | null;

/** One vmap of a nested or error case, innermost first. */
export interface Level {
  inDims: DimTree;
  outDims: DimTree;
  batchSize?: number;
  randomness?: string;
}

interface BaseCase {
  name: string;
  inputs: EncodedInput[];
  /** Flat outputs in tree order (absent when functorch raised). */
  outputs?: EncodedTensor[];
  /** functorch's exception class name and full message. */
  error?: { type: string; message: string };
  rtol?: number;
  atol?: number;
  /** Set where functorch 1.13 is wrong: the outputs are then PyTorch's per-member loop ('loop'), and why. */
  reference?: 'loop';
  note?: string;
}

/** `fn` (named in the test, as in the generator) under `levels`, on the inputs grouped by `args` (input indices). */
export interface VmapCase extends BaseCase {
  kind: 'nested' | 'error';
  fn: string;
  levels: Level[];
  args?: ArgTree;
}

export type ArgTree = number | ArgTree[];

/** `vmap(conv2d)` on inputs [x, weight, bias]; params are F.conv2d's keyword arguments. */
export interface Conv2dCase extends BaseCase {
  kind: 'conv2d';
  inDims: (number | null)[];
  outDims: number;
  params: {
    stride: number | number[];
    padding: number | number[] | 'same' | 'valid';
    dilation: number | number[];
    groups: number;
  };
}

/** `vmap(batchNorm)` on inputs [x, runningMean, runningVar, weight, bias]; training cases with running stats
 * expect the output and then the running stats, read after the call. */
export interface BatchNormCase extends BaseCase {
  kind: 'batchNorm';
  inDims: (number | null)[];
  params: { training: boolean; momentum: number; eps: number };
}

export type FixtureCase = VmapCase | Conv2dCase | BatchNormCase;

export interface FixtureFile {
  family: string;
  torch: string;
  cases: FixtureCase[];
}

export function loadFixture(): FixtureFile {
  return readJson<FixtureFile>(new URL('./fixtures/vmap.json', import.meta.url));
}

/** A fresh input (tensors are rebuilt for every run, so in-place updates never leak between cases). */
export function decodeInput(e: EncodedInput): Tensor | number | null {
  if (e === null) return null;
  return 'scalar' in e ? e.scalar : decodeTensor(e);
}
