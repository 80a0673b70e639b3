/**
 * The thread's live parts when what they depend on changes or fails (issue 10):
 * - the adapter swapped on the provider: the thread used to stay subscribed to the old
 *   adapter's live updates (messages written there kept appearing, those written to the
 *   new one never did);
 * - the virtualizer's chunk failing to load: the dynamic import had no catch, so a thread
 *   that grew past the threshold stayed on its newest 50 messages with an unhandled
 *   rejection, and one loaded past it ended in an error that retrying could not clear.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/core/provider.js';
import '../../src/elements/message-thread/message-thread.js';
import { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const SESSION = { patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' };
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')];
const texts = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent?.trim() ?? '');

/** A clinician's reply written straight to a memory adapter (it reaches its subscribers). */
function reply(adapter: ReturnType<typeof messagingAdapter>, text: string) {
  return adapter.messaging.sendMessage('story-labs', { body: `<p>${text}</p>`, attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: CLINICIAN_USER });
}

describe('<engage-message-thread> when its adapter is swapped', () => {
  it('follows the live updates of the new adapter, and no longer those of the old one', async () => {
    const first = messagingAdapter();
    const second = messagingAdapter();
    const provider = await mount<EngageProvider>(
      html`<engage-provider
        .adapter=${first}
        patient=${MESSAGE_PATIENT}
        user=${PATIENT_USER.user.ref}
        user-name=${PATIENT_USER.user.name}
        user-role=${PATIENT_USER.role}
        locale="en-US"
        .now=${NOW}
      >
        <engage-message-thread thread-id="story-labs"></engage-message-thread>
      </engage-provider>`,
    );
    const el = provider.querySelector('engage-message-thread')!;
    await waitFor(() => rows(el).length > 0, 'the conversation');
    await reply(first, 'Before the swap, from the first adapter.');
    await waitFor(() => texts(el).includes('Before the swap, from the first adapter.'), 'the live message from the first adapter');

    provider.adapter = second;
    // the second adapter has its own copy of the conversation: the live message is not in it
    await waitFor(() => !texts(el).includes('Before the swap, from the first adapter.') && rows(el).length > 0, 'the conversation from the second adapter');
    await reply(first, 'After the swap, from the old adapter.');
    await reply(second, 'After the swap, from the new adapter.');
    await waitFor(() => texts(el).includes('After the swap, from the new adapter.'), 'the live message from the new adapter');
    expect(texts(el)).not.to.include('After the swap, from the old adapter.');
  });
});

describe('<engage-message-thread> when the virtualizer cannot be loaded', () => {
  const original = EngageMessageThread.loadVirtualizer;
  let attempts = 0;
  beforeEach(() => {
    attempts = 0;
    // what a host sees when the chunk is gone after a deploy, or the network drops
    EngageMessageThread.loadVirtualizer = () => {
      attempts++;
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    };
  });
  afterEach(() => {
    EngageMessageThread.loadVirtualizer = original;
  });

  /** Unhandled rejections while a test runs. */
  function rejections(): { reasons: string[]; stop: () => void } {
    const reasons: string[] = [];
    const on = (event: PromiseRejectionEvent) => {
      reasons.push(String((event.reason as Error)?.message ?? event.reason));
      event.preventDefault();
    };
    window.addEventListener('unhandledrejection', on);
    return { reasons, stop: () => window.removeEventListener('unhandledrejection', on) };
  }

  it('shows every message of a long conversation without virtualization', async () => {
    const watch = rejections();
    try {
      const el = await mount<EngageMessageThread>(
        html`<engage-message-thread thread-id="story-long" virtualize-threshold="20" .adapter=${messagingAdapter({ longThread: 30 })} .session=${SESSION}></engage-message-thread>`,
      );
      await waitFor(() => rows(el).length === 30, 'the 30 messages as plain rows');
      expect(attempts).to.be.greaterThan(0);
      expect(el.shadowRoot!.querySelector('.messages--virtual')).to.equal(null);
      expect(shadowText(el)).to.include('Glucose log 30:').and.include('Message 1:');
      expect(el.shadowRoot!.querySelector('textarea'), 'the composer').to.not.equal(null);
      expect(watch.reasons).to.deep.equal([]);
    } finally {
      watch.stop();
    }
  });

  it('keeps showing every message when sends take the conversation past the threshold', async () => {
    const watch = rejections();
    try {
      const el = await mount<EngageMessageThread>(
        html`<engage-message-thread thread-id="story-long" virtualize-threshold="60" .adapter=${messagingAdapter({ longThread: 59 })} .session=${SESSION}></engage-message-thread>`,
      );
      await waitFor(() => rows(el).length === 59, 'the 59 messages');
      for (let i = 1; i <= 3; i++) {
        el.value = `Reply ${i} past the threshold.`;
        await el.send();
      }
      // while it loads the list shows the newest 50; once the load has failed, all 62
      await waitFor(() => rows(el).length === 62 && attempts > 0, 'the 62 messages as plain rows');
      expect(shadowText(el)).to.include('Message 1:').and.include('Reply 3 past the threshold.');
      expect(watch.reasons).to.deep.equal([]);
    } finally {
      watch.stop();
    }
  });
});
