// The environment a run measured: CPU, cores, Node and V8, what WebAssembly supports here (SIMD, relaxed SIMD,
// threads), and the versions of @bn and of every peer, so figures from different machines are not confused.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  os: string;
  node: string;
  v8: string;
  wasm: { simd: boolean; relaxedSimd: boolean; threads: boolean };
  packages: Record<string, string>;
}

/** The smallest module using an instruction: `(func (result v128) <prefix> <opcode> ...)` validates iff supported. */
function validates(body: number[]): boolean {
  // magic, version, type section: one func type () -> v128, function section, code section with `body`
  const code = [0x00, ...body, 0x0b];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    0x01,
    0x05,
    0x01,
    0x60,
    0x00,
    0x01,
    0x7b,
    0x03,
    0x02,
    0x01,
    0x00,
    0x0a,
    code.length + 2,
    0x01,
    code.length,
    ...code,
  ];
  return WebAssembly.validate(new Uint8Array(bytes));
}

const V128_ZERO = [0xfd, 0x0c, ...Array<number>(16).fill(0)]; // v128.const 0

/** SIMD: v128.const; relaxed SIMD: f32x4.relaxed_madd (0xfd 0x105) of three zeros. */
export function wasmFeatures(): Environment['wasm'] {
  const simd = validates(V128_ZERO);
  const relaxedSimd = validates([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 0x02]);
  let threads = false;
  try {
    threads =
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    threads = false;
  }
  return { simd, relaxedSimd, threads };
}

const PACKAGES = [
  '@bn/tensor',
  '@bn/vmap',
  '@bn/nn',
  '@bn/models',
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
    wasm: wasmFeatures(),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
  };
}
