// @ts-check
/**
 * The Decision aids tab of the host page (demo/app.js): the chosen aid, and the patient's
 * saved response shown back as the clinician sees it.
 */
import { state, byId, fhirBaseUrl } from './app-state.js';

// Decision aids: the chosen aid for the chosen patient; a saved response is shown back
// read-only, as the clinician sees it (read again from the FHIR server by its id).

const aidSelect = /** @type {HTMLSelectElement} */ (byId('aid-select'));
const decisionAid = byId('decision-aid');
const aidSaved = byId('aid-saved');
const aidSummary = byId('decision-aid-summary');
/** @type {any} */ (aidSummary).session = { role: 'clinician' };

aidSelect.addEventListener('change', () => {
  decisionAid.setAttribute('aid-id', aidSelect.value);
  aidSaved.hidden = true;
});
decisionAid.addEventListener('engage-decision-complete', (event) => {
  const id = /** @type {CustomEvent} */ (event).detail.response.id;
  if (!id) return;
  aidSummary.setAttribute('response-id', id);
  aidSaved.hidden = false;
});

/**
 * Shows the patient's latest saved decision-aid response (from the FHIR server), as the
 * clinician would see it before a visit; hidden when there is none.
 * @param {string} patientId
 */
export async function showLatestAidResponse(patientId) {
  aidSaved.hidden = true;
  // never keep one patient's answers in the page (even hidden) once another is chosen
  aidSummary.removeAttribute('response-id');
  if (!patientId) return;
  try {
    const query = new URLSearchParams({
      subject: `Patient/${patientId}`,
      _tag: 'https://ehr-engage.dev/fhir/tag|decision-aid-response',
      status: 'completed',
      _sort: '-authored',
      _count: '1',
    });
    const response = await fetch(`${fhirBaseUrl()}/QuestionnaireResponse?${query}`, {
      headers: { Accept: 'application/fhir+json' },
      credentials: 'omit',
    });
    const id = response.ok ? (await response.json()).entry?.[0]?.resource?.id : undefined;
    // another patient may have been chosen meanwhile
    if (typeof id === 'string' && patientId === state.patientId) {
      aidSummary.setAttribute('response-id', id);
      aidSaved.hidden = false;
    }
  } catch {
    // nothing to show; the error may carry identifiers, so it stays out of the console
  }
}
