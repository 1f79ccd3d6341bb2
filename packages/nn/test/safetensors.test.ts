// loadSafetensors/saveSafetensors against files PyTorch values were written into (tools/golden/nn_safetensors.py),
// Hugging Face's own serializer bytes (safetensors/src/tensor.rs tests), and one test per validation rule.
import { ArgumentTypeError, arange, type Tensor, tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, readJson } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { loadSafetensors, saveSafetensors } from '../src/safetensors.js';
import { readSafetensorsHeader, SafetensorsError } from '../src/safetensors-header.js';
import { buildFile, fixtureBytes } from './safetensors-files.js';

interface Golden {
  metadata: Record<string, string>;
  dtypes: Record<string, string>;
  tensors: Record<string, EncodedTensor>;
}

const golden = readJson<Golden>(new URL('./fixtures/safetensors.json', import.meta.url));

/** Same shape, dtype and values, -0 and nan included (toEqual compares numbers with Object.is). */
function expectSame(actual: Tensor, expected: Tensor, what: string): void {
  expect([...actual.shape], `${what} shape`).toEqual([...expected.shape]);
  expect(actual.dtype, `${what} dtype`).toBe(expected.dtype);
  expect(Array.from(actual.toTypedArray()), `${what} values`).toEqual(Array.from(expected.toTypedArray()));
}

function expectFileError(file: Uint8Array, message: string): void {
  expect(() => loadSafetensors(file)).toThrow(SafetensorsError);
  expect(() => loadSafetensors(file)).toThrow(`safetensors: ${message}`);
}

const f32 = (n: number) => ({ dtype: 'F32', shape: [n], data_offsets: [0, 4 * n] });

describe('loadSafetensors: a file written from PyTorch', () => {
  const file = fixtureBytes('golden.safetensors');

  it('loads every dtype exactly as torch converts it (F16/BF16 -> float32, I64 -> int32), in header order', () => {
    const loaded = loadSafetensors(file);
    expect(Object.keys(loaded)).toEqual(Object.keys(golden.tensors));
    for (const [name, encoded] of Object.entries(golden.tensors)) {
      expectSame(loaded[name]!, decodeTensor(encoded), `${name} (${golden.dtypes[name]})`);
    }
    expect(new Set(Object.values(golden.dtypes))).toEqual(
      new Set(['F32', 'F16', 'BF16', 'I64', 'I32', 'BOOL']),
    );
  });

  it('reads __metadata__ and the dtypes from the header', () => {
    const header = readSafetensorsHeader(file);
    expect(header.metadata).toEqual(golden.metadata);
    expect(Object.fromEntries(header.tensors.map((t) => [t.name, t.dtype]))).toEqual(golden.dtypes);
  });

  it('reads an ArrayBuffer, and bytes at an odd offset of a larger buffer', () => {
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    for (const input of [file.slice().buffer, shifted.subarray(3)]) {
      const loaded = loadSafetensors(input);
      for (const [name, encoded] of Object.entries(golden.tensors))
        expectSame(loaded[name]!, decodeTensor(encoded), name);
    }
  });

  it('throws naming the tensor and the value when an I64 does not fit in int32', () => {
    expectFileError(
      fixtureBytes('i64_out_of_range.safetensors'),
      'tensor "counts": I64 value 2147483648 at index 1 is outside the int32 range [-2147483648, 2147483647] ' +
        'that @bn loads I64 into',
    );
  });
});

describe("saveSafetensors: Hugging Face's serializer bytes", () => {
  // the byte arrays asserted by test_serialization, test_serialization_forced_alignement and test_empty in
  // safetensors/src/tensor.rs
  const floats = new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer);

  it('writes the header compact, then the data', () => {
    const bytes = saveSafetensors({ 'attn.0': tensor([0, 1, 2, 3, 4, 5], [1, 2, 3]) });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(header.length).toBe(64);
    expect(bytes).toEqual(
      new Uint8Array([64, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(header), ...floats]),
    );
  });

  it('pads the header with spaces to a multiple of 8 bytes', () => {
    const bytes = saveSafetensors({ attn0: tensor([0, 1, 2, 3, 4, 5], [1, 1, 2, 3]) });
    const header = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ';
    expect(bytes).toEqual(
      new Uint8Array([72, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(header), ...floats]),
    );
  });

  it('writes an empty dict, with and without metadata', () => {
    expect(saveSafetensors({})).toEqual(
      new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]),
    );
    const header = '{"__metadata__":{"framework":"pt"}}     ';
    expect(saveSafetensors({}, { framework: 'pt' })).toEqual(
      new Uint8Array([40, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(header)]),
    );
  });
});

