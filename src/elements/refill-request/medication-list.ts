/**
 * The medications of <engage-refill-request> to choose from, in three groups: ready to
 * refill, needs a new prescription, and cannot be requested online (with the reason and
 * no checkbox). Each row shows how to take it, the prescriber, the last fill and the
 * refills left. A template function, not an element: the element owns the choices and
 * is told of each change; this file only shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { CodedValue, Prescription } from '../../adapters/ports.js';
import { formatDate } from '../../core/format.js';
import { renderEmpty } from '../../core/states.js';
import { icon, iconMedicine, iconWarning } from '../../core/icons.js';
import type { Classified, Eligibility, RefillCategory } from './eligibility.js';
import { reasonText } from './eligibility-text.js';
import { medicationName, wrappable } from './refill-labels.js';

/** What the medication list needs from its element. */
export interface MedicationView {
  locale: string;
  selected: ReadonlySet<string>;
  disabled: boolean;
  /** Heading level of the groups' titles. */
  level: number;
  /** A medication was checked or unchecked. */
  toggle: (prescriptionId: string, checked: boolean) => void;
  /** The "Learn more" infobutton of a medication, or `nothing`. */
  learnMore: (coded: CodedValue) => unknown;
}

/** Whether there is nothing at all to list (then the element shows no pharmacy, note or button either). */
export function noMedications(groups: Record<RefillCategory, Classified[]>): boolean {
  return !groups.refill.length && !groups.renewal.length && !groups.unavailable.length;
}

/** The fieldset of medications, grouped by what can be asked for each. */
export function renderMedications(groups: Record<RefillCategory, Classified[]>, view: MedicationView): TemplateResult {
  return html`<fieldset part="medications" ?disabled=${view.disabled}>
    <legend>${msg('Choose medications', { id: 'refill.choose' })}</legend>
    ${noMedications(groups)
      ? renderEmpty({
          art: iconMedicine,
          text: msg('You have no active prescriptions to refill.', { id: 'refill.none-active' }),
        })
      : nothing}
    ${renderGroup(
      'refill',
      groups.refill,
      msg('Ready to refill', { id: 'refill.group.refill' }),
      msg('Sent to your pharmacy.', { id: 'refill.group.refill-hint' }),
      view,
    )}
    ${renderGroup(
      'renewal',
      groups.renewal,
      msg('Needs a new prescription', { id: 'refill.group.renewal' }),
      msg('Sent to your prescriber, who decides whether to renew it.', { id: 'refill.group.renewal-hint' }),
      view,
    )}
    ${renderGroup(
      'unavailable',
      groups.unavailable,
      msg('Cannot be requested online', { id: 'refill.group.unavailable' }),
      msg('Call your clinic about these.', { id: 'refill.group.unavailable-hint' }),
      view,
    )}
  </fieldset>`;
}

function renderGroup(
  category: RefillCategory,
  items: Classified[],
  title: string,
  hint: string,
  view: MedicationView,
): TemplateResult | typeof nothing {
  if (!items.length) return nothing;
  const id = `group-${category}`;
  return html`<div class="group">
    <div class="subtitle" role="heading" aria-level=${view.level} id=${id}>${title}</div>
    <p class="hint">${hint}</p>
    <ul aria-labelledby=${id}>
      ${items.map((item) => renderMedication(item, category !== 'unavailable', view))}
    </ul>
  </div>`;
}

function renderMedication({ prescription, eligibility }: Classified, selectable: boolean, view: MedicationView): TemplateResult {
  const id = `rx-${prescription.id}`;
  const facts = html`${renderFacts(prescription, eligibility, view.locale)}${view.learnMore(prescription.medication)}`;
  const reason = html`<span class="reason ${selectable ? '' : 'reason--blocked'}" id=${`${id}-reason`}
    >${selectable ? nothing : html`${icon(iconWarning)}`}${reasonText(eligibility, view.locale)}</span
  >`;
  if (!selectable) {
    return html`<li class="med" part="medication">
      <div class="med-body">
        <span class="med-name">${wrappable(medicationName(prescription))}</span>
        ${reason} ${facts}
      </div>
    </li>`;
  }
  return html`<li class="med" part="medication">
    <input
      type="checkbox"
      id=${id}
      .checked=${view.selected.has(prescription.id)}
      ?disabled=${view.disabled}
      aria-describedby=${`${id}-reason`}
      @change=${(e: Event) => view.toggle(prescription.id, (e.target as HTMLInputElement).checked)}
    />
    <div class="med-body">
      <label class="med-name" for=${id}>${wrappable(medicationName(prescription))}</label>
      ${reason} ${facts}
    </div>
  </li>`;
}

function renderFacts(prescription: Prescription, eligibility: Eligibility, locale: string): TemplateResult {
  const fact = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl class="facts">
    ${prescription.dosage ? fact(msg('How to take', { id: 'refill.fact.dosage' }), prescription.dosage) : nothing}
    ${prescription.prescriber?.name
      ? fact(msg('Prescriber', { id: 'refill.fact.prescriber' }), prescription.prescriber.name)
      : nothing}
    ${fact(
      msg('Last filled', { id: 'refill.fact.last-filled' }),
      eligibility.lastFilled ? formatDate(eligibility.lastFilled, locale) : msg('No fill recorded', { id: 'refill.fact.never-filled' }),
    )}
    ${fact(
      msg('Refills left', { id: 'refill.fact.refills-left' }),
      // not stated on the prescription is not 0 (eligibility.ts, rule 5a)
      eligibility.refillsRemaining === undefined
        ? msg('Not recorded', { id: 'refill.fact.refills-not-stated' })
        : String(eligibility.refillsRemaining),
    )}
  </dl>`;
}
