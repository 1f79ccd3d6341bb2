// toString() against PyTorch's str() of the same tensors (fixture from tools/golden/format.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTensor, type EncodedTensor } from '../test/fixtures.js';

const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/print/format.json', import.meta.url), 'utf8'),
) as { cases: { name: string; tensor: EncodedTensor; str: string }[] };

describe('toString prints like PyTorch', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      expect(decodeTensor(c.tensor).toString()).toBe(c.str);
    });
  }
});
