/* eslint-disable @typescript-eslint/no-explicit-any -- the malformed-content tests spoil aids field by field */
/**
 * <engage-decision-aid>: the numbers it shows (counted icons and their text, against the
 * cited tables), refusal of malformed content, XSS payloads in aid text, keyboard-only
 * completion of both aids, saving over HTTP to the local FHIR server with a failure and
 * a retry that saves once, the clinician's read-only summary, and reflow at 320 px.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/decision-aid/decision-aid.js';
import type { EngageDecisionAid } from '../../src/elements/decision-aid/decision-aid.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { DecisionAidResponse, EngageAdapter } from '../../src/adapters/ports.js';
import { validateAid } from '../../src/elements/decision-aid/content/validate.js';
import { fhirEndpoints, fixture, waitFor } from './helpers.js';
import { aidContent, loadAids } from './decision-aid-helpers.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const PATIENT = 'Patient/85';

function memory(extra: Parameters<typeof createMemoryAdapter>[0] = {}): EngageAdapter {
  return createMemoryAdapter({ decisionAids: { aids: loadAids }, ...extra });
}

async function aidElement(
  adapter: EngageAdapter,
  attrs: { aidId?: string; responseId?: string; startStep?: string; riskInputs?: Record<string, number>; role?: string; width?: number } = {},
): Promise<EngageDecisionAid> {
  // rendered with Lit, not open-wc's fixture(): a plain wrapper would make fixture() wait
  // for an animation frame, which a background test page never gets
  const wrapper = document.createElement('div');
  if (attrs.width) wrapper.style.width = `${attrs.width}px`;
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(
    html`<engage-decision-aid
      .adapter=${adapter}
      .session=${{ patient: PATIENT, role: attrs.role ?? 'patient', locale: 'en-US', now: () => NOW }}
      aid-id=${attrs.aidId ?? ''}
      response-id=${attrs.responseId ?? ''}
      start-step=${attrs.startStep ?? 'decision'}
      .riskInputs=${attrs.riskInputs ?? {}}
    ></engage-decision-aid>`,
    wrapper,
  );
  const el = wrapper.querySelector('engage-decision-aid')!;
  await waitFor(() => el.shadowRoot!.querySelector('.step, .review, .state--error, [part~="not-configured"]'), 'the aid to load');
  return el;
}

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
});

const root = (el: EngageDecisionAid) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Counted icons and the sentence for one outcome × option on the numbers step. */
function shown(el: EngageDecisionAid, outcome: string, option: string) {
  const cell = root(el).querySelector(`[data-outcome="${outcome}"] [data-option="${option}"]`)!;
  expect(cell, `${outcome} × ${option}`).to.exist;
  const svg = cell.querySelector('svg');
  return {
    text: text(cell.querySelector('.outcome__count')),
    filled: svg?.querySelectorAll('[data-filled]').length,
    total: svg ? svg.querySelectorAll('.icon').length : undefined,
    labelledBy: svg ? root(el).getElementById(svg.getAttribute('aria-labelledby')!) : null,
    role: svg?.getAttribute('role'),
  };
}

