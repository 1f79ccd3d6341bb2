// Loading and saving state dicts in Hugging Face's safetensors format (safetensors/src/tensor.rs `serialize` and
// `SafeTensors::deserialize`), so PyTorch weights load. The header's checks are in safetensors-header.ts.
import {
  ArgumentTypeError,
  type DType,
  fromTypedArray,
  isPlainObject,
  Tensor,
  type TypedArray,
} from '@bn/tensor';
import {
  asBytes,
  describe,
  quote,
  readSafetensorsHeader,
  type SafetensorsDType,
  SafetensorsError,
  type SafetensorsTensorInfo,
} from './safetensors-header.js';

export {
  readSafetensorsHeader,
  type SafetensorsDType,
  SafetensorsError,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './safetensors-header.js';

const SAVED_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

/**
 * The tensors of a safetensors file. F32, F16 and BF16 load as float32 (exactly), I64 and I32 as int32 (an I64
 * value outside the int32 range throws), BOOL as bool. The keys are in the order the header lists them (JSON object
 * order, not data order; as in any JS object, integer-like names such as "0" come first). Throws a
 * `SafetensorsError` for any malformed file, before allocating anything sized by its header.
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const file = asBytes(bytes, 'loadSafetensors');
  const header = readSafetensorsHeader(file);
  const data = new DataView(
    file.buffer,
    file.byteOffset + header.dataStart,
    file.byteLength - header.dataStart,
  );
  return Object.fromEntries(
    header.tensors.map((info) => [info.name, fromTypedArray(decode(data, info), info.shape)]),
  );
}

/** The values of one tensor, read with a DataView: little-endian whatever the host, at any alignment. */
function decode(data: DataView, info: SafetensorsTensorInfo): TypedArray {
  const [begin, end] = info.dataOffsets;
  switch (info.dtype) {
    case 'F32':
      return floatsFromBits((end - begin) / 4, (i) => data.getUint32(begin + 4 * i, true));
    case 'F16':
      return floatsFromBits((end - begin) / 2, (i) => halfToFloatBits(data.getUint16(begin + 2 * i, true)));
    case 'BF16':
      return floatsFromBits((end - begin) / 2, (i) => data.getUint16(begin + 2 * i, true) << 16);
    case 'I32': {
      const out = new Int32Array((end - begin) / 4);
      for (let i = 0; i < out.length; i++) out[i] = data.getInt32(begin + 4 * i, true);
      return out;
    }
    case 'I64':
      return int64ToInt32(data, info);
    case 'BOOL': {
      const out = new Uint8Array(end - begin);
      for (let i = 0; i < out.length; i++) out[i] = data.getUint8(begin + i) !== 0 ? 1 : 0;
      return out;
    }
  }
}

/** A float32 array written through its bits, so nan payloads and -0 come through unchanged. */
function floatsFromBits(n: number, bitsAt: (i: number) => number): Float32Array {
  const out = new Float32Array(n);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) bits[i] = bitsAt(i);
  return out;
}

/** The float32 bits of an IEEE half (exact: every half is a float32). */
function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  if (exponent === 0x1f) return sign | 0x7f800000 | (mantissa << 13);
  if (exponent !== 0) return sign | ((exponent + 112) << 23) | (mantissa << 13);
  if (mantissa === 0) return sign;
  // subnormal half: shift the mantissa up to a leading 1, lowering the float32 exponent as it goes
  let floatExponent = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    floatExponent--;
  }
  return sign | (floatExponent << 23) | ((mantissa & 0x3ff) << 13);
}

function int64ToInt32(data: DataView, info: SafetensorsTensorInfo): Int32Array {
  const begin = info.dataOffsets[0];
  const out = new Int32Array((info.dataOffsets[1] - begin) / 8);
  for (let i = 0; i < out.length; i++) {
    const low = data.getInt32(begin + 8 * i, true);
    // in range exactly when the high word is the sign extension of the low one
    if (data.getInt32(begin + 8 * i + 4, true) !== low >> 31) {
      throw new SafetensorsError(
        `safetensors: tensor ${quote(info.name)}: I64 value ${data.getBigInt64(begin + 8 * i, true)} at index ` +
          `${i} is outside the int32 range [-2147483648, 2147483647] that @bn loads I64 into`,
      );
    }
    out[i] = low;
  }
  return out;
}

/**
 * A safetensors file of `stateDict` (float32 -> F32, int32 -> I32, bool -> BOOL), tensors written contiguously
 * in the dict's order by their logical values (strided views included), the header padded with spaces to a
 * multiple of 8 bytes as Hugging Face's serializer does, `metadata` stored as `__metadata__`.
 */
export function saveSafetensors(
  stateDict: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  if (!isPlainObject(stateDict)) {
    throw new ArgumentTypeError(
      `saveSafetensors(): expected stateDict to be a Record<string, Tensor>, got ${describe(stateDict)}`,
    );
  }
  const entries = Object.entries(stateDict);
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) {
      throw new ArgumentTypeError(
        `saveSafetensors(): expected stateDict[${quote(name)}] to be a Tensor, got ${describe(t)}`,
      );
    }
    if (name === '__metadata__') {
      throw new SafetensorsError(
        'saveSafetensors(): "__metadata__" names the file metadata and cannot name a tensor',
      );
    }
  }
  checkMetadataArgument(metadata);
  // readout throws the transform's own error for a batched tensor (level > 0)
  const values = entries.map(([, t]) => t.toTypedArray());
  const header: Record<string, unknown> = metadata === undefined ? {} : { __metadata__: metadata };
  let position = 0;
  entries.forEach(([name, t], i) => {
    const end = position + values[i]!.byteLength;
    Object.defineProperty(header, name, {
      value: { dtype: SAVED_DTYPE[t.dtype], shape: t.shape, data_offsets: [position, end] },
      enumerable: true,
    });
    position = end;
  });
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.byteLength / 8) * 8;
  const out = new Uint8Array(8 + headerLength + position).fill(0x20, 8 + json.byteLength, 8 + headerLength);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  let offset = 8 + headerLength;
  for (const value of values) {
    encode(view, offset, value);
    offset += value.byteLength;
  }
  return out;
}

function checkMetadataArgument(metadata: Record<string, string> | undefined): void {
  if (metadata === undefined) return;
  if (!isPlainObject(metadata)) {
    throw new ArgumentTypeError(
      `saveSafetensors(): expected metadata to be a Record<string, string>, got ${describe(metadata)}`,
    );
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new ArgumentTypeError(
        `saveSafetensors(): expected metadata[${quote(key)}] to be a string, got ${describe(value)}`,
      );
    }
  }
}

/** Writes `values` little-endian at `offset` (float32 through its bits, so nan payloads survive). */
function encode(view: DataView, offset: number, values: TypedArray): void {
  if (values instanceof Float32Array) {
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    for (let i = 0; i < bits.length; i++) view.setUint32(offset + 4 * i, bits[i]!, true);
  } else if (values instanceof Int32Array) {
    for (let i = 0; i < values.length; i++) view.setInt32(offset + 4 * i, values[i]!, true);
  } else {
    new Uint8Array(view.buffer, offset, values.length).set(values);
  }
}
