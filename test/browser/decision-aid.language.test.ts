/* eslint-disable @typescript-eslint/no-explicit-any -- the test rewrites every text of an aid */
/**
 * <engage-decision-aid>: the element's own text (step names, instructions, SURE questions,
 * feedback, buttons) is in the element's language; only the aid's content carries the
 * content's `lang`. A screen reader picks its voice from the nearest `lang`, so Spanish
 * chrome inside an English `lang` is read with an English voice (issue 19, item 3).
 *
 * Every text of the aid is marked (prefixed with "§") so the test can tell content from
 * chrome without knowing either: each visible text node that starts with the mark must
 * sit in the aid's language, every other one in the element's.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/decision-aid/decision-aid.js';
import type { EngageDecisionAid } from '../../src/elements/decision-aid/decision-aid.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { applyLocale } from '../../src/core/localization.js';
import { validateAid } from '../../src/elements/decision-aid/content/validate.js';
import { waitFor } from './helpers.js';
import { aidContent } from './decision-aid-helpers.js';

const MARK = '§';
/** Fields of the format that are ids, codes, dates or addresses, not text. */
const NOT_TEXT = new Set(['id', 'kind', 'input', 'correct', 'language', 'version', 'status', 'lastReviewed', 'reviewDue', 'url', 'sources']);

/** Marks every text of an aid (not ids: an outcome's `sources` is a list of ids). */
function markTexts(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return NOT_TEXT.has(key) ? value : `${MARK}${value}`;
  if (Array.isArray(value)) return value.map((item) => (key === 'sources' && typeof item === 'string' ? item : markTexts(item, key)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markTexts(v, k)]));
  return value;
}

const mounted: HTMLElement[] = [];
afterEach(async () => {
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
  await applyLocale('en');
});

async function mount(
  aid: Record<string, unknown>,
  locale: string,
  attrs: { responseId?: string; adapter?: ReturnType<typeof createMemoryAdapter> } = {},
): Promise<EngageDecisionAid> {
  const adapter = attrs.adapter ?? createMemoryAdapter({ decisionAids: { aids: [aid] } });
  await applyLocale(locale);
  const wrapper = document.createElement('div');
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(
    html`<engage-decision-aid
      .adapter=${adapter}
      .session=${{ patient: 'Patient/85', role: 'patient', locale, now: () => new Date('2026-11-25T10:00:00Z') }}
      aid-id=${attrs.responseId ? '' : String(aid.id)}
      response-id=${attrs.responseId ?? ''}
    ></engage-decision-aid>`,
    wrapper,
  );
  const el = wrapper.querySelector('engage-decision-aid')!;
  await waitFor(() => el.shadowRoot!.querySelector('.step, .review, .state--error'), 'the aid to load');
  return el;
}

/** The language a screen reader uses for a node: the nearest `lang` inside the element. */
function languageOf(node: Node, el: EngageDecisionAid): string | null {
  const holder = node.parentElement?.closest('[lang]');
  return holder && el.shadowRoot!.contains(holder) ? holder.getAttribute('lang') : null;
}

/** Every visible text node of the element, with its language. */
function texts(el: EngageDecisionAid): { text: string; lang: string | null }[] {
  const walker = document.createTreeWalker(el.shadowRoot!, NodeFilter.SHOW_TEXT);
  const found: { text: string; lang: string | null }[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim();
    if (text && !node.parentElement?.closest('style')) found.push({ text, lang: languageOf(node, el) });
  }
  return found;
}

/** Checks every text on the page: content in the aid's language, the rest in the element's. */
function checkLanguages(el: EngageDecisionAid, ui: string, content: string, where: string, seen: Set<string>): void {
  for (const { text, lang } of texts(el)) {
    const isContent = text.startsWith(MARK);
    seen.add(isContent ? 'content' : 'chrome');
    expect(lang, `${where}: "${text.slice(0, 60)}" (${isContent ? 'aid content' : 'element text'})`).to.equal(isContent ? content : ui);
  }
}