describe('engage-decision-aid: numbers as icon arrays', function () {
  it('colorectal aid: counts per 1,000 match the cited CISNET table, in icons and in text', async () => {
    const el = await aidElement(memory(), { aidId: 'colorectal-cancer-screening', startStep: 'numbers' });
    // World J Gastrointest Oncol 2016;8(5):450-458, Table 3, SimCRC rows (see aids/README.md)
    const expected: [string, string, number | null][] = [
      ['crc-deaths-prevented', 'colonoscopy', 24],
      ['crc-deaths-prevented', 'fit', 23],
      ['crc-deaths-prevented', 'stool-dna', 22],
      ['crc-deaths-prevented', 'no-screening', 0],
      ['colonoscopy-complications', 'colonoscopy', 14],
      ['colonoscopy-complications', 'fit', 10],
      ['colonoscopy-complications', 'stool-dna', 9],
      ['colonoscopy-complications', 'no-screening', null],
    ];
    for (const [outcome, option, n] of expected) {
      const s = shown(el, outcome, option);
      if (n === null) {
        expect(s.filled, 'no icon array without a number').to.equal(undefined);
        expect(s.text).to.match(/^No number: The source gives no number/);
        continue;
      }
      expect(s.filled, `${outcome} × ${option} icons`).to.equal(n);
      expect(s.total).to.equal(1000);
      expect(s.text).to.equal(`${n.toLocaleString('en-US')} out of 1,000 people`);
      expect(s.role).to.equal('img');
      expect(text(s.labelledBy)).to.contain(`${n} out of 1,000 people`);
    }
    // the time frame and source are stated with every outcome
    const outcome = root(el).querySelector('[data-outcome="crc-deaths-prevented"]')!;
    expect(text(outcome.querySelector('h4'))).to.contain('over their lifetime, for people screened from age 50 to 75');
    expect(text(outcome.querySelector('.source-ref'))).to.equal('Source: [2]');
  });

  it('statin aid: numbers follow the entered 10-year risk (× 0.72 with a statin), same denominator everywhere', async () => {
    // round(risk) without, round(0.72 × risk) with a statin (Chou 2022 RR 0.72), out of 100
    const cases: [number, number, number][] = [
      [1, 1, 1],
      [5, 5, 4],
      [7.5, 8, 5],
      [10, 10, 7],
      [20, 20, 14],
      [40, 40, 29],
    ];
    for (const [risk, without, withStatin] of cases) {
      const el = await aidElement(memory(), { aidId: 'statin-primary-prevention', startStep: 'numbers', riskInputs: { 'ten-year-risk': risk } });
      const none = shown(el, 'cardiovascular-event', 'no-statin');
      const statin = shown(el, 'cardiovascular-event', 'statin');
      expect([none.filled, statin.filled], `risk ${risk}%`).to.deep.equal([without, withStatin]);
      expect(none.text).to.equal(`${without} out of 100 people`);
      expect(statin.text).to.equal(`${withStatin} out of 100 people`);
      expect(shown(el, 'new-diabetes', 'statin').filled).to.equal(2);
      expect(shown(el, 'new-diabetes', 'no-statin').filled).to.equal(0);
      const denominators = new Set([...root(el).querySelectorAll('svg[data-denominator]')].map((s) => s.getAttribute('data-denominator')));
      expect([...denominators]).to.deep.equal(['100']);
    }
  });

  it('statin aid: without a risk the numbers use the stated example (10%); typing a risk updates icons and text', async () => {
    const el = await aidElement(memory(), { aidId: 'statin-primary-prevention', startStep: 'numbers' });
    // the aid's riskInputs[0].default is 10: round(10) without, round(7.2) with a statin
    expect(shown(el, 'cardiovascular-event', 'no-statin').text).to.equal('10 out of 100 people');
    expect(shown(el, 'cardiovascular-event', 'statin').filled).to.equal(7);
    expect(text(root(el).querySelector('.default-note'))).to.contain('Your number may differ');
    const input = root(el).querySelector<HTMLInputElement>('#input-ten-year-risk')!;
    input.focus();
    await sendKeys({ type: '15' });
    await waitFor(() => shown(el, 'cardiovascular-event', 'statin').filled === 11, 'icons for 15%');
    expect(shown(el, 'cardiovascular-event', 'no-statin').filled).to.equal(15);
    // out of range: refused, not silently used; the example comes back, said to be one
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '90' });
    await waitFor(() => input.getAttribute('aria-invalid') === 'true', 'out-of-range flagged');
    expect(text(root(el).querySelector('.field__error'))).to.contain('from 1 to 40');
    expect(shown(el, 'cardiovascular-event', 'statin').filled).to.equal(7);
    expect(text(root(el).querySelector('.default-note'))).to.contain('Example numbers');
  });
});

