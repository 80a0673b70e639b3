/**
 * Long conversations that become long while open (issue 10, defect 7). A thread loaded
 * below the virtualizer threshold that grows past it through sends — or an element whose
 * adapter is swapped under a virtualized thread — once showed no message rows, or threw
 * "Cannot read properties of undefined (reading 'id')". Loads at a fixed length are in
 * message-thread-long.test.ts.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { settled, shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const SESSION = { patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' };
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')];

/** Uncaught errors and unhandled rejections while a test runs (the ResizeObserver loop report aside). */
function pageErrors(): { errors: string[]; stop: () => void } {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => {
    if (!/ResizeObserver loop/.test(event.message)) errors.push(event.message);
  };
  const onRejection = (event: PromiseRejectionEvent) => errors.push(String((event.reason as Error)?.message ?? event.reason));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

async function mountThread(count: number) {
  const el = await mount<EngageMessageThread>(
    html`<engage-message-thread thread-id="story-long" .adapter=${messagingAdapter({ longThread: count })} .session=${SESSION}></engage-message-thread>`,
  );
  await waitFor(() => rows(el).length > 0, `rows of ${count} messages`);
  return el;
}

describe('<engage-message-thread> growing past the virtualizer threshold', () => {
  it('keeps showing rows, the newest in view, when sends take a 195-message thread past 200', async function () {
    const watch = pageErrors();
    try {
      // ten sends cross the threshold (each send is a full write; sixty made the test slow on a loaded machine)
      const el = await mountThread(195);
      expect(rows(el).length).to.equal(195); // below the threshold: every message is a row
      for (let i = 1; i <= 10; i++) {
        el.value = `Reply number ${i} while the thread grows.`;
        await el.send();
      }
      // past the threshold the list shows the newest 50 until the virtualizer has loaded;
      // what counts is the virtualized list it then becomes
      await waitFor(() => el.shadowRoot!.querySelector('.messages--virtual'), 'the virtualized list');
      await waitFor(() => rows(el).length > 0, 'rows after the thread grew to 205');
      await settled(el, 5);
      expect(rows(el).length).to.be.greaterThan(0).and.lessThan(205);
      await waitFor(() => shadowText(el).includes('Reply number 10 while the thread grows.'), 'the newest message in view');
      expect(watch.errors).to.deep.equal([]);
    } finally {
      watch.stop();
    }
  });

  it('shows the new conversation without errors when the adapter under a 10,000-message thread is swapped for a 250-message one', async function () {
    const watch = pageErrors();
    try {
      const el = await mountThread(10_000);
      await waitFor(() => shadowText(el).includes('Message 10000:'), 'message 10000 in view');
      el.adapter = messagingAdapter({ longThread: 250 });
      await settled(el, 5);
      await waitFor(() => shadowText(el).includes('Message 250:') && !shadowText(el).includes('Message 10000:'), 'message 250 in view');
      await settled(el, 5);
      expect(rows(el).length).to.be.greaterThan(0).and.lessThan(250);
      expect(shadowText(el)).to.include('Message 250:');
      expect(watch.errors).to.deep.equal([]);
    } finally {
      watch.stop();
    }
  });
});
