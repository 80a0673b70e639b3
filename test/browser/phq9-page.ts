/**
 * The LHC-Forms PHQ-9 on a page of its own, for the tests of when the FHIRPath engine
 * comes (questionnaire-calculated-later, questionnaire-engine-fails): the form, the nine
 * scored questions each given one option with the total counted from the JSON's own
 * ordinal values (never through the element), and the mounted element.
 */
import { html } from '@open-wc/testing';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { Questionnaire, QuestionnaireItem } from '../../src/adapters/ports.js';
import { fixture, mountFrame } from './helpers.js';

const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
/** The linkId of the PHQ-9's calculated total. */
export const TOTAL = '/44261-6';
/** Requests for the `fhirpath` package, as the dev server serves it. */
export const FHIRPATH = /\/node_modules\/fhirpath\//;

export const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const engineFetched = () => performance.getEntriesByType('resource').some((e) => FHIRPATH.test(e.name));

/** The PHQ-9 and the answers a test gives it: `pick(n, options)` is the option index of the n-th scored question. */
export async function phq9Answers(pick: (n: number, options: number) => number) {
  const q: Questionnaire = { ...(await fixture<Questionnaire>('questionnaires/lforms-phq9.json')), id: 'phq9', url: 'https://example.org/phq9' };
  const scored = q.item!.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === ORDINAL)));
  const picks = scored.map((item, n) => ({ item, index: pick(n, item.answerOption!.length) }));
  // the total of the picks, from the ordinal values
  const total = picks.reduce((sum, { item, index }) => sum + Number(item.answerOption![index]!.extension!.find((e) => e.url === ORDINAL)!.valueDecimal), 0);
  return { q, picks, total };
}

/**
 * Mounts the form for a patient, synchronously: a test can watch the shadow root before
 * the element's first render. `answerAll` chooses every pick as a patient would, with no
 * waiting in between.
 */
export function mountPhq9({ q, picks }: Awaited<ReturnType<typeof phq9Answers>>) {
  const port = new MemoryQuestionnairePort({ questionnaires: [q] });
  const frame = mountFrame(
    html`<engage-questionnaire
      .adapter=${{ questionnaires: port }}
      .session=${{ patient: 'Patient/85', role: 'patient', locale: 'en-US' }}
      questionnaire="phq9"
    ></engage-questionnaire>`,
  );
  const el = frame.querySelector<EngageQuestionnaire>('engage-questionnaire')!;
  const root = el.shadowRoot!;
  const selectOf = (item: QuestionnaireItem) => {
    const label = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(item.text!))!;
    return root.getElementById(label.htmlFor) as HTMLSelectElement;
  };
  const answerAll = () => {
    for (const { item, index } of picks) {
      const select = selectOf(item);
      select.value = String(index);
      select.dispatchEvent(new Event('change'));
    }
  };
  return { port, el, root, selectOf, answerAll };
}
