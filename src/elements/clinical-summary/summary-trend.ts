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
// room for the value labels on the left (at least, and at most) and the date labels below
const MIN_LEFT = 48;
const MAX_LEFT = 130;
/** A generous width of one character of an 11px label (DejaVu Sans digits are 7px), so no label is cut. */
const CHAR_PX = 7;
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
  const lowest = shown.reduce((a, b) => (b.value < a.value ? b : a));
  const highest = shown.reduce((a, b) => (b.value > a.value ? b : a));
  // a value label as the number over its unit, and a margin that fits the longer line (a fixed
  // 48px cut "3.187 mg/dL" to "7 mg/dL"; eGFR's unit alone is 16 characters)
  const axisLines = (p: TrendPoint) => (p.valueText ?? String(p.value)).split(/\s(.*)/, 2);
  const longest = Math.max(...[lowest, highest].flatMap(axisLines).map((line) => line.length));
  const LEFT = Math.min(MAX_LEFT, Math.max(MIN_LEFT, longest * CHAR_PX + 6));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (t: number) => (t1 === t0 ? LEFT + plotW / 2 : LEFT + ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => (v1 === v0 ? TOP + plotH / 2 : TOP + plotH - ((v - v0) / (v1 - v0)) * plotH);
  const coords = shown.map((p) => `${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const description = msg(str`Trend of ${testName}, oldest to newest: ${shown.map((p) => p.label).join('; ')}`, {
    id: 'summary.trend.label',
  });
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const bandTop = range.high !== undefined ? y(range.high) : TOP;
  const bandBottom = range.low !== undefined ? y(range.low) : TOP + plotH;
  const hasBand = range.low !== undefined || range.high !== undefined;
  // the earlier points as one path of small circles (two arcs each), the latest larger on
  // its own: a long summary draws many trends, and one node per point made a tenth of its DOM
  const dots = shown
    .slice(0, -1)
    .map((p) => `M${(x(p.time) - 3).toFixed(1)} ${y(p.value).toFixed(1)}a3 3 0 1 0 6 0a3 3 0 1 0-6 0`)
    .join('');
  const yLabel = (p: TrendPoint) => {
    const [number, unit] = axisLines(p);
    return svg`<text class="trend__axis-label trend__axis-label--y" x=${LEFT - 6} y=${(y(p.value) + 4).toFixed(1)} text-anchor="end">${unit
      ? svg`<tspan>${number}</tspan><tspan x=${LEFT - 6} dy="12">${unit}</tspan>`
      : number}</text>`;
  };
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
      <path class="trend__point" d=${dots}></path>
      <circle class="trend__point trend__last" cx=${x(last.time).toFixed(1)} cy=${y(last.value).toFixed(1)} r="4"></circle>`}
  </svg>`;
}
