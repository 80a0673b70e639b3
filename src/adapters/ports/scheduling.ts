/**
 * The scheduling port: visit types, open slots, booking, requests, changes and the clinic's
 * request queue. See `../ports.ts` for the conventions every port follows.
 *
 * Times: every start and end is an instant written with its offset, exactly as the backend
 * holds it (`2027-03-15T09:00:00-04:00`), and every location carries its IANA time zone, so
 * an element shows the clinic-local time with `Intl` and never does arithmetic on local
 * strings.
 */
import type { Coding, DateValue, Participant, ReadOptions, RecordRef, WriteOptions } from './common.js';

/** A reason for a visit that the clinic offers, online or by request. */
export interface VisitType {
  /** The visit type's id (stable). */
  id: string;
  /** What the patient reads (untrusted text). */
  name: string;
  /** A longer description, when given (untrusted text). */
  description?: string;
  /** Length of the visit in minutes. */
  minutes: number;
  /** Whether a patient may book it directly; otherwise the patient sends a request. */
  selfSchedulable: boolean;
  /** In person at a location, or a video visit. */
  mode: 'in-person' | 'video';
  /**
   * The clinic's cancellation window in hours: inside it, a patient may not cancel or
   * reschedule online and is asked to call. Absent: always allowed before the start.
   */
  cancelWindowHours?: number;
  /** How many minutes before the start to arrive (in-person visits). */
  arriveMinutesEarly?: number;
  /** How to prepare, in words the patient reads (untrusted text). */
  preparation?: string;
  /** A pre-visit questionnaire (canonical URL or `Questionnaire/…`), when one exists. */
  questionnaire?: string;
  /** Clinicians who offer it. */
  clinicians: Participant[];
  /** Locations where it is offered. */
  locations: ClinicLocation[];
}

/** A place where visits happen, with the time zone its clock runs in. */
export interface ClinicLocation {
  /** Reference to the location (`Location/…`). */
  ref: RecordRef;
  /** Its name (untrusted text). */
  name: string;
  /** One-line address. */
  address?: string;
  /** Its phone number (the "please call" number). */
  phone?: string;
  /** IANA time zone of the location (`America/New_York`). */
  timeZone: string;
}

/** An open time. */
export interface Slot {
  /** The slot's id. */
  id: string;
  /** Start, an instant with offset. */
  start: DateValue;
  /** End, an instant with offset. */
  end: DateValue;
  /** The clinician whose time it is. */
  clinician?: Participant;
  /** Where. */
  location?: ClinicLocation;
  /** Visit types it may be booked for (ids). */
  visitTypes: string[];
}

/** Which slots to list. */
export interface SlotQuery {
  /** The visit type (id). */
  visitType: string;
  /** Start of the range, an instant (inclusive). */
  from: DateValue;
  /** End of the range, an instant (exclusive). */
  to: DateValue;
  /** Only this clinician's slots; absent: first available of any clinician. */
  clinician?: RecordRef;
  /** Only at this location. */
  location?: RecordRef;
}

/** Status of an appointment, as the patient and the clinic see it. */
export type AppointmentStatus =
  /** The patient asked; the clinic has not answered. */
  | 'requested'
  /** The clinic proposed times; the patient has not chosen. */
  | 'proposed'
  /**
   * A time is set, but not everyone has confirmed it yet (FHIR `pending`); `awaiting` says
   * whether the patient's answer is among those missing.
   */
  | 'pending'
  | 'booked'
  | 'arrived'
  | 'fulfilled'
  | 'cancelled'
  /** The clinic declined the request (see `statusReason`). */
  | 'declined'
  | 'noshow';

/** Preferred days and times of a request. */
export interface RequestPreferences {
  /** Days of the week, `mon` … `sun`. */
  days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
  /** Parts of the day. */
  times: ('morning' | 'afternoon' | 'evening')[];
}

