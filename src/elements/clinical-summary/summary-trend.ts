/**
 * The trend of one test's numeric history, drawn as a portal draws it (issue #19): the
 * values as a line with points, the normal range as a shaded band, the first and latest
 * dates along the bottom and the lowest and highest value up the side. An SVG image
 * with a text alternative naming every plotted value and date (the history table beside
 * it gives the same data as a table). No inline styles, so it works under a strict CSP;
 * colours come from the tokens through the element's styles.
 */
import { svg, type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '../../core/localization.js';

export interface TrendPoint {
  /** Milliseconds since the epoch, for the x position. */
  time: number;
  value: number;
  /** The value and date as words, for the text alternative. */
  label: string;
  /** The value as shown (with its unit), for the y-axis label. */
  valueText?: string;
  /** The date as shown, for the x-axis label. */
  dateText?: string;
}

/** The normal range, when it has numbers: shaded behind the line. */
export interface TrendRange {
  low?: number;
  high?: number;
}

const WIDTH = 280;
const HEIGHT = 112;
// room for the value labels on the left and the date labels below
const LEFT = 48;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 24;

/** The trend of `points` (oldest first), or nothing when fewer than two. */
export function renderTrend(testName: string, points: readonly TrendPoint[], range: TrendRange = {}): TemplateResult | typeof nothing {
  if (points.length < 2) return nothing;
  const shown = points.slice(-12);
  const times = shown.map((p) => p.time);
  const values = shown.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  // the range widens the scale so the band shows where the values sit against normal
  const bounds = [...values, range.low, range.high].filter((v): v is number => v !== undefined && Number.isFinite(v));
  const [v0, v1] = [Math.min(...bounds), Math.max(...bounds)];
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (t: number) => (t1 === t0 ? LEFT + plotW / 2 : LEFT + ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => (v1 === v0 ? TOP + plotH / 2 : TOP + plotH - ((v - v0) / (v1 - v0)) * plotH);
  const coords = shown.map((p) => `${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const description = msg(str`Trend of ${testName}, oldest to newest: ${shown.map((p) => p.label).join('; ')}`, {
    id: 'summary.trend.label',
  });
  const lowest = shown.reduce((a, b) => (b.value < a.value ? b : a));
  const highest = shown.reduce((a, b) => (b.value > a.value ? b : a));
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const bandTop = range.high !== undefined ? y(range.high) : TOP;
  const bandBottom = range.low !== undefined ? y(range.low) : TOP + plotH;
  const hasBand = range.low !== undefined || range.high !== undefined;
  const yLabel = (p: TrendPoint) =>
    svg`<text class="trend__axis-label trend__axis-label--y" x=${LEFT - 6} y=${(y(p.value) + 4).toFixed(1)} text-anchor="end">${p.valueText ?? String(p.value)}</text>`;
  return html`<svg
    part="trend"
    class="trend"
    role="img"
    aria-label=${description}
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    width=${WIDTH}
    height=${HEIGHT}
    focusable="false"
  >
    ${svg`${hasBand
        ? svg`<rect class="trend__range" x=${LEFT} y=${bandTop.toFixed(1)} width=${plotW} height=${Math.max(1, bandBottom - bandTop).toFixed(1)}></rect>`
        : nothing}
      <line class="trend__axis" x1=${LEFT} y1=${TOP} x2=${LEFT} y2=${TOP + plotH}></line>
      <line class="trend__axis" x1=${LEFT} y1=${TOP + plotH} x2=${LEFT + plotW} y2=${TOP + plotH}></line>
      ${lowest === highest ? yLabel(lowest) : svg`${yLabel(lowest)}${yLabel(highest)}`}
      <text class="trend__axis-label trend__axis-label--x" x=${LEFT} y=${HEIGHT - 6} text-anchor="start">${first.dateText ?? ''}</text>
      <text class="trend__axis-label trend__axis-label--x" x=${LEFT + plotW} y=${HEIGHT - 6} text-anchor="end">${last.dateText ?? ''}</text>
      <polyline class="trend__line" points=${coords}></polyline>
      ${shown.map(
        (p) =>
          svg`<circle class="trend__point ${p === last ? 'trend__last' : ''}" cx=${x(p.time).toFixed(1)} cy=${y(p.value).toFixed(1)} r=${p === last ? 4 : 3}></circle>`,
      )}`}
  </svg>`;
}
