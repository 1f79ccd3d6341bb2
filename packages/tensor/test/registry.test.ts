// The primitive registry: names, families that match the ops files, file names that line up across ops/, kernels/
// and wasm/, and the README's table of primitives.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

  it('names every kernel file after the family it serves, or lists it as shared', () => {
    const families = new Set(primitives.map((p) => p.family));
    // files that serve several families (or none): the backend entry points and the engine's pieces
    const shared: Record<string, string[]> = {
      ops: ['operands', 'compare'],
      kernels: ['index'],
      wasm: ['index'],
      'wasm/emit': ['assembler', 'loops', 'planes', 'windows'],
    };
    for (const [folder, extra] of Object.entries(shared)) {
      const dir = new URL(`../src/${folder}/`, import.meta.url);
      const stems = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => e.name.replace(/(\.test)?\.ts$/, ''));
      for (const stem of stems) {
        const family = stem.split('-')[0]!;
        expect(families.has(family) || extra.includes(stem), `src/${folder}/${stem}.ts`).toBe(true);
      }
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
