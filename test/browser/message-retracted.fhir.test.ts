/**
 * A message the record retracts (`entered-in-error`) after it was sent, over FHIR against
 * the local server:
 * - a send retried with the same key (or edited, naming that key in `replaces`) after the
 *   message it stored was retracted is refused as `withdrawn`: it never answers with the
 *   retracted message as if sent, and never rewrites or re-creates it on its own; the same
 *   holds for a new conversation whose first message or header was retracted;
 * - `<engage-message-thread>` keeps the typed text, says the message was not sent, and a
 *   second Retry (the user's deliberate choice) stores it as a new message;
 * - a message retracted while the conversation is on screen leaves it at the next poll,
 *   announced politely, and the poll still asks only for what changed (issue #20).
 *
 * Each test works on a new patient, so what the server holds for them is only what the
 * test wrote; every expectation is counted from what the test wrote and from the
 * server's own records, read with `fetch` (no-store), not through the port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirMessagingPort } from '../../src/adapters/fhir/messaging-port.js';
import type { ActingAs, MessageDraft } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, setFault, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop, serverJson } from './message-helpers.js';
import { rejection } from './contract/rejection.js';

ignoreResizeObserverLoop();

interface Communication {
  resourceType: 'Communication';
  id: string;
  status: string;
  partOf?: { reference?: string }[];
  payload?: { contentString?: string }[];
  meta?: { versionId?: string; lastUpdated?: string };
  [key: string]: unknown;
}

interface Bundle {
  entry?: { resource: Communication }[];
}

const CLINICIAN = { ref: 'Practitioner/retracted-test-clinician', name: 'Dr. Ana Lopez' };
const NOW = () => new Date('2026-11-25T12:00:00Z');
/** The proxy applies the next message write, then drops its answer (the write landed, the answer was lost). */
const LOSE_THE_MESSAGE_ANSWER = { kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: '"partOf"', count: 1 };

let fhirUrl: string;
let proxyUrl: string;

const { write, read, newPatient, conversation: conversationOf } = serverJson(() => fhirUrl, 'Retracted');

/** A conversation header between the patient and the clinician, written straight to the server. */
const conversation = (patient: string) => conversationOf<Communication>(patient, CLINICIAN);

/** A message of the conversation, written straight to the server. */
function post(header: Communication, patient: string, from: string, text: string, sent: string): Promise<Communication> {
  return write<Communication>('POST', 'Communication', {
    resourceType: 'Communication',
    status: 'in-progress',
    partOf: [{ reference: `Communication/${header.id}` }],
    subject: { reference: patient },
    sender: { reference: from },
    recipient: [{ reference: from === patient ? CLINICIAN.ref : patient }],
    sent,
    payload: [{ contentString: text }],
  });
}

/** The care team retracts a Communication: its status becomes `entered-in-error`, nothing else changes. */
async function retract(id: string): Promise<Communication> {
  const stored = await read<Communication>(`Communication/${id}`);
  return write<Communication>('PUT', `Communication/${id}`, { ...stored, status: 'entered-in-error' });
}

/** Every Communication the server holds in a conversation (retracted ones too). */
async function storedIn(threadId: string): Promise<Communication[]> {
  const bundle = await read<Bundle>(`Communication?part-of=Communication/${threadId}&_count=100`);
  return (bundle.entry ?? []).map((e) => e.resource);
}

const textOf = (resource: Communication) => (resource.payload ?? []).map((p) => p.contentString ?? '').join('');
const patientActor = (patient: string): ActingAs => ({ user: { ref: patient, name: 'Pat Example' }, role: 'patient' });
const port = (fetcher?: typeof fetch, pollIntervalMs = 5_000) =>
  new FhirMessagingPort(new FhirClient({ baseUrl: fhirUrl, ...(fetcher ? { fetch: fetcher } : {}) }), { pollIntervalMs });

