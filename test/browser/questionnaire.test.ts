/**
 * <engage-questionnaire>: the LHC-Forms PHQ-9 filled in and sent (score counted here from
 * the questionnaire's own ordinal values), validation announced and focused, a failed save
 * that keeps every answer and a retry that stores one response, draft and resume, the
 * clinician's read-only view with score and interpretation, a refused enableWhen loop,
 * rendering-xhtml / markdown with <script> and <button> made inert, XSS vectors in
 * questionnaire text, Spanish, axe and 320 px.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { EngageAdapter, Questionnaire, QuestionnairePort, QuestionnaireResponse } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { fixture, waitFor } from './helpers.js';
import { hits, installTraps, itDetectsUnsanitizedExecution, xssPayloads } from './xss-traps.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const PATIENT = 'Patient/85';
const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

const mounted: HTMLElement[] = [];
afterEach(() => {
  pageDrafts.clear(); // answers typed in one test never reach the next
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
});

async function mount(
  adapter: EngageAdapter,
  attrs: { questionnaire?: string; responseId?: string; role?: string; lang?: string; width?: number; resource?: Questionnaire } = {},
): Promise<EngageQuestionnaire> {
  const wrapper = document.createElement('div');
  if (attrs.width) wrapper.style.width = `${attrs.width}px`;
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(
    html`<engage-questionnaire
      .adapter=${adapter}
      .session=${{ patient: PATIENT, role: attrs.role ?? 'patient', locale: attrs.lang ?? 'en-US', now: () => NOW }}
      questionnaire=${attrs.questionnaire ?? ''}
      response-id=${attrs.responseId ?? ''}
      .questionnaireResource=${attrs.resource}
    ></engage-questionnaire>`,
    wrapper,
  );
  const el = wrapper.querySelector('engage-questionnaire')!;
  await waitFor(() => el.shadowRoot!.querySelector('form, dl.answers, .refused, [part~="error"]'), 'the questionnaire to load');
  return el;
}

const root = (el: EngageQuestionnaire) => el.shadowRoot!;
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function phq9(): Promise<Questionnaire> {
  return { ...(await fixture<Questionnaire>('questionnaires/lforms-phq9.json')), id: 'phq9', url: 'https://example.org/phq9' };
}

/** The select of a question, found by its label text. */
function selectFor(el: EngageQuestionnaire, labelStart: string): HTMLSelectElement {
  const label = [...root(el).querySelectorAll('label')].find((l) => text(l).startsWith(labelStart));
  expect(label, labelStart).to.exist;
  return root(el).getElementById(label!.htmlFor) as HTMLSelectElement;
}

function choose(select: HTMLSelectElement, index: number): void {
  select.value = String(index);
  select.dispatchEvent(new Event('change'));
}

/** Answers the nine scored PHQ-9 questions; returns the total counted from the JSON. */
async function fillPhq9(el: EngageQuestionnaire, q: Questionnaire): Promise<number> {
  let total = 0;
  const scored = q.item!.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === ORDINAL)));
  for (const [n, item] of scored.entries()) {
    const index = (n * 5) % item.answerOption!.length;
    total += Number(item.answerOption![index]!.extension!.find((e) => e.url === ORDINAL)!.valueDecimal);
    choose(selectFor(el, item.text!), index);
    await el.updateComplete;
  }
  return total;
}

