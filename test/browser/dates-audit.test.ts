/**
 * Dates audit: a moment the library stamps itself (`now().toISOString()`, written in UTC)
 * or a server stores normalised to UTC names no place, so it is shown on the viewer's
 * clock — the day it was where the viewer is. Shown as its UTC digits, a decision aid
 * finished at 21:45 in New York read "Completed" the next day, a leaflet assigned and read
 * that evening read "Assigned on"/"Read" tomorrow, a vaccine forecast said "For January 10.
 * Made on January 11." and a questionnaire's date-and-time answer read five hours and a day
 * away from the same answer in its input. An open time whose clinic names no zone (a video visit)
 * was put on the booking calendar on UTC's day while its time was shown on the viewer's clock.
 *
 * The browser runs in New York (EST, UTC−5 in December and January); every expected text is
 * worked out from the calendar: 02:45 UTC on 4 December is 21:45 on 3 December there.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/education/education.js';
import '../../src/elements/immunizations/immunizations.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/appointments/appointments.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import type { EngageImmunizations } from '../../src/elements/immunizations/immunizations.component.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { typicalSummary } from '../../stories/data/summaries.js';
import type { EngageAppointments } from '../../src/elements/appointments/appointments.component.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { renderReview } from '../../src/elements/decision-aid/aid-answers.js';
import { answerText, savedAt } from '../../src/elements/questionnaire/review-view.js';
import { MemoryEducationPort } from '../../src/adapters/memory/education.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { DecisionAidResponse, ImmunizationRecord, Questionnaire } from '../../src/adapters/ports.js';
import { fixture, mountFrame, setTimeZone, settled, shadowText, waitFor } from './helpers.js';

/** Intl writes a narrow no-break space before AM/PM; compare the words. */
const words = (text: string) => text.replace(/[\s\u202f]+/g, ' ').trim();

