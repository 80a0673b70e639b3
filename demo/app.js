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
 */
// patient education (#17): the provider's adapter gains the knowledge service (infobuttons)
import { withKnowledge } from './education.js';

import './health-tracker.js'; // the Health tracker tab's host code
import './appointments.js'; // the Appointments tab (#15): its own module
import './reminders.js'; // the Reminders tab (#14): its own module
import './questionnaire.js'; // the Questionnaires tab (#16): its own module

const DEFAULT_FHIR_BASE = 'http://127.0.0.1:8787/fhir/R4';

/** The host page's own text. The elements translate themselves. */
const STRINGS = {
  en: {
    skip: 'Skip to patient chart',
    product: 'demo EHR',
    controls: 'Chart settings',
    patient: 'Patient',
    'patients-loading': 'Loading patients…',
    'patients-none': 'No patients found',
    'patients-count': (/** @type {number} */ n) => `${n} patients available.`,
    'patients-error': 'The patient list could not be loaded. Is the FHIR server running?',
    born: 'born',
    role: 'Role',
    'role-patient': 'Patient',
    'role-caregiver': 'Caregiver',
    'caregiver-name': (/** @type {string} */ name) => `Acts as ${name}, the patient's caregiver.`,
    'role-clinician': 'Clinician',
    language: 'Language',
    theme: 'Theme',
    'theme-light': 'Light',
    'theme-dark': 'Dark',
    chart: 'Patient chart',
    sections: 'Chart sections',
    'tab-summary': 'Summary',
    'tab-messages': 'Messages',
    'tab-refills': 'Refills',
    'tab-immunizations': 'Immunizations',
    'tab-decision-aids': 'Decision aids',
    'no-patient': 'Choose a patient to see their chart.',
    'soon-messages': 'Coming soon: secure messages between the patient and the care team.',
    'soon-refills': 'Coming soon: medication refill requests.',
    'soon-decision-aids': 'Coming soon: decision aids to help choose between treatment options.',
    'imm-source': 'Record from',
    'imm-source-ehr': 'This EHR',
    'imm-source-registry': 'State registry (sample answer)',
    'imm-source-registry-nf': 'State registry: patient not found (sample)',
    'aid-choose': 'Decision aid',
    'aid-crc': 'Colorectal cancer screening',
    'aid-statin': 'Starting a statin',
    'aid-saved': 'Saved response, as the clinician sees it',
    'summary-file': 'Open a C-CDA or IPS file instead',
    'summary-file-label': 'C-CDA document (XML) or IPS Bundle (FHIR JSON)',
    'summary-live': 'Show the record from the FHIR server again',
    'messages-back': 'Back to all messages',
    'summary-file-shown': (/** @type {string} */ name) => `Showing ${name}.`,
    'summary-file-error': 'This file is neither a C-CDA document nor a FHIR JSON Bundle.',
    footer: 'Synthetic patients only (Synthea and HL7 US Core examples). No real patient data.',
    title: 'Patient chart · ehr-engage demo',
  },
  es: {
    skip: 'Ir al expediente del paciente',
    product: 'EHR de demostración',
    controls: 'Opciones del expediente',
    patient: 'Paciente',
    'patients-loading': 'Cargando pacientes…',
    'patients-none': 'No se encontraron pacientes',
    'patients-count': (/** @type {number} */ n) => `${n} pacientes disponibles.`,
    'patients-error': 'No se pudo cargar la lista de pacientes. ¿Está funcionando el servidor FHIR?',
    born: 'nac.',
    role: 'Rol',
    'role-patient': 'Paciente',
    'role-caregiver': 'Cuidador/a',
    'caregiver-name': (/** @type {string} */ name) => `Actúa como ${name}, quien cuida del paciente.`,
    'role-clinician': 'Profesional clínico',
    language: 'Idioma',
    theme: 'Tema',
    'theme-light': 'Claro',
    'theme-dark': 'Oscuro',
    chart: 'Expediente del paciente',
    sections: 'Secciones del expediente',
    'tab-summary': 'Resumen',
    'tab-messages': 'Mensajes',
    'tab-refills': 'Renovaciones',
    'tab-immunizations': 'Vacunas',
    'tab-decision-aids': 'Ayudas para decidir',
    'no-patient': 'Elija un paciente para ver su expediente.',
    'soon-messages': 'Próximamente: mensajes seguros entre el paciente y el equipo de atención.',
    'soon-refills': 'Próximamente: solicitudes de renovación de medicamentos.',
    'soon-decision-aids': 'Próximamente: ayudas para elegir entre opciones de tratamiento.',
    'imm-source': 'Registro de',
    'imm-source-ehr': 'Este sistema clínico',
    'imm-source-registry': 'Registro estatal (respuesta de ejemplo)',
    'imm-source-registry-nf': 'Registro estatal: paciente no encontrado (ejemplo)',
    'aid-choose': 'Ayuda para decidir',
    'aid-crc': 'Detección del cáncer colorrectal',
    'aid-statin': 'Empezar una estatina',
    'aid-saved': 'Respuesta guardada, como la ve el médico',
    'summary-file': 'Abrir un archivo C-CDA o IPS',
    'summary-file-label': 'Documento C-CDA (XML) o Bundle IPS (FHIR JSON)',
    'summary-live': 'Volver a la historia del servidor FHIR',
    'messages-back': 'Volver a todos los mensajes',
    'summary-file-shown': (/** @type {string} */ name) => `Se muestra ${name}.`,
    'summary-file-error': 'Este archivo no es un documento C-CDA ni un Bundle FHIR JSON.',
    footer: 'Solo pacientes ficticios (Synthea y ejemplos de HL7 US Core). Ningún dato de pacientes reales.',
    title: 'Expediente del paciente · demo de ehr-engage',
  },
};