describe('saveSafetensors', () => {
  it('writes strided views by their logical values', () => {
    const base = arange(12).reshape(3, 4);
    const views = {
      transposed: base.transpose(0, 1),
      narrowed: base.narrow(1, 1, 2),
      expanded: tensor([1, 2, 3], [3, 1], { dtype: 'int32' }).expand(3, 2),
      flags: tensor([true, false, true, true], [2, 2], { dtype: 'bool' }).transpose(0, 1),
    };
    const loaded = loadSafetensors(saveSafetensors(views));
    for (const [name, view] of Object.entries(views)) {
      expect(loaded[name]!.toArray(), name).toEqual(view.toArray());
      expect(loaded[name]!.dtype, name).toBe(view.dtype);
    }
  });

  it('rejects a value that is not a Tensor, and metadata that is not strings', () => {
    expect(() => saveSafetensors({ w: [1, 2] as unknown as Tensor })).toThrow(
      new ArgumentTypeError(
        'saveSafetensors(): expected stateDict["w"] to be a Tensor, got an array of 2 elements',
      ),
    );
    expect(() => saveSafetensors(null as unknown as Record<string, Tensor>)).toThrow(
      'saveSafetensors(): expected stateDict to be a Record<string, Tensor>, got null',
    );
    const w = arange(2);
    expect(() => saveSafetensors({ w }, { epochs: 3 as unknown as string })).toThrow(
      new ArgumentTypeError('saveSafetensors(): expected metadata["epochs"] to be a string, got number 3'),
    );
    expect(() => saveSafetensors({ w }, ['pt'] as unknown as Record<string, string>)).toThrow(
      'saveSafetensors(): expected metadata to be a Record<string, string>, got an array of 1 elements',
    );
  });

  it('rejects a tensor named __metadata__', () => {
    expect(() => saveSafetensors({ __metadata__: arange(2) })).toThrow(
      new SafetensorsError(
        'saveSafetensors(): "__metadata__" names the file metadata and cannot name a tensor',
      ),
    );
  });

  it('refuses a batched tensor inside vmap with the readout error', () => {
    const save = vmap((x: Tensor) => {
      saveSafetensors({ x });
      return x;
    });
    expect(() => save(arange(6).reshape(2, 3))).toThrow("vmap: It looks like you're calling .toTypedArray()");
  });

  it('loadSafetensors rejects what is not bytes with an ArgumentTypeError', () => {
    expect(() => loadSafetensors('file' as unknown as Uint8Array)).toThrow(
      new ArgumentTypeError(
        'loadSafetensors(): expected a Uint8Array or an ArrayBuffer, got the string "file"',
      ),
    );
  });
});

