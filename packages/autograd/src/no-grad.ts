// `noGrad(fn)` (torch.no_grad): inside it, no grad level records what runs, so nothing computed there carries a
// gradient. Restored when `fn` returns or throws; a function that returns a promise is refused (the scope would end
// at its first await).
import { expectSyncFunction, refusePromise } from '@bn/tensor';

let disabled = 0;

/** Whether grad levels record the primitives they see (false inside `noGrad`). */
export function gradRecording(): boolean {
  return disabled === 0;
}

/** Runs `fn` with gradient recording off for every grad level, and returns its result. */
export function noGrad<T>(fn: () => T): T {
  expectSyncFunction('noGrad', 'fn', fn);
  disabled++;
  try {
    const result = fn();
    refusePromise('noGrad', 'fn', result);
    return result;
  } finally {
    disabled--;
  }
}
