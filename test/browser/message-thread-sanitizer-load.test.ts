/**
 * The thread loads the sanitizer (DOMPurify) only when a message needs it (#20, page
 * weight): a conversation of messages in the composer's plain form shows without it, and
 * a message with other markup — on open or arriving later — waits for it and is shown
 * sanitized, never raw. Module loads are observed, not mocked: the dev server serves each
 * source file, and the page's resource timing lists what was fetched.
 *
 * Its own file, because a module once loaded stays loaded for the rest of a page.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { Message, Thread } from '../../src/adapters/ports.js';
import { waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();

const PATIENT = 'Patient/plain';
const CLINICIAN = { ref: 'Practitioner/plain', kind: 'practitioner' as const, name: 'Dr. Plain' };
const ME = { ref: PATIENT, name: 'Pat' };

const sanitizerFetched = () => performance.getEntriesByType('resource').some((e) => /\/core\/sanitize\.ts|dompurify/.test(e.name));

function message(id: string, body: string, minute: number): Message {
  return {
    id,
    threadId: 'plain',
    sender: CLINICIAN,
    sent: new Date(Date.UTC(2024, 5, 1, 10, minute)).toISOString(),
    body,
    attachments: [],
    delivery: 'read',
    readByMe: true,
  };
}

const thread: Thread = {
  id: 'plain',
  subject: 'Plain',
  status: 'open',
  patient: PATIENT,
  participants: [{ ref: PATIENT, kind: 'patient', name: 'Pat' }, CLINICIAN],
  created: '2024-06-01T09:00:00Z',
  lastActivity: '2024-06-01T10:05:00Z',
  unreadCount: 0,
};

const bodies = (el: EngageMessageThread) => [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')];

describe('<engage-message-thread> loads the sanitizer only for markup that needs it', () => {
  it('shows plain paragraphs and line breaks without the sanitizer, then sanitizes a rich message that arrives', async () => {
    const adapter = createMemoryAdapter({
      messaging: { threads: [thread], messages: [message('m1', '<p>Fish &amp; chips</p><p>Line one<br>line two</p>', 1), message('m2', 'Plain text &lt;b&gt;', 2)] },
    });
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread thread-id="plain" poll-interval="50" .adapter=${adapter} .session=${{ patient: PATIENT, user: ME, role: 'patient' }}></engage-message-thread>`,
    );
    await waitFor(() => bodies(el).length === 2, 'both messages');
    const [first, second] = bodies(el);
    expect([...first!.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(['Fish & chips', 'Line oneline two']);
    expect(first!.querySelectorAll('p br')).to.have.length(1);
    expect(second!.textContent!.trim()).to.equal('Plain text <b>');
    expect(second!.querySelector('b')).to.equal(null);
    expect(sanitizerFetched(), 'sanitizer fetched for plain messages').to.equal(false);

    // a message with a link and a handler arrives: sanitized (link kept, handler gone)
    await adapter.messaging.sendMessage(
      'plain',
      { body: '<p>See <a href="https://example.org/x" onclick="alert(1)">this</a><img src=x onerror="alert(2)"></p>', attachments: [] },
      { idempotencyKey: 'k-rich', as: { user: { ref: CLINICIAN.ref, name: CLINICIAN.name }, role: 'clinician' } },
    );
    await waitFor(() => bodies(el).length === 3, 'the arriving message');
    const rich = bodies(el)[2]!;
    await waitFor(() => rich.querySelector('a'), 'the sanitized link');
    expect(rich.querySelector('a')!.getAttribute('href')).to.equal('https://example.org/x');
    expect(rich.querySelector('a')!.hasAttribute('onclick')).to.equal(false);
    expect(rich.querySelector('img')).to.equal(null);
    expect(sanitizerFetched()).to.equal(true);
  });
});
