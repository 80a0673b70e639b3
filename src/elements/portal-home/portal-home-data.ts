/**
 * What needs the patient's attention, read from the ports the adapter has: unread
 * messages, refill requests still in progress, vaccines due, care reminders due, upcoming
 * visits and education to read. Each part is read on its own, so a missing port or a
 * failed read leaves only that card without a number.
 */
import type { AppointmentStatus, EngageAdapter, ImmunizationForecast, RecordRef, RefillRequestStatus, ReminderStatus } from '../../adapters/ports.js';
import type { ActingAs } from '../../adapters/ports.js';
import { patientForecast } from '../../immunization-forecast/patient-forecast.js';

/** One count, or why there is none. */
export type Count = { state: 'count'; value: number } | { state: 'unavailable' } | { state: 'failed' };

/** The home page's numbers. */
export interface Attention {
  unreadMessages: Count;
  refillsInProgress: Count;
  vaccinesDue: Count;
  /**
   * Vaccine groups the forecast cannot decide (`unknown`: a dose on record it cannot read), or
   * 1 when no forecast can be made at all (a record the registry did not match, no birth
   * date): with none due, the card asks for a check of the record instead of "no vaccines due".
   */
  vaccinesToCheck: number;
  /** Preventive and follow-up care due now or overdue. */
  remindersDue: Count;
  /** Booked visits that have not started yet. */
  upcomingVisits: Count;
  /** Materials the care team assigned that are still unread. */
  educationToRead: Count;
}

const DUE: ReminderStatus[] = ['due-now', 'overdue'];
// a pending visit has its time, not yet everyone's confirmation: the appointments page lists it as coming up too
const UPCOMING: AppointmentStatus[] = ['booked', 'pending'];

const IN_PROGRESS: RefillRequestStatus[] = ['requested', 'in-review'];

async function countOf(read: (() => Promise<number>) | undefined): Promise<Count> {
  if (!read) return { state: 'unavailable' };
  try {
    return { state: 'count', value: await read() };
  } catch (error) {
    if ((error as { code?: string })?.code === 'aborted') throw error;
    return { state: 'failed' };
  }
}

/** Vaccine groups due now or overdue in a forecast. */
export function dueCount(forecast: ImmunizationForecast): number {
  return forecast.groups.filter((group) => group.status === 'due-now' || group.status === 'overdue').length;
}

/** Reads the numbers in parallel. */
export async function readAttention(
  adapter: EngageAdapter,
  patient: RecordRef,
  options: { as?: ActingAs; today: string; madeAt: string; signal: AbortSignal },
): Promise<Attention> {
  const { messaging, refills, immunizations, reminders, scheduling, education } = adapter;
  const { signal } = options;
  const now = Date.parse(options.madeAt);
  let vaccinesToCheck = 0;
  const [unreadMessages, refillsInProgress, vaccinesDue, remindersDue, upcomingVisits, educationToRead] = await Promise.all([
    countOf(
      messaging &&
        (async () => {
          const page = await messaging.listThreads({ patient, status: 'open', pageSize: 50 }, { signal: options.signal, as: options.as });
          return page.items.reduce((sum, thread) => sum + thread.unreadCount, 0);
        }),
    ),
    countOf(
      refills &&
        (async () => {
          const page = await refills.listRequests({ patient, status: IN_PROGRESS, pageSize: 50 }, { signal: options.signal });
          return page.items.filter((request) => IN_PROGRESS.includes(request.status)).length;
        }),
    ),
    countOf(
      immunizations &&
        (async () => {
          const forecast = await patientForecast(immunizations, patient, options.today, options.madeAt, options.signal);
          if (typeof forecast === 'string') {
            // nothing can be told due (a record the registry did not match, no birth date): the record needs a check
            vaccinesToCheck = 1;
            return 0;
          }
          vaccinesToCheck = forecast.groups.filter((group) => group.status === 'unknown').length;
          return dueCount(forecast);
        }),
    ),
    countOf(
      reminders &&
        (async () => {
          const list = await reminders.getReminders(patient, options.today, { signal });
          return list.reminders.filter((reminder) => DUE.includes(reminder.status)).length;
        }),
    ),
    countOf(
      scheduling &&
        (async () => {
          const appointments = await scheduling.listAppointments(patient, { signal });
          // a visit without a time yet is not "upcoming"; one that started is not either
          return appointments.filter((visit) => UPCOMING.includes(visit.status) && visit.start && Date.parse(visit.start) >= now).length;
        }),
    ),
    countOf(
      education &&
        (async () => {
          const materials = await education.listAssigned(patient, { signal });
          return materials.filter((material) => !material.readAt).length;
        }),
    ),
  ]);
  return { unreadMessages, refillsInProgress, vaccinesDue, vaccinesToCheck, remindersDue, upcomingVisits, educationToRead };
}
