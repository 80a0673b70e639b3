// @ts-check
/**
 * The patient picker of the host page (demo/app.js): the seeded patients from the demo
 * server (or a plain FHIR search), the picker's options and the status line under it.
 * Apart from the session it feeds, which only reads the chosen patient from the state.
 */
import { state, byId, fhirBaseUrl } from './app-state.js';
import { STRINGS, t } from './app-strings.js';
import { applySession } from './app-session.js';
import { showLatestAidResponse } from './app-decision-aids.js';

/** @typedef {import('./app-state.js').PatientEntry} PatientEntry */

export const select = /** @type {HTMLSelectElement} */ (byId('patient-select'));
const status = byId('status');

/**
 * The seeded patients: the demo server's list, else a plain FHIR search (so the page
 * also works against another FHIR server).
 * @param {string} base
 * @returns {Promise<PatientEntry[]>}
 */
async function fetchPatients(base) {
  try {
    const response = await fetch(new URL('/demo/patients.json', base), {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
    });
    if (response.ok) {
      const list = await response.json();
      if (Array.isArray(list)) {
        return list
          .filter((p) => p && typeof p.id === 'string')
          .map((p) => ({
            id: p.id,
            name: String(p.name ?? ''),
            birthDate: typeof p.birthDate === 'string' ? p.birthDate : undefined,
            featured: p.featured === true,
          }));
      }
    }
  } catch {
    // fall through to the FHIR search
  }
  const response = await fetch(`${base}/Patient?_count=100&_elements=name,birthDate`, {
    headers: { Accept: 'application/fhir+json' },
    credentials: 'omit',
  });
  if (!response.ok) throw new Error(`Patient search failed: HTTP ${response.status}`);
  const bundle = await response.json();
  return (bundle.entry ?? [])
    .map((/** @type {any} */ e) => e.resource)
    .filter((/** @type {any} */ r) => r?.resourceType === 'Patient' && typeof r.id === 'string')
    .map((/** @type {any} */ r) => {
      const name = r.name?.find((/** @type {any} */ n) => n.use === 'official') ?? r.name?.[0];
      const text = name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
      return { id: r.id, name: text, birthDate: r.birthDate };
    });
}

/**
 * A FHIR date as a calendar date in the page's language (no time-zone shift).
 * @param {string | undefined} value
 */
export function formatBirthDate(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return value ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** (Re)builds the picker's options in the current language, keeping the selection. */
export function renderPatientOptions() {
  const options = [];
  if (state.listStatus !== 'ready' || state.patients.length === 0) {
    const option = document.createElement('option');
    option.value = '';
    option.textContent =
      state.listStatus === 'loading' ? t('patients-loading') : state.listStatus === 'error' ? t('patients-error') : t('patients-none');
    options.push(option);
  } else {
    for (const patient of state.patients) {
      const option = document.createElement('option');
      option.value = patient.id;
      const born = patient.birthDate ? ` (${t('born')} ${formatBirthDate(patient.birthDate)})` : '';
      option.textContent = `${patient.name || patient.id}${born}`;
      option.selected = patient.id === state.patientId;
      options.push(option);
    }
  }
  select.replaceChildren(...options);
  select.disabled = state.listStatus !== 'ready' || state.patients.length === 0;
  if (state.patientId) select.value = state.patientId;
}

export function renderStatus() {
  if (state.listStatus === 'error') {
    status.textContent = t('patients-error');
    status.classList.add('status--error');
  } else {
    status.classList.remove('status--error');
    const count = STRINGS[state.locale]['patients-count'];
    status.textContent = state.listStatus === 'ready' ? count(state.patients.length) : '';
  }
}

export async function loadPatients() {
  state.listStatus = 'loading';
  renderPatientOptions();
  try {
    const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
    // the demo server flags the patient whose record shows every tab at work: list and open it first
    state.patients = (await fetchPatients(fhirBaseUrl())).sort(
      (a, b) => Number(Boolean(b.featured)) - Number(Boolean(a.featured)) || collator.compare(a.name, b.name)
    );
    state.listStatus = 'ready';
    // open on the first patient, as a chart screen would after a search
    if (!state.patients.some((p) => p.id === state.patientId)) state.patientId = state.patients[0]?.id ?? '';
  } catch {
    // the error itself may carry identifiers; keep it out of the console
    state.listStatus = 'error';
    state.patients = [];
    state.patientId = '';
  }
  renderPatientOptions();
  renderStatus();
  applySession();
  void showLatestAidResponse(state.patientId);
}
