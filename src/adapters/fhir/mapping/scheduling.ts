/**
 * FHIR R4 ⇄ scheduling domain types (docs/appointments.md has the whole model).
 *
 * - A visit type is a `HealthcareService`: `type[0]` is its code (Schedules and Slots carry
 *   it in `serviceType`), `characteristic` codes `self-schedulable` and `video` of
 *   {@link SCHEDULING_CODES}, extensions for the cancellation window, arrive-early minutes
 *   and the pre-visit questionnaire, `extraDetails` for preparation.
 * - A clinician's time is a `Schedule` (actors: the Practitioner and the Location) with
 *   `Slot`s; the Location's zone is the `http://hl7.org/fhir/StructureDefinition/timezone`
 *   extension (an R5 core extension, usable on R4 resources).
 * - A booking is an `Appointment` (`booked`, `slot`, start/end copied from the slot with
 *   their offsets); a request is an `Appointment` with status `proposed`; times the clinic
 *   proposes are `proposed-slot` extensions on it (it stays `proposed`: R4's invariant app-3
 *   wants a start and end on a `pending` one); a decline is `cancelled` with the `declined`
 *   reason code.
 *   Each decision is also recorded as an `AppointmentResponse`.
 * - A `pending` Appointment (a time set, not yet confirmed by every participant) is the
 *   domain's `pending`, never times the clinic offered; whose answer a request or a pending
 *   one waits for is read from the participants' statuses (`awaiting`).
 * - `comment` is a note whose writer R4 does not record: the `comment-author` extension says
 *   who wrote it (this library's patient-side writes set it); without it the note has no author.
 * Every field is read through guards: a wrong JSON type is absent, never an exception.
 */
import type { Appointment, AppointmentStatus, ClinicLocation, Participant, RequestPreferences, Slot, VisitType } from '../../ports.js';
import type { Reference, Resource } from '../fhir-types.js';
import { arrayOf, extensionOf, numberOf, objectOf, refOf, stringOf, type JsonObject } from '../guards.js';
import { securityOf, toName } from './common.js';

/** Codes of this library's scheduling model (characteristics, reasons, preference codes). */
export const SCHEDULING_CODES = 'https://ehr-engage.dev/fhir/CodeSystem/scheduling';
/** Where the visit-type codes live when a server has none of its own. */
export const VISIT_TYPE_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/visit-type';
/** The identifier system of booking / request keys (`Appointment.identifier`). */
export const BOOKING_SYSTEM = 'https://ehr-engage.dev/fhir/NamingSystem/appointment-write';
/** The identifier system of clinic decisions (`AppointmentResponse.identifier`). */
export const DECISION_SYSTEM = 'https://ehr-engage.dev/fhir/NamingSystem/appointment-decision';
/** The IANA time zone of a Location (FHIR R5 core extension). */
export const TIMEZONE_URL = 'http://hl7.org/fhir/StructureDefinition/timezone';

const SD = 'https://ehr-engage.dev/fhir/StructureDefinition';
/** Extensions of the model (see the module comment). */
export const EXT = {
  cancelWindowHours: `${SD}/cancel-window-hours`,
  arriveMinutesEarly: `${SD}/arrive-minutes-early`,
  questionnaire: `${SD}/pre-visit-questionnaire`,
  visitMinutes: `${SD}/visit-minutes`,
  visitType: `${SD}/appointment-visit-type`,
  videoUrl: `${SD}/video-url`,
  preference: `${SD}/appointment-preference`,
  proposedSlot: `${SD}/proposed-slot`,
  clinicMessage: `${SD}/clinic-message`,
  rescheduledFrom: `${SD}/rescheduled-from`,
  commentAuthor: `${SD}/comment-author`,
} as const;

/** Resources by `Type/id`. */
export type Index = Map<string, Resource>;

/** Indexes resources by `Type/id`. */
export function indexOf(resources: readonly Resource[]): Index {
  return new Map(resources.filter((r) => stringOf(r.id)).map((r) => [`${r.resourceType}/${r.id}`, r]));
}

