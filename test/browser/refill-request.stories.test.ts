import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as stories from '../../stories/refill-request.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(stories as unknown as StoryModule);

/*
 * The stories that drive the element to a later step are checked again once they are
 * there (the generic check above may run while they are still on the first step).
 */
describe('refill request stories reach their step and are axe-clean there', function () {
  const steps: [keyof typeof stories, string][] = [
    ['Review', '#review-title'],
    ['Submitting', '[part~="send-button"][aria-disabled="true"]'],
    ['SubmitFailed', '#submit-error'],
    ['Confirmation', '#sent-title'],
  ];
  for (const [name, selector] of steps) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${name} (${theme})`, async () => {
        const meta = stories.default;
        const story = stories[name] as { args?: Record<string, unknown> };
        const container = document.createElement('div');
        document.body.append(container);
        try {
          render(meta.render!({ ...meta.args, ...story.args, theme } as never, {} as never) as TemplateResult, container);
          const el = container.querySelector('engage-refill-request')!;
          await waitFor(() => el.shadowRoot?.querySelector(selector), `${name}: ${selector}`);
          await expect(container).to.be.accessible();
        } finally {
          render(null, container);
          container.remove();
        }
      });
    }
  }
});
