/**
 * Negated entries of <engage-clinical-summary>: an order NOT to give a medicine, a vaccine
 * not given, a cancelled test, a procedure stopped before it was finished, "not allergic
 * to peanuts". The adapters mark them (`entry.negation`, see `src/adapters/negation.ts`);
 * here they are kept apart from the ordinary facts of their section, in their own list,
 * each led by words that say what did NOT happen — never a check mark, a count or a
 * result history that would read as a fact.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { Negation, SummaryEntryBase, SummarySectionKey } from '../../adapters/ports.js';
import { exceptLabel } from './summary-care.js';

/** The words that lead a negated entry ("Do not give", "Not given", "Not allergic to"). */
export function negationText(negation: Negation, key: SummarySectionKey): string {
  switch (negation) {
    case 'do-not-perform':
      // an advance directive that denies something is the patient's refusal of it
      return key === 'medications'
        ? msg('Do not give', { id: 'summary.negation.do-not-give' })
        : key === 'advanceDirectives'
          ? msg('Refused', { id: 'summary.negation.refused' })
          : msg('Not to be done', { id: 'summary.negation.do-not-perform' });
    case 'not-done':
      return key === 'immunizations' || key === 'medications'
        ? msg('Not given', { id: 'summary.negation.not-given' })
        : msg('Not done', { id: 'summary.negation.not-done' });
    case 'not-taken':
      return msg('Not taken', { id: 'summary.negation.not-taken' });
    case 'cancelled':
      return msg('Cancelled, no result', { id: 'summary.negation.cancelled' });
    case 'stopped':
      return msg('Stopped before it was finished', { id: 'summary.negation.stopped' });
    case 'absent':
      return key === 'allergies'
        ? msg('Not allergic to', { id: 'summary.negation.not-allergic' })
        : key === 'problems'
          ? msg('Does not have', { id: 'summary.negation.does-not-have' })
          : msg('Not present', { id: 'summary.negation.absent' });
  }
}

/** Splits entries into ordinary facts and negated statements. */
export function splitNegated<T extends SummaryEntryBase>(entries: readonly T[]): { facts: T[]; negated: T[] } {
  const facts: T[] = [];
  const negated: T[] = [];
  for (const entry of entries) (entry.negation ? negated : facts).push(entry);
  return { facts, negated };
}

/**
 * The list of negated entries under their own sub-heading. `describe` gives each entry's
 * name and, optionally, a date, a reason and what it excepts, already as display text.
 */
export function renderNegated<T extends SummaryEntryBase>(
  key: SummarySectionKey,
  entries: readonly T[],
  describe: (entry: T) => { name: string | TemplateResult; date?: string; reason?: string; except?: string },
): TemplateResult | typeof nothing {
  if (!entries.length) return nothing;
  const id = `negated-${key}`;
  return html`<div class="negated" part="negated">
    <p class="negated__title" id=${id}>${msg('Recorded as not given, not done or not present', { id: 'summary.negation.title' })}</p>
    <ul class="entries" role="list" aria-labelledby=${id}>
      ${entries.map((entry) => {
        const { name, date, reason, except } = describe(entry);
        return html`<li part="negated-entry" class="entry entry--negated" data-negation=${entry.negation!}>
          <div class="entry__name">
            <span class="negation"><span aria-hidden="true">⊘ </span>${negationText(entry.negation!, key)}:</span> ${name}
          </div>
          ${date || reason || except
            ? html`<dl class="fields">
                ${except ? html`<div class="field"><dt>${exceptLabel()}</dt><dd>${except}</dd></div>` : nothing}
                ${date ? html`<div class="field"><dt>${msg('Date', { id: 'summary.field.date' })}</dt><dd>${date}</dd></div>` : nothing}
                ${reason ? html`<div class="field"><dt>${msg('Reason', { id: 'summary.field.reason' })}</dt><dd>${reason}</dd></div>` : nothing}
              </dl>`
            : nothing}
        </li>`;
      })}
    </ul>
  </div>`;
}
