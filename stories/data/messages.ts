/**
 * Messaging data for stories and element tests: a small practice (care team, team
 * inboxes), a patient's conversations with rich text and attachments, and generators for
 * long inboxes and long conversations. Times are around the stories' fixed clock.
 */
import type { ActingAs, EngageAdapter, Message, MessagingDirectory, Participant, Thread } from '../../src/adapters/ports.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { Simulation } from '../../src/adapters/memory/simulate.js';
import { DEFAULT_CATEGORIES } from '../../src/adapters/fhir/mapping/messaging.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { whenShown } from './story-wait.js';

export const MESSAGE_PATIENT = 'Patient/story-maria';

export const maria: Participant = { ref: MESSAGE_PATIENT, kind: 'patient', name: 'María García' };
export const drLee: Participant = { ref: 'Practitioner/story-lee', kind: 'practitioner', name: 'Dr. Ana Lee', role: 'Primary care physician' };
export const nurseKim: Participant = { ref: 'Practitioner/story-kim', kind: 'practitioner', name: 'Sam Kim, RN', role: 'Nurse' };
export const rosa: Participant = { ref: 'RelatedPerson/story-rosa', kind: 'related-person', name: 'Rosa García' };

export const PATIENT_USER: ActingAs = { user: { ref: maria.ref, name: maria.name }, role: 'patient' };
export const CLINICIAN_USER: ActingAs = { user: { ref: drLee.ref, name: drLee.name }, role: 'clinician' };
export const CAREGIVER_USER: ActingAs = { user: { ref: rosa.ref, name: rosa.name }, role: 'caregiver' };

export const directory: MessagingDirectory = {
  careTeam: [drLee, nurseKim],
  pools: [
    { ref: 'HealthcareService/story-nurse-line', name: 'Nurse line', description: 'Symptoms and care questions' },
    { ref: 'HealthcareService/story-rx', name: 'Prescription questions', description: 'Medicines and refills' },
    { ref: 'HealthcareService/story-billing', name: 'Billing', description: 'Bills and insurance' },
  ],
  categories: DEFAULT_CATEGORIES,
};

const at = (day: number, hour: number, minute = 0) => new Date(2024, 5, day, hour, minute).toISOString();

const thread = (id: string, subject: string, participants: Participant[], created: string, extra: Partial<Thread> = {}): Thread => ({
  id,
  subject,
  status: 'open',
  patient: MESSAGE_PATIENT,
  participants,
  created,
  lastActivity: created,
  unreadCount: 0,
  ...extra,
});

let messageSeq = 0;
const message = (threadId: string, sender: Participant, sent: string, body: string, extra: Partial<Message> = {}): Message => ({
  id: `story-msg-${++messageSeq}`,
  threadId,
  sender,
  sent,
  body,
  attachments: [],
  delivery: 'delivered',
  readByMe: false,
  ...extra,
});

/** The PNG signature and a minimal header: enough to be a "file" in stories. */
const tinyPdf = new Blob(['%PDF-1.4\n% story attachment\n'], { type: 'application/pdf' });

