/**
 * Every immunization story axe-clean in light and dark; every story reflows at 320 px; the
 * printed record (print media) shows the patient, every dose by group and the date printed,
 * without buttons or the forecast, and stays axe-clean.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { emulateMedia } from '@web/test-runner-commands';
import * as stories from '../../stories/immunizations.stories.js';
import { PRINTED } from '../../stories/data/immunizations.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(stories as unknown as StoryModule);

type StoryName = Exclude<keyof typeof stories, 'default'>;

/** Renders a story; resolves with its element once it shows more than "loading". */
async function renderStory(name: StoryName, container: HTMLElement, extra: Record<string, unknown> = {}): Promise<HTMLElement> {
  const meta = stories.default;
  const story = stories[name] as { args?: Record<string, unknown> };
  render(meta.render!({ ...meta.args, ...story.args, ...extra } as never, {} as never) as TemplateResult, container);
  const el = container.querySelector<HTMLElement>('engage-immunizations')!;
  await waitFor(() => el.shadowRoot?.querySelector('[part~="record"], [part~="lookup"], [part~="error"], [part~="not-configured"]'), `${name} to load`);
  return el;
}

describe('immunization stories show what they say', () => {
  const claims: [StoryName, string, string][] = [
    ['ChildOnSchedule', '[part~="due-item"][data-group="Polio"][data-status="due-later"]', 'Your next Polio dose is due on March 1, 2026.'],
    ['ChildOverdue', '[part~="due-item"][data-group="HepB"][data-status="overdue"]', 'Your next Hepatitis B dose is late.'],
    ['AdultWithGap', '[part~="due-item"][data-group="COVID-19"][data-status="due-now"]', 'Your next COVID-19 dose is due now.'],
    ['RegistryWithForecast', '[part~="due-item"][data-group="MMR"][data-status="complete"]', 'Source: The state immunization registry (Demo State Immunization Information System)'],
    ['RegistryPatientNotFound', '[part~="lookup"]', 'has no record for this person'],
    ['CaregiverView', '[part~="due-item"][data-group="Hib"][data-status="due-later"]', "Your child's next Hib dose is due on January 6, 2026."],
    ['ClinicianView', '[data-id="2013-0002-2"] .evaluation--invalid', 'Not valid: Age: Too Young'],
    ['NoRecords', '[part~="record"] [part~="empty"]', 'No vaccinations are on record.'],
    ['DoseNotCounted', '[part~="due-item"][data-group="MMR"][data-status="unknown"] [data-uncounted]', 'Priorix (MMR), Oct 20, 2025'],
  ];
  for (const [name, selector, words] of claims) {
    it(name, async () => {
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const el = await renderStory(name, container);
        const found = await waitFor(() => el.shadowRoot!.querySelector(selector), `${name}: ${selector}`);
        expect(el.shadowRoot!.textContent!.replace(/\s+/g, ' ')).to.contain(words);
        expect(found).to.not.equal(null);
      } finally {
        render(null, container);
        container.remove();
      }
    });
  }
});

describe('immunization stories reflow at 320 px', () => {
  const names = (Object.keys(stories) as (keyof typeof stories)[]).filter((n) => n !== 'default' && n !== 'Loading') as StoryName[];
  for (const name of names) {
    it(name, async () => {
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const el = await renderStory(name, container, { width: 320 });
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

describe('the printed immunization record (print media)', () => {
  before(() => emulateMedia({ media: 'print' }));
  after(() => emulateMedia({ media: 'screen' }));

  it('shows name, date of birth, every dose by group and the date printed; no buttons, no forecast', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const el = await renderStory('Print', container);
      const root = el.shadowRoot!;
      expect(getComputedStyle(root.querySelector('[part~="toolbar"]')!).display).to.equal('none');
      expect(getComputedStyle(root.querySelector('[part~="due"]')!).display).to.equal('none');
      for (const button of root.querySelectorAll<HTMLElement>('button')) expect(button.offsetParent, button.textContent).to.equal(null);
      const printed = root.querySelector<HTMLElement>('.print-only')!;
      expect(getComputedStyle(printed).display).to.equal('block');
      expect(printed.textContent).to.match(/Printed on June 15, 2024/); // the stories' fixed clock
      const text = root.textContent!.replace(/\s+/g, ' ');
      expect(text).to.contain(PRINTED.record.patient.name!);
      expect(text).to.contain('November 14, 2021'); // date of birth of CDC case 2013-0639
      const doses = [...root.querySelectorAll<HTMLElement>('[part~="group"][data-group="Polio"] [part~="dose"]')];
      expect(doses.length).to.equal(PRINTED.record.vaccinations.length);
      for (const dose of doses) expect(dose.offsetParent).to.not.equal(null);
      await expect(container).to.be.accessible();
    } finally {
      render(null, container);
      container.remove();
    }
  });
});
