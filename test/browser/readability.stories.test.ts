/**
 * Plain language (#18): the English text a patient reads in every patient-facing element's
 * stories — rendered as Storybook renders them, in the patient role — is at Flesch–Kincaid
 * grade 8 or below per element. Stories made for another role (`user-role` clinician or
 * caregiver) are left out; error and loading stories count (patients read those too).
 *
 * Text is every visible text node in the elements' shadow roots. Long medical names come
 * from the record, not from the library's wording, and no plain word replaces them; the
 * words listed in EXCLUDED are taken out of the count (and printed), nothing else is.
 */
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { fleschKincaid } from './readability.mjs';
import { waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import type { StoryModule } from './stories-axe.js';
import * as summary from '../../stories/clinical-summary.stories.js';
import * as aid from '../../stories/decision-aid.stories.js';
import * as immunizations from '../../stories/immunizations.stories.js';
import * as inbox from '../../stories/message-inbox.stories.js';
import * as thread from '../../stories/message-thread.stories.js';
import * as banner from '../../stories/patient-banner.stories.js';
import * as refills from '../../stories/refill-request.stories.js';
import * as careReminders from '../../stories/care-reminders.stories.js';
import * as portalHome from '../../stories/portal-home.stories.js';

ignoreResizeObserverLoop();

const MODULES: Record<string, StoryModule> = {
  'clinical-summary': summary as unknown as StoryModule,
  'decision-aid': aid as unknown as StoryModule,
  immunizations: immunizations as unknown as StoryModule,
  'message-inbox': inbox as unknown as StoryModule,
  'message-thread': thread as unknown as StoryModule,
  'patient-banner': banner as unknown as StoryModule,
  'refill-request': refills as unknown as StoryModule,
  'care-reminders': careReminders as unknown as StoryModule,
  'portal-home': portalHome as unknown as StoryModule,
};

/** Medical names from the story data (medicines, vaccines, tests), excluded from the count. */
const EXCLUDED = new Set(
  [
    'albuterol', 'atorvastatin', 'fluticasone', 'propionate', 'montelukast', 'lisinopril', 'metformin', 'hydrochlorothiazide',
    'amoxicillin', 'inhalation', 'actuation', 'actuat', 'hemoglobin', 'cholesterol', 'triglycerides', 'creatinine',
    'diphtheria', 'pertussis', 'poliovirus', 'haemophilus', 'influenzae', 'pneumococcal', 'meningococcal', 'papillomavirus',
    'varicella', 'hepatitis', 'rotavirus', 'influenza', 'colorectal', 'colonoscopy', 'sigmoidoscopy', 'immunochemical',
    'hypertension', 'hyperlipidemia', 'prediabetes', 'albuminuria', 'glomerular', 'sinusitis', 'bronchitis',
  ].map((w) => w.toLowerCase()),
);

/** The visible text of every engage element in the container, one string per text node. */
function textsIn(container: HTMLElement): string[] {
  const texts: string[] = [];
  const walk = (root: Node) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement;
        if (parent && (parent.closest('style, script, [hidden]') || getComputedStyle(parent).display === 'none')) continue;
        const text = node.textContent!.replace(/\s+/g, ' ').trim();
        if (text) texts.push(text);
      } else if ((node as Element).shadowRoot) walk((node as Element).shadowRoot!);
    }
  };
  walk(container);
  return texts;
}

const withoutExcluded = (text: string) =>
  text
    .split(/\s+/)
    .filter((word) => !EXCLUDED.has(word.toLowerCase().replace(/[^a-z]/g, '')))
    .join(' ');

function settled(container: HTMLElement): boolean {
  const elements = [...container.querySelectorAll('*')].filter((el) => el.localName.startsWith('engage-') && el.localName !== 'engage-provider');
  return elements.length > 0 && elements.every((el) => el.shadowRoot && el.shadowRoot.childElementCount > 0 && !el.shadowRoot.querySelector('[part~="loading"]'));
}

describe('plain language: each element’s patient-facing story text is at grade 8 or below', () => {
  const grades: string[] = [];
  after(() => console.log(`Flesch–Kincaid grade of each element's stories (patient role):\n  ${grades.join('\n  ')}\n  excluded names: ${[...EXCLUDED].join(', ')}`));

  for (const [element, module] of Object.entries(MODULES)) {
    it(element, async () => {
      const meta = module.default;
      const texts = new Set<string>();
      let stories = 0;
      for (const [name, value] of Object.entries(module)) {
        if (name === 'default' || typeof value !== 'object' || value === null) continue;
        const story = value as { args?: Record<string, unknown>; render?: (args: never, context: never) => unknown };
        const args = { ...meta.args, ...story.args, theme: 'light' } as Record<string, unknown>;
        if ((args['user-role'] ?? 'patient') !== 'patient' || /loading/i.test(name)) continue;
        const container = document.createElement('div');
        document.body.append(container);
        try {
          render((story.render ?? meta.render!)(args as never, {} as never) as TemplateResult, container);
          await waitFor(() => settled(container), `${element} › ${name} to settle`);
          for (const text of textsIn(container)) texts.add(withoutExcluded(text));
          stories++;
        } finally {
          render(null, container);
          container.remove();
        }
      }
      const grade = fleschKincaid(texts);
      grades.push(`${element}: grade ${grade.grade.toFixed(1)} (${stories} stories, ${grade.sentences} strings, ${grade.words} words)`);
      expect(stories, `${element}: patient stories`).to.be.greaterThan(0);
      expect(grade.grade, element).to.be.at.most(8);
    });
  }
});