/** Visits every step with something answered on it, checking the languages on each. */
async function walkSteps(el: EngageDecisionAid, ui: string, content: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const root = el.shadowRoot!;
  const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('.steps__button')];
  expect(buttons().length).to.be.greaterThan(5);
  for (let i = 0; i < buttons().length; i++) {
    buttons()[i]!.click();
    await el.updateComplete;
    for (const d of root.querySelectorAll('details')) d.open = true;
    // one answer per question, so feedback and the SURE result render too
    for (const fieldset of root.querySelectorAll('.step fieldset')) fieldset.querySelector<HTMLInputElement>('input[type="radio"]')?.click();
    await el.updateComplete;
    checkLanguages(el, ui, content, `step ${i + 1}`, seen);
  }
  return seen;
}

describe('engage-decision-aid: the element’s text in its language, the aid’s content in its own', function () {
  it('Spanish element, English aid: no Spanish text inside lang="en"', async () => {
    const aid = markTexts(await aidContent('statin-primary-prevention')) as any;
    expect(validateAid(aid).ok).to.equal(true);
    const el = await mount(aid, 'es');
    await waitFor(() => el.shadowRoot!.textContent!.includes('Siguiente'), 'Spanish text');
    const seen = await walkSteps(el, 'es', 'en');
    expect([...seen].sort()).to.deep.equal(['chrome', 'content']);
  });

  it('English element, content marked Spanish (colorectal aid): no English text inside lang="es"', async () => {
    const aid = markTexts(await aidContent('colorectal-cancer-screening')) as any;
    aid.language = 'es';
    expect(validateAid(aid).ok).to.equal(true);
    const el = await mount(aid, 'en');
    const seen = await walkSteps(el, 'en', 'es');
    expect([...seen].sort()).to.deep.equal(['chrome', 'content']);
  });

  it('the SURE step and a knowledge feedback: chrome in Spanish, the feedback text in English', async () => {
    const aid = markTexts(await aidContent('statin-primary-prevention')) as any;
    const el = await mount(aid, 'es');
    const root = el.shadowRoot!;
    const go = async (step: string) => {
      const index = [...root.querySelectorAll('.steps__button')].findIndex((b) => b.textContent!.includes(step));
      root.querySelectorAll<HTMLButtonElement>('.steps__button')[index]!.click();
      await el.updateComplete;
    };
    await go('¿Qué tan seguro');
    const legend = root.querySelector('[data-sure="1"] legend')!;
    expect(legend.textContent!.trim()).to.equal('¿Se siente seguro de cuál es la mejor opción para usted?');
    expect(languageOf(legend.firstChild!, el)).to.equal('es');
    await go('Compruebe');
    root.querySelector<HTMLInputElement>('.question input[type="radio"]')!.click();
    await el.updateComplete;
    const feedback = root.querySelector('.feedback')!;
    const verdict = feedback.querySelector('strong')!;
    expect(languageOf(verdict.lastChild!, el), 'verdict').to.equal('es');
    const content = [...feedback.querySelectorAll('[lang="en"]')].map((n) => n.textContent!.trim());
    expect(content).to.deep.equal([aid.knowledge[0].feedback]);
  });

  it('the clinician’s read-only summary: labels in Spanish, option and value names in English', async () => {
    const aid = markTexts(await aidContent('statin-primary-prevention')) as any;
    const adapter = createMemoryAdapter({ decisionAids: { aids: [aid] } });
    const saved = await adapter.decisionAids!.saveResponse(
      {
        aidId: aid.id,
        aidVersion: aid.version,
        patient: 'Patient/85',
        optionsShown: ['statin', 'no-statin'],
        numbersShown: [{ outcomeId: 'new-diabetes', optionId: 'statin', numerator: 2, denominator: 100 }],
        riskInputs: { 'ten-year-risk': 12 },
        values: { 'lower-chance': 8 },
        knowledge: { answers: {}, correct: 0, total: 2 },
        sure: null,
        leaning: 'statin',
        questions: '',
        started: '2026-11-25T09:00:00Z',
        completed: '2026-11-25T09:30:00Z',
      },
      { idempotencyKey: 'k-1' },
    );
    const el = await mount(aid, 'es', { responseId: saved.id!, adapter });
    await waitFor(() => el.shadowRoot!.textContent!.includes(aid.title), 'the aid’s title');
    const seen = new Set<string>();
    checkLanguages(el, 'es', 'en', 'summary', seen);
    expect([...seen].sort()).to.deep.equal(['chrome', 'content']);
  });
});