describe('loadSafetensors: one test per validation rule', () => {
  const data8 = new Uint8Array(8);

  it('a file shorter than 8 bytes', () => {
    expectFileError(new Uint8Array(5), 'the file has 5 bytes, fewer than the 8 of the header length');
  });

  it('a header length beyond the file', () => {
    expectFileError(
      buildFile({}, data8, 17n),
      'the header length 17 goes beyond the end of the file (24 bytes)',
    );
  });

  it('a header length over 100 MiB, checked before anything is read (2^60 fails fast)', () => {
    expectFileError(
      buildFile({}, data8, 2n ** 60n),
      'the header length 1152921504606846976 is over the limit of 104857600 bytes (100 MiB)',
    );
    expectFileError(
      buildFile({}, data8, 104857601n),
      'the header length 104857601 is over the limit of 104857600 bytes (100 MiB)',
    );
  });

  it('a header that is not UTF-8', () => {
    const file = buildFile('{"a":1}');
    file[10] = 0xff;
    expectFileError(file, 'the header is not valid UTF-8');
  });

  it('a header that is not JSON (a byte-order mark included)', () => {
    expect(() => loadSafetensors(buildFile('{"a":'))).toThrow(
      /^safetensors: the header is not valid JSON \(/,
    );
    expect(() => loadSafetensors(buildFile('\uFEFF{}'))).toThrow(
      /^safetensors: the header is not valid JSON \(/,
    );
  });

  it('a header that is not an object', () => {
    expectFileError(buildFile([]), 'the header must be a JSON object, got an array of 0 elements');
    expectFileError(buildFile('null'), 'the header must be a JSON object, got null');
  });

  it('an entry that is not an object', () => {
    expectFileError(
      buildFile({ w: [1, 2] }),
      'tensor "w": expected an object with dtype, shape and data_offsets, got an array of 2 elements',
    );
  });

  it('a missing field', () => {
    expectFileError(
      buildFile({ w: { dtype: 'F32', shape: [2] } }, data8),
      'tensor "w": missing field "data_offsets"',
    );
  });

  it('a dtype that is not a string', () => {
    expectFileError(
      buildFile({ w: { ...f32(2), dtype: 32 } }, data8),
      'tensor "w": dtype must be a string, got number 32',
    );
  });

  it('an unknown dtype', () => {
    const known = '(known dtypes: F32, F16, BF16, I64, I32, BOOL)';
    expectFileError(
      buildFile({ w: { ...f32(1), dtype: 'F64' } }, data8),
      `tensor "w": unknown dtype "F64" ${known}`,
    );
    expectFileError(
      buildFile({ w: { ...f32(2), dtype: 'constructor' } }, data8),
      `tensor "w": unknown dtype "constructor" ${known}`,
    );
  });

  it('a shape that is not an array of non-negative safe integers', () => {
    expectFileError(
      buildFile({ w: { ...f32(2), shape: '2' } }, data8),
      'tensor "w": shape must be an array of sizes, got the string "2"',
    );
    expectFileError(
      buildFile({ w: { ...f32(2), shape: [2, -1] } }, data8),
      'tensor "w": shape[1] must be a non-negative integer, got number -1',
    );
    expectFileError(
      buildFile({ w: { ...f32(2), shape: [1.5] } }, data8),
      'tensor "w": shape[0] must be a non-negative integer, got number 1.5',
    );
    expectFileError(
      buildFile({ w: { ...f32(2), shape: [0, 2 ** 53] } }, data8),
      'tensor "w": shape[1] must be a non-negative integer, got number 9007199254740992',
    );
  });

  it('a value nested a million arrays deep is reported without recursing into it', () => {
    const deep = `${'['.repeat(1e6)}${']'.repeat(1e6)}`;
    expectFileError(
      buildFile(`{"w":{"dtype":"F32","shape":[${deep}],"data_offsets":[0,8]}}`, data8),
      'tensor "w": shape[0] must be a non-negative integer, got an array of 1 elements',
    );
  });

  it('data_offsets that are not two non-negative safe integers', () => {
    expectFileError(
      buildFile({ w: { ...f32(2), data_offsets: [0, 4, 8] } }, data8),
      'tensor "w": data_offsets must be [begin, end], got an array of 3 elements',
    );
    expectFileError(
      buildFile({ w: { ...f32(2), data_offsets: [0, '8'] } }, data8),
      'tensor "w": data_offsets[1] must be a non-negative integer, got the string "8"',
    );
    expectFileError(
      buildFile('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,1152921504606846976]}}', data8),
      'tensor "w": data_offsets[1] must be a non-negative integer, got number 1152921504606847000',
    );
  });

  it('data_offsets that end before they begin', () => {
    expectFileError(
      buildFile({ w: { ...f32(0), data_offsets: [8, 0] } }, data8),
      'tensor "w": data_offsets [8, 0] end before they begin',
    );
  });

  it('data_offsets beyond the data buffer', () => {
    expectFileError(
      buildFile({ w: { ...f32(4), data_offsets: [0, 16] } }, data8),
      'tensor "w": data_offsets [0, 16] go beyond the data buffer of 8 bytes',
    );
  });

  it('a size that does not match the shape and dtype', () => {
    expectFileError(
      buildFile({ w: { ...f32(2), dtype: 'F16' } }, data8),
      'tensor "w": shape [2] with dtype F16 needs 4 bytes, but data_offsets [0, 8] hold 8',
    );
  });

  it('a shape of [2^40, 2^40] fails fast, without computing its size in full', () => {
    expectFileError(
      buildFile({ w: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, data8),
      'tensor "w": shape [1099511627776, 1099511627776] with dtype F32 needs more than the 8 bytes of the data buffer',
    );
  });

  it('offsets that overlap, leave a gap, or do not reach the end of the data', () => {
    const a = { dtype: 'F32', shape: [1], data_offsets: [0, 4] };
    expectFileError(
      buildFile({ a, b: { dtype: 'F32', shape: [1], data_offsets: [2, 6] } }, data8),
      'tensor "b": data_offsets [2, 6] overlap tensor "a" at [0, 4]',
    );
    expectFileError(
      buildFile({ a: { ...a, data_offsets: [4, 8] } }, data8),
      'tensor "a": data_offsets [4, 8] leave bytes [0, 4) of the data buffer unused',
    );
    expectFileError(
      buildFile({ a }, data8),
      'bytes [4, 8) at the end of the data buffer belong to no tensor',
    );
    expectFileError(buildFile({}, data8), 'bytes [0, 8) at the end of the data buffer belong to no tensor');
  });

  it('__metadata__ that is not an object of strings', () => {
    expectFileError(
      buildFile({ __metadata__: ['pt'] }),
      '__metadata__ must be an object of strings, got an array of 1 elements',
    );
    expectFileError(
      buildFile({ __metadata__: { epochs: 3 } }),
      '__metadata__ "epochs" must be a string, got number 3',
    );
  });

  it('accepts what the format allows: any order of entries, empty tensors sharing an offset, null metadata', () => {
    const header = {
      __metadata__: null,
      b: { dtype: 'I32', shape: [1], data_offsets: [4, 8] },
      e1: { dtype: 'F32', shape: [0, 2], data_offsets: [4, 4] },
      a: { dtype: 'F32', shape: [], data_offsets: [0, 4] },
      e2: { dtype: 'BOOL', shape: [3, 0], data_offsets: [4, 4] },
    };
    const data = new Uint8Array([0, 0, 0xc0, 0x3f, 0xfe, 0xff, 0xff, 0xff]); // 1.5f, then int32 -2
    const loaded = loadSafetensors(buildFile(header, data));
    expect(Object.keys(loaded)).toEqual(['b', 'e1', 'a', 'e2']);
    expect(loaded.a!.toArray()).toBe(1.5);
    expect(loaded.b!.toArray()).toEqual([-2]);
    expect([...loaded.e2!.shape]).toEqual([3, 0]);
    expect(readSafetensorsHeader(buildFile(header, data)).metadata).toBeNull();
  });
});
