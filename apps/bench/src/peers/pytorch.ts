// PyTorch as a peer of the grad suite: its twin script (tools/bench/grad_torch.py, torch 1.13 and functorch on one
// thread) run as a child process with --json, one row per line, with the suite's case names. The interpreter is
// BN_BENCH_PYTHON, default /usr/bin/python3 (Debian's python3-torch).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Metric } from '../harness/types.js';

/** The twin beside the other PyTorch twins: three levels up from the built CLI (apps/bench/dist/cli.js). */
const SCRIPT = fileURLToPath(new URL('../../../tools/bench/grad_torch.py', import.meta.url));

/** What the twin prints for each figure. */
export interface TwinRow {
  case: string;
  metric: Metric;
  value: number;
  spread?: [number, number];
}

const run = promisify(execFile);

/** The twin's rows (the sizes of --quick when `quick`); throws with its error output if it cannot run. */
export async function runPytorchTwin(quick: boolean): Promise<TwinRow[]> {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing`);
  const python = process.env.BN_BENCH_PYTHON ?? '/usr/bin/python3';
  const args = [SCRIPT, '--json', ...(quick ? ['--quick'] : [])];
  try {
    const { stdout } = await run(python, args, { cwd: dirname(SCRIPT), maxBuffer: 1 << 24 });
    return stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as TwinRow);
  } catch (e) {
    const { stderr, message } = e as { stderr?: string; message: string };
    const last = stderr?.trim().split('\n').at(-1);
    throw new Error(`${python} ${SCRIPT.split('/').slice(-3).join('/')} failed: ${last || message}`);
  }
}
