/**
 * Plays the appointments stories where the patient's write lands on a visit that changed
 * since it was shown, on <engage-appointments> over the memory adapter (its own behaviour,
 * no state set by hand):
 * - an answer: the clinic books one of the times it offered (its `decide` on the same port)
 *   after the list was shown; the patient then picks the other offered time;
 * - a booking: the first press's answer is lost after the visit was stored (the port's
 *   `loseAnswers`, as a dropped connection), the clinic cancels that visit, and the patient
 *   presses "Book this visit" again.
 * Only clicks on the element, found by id, part or data (never by words, so they play in
 * either language), after the booking driver of the other stories for the steps before.
 */
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/index.js';
import { APPOINTMENT_PATIENT } from './appointments.js';
import { driveAppointments } from './appointments-drive.js';
import { whenShown } from './story-wait.js';

/** The request the clinic answered with two times (the stories' data). */
export const PROPOSED_REQUEST = 'story-proposed';
/** The offered time the clinic books itself, meanwhile. */
export const CLINIC_BOOKED_SLOT = 'story-slot-ben-4-1000';
/** The other offered time, the one the patient picks. */
export const PATIENT_PICKED_SLOT = 'story-slot-ana-5-1000';
/** Why the clinic cancelled the visit the lost first try booked. */
export const CLINIC_CANCEL_REASON = 'Dr. Lee is away that day.';

type Host = Element & { updateComplete: Promise<unknown> };

const portOf = (adapter: EngageAdapter | undefined) => (adapter?.scheduling instanceof MemorySchedulingPort ? adapter.scheduling : undefined);

/** Plays "changed since it was shown" on `element`, over the story's memory `adapter`. */
export async function playChangedSinceShown(element: Element | null, adapter: EngageAdapter | undefined): Promise<void> {
  const port = portOf(adapter);
  if (!element || !port) return;
  const el = element as Host;
  const picked = await whenShown(el, () =>
    el.shadowRoot?.querySelector<HTMLButtonElement>(`#appointment-${PROPOSED_REQUEST} button.proposal[data-slot="${PATIENT_PICKED_SLOT}"]`),
  );
  if (!picked) return;
  // after the list was shown, the clinic books the request at the other time it offered
  await port.decide(PROPOSED_REQUEST, { action: 'approve', slotId: CLINIC_BOOKED_SLOT }, { idempotencyKey: `story-clinic-${PROPOSED_REQUEST}` });
  picked.click();
  await whenShown(el, () => el.shadowRoot?.querySelector(`#failed-${PROPOSED_REQUEST}`));
}

/** Plays "booked, then cancelled, then booked again" on `element`, over the story's memory `adapter`. */
export async function playBookedThenCancelled(element: Element | null, adapter: EngageAdapter | undefined): Promise<void> {
  const port = portOf(adapter);
  if (!element || !port || !adapter) return;
  const el = element as Host;
  const confirm = () => whenShown(el, () => el.shadowRoot?.querySelector<HTMLButtonElement>('#confirm[aria-disabled="false"]'));
  await driveAppointments(el, 'review', adapter);
  const button = await confirm();
  if (!button) return;
  // the clinic stores the visit, and its answer never reaches the patient
  const before = new Set(port.allAppointments.map((a) => a.id));
  port.loseAnswers(1);
  button.click();
  const lost = await whenShown(el, () => el.shadowRoot?.querySelector('#book-error'));
  if (!lost) return;
  // before the patient tries again, the clinic cancels the visit that was stored
  const landed = port.allAppointments.find((a) => !before.has(a.id) && a.patient === APPOINTMENT_PATIENT && a.status === 'booked');
  if (!landed) return;
  await port.cancel(landed.id, CLINIC_CANCEL_REASON, { idempotencyKey: `story-clinic-cancel-${landed.id}` });
  // the patient presses the same button again: the retry of a booking cancelled since
  (await confirm())?.click();
  // the first error goes while the retry runs; the one that comes back is the retry's
  await whenShown(el, () => {
    const error = el.shadowRoot?.querySelector('#book-error');
    return error !== lost && error;
  });
}