/** An appointment or an appointment request. */
export interface Appointment {
  /** The appointment's id. */
  id: string;
  /** Security labels (`meta.security`), for the proxy policy. */
  security?: Coding[];
  /** Current status. */
  status: AppointmentStatus;
  /** The patient. */
  patient: RecordRef;
  /** The patient's display name, for the clinic's lists. */
  patientName?: string;
  /** Start, an instant with offset (absent for a request). */
  start?: DateValue;
  /** End, an instant with offset. */
  end?: DateValue;
  /** The visit type (id and name). */
  visitType?: { id: string; name: string };
  /** The clinician. */
  clinician?: Participant;
  /** Where, with its time zone. */
  location?: ClinicLocation;
  /** The slot it holds. */
  slotId?: string;
  /** A video visit's link (shown only near the start). */
  videoUrl?: string;
  /** Preparation and arrive-by instructions (untrusted text). */
  instructions?: string;
  /** A note with the appointment or request (untrusted text); `noteBy` says who wrote it. */
  note?: string;
  /** Who wrote `note`, when the record says; absent: unknown (shown as a plain "Note"). */
  noteBy?: Participant['kind'];
  /**
   * Whose answer a request or a pending appointment still waits for, as its participants'
   * statuses say: `patient` when the patient has not accepted it (`needs-action` or
   * `tentative`), `others` when only other participants have not. Absent: the record does
   * not say (a request then waits for the clinic).
   */
  awaiting?: 'patient' | 'others';
  /** What a request asked for. */
  preferences?: RequestPreferences;
  /** Why it was cancelled or declined, in words the patient sees (untrusted text). */
  statusReason?: string;
  /** Times the clinic proposed for a request. */
  proposals?: Slot[];
  /** The clinic's cancellation window in hours (from its visit type). */
  cancelWindowHours?: number;
  /**
   * The pre-visit questionnaire its visit type links (canonical URL or `Questionnaire/…`),
   * for the patient to fill in before the visit.
   */
  questionnaire?: string;
  /** The appointment this one replaced (a reschedule). */
  replaces?: string;
  /** When it was made. */
  created?: DateValue;
  /** Version tag for optimistic concurrency. */
  version?: string;
}

/**
 * Whether an appointment is still ahead for the patient: an open request, times offered,
 * a time set but not yet confirmed that has no time or has not ended, or a booked visit
 * that has not ended. One rule for both adapters' list order and the patient's list.
 */
export function isUpcoming(a: Pick<Appointment, 'status' | 'start' | 'end'>, now: number): boolean {
  if (a.status === 'requested' || a.status === 'proposed') return true;
  if (a.status === 'pending' && !a.start) return true;
  return (a.status === 'booked' || a.status === 'pending') && Date.parse(a.end ?? a.start ?? '') > now;
}

/** What the patient books. */
export interface BookingDraft {
  /** The chosen slot. */
  slotId: string;
  /** The visit type (id). */
  visitType: string;
  /** A note for the clinic. */
  note?: string;
}

/** What the patient asks for when the visit type cannot be booked online. */
export interface AppointmentRequestDraft {
  /** The visit type (id). */
  visitType: string;
  /** A clinician, when the patient has one in mind. */
  clinician?: RecordRef;
  /** A location, when the patient has one in mind. */
  location?: RecordRef;
  /** Preferred days and times. */
  preferences: RequestPreferences;
  /** A note for the clinic. */
  note?: string;
}

/**
 * The answer to a booking: booked, or the slot was taken by someone else first, with the
 * nearest open slots of the same visit type (and clinician / location when the query named
 * them) so the patient picks again without starting over.
 */
export type BookingOutcome =
  | { outcome: 'booked'; appointment: Appointment }
  | { outcome: 'slot-taken'; alternatives: Slot[] };

/** The answer to a clinic's decision: saved, or the slot it approved into was just taken. */
export type DecisionOutcome =
  | { outcome: 'saved'; appointment: Appointment }
  | { outcome: 'slot-taken'; alternatives: Slot[] };

