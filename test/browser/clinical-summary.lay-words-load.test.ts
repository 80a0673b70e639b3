/**
 * The summary's lay words (patient-words.ts, with the LOINC and RxNorm name tables) load
 * only for a patient's or caregiver's view (#20, page weight): a clinician's page never
 * fetches them, and a view that turns into a patient's shows the plain names once they
 * are in. Module loads are observed, not mocked: the dev server serves each source file,
 * and the page's resource timing lists what was fetched.
 *
 * Its own file, because a module once loaded stays loaded for the rest of a page.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { typicalSummary } from '../../stories/data/summaries.js';
import { shadowText, waitFor } from './helpers.js';

const PATIENT = 'Patient/typical';
/** The plain name of LOINC 4548-4 in src/core/clinical-names/loinc-names.ts; the record says "Hemoglobin A1c". */
const PLAIN_HBA1C = 'Hemoglobin A1c (average blood sugar)';

const fetched = (pattern: RegExp) => performance.getEntriesByType('resource').some((e) => pattern.test(e.name));
const LAY_WORDS = /clinical-summary\/patient-words\.ts|clinical-names\/(loinc|rxnorm)-names\.ts/;

describe('<engage-clinical-summary> loads the lay words only for a patient view', () => {
  it('a clinician view goes without them; turned into a patient view, it shows the plain names', async () => {
    const adapter = createMemoryAdapter({ summary: { summaries: { [PATIENT]: typicalSummary } } });
    const el = await mount<EngageClinicalSummary>(
      html`<engage-clinical-summary .adapter=${adapter} .session=${{ patient: PATIENT, role: 'clinician', locale: 'en-US' }}></engage-clinical-summary>`,
    );
    await waitFor(() => shadowText(el).includes('Hemoglobin A1c'), 'the results');
    expect(shadowText(el)).to.not.include(PLAIN_HBA1C);
    expect(fetched(LAY_WORDS), 'lay words fetched for a clinician').to.equal(false);

    el.session = { patient: PATIENT, role: 'patient', locale: 'en-US' };
    await waitFor(() => shadowText(el).includes(PLAIN_HBA1C), 'the plain name');
    expect(fetched(LAY_WORDS)).to.equal(true);
  });
});
