/**
 * A small clinic for the appointments stories: two clinicians at two locations in two time
 * zones (Boston, Denver), a self-scheduled checkup and a consult by request, two weeks of
 * morning slots after the stories' clock, and a patient with visits in every state. Slot
 * times are the clinics' wall-clock hours written with the offset in force, as an EHR
 * stores them.
 */
import type { Appointment, ClinicLocation, Participant, VisitType } from '../../src/adapters/ports.js';
import type { MemorySchedulingOptions, MemorySlot } from '../../src/adapters/memory/index.js';
import { addDays } from '../../src/core/calendar-date.js';
import { dateIn, withOffset, zonedInstant } from '../../src/core/zoned-time.js';
import { STORY_NOW } from '../decorators.js';

export const APPOINTMENT_PATIENT = 'Patient/story-ada';

const ana: Participant = { ref: 'Practitioner/story-ana', kind: 'practitioner', name: 'Dr. Ana Lee' };
const ben: Participant = { ref: 'Practitioner/story-ben', kind: 'practitioner', name: 'Dr. Ben Ortiz' };
const harbor: ClinicLocation = { ref: 'Location/story-harbor', name: 'Harbor Family Clinic', address: '1 Harbor Street, Boston, MA', phone: '617-555-0100', timeZone: 'America/New_York' };
const peak: ClinicLocation = { ref: 'Location/story-peak', name: 'Peak Health Center', address: '9 Ridge Road, Denver, CO', phone: '303-555-0100', timeZone: 'America/Denver' };

const TYPES: VisitType[] = [
  { id: 'checkup', name: 'Checkup', minutes: 30, selfSchedulable: true, mode: 'in-person', cancelWindowHours: 24, arriveMinutesEarly: 15, clinicians: [ana, ben], locations: [harbor, peak] },
  { id: 'consult', name: 'New problem consult', minutes: 30, selfSchedulable: false, mode: 'in-person', cancelWindowHours: 24, clinicians: [ana, ben], locations: [harbor, peak] },
];

/** `time` on the `days`-th day after the stories' clock, in the location's zone, as stored. */
function at(days: number, time: string, location: ClinicLocation, minutes = 30): { start: string; end: string } {
  const date = addDays(dateIn(STORY_NOW(), location.timeZone), days);
  const start = zonedInstant(date, time, location.timeZone);
  return { start: withOffset(start, location.timeZone), end: withOffset(new Date(start.getTime() + minutes * 60_000), location.timeZone) };
}

function slots(): MemorySlot[] {
  const list: MemorySlot[] = [];
  for (let day = 1; day <= 14; day++) {
    for (const [clinician, location] of [
      [ana, harbor],
      [ben, peak],
    ] as const) {
      for (const time of ['09:00', '09:30', '10:00']) {
        for (const type of ['checkup', 'consult']) {
          if ((type === 'consult') !== (time === '10:00')) continue;
          list.push({ id: `story-slot-${clinician.ref.slice(-3)}-${day}-${time.replace(':', '')}`, ...at(day, time, location), clinician, location, visitTypes: [type], status: 'free' });
        }
      }
    }
  }
  return list;
}

/** Visits in every state a patient meets: upcoming booked, a request, times offered, past and cancelled. */
function visits(all: MemorySlot[]): Appointment[] {
  const booked = all.find((s) => s.id === 'story-slot-ana-3-0900')!;
  booked.status = 'busy';
  const checkup = { id: 'checkup', name: 'Checkup' };
  const consult = { id: 'consult', name: 'New problem consult' };
  return [
    { id: 'story-booked', status: 'booked', patient: APPOINTMENT_PATIENT, patientName: 'Ada Lovelace', start: booked.start, end: booked.end, visitType: checkup, clinician: ana, location: harbor, slotId: booked.id, cancelWindowHours: 24, instructions: 'Arrive 15 minutes early. Bring your medicines or a list of them.' },
    { id: 'story-proposed', status: 'proposed', patient: APPOINTMENT_PATIENT, visitType: consult, preferences: { days: ['tue', 'thu'], times: ['morning'] }, note: 'My knee hurts on stairs.', statusReason: 'Would one of these work?', proposals: all.filter((s) => s.id === 'story-slot-ben-4-1000' || s.id === 'story-slot-ana-5-1000').map(({ status: _, ...slot }) => slot) },
    { id: 'story-past', status: 'fulfilled', patient: APPOINTMENT_PATIENT, ...at(-20, '09:00', peak), visitType: checkup, clinician: ben, location: peak },
    { id: 'story-cancelled', status: 'cancelled', patient: APPOINTMENT_PATIENT, ...at(-40, '09:30', harbor), visitType: checkup, clinician: ana, location: harbor, statusReason: 'Rescheduled' },
  ];
}

