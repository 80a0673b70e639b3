/**
 * How the memory scheduling port judges a write whose key already landed — the FHIR port's
 * rule (docs/write-protocol.md §3): what the ledger remembered for the key is the answer only
 * when the record, as it is now, still holds this attempt's content; otherwise a `conflict`.
 */
import { EngageError } from '../../core/errors.js';
import type { Appointment, ProposalAnswer } from '../ports.js';

/** The states of a booking that still stands at its time (the visit is set, or has happened). */
export const STANDING: readonly Appointment['status'][] = ['booked', 'pending', 'arrived', 'fulfilled', 'noshow'];

/** The state each decision leaves a request in. */
export const DECIDED = { approve: 'booked', propose: 'proposed', decline: 'declined' } as const;

/**
 * A `conflict`: the record an earlier attempt under this write's key made holds what this
 * attempt cannot be made into (cancelled or moved since, another kind of decision or answer).
 */
export const conflict = () => new EngageError('conflict', 'The record made under this key no longer holds this write.', { status: 409 });

/** Throws {@link conflict} unless `held` (a booking, a move, an accepted time) still stands at `slotId`. */
export function standsAt(held: Appointment, slotId: string): void {
  if (!STANDING.includes(held.status) || held.slotId !== slotId) throw conflict();
}

/**
 * Throws {@link conflict} unless the request `held` still holds the patient's answer that
 * `landed` under the key (as the ledger remembered it): an accept while the visit stands at the
 * chosen time; a decline while the request is back with the clinic (not offered times again,
 * decided or cancelled since). Another answer under the key is a conflict too.
 */
export function holdsAnswer(landed: Appointment, held: Appointment, answer: ProposalAnswer): void {
  if (landed.status !== (answer.action === 'accept' ? 'booked' : 'requested')) throw conflict();
  if (answer.action === 'accept') standsAt(held, answer.slotId);
  else if (held.status !== 'requested') throw conflict();
}