/** The visit-type coding of a resource's `type` / `serviceType`. */
export function serviceCoding(concepts: unknown): { system?: string; code: string; display?: string } | undefined {
  for (const concept of arrayOf(concepts)) {
    for (const coding of arrayOf(concept.coding)) {
      const code = stringOf(coding.code);
      if (code) return { system: stringOf(coding.system), code, display: stringOf(coding.display) };
    }
  }
  return undefined;
}

/** `system|code` of a coding, for token searches and comparisons. */
export function tokenOf(coding: { system?: string; code: string }): string {
  return coding.system ? `${coding.system}|${coding.code}` : coding.code;
}

function hasCharacteristic(resource: Resource, code: string): boolean {
  return arrayOf(resource.characteristic).some((concept) =>
    arrayOf(concept.coding).some((c) => stringOf(c.system) === SCHEDULING_CODES && stringOf(c.code) === code),
  );
}

function extensionNumber(resource: unknown, url: string): number | undefined {
  const ext = extensionOf(resource, url);
  return numberOf(ext?.valueInteger) ?? numberOf(ext?.valuePositiveInt) ?? numberOf(ext?.valueDecimal) ?? numberOf(ext?.valueUnsignedInt);
}

function personName(resource: Resource | undefined, reference: Reference | undefined): string {
  const name = toName(arrayOf(resource?.name)[0] as never);
  const text = name.text ?? [name.prefix.join(' '), name.given.join(' '), name.family].filter(Boolean).join(' ');
  return text || stringOf(reference?.display) || '';
}

/** A Practitioner / Patient reference as a participant. */
export function participantOf(reference: unknown, index: Index): Participant | undefined {
  const ref = objectOf<Reference>(reference);
  const target = refOf(ref);
  if (!target) return undefined;
  const type = target.split('/')[0];
  const kind: Participant['kind'] = type === 'Patient' ? 'patient' : type === 'RelatedPerson' ? 'related-person' : 'practitioner';
  return { ref: target, kind, name: personName(index.get(target), ref) };
}

/** One-line address of a Location. */
function addressOf(location: Resource): string | undefined {
  const address = objectOf(location.address);
  if (!address) return undefined;
  if (stringOf(address.text)) return stringOf(address.text);
  const lines = arrayOf<never>(address.line).map((l) => stringOf(l)).filter(Boolean);
  const tail = [stringOf(address.city), [stringOf(address.state), stringOf(address.postalCode)].filter(Boolean).join(' ')].filter(Boolean);
  return [...lines, ...tail].join(', ') || undefined;
}

/** A Location as a clinic location; `fallbackZone` when it names no zone. */
export function toLocation(location: Resource, fallbackZone: string): ClinicLocation {
  const zone = stringOf(extensionOf(location, TIMEZONE_URL)?.valueCode);
  const phone = arrayOf(location.telecom).find((t) => stringOf(t.system) === 'phone');
  return {
    ref: `Location/${location.id}`,
    name: stringOf(location.name) ?? '',
    address: addressOf(location),
    phone: stringOf(phone?.value),
    timeZone: zone && isZone(zone) ? zone : fallbackZone,
  };
}

/** Whether `Intl` knows a time-zone name (an unknown one must not throw later). */
function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The location a reference names, resolved from the index; one known only by the
 * reference's `display` (no Location resource) keeps that text as its name.
 */
export function locationOf(reference: unknown, index: Index, fallbackZone: string): ClinicLocation | undefined {
  const ref = objectOf<Reference>(reference);
  const target = refOf(ref);
  const location = target ? index.get(target) : undefined;
  if (location) return toLocation(location, fallbackZone);
  const display = stringOf(ref?.display);
  return target && display ? { ref: target, name: display, timeZone: fallbackZone } : undefined;
}

/**
 * A HealthcareService as a visit type; its clinicians and locations come from the
 * Schedules that offer its code.
 */