describe('<engage-questionnaire>', function () {
  it('fills in and sends the PHQ-9: one completed response with the answers and the calculated total', async () => {
    const q = await phq9();
    const port = new MemoryQuestionnairePort({ questionnaires: [q] });
    const el = await mount({ questionnaires: port }, { questionnaire: 'https://example.org/phq9' });
    await expect(el).to.be.accessible();
    const total = await fillPhq9(el, q);
    const sent = new Promise<CustomEvent>((resolve) => el.addEventListener('engage-questionnaire-submit', resolve as EventListener, { once: true }));
    root(el).querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    const event = await sent;
    const stored = port.allResponses();
    expect(stored).to.have.length(1);
    expect(stored[0]!.status).to.equal('completed');
    expect(stored[0]!.subject?.reference).to.equal(PATIENT);
    expect(stored[0]!.questionnaire).to.equal('https://example.org/phq9');
    expect(stored[0]!.item!.find((i) => i.linkId === '/44261-6')?.answer?.[0]?.valueDecimal).to.equal(total);
    expect((event.detail as { response: QuestionnaireResponse }).response.id).to.equal(stored[0]!.id);
    await waitFor(() => root(el).querySelector('.notice--saved'), 'the sent notice');
    expect(root(el).activeElement, 'focus moves to what replaced the button').to.equal(root(el).querySelector('.notice--saved'));
  });

  it('on submit with missing answers, announces them and focuses the first; nothing is stored', async () => {
    const q = await phq9();
    const port = new MemoryQuestionnairePort({ questionnaires: [q] });
    const el = await mount({ questionnaires: port }, { questionnaire: 'phq9' });
    choose(selectFor(el, q.item![0]!.text!), 1);
    await el.updateComplete;
    root(el).querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await waitFor(() => root(el).querySelector('.error'), 'the problems');
    expect(port.allResponses()).to.have.length(0);
    const errors = root(el).querySelectorAll('.error');
    expect(errors.length).to.equal(7, 'eight required questions, one answered');
    expect(text(root(el).querySelector('[role="status"]'))).to.equal('7 questions need an answer or a fix before you send.');
    const second = selectFor(el, q.item![1]!.text!);
    expect(root(el).activeElement).to.equal(second);
    expect(second.getAttribute('aria-invalid')).to.equal('true');
    expect(second.getAttribute('aria-describedby')).to.equal(errors[0]!.id);
    await expect(el).to.be.accessible();
  });

  it('a failed save keeps every answer; the retry stores exactly one draft, which resumes', async () => {
    const q = await phq9();
    const memory = new MemoryQuestionnairePort({ questionnaires: [q] });
    let failures = 1;
    const port: QuestionnairePort = Object.assign(Object.create(memory) as QuestionnairePort, {
      saveDraft: (r: QuestionnaireResponse, keys: { idempotencyKey: string }) =>
        failures-- > 0 ? Promise.reject(new EngageError('network', 'offline')) : memory.saveDraft(r, keys),
    });
    const el = await mount({ questionnaires: port }, { questionnaire: 'phq9' });
    choose(selectFor(el, q.item![0]!.text!), 2);
    choose(selectFor(el, q.item![1]!.text!), 3);
    await el.updateComplete;
    root(el).querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    const alert = await waitFor(() => root(el).querySelector('.notice--error'), 'the save error');
    expect(text(alert)).to.contain('Your answers were not saved yet. They are still here.');
    expect(selectFor(el, q.item![0]!.text!).value).to.equal('2');
    expect(selectFor(el, q.item![1]!.text!).value).to.equal('3');
    expect(memory.allResponses()).to.have.length(0);
    [...alert.querySelectorAll('button')].find((b) => text(b) === 'Try again')!.click();
    await waitFor(() => root(el).querySelector('.notice--saved'), 'the saved notice');
    const stored = memory.allResponses();
    expect(stored).to.have.length(1);
    expect(stored[0]!.status).to.equal('in-progress');

    const resumed = await mount({ questionnaires: memory }, { responseId: stored[0]!.id });
    expect(text(root(resumed))).to.contain('You are continuing a saved draft.');
    expect(selectFor(resumed, q.item![1]!.text!).value).to.equal('3');
    // finishing the resumed draft updates the same record
    await fillPhq9(resumed, q);
    root(resumed).querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await waitFor(() => memory.allResponses()[0]!.status === 'completed', 'the response to be completed');
    expect(memory.allResponses()).to.have.length(1);
  });

  it('clinician view: read-only answers, the score and the questionnaire’s interpretation', async () => {
    const q = await phq9();
    const memory = new MemoryQuestionnairePort({ questionnaires: [q] });
    const patient = await mount({ questionnaires: memory }, { questionnaire: 'phq9' });
    const total = await fillPhq9(patient, q);
    root(patient).querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await waitFor(() => memory.allResponses().length === 1, 'the response');
    expect(root(patient).querySelector('[part~="score"]'), 'the patient sees no score').to.equal(null);
    const id = memory.allResponses()[0]!.id!;
    const el = await mount({ questionnaires: memory }, { responseId: id, role: 'clinician' });
    expect(root(el).querySelector('form'), 'read-only').to.equal(null);
    expect(text(root(el).querySelector('.score__total'))).to.equal(String(total));
    // bands as the questionnaire states them ("5-9 = Mild depression; 10-14 = Moderate …")
    const band = total >= 20 ? 'Severed depression' : total >= 15 ? 'Moderately severe depression' : total >= 10 ? 'Moderate depression' : total >= 5 ? 'Mild depression' : 'Minimal depression';
    expect(text(root(el).querySelector('.score__band'))).to.equal(`Interpretation: ${band}`);
    expect(root(el).querySelectorAll('dl.answers dt').length).to.equal(10, 'nine answers and the total');
    expect(text(root(el))).to.contain('Patient-reported answers.');
    await expect(el).to.be.accessible();
  });

  it('a completed response shows its answers as stored: a total the record holds is not calculated again', async () => {
    const q = await phq9();
    const scored = q.item!.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === ORDINAL)));
    const sum = scored.reduce((n, item) => n + Number(item.answerOption![1]!.extension!.find((e) => e.url === ORDINAL)!.valueDecimal), 0);
    // recorded elsewhere with a total that is not the sum of these answers (scored another way, or edited)
    const recordedTotal = sum + 2;
    const totalItem = q.item!.find((i) => i.linkId === '/44261-6')!;
    const completed: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      id: 'recorded-elsewhere',
      questionnaire: q.url,
      status: 'completed',
      subject: { reference: PATIENT },
      item: [
        ...scored.map((item) => ({ linkId: item.linkId, text: item.text, answer: [{ valueCoding: item.answerOption![1]!.valueCoding! }] })),
        { linkId: totalItem.linkId, text: totalItem.text, answer: [{ valueDecimal: recordedTotal }] },
      ],
    };
    const el = await mount({ questionnaires: new MemoryQuestionnairePort({ questionnaires: [q], responses: [completed] }) }, { responseId: completed.id, role: 'clinician' });
    await el.updateComplete;
    const terms = [...root(el).querySelectorAll('dl.answers dt')];
    const totalTerm = terms.find((dt) => text(dt).startsWith(totalItem.text!));
    expect(totalTerm, 'the total is listed').to.exist;
    expect(text(totalTerm!.nextElementSibling), 'the total as the record holds it').to.equal(String(recordedTotal));
  });

  it('refuses a form whose enableWhen conditions loop, at once', async () => {
    const q = await fixture<Questionnaire>('questionnaires/lforms-enableWhen-test.R4.json');
    const g1 = q.item!.find((i) => i.linkId === 'g1')!;
    g1.item!.find((i) => i.linkId === 'Q1')!.enableWhen = [{ question: 'Q1-exists', operator: 'exists', answerBoolean: true }];
    const el = await mount({ questionnaires: new MemoryQuestionnairePort() }, { resource: q });
    expect(text(root(el).querySelector('.refused'))).to.contain('This form cannot be shown');
    expect(text(root(el).querySelector('.refused .meta'))).to.equal('Q1 → Q1-exists → Q1');
  });

  it('shows and hides dependent questions as answers change (enableWhen test form)', async () => {
    const q = await fixture<Questionnaire>('questionnaires/lforms-enableWhen-test.R4.json');
    const el = await mount({ questionnaires: new MemoryQuestionnairePort() }, { resource: q });
    const labels = () => [...root(el).querySelectorAll('label, legend')].map(text);
    expect(labels().some((l) => l.startsWith('conditional field - Q1-exists'))).to.equal(false);
    const yes = [...root(el).querySelectorAll('fieldset')].find((f) => text(f.querySelector('legend')).startsWith('Q1 Boolean'))!.querySelector('input')!;
    yes.click();
    await el.updateComplete;
    expect(labels().some((l) => l.startsWith('conditional field - Q1-exists'))).to.equal(true);
    expect(labels().some((l) => l.startsWith('conditional field - Q1-not-exists'))).to.equal(false);
  });

  it('an attachment answer carries the file: its type, name, size and bytes as base64', async () => {
    const q: Questionnaire = { resourceType: 'Questionnaire', id: 'photo', url: 'https://example.org/photo', status: 'active', item: [{ linkId: 'rash', text: 'A photo of the rash', type: 'attachment' }] };
    const port = new MemoryQuestionnairePort({ questionnaires: [q] });
    const el = await mount({ questionnaires: port }, { questionnaire: 'photo' });
    // larger than one 32 KiB slice of the encoder, every byte value present
    const bytes = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 7) % 256);
    const files = new DataTransfer();
    files.items.add(new File([bytes], 'rash.png', { type: 'image/png' }));
    const input = root(el).querySelector<HTMLInputElement>('input[type="file"]')!;
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitFor(() => text(root(el).querySelector('.attached')) === 'rash.png', 'the file to be read');
    root(el).querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => port.allResponses().length === 1, 'the draft');
    // base64 by the platform, one character per byte, not through the element's encoder
    const expected = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
    expect(port.allResponses()[0]!.item![0]!.answer).to.deep.equal([{ valueAttachment: { contentType: 'image/png', data: expected, title: 'rash.png', size: 40_000 } }]);
  });

  it('works in Spanish, and reflows at 320 px', async () => {
    const q = await phq9();
    const el = await mount({ questionnaires: new MemoryQuestionnairePort({ questionnaires: [q] }) }, { questionnaire: 'phq9', lang: 'es', width: 320 });
    await waitFor(() => text(root(el).querySelector('[part~="submit-button"]')) === 'Enviar a mi equipo de atención', 'Spanish');
    const base = root(el).querySelector<HTMLElement>('[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
  });
});

