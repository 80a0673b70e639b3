// @ts-check
/**
 * The host page's own code: what an EHR vendor writes around the ehr-engage elements.
 *
 * - Reads the FHIR base URL from `<meta name="fhir-base-url">` (filled in by demo/start.mjs).
 * - Fills the patient picker from the demo server's patient list.
 * - Sets `<engage-provider>`'s attributes from the picker and the role, language and
 *   theme switches; the elements inside follow on their own.
 * - Runs the tabs (WAI-ARIA tabs pattern, automatic activation).
 *
 * It runs under a strict CSP with Trusted Types enforced: DOM is built with
 * createElement / textContent only, never with HTML strings, and nothing is styled
 * inline. The selection lives in memory only: not in the URL, not in storage.
 *
 * This file wires the controls and starts the page; each concern has its own module
 * beside it (ES modules from the same origin, as the CSP wants): app-state.js (what the
 * page remembers), app-strings.js (its text), app-patients.js (the picker),
 * app-session.js (the provider's attributes and the caregiver), and one module per tab
 * that needs host code (app-messages, app-refills, app-decision-aids, app-immunizations,
 * app-summary-file, app-tabs).
 */
// patient education (#17): the provider's adapter gains the knowledge service (infobuttons)
import { withKnowledge } from './education.js';

import './health-tracker.js'; // the Health tracker tab's host code
import './appointments.js'; // the Appointments tab (#15): its own module
import './reminders.js'; // the Reminders tab (#14): its own module
import './questionnaire.js'; // the Questionnaires tab (#16): its own module

import { state, fhirBaseUrl } from './app-state.js';
import { t } from './app-strings.js';
import { select, renderPatientOptions, renderStatus, loadPatients } from './app-patients.js';
import { provider, applySession } from './app-session.js';
import { showLatestAidResponse } from './app-decision-aids.js';
import './app-immunizations.js'; // the Immunizations tab's record source
import './app-summary-file.js'; // the Summary tab's file opener
import { setUpTabs } from './app-tabs.js';

// ---------------------------------------------------------------------------------------
// Language and theme of the host page

function applyHostLanguage() {
  document.documentElement.lang = state.locale;
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(/** @type {any} */ (element.getAttribute('data-i18n')));
  }
  for (const element of document.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(/** @type {any} */ (element.getAttribute('data-i18n-aria-label'))));
  }
  renderPatientOptions();
  renderStatus();
}

function applyHostTheme() {
  document.documentElement.dataset.theme = state.theme;
}

// ---------------------------------------------------------------------------------------
// Wiring

select.addEventListener('change', () => {
  state.patientId = select.value;
  applySession();
});

/**
 * @param {string} name - the radio group's name
 * @param {(value: string) => void} onChange
 */
function onRadio(name, onChange) {
  for (const input of document.querySelectorAll(`input[type="radio"][name="${name}"]`)) {
    input.addEventListener('change', () => {
      if (/** @type {HTMLInputElement} */ (input).checked) onChange(/** @type {HTMLInputElement} */ (input).value);
    });
  }
}

onRadio('role', (value) => {
  state.role = value === 'clinician' || value === 'caregiver' ? value : 'patient';
  applySession();
});
onRadio('locale', (value) => {
  state.locale = value === 'es' ? 'es' : 'en';
  applyHostLanguage();
  applySession();
});
onRadio('theme', (value) => {
  state.theme = value === 'dark' ? 'dark' : 'light';
  applyHostTheme();
  applySession();
});

// Radios keep their checked state across a reload in some browsers; start from what they show.
for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[type="radio"]:checked'))) {
  if (input.name === 'role') state.role = input.value === 'clinician' || input.value === 'caregiver' ? input.value : 'patient';
  if (input.name === 'locale') state.locale = input.value === 'es' ? 'es' : 'en';
  if (input.name === 'theme') state.theme = input.value === 'dark' ? 'dark' : 'light';
}

// Decision aids: the chosen patient's saved response (app-decision-aids.js), registered
// after the listener above so that it reads the patient just chosen
select.addEventListener('change', () => {
  void showLatestAidResponse(state.patientId);
});

setUpTabs();
withKnowledge(provider, fhirBaseUrl());
provider.setAttribute('fhir-base-url', fhirBaseUrl());
applyHostTheme();
applyHostLanguage();
applySession();
void loadPatients();
