/**
 * #19 bar for <engage-questionnaire>: where focus is after every state change, keyboard
 * only. Each action names its expected target: a repeat added → the new repetition's
 * heading; a repeat removed → the heading of the repetition now in its place (or the one
 * before, when the last went); "Send" with problems → the first question that needs an
 * answer; "Save and finish later" → stays on that button (it is never removed); "Send"
 * complete → the confirmation that replaced the form; "Try again" after a failed save →
 * the new "Try again" when it fails again, the "Draft saved" notice when it works.
 * Never <body>, never a removed node.
 *
 * The questionnaire renders every item on one page (no paged groups), so there is no
 * next/previous page to test.
 *
 * Forms: the LHC-Forms PHQ-9 and RxTerms lookup (test/fixtures/questionnaires, see the
 * README there for their source and terms).
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { EngageAdapter, Questionnaire } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { EngageError } from '../../src/core/errors.js';
import { fixture, mountFrame, waitFor } from './helpers.js';

const NOW = new Date('2026-12-02T10:00:00Z');

afterEach(() => pageDrafts.clear()); // answers typed in one test never reach the next

async function mount(questionnaire: Questionnaire, port = new MemoryQuestionnairePort({ questionnaires: [questionnaire] })): Promise<EngageQuestionnaire> {
  const adapter: EngageAdapter = { questionnaires: port };
  const frame = mountFrame(
    html`<engage-questionnaire
      .adapter=${adapter}
      .session=${{ patient: 'Patient/85', role: 'patient', locale: 'en-US', now: () => NOW }}
      questionnaire=${questionnaire.id!}
    ></engage-questionnaire>`,
  );
  const el = frame.querySelector('engage-questionnaire')!;
  await waitFor(() => el.shadowRoot!.querySelector('form'), 'the form');
  return el;
}

const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * A node as words, for assertions: chai's message for two unequal DOM nodes walks them
 * (shadow roots included) and can stall the page, so nodes are never compared directly.
 */
const seen = (node: Element | null | undefined) => (node ? `<${node.localName}${node.id ? `#${node.id}` : ''}> "${text(node)}"` : 'nothing');

/** The element that really has focus, through open shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Focuses `control` and presses Enter on it, as a keyboard user would. */
async function press(control: HTMLElement): Promise<void> {
  control.focus();
  expect(seen(deepActive()), 'the control takes focus').to.equal(seen(control));
  await sendKeys({ press: 'Enter' });
}

/** Waits for focus to rest on something other than `from` and <body>, then returns it. */
async function focusMovedFrom(el: EngageQuestionnaire, from: Element): Promise<HTMLElement> {
  await el.updateComplete;
  const active = await waitFor(() => {
    const now = deepActive();
    return now && now !== from && now !== document.body ? now : undefined;
  }, 'focus to move');
  expect(active.isConnected, 'focus is on a node still shown').to.equal(true);
  expect((active as HTMLElement).checkVisibility(), 'focus is on a visible node').to.equal(true);
  return active as HTMLElement;
}

const headings = (el: EngageQuestionnaire) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('h3.group__title')];
const buttonsNamed = (el: EngageQuestionnaire, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].filter((b) => text(b) === name);