describe('engage-decision-aid: malformed content is refused with the bad field named', function () {
  const cases: [string, (aid: Record<string, any>) => void, RegExp][] = [
    ['a missing number', (aid) => delete aid.outcomes[0].values.fit, /outcomes\[0\]\.values\.fit.*is missing/],
    ['a numerator left out', (aid) => delete aid.outcomes[1].values.colonoscopy.numerator, /outcomes\[1\]\.values\.colonoscopy\.numerator.*required/],
    ['denominators that differ', (aid) => (aid.outcomes[1].denominator = 100), /outcomes\[1\]\.denominator.*same denominator/],
    ['a probability over 1', (aid) => (aid.outcomes[0].values.fit.numerator = 1200), /outcomes\[0\]\.values\.fit\.numerator.*probability over 1/],
    ['an unknown field', (aid) => (aid.options[0].colour = 'red'), /options\[0\]\.colour.*not a field/],
    ['a source that does not exist', (aid) => (aid.outcomes[0].sources = ['nowhere']), /outcomes\[0\]\.sources\[0\].*names no source/],
  ];
  for (const [name, spoil, message] of cases) {
    it(`refuses ${name}`, async () => {
      const aid = await aidContent('colorectal-cancer-screening');
      spoil(aid);
      expect(validateAid(aid).ok).to.equal(false);
      const el = await aidElement(createMemoryAdapter({ decisionAids: { aids: [aid] } }), { aidId: 'colorectal-cancer-screening' });
      const alert = root(el).querySelector('[role="alert"]');
      expect(text(alert)).to.contain('cannot be shown because its content has errors');
      expect(text(alert)).to.match(message);
      expect(root(el).querySelector('.step'), 'nothing of the aid is shown').to.equal(null);
    });
  }

  it('refuses a scaled number that could exceed 1 at the top of the input range', async () => {
    const aid = await aidContent('statin-primary-prevention');
    (aid as any).outcomes[0].values.statin.multiplier = 3;
    const result = validateAid(aid);
    expect(result.ok).to.equal(false);
    expect(JSON.stringify(!result.ok && result.problems)).to.contain('outcomes[0].values.statin.multiplier');
  });
});

