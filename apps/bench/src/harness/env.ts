// The environment a run measured: CPU, cores, Node and V8, what WebAssembly supports here (SIMD, relaxed SIMD,
// threads, as @bn/tensor detects them) and who runs threads, and the versions of @bn and of every peer, so figures
// from different machines are not confused.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmFeatures } from '@bn/tensor';

export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  os: string;
  node: string;
  v8: string;
  /** glibc's allocator settings (`GLIBC_TUNABLES`): how large tensors get their memory. */
  malloc: string;
  wasm: { simd: boolean; relaxedSimd: boolean; threads: boolean };
  packages: Record<string, string>;
}

/** Who runs more than one thread here: what the tables' thread counts mean (tfjs-wasm has no threads in Node). */
export function threadsNote({ wasm }: Environment): string {
  return wasm.threads
    ? 'multi-threaded: @bn (WebAssembly threads, shared memory) and onnxruntime-node (native threads); ' +
        'tfjs-backend-wasm and jax-js run single-threaded in Node'
    : 'multi-threaded: onnxruntime-node (native threads) only; @bn (no shared WebAssembly memory here), ' +
        'tfjs-backend-wasm and jax-js run single-threaded';
}

const PACKAGES = [
  '@bn/tensor',
  '@bn/vmap',
  '@bn/autograd',
  '@bn/nn',
  '@bn/models',
  '@bn/optim',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@jax-js/jax',
  'onnxruntime-node',
];

/** The version in the package.json of `name`, found from its entry point upwards (exports maps may hide it). */
function packageVersion(name: string): string {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return 'not found';
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (json.name === name) return json.version ?? 'unknown';
  }
  return 'unknown';
}

export function environment(): Environment {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    os: `${platform()} ${release()}`,
    node: process.versions.node,
    v8: process.versions.v8,
    malloc: process.env.GLIBC_TUNABLES ?? 'glibc defaults',
    wasm: { ...wasmFeatures() },
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
  };
}
