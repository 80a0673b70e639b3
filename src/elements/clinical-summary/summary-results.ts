/**
 * Results, vital signs and social history of <engage-clinical-summary>: each test once,
 * its latest value with its flag and normal range, a trend line, and the earlier values
 * in a table the reader opens; a panel's tests under the panel's own name.
 * Sub-templates of the element; every recorded text goes through Lit text bindings.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { ObservationEntry, ObservationValue, SummarySectionKey } from '../../adapters/ports.js';
import { codedText } from '../../core/format.js';
import { flagText } from './summary-labels.js';
import { chip } from '../../core/chips.js';
import { renderTrend, type TrendPoint } from './summary-trend.js';
import { recordLang, shownName } from './summary-words.js';
import { formatDate, formatQuantity, timeOf } from './summary-format.js';
import type { EntryHelpers } from './summary-care.js';
import { iconInfo } from '../../core/icons.js';

/** What the element lends the result templates beyond the common helpers. */
export interface ResultHelpers extends EntryHelpers {
  locale: string;
  /** A page of items and a "Show all" button when there are more. */
  limited<T>(key: SummarySectionKey, items: readonly T[]): { items: readonly T[]; more: TemplateResult | typeof nothing };
  /** Whether a test's history table is open (the reader opened it, or everything is shown). */
  isHistoryOpen(key: string): boolean;
  /** The reader opened or closed a test's history. */
  onHistoryToggle(key: string, event: Event): void;
}

/** One test's results, newest first. */
export interface ResultGroup {
  key: string;
  name: string;
  results: ObservationEntry[];
}

/**
 * The key that groups results of the same test: its first code *and* its name. Messy
 * data reuses a code for another test (5767-9 for both the appearance and the odor of
 * urine): grouping by code alone would put two tests' values in one history.
 */
function testKey(entry: ObservationEntry): string {
  const coding = entry.code.codings.find((c) => c.code);
  const name = codedText(entry.code).toLowerCase();
  return coding ? `${coding.system ?? ''}|${coding.code}|${name}` : `text|${name}`;
}

