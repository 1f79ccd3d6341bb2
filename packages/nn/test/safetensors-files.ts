// Building safetensors files by hand for the tests, independently of saveSafetensors: any header text, any data.
import { readFileSync } from 'node:fs';

/** The bytes of a fixture file in ./fixtures. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

/**
 * A file of `header` (a value, written with JSON.stringify, or the header text itself) and `data`, the header padded
 * with spaces to a multiple of 8 bytes; `headerLength` overrides the length written in the first 8 bytes.
 */
export function buildFile(
  header: unknown,
  data: Uint8Array = new Uint8Array(0),
  headerLength?: bigint,
): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const padded = Math.ceil(json.length / 8) * 8;
  const file = new Uint8Array(8 + padded + data.length).fill(0x20, 8 + json.length, 8 + padded);
  new DataView(file.buffer).setBigUint64(0, headerLength ?? BigInt(padded), true);
  file.set(json, 8);
  file.set(data, 8 + padded);
  return file;
}

/** The header object and the data buffer of a valid file, read without the code under test. */
export function splitFile(file: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + length)));
  return { header, data: file.slice(8 + length) };
}
