// The primitive registry: names, families that match the ops files, and the README's table of primitives.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listPrimitives } from '../src/index.js';

const primitives = listPrimitives();

describe('primitive registry', () => {
  it('has camelCase names, a trailing _ exactly for the primitives that write in place', () => {
    for (const p of primitives) {
      expect(p.name, p.name).toMatch(/^[a-z][A-Za-z0-9]*_?$/);
      expect(p.name.endsWith('_') || p.name === 'batchNorm', `${p.name} mutates`).toBe(p.mutates.length > 0);
    }
  });

  it("names each primitive's family after the ops file that defines it", () => {
    for (const p of primitives) {
      expect(
        existsSync(new URL(`../src/ops/${p.family}.ts`, import.meta.url)),
        `${p.name}: ops/${p.family}.ts`,
      ).toBe(true);
    }
  });

  it('is listed in the README, family by family', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const p of primitives) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${p.family} |`));
      expect(row, `README row for family ${p.family}`).toBeDefined();
      expect(row, `README lists ${p.name}`).toContain(`\`${p.name}\``);
    }
  });
});
