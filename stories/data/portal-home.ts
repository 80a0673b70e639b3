/**
 * Story data for <engage-portal-home>: Grace's portal (the patient of the care-reminder
 * stories), with something waiting on every card on the stories' fixed date (2024-06-15):
 * a reply from her doctor she has not read, a refill request the clinic is working on, a
 * checkup booked, a handout she has not opened, and the vaccines and screenings the shipped
 * rules find due. Her reminders and vaccine record are the care-reminder stories' own; the
 * refills and visits are those stories' samples, made hers. All through the memory adapter.
 */
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { AssignedMaterial, EngageAdapter, Message, Participant, Thread } from '../../src/adapters/ports.js';
import { STORY_NOW } from '../decorators.js';
import { schedulingData } from './appointments.js';
import { directory, drLee } from './messages.js';
import { refillData, REFILL_PATIENT, sampleRequests } from './refills.js';
import { REMINDER_PATIENT, reminderAdapter, type ReminderStoryOptions } from './reminders.js';

export const HOME_PATIENT = REMINDER_PATIENT;
const grace: Participant = { ref: HOME_PATIENT, kind: 'patient', name: 'Grace Hopper' };
const at = (day: number, hour: number) => new Date(2024, 5, day, hour).toISOString();

/** One conversation: Grace asked, Dr. Lee answered, and Grace has not read the answer yet. */
function messaging() {
  const thread: Thread = {
    id: 'home-bp',
    subject: 'My blood pressure readings',
    status: 'open',
    patient: HOME_PATIENT,
    participants: [grace, drLee],
    created: at(13, 9),
    lastActivity: at(14, 16),
    unreadCount: 0,
  };
  const message = (id: string, sender: Participant, sent: string, body: string, read: boolean): Message => ({
    id,
    threadId: thread.id,
    sender,
    sent,
    body,
    attachments: [],
    delivery: read ? 'read' : 'delivered',
    readByMe: read,
  });
  return {
    directory,
    threads: [thread],
    messages: [
      message('home-bp-1', grace, at(13, 9), 'My readings this week were around 150 over 95. Should I worry?', true),
      message('home-bp-2', drLee, at(14, 16), 'Thank you for sending them. Please keep taking your medicine and come in next week so we can check.', false),
    ],
    now: STORY_NOW,
  };
}

/** Two handouts from the care team, one not opened yet. */
function materials(): AssignedMaterial[] {
  return [
    { id: 'home-walk', patient: HOME_PATIENT, title: 'Walking plan', url: 'https://example.org/demo/walking', reason: 'For your blood pressure', assignedBy: 'Dr. Ana Lee', assigned: at(14, 16) },
    { id: 'home-salt', patient: HOME_PATIENT, title: 'Less salt, step by step', url: 'https://example.org/demo/salt', assignedBy: 'Dr. Ana Lee', assigned: at(1, 10), readAt: at(2, 8) },
  ];
}

/** Options of {@link portalHomeAdapter}. */
export interface PortalHomeStoryOptions extends Pick<ReminderStoryOptions, 'loading' | 'notInRegistry'> {
  /** The adapter has no scheduling and no education port: those cards say "not offered here". */
  withoutVisitsAndReading?: boolean;
}

/** A fresh memory adapter with Grace's portal. */
export function portalHomeAdapter(options: PortalHomeStoryOptions = {}): EngageAdapter {
  const { reminders, immunizations } = reminderAdapter(options);
  const refills = refillData();
  const scheduling = schedulingData();
  const base = createMemoryAdapter({
    ...(options.loading ? { latencyMs: Infinity } : {}),
    messaging: messaging(),
    refills: {
      ...refills,
      prescriptions: { [HOME_PATIENT]: refills.prescriptions![REFILL_PATIENT]! },
      requests: sampleRequests().map((request) => ({ ...request, patient: HOME_PATIENT })),
    },
    scheduling: { ...scheduling, appointments: scheduling.appointments!.map((visit) => ({ ...visit, patient: HOME_PATIENT, patientName: grace.name })) },
    education: { materials: materials(), now: STORY_NOW },
  });
  const adapter: EngageAdapter = { ...base, reminders, immunizations };
  if (options.withoutVisitsAndReading) {
    delete adapter.scheduling;
    delete adapter.education;
  }
  return adapter;
}
