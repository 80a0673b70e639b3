/**
 * The messaging elements over the FHIR adapter, against the local FHIR server over HTTP,
 * through the fault-injecting proxy: round trips, seeded demo conversations, and a send
 * during an outage that is retried after recovery without a second message on the server.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageInbox } from '../../src/elements/message-inbox/message-inbox.component.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, setFault, shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();

const CARLA = 'Patient/d8e20eac-1721-4a71-ba98-c23d32e75105';
const KERMIT = 'Patient/1f456f0a-acb1-4728-82af-01ca57083c7b';
const NOW = () => new Date('2026-11-25T12:00:00Z');

/** Requests the proxy has forwarded or faulted so far. */
async function proxyRequests(proxyUrl: string): Promise<number> {
  const response = await fetch(`${new URL(proxyUrl).origin}/__fault`);
  return ((await response.json()) as { requests: number }).requests;
}

interface Bundle {
  total?: number;
  entry?: { resource: { payload?: { contentString?: string }[]; identifier?: { value: string }[] } }[];
}

describe('messaging over FHIR (local server, fault proxy)', function () {
  let fhirUrl: string;
  let proxyUrl: string;

  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  });

  afterEach(() => setFault(undefined));

  it('lists the seeded conversations in one search (plus the patient read), with plain-text previews', async () => {
    const adapter = createFhirAdapter({ baseUrl: proxyUrl });
    const before = await proxyRequests(proxyUrl);
    const el = await mount<EngageMessageInbox>(
      html`<engage-message-inbox status="all" .adapter=${adapter} .session=${{ patient: CARLA, role: 'patient', now: NOW, locale: 'en-US' }}></engage-message-inbox>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('[part~="list"]'), 'the list');
    // one search for the list, and one Patient read: a patient marked deceased may not write (issue #19 item 9)
    expect(await proxyRequests(proxyUrl)).to.equal(before + 2);
    const subjects = [...el.shadowRoot!.querySelectorAll('.thread-link .subject')].map((s) => s.textContent);
    expect(subjects).to.include.members(['Question about my lab results', 'Refill timing']);
    expect(shadowText(el)).to.contain('I attached a short diet sheet. Let us check again in 3 months.');
  });

  it('shows a seeded conversation with rich text, a reply link and an inline attachment', async () => {
    const adapter = createFhirAdapter({ baseUrl: proxyUrl });
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id="demo-thread-lab-results"
        .adapter=${adapter}
        .session=${{ patient: CARLA, user: { ref: 'Practitioner/0e99785d-8f2a-45c7-848c-d6b31d1aa50e', name: 'Dr. June Kassulke' }, role: 'clinician', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => el.shadowRoot!.querySelectorAll('[part~="message"]').length >= 3, 'messages');
    const text = shadowText(el);
    expect(text).to.contain('Carla Echevarría');
    expect(text).to.contain('In reply to Carla Echevarría');
    expect(text).to.contain('diet-sheet.txt');
    expect(el.shadowRoot!.querySelector('.body a')!.getAttribute('rel')).to.equal('noopener noreferrer');
  });

  it('a send during an outage fails visibly with the text kept; the retry after recovery stores exactly one message', async () => {
    // a fresh conversation for this test, written straight to the server
    const direct = createFhirAdapter({ baseUrl: fhirUrl });
    const directory = await direct.messaging!.getDirectory(KERMIT);
    const { thread } = await direct.messaging!.startThread(
      KERMIT,
      { subject: 'Outage test', recipient: directory.pools[0]!, message: { body: 'First', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: { user: { ref: KERMIT, name: 'Kermit' }, role: 'patient' } },
    );
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${thread.id}
        .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 1 })}
        .session=${{ patient: KERMIT, user: { ref: KERMIT, name: 'Kermit' }, role: 'patient', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('textarea'), 'the thread');
    const unique = `During the outage ${newIdempotencyKey()}`;
    el.value = unique;
    await setFault({ kind: 'outage' });
    await el.send();
    const failed = await waitFor(() => el.shadowRoot!.querySelector('.message--failed'), 'the failed state');
    expect(failed.textContent).to.contain('Not sent.');
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal(unique);

    await setFault(undefined);
    (failed.querySelector('button') as HTMLButtonElement).click();
    await waitFor(() => !el.shadowRoot!.querySelector('.message--failed, .message--mine .delivery:empty') && shadowText(el).includes(unique) && el.shadowRoot!.querySelector('textarea')!.value === '', 'the sent message');
    await el.send(); // a second press after success sends nothing: the box is empty
    const response = await fetch(`${fhirUrl}/Communication?part-of=Communication/${thread.id}&_count=100`);
    const bundle = (await response.json()) as Bundle;
    const matching = (bundle.entry ?? []).filter((e) => e.resource.payload?.some((p) => p.contentString?.includes(unique)));
    expect(matching).to.have.length(1);
    expect(bundle.total).to.equal(2);
  });
});
