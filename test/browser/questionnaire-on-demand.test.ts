/**
 * <engage-questionnaire> keeps what filling a form in does not need out of its up-front
 * download (#16): the read-only view (review-view.ts, with the date formatting it brings)
 * loads on demand. These tests check that a form being filled in has not fetched it, and
 * that the moments it loads in lose nothing: a clinician turning up on a draft gets the
 * read-only view without an error on the way; a draft save keeps focus and answers and
 * its notice shows the time.
 *
 * The dev server serves each source module as its own file, so the page's resource
 * timing entries name the modules fetched. The first test must run first in this file
 * (nothing else in it loads the view before).
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { EngageAdapter, Questionnaire, QuestionnaireResponse } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { mountFrame, waitFor } from './helpers.js';

// room for every module of the page (the default buffer of 250 entries drops the rest)
performance.setResourceTimingBufferSize(5000);

const NOW = new Date('2026-12-02T10:00:00Z');
const PATIENT = 'Patient/85';

const questionnaire: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'check-in',
  url: 'https://example.org/check-in',
  status: 'active',
  title: 'Check-in',
  item: [
    { linkId: 'mood', text: 'How is your mood today?', type: 'string' },
    { linkId: 'sleep', text: 'Did you sleep well?', type: 'boolean' },
  ],
};
const draft: QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse',
  id: 'draft-1',
  questionnaire: 'https://example.org/check-in',
  status: 'in-progress',
  subject: { reference: PATIENT },
  item: [{ linkId: 'mood', text: 'How is your mood today?', answer: [{ valueString: 'Tired but fine' }] }],
};

afterEach(() => pageDrafts.clear());

const fetched = (module: RegExp) => performance.getEntriesByType('resource').some((entry) => module.test(entry.name));
const REVIEW_VIEW = /\/src\/elements\/questionnaire\/review-view\.ts/;
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(attrs: { responseId?: string }): Promise<EngageQuestionnaire> {
  const adapter: EngageAdapter = { questionnaires: new MemoryQuestionnairePort({ questionnaires: [questionnaire], responses: [draft] }) };
  const frame = mountFrame(
    html`<engage-questionnaire
      .adapter=${adapter}
      .session=${{ patient: PATIENT, role: 'patient', locale: 'en-US', now: () => NOW }}
      questionnaire=${attrs.responseId ? '' : 'check-in'}
      response-id=${attrs.responseId ?? ''}
    ></engage-questionnaire>`,
  );
  const el = frame.querySelector('engage-questionnaire')!;
  await waitFor(() => el.shadowRoot!.querySelector('form'), 'the form');
  return el;
}

describe('<engage-questionnaire>: the read-only view on demand', function () {
  it('a draft being filled in has not fetched the read-only view; when the session turns to a clinician’s, it loads and shows, with no error on the way', async () => {
    const el = await mount({ responseId: 'draft-1' });
    const root = el.shadowRoot!;
    expect(performance.getEntriesByType('resource').length, 'every fetch recorded').to.be.below(5000);
    expect(text(root)).to.contain('You are continuing a saved draft.');
    expect(fetched(REVIEW_VIEW), 'the read-only view is not fetched for a form to fill in').to.equal(false);

    const errors: Element[] = [];
    const watch = new MutationObserver(() => errors.push(...root.querySelectorAll('[part~="error"], [role="alert"]')));
    watch.observe(root, { childList: true, subtree: true });
    el.session = { ...el.session, role: 'clinician' };
    const answers = await waitFor(() => root.querySelector('dl.answers'), 'the read-only answers');
    watch.disconnect();

    expect(errors, 'no error while the view loads').to.deep.equal([]);
    expect(root.querySelector('form'), 'read-only').to.equal(null);
    expect(text(answers.querySelector('dt'))).to.equal('How is your mood today?');
    expect(text(answers.querySelector('dd'))).to.equal('Tired but fine');
    expect(text(root)).to.contain('Draft, not sent yet.');
    expect(text(root)).to.contain('Patient-reported answers.');
    expect(fetched(REVIEW_VIEW), 'fetched once shown').to.equal(true);
  });

  it('saving a draft keeps focus on the save button and every answer; the notice shows when it was saved', async () => {
    const el = await mount({});
    const root = el.shadowRoot!;
    const field = root.querySelector<HTMLInputElement>('input[type="text"]')!;
    field.value = 'Better';
    field.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const save = root.querySelector<HTMLButtonElement>('[part~="save-button"]')!;
    save.focus();
    save.click();
    const notice = await waitFor(() => root.querySelector('.notice--saved'), 'the saved notice');
    // the time of NOW in the reader's language, from the platform, not from the element
    const year = new Intl.DateTimeFormat('en-US', { year: 'numeric' }).format(NOW);
    expect(text(notice)).to.match(/^Draft saved .+\.$/);
    expect(text(notice)).to.contain(year);
    expect(root.activeElement).to.equal(save);
    expect(root.querySelector<HTMLInputElement>('input[type="text"]')!.value).to.equal('Better');
  });
});
