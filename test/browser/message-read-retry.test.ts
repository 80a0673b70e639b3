/**
 * A read receipt that failed is sent again, not lost: when the server did not take the
 * receipt for the messages a reader saw, the next receipt the conversation sends (a new
 * message arrives while it is open) covers them too. Before, it named only the new message,
 * so the care team's inbox kept counting the first ones as unread until the next visit.
 * On the memory adapter (the story conversation: two messages from Dr. Lee María has not read).
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import type { MessagingPort } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, messagingAdapter, messagingData } from '../../stories/data/messages.js';
import { waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const unreadFor = async (port: MessagingPort) => (await port.getThread('story-labs', { as: PATIENT_USER })).unreadCount;

/** Polls an async check (helpers' waitFor takes a synchronous one). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('<engage-message-thread>: a failed read receipt', () => {
  // the receipt is only sent for a page the reader sees: this page counts as seen
  beforeEach(() => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' }));
  afterEach(() => delete (document as { visibilityState?: unknown }).visibilityState);

  it('is sent again with the next receipt of the open conversation', async () => {
    const adapter = messagingAdapter();
    const real = adapter.messaging;
    // from the story data: Dr. Lee's messages in the lab conversation that María has not read
    const unreadAtStart = messagingData().messages.filter((m) => m.threadId === 'story-labs' && m.sender.ref !== MESSAGE_PATIENT && !m.readByMe).length;
    expect(unreadAtStart).to.equal(2);
    expect(await unreadFor(real)).to.equal(unreadAtStart);

    let attempts = 0;
    const flaky: MessagingPort = Object.assign(Object.create(real) as MessagingPort, {
      markRead: (...args: Parameters<MessagingPort['markRead']>) => (++attempts === 1 ? Promise.reject(new EngageError('network', 'offline')) : real.markRead(...args)),
    });
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id="story-labs"
        .adapter=${{ ...adapter, messaging: flaky }}
        .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => attempts === 1, 'the first receipt, which fails');
    expect(await unreadFor(real), 'the failed receipt stored nothing').to.equal(unreadAtStart);

    const words = 'Your potassium came back normal.';
    await real.sendMessage('story-labs', { body: words, attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: CLINICIAN_USER });
    await waitFor(() => el.shadowRoot!.textContent!.includes(words), 'the new message shown');
    await waitFor(() => attempts >= 2, 'the next receipt');
    // every message María has seen is read now: the two the failed receipt named, and the new one
    await until(async () => (await unreadFor(real)) === 0, 'no unread message left');
  });
});
