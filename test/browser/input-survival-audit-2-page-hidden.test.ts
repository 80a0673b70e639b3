/**
 * Input-survival audit, part 2: the page hidden and shown again while a write is in flight
 * (the user switches tabs right after pressing Send). <engage-message-thread> marks shown
 * messages read when the page is seen again; that must neither send the reply twice nor
 * drop or duplicate it on screen. Counted on the memory port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

let visibility: DocumentVisibilityState = 'visible';
before(() => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility }));
after(() => delete (document as unknown as Record<string, unknown>).visibilityState);
afterEach(() => {
  visibility = 'visible';
  pageDrafts.clear();
});

function setVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('input survival 2: page hidden and shown during a write', () => {
  it('a reply sent, the page hidden and shown before the answer: one message stored and shown once, the box empty', async () => {
    // every answer comes after a moment, as a server's does
    const adapter = messagingAdapter({}, { latencyMs: 150 });
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id="story-labs"
        .adapter=${adapter}
        .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: () => new Date(2024, 5, 15, 12), locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    const root = el.shadowRoot!;
    await waitFor(() => root.querySelector('[part~="messages"]') && root.querySelector('textarea'), 'the conversation');
    const before = (await adapter.messaging.listMessages('story-labs', {}, {})).items.length;
    const words = 'Is fasting needed before the blood test?';
    el.value = words;
    await el.updateComplete;
    root.querySelector<HTMLButtonElement>('[part~="send-button"]')!.click();
    setVisibility('hidden');
    await new Promise((resolve) => setTimeout(resolve, 50));
    setVisibility('visible');
    await waitFor(() => root.querySelector<HTMLTextAreaElement>('textarea')!.value === '' && !root.querySelector('[aria-disabled="true"][part~="send-button"], [part~="send-button"][disabled]'), 'the sent reply');
    await new Promise((resolve) => setTimeout(resolve, 400)); // any later write or re-render lands
    const stored = (await adapter.messaging.listMessages('story-labs', {}, {})).items;
    expect(stored.length - before, 'messages stored').to.equal(1);
    const shown = [...root.querySelectorAll('[part~="message"] .body')].filter((b) => (b.textContent ?? '').includes(words)).length;
    expect(shown, 'times the reply is shown').to.equal(1);
  });
});
