/**
 * The printed summary and decision aid: under print media (Chromium's emulation), the
 * screen-only controls disappear, the content stays, a dark theme prints in the light
 * theme's colours, and every story that shows a record is still axe-clean. Since paper is
 * light whatever the screen's theme, they are checked in the light theme; the screen's light
 * and dark, and the loading and error states, are in each element's stories test.
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
import '../../src/core/provider.js';
import { mountFrame, waitFor } from './helpers.js';
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

  it('prints a dark or automatic theme in the light theme\'s colours', async () => {
    // mountFrame, not fixture(): a plain <div> root waits for an animation frame, which a test page in the background never gets
    const frame = mountFrame(
      html`<engage-provider theme="light"></engage-provider><engage-provider theme="dark"></engage-provider><engage-provider theme="auto"></engage-provider>`,
    );
    await Promise.all([...frame.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>('engage-provider')].map((el) => el.updateComplete));
    const [light, ...others] = [...frame.querySelectorAll('engage-provider')].map((provider) => getComputedStyle(provider));
    const colour = (style: CSSStyleDeclaration, name: string) => style.getPropertyValue(`--engage-${name}`).trim();
    for (const name of ['color-surface', 'color-surface-raised', 'color-text', 'color-text-muted', 'color-border', 'color-accent', 'color-focus', 'color-danger', 'color-success-surface']) {
      expect(colour(light!, name), name).to.match(/^#/);
      for (const style of others) expect(colour(style, name), name).to.equal(colour(light!, name));
    }
  });

  // what a person prints is a record: the states that show none (loading, errors, no
  // adapter) and the screen-only variants (language, width, screen theme) are left out
  const options = { themes: ['light'], skip: /^(Spanish|Narrow|Dark|Loading|ServerError|ErrorState|NotConfigured|InvalidContent|SaveFailure)$/ };
  axeEveryStory(summaryStories as unknown as StoryModule, options);
  axeEveryStory(decisionAidStories as unknown as StoryModule, options);
  axeEveryStory(immunizationStories as unknown as StoryModule, options);
});
