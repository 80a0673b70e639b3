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
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { pageDrafts } from '../../src/core/drafts.js';
import { waitFor } from './helpers.js';
import { mountPhq9, phq9Answers, text, TOTAL } from './phq9-page.js';

afterEach(async () => {
  pageDrafts.clear();
  await executeServerCommand('block-urls', []);
});

describe('<engage-questionnaire>: the FHIRPath engine cannot load', function () {
  it('a save fails with every answer kept and nothing stored; once the engine can load, the retry stores them with the total', async () => {
    const answers = await phq9Answers((n, options) => (n + 1) % options);
    await executeServerCommand('block-urls', ['*/node_modules/fhirpath/*']);
    const { port, root, selectOf, answerAll } = mountPhq9(answers);
    await waitFor(() => root.querySelector('form select'), 'the form, shown without the engine');
    answerAll();

    root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    const alert = await waitFor(() => root.querySelector('.notice--error'), 'the failed send');
    expect(text(alert)).to.contain('Your answers were not saved yet. They are still here.');
    expect(text(alert), 'said as a connection problem').to.contain('We could not reach the server. Check your connection.');
    expect(port.allResponses(), 'nothing stored without its total').to.have.length(0);
    expect(answers.picks.map((pick) => selectOf(pick.item).value), 'every answer kept').to.deep.equal(answers.picks.map(({ index }) => String(index)));

    await executeServerCommand('block-urls', []);
    [...alert.querySelectorAll('button')].find((b) => text(b) === 'Try again')!.click();
    await waitFor(() => root.querySelector('.notice--saved'), 'the send once the engine can load');
    const stored = port.allResponses();
    expect(stored).to.have.length(1);
    expect(stored[0]!.status).to.equal('completed');
    expect(stored[0]!.item!.find((i) => i.linkId === TOTAL)?.answer?.[0]?.valueDecimal, 'the stored total').to.equal(answers.total);
  });
});
