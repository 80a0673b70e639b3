/**
 * The write protocol for a clinic's decision on an appointment request
 * (docs/write-protocol.md §1, §3): a decision changed after an attempt whose answer was lost
 * names the earlier keys in `replaces`; when one of them landed, the port revises that
 * decision instead of refusing the request as "already answered". These helpers tell
 * whether the decision on the record is still that earlier one, and undo it, so
 * `FhirSchedulingPort.decide` applies the new decision to the request as it was before; and,
 * for a decision retried under a key that already landed, whether the request holds it.
 */
import type { RequestDecision } from '../ports.js';
import type { Identifier, Reference, Resource } from './fhir-types.js';
import { arrayOf, objectOf, refOf, stringOf } from './guards.js';
import { EXT, proposedSlotIds, SCHEDULING_CODES } from './mapping/scheduling.js';
import { hasKey, type KeyIdentity } from './write-protocol.js';

/** The participant status of the clinic's answer, by decision. */
export const ANSWER_STATUS = { approve: 'accepted', propose: 'tentative', decline: 'declined' } as const;

/**
 * The clinic's `AppointmentResponse` to a decision on `requestId`, carrying `identifier`
 * (the decision's key): what the decision writes, and what a response found under the key
 * must hold when the decision is retried.
 */
export function clinicAnswer(requestId: string, identifier: Identifier, decision: RequestDecision): Resource {
  const comment = decision.action === 'propose' ? decision.message : decision.action === 'decline' ? decision.reason : undefined;
  return {
    resourceType: 'AppointmentResponse',
    identifier: [identifier],
    appointment: { reference: `Appointment/${requestId}` },
    participantStatus: ANSWER_STATUS[decision.action],
    // the clinic answers (apr-1 wants a participant type or an actor)
    participantType: [{ coding: [{ system: SCHEDULING_CODES, code: 'clinic', display: 'Clinic' }] }],
    ...(comment ? { comment } : {}),
  };
}

/**
 * The patient's `AppointmentResponse` to the times offered on `requestId` (`accepted` or
 * `declined`), carrying `identifier` (the answer's key): what the answer writes, and what a
 * response found under the key must hold when the answer is retried.
 */
export function patientAnswer(requestId: string, identifier: Identifier, status: 'accepted' | 'declined', patient?: string, comment?: string): Resource {
  return {
    resourceType: 'AppointmentResponse',
    identifier: [identifier],
    appointment: { reference: `Appointment/${requestId}` },
    participantStatus: status,
    ...(patient ? { actor: { reference: patient } } : {}),
    ...(comment ? { comment } : {}),
  };
}

/**
 * How a request stands against a clinic's decision that already landed under `key`, for a
 * retry of that decision (docs/write-protocol.md §3):
 * - `held`: it holds the decision;
 * - a `Resource`: it still stands as the decision left it but without the words the patient
 *   reads (a decline's reason, the times offered and the clinic's message) — a server dropped
 *   them, or the clinic edited them before resending under the key — so this is the request
 *   made to hold them, to be written with `If-Match`;
 * - `moved-on`: someone answered it since (`answeredSince`: a later response on it), or it is in
 *   a state the decision does not leave (the patient cancelled, took a time): it is answered as
 *   it now is, never put back;
 * - `other`: it holds another time under this key, which no update makes this decision.
 */
export function againstDecision(
  request: Resource,
  decision: RequestDecision,
  key: string,
  booking: KeyIdentity,
  answeredSince: boolean,
): 'held' | 'moved-on' | 'other' | Resource {
  if (decision.action === 'approve') {
    if (request.status !== 'booked' || !hasKey(request, booking, key)) return 'moved-on';
    return refOf(arrayOf<Reference>(request.slot)[0]) === `Slot/${decision.slotId}` ? 'held' : 'other';
  }
  if (answeredSince) return 'moved-on';
  if (decision.action === 'decline') {
    const reason = objectOf<{ coding?: unknown; text?: unknown }>(request.cancelationReason);
    const ours = arrayOf(reason?.coding).filter((c) => c.system === SCHEDULING_CODES);
    // cancelled for another reason (the patient's): not this decline
    if (request.status !== 'cancelled' || ours.some((c) => c.code !== 'declined')) return 'moved-on';
    const text = decision.reason.trim();
    if (ours.length && stringOf(reason?.text)?.trim() === text) return 'held';
    return { ...request, cancelationReason: { coding: [{ system: SCHEDULING_CODES, code: 'declined' }], text } };
  }
  if (request.status !== 'proposed') return 'moved-on';
  const offered = new Set(decision.slotIds);
  const shown = proposedSlotIds(request);
  const message = decision.message?.trim();
  const said = stringOf(arrayOf(request.extension).find((e) => e.url === EXT.clinicMessage)?.valueString);
  if (shown.length === offered.size && shown.every((id) => offered.has(id)) && (!message || said?.trim() === message)) return 'held';
  return {
    ...request,
    extension: [
      ...arrayOf(request.extension).filter((e) => e.url !== EXT.proposedSlot && e.url !== EXT.clinicMessage),
      ...decision.slotIds.map((id) => ({ url: EXT.proposedSlot, valueReference: { reference: `Slot/${id}` } })),
      ...(message ? [{ url: EXT.clinicMessage, valueString: message }] : []),
    ],
  };
}

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