/**
 * A clinic's decision on a request. `visitType` (an id) is the visit type the clinic chose
 * for a request that names none: the booking, or the times offered, are of that type, and
 * the request keeps it (so the patient's accepting a proposed time books it). Absent: the
 * request's own visit type; a request with neither can only be declined.
 */
export type RequestDecision =
  | { action: 'approve'; slotId: string; visitType?: string }
  | { action: 'propose'; slotIds: string[]; message?: string; visitType?: string }
  | { action: 'decline'; reason: string };

/**
 * The patient's answer to the times a clinic proposed on a request: take one of them, or
 * none (the request goes back to the clinic with the patient's note).
 */
export type ProposalAnswer = { action: 'accept'; slotId: string } | { action: 'decline'; note?: string };

/** Appointments: what a patient sees and books, and what a clinic answers. */
export interface SchedulingPort {
  /** Visit types the clinic offers (self-schedulable or by request). */
  visitTypes(options?: ReadOptions): Promise<VisitType[]>;
  /** Open slots in a range, earliest first. */
  slots(query: SlotQuery, options?: ReadOptions): Promise<Slot[]>;
  /**
   * Books a slot: the appointment and the slot marked busy together, or nothing. A slot
   * someone else took first answers `slot-taken` with alternatives (never an error).
   * With `replaces` naming an earlier booking that landed, that booking is moved to the
   * new slot instead of a second one being made.
   */
  book(patient: RecordRef, draft: BookingDraft, options: WriteOptions): Promise<BookingOutcome>;
  /** Sends a request the clinic answers in its queue. */
  request(patient: RecordRef, draft: AppointmentRequestDraft, options: WriteOptions): Promise<Appointment>;
  /**
   * Moves a booked appointment to another slot: the new one is booked and the old one
   * released together, so the patient never holds none or two.
   */
  reschedule(appointmentId: string, slotId: string, options: WriteOptions): Promise<BookingOutcome>;
  /** Cancels an appointment or a request and frees its slot; cancelling twice is harmless. */
  cancel(appointmentId: string, reason: string | undefined, options: WriteOptions): Promise<Appointment>;
  /** A patient's appointments and requests: upcoming first (earliest first), then past. */
  listAppointments(patient: RecordRef, options?: ReadOptions): Promise<Appointment[]>;
  /** The clinic's open requests (requested or proposed), oldest first. */
  listRequests(options?: ReadOptions): Promise<Appointment[]>;
  /**
   * Approves a request into a slot, proposes times, or declines it with a reason the patient
   * sees. With `replaces` naming an earlier decision on it that landed (its answer was lost,
   * and the clinician changed the decision), that decision is revised: a booking it made is
   * moved or its slot freed. Any other decision on a request no longer open is a `conflict`.
   */
  decide(requestId: string, decision: RequestDecision, options: WriteOptions): Promise<DecisionOutcome>;
  /**
   * The patient answers the times the clinic proposed. Accepting books the proposed slot
   * as `book` does (the request becomes the appointment, the slot busy, in one step); a
   * proposed time someone took meanwhile answers `slot-taken` with the request's other
   * proposals that are still free (never other slots: the clinic chose these). Declining
   * returns the request to the clinic's queue as `requested`, with the note.
   */
  answerProposal(requestId: string, answer: ProposalAnswer, options: WriteOptions): Promise<DecisionOutcome>;
  /**
   * One clinician's booked appointments on a calendar day (`YYYY-MM-DD`) in the time zone
   * given (the clinic's), earliest first: the visits they take part in. A visit they
   * declined (FHIR participant status `declined`) is left out, as a cancelled one is: the
   * list is whom they will see, and another clinician may have taken it over.
   */
  dayList(clinician: RecordRef, date: string, timeZone: string, options?: ReadOptions): Promise<Appointment[]>;
}