describe('a message retracted after it was sent (FHIR, local server)', function () {
  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  });
  afterEach(() => setFault(undefined));

  it('a retry with the same key is refused as withdrawn: not "sent", nothing stored again, the retraction kept', async () => {
    const patient = await newPatient();
    const header = await conversation(patient);
    const messaging = port();
    const as = patientActor(patient);
    const key = newIdempotencyKey();
    const draft: MessageDraft = { body: 'Is my potassium too high?', attachments: [] };
    const first = await messaging.sendMessage(header.id, draft, { idempotencyKey: key, as });
    const retracted = await retract(first.id);

    const error = await rejection(messaging.sendMessage(header.id, draft, { idempotencyKey: key, as }));
    expect(error.code).to.equal('withdrawn');
    expect(error.retryable).to.equal(false);
    const stored = await storedIn(header.id);
    expect(stored.map((r) => [r.id, r.status, r.meta?.versionId, textOf(r)])).to.deep.equal([
      [first.id, 'entered-in-error', retracted.meta?.versionId, draft.body],
    ]);
    expect((await messaging.listMessages(header.id, {}, { as })).items).to.deep.equal([]);
  });

  it('an edited retry naming the retracted attempt is refused as withdrawn and rewrites nothing', async () => {
    const patient = await newPatient();
    const header = await conversation(patient);
    const messaging = port();
    const as = patientActor(patient);
    const key = newIdempotencyKey();
    const first = await messaging.sendMessage(header.id, { body: 'Is my potassium high?', attachments: [] }, { idempotencyKey: key, as });
    const retracted = await retract(first.id);

    const edited = { body: 'Is my potassium of 5.9 too high?', attachments: [] };
    const error = await rejection(messaging.sendMessage(header.id, edited, { idempotencyKey: newIdempotencyKey(), replaces: [key], as }));
    expect(error.code).to.equal('withdrawn');
    const stored = await storedIn(header.id);
    expect(stored.map((r) => [r.id, r.status, r.meta?.versionId, textOf(r)])).to.deep.equal([
      [first.id, 'entered-in-error', retracted.meta?.versionId, 'Is my potassium high?'],
    ]);
  });

  it('a new conversation retried after its first message or its header was retracted is refused as withdrawn', async () => {
    for (const what of ['first message', 'header'] as const) {
      const patient = await newPatient();
      const messaging = port();
      const as = patientActor(patient);
      const key = newIdempotencyKey();
      const draft = {
        subject: 'Rash',
        recipient: { ref: CLINICIAN.ref, kind: 'practitioner' as const, name: CLINICIAN.name },
        message: { body: 'My rash is spreading', attachments: [] },
      };
      const started = await messaging.startThread(patient, draft, { idempotencyKey: key, as });
      const retracted = await retract(what === 'header' ? started.thread.id : started.message.id);

      const error = await rejection(messaging.startThread(patient, draft, { idempotencyKey: key, as }));
      expect(error.code, what).to.equal('withdrawn');
      // the server holds what the first attempt wrote, the retraction untouched: one header, one message
      const all = await read<Bundle>(`Communication?subject=${patient}&_count=100`);
      const records = (all.entry ?? []).map((e) => e.resource);
      expect(records.length, what).to.equal(2);
      const kept = records.find((r) => r.id === retracted.id)!;
      expect([kept.status, kept.meta?.versionId], what).to.deep.equal(['entered-in-error', retracted.meta?.versionId]);
    }
  });

  it('<engage-message-thread>: a retry after the lost send was retracted says "Not sent", keeps the text, and a second Retry stores it anew', async () => {
    const patient = await newPatient();
    const header = await conversation(patient);
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${header.id}
        .adapter=${{ messaging: new FhirMessagingPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 })) }}
        .session=${{ patient, user: patientActor(patient).user, role: 'patient', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('textarea'), 'the thread');
    const text = 'Can I take ibuprofen?';
    el.value = text;
    await setFault(LOSE_THE_MESSAGE_ANSWER);
    await el.send();
    await waitFor(() => el.shadowRoot!.querySelector('.message--failed'), 'the lost answer');
    await setFault(undefined);
    const [landed] = await storedIn(header.id);
    expect(textOf(landed!)).to.equal(`<p>${text}</p>`);
    await retract(landed!.id);

    const retry = () => (el.shadowRoot!.querySelector('.message--failed .failed button') as HTMLButtonElement).click();
    retry();
    const alert = await waitFor(
      () => el.shadowRoot!.querySelector('.message--failed .failed')?.textContent?.includes('removed an earlier copy of this message') && el.shadowRoot!.querySelector('.message--failed .failed'),
      'the withdrawn error',
    );
    expect(alert.textContent).to.contain('Not sent.');
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal(text);
    expect((await storedIn(header.id)).map((r) => r.status)).to.deep.equal(['entered-in-error']);
    let sentEvents = 0;
    el.addEventListener('engage-message-sent', () => sentEvents++);

    retry();
    await waitFor(() => !el.shadowRoot!.querySelector('.message--failed') && el.shadowRoot!.querySelector('textarea')!.value === '', 'the sent state');
    expect(sentEvents).to.equal(1);
    const stored = await storedIn(header.id);
    expect(stored.map((r) => [r.status, textOf(r)]).sort()).to.deep.equal([
      ['entered-in-error', `<p>${text}</p>`],
      ['in-progress', `<p>${text}</p>`],
    ]);
    const shown = [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent?.trim());
    expect(shown).to.deep.equal([text]);
  });

  it('<engage-message-thread>: a message retracted while on screen leaves it at the next poll, announced; the poll asks only for changes', async () => {
    const patient = await newPatient();
    const header = await conversation(patient);
    const kept = await post(header, patient, CLINICIAN.ref, 'Your potassium is normal.', '2026-11-21T09:00:00Z');
    const wrong = await post(header, patient, CLINICIAN.ref, 'Please ignore: this was meant for another patient.', '2026-11-21T10:00:00Z');
    const requests: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requests.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url)} ${typeof init?.body === 'string' ? decodeURIComponent(init.body) : ''}`);
      return fetch(input, init);
    };
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${header.id}
        .adapter=${{ messaging: port(recording, 100) }}
        .session=${{ patient, user: patientActor(patient).user, role: 'patient', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    const bodies = () => [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent?.trim());
    await waitFor(() => bodies().length === 2, 'both messages');
    // (a read receipt the element writes meanwhile carries If-Match: it never undoes the retraction)
    const opened = requests.length;

    await retract(wrong.id);
    await waitFor(() => bodies().length === 1, 'the retracted message to leave');
    expect(bodies()).to.deep.equal([textOf(kept)]);
    const status = el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!;
    await waitFor(() => status.textContent?.includes('removed from this conversation'), 'the announcement');

    // issue #20: after the open, the conversation is never read whole again; each look asks for changes only
    const later = requests.slice(opened).filter((r) => r.includes(`part-of=Communication/${header.id}`));
    expect(later.length).to.be.greaterThan(0);
    for (const request of later) expect(request).to.contain('_lastUpdated=ge');
  });
});
