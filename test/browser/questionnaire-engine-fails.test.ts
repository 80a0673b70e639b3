/**
 * <engage-questionnaire> with the FHIRPath engine unreachable (#20): a form whose
 * expressions only calculate shows before the engine has come, so the engine can fail to
 * come while someone is answering. Then nothing may be lost and nothing stored without
 * its total: the save fails with every answer still there, and once the engine can load,
 * the retry stores the answers with the total (counted here from the questionnaire's own
 * ordinal values).
 *
 * The browser fails every request for the `fhirpath` package while the test says so (the
 * runner's `block-urls` command). This file has one page to itself: nothing before its
 * test has loaded the engine.
 */
import { expect, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { Questionnaire } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { fixture, mountFrame, waitFor } from './helpers.js';

const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const TOTAL = '/44261-6';
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

afterEach(async () => {
  pageDrafts.clear();
  await executeServerCommand('block-urls', []);
});

describe('<engage-questionnaire>: the FHIRPath engine cannot load', function () {
  it('a save fails with every answer kept and nothing stored; once the engine can load, the retry stores them with the total', async () => {
    const q: Questionnaire = { ...(await fixture<Questionnaire>('questionnaires/lforms-phq9.json')), id: 'phq9', url: 'https://example.org/phq9' };
    const scored = q.item!.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === ORDINAL)));
    const picks = scored.map((item, n) => ({ item, index: (n + 1) % item.answerOption!.length }));
    const total = picks.reduce((sum, { item, index }) => sum + Number(item.answerOption![index]!.extension!.find((e) => e.url === ORDINAL)!.valueDecimal), 0);

    await executeServerCommand('block-urls', ['*/node_modules/fhirpath/*']);
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
    await waitFor(() => root.querySelector('form select'), 'the form, shown without the engine');
    const selectOf = (item: (typeof picks)[number]['item']) => {
      const label = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(item.text!))!;
      return root.getElementById(label.htmlFor) as HTMLSelectElement;
    };
    for (const { item, index } of picks) {
      const select = selectOf(item);
      select.value = String(index);
      select.dispatchEvent(new Event('change'));
    }

    root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    const alert = await waitFor(() => root.querySelector('.notice--error'), 'the failed send');
    expect(text(alert)).to.contain('Your answers were not saved yet. They are still here.');
    expect(text(alert), 'said as a connection problem').to.contain('We could not reach the server. Check your connection.');
    expect(port.allResponses(), 'nothing stored without its total').to.have.length(0);
    expect(picks.map((pick) => selectOf(pick.item).value), 'every answer kept').to.deep.equal(picks.map(({ index }) => String(index)));

    await executeServerCommand('block-urls', []);
    [...alert.querySelectorAll('button')].find((b) => text(b) === 'Try again')!.click();
    await waitFor(() => root.querySelector('.notice--saved'), 'the send once the engine can load');
    const stored = port.allResponses();
    expect(stored).to.have.length(1);
    expect(stored[0]!.status).to.equal('completed');
    expect(stored[0]!.item!.find((i) => i.linkId === TOTAL)?.answer?.[0]?.valueDecimal, 'the stored total').to.equal(total);
  });
});