export function toVisitType(service: Resource, schedules: readonly Resource[], index: Index, fallbackZone: string): VisitType | undefined {
  const coding = serviceCoding(service.type);
  if (!coding || !service.id) return undefined;
  const offering = schedules.filter((s) => {
    const offered = serviceCoding(s.serviceType);
    return offered && tokenOf(offered) === tokenOf(coding);
  });
  const clinicians = new Map<string, Participant>();
  const locations = new Map<string, ClinicLocation>();
  for (const schedule of offering) {
    for (const actor of arrayOf(schedule.actor)) {
      const ref = refOf(objectOf<Reference>(actor));
      if (ref?.startsWith('Practitioner/')) clinicians.set(ref, participantOf(actor, index)!);
      if (ref?.startsWith('Location/')) {
        const location = locationOf(actor, index, fallbackZone);
        if (location) locations.set(ref, location);
      }
    }
  }
  const minutes = extensionNumber(service, EXT.visitMinutes);
  return {
    id: service.id,
    name: stringOf(service.name) ?? coding.display ?? coding.code,
    description: stringOf(service.comment),
    minutes: minutes ?? 30,
    selfSchedulable: hasCharacteristic(service, 'self-schedulable'),
    mode: hasCharacteristic(service, 'video') ? 'video' : 'in-person',
    cancelWindowHours: extensionNumber(service, EXT.cancelWindowHours),
    arriveMinutesEarly: extensionNumber(service, EXT.arriveMinutesEarly),
    preparation: stringOf(service.extraDetails),
    questionnaire: stringOf(extensionOf(service, EXT.questionnaire)?.valueCanonical),
    clinicians: [...clinicians.values()],
    locations: [...locations.values()],
  };
}

/** A Slot with its Schedule's clinician and location. */
export function toSlot(slot: Resource, index: Index, visitTypeIds: (code: string) => string[], fallbackZone: string): Slot | undefined {
  const start = stringOf(slot.start);
  const end = stringOf(slot.end);
  if (!slot.id || !start || !end) return undefined;
  const schedule = index.get(refOf(objectOf<Reference>(slot.schedule)) ?? '');
  const actors = arrayOf(schedule?.actor);
  const clinician = actors.find((a) => refOf(a as Reference)?.startsWith('Practitioner/'));
  const location = actors.find((a) => refOf(a as Reference)?.startsWith('Location/'));
  const coding = serviceCoding(slot.serviceType) ?? serviceCoding(schedule?.serviceType);
  return {
    id: slot.id,
    start,
    end,
    clinician: clinician ? participantOf(clinician, index) : undefined,
    location: location ? locationOf(location, index, fallbackZone) : undefined,
    visitTypes: coding ? visitTypeIds(tokenOf(coding)) : [],
  };
}

const STATUS: Record<string, AppointmentStatus> = {
  proposed: 'requested',
  waitlist: 'requested',
  pending: 'pending',
  booked: 'booked',
  arrived: 'arrived',
  'checked-in': 'arrived',
  fulfilled: 'fulfilled',
  cancelled: 'cancelled',
  noshow: 'noshow',
};

/** Participation statuses (R4) of a participant who has not yet agreed. */
const UNANSWERED = new Set(['needs-action', 'tentative']);

const DAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const TIMES = new Set(['morning', 'afternoon', 'evening']);

