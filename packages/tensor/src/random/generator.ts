// Generator: a Philox4x32-10 key (the seed) and a counter offset, as PyTorch's Philox generators keep them.
// Every draw takes the next counter blocks, so a state {seed, offset} replays exactly.
import { ValueError } from '../errors.js';
import { philox4x32 } from './philox.js';

const TWO_POW_32 = 0x100000000;

export interface GeneratorState {
  seed: number;
  /** Number of 128-bit counter blocks consumed so far. */
  offset: number;
}

export class Generator {
  #seed = 0;
  #offset = 0;

  constructor(seed = 67280421310721) {
    this.manualSeed(seed);
  }

  /** Resets the generator to `seed` (a non-negative safe integer) and counter 0; returns it. */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ValueError(`manualSeed(): expected a non-negative safe integer seed, but got ${seed}`);
    }
    this.#seed = seed;
    this.#offset = 0;
    return this;
  }

  /** Seeds from the clock and Math.random (non-deterministic); returns the seed. */
  seed(): number {
    const s = Math.floor(Math.random() * 2 ** 52) ^ Date.now();
    this.manualSeed(Math.abs(s));
    return this.#seed;
  }

  initialSeed(): number {
    return this.#seed;
  }

  getState(): GeneratorState {
    return { seed: this.#seed, offset: this.#offset };
  }

  setState(state: GeneratorState): this {
    this.manualSeed(state.seed);
    if (!Number.isSafeInteger(state.offset) || state.offset < 0) {
      throw new ValueError(`setState(): expected a non-negative integer offset, but got ${state.offset}`);
    }
    this.#offset = state.offset;
    return this;
  }

  /** The next `n` uint32 words of the stream (whole 4-word blocks are consumed). */
  uint32(n: number): Uint32Array {
    const blocks = Math.ceil(n / 4);
    const out = new Uint32Array(blocks * 4);
    const k0 = (this.#seed % TWO_POW_32) >>> 0;
    const k1 = Math.floor(this.#seed / TWO_POW_32) >>> 0;
    for (let b = 0; b < blocks; b++) {
      const counter = this.#offset + b;
      philox4x32(
        (counter % TWO_POW_32) >>> 0,
        Math.floor(counter / TWO_POW_32) >>> 0,
        0,
        0,
        k0,
        k1,
        out,
        4 * b,
      );
    }
    this.#offset += blocks;
    return n === out.length ? out : out.subarray(0, n);
  }

  /** `n` uniform floats in [0, 1), 24 random bits each (exactly representable in float32). */
  uniform(n: number): Float64Array {
    const words = this.uint32(n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (words[i]! >>> 8) / 0x1000000;
    return out;
  }

  /** `n` standard normal floats (Box-Muller on pairs of 32-bit uniforms in (0, 1)). */
  normal(n: number): Float64Array {
    const pairs = Math.ceil(n / 2);
    const words = this.uint32(2 * pairs);
    const out = new Float64Array(2 * pairs);
    for (let i = 0; i < pairs; i++) {
      const u1 = (words[2 * i]! + 0.5) / TWO_POW_32;
      const u2 = (words[2 * i + 1]! + 0.5) / TWO_POW_32;
      const r = Math.sqrt(-2 * Math.log(u1));
      out[2 * i] = r * Math.cos(2 * Math.PI * u2);
      out[2 * i + 1] = r * Math.sin(2 * Math.PI * u2);
    }
    return n === out.length ? out : out.subarray(0, n);
  }
}

/** The generator random ops use when none is passed. */
export const defaultGenerator = new Generator();

/** Seeds the default generator, as `torch.manual_seed`; returns it. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
