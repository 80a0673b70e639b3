/**
 * Every story of <engage-refill-queue>: axe-clean in light and dark, and the story of a stopped
 * original prescription shows the warning it names.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as stories from '../../stories/refill-queue.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(stories as unknown as StoryModule);

describe('refill queue stories show what they say', () => {
  it('OriginalStopped: the furosemide renewal says its prescription was stopped; the others say nothing', async () => {
    const module = stories as unknown as StoryModule;
    const container = document.createElement('div');
    document.body.append(container);
    try {
      render(module.default.render!({ ...module.default.args, ...(stories.OriginalStopped.args ?? {}) } as never, {} as never) as TemplateResult, container);
      const el = await waitFor(() => container.querySelector('engage-refill-queue'), 'the queue');
      const warned = await waitFor(() => { const found = [...el.shadowRoot!.querySelectorAll('.rx-state')]; return found.length ? found : undefined; }, 'the warning');
      expect(warned.map((w) => [w.querySelector('dt')!.textContent!.trim(), w.querySelector('dd')!.textContent!.trim()])).to.deep.equal([['Prescription', 'Stopped']]);
    } finally {
      render(null, container);
      container.remove();
    }
  });
});