describe('<engage-questionnaire>: untrusted markup', function () {
  let restore: () => void;
  beforeEach(() => {
    hits.length = 0;
    restore = installTraps();
  });
  afterEach(() => restore());

  itDetectsUnsanitizedExecution();

  for (const name of [
    'lforms-q-with-rendering-xhtml-text-with-invalid-tag.json',
    'lforms-q-with-rendering-xhtml-help-and-legal-with-invalid-tag.json',
    'lforms-q-with-rendering-xhtml-answerOption-with-invalid-tag.json',
    'lforms-q-with-rendering-markdown-text-with-invalid-tag.json',
    'lforms-q-with-invalid-xhtml.json',
    'lforms-q-with-rendering-xhtml-answerOption.json',
    'lforms-q-with-scores-with-rendering-xhtml.json',
  ]) {
    it(`${name}: rich text shown, <script> and <button> inert`, async () => {
      const source = await fetch(`/test/fixtures/questionnaires/${name}`).then((r) => r.text());
      const q = JSON.parse(source) as Questionnaire;
      const el = await mount({ questionnaires: new MemoryQuestionnairePort() }, { resource: q });
      for (const details of root(el).querySelectorAll('details')) details.open = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(root(el).querySelectorAll('script').length, 'no script element').to.equal(0);
      expect(root(el).querySelectorAll('.rich button, .rich [onclick], .rich [onerror]').length, 'no button or handler from the form').to.equal(0);
      expect(hits).to.deep.equal([]);
      // the rich text itself is shown (sanitized), not dropped
      expect(root(el).querySelectorAll('.rich').length, 'rich text rendered').to.be.greaterThan(0);
    });
  }

  it('every XSS vector as item text and rendering-xhtml, and as option, prefix and help, executes nothing', async () => {
    const payloads = (await xssPayloads()).map((p) => p.payload);
    const xhtml = (s: string) => ({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/rendering-xhtml', valueString: s }] });
    const help = { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl', valueCodeableConcept: { coding: [{ code: 'help' }] } };
    const el = await mount({ questionnaires: new MemoryQuestionnairePort() }, { resource: { resourceType: 'Questionnaire', item: [] } });
    // every payload as plain text and as rich text, in forms of 500 display items (one form
    // of 5,000+ would take minutes to lay out on a loaded machine)
    for (let from = 0; from < payloads.length; from += 500) {
      const batch = payloads.slice(from, from + 500);
      el.questionnaireResource = {
        resourceType: 'Questionnaire',
        item: batch.flatMap((payload, i) => [
          { linkId: `t${i}`, type: 'display', text: payload },
          { linkId: `x${i}`, type: 'display', text: 'x', _text: xhtml(payload) },
        ]),
      };
      await waitFor(() => root(el).querySelectorAll('.display').length === batch.length * 2, `payloads ${from}…`);
    }
    // and the first 300 in the other places questionnaire text goes
    el.questionnaireResource = {
      resourceType: 'Questionnaire',
      item: payloads.slice(0, 300).map((payload, i) => ({
        linkId: `c${i}`,
        type: 'choice',
        text: payload,
        prefix: payload,
        _prefix: xhtml(payload),
        answerOption: [{ valueCoding: { code: 'a', display: payload } }, { valueString: payload, _valueString: xhtml(payload) }],
        item: [{ linkId: `h${i}`, type: 'display', text: payload, _text: xhtml(payload), extension: [help] }],
      })),
    };
    await waitFor(() => root(el).querySelectorAll('fieldset').length === 300, 'the choice items');
    for (const details of root(el).querySelectorAll('details')) details.open = true;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(root(el).querySelectorAll('script').length).to.equal(0);
    expect(hits).to.deep.equal([]);
  });
});
