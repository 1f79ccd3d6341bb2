// The training page: reads the settings from the URL query, runs the training stories in a Web Worker
// (train-worker.ts) and shows each story as it runs: its phase, a live loss chart, then its facts and checks. This
// thread only renders; all compute is in the worker.
import { formatSeconds } from '../src/story/format.js';
import { kernelsText } from '../src/story/kernels.js';
import {
  DEFAULT_TRAIN_CONFIG,
  readTrainConfig,
  TRAIN_LIMITS,
  type TrainConfig,
  type TrainConfigText,
} from '../src/train/config.js';
import { checkText, trainVerdictText } from '../src/train/format.js';
import type { TrainMessage } from '../src/train/messages.js';
import { selectedStories } from '../src/train/run-training.js';
import type { Curve, StoryResult } from '../src/train/types.js';
import { byId, el } from './dom.js';
import { drawLossChart } from './loss-chart.js';
import { runWorker, showProblems } from './page.js';

/** A story's card and the parts of it that change as it runs. */
interface Card {
  section: HTMLElement;
  phase: HTMLParagraphElement;
  chart: SVGSVGElement;
  curves: Map<string, Curve>;
  body: HTMLDivElement;
}

function fillForm(form: HTMLFormElement, query: URLSearchParams, config: TrainConfig): void {
  for (const input of form.querySelectorAll('input')) {
    const name = input.name as keyof TrainConfig;
    input.value = query.get(name) ?? (name === 'stories' ? config.stories.join(',') : String(config[name]));
    if (name in TRAIN_LIMITS) {
      const { min, max } = TRAIN_LIMITS[name as keyof typeof TRAIN_LIMITS];
      Object.assign(input, { min: String(min), max: String(max), step: '1' });
    }
  }
}

function addCard(container: HTMLElement, id: string, title: string, code: string, index: number): Card {
  const chart = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  chart.classList.add('loss-chart');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `loss per step, ${id}`);
  const card: Card = {
    section: el('section', { className: 'story' }),
    phase: el('p', { className: 'phase' }, 'waiting'),
    chart,
    curves: new Map(),
    body: el('div', { className: 'story-body' }),
  };
  card.section.dataset.story = id;
  card.section.dataset.status = 'pending';
  card.section.append(
    el('h2', {}, `${index + 1}. ${title}`),
    el('code', {}, code),
    card.phase,
    chart,
    card.body,
  );
  container.append(card.section);
  return card;
}

/** A finished story: its curves as reported, its facts, its checks and its verdict. */
function showResult(card: Card, result: StoryResult): void {
  card.section.dataset.status = result.ok ? 'ok' : 'failed';
  card.phase.textContent = `${result.ok ? '✓ passed' : '✗ failed'} in ${formatSeconds(result.ms)}`;
  drawLossChart(card.chart, result.curves);
  card.chart.style.display = result.curves.length === 0 ? 'none' : '';
  card.body.replaceChildren(
    el('ul', { className: 'facts' }, ...result.facts.map((fact) => el('li', {}, fact))),
    el(
      'ul',
      { className: 'checks' },
      ...result.checks.map((check) => el('li', { className: check.ok ? 'ok' : 'failed' }, checkText(check))),
    ),
    ...(result.error === undefined ? [] : [el('pre', { className: 'error' }, result.error)]),
  );
}

/** Starts the worker on `config` and renders its messages; the page's state ends in body[data-state]. */
function run(config: TrainConfig): void {
  const summary = byId<HTMLParagraphElement>('summary');
  const stories = selectedStories(config);
  const cards = new Map(
    stories.map((s, i) => [s.id as string, addCard(byId('stories'), s.id, s.title, s.code, i)]),
  );
  const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
  let redraw = 0;
  summary.textContent = 'Starting the worker and loading the digits…';
  runWorker<TrainMessage, StoryResult>(worker, config, summary, {
    verdict: trainVerdictText,
    onStop() {
      for (const card of cards.values()) {
        if (card.section.dataset.status === 'running') card.section.dataset.status = 'failed';
      }
    },
    onMessage(message) {
      if (message.type === 'kernels') {
        const kernels = byId('kernels');
        Object.assign(kernels.dataset, {
          backend: message.kernels.backend,
          threads: String(message.kernels.threads),
        });
        kernels.textContent = kernelsText(message.kernels);
        kernels.hidden = false;
      } else if (message.type === 'data') {
        const data = byId('data');
        data.textContent = `${message.train} training and ${message.test} held-out MNIST digits, loaded in ${formatSeconds(message.ms)}`;
        data.hidden = false;
      } else if (message.type === 'start') {
        cards.get(message.id)!.section.dataset.status = 'running';
        summary.textContent = `Running story ${message.index + 1} of ${message.total}: ${message.title}…`;
      } else if (message.type === 'phase') {
        cards.get(message.id)!.phase.textContent = message.text;
      } else if (message.type === 'step') {
        const card = cards.get(message.id)!;
        const curve = card.curves.get(message.curve) ?? { label: message.curve, losses: [] };
        card.curves.set(message.curve, curve);
        curve.losses.push(message.loss);
        card.phase.textContent = `${message.curve}: step ${message.step} of ${message.total}, loss ${message.loss.toFixed(3)}`;
        cancelAnimationFrame(redraw);
        redraw = requestAnimationFrame(() => drawLossChart(card.chart, [...card.curves.values()]));
      } else {
        cancelAnimationFrame(redraw);
        showResult(cards.get(message.result.id)!, message.result);
      }
    },
  });
}

const query = new URLSearchParams(location.search);
const { config, problems } = readTrainConfig(Object.fromEntries(query) as TrainConfigText, (key) => key);
fillForm(byId('settings'), query, problems.length > 0 ? DEFAULT_TRAIN_CONFIG : config);
if (problems.length > 0) {
  showProblems(problems, byId('summary'));
} else {
  run(config);
}
