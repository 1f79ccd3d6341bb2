// @bn's backend and thread count, which every @bn measurement sets itself: all suites share one process, and a
// setting left by an earlier row would otherwise be timed under this row's label.
import { type BackendName, getBackend, setBackend, setNumThreads, startThreads } from '@bn/tensor';

/** Sets @bn's thread count and waits for its helper threads; throws if this engine runs fewer. */
export async function useThreads(threads: number): Promise<void> {
  setNumThreads(threads);
  const running = await startThreads();
  if (running !== threads) throw new Error(`@bn runs ${running} thread(s) on this engine, not ${threads}`);
}

/** `fn()` on `backend`, the previous backend restored after. */
export function onBackend<T>(backend: BackendName, fn: () => T): T {
  const previous = getBackend();
  setBackend(backend);
  try {
    return fn();
  } finally {
    setBackend(previous);
  }
}