/** The demo's clinician (fictional); a patient acts as themself. */
const DEMO_CLINICIAN = { ref: 'Practitioner/demo-clinician', name: 'Dr. Alex Rivera' };

/**
 * @typedef {{ id: string, name: string, birthDate?: string, featured?: boolean }} PatientEntry
 * @typedef {'en' | 'es'} Locale
 */

/** Everything the page remembers, in memory only. */
const state = {
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
function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
}

const provider = byId('engage');
const select = /** @type {HTMLSelectElement} */ (byId('patient-select'));
const status = byId('status');
const banner = byId('banner');
const noPatient = byId('no-patient');

/** @returns {string} */
function fhirBaseUrl() {
  const meta = document.querySelector('meta[name="fhir-base-url"]');
  const value = meta?.getAttribute('content')?.trim();
  return (value || DEFAULT_FHIR_BASE).replace(/\/+$/, '');
}

/**
 * @param {keyof typeof STRINGS.en} key
 * @returns {string}
 */
function t(key) {
  const value = STRINGS[state.locale][key];
  return typeof value === 'string' ? value : String(key);
}

// ---------------------------------------------------------------------------------------
// Patients

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
function formatBirthDate(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return value ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** (Re)builds the picker's options in the current language, keeping the selection. */
function renderPatientOptions() {
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

function renderStatus() {
  if (state.listStatus === 'error') {
    status.textContent = t('patients-error');
    status.classList.add('status--error');
  } else {
    status.classList.remove('status--error');
    const count = STRINGS[state.locale]['patients-count'];
    status.textContent = state.listStatus === 'ready' ? count(state.patients.length) : '';
  }
}

async function loadPatients() {
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

// ---------------------------------------------------------------------------------------
// Provider attributes

/**
 * @param {Element} element
 * @param {string} name
 * @param {string | undefined} value
 */
function setOrRemove(element, name, value) {
  if (value) element.setAttribute(name, value);
  else element.removeAttribute(name);
}

/** Points `<engage-provider>` at the chosen patient, user, role, language and theme. */
function applySession() {
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

// ---------------------------------------------------------------------------------------
// Refills: the patient asks for refills; the clinician reviews the clinic's queue. Each
// side reloads when shown, so a decision made in one role shows in the other.

const refillRequest = byId('refill-request');
const refillQueue = byId('refill-queue');
/** @type {string | undefined} */
let refillRoleShown;

function applyRefillRole() {
  const clinician = state.role === 'clinician';
  refillRequest.hidden = clinician;
  refillQueue.hidden = !clinician;
  if (refillRoleShown !== undefined && refillRoleShown !== state.role) {
    void (/** @type {any} */ (clinician ? refillQueue : refillRequest)).refresh?.();
  }
  refillRoleShown = state.role;
}

// ---------------------------------------------------------------------------------------
// Messages: choosing a conversation in the inbox opens it in the thread beside it; a
// send or a status change there refreshes the inbox's previews and unread counts.

const messageInbox = /** @type {any} */ (byId('message-inbox'));
const messageThread = /** @type {any} */ (byId('message-thread'));

const messagesLayout = byId('messages-layout');
/** Narrow screens show the list or the conversation, never both (demo.css). */
const oneColumn = () => window.matchMedia('(max-width: 59.99rem)').matches;

/** @param {string | undefined} threadId */
function showThread(threadId) {
  setOrRemove(messageThread, 'thread-id', threadId);
  messageThread.hidden = !threadId;
  // two columns only while a conversation is open, so the list never sits beside an empty half page
  messagesLayout.classList.toggle('messages-layout--open', Boolean(threadId));
}

byId('messages-back').addEventListener('click', () => {
  showThread(undefined);
  // the button is gone with the conversation: back to the list's panel
  byId('panel-messages').focus();
});

messageInbox.addEventListener('engage-thread-select', (/** @type {any} */ event) => {
  showThread(event.detail.thread.id);
  // on a narrow screen the list (and the focused conversation in it) is hidden now
  if (oneColumn()) byId('messages-back').focus();
});
messageThread.addEventListener('engage-message-sent', () => messageInbox.refresh());
messageThread.addEventListener('engage-thread-status', () => messageInbox.refresh());
messageThread.addEventListener('engage-message-read', () => messageInbox.refresh());

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
// Tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): arrows move and select, Home/End
// go to the ends; only the selected tab is in the tab order.

function setUpTabs() {
  const tablist = /** @type {HTMLElement} */ (document.querySelector('[role="tablist"]'));
  const tabs = /** @type {HTMLElement[]} */ ([...tablist.querySelectorAll('[role="tab"]')]);

  /** @param {HTMLElement} tab @param {boolean} focus */
  function selectTab(tab, focus) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(/** @type {string} */ (other.getAttribute('aria-controls')));
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  }

  tablist.addEventListener('click', (event) => {
    const tab = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest('[role="tab"]'));
    if (tab) selectTab(tab, true);
  });

  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(/** @type {HTMLElement} */ (event.target));
    if (index === -1) return;
    /** @type {number | undefined} */
    let next;
    switch (event.key) {
      case 'ArrowRight':
        next = (index + 1) % tabs.length;
        break;
      case 'ArrowLeft':
        next = (index - 1 + tabs.length) % tabs.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    selectTab(tabs[next], true);
  });
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

// ---------------------------------------------------------------------------------------
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
select.addEventListener('change', () => {
  void showLatestAidResponse(state.patientId);
});

/**
 * Shows the patient's latest saved decision-aid response (from the FHIR server), as the
 * clinician would see it before a visit; hidden when there is none.
 * @param {string} patientId
 */
async function showLatestAidResponse(patientId) {
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

// ---------------------------------------------------------------------------------------
// Immunizations: the EHR's record (the provider's FHIR adapter), or a state registry's
// answer. A vendor's backend would send the registry a query and relay its HL7 v2 answer;
// the demo relays a sample answer served beside the page (demo/registry/).

const immunizations = byId('immunizations');
const immunizationSource = /** @type {HTMLSelectElement} */ (byId('immunization-source'));

immunizationSource.addEventListener('change', async () => {
  const sample = immunizationSource.value;
  if (sample === 'ehr') {
    /** @type {any} */ (immunizations).adapter = undefined;
    return;
  }
  const { createRegistryImmunizationPort } = await import('/dist/adapters/hl7v2.js');
  /** @type {any} */ (immunizations).adapter = {
    immunizations: createRegistryImmunizationPort({
      sourceName: t('imm-source-registry'),
      query: async (/** @type {string} */ _patient, /** @type {{ signal?: AbortSignal }} */ { signal }) => {
        const response = await fetch(`/registry/${sample}.hl7`, { signal });
        if (!response.ok) throw new Error(`The sample registry answer could not be loaded (${response.status}).`);
        return response.text();
      },
    }),
  };
});

// ---------------------------------------------------------------------------------------
// Clinical summary: the live record, or a C-CDA / IPS file the user opens (read in the
// browser only; nothing is uploaded or stored).

const summary = byId('summary');
const summaryFile = /** @type {HTMLInputElement} */ (byId('summary-file'));
const summaryLive = byId('summary-live');
const summaryFileStatus = byId('summary-file-status');

/** @param {unknown} bundle @param {string | undefined} ccda */
function showSummaryDocument(bundle, ccda) {
  /** @type {any} */ (summary).bundle = bundle;
  /** @type {any} */ (summary).ccda = ccda;
  summaryLive.hidden = bundle === undefined && ccda === undefined;
  applySession();
}

summaryFile.addEventListener('change', async () => {
  const file = summaryFile.files?.[0];
  if (!file) return;
  const text = await file.text();
  try {
    if (/^\s*</.test(text)) showSummaryDocument(undefined, text);
    else {
      const json = JSON.parse(text);
      if (json?.resourceType !== 'Bundle') throw new Error('not a Bundle');
      showSummaryDocument(json, undefined);
    }
    const shown = STRINGS[state.locale]['summary-file-shown'];
    summaryFileStatus.textContent = typeof shown === 'function' ? shown(file.name) : String(shown);
  } catch {
    summaryFileStatus.textContent = t('summary-file-error');
  }
  summaryFile.value = '';
});
summaryLive.addEventListener('click', () => {
  showSummaryDocument(undefined, undefined);
  summaryFileStatus.textContent = '';
});

setUpTabs();
withKnowledge(provider, fhirBaseUrl());
provider.setAttribute('fhir-base-url', fhirBaseUrl());
applyHostTheme();
applyHostLanguage();
applySession();
void loadPatients();