/** Results grouped by test, each group newest first, the groups by their latest result. */
export function groupResults(entries: readonly ObservationEntry[], h: Pick<EntryHelpers, 'name'>): ResultGroup[] {
  const groups = new Map<string, ResultGroup>();
  const times = new Map<ObservationEntry, number>();
  for (const entry of entries) {
    // a result known only by when it was released sorts by that, but is never dated by it
    times.set(entry, timeOf(entry.effective ?? entry.issued));
    const key = testKey(entry);
    const group = groups.get(key) ?? { key, name: h.name(entry.code), results: [] };
    group.results.push(entry);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.results.sort((a, b) => times.get(b)! - times.get(a)!);
  return [...groups.values()].sort((a, b) => times.get(b.results[0]!)! - times.get(a.results[0]!)!);
}

function valueText(value: ObservationValue | undefined, h: ResultHelpers, components: ObservationEntry['components'] = []): string {
  const { locale, plain } = h;
  if (!value) {
    const parts = components.map((c) => (c.value ? `${h.name(c.code)}: ${valueText(c.value, h)}` : '')).filter(Boolean);
    return parts.length ? parts.join('; ') : msg('No value', { id: 'summary.no-value' });
  }
  switch (value.kind) {
    case 'quantity':
      return formatQuantity(value.quantity, locale, plain) || msg('No value', { id: 'summary.no-value' });
    case 'coded':
      return codedText(value.coded, msg('No value', { id: 'summary.no-value' }));
    case 'text':
      return value.text;
    case 'boolean':
      return value.value ? msg('Yes', { id: 'summary.yes' }) : msg('No', { id: 'summary.no' });
    case 'range':
      return `${formatQuantity(value.low, locale, plain)} – ${formatQuantity(value.high, locale, plain)}`;
    case 'ratio':
      return `${formatQuantity(value.numerator, locale, plain)} / ${formatQuantity(value.denominator, locale, plain)}`;
  }
}

function rangeText(entry: ObservationEntry, h: ResultHelpers): string | undefined {
  const range = entry.referenceRange;
  if (!range) return undefined;
  const { locale, plain } = h;
  if (range.low?.value !== undefined && range.high?.value !== undefined) {
    return `${formatQuantity({ ...range.low, unit: undefined, code: undefined }, locale, plain)} – ${formatQuantity(range.high, locale, plain)}`;
  }
  if (range.low?.value !== undefined) return `≥ ${formatQuantity(range.low, locale, plain)}`;
  if (range.high?.value !== undefined) return `≤ ${formatQuantity(range.high, locale, plain)}`;
  return range.text;
}

function renderFlag(entry: ObservationEntry): TemplateResult | typeof nothing {
  const flag = flagText(entry.interpretation);
  if (!flag) return entry.interpretationText ? chip('neutral', entry.interpretationText, { icon: iconInfo, class: 'flag', part: 'flag' }) : nothing;
  return chip(flag.tone, flag.words, { icon: flag.icon, class: `flag flag--${entry.interpretation}`, part: 'flag' });
}

/**
 * Results, each test once; a panel's tests (a Lipid panel's LDL and HDL) under the panel's
 * own name as a heading, in the order their latest results came.
 */
export function renderResultGroups(key: SummarySectionKey, groups: ResultGroup[], level: number, h: ResultHelpers): TemplateResult {
  const { items, more } = h.limited(key, groups);
  const panels: { name?: string; groups: ResultGroup[] }[] = [];
  const byName = new Map<string, { name?: string; groups: ResultGroup[] }>();
  for (const group of items) {
    const panel = group.results[0]!.panel;
    const name = panel ? h.name(panel) : undefined;
    let cluster = byName.get(name ?? '');
    if (!cluster) {
      cluster = { name, groups: [] };
      byName.set(name ?? '', cluster);
      panels.push(cluster);
    }
    cluster.groups.push(group);
  }
  return html`${panels.map(
      (panel) => html`${panel.name
          ? html`<div role="heading" aria-level=${Math.min(6, level + 1)} class="panel__name" part="panel-heading">${panel.name}</div>`
          : nothing}
        <ul class="entries" role="list">
          ${panel.groups.map((group) => renderResultGroup(group, h))}
        </ul>`,
    )}
    ${more}`;
}

/** One test's row: its name, latest value, flag, trend, date and range, and its history. */
function renderResultGroup(group: ResultGroup, h: ResultHelpers): TemplateResult {
  const latest = group.results[0]!;
  // the trend shows the 12 most recent numeric values; labels are made for those only
  const numeric: TrendPoint[] = group.results
    .filter((r) => r.value?.kind === 'quantity' && r.value.quantity.value !== undefined && timeOf(r.effective) > -Infinity)
    .slice(0, 12)
    .map((r) => ({
      time: timeOf(r.effective),
      value: (r.value as { quantity: { value: number } }).quantity.value,
      label: `${valueText(r.value, h)}, ${formatDate(r.effective, h.locale)}`,
      valueText: valueText(r.value, h),
      dateText: formatDate(r.effective, h.locale),
    }))
    .reverse();
  const open = h.isHistoryOpen(group.key);
  return html`<li part="entry" class="entry entry--result" tabindex="-1">
    <div class="entry__name">${shownName(group.name, codedText(latest.code), recordLang(latest, h.locale))}${latest.enteredInError
        ? html`<span class="badge badge--error">${msg('Entered in error', { id: 'summary.status.entered-in-error' })}</span>`
        : nothing}</div>
    <div class="result">
      <span class="result__value">${valueText(latest.value, h, latest.components)}</span>
      ${renderFlag(latest)}
      ${renderTrend(group.name, numeric, { low: latest.referenceRange?.low?.value, high: latest.referenceRange?.high?.value })}
    </div>
    <dl class="fields">
      ${latest.effective || !latest.issued
        ? h.field(msg('Date', { id: 'summary.field.date' }), h.date(latest.effective))
        : h.field(msg('Report date', { id: 'summary.field.issued' }), h.date(latest.issued))}
      ${h.field(msg('Normal range', { id: 'summary.field.range' }), rangeText(latest, h))}
    </dl>
    ${h.learnMore?.(latest.code) ?? nothing}
    ${group.results.length > 1
      ? html`<details class="history" ?open=${open} @toggle=${(event: Event) => h.onHistoryToggle(group.key, event)}>
          <summary>${msg(str`Earlier results (${group.results.length - 1})`, { id: 'summary.history' })}</summary>
          ${open
            ? html`<table>
                <caption class="visually-hidden">${msg(str`History of ${group.name}`, { id: 'summary.history-caption' })}</caption>
                <thead>
                  <tr>
                    <th scope="col">${msg('Date', { id: 'summary.field.date' })}</th>
                    <th scope="col">${msg('Value', { id: 'summary.field.value' })}</th>
                    <th scope="col">${msg('Flag', { id: 'summary.field.flag' })}</th>
                  </tr>
                </thead>
                <tbody>
                  ${group.results.slice(1).map(
                    (r) => html`<tr>
                      <td>${r.effective || !r.issued
                        ? h.date(r.effective)
                        : msg(str`${h.date(r.issued)} (report date)`, { id: 'summary.history.issued' })}</td>
                      <td>${valueText(r.value, h, r.components)}</td>
                      <td>${renderFlag(r)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
            : nothing}
        </details>`
      : nothing}
  </li>`;
}
