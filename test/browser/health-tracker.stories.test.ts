/**
 * Every health-tracker story axe-clean in light and dark, shows what it says, and
 * reflows at 320 px.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as stories from '../../stories/health-tracker.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(stories as unknown as StoryModule);

type StoryName = Exclude<keyof typeof stories, 'default'>;

async function renderStory(name: StoryName, container: HTMLElement, extra: Record<string, unknown> = {}): Promise<HTMLElement> {
  const meta = stories.default;
  const story = stories[name] as { args?: Record<string, unknown> };
  render(meta.render!({ ...meta.args, ...story.args, ...extra } as never, {} as never) as TemplateResult, container);
  const el = container.querySelector<HTMLElement>('engage-health-tracker')!;
  await waitFor(() => el.shadowRoot?.querySelector('[part~="type"], [part~="empty"]'), `${name} to load`);
  return el;
}

describe('health-tracker stories show what they say', () => {
  const claims: [StoryName, string, string][] = [
    ['Empty', '[part~="empty"]', 'No readings yet. Add your first one above.'],
    ['ReadingsWithGoal', '[data-type="blood-pressure"] line.target', 'Goal: Top number below 130 mmHg'],
    ['DangerousReading', '[part~="danger"][data-action="recheck-then-call"]', 'This reading is very high.'],
    ['ImportPreviewWithErrors', '[part~="preview"] tr[data-status="problem"]', '2 rows are ready. 3 rows have a problem and will not be saved.'],
    ['SaveFailed', '[part~="form"] [part~="error"]', 'Your reading was not saved yet. It is still here.'],
    ['ClinicianView', '[data-source="patient"]', 'Patient-reported'],
    ['Spanish', '[part~="goal"]', 'Meta: Número de arriba por debajo de 130 mmHg'],
  ];
  for (const [name, selector, words] of claims) {
    it(name, async () => {
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const el = await renderStory(name, container);
        await waitFor(() => el.shadowRoot!.querySelector(selector), `${name}: ${selector}`);
        await waitFor(() => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').includes(words), `${name}: "${words}"`);
        expect(el.shadowRoot!.textContent!.replace(/\s+/g, ' ')).to.contain(words);
      } finally {
        render(null, container);
        container.remove();
      }
    });
  }
});

describe('health-tracker stories reflow at 320 px', () => {
  const names = (Object.keys(stories) as (keyof typeof stories)[]).filter((n) => n !== 'default') as StoryName[];
  for (const name of names) {
    it(name, async () => {
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const el = await renderStory(name, container, { width: 320 });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
        expect(base.getBoundingClientRect().width).to.be.at.most(320);
        expect(base.scrollWidth, `${name} overflows`).to.be.at.most(base.clientWidth);
      } finally {
        render(null, container);
        container.remove();
      }
    });
  }
});
