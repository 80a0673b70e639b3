/**
 * Every questionnaire story axe-clean in light and dark (the Spanish one in Spanish), shows
 * the state it is named for, and reflows at 320 px.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import * as stories from '../../stories/questionnaire.stories.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { fixture, waitFor } from './helpers.js';
import { phq9, richText } from '../../stories/data/questionnaire-forms.generated.js';

axeEveryStory(stories as unknown as StoryModule);

type StoryName = Exclude<keyof typeof stories, 'default'>;

async function renderStory(name: StoryName, container: HTMLElement, extra: Record<string, unknown> = {}): Promise<HTMLElement> {
  const meta = stories.default;
  const story = stories[name] as { args?: Record<string, unknown> };
  render(meta.render!({ ...meta.args, ...story.args, ...extra } as never, {} as never) as TemplateResult, container);
  const el = container.querySelector<HTMLElement>('engage-questionnaire')!;
  await waitFor(() => el.shadowRoot?.querySelector('form, dl.answers, .refused, [part~="state"]'), `${name} to load`);
  return el;
}

/** The PHQ-9's required questions, counted from the published form (its ninth question is optional). */
const REQUIRED = (phq9.item as readonly { required?: boolean }[]).filter((i) => i.required === true).length;

const words = (el: HTMLElement) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const answered = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll<HTMLSelectElement>('form select')].filter((s) => s.value !== '-1').length;

describe('questionnaire stories use the forms as published', () => {
  it('the generated copies equal the fixtures (scripts/questionnaire-story-forms.mjs)', async () => {
    expect(phq9).to.deep.equal(await fixture('questionnaires/lforms-phq9.json'));
    expect(richText).to.deep.equal(await fixture('questionnaires/lforms-q-with-rendering-xhtml-answerOption-with-invalid-tag.json'));
  });
});

describe('questionnaire stories show what they say', () => {
  beforeEach(() => pageDrafts.clear()); // what one story typed never shows in the next
  const claims: [StoryName, (el: HTMLElement) => boolean, string][] = [
    ['Empty', (el) => el.shadowRoot!.querySelectorAll('form select').length >= 9 && answered(el) === 0, 'nine questions, none answered'],
    ['PartlyFilled', (el) => answered(el) === 3 && !words(el).includes('saved draft'), 'three answered, not saved'],
    ['SavedDraft', (el) => answered(el) === 3 && words(el).includes('You are continuing a saved draft.'), 'a resumed draft of three answers'],
    ['ValidationErrors', (el) => el.shadowRoot!.querySelectorAll('[aria-invalid="true"]').length === REQUIRED && words(el).includes('Answer this question.'), 'every required question marked'],
    ['SaveFailed', (el) => answered(el) === 3 && words(el).includes('Your answers were not saved yet. They are still here.'), 'the failure, answers kept'],
    ['Completed', (el) => !!el.shadowRoot!.querySelector('dl.answers') && !el.shadowRoot!.querySelector('form'), 'read-only answers'],
    ['ClinicianView', (el) => words(el).includes('Patient-reported answers.') && words(el).includes('Interpretation: Moderate depression'), 'score and interpretation'],
    ['RichText', (el) => !el.shadowRoot!.querySelector('script, form button:not([part])'), 'no script or stray button'],
    ['LoopRefused', (el) => !!el.shadowRoot!.querySelector('.refused'), 'the loop refused'],
    ['Spanish', (el) => words(el).includes('Enviar a mi equipo de atención'), 'Spanish'],
  ];
  for (const [name, holds, what] of claims) {
    it(`${name}: ${what}`, async () => {
      const container = document.createElement('div');
      document.body.append(container);
      try {
        const el = await renderStory(name, container);
        await waitFor(() => holds(el), `${name}: ${what}`);
        expect(holds(el)).to.equal(true);
      } finally {
        render(null, container);
        container.remove();
      }
    });
  }
});

describe('questionnaire stories reflow at 320 px', () => {
  const names = (Object.keys(stories) as (keyof typeof stories)[]).filter((n) => n !== 'default') as StoryName[];
  for (const name of names) {
    it(name, async () => {
      const container = document.createElement('div');
      container.style.width = '320px';
      document.body.append(container);
      try {
        const el = await renderStory(name, container);
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
