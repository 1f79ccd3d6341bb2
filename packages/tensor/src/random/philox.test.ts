// Philox4x32-10 against Random123's published known-answer vectors, and the generator's counter discipline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator } from './generator.js';
import { philox4x32 } from './philox.js';

describe('philox4x32-10', () => {
  const kat: [number[], number[], number[]][] = [
    [
      [0, 0, 0, 0],
      [0, 0],
      [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
    ],
    [
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
    ],
    [
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
      [0xa4093822, 0x299f31d0],
      [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
    ],
  ];
  for (const [ctr, key, want] of kat) {
    it(`matches Random123 for counter ${ctr.map((c) => c.toString(16)).join(',')}`, () => {
      const out = new Uint32Array(4);
      philox4x32(ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!, out, 0);
      expect([...out]).toEqual(want);
    });
  }
});

describe('Generator', () => {
  it('replays the same stream for the same seed and state', () => {
    const a = new Generator(42);
    const first = a.uint32(10);
    const state = a.getState();
    const next = a.uint32(7);
    expect(state.offset).toBe(3); // 10 words take 3 blocks of 4
    expect([...new Generator(42).uint32(10)]).toEqual([...first]);
    expect([...new Generator(0).setState(state).uint32(7)]).toEqual([...next]);
  });

  it('uses the seed as the 64-bit Philox key and the block index as the counter', () => {
    const seed = 0x123456789ab;
    const g = new Generator(seed).setState({ seed, offset: 5 });
    const expected = new Uint32Array(4);
    philox4x32(5, 0, 0, 0, seed % 2 ** 32, Math.floor(seed / 2 ** 32), expected, 0);
    expect([...g.uint32(4)]).toEqual([...expected]);
  });

  it('draws uniforms in [0, 1) and distinct seeds give distinct streams', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (seed) => {
        const u = new Generator(seed).uniform(64);
        expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
        expect([...new Generator(seed + 1).uniform(64)]).not.toEqual([...u]);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad seeds and offsets', () => {
    expect(() => new Generator(-1)).toThrow(/non-negative safe integer seed, but got -1/);
    expect(() => new Generator(1.5)).toThrow(/but got 1.5/);
    expect(() => new Generator().setState({ seed: 1, offset: -2 })).toThrow(/offset, but got -2/);
  });
});
