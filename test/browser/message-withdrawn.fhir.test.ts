/**
 * A retracted (`entered-in-error`) or never-sent (`not-done`) Communication is not a
 * message: the inbox, the conversation, its pages and the live poll leave it out, it is
 * never unread nor the preview, and no write of message state (a read receipt, closing or
 * reopening) rewrites it; a read receipt never rewrites a stopped, on-hold or unknown one. A conversation whose
 * header is retracted or never sent is not listed and opens as not found.
 *
 * Against the local FHIR server over HTTP. The messages are the FHIR spec's two
 * Communication examples, each put in a test conversation (`partOf`, `subject`: a new
 * patient per test, so its inbox holds only what the test wrote) with only `status`
 * varied; every expectation is counted from the source JSON and what the test wrote.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirMessagingPort } from '../../src/adapters/fhir/messaging-port.js';
import type { ActingAs, Message } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, fixture, shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop, serverJson } from './message-helpers.js';
import { rejection } from './contract/rejection.js';

ignoreResizeObserverLoop();

/** Communication.status (R4 EventStatus, a required binding). */
const STATUSES = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'];
/** The statuses in which a Communication is not a message. */
const WITHDRAWN = ['entered-in-error', 'not-done'];
/** The only statuses a read receipt moves on (to `completed`). */
const RECEIPT_MOVES = ['preparation', 'in-progress'];

interface Communication {
  resourceType: 'Communication';
  id: string;
  status: string;
  sent?: string;
  received?: string;
  recipient?: { reference?: string }[];
  payload?: { contentString?: string }[];
  meta?: { versionId?: string };
  [key: string]: unknown;
}

let fhirUrl: string;
let alert: Communication; // communication-example.json: a Device alert to Practitioner/example, sent 2014
let claim: Communication; // communication-example-fm-attachment.json: two attachments, sent 2016

const { write, read, newPatient } = serverJson(() => fhirUrl, 'Withdrawn');

/** A conversation header of the patient, in `status`. */
function conversation(patient: string, status = 'in-progress'): Promise<Communication> {
  return write<Communication>('POST', 'Communication', {
    resourceType: 'Communication',
    status,
    subject: { reference: patient },
    topic: { text: 'Potassium alert' },
    recipient: [{ reference: patient }, { reference: alert.recipient![0]!.reference }],
    sent: '2014-12-12T17:00:00-08:00',
  });
}

/** A spec example as a message of `header`, in `status` (the id is the server's). */
function post(example: Communication, status: string, header: Communication, patient: string): Promise<Communication> {
  const copy: Record<string, unknown> = structuredClone(example);
  delete copy.id;
  return write<Communication>('POST', 'Communication', {
    ...copy,
    partOf: [{ reference: `Communication/${header.id}` }],
    subject: { reference: patient },
    status,
  });
}

const textOf = (resource: Communication) => (resource.payload ?? []).map((p) => p.contentString).filter(Boolean).join('\n\n');
const port = (pollIntervalMs = 5_000, fetcher?: typeof fetch) =>
  new FhirMessagingPort(new FhirClient({ baseUrl: fhirUrl, ...(fetcher ? { fetch: fetcher } : {}) }), { pollIntervalMs });

