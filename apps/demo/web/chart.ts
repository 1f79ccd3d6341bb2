// The timing chart: one labelled horizontal bar per finished step in inline SVG (no chart library), redrawn as the
// results arrive so the longest step so far spans the width.
import { formatSeconds } from '../src/story/format.js';
import type { StepResult } from '../src/story/types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Layout in SVG units (= CSS pixels at full width): label column, bar area, room for the time after a bar. */
const LABEL_WIDTH = 270;
const BAR_AREA = 760;
const VALUE_WIDTH = 70;
const ROW_HEIGHT = 24;
const BAR_HEIGHT = 14;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Redraws `chart` with one bar per result, each `data-bar="<step id>"`, scaled to the longest. */
export function drawChart(chart: SVGSVGElement, results: readonly StepResult[]): void {
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;
  const height = Math.max(1, results.length) * ROW_HEIGHT;
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  chart.setAttribute('width', String(width));
  chart.setAttribute('height', String(height));
  const longest = Math.max(...results.map((r) => r.ms), 1);
  chart.replaceChildren(
    ...results.map((result, i) => {
      const y = i * ROW_HEIGHT;
      const barWidth = Math.max(1, (result.ms / longest) * BAR_AREA);
      const row = svg('g', { class: result.ok ? 'ok' : 'failed' });
      row.append(
        svg('title', {}, `${result.section}: ${result.title} (${formatSeconds(result.ms)})`),
        svg(
          'text',
          { x: LABEL_WIDTH - 10, y: y + ROW_HEIGHT / 2, class: 'label' },
          `${i + 1}. ${result.label}`,
        ),
        svg('rect', {
          x: LABEL_WIDTH,
          y: y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
          width: barWidth,
          height: BAR_HEIGHT,
          rx: 2,
          class: 'bar',
          'data-bar': result.id,
        }),
        svg(
          'text',
          { x: LABEL_WIDTH + barWidth + 6, y: y + ROW_HEIGHT / 2, class: 'value' },
          formatSeconds(result.ms),
        ),
      );
      return row;
    }),
  );
}
