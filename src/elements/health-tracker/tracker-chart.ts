/**
 * One reading type's trend: an SVG chart drawn with Lit templates (no chart library, no
 * inline styles, so it works under a strict CSP) and the same data as a table. The chart
 * is an image with a short text alternative; the table is the full equivalent. Who
 * measured each reading is told by the marker's shape (circle: patient, square: clinic)
 * and by words in the legend and the table, never by colour alone. A goal's target is a
 * dashed line, named in the legend.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { GoalTarget, Reading, ReadingType } from '../../adapters/ports.js';
import { formatDate, formatNumber } from '../../core/format.js';
import { msg, str } from '../../core/localization.js';
import { mealName, partName, sourceName, sourceNameClinician, typeName, unitName } from './tracker-words.js';

const W = 320;
const H = 160;
const PAD = { left: 36, right: 8, top: 10, bottom: 20 };

/** The target text: "below 130", "between 70 and 80", "at least 150". */
export function targetText(target: GoalTarget, locale: string): string {
  const n = (v: number | undefined) => formatNumber(v ?? 0, locale);
  const unit = unitName(target.high?.code ?? target.low?.code ?? '');
  if (target.low?.value !== undefined && target.high?.value !== undefined) {
    return msg(str`between ${n(target.low.value)} and ${n(target.high.value)} ${unit}`, { id: 'tracker.target.between' });
  }
  if (target.high?.value !== undefined) return msg(str`below ${n(target.high.value)} ${unit}`, { id: 'tracker.target.below' });
  return msg(str`at least ${n(target.low?.value)} ${unit}`, { id: 'tracker.target.at-least' });
}

/** A reading's value(s) in words: `182/95 mmHg`, `68.04 kg`. */
export function valueText(reading: Reading, type: ReadingType, locale: string): string {
  const numbers = reading.values.map((v) => formatNumber(v.quantity.value ?? 0, locale, type.decimals ? undefined : 0));
  return `${numbers.join('/')} ${unitName(type.unit)}`;
}

function instant(reading: Reading): number {
  const t = Date.parse(reading.effective.length === 10 ? `${reading.effective}T12:00:00Z` : reading.effective);
  return Number.isNaN(t) ? 0 : t;
}