describe('engage-decision-aid: XSS payloads in aid text execute nothing', function () {
  const hits: string[] = [];
  const saved = { alert: window.alert, prompt: window.prompt, confirm: window.confirm };
  before(() => {
    window.alert = (m?: unknown) => void hits.push(`alert:${String(m)}`);
    window.prompt = (m?: unknown) => (hits.push(`prompt:${String(m)}`), null);
    window.confirm = (m?: unknown) => (hits.push(`confirm:${String(m)}`), false);
  });
  after(() => Object.assign(window, saved));

  it('puts fixture payloads into every text field and walks every step', async () => {
    const vectors = await fixture<{ payload: string }[]>('sanitizer/payloadbox-xss-payloads.json');
    const payloads = vectors.map((v) => v.payload).filter((p) => /<|javascript:/i.test(p));
    expect(payloads.length).to.be.greaterThan(100);
    let next = 0;
    const p = () => payloads[next++ % payloads.length]!;
    for (const round of [0, 1, 2]) {
      const aid = (await aidContent('statin-primary-prevention')) as any;
      aid.title = p();
      aid.metadata.disclaimer = p();
      aid.metadata.methods = p();
      Object.assign(aid.decision, { question: p(), whoFor: p(), whyNow: p(), doingNothing: p() });
      for (const o of aid.options) Object.assign(o, { label: p(), summary: p() });
      for (const a of aid.attributes) {
        a.question = p();
        for (const key of Object.keys(a.answers)) a.answers[key] = p();
      }
      for (const o of aid.outcomes) Object.assign(o, { label: p(), timeFrame: p(), explanation: p() });
      for (const v of aid.values) Object.assign(v, { statement: p(), lowLabel: p(), highLabel: p() });
      for (const k of aid.knowledge) {
        Object.assign(k, { question: p(), feedback: p() });
        for (const a of k.answers) a.label = p();
      }
      for (const g of aid.glossary) Object.assign(g, { term: p(), definition: p() });
      for (const s of aid.sources) Object.assign(s, { citation: p(), locator: p() });
      aid.riskInputs[0].label = p();
      expect(validateAid(aid).ok, `round ${round} still valid`).to.equal(true);
      const el = await aidElement(createMemoryAdapter({ decisionAids: { aids: [aid] } }), {
        aidId: 'statin-primary-prevention',
        riskInputs: { 'ten-year-risk': 10 },
      });
      const buttons = () => [...root(el).querySelectorAll<HTMLButtonElement>('.steps__button')];
      for (let i = 0; i < buttons().length; i++) {
        buttons()[i]!.click();
        await el.updateComplete;
        for (const d of root(el).querySelectorAll('details')) d.open = true;
        // answer a knowledge question so its feedback renders
        root(el).querySelector<HTMLInputElement>('.question input[type="radio"]')?.click();
        await el.updateComplete;
        expect(root(el).querySelectorAll('img, iframe, script, object, embed, a[href]').length, `step ${i}`).to.equal(0);
      }
      expect(root(el).textContent).to.contain(aid.options[0].label.slice(0, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hits).to.deep.equal([]);
  });
});

/** The element's focused control, through its shadow root. */
function focused(el: EngageDecisionAid): Element | null {
  return root(el).activeElement;
}

/** Presses Tab until `match` holds for the focused control inside the aid. */
async function tabTo(el: EngageDecisionAid, match: (node: Element) => boolean, what: string): Promise<Element> {
  for (let i = 0; i < 200; i++) {
    const node = focused(el);
    if (node && match(node)) return node;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

const isNext = (n: Element) => n.classList.contains('nav__next');

async function next(el: EngageDecisionAid, expectedStep: string): Promise<void> {
  await tabTo(el, isNext, 'Next');
  await sendKeys({ press: 'Enter' });
  await waitFor(() => root(el).querySelector(`.step[data-step="${expectedStep}"]`), `step ${expectedStep}`);
  expect(focused(el)?.id, 'focus moves to the new step heading').to.equal('step-heading');
}

/** Answers every radio group on the step: Tab into each group, Space picks the focused answer. */
async function answerGroups(el: EngageDecisionAid, arrowsDown: number[] = []): Promise<void> {
  const groups = [...root(el).querySelectorAll('.step fieldset')];
  for (const [g, fieldset] of groups.entries()) {
    await tabTo(el, (n) => fieldset.contains(n) && n.matches('input[type="radio"]'), `group ${g}`);
    for (let i = 0; i < (arrowsDown[g] ?? 0); i++) await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Space' });
  }
}

async function completeByKeyboard(el: EngageDecisionAid, aid: 'crc' | 'statin'): Promise<DecisionAidResponse> {
  const complete = new Promise<DecisionAidResponse>((resolve) =>
    el.addEventListener('engage-decision-complete', (e) => resolve(e.detail.response), { once: true }),
  );
  // into the element from the page
  (document.activeElement as HTMLElement | null)?.blur();
  await tabTo(el, (n) => n.classList.contains('steps__button'), 'the first step');
  await next(el, 'options');
  expect(text(root(el).querySelector('[role="status"][aria-live="polite"]'))).to.equal('Step 2 of 7: Options side by side');
  await next(el, 'numbers');
  if (aid === 'statin') {
    await tabTo(el, (n) => n.id === 'input-ten-year-risk', 'the risk input');
    await sendKeys({ type: '12' });
    await waitFor(() => root(el).querySelector('[data-option="statin"] svg'), 'statin icons');
  }
  await next(el, 'values');
  const sliders = [...root(el).querySelectorAll<HTMLInputElement>('input[type="range"]')];
  for (const [i, slider] of sliders.entries()) {
    await tabTo(el, (n) => n === slider, `slider ${i}`);
    for (let k = 0; k <= i; k++) await sendKeys({ press: 'ArrowRight' });
    expect(slider.getAttribute('aria-valuetext')).to.match(new RegExp(`^${5 + i + 1} of 10 \\(0 = Does not matter to me, 10 = Matters a lot\\)$`));
  }
  await next(el, 'knowledge');
  await answerGroups(el, aid === 'crc' ? [1, 1, 1] : [1, 0]); // the correct answers
  expect(text(root(el).querySelector('.feedback'))).to.match(/^Correct\./);
  await next(el, 'sure');
  await answerGroups(el, [0, 0, 0, 1]); // yes, yes, yes, no
  expect(text(root(el).querySelector('.sure-result'))).to.contain('SURE score: 3 of 4.');
  await next(el, 'summary');
  await answerGroups(el, [0]); // leaning: the first option
  await tabTo(el, (n) => n.id === 'questions', 'the questions box');
  await sendKeys({ type: 'What happens next?' });
  await tabTo(el, (n) => n.classList.contains('save'), 'Save');
  await sendKeys({ press: 'Enter' });
  return complete;
}

describe('engage-decision-aid: keyboard only, both aids end to end', function () {
  it('completes the colorectal aid without a mouse and saves what was chosen', async () => {
    const adapter = memory();
    const el = await aidElement(adapter, { aidId: 'colorectal-cancer-screening' });
    const response = await completeByKeyboard(el, 'crc');
    expect(response.id).to.be.a('string');
    expect(response).to.deep.include({ aidId: 'colorectal-cancer-screening', aidVersion: '0.1.0', patient: PATIENT, leaning: 'colonoscopy', questions: 'What happens next?' });
    expect(response.values).to.deep.equal({ 'avoid-preparation': 6, 'test-less-often': 7, 'at-home': 8, 'remove-polyps': 9 });
    expect(response.knowledge).to.deep.equal({
      answers: { 'after-stool-test': 'colonoscopy', 'deaths-prevented': 'about-24', 'at-home-test': 'fit' },
      correct: 3,
      total: 3,
    });
    expect(response.sure).to.deep.equal({ items: [true, true, true, false], score: 3 });
    expect(response.optionsShown).to.deep.equal(['colonoscopy', 'fit', 'stool-dna', 'no-screening']);
    expect(response.numbersShown).to.deep.include({ outcomeId: 'crc-deaths-prevented', optionId: 'colonoscopy', numerator: 24, denominator: 1000 });
    expect(response.completed).to.equal(NOW.toISOString());
    await waitFor(() => text(root(el).querySelector('.save-status')).includes('Saved'), 'saved message');
  });

  it('completes the statin aid without a mouse, with the risk typed in', async () => {
    const el = await aidElement(memory(), { aidId: 'statin-primary-prevention' });
    const response = await completeByKeyboard(el, 'statin');
    expect(response.riskInputs).to.deep.equal({ 'ten-year-risk': 12 });
    expect(response.numbersShown).to.deep.include.members([
      { outcomeId: 'cardiovascular-event', optionId: 'statin', numerator: 9, denominator: 100 },
      { outcomeId: 'cardiovascular-event', optionId: 'no-statin', numerator: 12, denominator: 100 },
    ]);
    expect(response.leaning).to.equal('statin');
    expect(response.knowledge.correct).to.equal(2);
  });
});

describe('engage-decision-aid: saving over HTTP to the local FHIR server', function () {
  it('keeps every answer when a save fails, says so, and a retry saves exactly once', async () => {
    const { fhirUrl } = await fhirEndpoints();
    // the first save reaches the server, but its answer is lost on the way back (as when
    // a connection drops after the server wrote): the client sees a network failure
    let answersToLose = 1;
    const lossyFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (init?.method === 'POST' && answersToLose-- > 0) throw new TypeError('Failed to fetch');
      return answer;
    };
    const adapter = createFhirAdapter({ baseUrl: fhirUrl, maxRetries: 0, fetch: lossyFetch });
    const el = await aidElement(adapter, { aidId: 'statin-primary-prevention', startStep: 'summary', riskInputs: { 'ten-year-risk': 12 } });
    const marker = `retry test ${crypto.randomUUID()}`;
    root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="no-statin"]')!.click();
    const box = root(el).querySelector<HTMLTextAreaElement>('#questions')!;
    box.value = marker;
    box.dispatchEvent(new Event('input'));
    root(el).querySelector<HTMLButtonElement>('.save')!.click();
    const alert = await waitFor(() => root(el).querySelector('[role="alert"]'), 'the save error');
    expect(text(alert)).to.contain('Your answers were not saved yet. They are still here.');
    expect(root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="no-statin"]')!.checked).to.equal(true);
    expect(root(el).querySelector<HTMLTextAreaElement>('#questions')!.value).to.equal(marker);

    const direct = createFhirAdapter({ baseUrl: fhirUrl });
    const stored = async () => {
      const { resources } = await direct.client.searchAll('QuestionnaireResponse', { subject: PATIENT, _count: 200 });
      return resources.filter((r) => JSON.stringify(r).includes(marker));
    };
    expect((await stored()).length, 'the first attempt did reach the server').to.equal(1);

    const complete = new Promise<DecisionAidResponse>((resolve) =>
      el.addEventListener('engage-decision-complete', (e) => resolve(e.detail.response), { once: true }),
    );
    root(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    const response = await complete;
    const onServer = await stored();
    expect(onServer.length, 'the retry did not save a second time').to.equal(1);
    expect(response.id).to.equal(onServer[0]!.id);
    expect(response.questions).to.equal(marker);
    expect(response.leaning).to.equal('no-statin');
  });

  it('edited questions after a save whose answer was lost: one response on the server, holding the edit', async () => {
    const { fhirUrl } = await fhirEndpoints();
    let answersToLose = 1;
    const lossyFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (init?.method === 'POST' && answersToLose-- > 0) throw new TypeError('Failed to fetch');
      return answer;
    };
    const adapter = createFhirAdapter({ baseUrl: fhirUrl, maxRetries: 0, fetch: lossyFetch });
    const el = await aidElement(adapter, { aidId: 'statin-primary-prevention', startStep: 'summary', riskInputs: { 'ten-year-risk': 12 } });
    const marker = `edited ${crypto.randomUUID()}`;
    const box = () => root(el).querySelector<HTMLTextAreaElement>('#questions')!;
    box().value = `${marker} first`;
    box().dispatchEvent(new Event('input'));
    root(el).querySelector<HTMLButtonElement>('.save')!.click();
    await waitFor(() => root(el).querySelector('[role="alert"]'), 'the save error');
    const direct = createFhirAdapter({ baseUrl: fhirUrl });
    const stored = async () => {
      const { resources } = await direct.client.searchAll('QuestionnaireResponse', { subject: PATIENT, _count: 200 });
      return resources.filter((r) => JSON.stringify(r).includes(marker));
    };
    expect((await stored()).length, 'the first save landed').to.equal(1);

    box().value = `${marker} second`;
    box().dispatchEvent(new Event('input'));
    const complete = new Promise<DecisionAidResponse>((resolve) =>
      el.addEventListener('engage-decision-complete', (e) => resolve(e.detail.response), { once: true }),
    );
    root(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    const response = await complete;
    const onServer = await stored();
    expect(onServer.length, 'one response').to.equal(1);
    expect(JSON.stringify(onServer[0])).to.contain(`${marker} second`).and.not.contain(`${marker} first`);
    expect(response.questions).to.equal(`${marker} second`);
  });

  it('a save answered 200 with an OperationOutcome is not "saved", and no engage-decision-complete fires', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const outcomeFetch: typeof fetch = async (input, init) =>
      init?.method === 'POST'
        ? new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'processing', details: { text: 'Not stored' } }] }), {
            status: 200,
            headers: { 'Content-Type': 'application/fhir+json' },
          })
        : fetch(input, init);
    const adapter = createFhirAdapter({ baseUrl: fhirUrl, maxRetries: 0, fetch: outcomeFetch });
    const el = await aidElement(adapter, { aidId: 'statin-primary-prevention', startStep: 'summary', riskInputs: { 'ten-year-risk': 12 } });
    const events: Event[] = [];
    el.addEventListener('engage-decision-complete', (e) => events.push(e));
    root(el).querySelector<HTMLButtonElement>('.save')!.click();
    await waitFor(() => root(el).querySelector('[role="alert"]'), 'the save error');
    expect(text(root(el).querySelector('.save-status'))).to.not.contain('Saved');
    expect(events).to.have.length(0);
  });

  it('opens the saved response for the clinician read-only, as a one-page summary', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const adapter = createFhirAdapter({ baseUrl: fhirUrl });
    const el = await aidElement(adapter, { aidId: 'colorectal-cancer-screening', startStep: 'summary' });
    root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="fit"]')!.click();
    const box = root(el).querySelector<HTMLTextAreaElement>('#questions')!;
    box.value = 'How do I mail the kit?';
    box.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const complete = new Promise<DecisionAidResponse>((resolve) =>
      el.addEventListener('engage-decision-complete', (e) => resolve(e.detail.response), { once: true }),
    );
    root(el).querySelector<HTMLButtonElement>('.save')!.click();
    const saved = await complete;

    const review = await aidElement(adapter, { responseId: saved.id, role: 'clinician' });
    const summary = root(review).querySelector('[part="summary"]')!;
    expect(text(summary.querySelector('h2'))).to.equal('Checking for colorectal cancer: which test, if any?');
    expect(text(summary.querySelector('.answers__leaning'))).to.equal('Stool test (FIT) every year');
    expect(text(summary.querySelector('.answers__questions'))).to.equal('How do I mail the kit?');
    expect(text(summary)).to.contain('People kept from dying of colorectal cancer — Colonoscopy every 10 years: 24 out of 1,000 people');
    expect(root(review).querySelectorAll('input, textarea, .save').length, 'read-only').to.equal(0);
  });
});

