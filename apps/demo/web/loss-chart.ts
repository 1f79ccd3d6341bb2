// A story's loss chart: one polyline per training run (loss against step) in inline SVG, no chart library, with a
// legend and the loss range on the axis, redrawn as steps arrive.
import type { Curve } from '../src/train/types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 236;
/** Room for the axis labels on the left and the legend below (two labels a row, up to 8 curves). */
const LEFT = 48;
const PLOT_HEIGHT = 170;
const COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00', '#1b7c83', '#bf3989', '#57606a'];

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Redraws `chart` with every curve, each `data-curve="<label>"`, on shared axes. */
export function drawLossChart(chart: SVGSVGElement, curves: readonly Curve[]): void {
  chart.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  const losses = curves.flatMap((c) => c.losses);
  const steps = Math.max(2, ...curves.map((c) => c.losses.length));
  const low = Math.min(...losses, Number.POSITIVE_INFINITY);
  const high = Math.max(...losses, Number.NEGATIVE_INFINITY);
  const span = high - low || 1;
  const x = (i: number) => LEFT + (i / (steps - 1)) * (WIDTH - LEFT - 8);
  const y = (loss: number) => 6 + (1 - (loss - low) / span) * (PLOT_HEIGHT - 12);
  const children: SVGElement[] = [
    svg('line', { x1: LEFT, y1: PLOT_HEIGHT, x2: WIDTH - 8, y2: PLOT_HEIGHT, class: 'axis' }),
    svg('line', { x1: LEFT, y1: 0, x2: LEFT, y2: PLOT_HEIGHT, class: 'axis' }),
  ];
  if (losses.length > 0) {
    children.push(
      svg('text', { x: LEFT - 6, y: y(high), class: 'tick' }, high.toFixed(2)),
      svg('text', { x: LEFT - 6, y: y(low), class: 'tick' }, low.toFixed(2)),
    );
  }
  curves.forEach((curve, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = curve.losses.map((loss, s) => `${x(s).toFixed(1)},${y(loss).toFixed(1)}`).join(' ');
    children.push(
      svg('polyline', { points, stroke: colour, class: 'curve', 'data-curve': curve.label }),
      svg(
        'text',
        {
          x: LEFT + 150 * (i % 4),
          y: PLOT_HEIGHT + 22 + 16 * Math.floor(i / 4),
          fill: colour,
          class: 'legend',
        },
        curve.label,
      ),
    );
  });
  chart.replaceChildren(...children);
}
