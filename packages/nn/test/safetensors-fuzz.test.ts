// Properties of the safetensors reader and writer (fast-check, fixed seeds): random state dicts round-trip bit for bit,
// and mutated files either load or throw SafetensorsError, the structurally invalid ones always throwing.
import { type DType, fromTypedArray, type Tensor, type TypedArray, tensor } from '@bn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSafetensors, saveSafetensors } from '../src/safetensors.js';
import { readSafetensorsHeader, SafetensorsError } from '../src/safetensors-header.js';
import { buildFile, fixtureBytes, splitFile } from './safetensors-files.js';

function bits(values: TypedArray): number[] {
  return values instanceof Float32Array
    ? Array.from(new Uint32Array(values.slice().buffer))
    : Array.from(values);
}

// float32 bit patterns: signed zeros, infinities, quiet nans with payloads, the smallest and largest subnormals
const SPECIAL_FLOAT_BITS = [
  0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc12345, 0xffc00001, 0x00000001, 0x807fffff, 0x00400000,
];

function valuesOf(dtype: DType, n: number): fc.Arbitrary<TypedArray> {
  if (dtype === 'int32') {
    return fc
      .array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n })
      .map((v) => new Int32Array(v));
  }
  if (dtype === 'bool')
    return fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((v) => Uint8Array.from(v, Number));
  const floatBits = fc.oneof(
    fc.float().map((x) => new Uint32Array(new Float32Array([x]).buffer)[0]!),
    fc.constantFrom(...SPECIAL_FLOAT_BITS),
  );
  return fc
    .array(floatBits, { minLength: n, maxLength: n })
    .map((v) => new Float32Array(new Uint32Array(v).buffer));
}

/** A tensor of random dtype and shape (0-d and zero sizes included), sometimes a transposed (strided) view. */
const tensorArb: fc.Arbitrary<Tensor> = fc
  .record({
    dtype: fc.constantFrom<DType>('float32', 'int32', 'bool'),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
    transposed: fc.boolean(),
  })
  .chain(({ dtype, shape, transposed }) =>
    valuesOf(
      dtype,
      shape.reduce((a, b) => a * b, 1),
    ).map((values) => {
      const t = fromTypedArray(values, shape);
      return transposed && shape.length >= 2 ? t.transpose(0, shape.length - 1) : t;
    }),
  );

const nameArb = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom(
      'layer1.0.conv1.weight',
      'bn.running_mean',
      'émbed.wéight',
      '0',
      '17',
      '__proto__',
      'constructor',
      '',
    ),
  )
  .filter((name) => name !== '__metadata__');

const stateDictArb = fc
  .uniqueArray(fc.tuple(nameArb, tensorArb), { selector: ([name]) => name, maxLength: 6 })
  .map((entries) => Object.fromEntries(entries) as Record<string, Tensor>);

const metadataArb = fc.option(
  fc
    .array(fc.tuple(nameArb, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 3 })
    .map((entries) => Object.fromEntries(entries) as Record<string, string>),
  { nil: undefined },
);

