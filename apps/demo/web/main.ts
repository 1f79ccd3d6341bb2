// The web demo's page: says why one vmaps a model, reads the settings from the URL query, runs the story in a Web
// Worker (worker.ts) and shows the kernels it runs on and every step in a table and a timing chart as it runs. This
// thread only renders; all compute is in the worker.
import {
  CONFIG_LIMITS,
  type ConfigText,
  type DemoConfig,
  modelNames,
  readConfig,
} from '../src/story/config.js';
import { expectationText, formatDiff, formatSeconds, verdictText, vmapStatus } from '../src/story/format.js';
import { kernelsText } from '../src/story/kernels.js';
import type { StoryMessage } from '../src/story/messages.js';
import { TRAINING_LEAD, TRAINING_STORIES, WHY_VMAP } from '../src/story/motivation.js';
import { STEPS } from '../src/story/steps/index.js';
import type { Step, StepResult } from '../src/story/types.js';
import { drawChart } from './chart.js';
import { byId, el } from './dom.js';
import { runWorker, showProblems } from './page.js';

type Status = 'pending' | 'running' | 'ok' | 'failed';

/** The cells of a step's row that change as it runs. */
interface Row {
  tr: HTMLTableRowElement;
  step: HTMLTableCellElement;
  status: HTMLTableCellElement;
  vmap: HTMLTableCellElement;
  diff: HTMLTableCellElement;
  time: HTMLTableCellElement;
}

/**
 * The form shows the query as given (an invalid value too), the limits, and the model as a choice of the builders
 * (a name the query gave that is not one of them is added, so the form still shows what came).
 */
function fillForm(form: HTMLFormElement, query: URLSearchParams, config: DemoConfig): void {
  const select = form.querySelector('select')!;
  const model = query.get('model') ?? config.model;
  const names = modelNames();
  select.replaceChildren(
    ...[...names, ...(names.includes(model) ? [] : [model])].map((name) => new Option(name, name)),
  );
  select.value = model;
  for (const input of form.querySelectorAll('input')) {
    input.value = query.get(input.name) ?? String(config[input.name as keyof DemoConfig]);
    if (input.name in CONFIG_LIMITS) {
      const { min, max } = CONFIG_LIMITS[input.name as keyof typeof CONFIG_LIMITS];
      Object.assign(input, { min: String(min), max: String(max), step: '1' });
    }
  }
}

function addRow(tbody: HTMLTableSectionElement, step: Step, index: number, config: DemoConfig): Row {
  const row: Row = {
    tr: el('tr'),
    step: el(
      'td',
      { className: 'step' },
      el('span', { className: 'label', title: step.title }, step.label),
      el('code', {}, step.code(config)),
    ),
    status: el('td', { className: 'status' }),
    vmap: el('td', { className: 'vmap' }, ''),
    diff: el('td', { className: 'num' }, ''),
    time: el('td', { className: 'num' }, ''),
  };
  row.tr.dataset.step = step.id;
  const part = step.section.split(':')[0]!;
  row.tr.append(
    el('td', { className: 'num' }, String(index + 1)),
    el('td', { className: 'part', title: step.section }, part),
    row.step,
    row.status,
    row.vmap,
    row.diff,
    row.time,
  );
  setStatus(row, 'pending', 'pending');
  tbody.append(row.tr);
  return row;
}

function setStatus(row: Row, status: Status, text: string, note?: string): void {
  row.tr.dataset.status = status;
  row.status.replaceChildren(text, ...(note ? [el('small', {}, note)] : []));
}

/** Fills a finished step's row: verdict, what vmap did, the difference, the time, the checks and any error. */
function showResult(row: Row, result: StepResult): void {
  if (result.ok) setStatus(row, 'ok', '✓ as expected');
  else setStatus(row, 'failed', '✗ not as expected', expectationText(result));
  row.vmap.textContent = vmapStatus(result);
  row.vmap.className = `vmap ${vmapStatus(result)}`;
  row.diff.textContent = formatDiff(result.maxDiff);
  row.time.textContent = formatSeconds(result.ms);
  if (result.details.length > 0) {
    row.step.append(el('ul', { className: 'details' }, ...result.details.map((line) => el('li', {}, line))));
  }
  if (result.error !== undefined) {
    const what = result.ran === false ? 'the error vmap threw' : 'the error the step threw';
    const details = el(
      'details',
      { className: 'error' },
      el('summary', {}, what),
      el('pre', {}, result.error),
    );
    details.open = true;
    row.step.append(details);
  }
}

/** Starts the worker on `config` and renders its messages; the page's state ends in body[data-state]. */
function run(config: DemoConfig): void {
  const summary = byId<HTMLParagraphElement>('summary');
  const table = byId<HTMLTableElement>('steps');
  const chart = document.querySelector<SVGSVGElement>('#chart')!;
  const kernels = byId<HTMLParagraphElement>('kernels');
  const rows = new Map(STEPS.map((step, i) => [step.id, addRow(table.tBodies[0]!, step, i, config)]));
  const finished: StepResult[] = [];
  table.hidden = false;
  byId('input').textContent =
    `${config.model} on input [B=${config.batch}, N=${config.group}, 3, ${config.size}, ${config.size}], seed ` +
    `${config.seed}: vmap maps the model over the B groups; in training each BatchNorm sees the N images of one group.`;

  let timer: ReturnType<typeof setInterval> | undefined;
  const stopTimer = () => clearInterval(timer);
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  summary.textContent = 'Starting the worker…';
  runWorker<StoryMessage, StepResult>(worker, config, summary, {
    verdict: verdictText,
    onStop() {
      stopTimer();
      for (const row of rows.values()) {
        if (row.tr.dataset.status === 'running') setStatus(row, 'failed', '✗ stopped');
      }
    },
    onMessage(message) {
      if (message.type === 'kernels') {
        const { backend, threads } = message.kernels;
        Object.assign(kernels.dataset, { backend, threads: String(threads) });
        kernels.textContent = kernelsText(message.kernels);
        kernels.hidden = false;
      } else if (message.type === 'start') {
        const row = rows.get(message.id)!;
        const started = performance.now();
        const tick = () =>
          setStatus(row, 'running', `running ${((performance.now() - started) / 1000).toFixed(1)} s`);
        tick();
        timer = setInterval(tick, 100);
        summary.textContent = `Running step ${message.index + 1} of ${message.total} (${message.section}): ${message.title}…`;
      } else {
        stopTimer();
        showResult(rows.get(message.result.id)!, message.result);
        finished.push(message.result);
        drawChart(chart, finished);
        byId('timings').hidden = false;
      }
    },
  });
}

/** Why one vmaps a model, and a link to the training stories. */
function showMotivation(): void {
  const link = Object.assign(el('a', {}, 'the training page'), { href: './train.html' });
  byId('why').replaceChildren(
    `${WHY_VMAP} ${TRAINING_LEAD} `,
    link,
    ` (${TRAINING_STORIES}; in a terminal, pnpm demo:train).`,
  );
}

showMotivation();
const query = new URLSearchParams(location.search);
// the page's settings are query parameters: problems name them without the flags' `--`
const { config, problems } = readConfig(Object.fromEntries(query) as ConfigText, '');
fillForm(byId('settings'), query, config);
if (problems.length > 0) {
  showProblems(problems, byId('summary'));
} else {
  run(config);
}