/** The chart and table of one type's readings, with its goal targets. */
export function renderTypeTrend(
  type: ReadingType,
  readings: readonly Reading[],
  targets: readonly GoalTarget[],
  locale: string,
  clinician: boolean,
): TemplateResult {
  const name = typeName(type);
  const parts = type.parts?.length ? type.parts.map((p) => ({ code: p.code, name: partName(p.code, p.name) })) : [{ code: type.code, name }];
  const source = clinician ? sourceNameClinician : sourceName;
  return html`<section class="type" part="type" data-type=${type.id} aria-labelledby="type-${type.id}">
    <h3 id="type-${type.id}" class="type__title">${name}</h3>
    ${targets.length
      ? html`<p class="goal" part="goal">
          ${targets.map((t) => {
            const part = parts.find((p) => p.code === t.code);
            const label = part && parts.length > 1 ? part.name : name;
            return html`<span class="goal__item">${msg(str`Goal: ${label} ${targetText(t, locale)}`, { id: 'tracker.goal' })}</span> `;
          })}
        </p>`
      : nothing}
    ${renderChart(type, parts, readings, targets, locale, source)}
    <table class="readings" part="readings">
      <caption class="visually-hidden">${msg(str`${name} readings`, { id: 'tracker.table.caption' })}</caption>
      <thead>
        <tr>
          <th scope="col">${msg('Date', { id: 'tracker.col.date' })}</th>
          <th scope="col">${parts.length > 1 ? parts.map((p) => p.name).join(' / ') : msg('Reading', { id: 'tracker.col.value' })}</th>
          <th scope="col">${msg('Measured by', { id: 'tracker.col.source' })}</th>
          ${type.mealContext ? html`<th scope="col">${msg('Meal', { id: 'tracker.col.meal' })}</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${[...readings].reverse().map(
          (r) => html`<tr data-source=${r.source}>
            <td>${formatDate(r.effective, locale, { withTime: true })}</td>
            <td>${valueText(r, type, locale)}</td>
            <td><span class="source source--${r.source}">${source(r.source)}</span></td>
            ${type.mealContext ? html`<td>${r.mealContext ? mealName(r.mealContext) : ''}</td>` : nothing}
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function renderChart(
  type: ReadingType,
  parts: readonly { code: string; name: string }[],
  readings: readonly Reading[],
  targets: readonly GoalTarget[],
  locale: string,
  source: (s: Reading['source']) => string,
): TemplateResult | typeof nothing {
  if (readings.length === 0) return nothing;
  const times = readings.map(instant);
  const values = readings.flatMap((r) => r.values.map((v) => v.quantity.value ?? 0));
  const lines = targets.flatMap((t) => [t.low?.value, t.high?.value]).filter((v): v is number => v !== undefined);
  let [v0, v1] = [Math.min(...values, ...lines), Math.max(...values, ...lines)];
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const span = v1 - v0;
  [v0, v1] = [v0 - span * 0.08, v1 + span * 0.08];
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const x = (t: number) => (t1 === t0 ? W / 2 : PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - v0) / (v1 - v0)) * (H - PAD.top - PAD.bottom);
  const name = typeName(type);
  const latest = readings[readings.length - 1]!;
  const label = msg(
    str`${name} chart: ${readings.length} readings from ${formatDate(readings[0]!.effective, locale)} to ${formatDate(latest.effective, locale)}. Latest: ${valueText(latest, type, locale)}. The table below lists every reading.`,
    { id: 'tracker.chart.label' },
  );
  const f = (n: number) => n.toFixed(1);
  return html`<figure class="chart" part="chart">
    <svg role="img" aria-label=${label} viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" focusable="false">
      ${svg`
        <line class="axis" x1=${PAD.left} y1=${H - PAD.bottom} x2=${W - PAD.right} y2=${H - PAD.bottom}></line>
        <text class="tick" x=${PAD.left - 4} y=${f(y(v1) + 8)} text-anchor="end">${formatNumber(Math.round(v1), locale)}</text>
        <text class="tick" x=${PAD.left - 4} y=${f(y(v0))} text-anchor="end">${formatNumber(Math.round(v0), locale)}</text>
        ${lines.map((v) => svg`<line class="target" x1=${PAD.left} x2=${W - PAD.right} y1=${f(y(v))} y2=${f(y(v))}></line>`)}
        ${parts.map((part, i) => {
          const pts = readings.map((r) => ({ r, v: r.values.find((p) => p.code === part.code)?.quantity.value })).filter((p) => p.v !== undefined);
          return svg`<polyline class="series series--${i}" points=${pts.map((p) => `${f(x(instant(p.r)))},${f(y(p.v!))}`).join(' ')}></polyline>
            ${pts.map((p) =>
              p.r.source === 'patient'
                ? svg`<circle class="mark mark--${i}" cx=${f(x(instant(p.r)))} cy=${f(y(p.v!))} r="3.5"></circle>`
                : svg`<rect class="mark mark--${i} mark--clinic" x=${f(x(instant(p.r)) - 3.5)} y=${f(y(p.v!) - 3.5)} width="7" height="7"></rect>`,
            )}`;
        })}
      `}
    </svg>
    <figcaption class="legend">
      ${parts.length > 1
        ? parts.map((p, i) => html`<span class="legend__item"><span class="key key--line key--${i}" aria-hidden="true"></span>${p.name}</span>`)
        : nothing}
      <span class="legend__item"><span class="key key--circle" aria-hidden="true"></span>${source('patient')}</span>
      <span class="legend__item"><span class="key key--square" aria-hidden="true"></span>${source('clinic')}</span>
      ${lines.length
        ? html`<span class="legend__item"><span class="key key--target" aria-hidden="true"></span>${msg('Goal', { id: 'tracker.legend.goal' })}</span>`
        : nothing}
    </figcaption>
  </figure>`;
}
