/**
 * The frame of each section of <engage-clinical-summary>: which entries it shows by
 * default, its heading (the button that collapses it, with its count), and what it says
 * when it has nothing to list — none known, not recorded, or could not be loaded — and the
 * keys that move between section headings.
 * The entries themselves are `summary-rows.ts` and `summary-results.ts`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { SummarySection, SummarySectionKey } from '../../adapters/ports.js';
import { errorText } from '../../core/states.js';
import { noneKnownText, notRecordedText } from './summary-labels.js';
import type { AnyEntry } from './summary-format.js';
import { icon, iconCheck, iconChevronDown, iconChevronRight, iconQuestion, iconWarning } from '../../core/icons.js';

/** Statuses hidden by default, per section (entered-in-error is always hidden). */
const HIDDEN_STATUSES: Partial<Record<SummarySectionKey, readonly string[]>> = {
  problems: ['inactive', 'resolved', 'remission', 'refuted'],
  allergies: ['inactive', 'resolved'],
  medications: ['stopped', 'completed', 'cancelled', 'inactive', 'not-taken', 'entered-in-error'],
  carePlan: ['completed', 'revoked', 'cancelled'],
  goals: ['completed', 'cancelled', 'rejected'],
  careTeam: ['inactive'],
  devices: ['inactive', 'completed', 'stopped'],
  advanceDirectives: ['inactive', 'rejected'],
  // an older version of a note: the newer one is shown, the old one on request, marked as replaced
  documents: ['superseded'],
};

/** The entries shown (all of them when `showInactive`), and how many are hidden. */
export function visibleEntries(key: SummarySectionKey, entries: readonly AnyEntry[], showInactive: boolean): { shown: AnyEntry[]; hidden: number } {
  if (showInactive) return { shown: [...entries], hidden: 0 };
  const hiddenStatuses = HIDDEN_STATUSES[key] ?? [];
  // a negated entry ("not taken", "do not give") is shown in its own list whatever its status
  const shown = entries.filter((entry) => !entry.enteredInError && (entry.negation || !hiddenStatuses.includes(entry.status ?? '')));
  return { shown, hidden: entries.length - shown.length };
}

/** What a section with entries says when none is a current fact: none known, or nothing current. */
export function renderNoFacts(key: SummarySectionKey, noneKnown: boolean | undefined, hasNegated: boolean): TemplateResult | typeof nothing {
  if (noneKnown) return html`<p class="empty empty--none-known">${icon(iconCheck)}${noneKnownText(key)}</p>`;
  return hasNegated ? nothing : html`<p class="empty">${msg('Nothing current to show.', { id: 'summary.nothing-current' })}</p>`;
}

/** The notes under a section's entries: how many are hidden, and whether the history was cut. */
export function renderSectionNotes(hidden: number, truncated: boolean | undefined): TemplateResult {
  return html`${hidden > 0
      ? html`<p class="hidden-note">
          ${msg(str`${hidden} inactive or entered-in-error entries are hidden.`, { id: 'summary.hidden-count' })}
        </p>`
      : nothing}
    ${truncated
      ? html`<p class="hidden-note">
          ${msg('This history is very long; only the most recent part was loaded.', { id: 'summary.truncated' })}
        </p>`
      : nothing}`;
}

/**
 * A section without entries: its error (with a retry when the element can read again), or
 * "none known" / "not recorded" and the source's own narrative (through `narrative`,
 * which sanitizes it).
 */
export function renderSectionState(
  key: SummarySectionKey,
  section: Exclude<SummarySection<SummarySectionKey>, { state: 'entries' }>,
  options: { retry?: () => void; narrative: (html: string) => unknown },
): TemplateResult {
  if (section.state === 'error') {
    return html`<div class="section-error" role="alert">
      <p>${icon(iconWarning)}${msg('This section could not be loaded.', { id: 'summary.section-error' })}
        ${errorText(section.error.code)}</p>
      ${options.retry
        ? html`<button type="button" part="retry-button" @click=${options.retry}>${msg('Try again', { id: 'state.retry' })}</button>`
        : nothing}
    </div>`;
  }
  const text = section.state === 'none-known' ? noneKnownText(key) : notRecordedText(key);
  return html`<p class="empty empty--${section.state}">
      ${icon(section.state === 'none-known' ? iconCheck : iconQuestion)}${text}
    </p>
    ${section.narrative ? html`<div class="narrative">${options.narrative(section.narrative)}</div>` : nothing}`;
}

/** A section: its heading (the button that collapses it, with its count) and its body. */
export function renderSectionFrame(
  key: SummarySectionKey,
  parts: { title: string; level: number; collapsed: boolean; count?: number; body: unknown; toggle: () => void },
): TemplateResult {
  const id = `section-${key}`;
  const { collapsed, count } = parts;
  return html`<section part="section" class="section section--${key}" aria-labelledby="${id}-heading" data-section=${key}>
    <div role="heading" aria-level=${Math.min(6, parts.level)} class="section__heading" id="${id}-heading">
      <button
        type="button"
        part="section-toggle"
        class="section__toggle"
        aria-expanded=${collapsed ? 'false' : 'true'}
        aria-controls="${id}-body"
        data-section-toggle=${key}
        @click=${parts.toggle}
      >
        <span class="chevron">${icon(collapsed ? iconChevronRight : iconChevronDown)}</span>
        <span class="section__title">${parts.title}</span>
        ${count !== undefined ? html`<span class="count">${count}</span>` : nothing}
      </button>
    </div>
    <div class="section__body" id="${id}-body" ?hidden=${collapsed}>${parts.body}</div>
  </section>`;
}

/** Arrow keys, Home and End move between the section headings in `root` (the accordion pattern). */
export function moveBetweenSections(event: KeyboardEvent, root: ParentNode): void {
  const target = event.composedPath()[0] as HTMLElement;
  if (!target?.hasAttribute?.('data-section-toggle')) return;
  const toggles = [...root.querySelectorAll<HTMLButtonElement>('[data-section-toggle]')];
  const index = toggles.indexOf(target as HTMLButtonElement);
  let next: number | undefined;
  if (event.key === 'ArrowDown') next = (index + 1) % toggles.length;
  else if (event.key === 'ArrowUp') next = (index - 1 + toggles.length) % toggles.length;
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = toggles.length - 1;
  if (next === undefined) return;
  event.preventDefault();
  toggles[next]!.focus();
}
