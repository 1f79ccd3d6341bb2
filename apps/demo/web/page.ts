// What both pages do around their worker: start it on the settings and hand each message to the page, show the
// verdict or the error that stopped it, or list the settings that cannot run. The state ends in body[data-state].
import { el } from './dom.js';

/** The messages every worker ends with: the end (with each result's verdict) or an error. */
type End<R> = { type: 'end'; results: R[] };
type Failure = { type: 'error'; message: string };

export interface PageRun<M, R extends { ok: boolean }> {
  /** Renders a message that is not the end or an error. */
  onMessage(message: Exclude<M, End<R> | Failure>): void;
  /** The verdict's text for the end's results. */
  verdict(results: R[]): string;
  /** Marks what was running as stopped. */
  onStop(): void;
}

/** Starts `worker` on `config` and renders its messages into the page, the verdict into `summary`. */
export function runWorker<M extends { type: string }, R extends { ok: boolean }>(
  worker: Worker,
  config: unknown,
  summary: HTMLElement,
  page: PageRun<M, R>,
): void {
  const stop = (message: string) => {
    page.onStop();
    document.body.dataset.state = 'error';
    summary.className = 'summary failed';
    summary.replaceChildren('The demo stopped:', el('pre', {}, message));
    worker.terminate();
  };
  worker.addEventListener('message', (event: MessageEvent<M>) => {
    const message = event.data;
    if (message.type === 'end') {
      const { results } = message as unknown as End<R>;
      const ok = results.every((r) => r.ok);
      summary.textContent = page.verdict(results);
      summary.className = `summary ${ok ? 'ok' : 'failed'}`;
      document.body.dataset.ok = String(ok);
      document.body.dataset.state = 'done';
      worker.terminate();
    } else if (message.type === 'error') {
      stop((message as unknown as Failure).message);
    } else {
      page.onMessage(message as Exclude<M, End<R> | Failure>);
    }
  });
  worker.addEventListener('error', (event) => stop(event.message || 'the worker failed to start'));
  document.body.dataset.state = 'running';
  worker.postMessage(config);
}

/** Lists the settings' problems in #problems and runs nothing. */
export function showProblems(problems: readonly string[], summary: HTMLElement): void {
  const section = document.getElementById('problems')!;
  section.querySelector('ul')!.replaceChildren(...problems.map((problem) => el('li', {}, problem)));
  section.hidden = false;
  summary.textContent = 'Nothing was run.';
  document.body.dataset.state = 'invalid';
}