describe('engage-decision-aid: failed save with the memory port, reflow and states', function () {
  it('a failing save shows the error and keeps the inputs', async () => {
    const el = await aidElement(createMemoryAdapter({ decisionAids: { aids: loadAids, failSavesWith: 'server' } }), {
      aidId: 'colorectal-cancer-screening',
      startStep: 'summary',
    });
    root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="unsure"]')!.click();
    root(el).querySelector<HTMLButtonElement>('.save')!.click();
    await waitFor(() => root(el).querySelector('[role="alert"]'), 'the error');
    expect(root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="unsure"]')!.checked).to.equal(true);
    expect(root(el).querySelector('.save')).to.exist;
  });

  it('starts over for another patient: one patient’s answers never go into another’s response', async () => {
    const el = await aidElement(memory(), { aidId: 'colorectal-cancer-screening', startStep: 'summary' });
    root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="fit"]')!.click();
    await el.updateComplete;
    el.session = { ...el.session, patient: 'Patient/someone-else' };
    await waitFor(() => root(el).querySelector('.step[data-step="summary"]') && !root(el).querySelector<HTMLInputElement>('input[name="leaning"][value="fit"]')?.checked, 'a fresh start');
    const complete = new Promise<DecisionAidResponse>((resolve) =>
      el.addEventListener('engage-decision-complete', (e) => resolve(e.detail.response), { once: true }),
    );
    root(el).querySelector<HTMLButtonElement>('.save')!.click();
    const response = await complete;
    expect(response.patient).to.equal('Patient/someone-else');
    expect(response.leaning).to.equal('unsure');
  });

  it('reflows at 320 px on every step of both aids', async () => {
    for (const aidId of ['colorectal-cancer-screening', 'statin-primary-prevention']) {
      for (const step of ['decision', 'options', 'numbers', 'values', 'knowledge', 'sure', 'summary']) {
        const el = await aidElement(memory(), { aidId, startStep: step, width: 320, riskInputs: { 'ten-year-risk': 20 } });
        for (const d of root(el).querySelectorAll('details')) d.open = true;
        await el.updateComplete;
        const base = root(el).querySelector<HTMLElement>('[part="base"]')!;
        expect(base.scrollWidth, `${aidId} › ${step}`).to.be.at.most(320);
        expect(el.scrollWidth, `${aidId} › ${step}`).to.be.at.most(320);
      }
    }
  });

  it('is axe-clean on the numbers step and the summary', async () => {
    const el = await aidElement(memory(), { aidId: 'statin-primary-prevention', startStep: 'numbers', riskInputs: { 'ten-year-risk': 12 } });
    await expect(el).to.be.accessible();
  });

  it('says which port is missing when the adapter has none', async () => {
    const el = await aidElement({}, { aidId: 'statin-primary-prevention' });
    expect(text(root(el).querySelector('[part~="not-configured"]'))).to.contain('"decisionAids" port');
  });
});
