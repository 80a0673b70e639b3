/**
 * What <engage-refill-request> says when a send is refused because the care team already
 * decided the request an earlier attempt stored (docs/refill-requests.md, "A request decided
 * before the retry"): the port answers a retry with `conflict` and changes nothing. The
 * element then reloads; when the record shows the answers, it settles the send (its fate is
 * known: it landed, and was decided), goes back to the form with every choice and the note
 * kept, and shows this notice: that the request was answered and not changed, each answer as
 * the record says it, and that what the patient wrote can go as a new request or a message.
 * The element owns the send and the reload; this file keeps track of the attempts and words it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { RefillRequest, RefillRequestDraft } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { icon, iconWarning } from '../../core/icons.js';
import { medicationName, PENDING, statusLabel, wrappable } from './refill-labels.js';

/** Whether a send failed because the request it would change was decided first (the port's `conflict`). */
export function refusedAsDecided(error: unknown): boolean {
  return isEngageError(error) && error.code === 'conflict';
}

/**
 * The attempts of one send whose fate is unknown: the prescriptions any of them asked for,
 * and the requests the patient already had when the first one started. A conflict can only
 * mean "decided" for a retry (a first attempt has no earlier record to find), and the
 * answers to show are the decided requests that appeared since, for those prescriptions —
 * not an older decision on the same medicine.
 */
export class SendAttempts {
  private prescriptions = new Set<string>();
  private known = new Set<string>();

  /** A send starts; `retry` when an earlier attempt is unsettled, else it starts afresh from the requests `shown` now. */
  start(draft: RefillRequestDraft, retry: boolean, shown: readonly RefillRequest[] = []): void {
    if (!retry) {
      this.prescriptions = new Set();
      this.known = new Set(shown.map((r) => r.id));
    }
    for (const item of draft.items) this.prescriptions.add(item.prescriptionId);
  }

  /** The requests decided since the first attempt, for the prescriptions the attempts asked for (newest first, as given). */
  answered(requests: readonly RefillRequest[]): RefillRequest[] {
    return requests.filter((r) => this.prescriptions.has(r.prescriptionId) && !this.known.has(r.id) && !PENDING.includes(r.status));
  }
}

/** The notice, above the form (focused by the element). Part `submit-error`: it is why the send did not go. */
export function renderDecidedNotice(decided: readonly RefillRequest[]): TemplateResult {
  return html`<div id="decided-notice" class="alert" role="alert" tabindex="-1" part="submit-error">
    <p>${icon(iconWarning)}<strong>${msg('Your care team already answered this request.', { id: 'refill.decided.title' })}</strong></p>
    <p>${msg('So we did not change it, and your changes were not sent.', { id: 'refill.decided.body' })}</p>
    <ul>
      ${decided.map(
        (r) => html`<li>
          <span class="med-name">${wrappable(medicationName(r))}</span>: ${statusLabel(r.status)}${r.statusReason
            ? html`. <span class="reason">${msg('Reason:', { id: 'refill.history.reason' })} ${r.statusReason}</span>`
            : nothing}
        </li>`,
      )}
    </ul>
    <p>
      ${msg('What you wrote is still here. You can send it as a new request, or send your care team a message.', {
        id: 'refill.decided.kept',
      })}
    </p>
  </div>`;
}
