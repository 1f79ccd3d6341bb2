// Fixture tensors as the generators in tools/golden write them: `{ shape, dtype, data }`, data row-major, with
// nan and the infinities spelled as strings.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type DType, type Tensor, tensor } from '@bn/tensor';

export interface EncodedTensor {
  shape: number[];
  dtype: DType;
  data: (number | boolean | 'nan' | 'inf' | '-inf')[];
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

/** Parses the JSON file at `url` (e.g. `new URL('./fixtures/x.json', import.meta.url)`), gunzipping a `.gz` one. */
export function readJson<T>(url: URL): T {
  const bytes = readFileSync(url);
  const text = (url.pathname.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return JSON.parse(text) as T;
}
