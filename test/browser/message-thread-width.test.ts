/**
 * Issue #20, finding 5: a long thread showed a horizontal scrollbar and clipped the right
 * edge of the message cards. At a phone's and a desktop's width, short and long
 * (virtualized) threads scroll only up and down, and every card fits inside the list.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { settled, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);

describe('<engage-message-thread> fits its width (#20 finding 5)', () => {
  for (const width of [320, 900]) {
    for (const count of [10, 1000]) {
      it(`${count} messages at ${width} px: no horizontal scrolling, no clipped card`, async () => {
        // The element itself is mounted (not a sized wrapper <div>): open-wc's fixture
        // waits for an animation frame on anything without `updateComplete`, and a test page
        // in the background gets none, so a wrapper hung this test in the full suite.
        const el = await mount<EngageMessageThread>(
          html`<engage-message-thread
            style=${`display:block;width:${width}px`}
            thread-id="story-long"
            .adapter=${messagingAdapter({ longThread: count })}
            .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
          ></engage-message-thread>`,
        );
        await waitFor(() => el.shadowRoot?.querySelector('[part~="message"]'), 'message rows');
        await settled(el);
        const list = el.shadowRoot!.querySelector<HTMLElement>('[part~="messages"]')!;
        expect(list.scrollWidth, 'the list scrolls sideways').to.be.at.most(list.clientWidth);
        const edge = list.getBoundingClientRect().right;
        for (const card of el.shadowRoot!.querySelectorAll('[part~="message"]')) {
          expect(card.getBoundingClientRect().right, 'a card past the list edge').to.be.at.most(edge + 0.5);
        }
        expect(el.scrollWidth, 'the element is wider than its box').to.be.at.most(el.clientWidth);
      });
    }
  }
});
