/**
 * Every story of <engage-message-thread>: axe-clean in light and dark (the Spanish story in
 * Spanish), and the scripted story shows what it says: a reply corrected while the
 * conversation is open is shown once, in its corrected words, and announced.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as stories from '../../stories/message-thread.stories.js';
import { CORRECTED_WORDS, FIRST_WORDS, messagingData } from '../../stories/data/messages.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { waitFor } from './helpers.js';

ignoreResizeObserverLoop();
axeEveryStory(stories as unknown as StoryModule);

const bodies = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"] .body')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

describe('message thread stories show what they say', () => {
  it('EditedWhileOpen: the corrected reply replaces the first words in place, and a screen reader hears it was edited', async () => {
    const module = stories as unknown as StoryModule;
    const container = document.createElement('div');
    document.body.append(container);
    try {
      render(module.default.render!({ ...module.default.args, ...(stories.EditedWhileOpen.args ?? {}) } as never, {} as never) as TemplateResult, container);
      const el = await waitFor(() => container.querySelector('engage-message-thread'), 'the thread');
      await waitFor(() => bodies(el).includes(CORRECTED_WORDS), 'the corrected reply');
      expect(bodies(el)).to.not.include(FIRST_WORDS);
      // the conversation's messages in the story data, and the one reply: the correction added none
      const seeded = messagingData().messages.filter((m) => m.threadId === 'story-labs').length;
      expect(bodies(el).length, 'in place: no message added').to.equal(seeded + 1);
      await waitFor(() => el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')?.textContent?.includes('A message in this conversation was edited.'), 'the announcement');
    } finally {
      render(null, container);
      container.remove();
    }
  });
});
