/**
 * The one page every host app shows: Carla Echevarría (a Synthea patient, see
 * test/hosts/README.md) signed in as herself, with one conversation with her doctor,
 * served by the package's in-memory adapter. Shared so the three apps differ only in
 * how their framework hands it to the elements.
 */
import { createMemoryAdapter, type MemoryAdapter } from 'ehr-engage/adapters/memory';
import type { Message, Participant, PatientDemographics, Thread } from 'ehr-engage';
import seed from './seed.json';

const patient = seed.patient as PatientDemographics;
const carla: Participant = { ref: patient.ref, kind: 'patient', name: 'Carla Echevarría' };
const clinician = seed.clinician as Participant;

/** What the provider needs to know about the session. */
export const session = {
  patient: patient.ref,
  user: patient.ref,
  userName: carla.name,
  threadId: seed.thread.id,
} as const;

/** A fresh in-memory adapter holding the seed. */
export function hostAdapter(): MemoryAdapter {
  const thread: Thread = {
    id: seed.thread.id,
    subject: seed.thread.subject,
    status: 'open',
    patient: patient.ref,
    participants: [carla, clinician],
    created: seed.thread.created,
    lastActivity: seed.thread.created,
    unreadCount: 0,
  };
  const messages: Message[] = seed.messages.map((m) => ({
    id: m.id,
    threadId: thread.id,
    sender: m.from === 'patient' ? carla : clinician,
    sent: m.sent,
    body: m.body,
    attachments: [],
    delivery: 'delivered',
    readByMe: m.from === 'patient',
  }));
  return createMemoryAdapter({
    patients: [patient],
    messaging: { directory: { careTeam: [clinician], pools: [], categories: [] }, threads: [thread], messages },
  });
}
