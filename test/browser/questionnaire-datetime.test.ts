/**
 * A date-and-time answer is an instant: resumed in another zone than it was written in (or
 * stored in UTC, as many servers normalise it), the form shows it on the viewer's own clock,
 * and saving the draft again stores the same instant, never the digits re-read as local time
 * (which moved "02:30 UTC" to "02:30 New York", five hours later, and showed it a day late).
 * On the LHC-Forms "bit of everything" questionnaire's dateTime item.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/questionnaire/questionnaire.js';
import type { EngageQuestionnaire } from '../../src/elements/questionnaire/questionnaire.component.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/index.js';
import type { Questionnaire, QuestionnaireResponse } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { fixture, mountFrame, setTimeZone, waitFor } from './helpers.js';

const PATIENT = 'Patient/85';
/** 02:30 UTC on 30 November 2026 is 21:30 on 29 November in New York (EST, UTC−5, after DST ended on 1 November). */
const STORED = '2026-11-30T02:30:00Z';
const NEW_YORK_WALL_CLOCK = '2026-11-29T21:30';

describe('<engage-questionnaire>: a date-and-time answer resumed in another zone', () => {
  afterEach(async () => {
    pageDrafts.clear();
    await setTimeZone('UTC');
  });

  it('shows the stored instant on the viewer’s clock, and saving again keeps the same instant', async () => {
    await setTimeZone('America/New_York');
    const q = { ...(await fixture<Questionnaire>('questionnaires/lforms-bit-of-everything.json')), id: 'everything' };
    const draft: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      id: 'draft-1',
      status: 'in-progress',
      questionnaire: q.url!,
      subject: { reference: PATIENT },
      item: [{ linkId: 'root', item: [{ linkId: 'Item-datetime', answer: [{ valueDateTime: STORED }] }] }],
    };
    const memory = new MemoryQuestionnairePort({ questionnaires: [q], responses: [draft] });
    const frame = mountFrame();
    render(
      html`<engage-questionnaire .adapter=${{ questionnaires: memory }} .session=${{ patient: PATIENT, role: 'patient', locale: 'en-US' }} response-id="draft-1"></engage-questionnaire>`,
      frame,
    );
    const el = frame.querySelector<EngageQuestionnaire>('engage-questionnaire')!;
    const input = await waitFor(() => el.shadowRoot?.querySelector<HTMLInputElement>('input[type="datetime-local"]'), 'the date-and-time field');
    expect(input.value).to.equal(NEW_YORK_WALL_CLOCK);

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('.notice--saved'), 'the saved notice');
    const saved = memory.allResponses().find((r) => r.id === 'draft-1')!;
    const answer = saved.item![0]!.item!.find((i) => i.linkId === 'Item-datetime')!.answer![0]!.valueDateTime!;
    expect(Date.parse(answer), `${answer} is the instant ${STORED}`).to.equal(Date.parse(STORED));
  });
});
