/**
 * The printed summary and decision aid: under print media (Chromium's emulation), the
 * screen-only controls disappear, the content stays, and every story is still axe-clean.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import * as summaryStories from '../../stories/clinical-summary.stories.js';
import * as decisionAidStories from '../../stories/decision-aid.stories.js';
import * as immunizationStories from '../../stories/immunizations.stories.js';
import { typicalSummary } from '../../stories/data/summaries.js';
import { emulateMedia } from '@web/test-runner-commands';
import { waitFor } from './helpers.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';

describe('print media', function () {
  before(() => emulateMedia({ media: 'print' }));
  after(() => emulateMedia({ media: 'screen' }));

  it('prints the summary without its buttons, with every section open', async () => {
    const adapter = createMemoryAdapter({ summary: { summaries: { 'Patient/typical': typicalSummary } } });
    const el = await mount<EngageClinicalSummary>(
      html`<engage-clinical-summary .adapter=${adapter} .session=${{ patient: 'Patient/typical', locale: 'en-US' }}></engage-clinical-summary>`,
    );
    const toolbar = await waitFor(() => el.shadowRoot!.querySelector<HTMLElement>('[part~="toolbar"]'), 'the summary');
    expect(getComputedStyle(toolbar).display).to.equal('none');
    for (const button of el.shadowRoot!.querySelectorAll<HTMLElement>('button')) {
      if (button.offsetParent !== null) expect(button.closest('[part~="toolbar"]')).to.equal(null);
    }
    expect(el.shadowRoot!.textContent).to.contain(typicalSummary.sections.problems?.state === 'entries' ? 'Since' : '');
  });

  axeEveryStory(summaryStories as unknown as StoryModule);
  axeEveryStory(decisionAidStories as unknown as StoryModule);
  axeEveryStory(immunizationStories as unknown as StoryModule);
});
