// Reading the PyTorch fixtures (written by tools/golden/*.py) and comparing @bn tensors against them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { DType } from '../src/dtype.js';
import { tensor } from '../src/ops/creation.js';
import type { Tensor } from '../src/tensor.js';

export interface EncodedTensor {
  shape: number[];
  dtype: DType;
  data: (number | boolean | 'nan' | 'inf' | '-inf')[];
}

/** A case input: a base tensor and the view ops that make the argument (strided, expanded...). */
export interface InputSpec {
  base: EncodedTensor;
  view?: (string | number | number[])[][];
}

export interface FixtureCase {
  op: string;
  name: string;
  inputs: (InputSpec | null)[];
  params: Record<string, unknown>;
  outputs?: EncodedTensor[];
  error?: { type: string; torch: string };
  rtol?: number;
  atol?: number;
}

export interface FixtureFile {
  family: string;
  torch: string;
  cases: FixtureCase[];
}

/** A runner replays one fixture op through @bn: inputs in fixture order, params as recorded. */
// biome-ignore lint/suspicious/noExplicitAny: params are the JSON each generator chose for its op
export type Runner = (inputs: (Tensor | null)[], params: any) => Tensor | readonly Tensor[];

export interface FamilyRunners {
  runners: Record<string, Runner>;
  /** Default tolerances for float outputs of this family (rtol, atol). */
  tolerance?: { rtol: number; atol: number };
}

const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixtureFamilies(): string[] {
  return readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadFixture(family: string): FixtureFile {
  return JSON.parse(readFileSync(`${fixtureDir}${family}.json`, 'utf8')) as FixtureFile;
}

function decodeNumber(v: number | boolean | string): number {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return typeof v === 'boolean' ? Number(v) : (v as number);
}

export function decodeTensor(e: EncodedTensor): Tensor {
  return tensor(e.data.map(decodeNumber), e.shape, { dtype: e.dtype });
}

/** Builds a case input with the same view ops PyTorch applied. */
export function buildInput(spec: InputSpec): Tensor {
  return applyView(decodeTensor(spec.base), spec.view ?? []);
}

/** Applies view ops given as in the fixtures (`["permute", dims]`, `["slice", dim, start, end, step]`...). */
export function applyView(t: Tensor, view: NonNullable<InputSpec['view']>): Tensor {
  for (const [name, ...args] of view) {
    const a = args as number[];
    switch (name) {
      case 'permute':
        t = t.permute(args[0] as number[]);
        break;
      case 'transpose':
        t = t.transpose(a[0]!, a[1]!);
        break;
      case 'slice':
        t = t.slice(a[0]!, a[1] ?? null, a[2] ?? null, a[3] ?? 1);
        break;
      case 'expand':
        t = t.expand(args[0] as number[]);
        break;
      case 'select':
        t = t.select(a[0]!, a[1]!);
        break;
      case 'unsqueeze':
        t = t.unsqueeze(a[0]!);
        break;
      default:
        throw new Error(`unknown view op ${String(name)}`);
    }
  }
  return t;
}

/**
 * Asserts `actual` equals the PyTorch output: same shape and dtype, integers and bools exactly, floats within
 * |a - e| <= atol + rtol * |e|, nan where PyTorch has nan, infinities of the same sign.
 */
export function expectMatches(
  actual: Tensor,
  expected: EncodedTensor,
  rtol: number,
  atol: number,
  what = '',
): void {
  expect([...actual.shape], `${what} shape`).toEqual(expected.shape);
  expect(actual.dtype, `${what} dtype`).toBe(expected.dtype);
  const got = actual.toTypedArray();
  const want = expected.data.map(decodeNumber);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(w) && Number.isNaN(g))) {
        throw new Error(`${what}: element ${i} is ${g}, PyTorch has ${w}`);
      }
      continue;
    }
    const tol = expected.dtype === 'float32' ? atol + rtol * Math.abs(w) : 0;
    const err = Math.abs(g - w);
    if (!(err <= tol) && err - tol > worstErr) {
      worst = i;
      worstErr = err - tol;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `${what}: element ${worst} is ${got[worst]}, PyTorch has ${want[worst]} ` +
        `(|diff| ${Math.abs(got[worst]! - want[worst]!)} > atol ${atol} + rtol ${rtol} * |expected|)`,
    );
  }
}