describe('dates audit: moments on the viewer’s clock (New York)', () => {
  beforeEach(() => setTimeZone('America/New_York'));
  after(() => setTimeZone('UTC'));

  it('a decision aid completed at 21:45 in New York reads "Completed Dec 3", not the UTC day after', async () => {
    // what the element stores at 21:45 EST on 3 December 2026: now().toISOString()
    const response: DecisionAidResponse = {
      aidId: 'statin-choice', aidVersion: '1.0', patient: 'Patient/85', optionsShown: [], numbersShown: [], riskInputs: {}, values: {},
      knowledge: { answers: {}, correct: 0, total: 0 }, sure: null, leaning: 'unsure', questions: '',
      started: '2026-12-04T02:30:00.000Z', completed: '2026-12-04T02:45:00.000Z',
    };
    const frame = mountFrame();
    render(renderReview(undefined, response, 'en-US'), frame);
    expect(words(frame.querySelector('.review__meta')!.textContent!)).to.equal('Decision aid summary, version 1.0. Completed Dec 3, 2026.');
  });

  it('a leaflet assigned and read on a New York evening reads "Assigned on Dec 3" and "Read Dec 3"', async () => {
    const port = new MemoryEducationPort({
      materials: [
        // assigned at 21:00 and read at 22:10 EST on 3 December, as the ports stamp them (UTC)
        { id: 'a', patient: 'Patient/85', title: 'Walking plan', url: 'https://kb.test/walk', assigned: '2026-12-04T02:00:00.000Z', readAt: '2026-12-04T03:10:00.000Z' },
      ],
    });
    const el = await mount<EngageEducation>(html`<engage-education
      .adapter=${{ education: port }}
      .session=${{ patient: 'Patient/85', locale: 'en-US', now: () => new Date('2026-12-04T03:15:00Z') }}
    ></engage-education>`);
    const item = await waitFor(() => el.shadowRoot?.querySelector('[part~="material"]'), 'the material');
    const text = words(item.textContent!);
    expect(text).to.contain('Assigned on Dec 3, 2026');
    expect(text).to.contain('Read Dec 3, 2026');
  });

  it('a vaccine forecast made at 21:45 in New York says it was made on the day it is for', async () => {
    // CDC CDSi case 2013-0001 (a newborn, born 2025-11-10, no doses); the engine forecasts for
    // the viewer's today, 10 January 2026 (02:45 UTC on the 11th is 21:45 EST on the 10th)
    const text = await (await fetch('/test/fixtures/cdsi/healthy-v4.45.ndjson')).text();
    const c = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)).find((x) => x.id === '2013-0001');
    const record: ImmunizationRecord = { patient: { ref: 'Patient/2013-0001', name: c.name, birthDate: c.dob, gender: 'female' }, vaccinations: [] };
    const el = await mount<EngageImmunizations>(html`<engage-immunizations
      .adapter=${createMemoryAdapter({ immunizations: { records: [record] } })}
      .session=${{ patient: record.patient.ref, role: 'patient', locale: 'en-US', now: () => new Date('2026-01-11T02:45:00Z') }}
    ></engage-immunizations>`);
    const meta = await waitFor(
      () => [...(el.shadowRoot?.querySelectorAll('p.meta') ?? [])].find((p) => (p.textContent ?? '').includes('Made on')),
      'the forecast line',
    );
    const line = words(meta.textContent!);
    expect(line).to.contain('For January 10, 2026.');
    expect(line).to.contain('Made on January 10, 2026.');
  });

  it('a questionnaire’s date-and-time answer reads as its input shows it; "saved" is the viewer’s time', async () => {
    // the LHC-Forms "bit of everything" dateTime item, stored normalised to UTC (as in questionnaire-datetime.test.ts):
    // 02:30 UTC on 30 November 2026 is 21:30 EST on 29 November, what the datetime-local input shows
    const q = await fixture<Questionnaire>('questionnaires/lforms-bit-of-everything.json');
    const item = JSON.stringify(q).includes('"Item-datetime"');
    expect(item, 'the fixture has its dateTime item').to.equal(true);
    expect(words(answerText({ valueDateTime: '2026-11-30T02:30:00Z' }, 'en-US'))).to.equal('Nov 29, 2026, 9:30 PM');
    expect(words(savedAt(new Date('2026-12-04T02:45:00Z'), 'en-US'))).to.equal('Dec 3, 2026, 9:45 PM');
  });

  it('a summary read from the FHIR server at 21:00 in New York says it was produced that day', async () => {
    // the FHIR summary port stamps `generated` with new Date().toISOString(): 02:00 UTC on 4 December is 21:00 EST on the 3rd
    const summary = { ...typicalSummary, source: 'live' as const, generated: '2026-12-04T02:00:00.000Z' };
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .adapter=${createMemoryAdapter({ summary: { summaries: { 'Patient/typical': summary } } })}
      .session=${{ patient: 'Patient/typical', locale: 'en-US', now: () => new Date('2026-12-04T02:05:00Z') }}
    ></engage-clinical-summary>`);
    const date = await waitFor(() => el.shadowRoot?.querySelector('.meta__date'), 'the produced date');
    expect(words(date.textContent!)).to.equal('· Produced Dec 3, 2026');
  });

  it('moving a video visit: an open time with no clinic zone is on the calendar on the day its time is shown', async () => {
    // 19:00 EST on Monday 7 December 2026 is 00:00 UTC on Tuesday the 8th
    const now = new Date('2026-12-03T15:00:00Z');
    const clinician = { ref: 'Practitioner/ana', kind: 'practitioner' as const, name: 'Ana Lee' };
    const port = new MemorySchedulingPort({
      now: () => now,
      visitTypes: [{ id: 'video', name: 'Video follow-up', minutes: 20, selfSchedulable: true, mode: 'video', clinicians: [clinician], locations: [] }],
      slots: [{ id: 's1', start: '2026-12-08T00:00:00Z', end: '2026-12-08T00:20:00Z', clinician, visitTypes: ['video'], status: 'free' }],
      appointments: [{ id: 'a1', status: 'booked', patient: 'Patient/85', start: '2026-12-10T15:00:00Z', end: '2026-12-10T15:20:00Z', visitType: { id: 'video', name: 'Video follow-up' }, clinician }],
    });
    const frame = mountFrame();
    render(
      html`<engage-appointments .adapter=${{ scheduling: port }}
        .session=${{ patient: 'Patient/85', role: 'patient', locale: 'en-US', now: () => now }}></engage-appointments>`,
      frame,
    );
    const el = frame.querySelector<EngageAppointments>('engage-appointments')!;
    const change = await waitFor(() => el.shadowRoot?.querySelector<HTMLButtonElement>('#reschedule-a1'), 'the "Change time" button');
    change.click();
    await settled(el);
    const open = await waitFor(() => {
      const days = [...el.shadowRoot!.querySelectorAll<HTMLElement>('td[data-date][aria-disabled="false"]')];
      return days.length ? days : undefined;
    }, 'the calendar');
    expect(open.map((d) => d.dataset.date)).to.deep.equal(['2026-12-07']);
    open[0]!.click();
    await settled(el);
    const step = words(shadowText(el));
    expect(step).to.contain('Times on Monday, December 7');
    expect(step).to.contain('7:00 PM');
  });

  it('a summary list, newest first, orders a date and a date-and-time by the days it shows', async () => {
    // a procedure recorded as a date (2 May) and one with its time (8 pm on 1 May, UTC−5: 01:00 UTC on 2 May)
    const summary = {
      ...typicalSummary,
      sections: {
        ...typicalSummary.sections,
        procedures: {
          state: 'entries' as const,
          entries: [
            { id: 'pr-evening', name: { text: 'Wound check', codings: [] }, performed: '2024-05-01T20:00:00-05:00', status: 'completed' as const },
            { id: 'pr-day', name: { text: 'Colonoscopy', codings: [] }, performed: '2024-05-02', status: 'completed' as const },
          ],
        },
      },
    };
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary sections="procedures"
      .adapter=${createMemoryAdapter({ summary: { summaries: { 'Patient/typical': summary } } })}
      .session=${{ patient: 'Patient/typical', locale: 'en-US' }}
    ></engage-clinical-summary>`);
    const entries = await waitFor(() => {
      const found = [...(el.shadowRoot?.querySelectorAll('[data-section="procedures"] [part~="entry"]') ?? [])];
      return found.length === 2 ? found : undefined;
    }, 'the two procedures');
    const shown = entries.map((e) => words(e.textContent!));
    expect(shown[0]).to.contain('Colonoscopy');
    expect(shown[0]).to.contain('May 2, 2024');
    expect(shown[1]).to.contain('Wound check');
    expect(shown[1]).to.contain('May 1, 2024');
  });
});
