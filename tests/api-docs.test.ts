// The API reference: TypeDoc over the JSDoc of every published package (typedoc.json, `pnpm run docs`) builds without a
// warning (an unexported type in a signature, a broken `{@link}`), and docs/api is what it builds, so the committed
// Markdown the READMEs link to follows every change of an export or its JSDoc.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = join(root, 'docs', 'api');
const REPOSITORY = 'https://github.com/bn-dev/bn/blob/main/';
const PACKAGES = ['tensor', 'vmap', 'autograd', 'nn', 'patch', 'models', 'optim'];

/** The targets of the Markdown links of a file that are not web pages nor anchors, with their `#anchor` cut. */
function localLinks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target));
}

/** The files under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('API reference', () => {
  it('builds without warnings into what docs/api holds (else run `pnpm run docs`)', () => {
    const out = mkdtempSync(join(tmpdir(), 'bn-api-'));
    try {
      // typedoc.json sets treatWarningsAsErrors: a warning fails the build
      execFileSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out], {
        cwd: root,
        stdio: 'pipe',
      });
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

  it('is linked from the root README and from every package README (absolute, as on a registry page)', () => {
    expect(localLinks('README.md')).toContain('docs/api/README.md');
    for (const pkg of PACKAGES) {
      const page = pkg === 'nn' ? 'docs/api/@bn/nn/README.md' : `docs/api/@bn/${pkg}.md`;
      expect(existsSync(join(root, page)), page).toBe(true);
      expect(readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8')).toContain(
        `(${REPOSITORY}${page})`,
      );
    }
  });

  it('the relative links of the root README and of the guides reach files of the repository', () => {
    const guides = readdirSync(join(root, 'docs', 'guides')).map((name) => `docs/guides/${name}`);
    for (const file of ['README.md', ...guides]) {
      for (const target of localLinks(file)) {
        expect(existsSync(join(root, dirname(file), target)), `${file} links ${target}`).toBe(true);
      }
    }
  });
});
