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
import { expect } from '@open-wc/testing';
import { pageDrafts } from '../../src/core/drafts.js';
import { waitFor } from './helpers.js';
import { engineFetched, mountPhq9, phq9Answers, text, TOTAL } from './phq9-page.js';

performance.setResourceTimingBufferSize(5000);

afterEach(() => pageDrafts.clear());

describe('<engage-questionnaire>: calculated answers after the form shows', function () {
  it('shows the PHQ-9 before the FHIRPath engine is fetched; a send pressed at that moment waits for it and stores the total', async () => {
    const answers = await phq9Answers((n, options) => (n * 2 + 1) % options);
    const { q, total } = answers;
    expect(answers.picks, 'the nine scored questions').to.have.length(9);
    expect(engineFetched(), 'nothing has fetched the engine yet').to.equal(false);
    const { port, root, answerAll } = mountPhq9(answers);
    const totalField = () => {
      const label = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(q.item!.find((i) => i.linkId === TOTAL)!.text!));
      return label ? (root.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
    };
    // the moment the form first shows: what had been fetched, and a send pressed right then
    const firstShown = new Promise<{ engineFetched: boolean; totalShown: string }>((resolve) => {
      const watch = new MutationObserver(() => {
        if (!root.querySelector('form select')) return;
        watch.disconnect();
        const seen = { engineFetched: engineFetched(), totalShown: totalField()?.value ?? '' };
        answerAll();
        root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
        resolve(seen);
      });
      watch.observe(root, { childList: true, subtree: true });
    });

    const seen = await firstShown;
    expect(seen.engineFetched, 'the form shows before the engine is fetched').to.equal(false);
    expect(seen.totalShown, 'no total before the engine').to.equal('');
    await waitFor(() => root.querySelector('.notice--saved'), 'the sent notice');
    const stored = port.allResponses();
    expect(stored).to.have.length(1);
    expect(stored[0]!.status).to.equal('completed');
    expect(stored[0]!.item!.find((i) => i.linkId === TOTAL)?.answer?.[0]?.valueDecimal, 'the stored total').to.equal(total);
    expect(engineFetched(), 'the engine came').to.equal(true);
  });
});