describe('<engage-questionnaire>: focus after every state change', () => {
  let rxterms: Questionnaire;
  let phq9: Questionnaire;
  before(async () => {
    rxterms = { ...(await fixture<Questionnaire>('questionnaires/lforms-rxterms.R4.json')), id: 'rxterms' };
    phq9 = { ...(await fixture<Questionnaire>('questionnaires/lforms-phq9.json')), id: 'phq9' };
  });

  it('"Add another" → the heading of the new repetition', async () => {
    const el = await mount(rxterms);
    const groupTitle = rxterms.item![0]!.text!;
    expect(headings(el).map(text)).to.deep.equal([`${groupTitle} 1`]);
    const add = buttonsNamed(el, 'Add another')[0]!;
    await press(add);
    const active = await focusMovedFrom(el, add);
    expect(headings(el).map(text)).to.deep.equal([`${groupTitle} 1`, `${groupTitle} 2`]);
    expect(seen(active)).to.equal(seen(headings(el)[1]));
    // and again, from the button the new repetition shows
    const again = buttonsNamed(el, 'Add another')[0]!;
    await press(again);
    const next = await focusMovedFrom(el, again);
    expect(headings(el).map(text)).to.deep.equal([1, 2, 3].map((n) => `${groupTitle} ${n}`));
    expect(seen(next)).to.equal(seen(headings(el)[2]));
  });

  it('"Remove this one" → the heading of the repetition in its place, or of the one before when the last went', async () => {
    const el = await mount(rxterms);
    for (let i = 0; i < 2; i++) {
      buttonsNamed(el, 'Add another')[0]!.click();
      await el.updateComplete;
    }
    expect(headings(el)).to.have.length(3);
    // the middle one: the third moves up into its place
    const middle = buttonsNamed(el, 'Remove this one')[1]!;
    await press(middle);
    const active = await focusMovedFrom(el, middle);
    expect(headings(el)).to.have.length(2);
    expect(seen(active)).to.equal(seen(headings(el)[1]));
    // the last one: focus goes to the one before
    const last = buttonsNamed(el, 'Remove this one')[1]!;
    await press(last);
    const after = await focusMovedFrom(el, last);
    expect(headings(el)).to.have.length(1);
    expect(buttonsNamed(el, 'Remove this one')).to.have.length(0);
    expect(seen(after)).to.equal(seen(headings(el)[0]));
  });

  it('"Send" with unanswered questions → the first question that needs an answer', async () => {
    const el = await mount(phq9);
    const firstRequired = phq9.item!.find((i) => i.required)!;
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
    await press(send);
    const active = await focusMovedFrom(el, send);
    // the field whose label is the first required question's text
    const label = (active as HTMLInputElement).labels?.[0] ?? active.closest('fieldset')?.querySelector('legend');
    expect(text(label)).to.contain(firstRequired.text);
    expect(active.getAttribute('aria-invalid') ?? active.closest('[aria-invalid]')?.getAttribute('aria-invalid')).to.equal('true');
  });

  it('"Save and finish later" → focus stays on that button, which is still there', async () => {
    const el = await mount(phq9);
    const save = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!;
    await press(save);
    await waitFor(() => el.shadowRoot!.querySelector('.notice--saved'), 'the draft saved notice');
    await el.updateComplete;
    expect(save.isConnected).to.equal(true);
    expect(deepActive() === save, `focus on ${seen(deepActive())}`).to.equal(true);
  });

  it('"Try again" after a failed save → the new "Try again" when it fails again, the "Draft saved" notice when it works', async () => {
    const port = new MemoryQuestionnairePort({ questionnaires: [phq9] });
    let failures = 2;
    const saveDraft = port.saveDraft.bind(port);
    port.saveDraft = async (response, keys) => {
      if (failures-- > 0) throw new EngageError('network', 'Simulated network failure.');
      return saveDraft(response, keys);
    };
    const el = await mount(phq9, port);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    const retry = await waitFor(() => buttonsNamed(el, 'Try again')[0], 'the retry');
    await press(retry);
    await waitFor(() => failures === 0 && el.shadowRoot!.querySelector('.notice--error'), 'the second failure');
    const again = await focusMovedFrom(el, retry);
    expect(seen(again)).to.equal(seen(buttonsNamed(el, 'Try again')[0]));
    await press(again as HTMLButtonElement);
    await waitFor(() => el.shadowRoot!.querySelector('.notice--saved'), 'the draft saved');
    const saved = await focusMovedFrom(el, again);
    expect(seen(saved)).to.equal(seen(el.shadowRoot!.querySelector('.notice--saved')));
    expect(text(saved)).to.match(/^Draft saved /);
  });

  it('"Send" with every answer → the confirmation that replaced the form', async () => {
    const el = await mount(phq9);
    for (const select of el.shadowRoot!.querySelectorAll<HTMLSelectElement>('form select')) {
      select.value = '0';
      select.dispatchEvent(new Event('change'));
    }
    await el.updateComplete;
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
    await press(send);
    const active = await focusMovedFrom(el, send);
    expect(send.isConnected, 'the form is gone').to.equal(false);
    expect(text(active)).to.equal('Sent. Your care team can see your answers.');
  });
});
