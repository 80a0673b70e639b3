/* eslint-disable @typescript-eslint/no-explicit-any -- the tests change aids field by field */
/**
 * <engage-decision-aid>: balanced presentation (IPDAS), issue 19 item 5. Benefits and harms
 * are labelled as what they are, in English and Spanish; an aid whose outcomes are all of
 * one kind is refused unless it says why; the statin aid shows its benefit at a stated
 * example risk ("your number may differ") until the clinician enters the patient's own.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/decision-aid/decision-aid.js';
import type { EngageDecisionAid } from '../../src/elements/decision-aid/decision-aid.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { DecisionAidResponse } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { validateAid } from '../../src/elements/decision-aid/content/validate.js';
import { waitFor } from './helpers.js';
import { aidContent, loadAids } from './decision-aid-helpers.js';

const mounted: HTMLElement[] = [];
afterEach(async () => {
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
  await applyLocale('en');
});

async function mount(
  aids: unknown[] | (() => Promise<unknown[]>),
  aidId: string,
  options: { locale?: string; riskInputs?: Record<string, number>; startStep?: string } = {},
): Promise<EngageDecisionAid> {
  const locale = options.locale ?? 'en';
  await applyLocale(locale);
  const wrapper = document.createElement('div');
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(
    html`<engage-decision-aid
      .adapter=${createMemoryAdapter({ decisionAids: { aids } })}
      .session=${{ patient: 'Patient/85', role: 'patient', locale, now: () => new Date('2026-11-25T10:00:00Z') }}
      aid-id=${aidId}
      start-step=${options.startStep ?? 'numbers'}
      .riskInputs=${options.riskInputs ?? {}}
    ></engage-decision-aid>`,
    wrapper,
  );
  const el = wrapper.querySelector('engage-decision-aid')!;
  await waitFor(() => el.shadowRoot!.querySelector('.step, .state--error'), 'the aid to load');
  return el;
}

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const kindLabel = (el: EngageDecisionAid, outcome: string) => text(el.shadowRoot!.querySelector(`[data-outcome="${outcome}"] .outcome__kind`));
const count = (el: EngageDecisionAid, outcome: string, option: string) =>
  text(el.shadowRoot!.querySelector(`[data-outcome="${outcome}"] [data-option="${option}"] .outcome__count`));
const filled = (el: EngageDecisionAid, outcome: string, option: string) =>
  el.shadowRoot!.querySelectorAll(`[data-outcome="${outcome}"] [data-option="${option}"] svg.icon-array [data-filled]`).length;
const note = (el: EngageDecisionAid) => el.shadowRoot!.querySelector('.default-note');

describe('engage-decision-aid: benefits and harms, balanced', function () {
  it('the statin aid states a benefit and a harm in its content', async () => {
    const aid = (await aidContent('statin-primary-prevention')) as any;
    const kinds = Object.fromEntries(aid.outcomes.map((o: any) => [o.id, o.kind]));
    expect(kinds).to.deep.equal({ 'cardiovascular-event': 'benefit', 'new-diabetes': 'harm' });
    // the example risk is stated in the aid, with the source of the choice
    expect(aid.riskInputs[0].default).to.equal(10);
    expect(aid.riskInputs[0].help).to.contain('10%');
  });

  it('labels fewer heart attacks and strokes a benefit and new diabetes a harm, in English', async () => {
    const el = await mount(loadAids, 'statin-primary-prevention');
    expect(kindLabel(el, 'cardiovascular-event')).to.equal('Benefit:');
    expect(kindLabel(el, 'new-diabetes')).to.equal('Harm:');
    expect(el.shadowRoot!.querySelector('[data-outcome="cardiovascular-event"] svg')!.classList.contains('icon-array--benefit')).to.equal(true);
    expect(el.shadowRoot!.querySelector('[data-outcome="new-diabetes"] svg')!.classList.contains('icon-array--harm')).to.equal(true);
  });

  it('labels them in Spanish', async () => {
    const el = await mount(loadAids, 'statin-primary-prevention', { locale: 'es' });
    await waitFor(() => kindLabel(el, 'cardiovascular-event') === 'Beneficio:', 'Spanish label');
    expect(kindLabel(el, 'new-diabetes')).to.equal('Daño:');
    expect(text(note(el))).to.contain('Su número puede ser distinto');
    expect(text(note(el))).to.contain('10 %');
  });

  it('shows the benefit at the stated example risk until a risk is entered, then the patient’s own', async () => {
    const el = await mount(loadAids, 'statin-primary-prevention');
    // 10% without a statin; round(10 × 0.72) = 7 with one (Chou 2022 RR 0.72)
    expect(count(el, 'cardiovascular-event', 'no-statin')).to.equal('10 out of 100 people');
    expect(count(el, 'cardiovascular-event', 'statin')).to.equal('7 out of 100 people');
    expect([filled(el, 'cardiovascular-event', 'no-statin'), filled(el, 'cardiovascular-event', 'statin')]).to.deep.equal([10, 7]);
    expect(text(note(el))).to.match(/example/i);
    expect(text(note(el))).to.contain('10%');
    expect(text(note(el))).to.contain('Your number may differ');
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('#input-ten-year-risk')!;
    expect(input.value, 'the example is not put in the clinician’s field').to.equal('');
    input.focus();
    await sendKeys({ type: '15' });
    await waitFor(() => filled(el, 'cardiovascular-event', 'statin') === 11, 'icons for 15%');
    expect(count(el, 'cardiovascular-event', 'no-statin')).to.equal('15 out of 100 people');
    expect(note(el), 'no example note once the patient’s own risk is in').to.equal(null);
  });

  it('a risk the host supplies replaces the example at once', async () => {
    const el = await mount(loadAids, 'statin-primary-prevention', { riskInputs: { 'ten-year-risk': 20 } });
    expect(count(el, 'cardiovascular-event', 'no-statin')).to.equal('20 out of 100 people');
    expect(note(el)).to.equal(null);
  });

  it('a response saved at the example risk records the numbers shown, not an entered risk', async () => {
    const el = await mount(loadAids, 'statin-primary-prevention', { startStep: 'summary' });
    const complete = new Promise<DecisionAidResponse>((resolve) =>
      el.addEventListener('engage-decision-complete', (e) => resolve(e.detail.response), { once: true }),
    );
    el.shadowRoot!.querySelector<HTMLButtonElement>('.save')!.click();
    const response = await complete;
    expect(response.riskInputs, 'nobody entered a risk').to.deep.equal({});
    expect(response.numbersShown).to.deep.include({ outcomeId: 'cardiovascular-event', optionId: 'statin', numerator: 7, denominator: 100 });
  });
});

describe('validateAid: an aid shows both benefits and harms, or says why not', function () {
  it('refuses an aid whose outcomes are all harms, naming the field to explain it', async () => {
    const aid = (await aidContent('statin-primary-prevention')) as any;
    for (const o of aid.outcomes) o.kind = 'harm';
    const result = validateAid(aid);
    expect(result.ok).to.equal(false);
    const problems = JSON.stringify(!result.ok && result.problems);
    expect(problems).to.contain('"path":"outcomes"');
    expect(problems).to.contain('oneKindReason');
    const el = await mount([aid], 'statin-primary-prevention');
    expect(text(el.shadowRoot!.querySelector('[role="alert"]'))).to.contain('all harms');
  });

  it('refuses an aid whose outcomes are all benefits', async () => {
    const aid = (await aidContent('colorectal-cancer-screening')) as any;
    for (const o of aid.outcomes) o.kind = 'benefit';
    const result = validateAid(aid);
    expect(result.ok).to.equal(false);
    expect(JSON.stringify(!result.ok && result.problems)).to.contain('all benefits');
  });

  it('accepts one kind when the aid says why, and shows the reason with the numbers', async () => {
    const aid = (await aidContent('statin-primary-prevention')) as any;
    for (const o of aid.outcomes) o.kind = 'harm';
    aid.oneKindReason = 'Only the side effects have verified numbers; the benefit is described in words.';
    expect(validateAid(aid).ok).to.equal(true);
    const el = await mount([aid], 'statin-primary-prevention');
    expect(text(el.shadowRoot!.querySelector('.one-kind-reason'))).to.contain('Only the side effects have verified numbers');
  });

  it('refuses a reason where there is nothing to explain (both kinds shown)', async () => {
    const aid = (await aidContent('statin-primary-prevention')) as any;
    aid.oneKindReason = 'Stale text.';
    const result = validateAid(aid);
    expect(result.ok).to.equal(false);
    expect(JSON.stringify(!result.ok && result.problems)).to.contain('"path":"oneKindReason"');
  });
});
