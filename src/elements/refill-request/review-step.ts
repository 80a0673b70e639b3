/**
 * The review and sent steps of <engage-refill-request>: what is about to be sent (each
 * medication and whom it goes to, the pharmacy, delivery and note) with the send button,
 * the reason a send failed with every choice kept, and the confirmation after sending.
 * The element owns the draft and the write (docs/write-protocol.md); this file only
 * shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { Pharmacy, Prescription, RefillRequest, RefillRequestDraft } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { icon, iconCheck, iconWarning } from '../../core/icons.js';
import { deliveryLabel, kindLabel, medicationName, PENDING, statusLabel, wrappable } from './refill-labels.js';

/** What the review step needs from its element. */
export interface ReviewView {
  draft?: RefillRequestDraft;
  prescriptions: readonly Prescription[];
  pharmacy?: Pharmacy;
  delivery: 'pickup' | 'mail';
  /** Why the last send failed, if it did. */
  error?: unknown;
  /** A send is under way. */
  submitting: boolean;
  disabled: boolean;
  send: () => void;
  back: () => void;
}

/** The review step: the draft to check, and the send and "Change request" buttons. */
export function renderReview(view: ReviewView, level: number): TemplateResult {
  const { draft, error } = view;
  const byId = new Map(view.prescriptions.map((p) => [p.id, p]));
  return html`<div class="form">
    <div id="review-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">
      ${msg('Check your request', { id: 'refill.review.title' })}
    </div>
    <ul>
      ${(draft?.items ?? []).map((item) => {
        const prescription = byId.get(item.prescriptionId);
        return html`<li class="request">
          <span class="med-name">${prescription ? wrappable(medicationName(prescription)) : item.prescriptionId}</span>
          <span class="hint">${kindLabel(item.kind)}</span>
        </li>`;
      })}
    </ul>
    <dl class="summary">
      <div><dt>${msg('Pharmacy', { id: 'refill.pharmacy' })}</dt><dd>${view.pharmacy?.name ?? ''}</dd></div>
      <div><dt>${msg('Delivery', { id: 'refill.review.delivery' })}</dt><dd>${deliveryLabel(view.delivery)}</dd></div>
      ${draft?.note
        ? html`<div><dt>${msg('Note', { id: 'refill.review.note' })}</dt><dd>${draft.note}</dd></div>`
        : nothing}
    </dl>
    ${error
      ? html`<div id="submit-error" class="alert" role="alert" tabindex="-1" part="submit-error">
          <p>${icon(iconWarning)}<strong>${msg('Your request was not sent.', { id: 'refill.send-failed' })}</strong></p>
          <p>${errorText(isEngageError(error) ? error.code : 'server')}</p>
          ${isEngageError(error) && error.details.length
            ? html`<ul>${error.details.map((d) => html`<li>${d}</li>`)}</ul>`
            : nothing}
          <p>${msg('Your choices are kept. Try again.', { id: 'refill.send-failed-kept' })}</p>
        </div>`
      : nothing}
    <div class="actions">
      <button
        type="button"
        class="primary"
        part="send-button"
        aria-disabled=${view.submitting ? 'true' : 'false'}
        ?disabled=${view.disabled}
        @click=${() => view.send()}
      >
        ${view.submitting
          ? msg('Sending…', { id: 'refill.sending-button' })
          : error
            ? msg('Try sending again', { id: 'refill.send-again' })
            : msg('Send request', { id: 'refill.send' })}
      </button>
      <button type="button" part="back-button" aria-disabled=${view.submitting ? 'true' : 'false'} @click=${() => view.back()}>
        ${msg('Change request', { id: 'refill.back' })}
      </button>
    </div>
  </div>`;
}

/**
 * The confirmation after sending: the requests stored, and "Request another medication". An
 * unchanged retry may answer with a request the care team decided since the first attempt
 * stored it (docs/refill-requests.md): then its answer is shown beside it, and the patient is
 * not told it will be reviewed.
 */
export function renderConfirmation(sent: readonly RefillRequest[], level: number, another: () => void): TemplateResult {
  const answered = sent.filter((r) => !PENDING.includes(r.status)).length;
  return html`<div class="success" part="confirmation">
    <div id="sent-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">
      ${icon(iconCheck)}${msg('Request sent', { id: 'refill.sent.title' })}
    </div>
    <p>
      ${answered === sent.length
        ? msg('Your care team already answered. Each answer is shown below.', { id: 'refill.sent.answered' })
        : answered
          ? msg('Your care team already answered part of it. Each answer is shown below. They will review the rest.', {
              id: 'refill.sent.answered-part',
            })
          : msg('Your care team will review it. You can follow it below.', { id: 'refill.sent.body' })}
    </p>
    <ul>
      ${sent.map(
        (r) =>
          html`<li>
            <span class="med-name">${wrappable(medicationName(r))}</span> — ${kindLabel(r.kind)}${PENDING.includes(r.status)
              ? nothing
              : html`: ${statusLabel(r.status)}`}
          </li>`,
      )}
    </ul>
    <div class="actions">
      <button type="button" part="new-request-button" @click=${() => another()}>
        ${msg('Request another medication', { id: 'refill.another' })}
      </button>
    </div>
  </div>`;
}
