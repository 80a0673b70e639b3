/**
 * Input-survival audit, part 2: <engage-questionnaire> over the memory port. "A retried or
 * double-clicked submit never creates two records" (DESIGN.md): two clicks on "Send to my
 * care team" in one task, on a form whose answers calculate (the PHQ-9's total score), must
 * reach the port once. Requests are counted on the port, never through the element.
 */
import { expect } from '@open-wc/testing';
import { pageDrafts } from '../../src/core/drafts.js';
import { waitFor } from './helpers.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import { mountPhq9, phq9Answers } from './phq9-page.js';

afterEach(() => pageDrafts.clear());

describe('input survival 2: questionnaire double activation', () => {
  it('"Send to my care team" clicked twice in one task while the total score is still calculating sends once', async () => {
    // the PHQ-9 shows before the FHIRPath engine comes; the patient answers and double-clicks Send
    const answers = await phq9Answers((n, options) => n % options);
    const { port, root, answerAll } = mountPhq9(answers);
    const submits: string[] = [];
    const submit = port.submit.bind(port);
    port.submit = (response, options) => (submits.push(options.idempotencyKey), submit(response, options));
    await new Promise<void>((resolve) => {
      const watch = new MutationObserver(() => {
        if (!root.querySelector('form select')) return;
        watch.disconnect();
        answerAll();
        const send = root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
        send.click();
        send.click();
        resolve();
      });
      watch.observe(root, { childList: true, subtree: true });
    });
    await waitFor(() => root.querySelector('.notice--saved'), 'the sent notice');
    // let a second submit, if one was started, reach the port
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([submits.length, port.allResponses().length], '[submit requests the port received, responses stored]').to.deep.equal([1, 1]);
  });
});

describe('input survival 2: the memory questionnaire port, one key arriving twice at once', () => {
  it('two submits under the same idempotency key, the second before the first answered, store one response', async () => {
    // docs/write-protocol.md §1: a retried or double-clicked write under one key creates nothing twice
    const { q } = await phq9Answers(() => 0);
    const port = new MemoryQuestionnairePort({ questionnaires: [q] });
    const response = {
      resourceType: 'QuestionnaireResponse' as const,
      status: 'completed' as const,
      questionnaire: q.url,
      subject: { reference: 'Patient/85' },
      item: [{ linkId: '/44250-9', answer: [{ valueCoding: { code: 'LA6568-5' } }] }],
    };
    const options = { idempotencyKey: '5b0f3f7e-8c1a-4c2e-9d2b-2f6a1e4c9a10' };
    await Promise.all([port.submit(response, options), port.submit(response, options)]);
    expect(port.allResponses().length, 'responses stored').to.equal(1);
  });
});
