/**
 * <engage-questionnaire> shows a form whose expressions only calculate (the PHQ-9's total
 * score) before the FHIRPath engine, a chunk of ~160 KiB gzip, has come (#20: pay only
 * for what the first view needs). What must never follow from that: a response sent
 * without its calculated answers. A send pressed at the very first moment waits for the
 * engine, and what is stored carries the total, counted here from the questionnaire's own
 * ordinal values.
 *
 * The dev server serves each module as its own file, so the page's resource timing names
 * what was fetched. This file has one page to itself: nothing before its test has loaded
 * the engine.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { Questionnaire } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { fixture, mountFrame, waitFor } from './helpers.js';

performance.setResourceTimingBufferSize(5000);

const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const TOTAL = '/44261-6';
const FHIRPATH = /\/node_modules\/fhirpath\//;
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

afterEach(() => pageDrafts.clear());

describe('<engage-questionnaire>: calculated answers after the form shows', function () {
  it('shows the PHQ-9 before the FHIRPath engine is fetched; a send pressed at that moment waits for it and stores the total', async () => {
    const q: Questionnaire = { ...(await fixture<Questionnaire>('questionnaires/lforms-phq9.json')), id: 'phq9', url: 'https://example.org/phq9' };
    expect(performance.getEntriesByType('resource').some((e) => FHIRPATH.test(e.name)), 'nothing has fetched the engine yet').to.equal(false);
    // the nine scored questions, each given one option; the total counted from the JSON
    const scored = q.item!.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === ORDINAL)));
    expect(scored).to.have.length(9);
    const picks = scored.map((item, n) => ({ item, index: (n * 2 + 1) % item.answerOption!.length }));
    const total = picks.reduce((sum, { item, index }) => sum + Number(item.answerOption![index]!.extension!.find((e) => e.url === ORDINAL)!.valueDecimal), 0);

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
    // the moment the form first shows: what had been fetched, and a send pressed right then
    const firstShown = new Promise<{ engineFetched: boolean; totalShown: string }>((resolve) => {
      const watch = new MutationObserver(() => {
        if (!root.querySelector('form select')) return;
        watch.disconnect();
        const seen = { engineFetched: performance.getEntriesByType('resource').some((e) => FHIRPATH.test(e.name)), totalShown: totalField()?.value ?? '' };
        for (const { item, index } of picks) {
          const label = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(item.text!))!;
          const select = root.getElementById(label.htmlFor) as HTMLSelectElement;
          select.value = String(index);
          select.dispatchEvent(new Event('change'));
        }
        root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
        resolve(seen);
      });
      watch.observe(root, { childList: true, subtree: true });
    });
    const totalField = () => {
      const label = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(q.item!.find((i) => i.linkId === TOTAL)!.text!));
      return label ? (root.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
    };

    const seen = await firstShown;
    expect(seen.engineFetched, 'the form shows before the engine is fetched').to.equal(false);
    expect(seen.totalShown, 'no total before the engine').to.equal('');
    await waitFor(() => root.querySelector('.notice--saved'), 'the sent notice');
    const stored = port.allResponses();
    expect(stored).to.have.length(1);
    expect(stored[0]!.status).to.equal('completed');
    expect(stored[0]!.item!.find((i) => i.linkId === TOTAL)?.answer?.[0]?.valueDecimal, 'the stored total').to.equal(total);
    expect(performance.getEntriesByType('resource').some((e) => FHIRPATH.test(e.name)), 'the engine came').to.equal(true);
  });
});
