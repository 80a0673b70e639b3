/**
 * Long conversations (issue 10, defect 7): a thread of 250 messages once rendered no
 * message rows at all — only the composer — while 150 and 10,000 rendered. Every length
 * around the virtualizer switch must show rows, with the newest message in view.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')];

async function longThread(count: number) {
  const el = await mount<EngageMessageThread>(
    html`<engage-message-thread
      thread-id="story-long"
      .adapter=${messagingAdapter({ longThread: count })}
      .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
    ></engage-message-thread>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('[part~="messages"], [part~="state"]:not([part~="loading"])'), 'thread content');
  return el;
}

describe('<engage-message-thread> long conversations', () => {
  for (const count of [10, 150, 199, 200, 250, 1000]) {
    it(`renders message rows for ${count} messages, the newest in view`, async function () {
      this.timeout(30_000);
      const el = await longThread(count);
      await waitFor(() => rows(el).length > 0, `rows of ${count} messages`, 5000);
      const shown = rows(el).length;
      expect(shown).to.be.greaterThan(0);
      // below the threshold every message is a row; above it only the visible ones
      if (count < el.virtualizeThreshold) expect(shown).to.equal(count);
      else expect(shown).to.be.lessThan(count);
      const newest = count % 3 === 1 ? `Message ${count}:` : `Glucose log ${count}:`;
      await waitFor(() => shadowText(el).includes(newest), `message ${count} in view`, 5000);
    });
  }
});