/** The clinic, with the patient's visits when `withVisits`. */
export function schedulingData(withVisits = true): MemorySchedulingOptions {
  const all = slots();
  return {
    visitTypes: TYPES,
    slots: all,
    appointments: withVisits ? visits(all) : [],
    patientNames: { [APPOINTMENT_PATIENT]: 'Ada Lovelace' },
    now: STORY_NOW,
  };
}

/** A visit tomorrow morning, inside the clinic's 48-hour window: the patient is asked to call. */
export function insideWindowData(): MemorySchedulingOptions {
  const data = schedulingData(false);
  const slot = data.slots!.find((s) => s.id === 'story-slot-ana-1-0900')!;
  slot.status = 'busy';
  data.appointments = [
    { id: 'story-soon', status: 'booked', patient: APPOINTMENT_PATIENT, start: slot.start, end: slot.end, visitType: { id: 'checkup', name: 'Checkup' }, clinician: ana, location: harbor, slotId: slot.id, cancelWindowHours: 48 },
  ];
  return data;
}

/**
 * Visits waiting for an answer: one whose time is set but the clinic has not confirmed
 * (FHIR `pending`), and a request the clinic answered that waits for the patient's.
 */
export function waitingData(): MemorySchedulingOptions {
  const data = schedulingData(false);
  const slot = data.slots!.find((s) => s.id === 'story-slot-ben-6-0900')!;
  slot.status = 'busy';
  data.appointments = [
    { id: 'story-pending', status: 'pending', awaiting: 'others', patient: APPOINTMENT_PATIENT, start: slot.start, end: slot.end, visitType: { id: 'checkup', name: 'Checkup' }, clinician: ben, location: peak, slotId: slot.id, cancelWindowHours: 24 },
    { id: 'story-your-answer', status: 'requested', awaiting: 'patient', patient: APPOINTMENT_PATIENT, visitType: { id: 'consult', name: 'New problem consult' }, location: harbor, note: 'Dr. Lee can see you for your knee. Please call to confirm.', noteBy: 'practitioner' },
  ];
  return data;
}

/** Requests waiting in the clinic's queue, from two patients. */
/**
 * A request that names no visit type (as FHIR's own request example): the clinic chooses
 * one before it can book or offer times.
 */
export function typelessQueueData(): MemorySchedulingOptions {
  const data = queueData();
  data.appointments = data.appointments!.map((a) => (a.id === 'story-req-2' ? { ...a, visitType: undefined } : a));
  return data;
}

export function queueData(): MemorySchedulingOptions {
  const data = schedulingData(false);
  data.patientNames = { [APPOINTMENT_PATIENT]: 'Ada Lovelace', 'Patient/story-bo': 'Bo Chen' };
  data.appointments = [
    { id: 'story-req-1', status: 'requested', patient: APPOINTMENT_PATIENT, patientName: 'Ada Lovelace', visitType: { id: 'consult', name: 'New problem consult' }, preferences: { days: ['tue', 'thu'], times: ['morning'] }, note: 'My knee hurts on stairs.', created: '2024-06-14T15:00:00Z' },
    { id: 'story-req-2', status: 'requested', patient: 'Patient/story-bo', patientName: 'Bo Chen', visitType: { id: 'consult', name: 'New problem consult' }, preferences: { days: ['mon'], times: ['afternoon'] }, created: '2024-06-15T09:00:00Z' },
  ];
  return data;
}