export function messagingData(options: { empty?: boolean; threads?: number; longThread?: number } = {}) {
  if (options.empty) return { directory, threads: [], messages: [] };
  const threads: Thread[] = [
    thread('story-labs', 'Question about my lab results', [maria, drLee], at(12, 9), {
      category: DEFAULT_CATEGORIES[2],
    }),
    thread('story-rx', 'Refill timing for my inhaler', [maria, rosa], at(10, 14), {
      category: DEFAULT_CATEGORIES[1],
      pool: directory.pools[1],
      participants: [maria, rosa, { ref: directory.pools[1]!.ref, kind: 'pool', name: directory.pools[1]!.name }],
    }),
    thread('story-closed', 'Billing question from May', [maria, drLee], at(1, 10), { status: 'closed', category: DEFAULT_CATEGORIES[4] }),
  ];
  const messages: Message[] = [
    message('story-labs', maria, at(12, 9), '<p>Hello Dr. Lee,</p><p>Is my <b>cholesterol</b> number something to worry about?</p>', {
      delivery: 'read',
    }),
    message(
      'story-labs',
      drLee,
      at(13, 16, 30),
      '<p>Hi María, your results are close to normal. Things that help:</p><ul><li>walk 30 minutes a day</li><li>eat more <i>vegetables and beans</i></li></ul><p>More at <a href="https://medlineplus.gov/cholesterol.html">MedlinePlus</a>.</p>',
    ),
    message('story-labs', drLee, at(14, 8, 5), 'I attached a diet sheet and the lab report.', {
      attachments: [
        { id: '0', title: 'diet-sheet.pdf', contentType: 'application/pdf', size: tinyPdf.size, url: 'memory:story/diet-sheet' },
        { id: '1', title: 'lab-report-2024-06-12.pdf', contentType: 'application/pdf', size: 182_400, url: 'memory:story/lab-report' },
      ],
    }),
    message('story-rx', rosa, at(10, 14), '<p>My mother will travel next week. Can she refill her inhaler early?</p>', {
      onBehalfOf: maria,
      delivery: 'read',
    }),
    message('story-rx', nurseKim, at(10, 17), 'Yes, I sent an early refill to her pharmacy.', { delivery: 'read' }),
    message('story-closed', maria, at(1, 10), 'Why was I billed twice?', { delivery: 'read' }),
    message('story-closed', drLee, at(2, 11), 'The second bill was cancelled. Sorry about that.', { delivery: 'read' }),
  ];
  for (let i = 0; i < (options.threads ?? 0); i++) {
    const id = `story-old-${i}`;
    const when = new Date(2024, 4, 28 - (i % 28), 9 + (i % 8)).toISOString();
    threads.push(thread(id, `Follow-up ${i + 1}: ${['blood pressure', 'sleep', 'knee pain', 'vaccines'][i % 4]}`, [maria, nurseKim], when, {
      status: i % 5 === 0 ? 'closed' : 'open',
    }));
    messages.push(message(id, nurseKim, when, `Checking in about item ${i + 1}. How are you feeling?`, { delivery: 'read' }));
  }
  if (options.longThread) {
    const id = 'story-long';
    threads.unshift(thread(id, 'Diabetes coaching', [maria, nurseKim], at(1, 8)));
    messages.push(...longConversation(id, options.longThread));
  }
  return {
    directory,
    threads,
    messages,
    attachmentData: { 'memory:story/diet-sheet': tinyPdf, 'memory:story/lab-report': tinyPdf },
  };
}

/** A conversation of `count` messages, alternating patient and nurse, all read. */
export function longConversation(threadId: string, count: number, start = new Date(2020, 0, 1).getTime()): Message[] {
  const result: Message[] = [];
  for (let i = 0; i < count; i++) {
    const sender = i % 2 ? nurseKim : maria;
    result.push({
      id: `${threadId}-${i}`,
      threadId,
      sender,
      sent: new Date(start + i * 3_600_000).toISOString(),
      body: i % 3 ? `<p>Glucose log ${i + 1}: <b>${90 + (i % 60)}</b> mg/dL before breakfast.</p>` : `Message ${i + 1}: see you at the next check-in.`,
      attachments: [],
      delivery: 'read',
      readByMe: true,
    });
  }
  return result;
}

/** A fresh memory adapter with the stories' messaging data. */
export function messagingAdapter(
  options: Parameters<typeof messagingData>[0] & { writeFailure?: 'network' | 'server' } = {},
  simulation: Simulation = {},
): MemoryAdapter {
  return createMemoryAdapter({
    ...simulation,
    messaging: { ...messagingData(options), now: () => new Date(2024, 5, 15, 12, 0), writeFailure: options.writeFailure },
  });
}

/** Dr. Lee's reply as it first landed, and as she corrected it. */
export const FIRST_WORDS = 'Please take 2 tablets of the new medicine each morning.';
export const CORRECTED_WORDS = 'Please take 1 tablet of the new medicine each morning.';

/**
 * While María has the lab conversation open, Dr. Lee's reply lands; its answer was lost on the
 * way back to Dr. Lee, who corrects the dose and sends again. That edited retry rewrites the
 * message that landed (the write protocol), so María's open conversation shows the corrected
 * words in place of the first ones, never both, and says a message was edited.
 */
export async function editWhileOpen(element: Element | undefined, adapter: EngageAdapter): Promise<void> {
  const messaging = adapter.messaging;
  if (!element || !messaging) return;
  const shows = (words: string) => whenShown(element, () => element.shadowRoot?.textContent?.includes(words));
  if (!(await shows('I attached a diet sheet'))) return; // the conversation is open
  const key = newIdempotencyKey();
  await messaging.sendMessage('story-labs', { body: FIRST_WORDS, attachments: [] }, { idempotencyKey: key, as: CLINICIAN_USER });
  if (!(await shows(FIRST_WORDS))) return;
  await new Promise((resolve) => setTimeout(resolve, 1500)); // long enough for a viewer to read the first words
  await messaging.sendMessage('story-labs', { body: CORRECTED_WORDS, attachments: [] }, { idempotencyKey: newIdempotencyKey(), replaces: [key], as: CLINICIAN_USER });
  await shows(CORRECTED_WORDS);
}
