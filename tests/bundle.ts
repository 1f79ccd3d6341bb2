// A small app (plain JavaScript) bundled from the built packages by esbuild, as a user's build would bundle it, and
// run with Node: what the tree-shaking and minified-names tests share.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

// a package that depends on the others (@bn/patch as a dev dependency) and is itself importable by its name, so the
// bundler resolves every @bn package from the workspace as an installed app would
const resolveDir = fileURLToPath(new URL('../packages/models', import.meta.url));

/** The bundle of `app` (ESM for Node), with `options` (treeShaking, minify, ...) on top. */
export async function bundle(app: string, options: BuildOptions = {}): Promise<string> {
  const result = await build({
    stdin: { contents: app, resolveDir, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    ...options,
  });
  return result.outputFiles![0]!.text;
}

/** What the bundle `code` prints when Node runs it, parsed as JSON. */
export function runBundle(code: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'bn-bundle-'));
  writeFileSync(join(dir, 'app.mjs'), code);
  return JSON.parse(execFileSync(process.execPath, [join(dir, 'app.mjs')], { encoding: 'utf8' }));
}
