// @ts-check
/**
 * The session of the host page (demo/app.js): points `<engage-provider>` at the chosen
 * patient, user, role, language and theme, and looks up the caregiver who may act for the
 * patient. Apart from the controls that change the state, which call applySession().
 */
import { state, byId, fhirBaseUrl, setOrRemove } from './app-state.js';
import { STRINGS } from './app-strings.js';
import { applyRefillRole } from './app-refills.js';
import { messageThread, showThread } from './app-messages.js';

/** The demo's clinician (fictional); a patient acts as themself. */
const DEMO_CLINICIAN = { ref: 'Practitioner/demo-clinician', name: 'Dr. Alex Rivera' };

export const provider = byId('engage');
const banner = byId('banner');
const noPatient = byId('no-patient');

/** Points `<engage-provider>` at the chosen patient, user, role, language and theme. */
export function applySession() {
  const patient = state.patients.find((p) => p.id === state.patientId);
  setOrRemove(provider, 'patient', patient ? `Patient/${patient.id}` : undefined);
  const caregiver = patient ? caregivers.get(patient.id) : undefined;
  if (patient && !caregivers.has(patient.id)) void lookUpCaregiver(patient.id);
  applyCaregiverSwitch(caregiver);
  setOrRemove(provider, 'user-role', state.role);
  if (state.role === 'clinician') {
    provider.setAttribute('user', DEMO_CLINICIAN.ref);
    provider.setAttribute('user-name', DEMO_CLINICIAN.name);
  } else if (state.role === 'caregiver' && caregiver) {
    provider.setAttribute('user', caregiver.ref);
    provider.setAttribute('user-name', caregiver.name);
  } else {
    setOrRemove(provider, 'user', patient ? `Patient/${patient.id}` : undefined);
    setOrRemove(provider, 'user-name', patient?.name);
  }
  provider.setAttribute('locale', state.locale);
  provider.setAttribute('theme', state.theme);
  banner.hidden = !patient;
  // the summary shows the chosen patient's record, or a file the user opened
  const summaryElement = /** @type {any} */ (document.getElementById('summary'));
  if (summaryElement) summaryElement.hidden = !patient && summaryElement.bundle === undefined && summaryElement.ccda === undefined;
  noPatient.hidden = Boolean(patient) || state.listStatus !== 'ready';
  applyRefillRole();
  // a conversation belongs to one patient and is read as one user
  if (messageThread.getAttribute('thread-id') && (provider.getAttribute('patient') !== shownMessagesFor)) showThread(undefined);
  shownMessagesFor = provider.getAttribute('patient');
}

/** @type {string | null} */
let shownMessagesFor = null;

// ---------------------------------------------------------------------------------------
// Caregiver: a patient's RelatedPerson (from the FHIR server) can act for them. The switch
// is offered only for a patient who has one on file.

/** @typedef {{ ref: string, name: string }} Caregiver */
/** Caregiver per patient id (`null`: none on file), looked up once per patient, in memory only. */
const caregivers = /** @type {Map<string, Caregiver | null>} */ (new Map());
const caregiverRadio = /** @type {HTMLInputElement} */ (document.querySelector('input[name="role"][value="caregiver"]'));
const caregiverName = byId('caregiver-name');

/** @param {string} patientId */
async function lookUpCaregiver(patientId) {
  caregivers.set(patientId, null);
  try {
    const url = `${fhirBaseUrl()}/RelatedPerson?patient=${encodeURIComponent(`Patient/${patientId}`)}&active=true&_count=1`;
    const response = await fetch(url, { headers: { Accept: 'application/fhir+json' }, credentials: 'omit' });
    const person = response.ok ? (await response.json()).entry?.[0]?.resource : undefined;
    if (person?.resourceType === 'RelatedPerson' && typeof person.id === 'string') {
      const name = person.name?.find((/** @type {any} */ n) => n.use === 'official') ?? person.name?.[0];
      const text = name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
      caregivers.set(patientId, { ref: `RelatedPerson/${person.id}`, name: text || person.id });
    }
  } catch {
    // no caregiver then; the error may carry identifiers, so it stays out of the console
  }
  if (patientId === state.patientId) applySession();
}

/** @param {Caregiver | null | undefined} caregiver */
function applyCaregiverSwitch(caregiver) {
  caregiverRadio.disabled = !caregiver;
  const describe = STRINGS[state.locale]['caregiver-name'];
  caregiverName.textContent = caregiver ? describe(caregiver.name) : '';
  if (!caregiver && state.role === 'caregiver') {
    // a patient without a caregiver on file is seen as themself
    state.role = 'patient';
    const patientRadio = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="role"][value="patient"]'));
    if (patientRadio) patientRadio.checked = true;
  }
}
