/**
 * Issue 10, defects 1–3 for the thread, through the real element over the FHIR adapter,
 * the fault proxy and the local FHIR server; what is stored is read from the server.
 * - a send whose write landed but whose answer was lost, edited and retried: one message,
 *   holding the edited text (it used to keep the original);
 * - a new message typed after such a send and sent with Send: both are stored (the new
 *   one used to be lost);
 * - a new message sent after an edited retry that failed: the earlier record takes the
 *   edited text first (it used to keep the original), then the new message is stored;
 * - a send answered `200` with an OperationOutcome is "Not sent", and no
 *   `engage-message-sent` fires (it used to say "Message sent.").
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, setFault, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();

const KERMIT = 'Patient/1f456f0a-acb1-4728-82af-01ca57083c7b';
const NOW = () => new Date('2026-11-25T12:00:00Z');
const LOSE_THE_MESSAGE_ANSWER = { kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: '"partOf"', count: 1 };

interface Bundle {
  entry?: { resource: { payload?: { contentString?: string }[] } }[];
}

describe('message thread: the write protocol over FHIR', function () {
  let fhirUrl: string;
  let proxyUrl: string;

  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  });
  afterEach(() => setFault(undefined));

  /** A fresh conversation (written straight to the server) shown in a thread element over the proxy. */
  async function freshThread(): Promise<{ el: EngageMessageThread; bodies: () => Promise<string[]> }> {
    const direct = createFhirAdapter({ baseUrl: fhirUrl });
    const directory = await direct.messaging!.getDirectory(KERMIT);
    const { thread } = await direct.messaging!.startThread(
      KERMIT,
      { subject: 'Write protocol', recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: { user: { ref: KERMIT, name: 'Kermit' }, role: 'patient' } },
    );
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${thread.id}
        .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 })}
        .session=${{ patient: KERMIT, user: { ref: KERMIT, name: 'Kermit' }, role: 'patient', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('textarea'), 'the thread');
    const bodies = async () => {
      const bundle = (await (await fetch(`${fhirUrl}/Communication?part-of=Communication/${thread.id}&_count=100`)).json()) as Bundle;
      return (bundle.entry ?? [])
        .flatMap((e) => e.resource.payload ?? [])
        .map((p) => p.contentString ?? '')
        .filter((b) => b !== 'opening')
        .sort();
    };
    return { el, bodies };
  }

  const failed = (el: EngageMessageThread) => waitFor(() => el.shadowRoot!.querySelector('.message--failed'), 'the failed state');
  const sent = (el: EngageMessageThread) =>
    waitFor(() => !el.shadowRoot!.querySelector('.message--failed') && el.shadowRoot!.querySelector('textarea')!.value === '', 'the sent state');

  it('an edited retry after a landed-but-unanswered send stores one message, holding the edited text', async () => {
    const { el, bodies } = await freshThread();
    el.value = 'Can I take ibuprofen?';
    await setFault(LOSE_THE_MESSAGE_ANSWER);
    await el.send();
    const alert = await failed(el);
    await setFault(undefined);
    expect(await bodies(), 'the first send landed').to.deep.equal(['<p>Can I take ibuprofen?</p>']);

    el.value = 'Can I take ibuprofen with my lisinopril?';
    (alert.querySelector('button') as HTMLButtonElement).click();
    await sent(el);
    expect(await bodies()).to.deep.equal(['<p>Can I take ibuprofen with my lisinopril?</p>']);
    const shown = [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent?.trim());
    expect(shown).to.include('Can I take ibuprofen with my lisinopril?').and.not.include('Can I take ibuprofen?');
  });

  it('a new message sent after a landed-but-unanswered send is stored beside it, and both show', async () => {
    const { el, bodies } = await freshThread();
    el.value = 'First question';
    await setFault(LOSE_THE_MESSAGE_ANSWER);
    await el.send();
    await failed(el);
    await setFault(undefined);

    el.value = 'Second, different question';
    await el.send();
    await sent(el);
    expect(await bodies()).to.deep.equal(['<p>First question</p>', '<p>Second, different question</p>']);
    await waitFor(() => {
      const shown = [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent?.trim());
      return shown.includes('First question') && shown.includes('Second, different question');
    }, 'both messages in the thread');
  });

  it('a new message after an edited retry that failed first stores the edited text, then the new message', async () => {
    // the soak's seed 7: the first send lands unanswered, the edited retry fails (503),
    // and the user writes a new message: the server kept the original text
    const { el, bodies } = await freshThread();
    el.value = 'Can I take ibuprofen?';
    await setFault(LOSE_THE_MESSAGE_ANSWER);
    await el.send();
    await failed(el);
    el.value = 'Can I take ibuprofen with my lisinopril?';
    await setFault({ kind: 'status', status: 503, methods: ['PUT'], bodyContains: '"partOf"', count: 1 });
    (el.shadowRoot!.querySelector('.message--failed .failed button') as HTMLButtonElement).click();
    await waitFor(() => el.shadowRoot!.querySelector('.message--failed')?.textContent?.includes('with my lisinopril'), 'the edited retry to fail');
    await setFault(undefined);
    expect(await bodies(), 'the edited retry did not reach the record').to.deep.equal(['<p>Can I take ibuprofen?</p>']);

    el.value = 'Also, is my refill ready?';
    await el.send();
    await sent(el);
    expect(await bodies()).to.deep.equal(['<p>Also, is my refill ready?</p>', '<p>Can I take ibuprofen with my lisinopril?</p>']);
    await waitFor(() => {
      const shown = [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent?.trim());
      return shown.includes('Can I take ibuprofen with my lisinopril?') && shown.includes('Also, is my refill ready?') && !shown.includes('Can I take ibuprofen?');
    }, 'both messages, as the user last saw them, in the thread');
  });

  it('when the earlier message still cannot be sent, the new one waits in the box and nothing is stored twice', async () => {
    const { el, bodies } = await freshThread();
    el.value = 'First question';
    await setFault(LOSE_THE_MESSAGE_ANSWER);
    await el.send();
    await failed(el);
    el.value = 'First question, edited';
    await setFault({ kind: 'status', status: 503, methods: ['PUT'], bodyContains: '"partOf"', count: 2 });
    await el.send('retry');
    await failed(el);

    el.value = 'Second question';
    await el.send();
    const alert = await failed(el);
    await setFault(undefined);
    expect(alert.closest('.message')!.textContent, 'the failed one is still the earlier message').to.contain('First question, edited');
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal('Second question');
    expect(await bodies()).to.deep.equal(['<p>First question</p>']);

    // "Retry sending" now finishes both, in order, each once
    (alert.querySelector('button') as HTMLButtonElement).click();
    await sent(el);
    expect(await bodies()).to.deep.equal(['<p>First question, edited</p>', '<p>Second question</p>']);
  });

  it('a send answered 200 with an OperationOutcome is not sent, and no engage-message-sent fires', async () => {
    const { el, bodies } = await freshThread();
    const events: Event[] = [];
    el.addEventListener('engage-message-sent', (e) => events.push(e));
    el.value = 'Is anyone there?';
    await setFault({ kind: 'outcome', text: 'Message not accepted', methods: ['POST'], bodyContains: '"partOf"', count: 1 });
    await el.send();
    const alert = await failed(el);
    expect(alert.textContent).to.contain('Not sent.');
    expect(events).to.have.length(0);
    expect(await bodies()).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('textarea')!.value).to.equal('Is anyone there?');
  });
});