/** An Appointment as the domain type; `undefined` for one entered in error or without a patient. */
export function toAppointment(resource: Resource, index: Index, fallbackZone: string, proposals: Slot[] = []): Appointment | undefined {
  const fhirStatus = stringOf(resource.status) ?? '';
  let status = STATUS[fhirStatus];
  if (!status || !resource.id) return undefined;
  const participants = arrayOf(resource.participant);
  const actorOf = (p: JsonObject | undefined) => objectOf<Reference>(p?.actor);
  const patientEntry = participants.find((p) => refOf(actorOf(p))?.startsWith('Patient/'));
  const patientRef = actorOf(patientEntry);
  const patient = refOf(patientRef);
  if (!patient) return undefined;
  const reason = arrayOf(objectOf(resource.cancelationReason)?.coding);
  if (status === 'requested' && fhirStatus === 'proposed' && proposedSlotIds(resource).length) status = 'proposed';
  if (status === 'cancelled' && reason.some((c) => stringOf(c.system) === SCHEDULING_CODES && stringOf(c.code) === 'declined')) {
    status = 'declined';
  }
  const visitType = objectOf<Reference>(extensionOf(resource, EXT.visitType)?.valueReference);
  const preferences: RequestPreferences = { days: [], times: [] };
  for (const ext of arrayOf(resource.extension).filter((e) => e.url === EXT.preference)) {
    const code = stringOf(ext.valueCode) ?? '';
    if (DAYS.has(code)) preferences.days.push(code as RequestPreferences['days'][number]);
    if (TIMES.has(code)) preferences.times.push(code as RequestPreferences['times'][number]);
  }
  // a participant who declined takes no part: never shown as the clinician (or the place)
  const taking = participants.filter((p) => stringOf(p.status) !== 'declined').map(actorOf);
  const clinician = taking.find((a) => refOf(a)?.startsWith('Practitioner/'));
  const location = taking.find((a) => refOf(a)?.startsWith('Location/'));
  const unanswered = (p: JsonObject) => UNANSWERED.has(stringOf(p.status) ?? '');
  const awaiting =
    status !== 'requested' && status !== 'pending'
      ? undefined
      : patientEntry && unanswered(patientEntry)
        ? 'patient'
        : participants.some(unanswered)
          ? 'others'
          : undefined;
  const note = stringOf(resource.comment);
  const noteBy = note ? participantOf(extensionOf(resource, EXT.commentAuthor)?.valueReference, index)?.kind : undefined;
  const slotRef = refOf(arrayOf<Reference>(resource.slot)[0]);
  const message =
    status === 'cancelled' || status === 'declined'
      ? stringOf(objectOf(resource.cancelationReason)?.text)
      : stringOf(extensionOf(resource, EXT.clinicMessage)?.valueString);
  const replaces = refOf(objectOf<Reference>(extensionOf(resource, EXT.rescheduledFrom)?.valueReference));
  return {
    id: resource.id,
    ...securityOf(resource),
    status,
    patient,
    patientName: personName(index.get(patient), patientRef) || undefined,
    start: stringOf(resource.start),
    end: stringOf(resource.end),
    visitType: refOf(visitType) ? { id: refOf(visitType)!.split('/')[1]!, name: stringOf(visitType?.display) ?? '' } : undefined,
    clinician: clinician ? participantOf(clinician, index) : undefined,
    location: location ? locationOf(location, index, fallbackZone) : undefined,
    slotId: slotRef?.split('/')[1],
    videoUrl: stringOf(extensionOf(resource, EXT.videoUrl)?.valueUrl),
    instructions: stringOf(resource.patientInstruction),
    note,
    ...(noteBy ? { noteBy } : {}),
    ...(awaiting ? { awaiting } : {}),
    ...(preferences.days.length || preferences.times.length ? { preferences } : {}),
    statusReason: message,
    ...(proposals.length ? { proposals } : {}),
    cancelWindowHours: extensionNumber(resource, EXT.cancelWindowHours),
    questionnaire: stringOf(extensionOf(resource, EXT.questionnaire)?.valueCanonical),
    replaces: replaces?.split('/')[1],
    created: stringOf(resource.created),
    version: stringOf(objectOf(resource.meta)?.versionId),
  };
}

/**
 * Whether `actor` (`Practitioner/…`) takes part in an Appointment: named among its
 * participants with a status other than `declined` (R4: "has declined the appointment and
 * will not participate in the appointment"). A participant search (`practitioner=`) also
 * finds those who declined; this is what leaves such a visit off their day list.
 */
export function takesPart(resource: Resource, actor: string): boolean {
  return arrayOf(resource.participant).some((p) => refOf(objectOf<Reference>(p.actor)) === actor && stringOf(p.status) !== 'declined');
}

/** The slot ids a clinic proposed on a request. */
export function proposedSlotIds(resource: Resource): string[] {
  return arrayOf(resource.extension)
    .filter((e) => e.url === EXT.proposedSlot)
    .map((e) => refOf(objectOf<Reference>(e.valueReference))?.split('/')[1])
    .filter((id): id is string => Boolean(id));
}
