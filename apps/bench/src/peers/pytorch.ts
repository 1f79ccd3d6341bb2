// PyTorch as a peer of a suite: the suite's twin script (tools/bench/grad_torch.py, train_torch.py: torch 1.13 and
// functorch on one thread) run as a child process with --json, one row per line, with the suite's case names. The
// interpreter is BN_BENCH_PYTHON, default /usr/bin/python3 (Debian's python3-torch).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Metric } from '../harness/types.js';

/** The twins' folder: three levels up from the built CLI (apps/bench/dist/cli.js). */
const TWINS = new URL('../../../tools/bench/', import.meta.url);

/** The suites' twins. */
export type TwinScript = 'grad_torch.py' | 'train_torch.py';

/** What the twin prints for each figure. */
export interface TwinRow {
  case: string;
  metric: Metric;
  value: number;
  spread?: [number, number];
}

const run = promisify(execFile);

/** The rows of twin `script` (the sizes of --quick when `quick`); throws with its error output if it cannot run. */
export async function runPytorchTwin(script: TwinScript, quick: boolean): Promise<TwinRow[]> {
  const path = fileURLToPath(new URL(script, TWINS));
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  const python = process.env.BN_BENCH_PYTHON ?? '/usr/bin/python3';
  const args = [path, '--json', ...(quick ? ['--quick'] : [])];
  try {
    const { stdout } = await run(python, args, { cwd: dirname(path), maxBuffer: 1 << 24 });
    return stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as TwinRow);
  } catch (e) {
    const { stderr, message } = e as { stderr?: string; message: string };
    const last = stderr?.trim().split('\n').at(-1);
    throw new Error(`${python} ${path.split('/').slice(-3).join('/')} failed: ${last || message}`);
  }
}
