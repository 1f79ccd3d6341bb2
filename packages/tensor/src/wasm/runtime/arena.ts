// The WebAssembly memory of the backend as a reused arena: each op takes its inputs, outputs and scratch
// from the start (`reset`, then bump allocations) and the memory grows only when an op needs more than any
// op before it, so its size is bounded by the largest op. Tensor storage itself stays on the JS heap.
import { RuntimeError } from '../../errors.js';

const PAGE = 65536;
/** Addresses stay below 2^31, so the kernels may compare them as signed i32. */
export const MAX_PAGES = 32767;
/** Allocations start on cache-line boundaries. */
const ALIGN = 64;

export class Arena {
  private top = 0;
  private f32 = new Float32Array(0);
  private i32 = new Int32Array(0);

  constructor(readonly memory: WebAssembly.Memory) {
    this.refresh();
  }

  /** Frees every allocation: the next op starts again from the bottom. */
  reset(): void {
    this.top = 0;
  }

  /** A new block of `bytes` bytes (uninitialised), as its byte address; grows the memory when needed. */
  alloc(bytes: number): number {
    const at = this.top;
    const end = at + Math.ceil(bytes / ALIGN) * ALIGN;
    if (end > this.memory.buffer.byteLength) {
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      const current = this.memory.buffer.byteLength / PAGE;
      if (current + pages > MAX_PAGES) {
        throw new RuntimeError(
          `the WebAssembly backend needs ${(end / 2 ** 20).toFixed(0)} MiB for this op, more than its limit of ` +
            `${(MAX_PAGES * PAGE) / 2 ** 20} MiB: use setBackend('js') for ops this large`,
        );
      }
      this.memory.grow(pages);
      this.refresh();
    }
    this.top = end;
    return at;
  }

  /** Copies `length` floats of `from` (from `offset`) into a new block; returns its byte address. */
  putFloats(from: Float32Array, offset: number, length: number): number {
    const at = this.alloc(length * 4);
    this.floats.set(from.subarray(offset, offset + length), at >> 2);
    return at;
  }

  /** Copies an Int32Array into a new block; returns its byte address. */
  putInts(from: Int32Array): number {
    const at = this.alloc(from.length * 4);
    this.ints.set(from, at >> 2);
    return at;
  }

  /** Copies `length` floats read `stride` apart from `from[offset]` into a new block; returns its address. */
  putStridedFloats(from: Float32Array, offset: number, stride: number, length: number): number {
    const at = this.alloc(length * 4);
    const floats = this.floats;
    for (let i = 0; i < length; i++) floats[(at >> 2) + i] = from[offset + i * stride]!;
    return at;
  }

  /** Writes `record` as consecutive i32 words at `at`, in the order of `names` (a kernel's descriptor). */
  writeFields<K extends string>(at: number, names: readonly K[], record: Record<K, number>): void {
    const ints = this.ints;
    names.forEach((name, w) => {
      ints[(at >> 2) + w] = record[name];
    });
  }

  /** `writeFields` into a new block; returns its address. */
  putFields<K extends string>(names: readonly K[], record: Record<K, number>): number {
    const at = this.alloc(names.length * 4);
    this.writeFields(at, names, record);
    return at;
  }

  /** The memory as floats (re-read after any `alloc`: growing replaces the buffer). */
  get floats(): Float32Array {
    if (this.f32.buffer !== this.memory.buffer) this.refresh();
    return this.f32;
  }

  get ints(): Int32Array {
    if (this.i32.buffer !== this.memory.buffer) this.refresh();
    return this.i32;
  }

  /** Bytes of memory in use by the instance (the high-water mark of every op so far). */
  get size(): number {
    return this.memory.buffer.byteLength;
  }

  private refresh(): void {
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }
}
