/**
 * The words of <engage-refill-request> that several of its parts share: a medication's
 * name, a request's status (in words and as a chip), the kind of request and how the
 * medicine reaches the patient. Kept in one place so the chooser, the review, the
 * confirmation and the history always say the same thing the same way.
 */
import { html, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { Prescription, RefillRequestStatus } from '../../adapters/ports.js';
import { codedText } from '../../core/format.js';
import { type Icon, iconCalendar, iconCheck, iconCross, iconMinus, iconPending } from '../../core/icons.js';
import type { ChipTone } from '../../core/chips.js';

/** The statuses of a request still waiting for a decision (it can still be cancelled). */
export const PENDING: readonly RefillRequestStatus[] = ['requested', 'in-review'];

/** The medication's name for display. */
export function medicationName(value: { medication: Prescription['medication'] }): string {
  return codedText(value.medication) || msg('Unnamed medication', { id: 'refill.unnamed' });
}

/**
 * A medicine name that may also wrap after its slashes ("10 MG/ML", "Amoxicillin 250 MG /
 * Clavulanate"), never inside a word (#19: "diphenhydrAMIN/E").
 */
export function wrappable(name: string): TemplateResult {
  return html`${name.split('/').map((part, i) => (i ? html`/<wbr />${part}` : part))}`;
}

/** A request status in words. */
export function statusLabel(status: RefillRequestStatus): string {
  switch (status) {
    case 'requested':
      return msg('Requested', { id: 'refill.status.requested' });
    case 'in-review':
      return msg('In review', { id: 'refill.status.in-review' });
    case 'approved':
      return msg('Approved, sent to pharmacy', { id: 'refill.status.approved' });
    case 'denied':
      return msg('Denied', { id: 'refill.status.denied' });
    case 'needs-appointment':
      return msg('Needs an appointment', { id: 'refill.status.needs-appointment' });
    case 'cancelled':
      return msg('Cancelled', { id: 'refill.status.cancelled' });
  }
}

/** The chip of each status: its words come with an icon, so status is never told by colour alone. */
export const STATUS_CHIP: Record<RefillRequestStatus, [ChipTone, Icon]> = {
  requested: ['info', iconPending],
  'in-review': ['info', iconPending],
  approved: ['success', iconCheck],
  denied: ['danger', iconCross],
  'needs-appointment': ['warning', iconCalendar],
  cancelled: ['neutral', iconMinus],
};

/** How the medicine reaches the patient, in words. */
export function deliveryLabel(option: 'pickup' | 'mail'): string {
  return option === 'mail'
    ? msg('Mail it to me', { id: 'refill.delivery.mail' })
    : msg('Pick up at the pharmacy', { id: 'refill.delivery.pickup' });
}

/** Whom a request goes to, in words: a refill to the pharmacy, a renewal to the prescriber. */
export function kindLabel(kind: 'refill' | 'renewal'): string {
  return kind === 'renewal'
    ? msg('Renewal (to your prescriber)', { id: 'refill.kind.renewal' })
    : msg('Refill (to your pharmacy)', { id: 'refill.kind.refill' });
}
