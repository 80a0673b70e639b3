/**
 * A small trend line of one test's numeric history: an SVG image with a text
 * alternative naming every plotted value and date (the history table beside it gives
 * the same data as a table). No inline styles, so it works under a strict CSP.
 */
import { svg, type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '../../core/localization.js';

export interface TrendPoint {
  /** Milliseconds since the epoch, for the x position. */
  time: number;
  value: number;
  /** The value and date as words, for the text alternative. */
  label: string;
}

const WIDTH = 120;
const HEIGHT = 32;
const PAD = 4;

/** The trend of `points` (oldest first), or nothing when fewer than two. */
export function renderTrend(testName: string, points: readonly TrendPoint[]): TemplateResult | typeof nothing {
  if (points.length < 2) return nothing;
  const shown = points.slice(-12);
  const times = shown.map((p) => p.time);
  const values = shown.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t: number) => (t1 === t0 ? WIDTH / 2 : PAD + ((t - t0) / (t1 - t0)) * (WIDTH - 2 * PAD));
  const y = (v: number) => (v1 === v0 ? HEIGHT / 2 : HEIGHT - PAD - ((v - v0) / (v1 - v0)) * (HEIGHT - 2 * PAD));
  const coords = shown.map((p) => `${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const description = msg(str`Trend of ${testName}, oldest to newest: ${shown.map((p) => p.label).join('; ')}`, {
    id: 'summary.trend.label',
  });
  const last = shown[shown.length - 1]!;
  return html`<svg
    part="trend"
    class="trend"
    role="img"
    aria-label=${description}
    viewBox="0 0 120 32"
    width="120"
    height="32"
    focusable="false"
  >
    ${svg`<polyline class="trend__line" points=${coords}></polyline>
    <circle class="trend__last" cx=${x(last.time).toFixed(1)} cy=${y(last.value).toFixed(1)} r="2.5"></circle>`}
  </svg>`;
}
