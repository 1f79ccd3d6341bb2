// The API reference: TypeDoc over the JSDoc of every published package (typedoc.json, `pnpm docs`) builds without a
// warning (an unexported type in a signature, a broken `{@link}`), and docs/api is what it builds, so the committed
// Markdown the READMEs link to follows every change of an export or its JSDoc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = join(root, 'docs', 'api');

/** The files under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('API reference', () => {
  it('builds without warnings into what docs/api holds (else run `pnpm docs`)', () => {
    const out = mkdtempSync(join(tmpdir(), 'bn-api-'));
    try {
      // typedoc.json sets treatWarningsAsErrors: a warning fails the build
      execFileSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout: Buffer; stderr: Buffer };
      expect.fail(`TypeDoc failed:\n${stdout.toString()}${stderr.toString()}`);
    }
    const built = filesUnder(out);
    expect(built).toContain('README.md');
    expect(filesUnder(committed)).toEqual(built);
    for (const file of built) {
      expect(readFileSync(join(committed, file), 'utf8'), `docs/api/${file}`).toBe(
        readFileSync(join(out, file), 'utf8'),
      );
    }
  });
});
