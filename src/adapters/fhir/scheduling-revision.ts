/**
 * The write protocol for a clinic's decision on an appointment request
 * (docs/write-protocol.md §1): a decision changed after an attempt whose answer was lost
 * names the earlier keys in `replaces`; when one of them landed, the port revises that
 * decision instead of refusing the request as "already answered". These helpers tell
 * whether the decision on the record is still that earlier one, and undo it, so
 * `FhirSchedulingPort.decide` applies the new decision to the request as it was before.
 */
import type { Reference, Resource } from './fhir-types.js';
import { arrayOf, objectOf, refOf } from './guards.js';
import { EXT, SCHEDULING_CODES } from './mapping/scheduling.js';
import { hasKey, type KeyIdentity } from './write-protocol.js';

/**
 * Whether the decision the Appointment holds now is one a key in `replaces` wrote: a
 * booking made under that key (the approve's booking key is the decision's), or the
 * clinic's decline whose `AppointmentResponse` carries that key. A record the patient has
 * acted on since (cancelled, rescheduled, accepted a time) holds neither, so a change to
 * it stays a `conflict`.
 */
export function holdsEarlierDecision(
  appointment: Resource,
  earlierResponses: readonly Resource[],
  replaces: readonly string[],
  keys: { booking: KeyIdentity; decision: KeyIdentity },
): boolean {
  if (appointment.status === 'booked') return replaces.some((key) => hasKey(appointment, keys.booking, key));
  const reason = objectOf<{ coding?: unknown }>(appointment.cancelationReason);
  const declined = appointment.status === 'cancelled' && arrayOf(reason?.coding).some((c) => c.system === SCHEDULING_CODES && c.code === 'declined');
  return (
    declined &&
    earlierResponses.some(
      (r) =>
        refOf(objectOf<Reference>(r.appointment)) === `Appointment/${appointment.id}` &&
        r.participantStatus === 'declined' &&
        replaces.some((key) => hasKey(r, keys.decision, key)),
    )
  );
}

/** What an approve writes beside the visit type: the booked time's facts. */
const BOOKING_EXTENSIONS: string[] = [EXT.cancelWindowHours, EXT.videoUrl, EXT.questionnaire, EXT.proposedSlot, EXT.clinicMessage];

/**
 * The request as it stands without the earlier decision: open again (`proposed`), without
 * a booked time, its slot, the clinicians the slot brought or a decline's reason, and
 * without the booking keys of the replaced attempts (so no later write mistakes it for
 * theirs). The version read stays, for `If-Match`.
 */
export function withoutEarlierDecision(appointment: Resource, replaces: readonly string[], booking: KeyIdentity): Resource {
  const request: Resource = { ...appointment, status: 'proposed' };
  for (const field of ['start', 'end', 'minutesDuration', 'slot', 'patientInstruction', 'cancelationReason']) delete request[field];
  request.identifier = arrayOf(appointment.identifier).filter(
    (id) => !replaces.some((key) => hasKey({ resourceType: 'Appointment', identifier: [id] }, booking, key)),
  );
  request.extension = arrayOf(appointment.extension).filter((e) => !BOOKING_EXTENSIONS.includes(String(e.url)));
  if (appointment.status === 'booked') {
    // the slot's clinician and location came with the booking; the patient stays
    request.participant = arrayOf(appointment.participant).filter((p) => refOf(objectOf(p.actor))?.startsWith('Patient/'));
  }
  return request;
}