describe('saveSafetensors -> loadSafetensors', () => {
  it('gives back the same keys in order, shapes, dtypes, bit-identical values and the metadata', () => {
    fc.assert(
      fc.property(stateDictArb, metadataArb, (stateDict, metadata) => {
        const file = saveSafetensors(stateDict, metadata);
        const loaded = loadSafetensors(file);
        expect(Object.keys(loaded)).toEqual(Object.keys(stateDict));
        for (const [name, original] of Object.entries(stateDict)) {
          const t = loaded[name]!;
          expect([...t.shape]).toEqual([...original.shape]);
          expect(t.dtype).toBe(original.dtype);
          // the loaded storage holds the bits read from the file, no readout in between
          expect(bits(t.storage.data)).toEqual(bits(original.toTypedArray()));
        }
        const stored = readSafetensorsHeader(file).metadata;
        expect(stored === null ? undefined : Object.entries(stored)).toEqual(
          metadata && Object.entries(metadata),
        );
        expect(readHeaderLength(file) % 8).toBe(0);
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });
});

function readHeaderLength(file: Uint8Array): number {
  return Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
}

// ---- fuzzing -----------------------------------------------------------------------------------------------------

type Header = Record<string, unknown>;
interface Entry {
  dtype: unknown;
  shape: unknown;
  data_offsets: unknown;
}
/** `throw`: built to be structurally invalid; `load`: built to be valid; `either`: random bytes changed. */
interface Mutant {
  kind: string;
  file: Uint8Array;
  outcome: 'throw' | 'load' | 'either';
}

const bases = [
  fixtureBytes('golden.safetensors'),
  saveSafetensors(
    {
      w: tensor([1.5, -2, 3e-40, Number.NaN, 0, -0, 7, 8, 9, 10, 11, 12], [3, 4]),
      '0': tensor([5, -6, 7, 2 ** 31 - 1, -(2 ** 31)], [5], { dtype: 'int32' }),
      mask: tensor([1, 0, 1, 1, 0, 1, 0], [7], { dtype: 'bool' }),
      scalar: tensor(3.25),
      empty: tensor([], [0, 2]),
    },
    { format: 'pt' },
  ),
  saveSafetensors({
    'a.b': tensor([1, 2], [2], { dtype: 'int32' }),
    c: tensor([true, false], [1, 2, 1], { dtype: 'bool' }),
  }),
  saveSafetensors({}, { only: 'metadata' }),
];
const split = bases.map(splitFile);

const entryNames = (h: Header) => Object.keys(h).filter((k) => k !== '__metadata__');
const offsetsOf = (h: Header, name: string) => (h[name] as Entry).data_offsets as [number, number];
const nonEmptyNames = (h: Header) => entryNames(h).filter((n) => offsetsOf(h, n)[0] !== offsetsOf(h, n)[1]);
const pick = <T>(list: readonly T[], r: number): T => list[r % list.length]!;
const entry = (h: Header, name: string) => h[name] as Entry;
/** A non-zero integer in [-16, 16]. */
const nonZero = (r: number) => ((r >> 4) % 2 ? -1 : 1) * ((r % 16) + 1);

const RAW = '"@@raw@@"';
/** The header as JSON with the marker value replaced by `raw` text (numbers JSON.stringify cannot write). */
const withRaw = (h: Header, raw: string) => JSON.stringify(h).replace(RAW, raw);

const BAD_NUMBERS = [
  '-1',
  '1.5',
  '9007199254740992',
  '1152921504606846976',
  '1e300',
  '1e400',
  '-0.5',
  '"2"',
  'null',
  'true',
  '[2]',
  '{}',
];
const UNKNOWN_DTYPES = [
  'F64',
  'U8',
  'I8',
  'U16',
  'F8_E4M3',
  'f32',
  '',
  'F32 ',
  'constructor',
  '__proto__',
  'toString',
];
const ITEMSIZE: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, BOOL: 1 };
const WRONG_TYPES: Record<keyof Entry, unknown[]> = {
  dtype: [32, null, ['F32'], {}, true],
  shape: ['[2,3]', 6, null, {}, [[2, 3]], true],
  data_offsets: ['0,4', [0], [0, 4, 8], ['0', '4'], null, {}, 4, [-4, 0]],
};
const NOT_OBJECT_HEADERS = [
  '[]',
  '"x"',
  '1',
  'null',
  'true',
  '{',
  '{"a":}',
  '',
  '{"a":1,}',
  '{} {}',
  "{'a':1}",
];
const BAD_METADATA = [1, 'pt', [], true, { a: 1 }, { a: null }, { a: {} }, { a: ['x'] }];

/** Header edits that make the file invalid, each given the header (a fresh copy) and three random numbers. */
const invalidEdits: Record<string, (h: Header, r: [number, number, number]) => string> = {
  shiftOffsets(h, [a, b]) {
    const e = entry(h, pick(nonEmptyNames(h), a));
    e.data_offsets = (e.data_offsets as number[]).map((o) => o + nonZero(b));
    return JSON.stringify(h);
  },
  moveOneOffset(h, [a, b, c]) {
    const e = entry(h, pick(nonEmptyNames(h), a));
    (e.data_offsets as number[])[b % 2]! += nonZero(c);
    return JSON.stringify(h);
  },
  overlap(h, [a, b]) {
    const names = nonEmptyNames(h);
    const first = pick(names, a);
    const second = pick(
      names.filter((n) => n !== first),
      b,
    );
    entry(h, second).data_offsets = [...offsetsOf(h, first)];
    return JSON.stringify(h);
  },
  removeTensor(h, [a]) {
    delete h[pick(nonEmptyNames(h), a)];
    return JSON.stringify(h);
  },
  addTensor(h, [a]) {
    const end = Math.max(...entryNames(h).map((n) => offsetsOf(h, n)[1]));
    h['extra.tensor'] = { dtype: 'F32', shape: [1], data_offsets: a % 2 ? [end, end + 4] : [0, 4] };
    return JSON.stringify(h);
  },
  resize(h, [a, b, c]) {
    const e = entry(h, pick(nonEmptyNames(h), a));
    const shape = e.shape as number[];
    if (b % 3 === 0 || shape.length === 0) shape.push(2 + (c % 5));
    else if (b % 3 === 1) shape.push(0);
    else shape[c % shape.length]! *= 2 + (c % 3);
    return JSON.stringify(h);
  },
  badNumber(h, [a, b, c]) {
    const e = entry(h, pick(entryNames(h), a));
    if (b % 2) (e.data_offsets as unknown[])[(b >> 1) % 2] = JSON.parse(RAW);
    else (e.shape as unknown[]).push(JSON.parse(RAW));
    return withRaw(h, pick(BAD_NUMBERS, c));
  },
  hugeSizes(h, [a, b]) {
    const e = entry(h, pick(nonEmptyNames(h), a));
    if (b % 3 === 0) e.shape = [2 ** 40, 2 ** 40];
    else if (b % 3 === 1) e.data_offsets = [0, 2 ** 52];
    else e.shape = [...(e.shape as number[]), 2 ** 52];
    return JSON.stringify(h);
  },
  unknownDtype(h, [a, b]) {
    entry(h, pick(entryNames(h), a)).dtype = pick(UNKNOWN_DTYPES, b);
    return JSON.stringify(h);
  },
  otherItemsize(h, [a, b]) {
    const e = entry(h, pick(nonEmptyNames(h), a));
    e.dtype = pick(
      Object.keys(ITEMSIZE).filter((d) => ITEMSIZE[d] !== ITEMSIZE[e.dtype as string]),
      b,
    );
    return JSON.stringify(h);
  },
  wrongType(h, [a, b, c]) {
    const field = pick(['dtype', 'shape', 'data_offsets'] as const, b);
    entry(h, pick(entryNames(h), a))[field] = pick(WRONG_TYPES[field], c);
    return JSON.stringify(h);
  },
  entryNotObject(h, [a, b]) {
    h[pick(entryNames(h), a)] = pick([1, 'F32', [], null, true], b);
    return JSON.stringify(h);
  },
  missingField(h, [a, b]) {
    delete (entry(h, pick(entryNames(h), a)) as Partial<Entry>)[
      pick(['dtype', 'shape', 'data_offsets'] as const, b)
    ];
    return JSON.stringify(h);
  },
  duplicateFieldLastWrong(h, [a, b]) {
    const name = pick(entryNames(h), a);
    const wrong = pick([',"dtype":"F64"', ',"shape":"x"', ',"data_offsets":null', ',"shape":[-1]'], b);
    const text = JSON.stringify({ [name]: h[name] }).slice(1, -2);
    return JSON.stringify(h).replace(text, `${text}${wrong}`);
  },
  duplicateTensorLastShifted(h, [a, b]) {
    const name = pick(nonEmptyNames(h), a);
    const shifted = { ...entry(h, name), data_offsets: offsetsOf(h, name).map((o) => o + nonZero(b)) };
    return `${JSON.stringify(h).slice(0, -1)},${JSON.stringify({ [name]: shifted }).slice(1)}`;
  },
  metadataWrongType(h, [, b]) {
    h.__metadata__ = pick(BAD_METADATA, b);
    return JSON.stringify(h);
  },
  notAnObject(_h, [, b]) {
    return pick(NOT_OBJECT_HEADERS, b);
  },
};

/** Header edits the format allows. */
const validEdits: Record<string, (h: Header, r: [number, number, number]) => string> = {
  reorderEntries(h, [a]) {
    const keys = Object.keys(h);
    const rotated = [...keys.slice(a % keys.length), ...keys.slice(0, a % keys.length)];
    return JSON.stringify(Object.fromEntries(rotated.map((k) => [k, h[k]])));
  },
  sameSizeDtype(h, [a]) {
    const e = entry(h, pick(entryNames(h), a));
    const swap: Record<string, string> = {
      F32: 'I32',
      I32: 'F32',
      F16: 'BF16',
      BF16: 'F16',
      I64: 'I64',
      BOOL: 'BOOL',
    };
    e.dtype = swap[e.dtype as string];
    return JSON.stringify(h);
  },
  reversedShape(h, [a]) {
    const e = entry(h, pick(entryNames(h), a));
    e.shape = [...(e.shape as number[])].reverse();
    return JSON.stringify(h);
  },
  extraField(h, [a]) {
    (entry(h, pick(entryNames(h), a)) as unknown as Header).note = 'ignored, as serde ignores unknown fields';
    return JSON.stringify(h);
  },
};

const baseIndex = fc.integer({ min: 0, max: bases.length - 1 });
// JSON edits need two non-empty tensors: every base but the metadata-only one
const jsonBaseIndex = fc.integer({ min: 0, max: bases.length - 2 });
const randoms = fc.tuple(fc.nat(), fc.nat(), fc.nat());

function headerEdit(
  kind: string,
  edit: (h: Header, r: [number, number, number]) => string,
  outcome: 'throw' | 'load',
) {
  return fc.tuple(jsonBaseIndex, randoms).map(([i, r]): Mutant => {
    const { header, data } = split[i]!;
    return { kind, file: buildFile(edit(structuredClone(header), r), data), outcome };
  });
}

function byteEdit(
  kind: string,
  outcome: 'throw' | 'either',
  edit: (file: Uint8Array, r: [number, number, number]) => Uint8Array,
) {
  return fc.tuple(baseIndex, randoms).map(([i, r]): Mutant => ({ kind, file: edit(bases[i]!, r), outcome }));
}

const mutantArb: fc.Arbitrary<Mutant> = fc.oneof(
  byteEdit('bitFlip', 'either', (f, [a, b]) => {
    const out = f.slice();
    out[a % f.length]! ^= 1 << (b % 8);
    return out;
  }),
  byteEdit('overwriteByte', 'either', (f, [a, b]) => {
    const out = f.slice();
    out[a % f.length] = b % 256;
    return out;
  }),
  byteEdit('overwriteBytes', 'either', (f, [a, b, c]) => {
    const out = f.slice();
    for (let k = 0; k < 1 + (c % 8); k++) out[(a + k * b) % f.length] = (b >> k) % 256;
    return out;
  }),
  byteEdit('truncate', 'throw', (f, [a]) => f.slice(0, a % f.length)),
  byteEdit('extend', 'throw', (f, [a, b]) => {
    const out = new Uint8Array(f.length + 1 + (a % 16)).fill(b % 256);
    out.set(f);
    return out;
  }),
  byteEdit('headerLength', 'throw', (f, [a, b]) => {
    const out = f.slice();
    const length = BigInt(readHeaderLength(f));
    const values = [
      length + BigInt(nonZero(a)),
      BigInt(f.length),
      BigInt(a) * 2n ** BigInt(b % 40),
      2n ** 64n - 1n,
    ];
    const value = pick(values, b);
    new DataView(out.buffer).setBigUint64(0, value === length ? length + 1n : value, true);
    return out;
  }),
  ...Object.entries(invalidEdits).map(([kind, edit]) => headerEdit(kind, edit, 'throw')),
  ...Object.entries(validEdits).map(([kind, edit]) => headerEdit(kind, edit, 'load')),
);

describe('loadSafetensors on mutated files', () => {
  it('loads the unmutated bases', () => {
    for (const file of bases) expect(() => loadSafetensors(file)).not.toThrow();
  });

  it('only ever loads or throws SafetensorsError; files built invalid always throw, valid ones load', () => {
    const seen = new Map<string, { loaded: number; threw: number }>();
    fc.assert(
      fc.property(mutantArb, ({ kind, file, outcome }) => {
        let error: unknown = null;
        try {
          loadSafetensors(file);
        } catch (e) {
          error = e;
        }
        if (error !== null) {
          expect(error, `${kind}: ${String(error)}`).toBeInstanceOf(SafetensorsError);
          expect((error as Error).message).toMatch(/^safetensors: /);
        }
        if (outcome === 'throw') expect(error, `${kind} loaded`).not.toBeNull();
        if (outcome === 'load') expect(error, `${kind} threw`).toBeNull();
        const count = seen.get(kind) ?? { loaded: 0, threw: 0 };
        if (error === null) count.loaded++;
        else count.threw++;
        seen.set(kind, count);
      }),
      { seed: 4, numRuns: 3000 },
    );
    // every kind of mutation ran; random byte changes both broke files and left some loadable
    expect(seen.size).toBe(6 + Object.keys(invalidEdits).length + Object.keys(validEdits).length);
    for (const kind of ['bitFlip', 'overwriteByte', 'overwriteBytes']) {
      expect(seen.get(kind)!.loaded, kind).toBeGreaterThan(0);
      expect(seen.get(kind)!.threw, kind).toBeGreaterThan(0);
    }
  });
});
