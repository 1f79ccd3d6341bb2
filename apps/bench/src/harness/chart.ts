// latest.svg: the headline ratios as horizontal bars on a log scale around 1 (parity), green where @bn is ahead.
import type { Headline } from './headlines.js';

const WIDTH = 1080;
const LABEL = 550;
const BAR = 22;
const GAP = 10;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function headlineChart(items: readonly Headline[], title: string): string {
  const logs = items.map((h) => Math.log10(h.value));
  const span = Math.max(1, ...logs.map(Math.abs)); // decades either side of parity
  const plot = WIDTH - LABEL - 90;
  const x0 = LABEL + plot / 2;
  const scale = plot / 2 / span;
  const height = 50 + items.length * (BAR + GAP) + 30;
  const bars = items.map((h, i) => {
    const y = 40 + i * (BAR + GAP);
    const w = logs[i]! * scale;
    const ahead = h.better === 'higher' ? h.value >= 1 : h.value <= 1;
    const x = w >= 0 ? x0 : x0 + w;
    const valueX = w >= 0 ? x0 + w + 6 : x0 + w - 6;
    return [
      `<text x="${LABEL - 10}" y="${y + 15}" text-anchor="end">${escapeXml(h.label)}</text>`,
      `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(1, Math.abs(w)).toFixed(1)}" height="${BAR}" fill="${ahead ? '#2e8b57' : '#c0392b'}"/>`,
      `<text x="${valueX.toFixed(1)}" y="${y + 15}" text-anchor="${w >= 0 ? 'start' : 'end'}">${h.value.toPrecision(3)}x</text>`,
    ].join('\n  ');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="13">`,
    `  <title>${escapeXml(title)}</title>`,
    `  <text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `  <line x1="${x0}" y1="32" x2="${x0}" y2="${height - 24}" stroke="#555"/>`,
    `  <text x="${x0}" y="${height - 8}" text-anchor="middle" fill="#555">1x (log scale; green: @bn ahead)</text>`,
    `  ${bars.join('\n  ')}`,
    '</svg>',
    '',
  ].join('\n');
}
