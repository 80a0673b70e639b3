// @ts-check
/**
 * The host page's shared ground (demo/app.js and its modules): what the page remembers, the
 * FHIR base URL it talks to, and the small DOM helpers every part uses. Apart so that each
 * part of the page can read the one state without importing app.js back.
 *
 * The selection lives in memory only: not in the URL, not in storage.
 */

const DEFAULT_FHIR_BASE = 'http://127.0.0.1:8787/fhir/R4';

/**
 * @typedef {{ id: string, name: string, birthDate?: string, featured?: boolean }} PatientEntry
 * @typedef {'en' | 'es'} Locale
 */

/** Everything the page remembers, in memory only. */
export const state = {
  /** @type {PatientEntry[]} */
  patients: [],
  patientId: '',
  role: /** @type {'patient' | 'caregiver' | 'clinician'} */ ('patient'),
  locale: /** @type {Locale} */ ('en'),
  theme: /** @type {'light' | 'dark'} */ ('light'),
  /** @type {'loading' | 'ready' | 'error'} */
  listStatus: 'loading',
};

/** @param {string} id */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
}

/** @returns {string} */
export function fhirBaseUrl() {
  const meta = document.querySelector('meta[name="fhir-base-url"]');
  const value = meta?.getAttribute('content')?.trim();
  return (value || DEFAULT_FHIR_BASE).replace(/\/+$/, '');
}

/**
 * @param {Element} element
 * @param {string} name
 * @param {string | undefined} value
 */
export function setOrRemove(element, name, value) {
  if (value) element.setAttribute(name, value);
  else element.removeAttribute(name);
}
