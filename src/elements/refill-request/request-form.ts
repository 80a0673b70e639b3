/**
 * The choose step of <engage-refill-request>: the medications (medication-list.ts), the
 * pharmacy radios with pick-up or mail where the pharmacy offers both, the note, the
 * "choose at least one" alert and the "Review request" button. Inside a host form it is
 * only the fields, since the host's form submits them. The element keeps every choice
 * (so a failed send or a reload keeps them) and is told of each change; this file only
 * shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { Pharmacy, RecordRef } from '../../adapters/ports.js';
import { icon, iconWarning } from '../../core/icons.js';
import type { Classified, RefillCategory } from './eligibility.js';
import { type MedicationView, noMedications, renderMedications } from './medication-list.js';
import { deliveryLabel } from './refill-labels.js';

/** What the choose step needs from its element. */
export interface RequestFormView extends MedicationView {
  pharmacies: readonly Pharmacy[];
  pharmacyRef?: RecordRef;
  delivery: 'pickup' | 'mail';
  note: string;
  /** Why the last "Review request" was refused, if it was. */
  invalid?: string;
  /** Inside a host `<form>`: no form or review button of its own. */
  inForm: boolean;
  /** A pharmacy, delivery or note was changed. */
  edit: (change: { pharmacyRef?: RecordRef; delivery?: 'pickup' | 'mail'; note?: string }) => void;
  /** The form was submitted ("Review request"). */
  review: (event: Event) => void;
}

/** The choose step, its medications sorted into `groups`. */
export function renderRequestForm(groups: Record<RefillCategory, Classified[]>, view: RequestFormView): TemplateResult {
  const none = noMedications(groups);
  const body = html`
    ${renderMedications(groups, view)}
    ${none ? nothing : renderPharmacy(view)}
    ${none
      ? nothing
      : html`<div class="field">
          <label for="note">${msg('Note for your care team (optional)', { id: 'refill.note' })}</label>
          <textarea
            id="note"
            part="note"
            maxlength="500"
            .value=${view.note}
            ?disabled=${view.disabled}
            @input=${(e: Event) => view.edit({ note: (e.target as HTMLTextAreaElement).value })}
          ></textarea>
        </div>`}
    ${view.invalid
      ? html`<div id="invalid" class="alert" role="alert" tabindex="-1"><p>
          ${icon(iconWarning)}${view.invalid}
        </p></div>`
      : nothing}
  `;
  if (view.inForm) return html`<div class="form">${body}</div>`;
  return html`<form novalidate @submit=${(e: Event) => view.review(e)}>
    ${body}
    ${none
      ? nothing
      : html`<div class="actions">
          <button type="submit" class="primary" part="review-button" ?disabled=${view.disabled}>
            ${msg('Review request', { id: 'refill.review' })}
          </button>
        </div>`}
  </form>`;
}

/*
 * One radio per pharmacy, not a <select>: a closed select shows one line and cut the
 * names ("Main Street Pharmacy (d", #19); a radio's label wraps, and each pharmacy's
 * address and phone sit under its name, so the patient compares them before choosing.
 */
function renderPharmacyChoice(p: Pharmacy, index: number, view: RequestFormView): TemplateResult {
  const id = `pharmacy-${index}`;
  const words = [p.preferred ? msg('Your preferred pharmacy', { id: 'refill.pharmacy.preferred-note' }) : '', p.address].filter(Boolean).join(' · ');
  // a phone number never wraps at its dashes
  const phone = p.phone ? html`${words ? ' · ' : ''}<span class="nowrap">${p.phone}</span>` : nothing;
  const details = words || p.phone;
  return html`<div class="choice">
    <input
      type="radio"
      name="pharmacy"
      id=${id}
      value=${p.ref}
      .checked=${p.ref === view.pharmacyRef}
      aria-describedby=${details ? `${id}-details` : nothing}
      @change=${() => view.edit({ pharmacyRef: p.ref })}
    />
    <label for=${id}>${p.name}</label>
    ${details ? html`<span class="hint" id=${`${id}-details`}>${words}${phone}</span>` : nothing}
  </div>`;
}

function renderPharmacy(view: RequestFormView): TemplateResult {
  const pharmacy = view.pharmacies.find((p) => p.ref === view.pharmacyRef);
  const offered = pharmacy?.delivery ?? ['pickup'];
  return html`
    ${view.pharmacies.length
      ? html`<fieldset class="field" part="pharmacy" ?disabled=${view.disabled}>
          <legend class="field-label">${msg('Pharmacy', { id: 'refill.pharmacy' })}</legend>
          <div class="choices">
            ${view.pharmacies.map((p, i) => renderPharmacyChoice(p, i, view))}
          </div>
        </fieldset>`
      : html`<div class="field" part="pharmacy">
          <span class="field-label">${msg('Pharmacy', { id: 'refill.pharmacy' })}</span>
          <p id="pharmacy">${msg('No pharmacy is available. Call your clinic.', { id: 'refill.error.no-pharmacy' })}</p>
        </div>`}
    ${offered.length > 1
      ? html`<fieldset ?disabled=${view.disabled}>
          <legend>${msg('How do you want to get it?', { id: 'refill.delivery' })}</legend>
          <div class="radios">
            ${offered.map(
              (option) => html`<label>
                <input
                  type="radio"
                  name="delivery"
                  value=${option}
                  .checked=${view.delivery === option}
                  @change=${() => view.edit({ delivery: option })}
                />${deliveryLabel(option)}
              </label>`,
            )}
          </div>
        </fieldset>`
      : html`<p class="hint">${deliveryLabel(offered[0] ?? 'pickup')}</p>`}
  `;
}
