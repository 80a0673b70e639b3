/**
 * A message rewritten while a conversation is on screen. The write protocol keeps what a
 * writer last saw: a send whose answer was lost, edited and sent again (`replaces` naming the
 * first attempt), rewrites the message the first attempt stored. Anyone who already has that
 * message on screen (the care team, the writer's other tab) must then see what is stored, not
 * the words the writer took back:
 * - over FHIR against the local server, the thread's poll (which asks only for what changed)
 *   shows the rewritten text in place, once, and says politely that a message was edited;
 * - over the memory port, its push does the same.
 * Expectations are counted from what the test wrote and from the server's own records
 * (read with `fetch`, no-store), not through the port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirMessagingPort } from '../../src/adapters/fhir/messaging-port.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { ActingAs } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { applyLocale } from '../../src/core/localization.js';
import { fhirEndpoints, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop, serverJson } from './message-helpers.js';
import { CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, messagingData } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

interface Communication {
  resourceType: 'Communication';
  id: string;
  status: string;
  payload?: { contentString?: string }[];
  [key: string]: unknown;
}

const CLINICIAN = { ref: 'Practitioner/edited-test-clinician', name: 'Dr. Ana Lopez' };
const NOW = () => new Date('2026-11-25T12:00:00Z');
const FIRST = 'Is my potassium high?';
const EDITED = 'Is my potassium of 5.9 too high? I take lisinopril.';

let fhirUrl: string;
const { read, newPatient, conversation } = serverJson(() => fhirUrl, 'Edited');

const textOf = (resource: Communication) => (resource.payload ?? []).map((p) => p.contentString ?? '').join('');
const bodies = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
const announced = (el: Element) => el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!.textContent!.trim();

describe('a message rewritten while it is on screen', function () {
  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
  });
  afterEach(() => applyLocale('en'));

  /** A two-party conversation (the patient and one clinician), written straight to the server. */
  async function twoParty() {
    const patient = await newPatient();
    const header = await conversation<Communication>(patient, CLINICIAN);
    const patientSide = new FhirMessagingPort(new FhirClient({ baseUrl: fhirUrl }));
    const as: ActingAs = { user: { ref: patient, name: 'Pat Example' }, role: 'patient' };
    const clinician: ActingAs = { user: CLINICIAN, role: 'clinician' };
    return { patient, header, patientSide, as, clinician };
  }

  it("FHIR: the care team's thread shows the words the patient last sent, in place, and says a message was edited", async () => {
    const { patient, header, patientSide, as, clinician } = await twoParty();
    const firstKey = newIdempotencyKey();
    const first = await patientSide.sendMessage(header.id, { body: FIRST, attachments: [] }, { idempotencyKey: firstKey, as });
    // read by the care team before its screen opens: the screen writes no read receipt that
    // could race the patient's retry below (a rewrite with If-Match each)
    await patientSide.markRead(header.id, [first.id], { idempotencyKey: newIdempotencyKey(), as: clinician });

    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${header.id}
        .adapter=${{ messaging: new FhirMessagingPort(new FhirClient({ baseUrl: fhirUrl }), { pollIntervalMs: 100 }) }}
        .session=${{ patient, user: CLINICIAN, role: 'clinician', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => bodies(el).includes(FIRST), 'the first words');

    // the patient's first send had lost its answer: edited and sent again, it rewrites the message
    const edited = await patientSide.sendMessage(header.id, { body: EDITED, attachments: [] }, { idempotencyKey: newIdempotencyKey(), replaces: [firstKey], as });
    expect(edited.id, 'the same message, rewritten').to.equal(first.id);
    expect(textOf(await read<Communication>(`Communication/${first.id}`)), 'what the server stores').to.equal(EDITED);

    await waitFor(() => bodies(el).includes(EDITED), "the stored words on the care team's screen");
    expect(bodies(el), 'in place, once, the old words gone').to.deep.equal([EDITED]);
    await waitFor(() => announced(el).includes('A message in this conversation was edited.'), 'the announcement');
    el.remove();
  });

  it('FHIR, two-party: the rewrite is stored as not yet received, so the patient is not told the new words were read', async () => {
    const { header, patientSide, as, clinician } = await twoParty();
    const firstKey = newIdempotencyKey();
    const first = await patientSide.sendMessage(header.id, { body: FIRST, attachments: [] }, { idempotencyKey: firstKey, as });
    await patientSide.markRead(header.id, [first.id], { idempotencyKey: newIdempotencyKey(), as: clinician });
    const receipt = await read<Communication>(`Communication/${first.id}`);
    expect([receipt.status, 'received' in receipt], 'the first words were read').to.deep.equal(['completed', true]);
    await patientSide.sendMessage(header.id, { body: EDITED, attachments: [] }, { idempotencyKey: newIdempotencyKey(), replaces: [firstKey], as });
    const stored = await read<Communication>(`Communication/${first.id}`);
    expect([textOf(stored), stored.status, 'received' in stored]).to.deep.equal([EDITED, 'in-progress', false]);
    const seen = (await patientSide.listMessages(header.id, {}, { as })).items.find((m) => m.id === first.id)!;
    expect(seen.delivery, "the patient's screen does not say read").to.equal('delivered');
  });

  it("memory port: the writer's other view shows the edited words in place (English and Spanish announcement)", async () => {
    for (const [locale, words] of [
      ['en-US', 'A message in this conversation was edited.'],
      ['es', 'Se editó un mensaje de esta conversación.'],
    ] as const) {
      const seed = messagingData();
      const adapter = createMemoryAdapter({ messaging: { ...seed, now: NOW } }) as MemoryAdapter;
      const seeded = seed.messages.filter((m) => m.threadId === 'story-labs').map((m) => m.body.replace(/<[^>]+>/g, '').trim());
      const el = await mount<EngageMessageThread>(
        html`<engage-message-thread
          thread-id="story-labs"
          .adapter=${adapter}
          .session=${{ patient: MESSAGE_PATIENT, user: CLINICIAN_USER.user, role: CLINICIAN_USER.role, now: NOW, locale }}
        ></engage-message-thread>`,
      );
      await waitFor(() => bodies(el).length === seeded.length, 'the seeded messages');
      // the element's strings in its language are loaded (an announcement uses what is loaded)
      await waitFor(() => el.shadowRoot!.textContent!.includes(locale === 'es' ? 'Con:' : 'With:'), `the ${locale} strings`);
      const key = newIdempotencyKey();
      const first = await adapter.messaging.sendMessage('story-labs', { body: FIRST, attachments: [] }, { idempotencyKey: key, as: PATIENT_USER });
      await waitFor(() => bodies(el).includes(FIRST), 'the new message pushed');
      const edited = await adapter.messaging.sendMessage('story-labs', { body: EDITED, attachments: [] }, { idempotencyKey: newIdempotencyKey(), replaces: [key], as: PATIENT_USER });
      expect(edited.id).to.equal(first.id);
      await waitFor(() => bodies(el).includes(EDITED), `the edited words (${locale})`);
      expect(bodies(el).length, 'in place: no message added').to.equal(seeded.length + 1);
      expect(bodies(el)).to.not.include(FIRST);
      await waitFor(() => announced(el).includes(words), `the announcement (${locale})`);
      el.remove();
    }
  });
});
