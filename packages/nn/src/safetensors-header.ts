// The header of a Hugging Face safetensors file: the 8-byte length, the JSON, and every check of
// safetensors/src/tensor.rs (`read_metadata`, `Metadata::validate`), all made before any tensor is allocated.
import { ArgumentTypeError, BnError, describeValue, formatShape, isPlainObject } from '@bn/tensor';

/** A file that is not a valid safetensors file (or holds values `@bn` cannot represent). */
export class SafetensorsError extends BnError {
  override name = 'SafetensorsError';
}

/** Bytes per element of the safetensors dtypes @bn reads. */
export const SAFETENSORS_ITEMSIZE = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, BOOL: 1 } as const;
export type SafetensorsDType = keyof typeof SAFETENSORS_ITEMSIZE;

/** One header entry; `dataOffsets` are relative to the start of the data buffer. */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  dataOffsets: [begin: number, end: number];
}

export interface SafetensorsHeader {
  /** The tensors in the order the header lists them. */
  tensors: SafetensorsTensorInfo[];
  /** `__metadata__`, or null when the file has none. */
  metadata: Record<string, string> | null;
  /** Where the data buffer starts in the file: 8 + the header length. */
  dataStart: number;
}

/** The largest header accepted (Hugging Face's limit is 100 MB; ours is 100 MiB). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const METADATA_KEY = '__metadata__';
const KNOWN_DTYPES = Object.keys(SAFETENSORS_ITEMSIZE).join(', ');

function fail(message: string): never {
  throw new SafetensorsError(`safetensors: ${message}`);
}

/** A JSON value (or an argument) in a few words, never recursing (a header may nest arrays a million deep). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} elements`;
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : describeValue(value);
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** A name in quotes, cut short when it is very long. */
export function quote(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSize(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** The bytes of a file given as a Uint8Array (a Node Buffer too) or an ArrayBuffer. */
export function asBytes(bytes: Uint8Array | ArrayBuffer, fn: string): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new ArgumentTypeError(`${fn}(): expected a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`);
}

/**
 * Reads and checks the header of a safetensors file without reading its data: the tensors in header order (each
 * fitting the data buffer exactly, together covering it) and `__metadata__`.
 */
export function readSafetensorsHeader(bytes: Uint8Array | ArrayBuffer): SafetensorsHeader {
  const file = asBytes(bytes, 'readSafetensorsHeader');
  if (file.byteLength < 8) {
    fail(`the file has ${file.byteLength} bytes, fewer than the 8 of the header length`);
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    fail(`the header length ${headerLength} is over the limit of ${MAX_HEADER_BYTES} bytes (100 MiB)`);
  }
  const dataStart = 8 + Number(headerLength);
  if (dataStart > file.byteLength) {
    fail(`the header length ${headerLength} goes beyond the end of the file (${file.byteLength} bytes)`);
  }
  const json = parseJson(file.subarray(8, dataStart));
  if (!isRecord(json)) fail(`the header must be a JSON object, got ${describe(json)}`);
  const dataLength = file.byteLength - dataStart;
  let metadata: Record<string, string> | null = null;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = checkMetadata(entry);
    else tensors.push(checkEntry(name, entry, dataLength));
  }
  checkCoverage(tensors, dataLength);
  return { tensors, metadata, dataStart };
}

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, where JSON.parse rejects it as serde_json does
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('the header is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid JSON (${(e as Error).message})`);
  }
}

function checkMetadata(value: unknown): Record<string, string> | null {
  // serde reads `"__metadata__": null` as no metadata
  if (value === null) return null;
  if (!isRecord(value)) fail(`__metadata__ must be an object of strings, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`__metadata__ ${quote(key)} must be a string, got ${describe(v)}`);
  }
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

function checkEntry(name: string, entry: unknown, dataLength: number): SafetensorsTensorInfo {
  const where = `tensor ${quote(name)}`;
  if (!isRecord(entry)) {
    fail(`${where}: expected an object with dtype, shape and data_offsets, got ${describe(entry)}`);
  }
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!Object.hasOwn(entry, field)) fail(`${where}: missing field "${field}"`);
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string') fail(`${where}: dtype must be a string, got ${describe(dtype)}`);
  if (!Object.hasOwn(SAFETENSORS_ITEMSIZE, dtype)) {
    fail(`${where}: unknown dtype ${quote(dtype)} (known dtypes: ${KNOWN_DTYPES})`);
  }
  if (!Array.isArray(shape)) fail(`${where}: shape must be an array of sizes, got ${describe(shape)}`);
  shape.forEach((size: unknown, i) => {
    if (!isSize(size)) fail(`${where}: shape[${i}] must be a non-negative integer, got ${describe(size)}`);
  });
  if (!Array.isArray(offsets) || offsets.length !== 2) {
    fail(`${where}: data_offsets must be [begin, end], got ${describe(offsets)}`);
  }
  offsets.forEach((offset: unknown, i) => {
    if (!isSize(offset))
      fail(`${where}: data_offsets[${i}] must be a non-negative integer, got ${describe(offset)}`);
  });
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) {
    fail(`${where}: data_offsets [${begin}, ${end}] go beyond the data buffer of ${dataLength} bytes`);
  }
  const info: SafetensorsTensorInfo = {
    name,
    dtype: dtype as SafetensorsDType,
    shape,
    dataOffsets: [begin, end],
  };
  const needed = byteSize(info.shape, SAFETENSORS_ITEMSIZE[info.dtype], dataLength);
  const what = `${where}: shape ${cut(formatShape(info.shape))} with dtype ${dtype}`;
  if (needed === null) fail(`${what} needs more than the ${dataLength} bytes of the data buffer`);
  if (needed !== end - begin) {
    fail(`${what} needs ${needed} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return info;
}

/** numel * itemsize, or null once it passes `limit` (so no product overflows). */
function byteSize(shape: readonly number[], itemsize: number, limit: number): number | null {
  if (shape.includes(0)) return 0;
  let bytes = itemsize;
  for (const size of shape) {
    bytes *= size;
    if (bytes > limit) return null;
  }
  return bytes;
}

function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Sorted by offsets, each tensor must start where the one before ended and the last end the data buffer. */
function checkCoverage(tensors: readonly SafetensorsTensorInfo[], dataLength: number): void {
  const sorted = [...tensors].sort(
    (a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1],
  );
  let previous: SafetensorsTensorInfo | null = null;
  let position = 0;
  for (const info of sorted) {
    const [begin, end] = info.dataOffsets;
    const where = `tensor ${quote(info.name)}: data_offsets [${begin}, ${end}]`;
    if (begin < position && previous !== null) {
      fail(`${where} overlap tensor ${quote(previous.name)} at [${previous.dataOffsets.join(', ')}]`);
    }
    if (begin > position) fail(`${where} leave bytes [${position}, ${begin}) of the data buffer unused`);
    previous = info;
    position = end;
  }
  if (position < dataLength) {
    fail(`bytes [${position}, ${dataLength}) at the end of the data buffer belong to no tensor`);
  }
}
