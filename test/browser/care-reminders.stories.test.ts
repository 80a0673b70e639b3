/**
 * Every story of <engage-care-reminders> and <engage-care-gap-worklist>: axe-clean in light and
 * dark (the Spanish stories in Spanish), shows the state it names, and reflows at 320 px without
 * horizontal scroll.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as reminderStories from '../../stories/care-reminders.stories.js';
import * as worklistStories from '../../stories/care-gap-worklist.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { waitFor } from './helpers.js';

axeEveryStory(reminderStories as unknown as StoryModule);
axeEveryStory(worklistStories as unknown as StoryModule);

const MODULES = { 'engage-care-reminders': reminderStories as unknown as StoryModule, 'engage-care-gap-worklist': worklistStories as unknown as StoryModule };
type Tag = keyof typeof MODULES;

async function withStory(tag: Tag, name: string, extra: Record<string, unknown>, check: (el: HTMLElement) => Promise<void>): Promise<void> {
  const module = MODULES[tag];
  const meta = module.default;
  const story = module[name] as { args?: Record<string, unknown> };
  const container = document.createElement('div');
  document.body.append(container);
  try {
    render(meta.render!({ ...meta.args, ...story.args, ...extra } as never, {} as never) as TemplateResult, container);
    const el = container.querySelector<HTMLElement>(tag)!;
    await check(el);
  } finally {
    render(null, container);
    container.remove();
  }
}

const text = (el: HTMLElement) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

describe('care-reminder stories show what they say', () => {
  const claims: [Tag, string, string, string][] = [
    ['engage-care-reminders', 'Loading', '[part~="loading"]', ''],
    ['engage-care-reminders', 'NothingDue', '.nothing-due', 'Nothing is due right now.'],
    ['engage-care-reminders', 'DueOverdueDoneDeclined', '.item--overdue', 'Overdue since'],
    ['engage-care-reminders', 'DueOverdueDoneDeclined', '.item--done', 'Done on November 20, 2023'],
    ['engage-care-reminders', 'DueOverdueDoneDeclined', '.item--declined', 'You said no to this for now'],
    ['engage-care-reminders', 'DueOverdueDoneDeclined', '.item--done-elsewhere-pending', 'You told us: April 18, 2024, Riverside Clinic'],
    ['engage-care-reminders', 'DueOverdueDoneDeclined', '[data-kind="immunization"]', 'Shingles (zoster) vaccine'],
    ['engage-care-reminders', 'VaccineRecordToCheck', '[data-kind="immunization"]', 'Check your vaccine record with your care team'],
    ['engage-care-reminders', 'VaccineRecordNotMatched', '[data-kind="immunization"]', 'The state vaccine registry could not match your record'],
    ['engage-care-reminders', 'SaveFailed', '.form [role="alert"], .item [role="alert"]', 'Not saved.'],
    ['engage-care-reminders', 'ClinicianWithEvidence', 'details.evidence[open]', 'meets the rule'],
    ['engage-care-reminders', 'Spanish', '.item--overdue', 'Atrasado desde el'],
    ['engage-care-gap-worklist', 'Loading', '[part~="loading"]', ''],
    ['engage-care-gap-worklist', 'WorklistWithCounts', '.counts', 'Colorectal cancer screening'],
    ['engage-care-gap-worklist', 'Filtered', '.counts', 'Colorectal cancer screening'],
    ['engage-care-gap-worklist', 'Sending', '[part~="progress"]', 'Sending reminders…'],
    ['engage-care-gap-worklist', 'PartlyFailed', '[part~="failures"]', 'Not sent to 2 patients:'],
  ];
  for (const [tag, name, selector, words] of claims) {
    it(`${tag} › ${name}: ${words || selector}`, async () => {
      await withStory(tag, name, {}, async (el) => {
        await waitFor(() => el.shadowRoot?.querySelector(selector), `${name}: ${selector}`);
        await waitFor(() => text(el).includes(words), `${name}: "${words}"`);
        if (name === 'SaveFailed') {
          const kept = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('.form input')].map((i) => i.value);
          expect(kept, 'what was typed is kept').to.deep.equal(['2024-03-02', 'Women’s Health Center']);
        }
        if (name === 'VaccineRecordToCheck' || name === 'VaccineRecordNotMatched') {
          // the one record check stands in for every vaccine item: no dates it cannot vouch for
          const vaccines = [...el.shadowRoot!.querySelectorAll('[data-kind="immunization"]')].map((item) => item.textContent!.replace(/\s+/g, ' '));
          expect(vaccines.length, vaccines.join(' | ')).to.equal(1);
          expect(vaccines[0]).to.include('Vaccine record').and.not.match(/Due|Overdue/);
        }
        if (name === 'Filtered') {
          await waitFor(() => el.shadowRoot!.querySelector<HTMLInputElement>('.filters input[type="checkbox"]')?.checked, 'overdue only');
          const select = el.shadowRoot!.querySelector<HTMLSelectElement>('.filters select')!;
          expect(select.value).to.equal('colorectal-cancer-screening');
        }
      });
    });
  }
});

describe('care-reminder stories reflow at 320 px', () => {
  for (const tag of Object.keys(MODULES) as Tag[]) {
    for (const name of Object.keys(MODULES[tag]).filter((n) => n !== 'default')) {
      it(`${tag} › ${name}`, async () => {
        await withStory(tag, name, { width: 320 }, async (el) => {
          await waitFor(() => el.shadowRoot?.querySelector('[part~="base"] > :not(.title)'), `${name} to render`);
          await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
          const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
          expect(base.getBoundingClientRect().width).to.be.at.most(320);
          expect(base.scrollWidth, `${name} overflows`).to.be.at.most(base.clientWidth);
        });
      });
    }
  }
});