/** A fetch to a server that ignores the `status` search parameter (it is taken off every search, in a batch too). */
const ignoringStatus: typeof fetch = (input, init) => {
  const strip = (url: string) => url.replace(/([?&])status=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  let body = init?.body;
  if (typeof body === 'string') {
    const bundle = JSON.parse(body) as { type?: string; entry?: { request?: { url?: string } }[] };
    if (bundle.type === 'batch') {
      for (const entry of bundle.entry ?? []) if (entry.request?.url) entry.request.url = strip(entry.request.url);
      body = JSON.stringify(bundle);
    }
  }
  return fetch(strip(url), { ...init, body });
};
/** The alert's only recipient, reading. */
const reader = (): ActingAs => ({ user: { ref: alert.recipient![0]!.reference!, name: 'Dr. Example' }, role: 'clinician' });

describe('retracted and never-sent Communications over FHIR (local server)', function () {
  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
    alert = await fixture<Communication>('fhir-r4/spec-examples/communication-example.json');
    claim = await fixture<Communication>('fhir-r4/spec-examples/communication-example-fm-attachment.json');
    expect(Date.parse(claim.sent!)).to.be.greaterThan(Date.parse(alert.sent!)); // the claim is the newer
  });

  /** The inbox, the conversation, its messages and the live poll of a conversation with retracted and never-sent messages. */
  async function readsLeaveOut(fetcher?: typeof fetch) {
    const patient = await newPatient();
    const header = await conversation(patient);
    const posted: Communication[] = [await post(alert, 'in-progress', header, patient)];
    for (const status of WITHDRAWN) posted.push(await post(alert, status, header, patient), await post(claim, status, header, patient));
    const shown = posted.filter((r) => !WITHDRAWN.includes(r.status));
    expect(shown.length).to.equal(1);
    const messaging = port(100, fetcher);

    const inbox = await messaging.listThreads({ patient, status: 'all' }, { as: reader() });
    expect(inbox.items.map((t) => t.id)).to.deep.equal([header.id]);
    const listed = inbox.items[0]!;
    expect(listed.unreadCount).to.equal(shown.length); // in progress: not yet read
    expect(listed.preview).to.equal(textOf(alert));
    expect(Date.parse(listed.lastActivity)).to.equal(Date.parse(alert.sent!));

    const thread = await messaging.getThread(header.id, { as: reader() });
    expect([thread.messageCount, thread.unreadCount, thread.preview]).to.deep.equal([shown.length, shown.length, textOf(alert)]);

    const page = await messaging.listMessages(header.id, {}, { as: reader() });
    expect(page.items.map((m) => m.id)).to.deep.equal(shown.map((r) => r.id));
    // one page: the total is the messages shown, never the server's count of every Communication
    expect(page.total).to.equal(shown.length);

    // the live poll's first look after `since` delivers every message sent after it
    const controller = new AbortController();
    const delivered: Message[][] = [];
    messaging.subscribe(header.id, (messages) => delivered.push(messages), { signal: controller.signal, as: reader(), since: '2000-01-01T00:00:00Z' });
    try {
      const first = await waitFor(() => delivered[0], 'the first poll');
      expect(first.map((m) => m.id)).to.deep.equal(shown.map((r) => r.id));
    } finally {
      controller.abort();
    }
  }

  it('are not listed, counted as unread or the preview: inbox, conversation, pages and live poll', () => readsLeaveOut());

  it('are left out by the mapping too, when the server ignores the status filter', () => readsLeaveOut(ignoringStatus));

  /** The conversation `threadId` as the clinician reading it sees it. */
  const showThread = (threadId: string, patient: string) =>
    mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${threadId}
        .adapter=${{ messaging: port() }}
        .session=${{ patient, user: reader().user, role: 'clinician', now: () => new Date('2026-11-25T12:00:00Z'), locale: 'en-US' }}
      ></engage-message-thread>`,
    );

  it('<engage-message-thread> shows only the messages of a conversation with retracted and never-sent ones', async () => {
    const patient = await newPatient();
    const header = await conversation(patient);
    const posted: Communication[] = [];
    for (const status of ['in-progress', 'completed', ...WITHDRAWN]) posted.push(await post(alert, status, header, patient));
    const shown = posted.filter((r) => !WITHDRAWN.includes(r.status));
    const el = await showThread(header.id!, patient);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="messages"], [part~="error"]'), 'the conversation');
    expect(el.shadowRoot!.querySelectorAll('[part~="message"]').length).to.equal(shown.length);
  });

  it('marking read completes only an in-progress or preparation message, and rewrites no other status', async () => {
    const patient = await newPatient();
    const header = await conversation(patient);
    // the reader is the alert's only recipient: the two-party scheme would mark it received
    const posted: Communication[] = [];
    for (const status of STATUSES) posted.push(await post(alert, status, header, patient));
    await port().markRead(header.id, posted.map((r) => r.id), { idempotencyKey: newIdempotencyKey(), as: reader() });
    for (const before of posted) {
      const after = await read<Communication>(`Communication/${before.id}`);
      if (RECEIPT_MOVES.includes(before.status)) {
        expect(after.status, before.status).to.equal('completed');
        expect(after.received, before.status).to.be.a('string');
      } else {
        expect([after.status, after.received, after.meta?.versionId], before.status).to.deep.equal([before.status, before.received, before.meta?.versionId]);
      }
    }
  });

  it('a conversation whose header is retracted or never sent is not listed, and cannot be opened, answered, closed or reopened', async () => {
    for (const status of WITHDRAWN) {
      const patient = await newPatient();
      const header = await conversation(patient, status);
      await post(alert, 'in-progress', header, patient);
      const messaging = port();
      const as = reader();
      const inbox = await messaging.listThreads({ patient, status: 'all' }, { as });
      expect(inbox.items.map((t) => t.id), status).to.deep.equal([]);
      expect((await rejection(messaging.getThread(header.id, { as }))).code, status).to.equal('not-found');
      expect((await rejection(messaging.listMessages(header.id, {}, { as }))).code, status).to.equal('not-found');
      const write = { idempotencyKey: newIdempotencyKey(), as };
      expect((await rejection(messaging.sendMessage(header.id, { body: 'Still there?', attachments: [] }, write))).code, status).to.equal('not-found');
      for (const target of ['closed', 'open'] as const) {
        expect((await rejection(messaging.setThreadStatus(header.id, target, { idempotencyKey: newIdempotencyKey(), as }))).code, status).to.equal('not-found');
      }
      const stored = await read<Communication>(`Communication/${header.id}`);
      expect([stored.status, stored.meta?.versionId], status).to.deep.equal([status, header.meta?.versionId]);
      const messages = await read<{ total: number }>(`Communication?part-of=Communication/${header.id}&_summary=count`);
      expect(messages.total, status).to.equal(1);
    }
  });

  it('<engage-message-thread> on a retracted conversation shows the not-found state, not an open thread', async () => {
    const patient = await newPatient();
    const header = await conversation(patient, 'entered-in-error');
    await post(alert, 'in-progress', header, patient);
    const el = await showThread(header.id!, patient);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="messages"], [part~="error"]'), 'the conversation or its error');
    expect(!!el.shadowRoot!.querySelector('[part~="messages"]')).to.equal(false);
    expect(!!el.shadowRoot!.querySelector('textarea')).to.equal(false);
    expect(shadowText(el)).to.contain('This record could not be found.');
  });

  it('a clinician closes or reopens a paused, stopped or unknown conversation on purpose; a stopped one reads as closed', async () => {
    for (const status of ['on-hold', 'stopped', 'unknown']) {
      const patient = await newPatient();
      const header = await conversation(patient, status);
      const [shown] = (await port().listThreads({ patient, status: 'all' }, { as: reader() })).items;
      expect(shown!.status, status).to.equal(status === 'stopped' ? 'closed' : 'open');
      await port().setThreadStatus(header.id, 'closed', { idempotencyKey: newIdempotencyKey(), as: reader() });
      expect((await read<Communication>(`Communication/${header.id}`)).status, `${status} → closed`).to.equal('completed');
      await port().setThreadStatus(header.id, 'open', { idempotencyKey: newIdempotencyKey(), as: reader() });
      expect((await read<Communication>(`Communication/${header.id}`)).status, `${status} → open`).to.equal('in-progress');
    }
  });
});
