// @ts-check
/**
 * The patient portal's own code: what a health system writes around the ehr-engage
 * elements to make a portal (issue #18).
 *
 * - A demo "sign in": who uses the portal (a patient, an adolescent, a parent who acts for
 *   two children). A real portal signs the user in; everything else here would stay.
 * - The page table `PAGES`: one line per page naming its element (or a small builder for a
 *   page of several).
 * - Navigation by the page name in the URL hash (`#messages`): never patient data.
 * - The caregiver's `<engage-patient-switcher>` changes the provider's patient itself; the
 *   page is rebuilt so every element starts clean for the other patient.
 *
 * It runs under a strict CSP with Trusted Types enforced: DOM is built with createElement
 * and textContent only, and nothing is styled inline. Nothing is kept in storage.
 */

import { createFhirAdapter, createFhirReminders } from '/dist/adapters/fhir.js';
import { createKnowledgePort } from '/dist/adapters/infobutton.js';

const DEFAULT_FHIR_BASE = 'http://127.0.0.1:8787/fhir/R4';

/** The portal's own text (the elements translate themselves). */
const STRINGS = {
  en: {
    skip: 'Skip to main content',
    'signed-in': 'Signed in as (demo)',
    dark: 'Dark mode',
    nav: 'MyHealth',
    menu: 'Menu',
    emergency: 'In an emergency, call 911. Messages are not for urgent problems.',
    footer: 'A demo of ehr-engage. Synthetic patients only; no real patient data.',
    'ehr-link': "Open the clinician's EHR screen",
    home: 'Home',
    messages: 'Messages',
    summary: 'Health summary',
    medicines: 'Medicines',
    immunizations: 'Vaccines',
    'decision-aids': 'Decision aids',
    reminders: 'Staying healthy',
    appointments: 'Appointments',
    tracker: 'Track your health',
    education: 'Things to read',
    'home-title': (/** @type {string} */ name) => `Welcome, ${name}`,
    'home-self': 'What needs your attention',
    'aid-crc': 'Colon cancer screening',
    'aid-statin': 'Starting a statin',
    'aid-choose': 'Choose a topic',
    'thread-back': 'Back to all messages',
    title: 'Riverside Health · MyHealth',
  },
  es: {
    skip: 'Ir al contenido principal',
    'signed-in': 'Sesión iniciada como (demo)',
    dark: 'Modo oscuro',
    nav: 'MyHealth',
    menu: 'Menú',
    emergency: 'En una emergencia, llame al 911. Los mensajes no son para problemas urgentes.',
    footer: 'Una demostración de ehr-engage. Solo pacientes ficticios; ningún dato real.',
    'ehr-link': 'Abrir la pantalla clínica (EHR)',
    home: 'Inicio',
    messages: 'Mensajes',
    summary: 'Resumen de salud',
    medicines: 'Medicamentos',
    immunizations: 'Vacunas',
    'decision-aids': 'Ayudas para decidir',
    reminders: 'Cuidados preventivos',
    appointments: 'Citas',
    tracker: 'Siga su salud',
    education: 'Para leer',
    'home-title': (/** @type {string} */ name) => `Hola, ${name}`,
    'home-self': 'Lo que necesita su atención',
    'aid-crc': 'Detección del cáncer de colon',
    'aid-statin': 'Empezar una estatina',
    'aid-choose': 'Elija un tema',
    'thread-back': 'Volver a todos los mensajes',
    title: 'Riverside Health · MyHealth',
  },
};

/**
 * Who can sign in to the demo. Ana Gómez is the mother of Lucas (15) and Sofía (8); in
 * FHIR she is one RelatedPerson per child (demo/data/demo-gomez-family.json).
 */
const ACCOUNTS = [
  {
    id: 'ana',
    label: 'Ana Gómez — mother of Lucas and Sofía',
    user: 'RelatedPerson/demo-ana-gomez-for-lucas',
    name: 'Ana Gómez',
    role: 'caregiver',
    patient: 'Patient/demo-lucas-gomez',
  },
  { id: 'lucas', label: 'Lucas Gómez — 15 years old', user: 'Patient/demo-lucas-gomez', name: 'Lucas Gómez', role: 'patient', patient: 'Patient/demo-lucas-gomez' },
  {
    id: 'jill',
    label: 'Jill Tillman',
    user: 'Patient/f341c771-5aff-4858-9406-9d45e8a56246',
    name: 'Jill Tillman',
    role: 'patient',
    patient: 'Patient/f341c771-5aff-4858-9406-9d45e8a56246',
  },
];

/**
 * The portal's pages: id (the URL hash), and what the page holds. One line per page.
 * `titled`: the element's own heading names the page (the inbox says "Messages"), so it
 * is the page's heading (level 1) and the portal's title stays out, not said twice.
 * @type {{ id: keyof typeof STRINGS.en, build: () => HTMLElement, titled?: boolean }[]}
 */
const PAGES = [
  { id: 'home', build: () => make('engage-portal-home', { 'heading-level': '2' }) },
  { id: 'messages', build: messagesPage, titled: true },
  { id: 'summary', build: () => make('engage-clinical-summary', { 'heading-level': '2' }) },
  { id: 'medicines', build: () => make('engage-refill-request') },
  { id: 'immunizations', build: () => make('engage-immunizations', { 'heading-level': '2' }) },
  { id: 'reminders', build: () => make('engage-care-reminders', { 'heading-level': '2' }) },
  { id: 'appointments', build: () => make('engage-appointments', { 'heading-level': '1', 'weeks-ahead': '20' }), titled: true },
  { id: 'tracker', build: () => make('engage-health-tracker', { 'emergency-number': '911' }) },
  { id: 'education', build: () => make('engage-education', { 'heading-level': '2' }) },
  { id: 'decision-aids', build: decisionAidsPage },
];

const state = { locale: /** @type {'en' | 'es'} */ ('en'), theme: 'light', account: ACCOUNTS[0] };

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const provider = /** @type {any} */ (byId('engage'));
const switcher = /** @type {any} */ (byId('switcher'));

/** @param {keyof typeof STRINGS.en} key @param {string} [arg] */
function t(key, arg) {
  const value = /** @type {any} */ (STRINGS[state.locale])[key];
  return typeof value === 'function' ? value(arg ?? '') : String(value ?? key);
}

/**
 * An element with attributes.
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 */
function make(tag, attributes = {}) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** @returns {string} */
function fhirBaseUrl() {
  const value = document.querySelector('meta[name="fhir-base-url"]')?.getAttribute('content')?.trim();
  return (value || DEFAULT_FHIR_BASE).replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------
// Pages that are more than one element

/** The inbox, and the conversation chosen in it (beside it on a wide screen, instead of it on a phone). */
function messagesPage() {
  const page = make('div', { class: 'messages' });
  const inbox = /** @type {any} */ (make('engage-message-inbox', { 'heading-level': '1', 'emergency-number': '911' }));
  const threadBox = make('div', { class: 'messages__thread' });
  const back = make('button', { type: 'button', class: 'link-button messages__back' });
  back.textContent = t('thread-back');
  const thread = /** @type {any} */ (make('engage-message-thread', { 'heading-level': '2' }));
  threadBox.append(back, thread);
  threadBox.hidden = true;
  inbox.addEventListener('engage-thread-select', (/** @type {any} */ event) => {
    thread.setAttribute('thread-id', event.detail.thread.id);
    threadBox.hidden = false;
    page.classList.add('messages--open');
  });
  back.addEventListener('click', () => {
    threadBox.hidden = true;
    page.classList.remove('messages--open');
    inbox.focus?.();
  });
  thread.addEventListener('engage-message-sent', () => inbox.refresh?.());
  thread.addEventListener('engage-message-read', () => inbox.refresh?.());
  page.append(inbox, threadBox);
  return page;
}

/** A choice of decision aids and the chosen one. */
function decisionAidsPage() {
  const page = make('div', { class: 'aids' });
  const label = make('label', { for: 'aid-select' });
  label.textContent = t('aid-choose');
  const select = /** @type {HTMLSelectElement} */ (make('select', { id: 'aid-select' }));
  for (const [value, key] of /** @type {const} */ ([
    ['colorectal-cancer-screening', 'aid-crc'],
    ['statin-primary-prevention', 'aid-statin'],
  ])) {
    const option = /** @type {HTMLOptionElement} */ (make('option', { value }));
    option.textContent = t(key);
    select.append(option);
  }
  const aid = make('engage-decision-aid', { 'aid-id': select.value, 'heading-level': '2' });
  select.addEventListener('change', () => aid.setAttribute('aid-id', select.value));
  const field = make('div', { class: 'field' });
  field.append(label, select);
  page.append(field, aid);
  return page;
}

// ---------------------------------------------------------------------------------------
// Navigation

function currentPage() {
  const id = location.hash.slice(1);
  return PAGES.find((page) => page.id === id) ?? PAGES[0];
}

function renderNav() {
  const list = byId('nav-list');
  const current = currentPage();
  list.replaceChildren(
    ...PAGES.map((page) => {
      const item = make('li');
      const link = make('a', { href: `#${page.id}`, class: 'portal-nav__link' });
      link.textContent = t(page.id);
      if (page === current) link.setAttribute('aria-current', 'page');
      item.append(link);
      return item;
    }),
  );
}

/** Builds the current page afresh: elements start clean for the patient now chosen. */
function renderPage(moveFocus = false) {
  const page = currentPage();
  const title = byId('page-title');
  const { account } = state;
  title.textContent = page.id === 'home' ? t('home-self') : t(page.id);
  title.hidden = Boolean(page.titled);
  byId('greeting').textContent = page.id === 'home' ? t('home-title', account.name.split(' ')[0]) : '';
  byId('page').replaceChildren(page.build());
  renderNav();
  // a page whose element holds its heading: focus goes to the start of the content
  if (moveFocus) (page.titled ? byId('main') : title).focus();
}

// ---------------------------------------------------------------------------------------
// The adapter

/**
 * The provider's adapter: the FHIR adapter for the demo server, the demo's knowledge
 * service for "Learn more" (beside the FHIR server, as in the EHR demo), and the
 * care-reminder port over the same client with the demonstration rule set
 * (`/rules/preventive-care.json`). Without the rule set the reminders page says its port
 * is not configured.
 */
async function connect() {
  const baseUrl = fhirBaseUrl();
  const adapter = {
    ...createFhirAdapter({ baseUrl }),
    knowledge: createKnowledgePort({ baseUrl: `${new URL(baseUrl).origin}/knowledge/service` }),
  };
  const rules = await fetch('/rules/preventive-care.json').then(
    (response) => (response.ok ? response.json() : undefined),
    () => undefined,
  );
  provider.adapter = rules ? { ...adapter, ...createFhirReminders(adapter.client, { rules }) } : adapter;
}

// ---------------------------------------------------------------------------------------
// Sign-in (demo), language, theme

function applyAccount() {
  const { account } = state;
  provider.setAttribute('patient', account.patient);
  provider.setAttribute('user', account.user);
  provider.setAttribute('user-name', account.name);
  provider.setAttribute('user-role', account.role);
  switcher.hidden = account.role !== 'caregiver';
}

function applyLanguage() {
  document.documentElement.lang = state.locale;
  document.title = t('title');
  provider.setAttribute('locale', state.locale);
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(/** @type {any} */ (element.getAttribute('data-i18n')));
  }
  for (const element of document.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(/** @type {any} */ (element.getAttribute('data-i18n-aria-label'))));
  }
  const button = byId('language-button');
  button.textContent = state.locale === 'en' ? 'Español' : 'English';
  button.setAttribute('lang', state.locale === 'en' ? 'es' : 'en');
}

function applyTheme() {
  document.documentElement.dataset.theme = state.theme;
  provider.setAttribute('theme', state.theme);
  byId('theme-button').setAttribute('aria-pressed', String(state.theme === 'dark'));
}

const accountSelect = /** @type {HTMLSelectElement} */ (byId('account-select'));
for (const account of ACCOUNTS) {
  const option = /** @type {HTMLOptionElement} */ (make('option', { value: account.id }));
  option.textContent = account.label;
  accountSelect.append(option);
}
accountSelect.addEventListener('change', () => {
  state.account = ACCOUNTS.find((a) => a.id === accountSelect.value) ?? ACCOUNTS[0];
  applyAccount();
  renderPage();
});
byId('language-button').addEventListener('click', () => {
  state.locale = state.locale === 'en' ? 'es' : 'en';
  applyLanguage();
  renderPage();
});
byId('theme-button').addEventListener('click', () => {
  state.theme = state.theme === 'light' ? 'dark' : 'light';
  applyTheme();
});
// the phone-width menu: the button opens and closes the links; Escape closes them and
// returns focus to the button; choosing a page closes them (focus goes to the page)
const navToggle = byId('nav-toggle');
function setMenuOpen(/** @type {boolean} */ open) {
  navToggle.setAttribute('aria-expanded', String(open));
}
navToggle.addEventListener('click', () => setMenuOpen(navToggle.getAttribute('aria-expanded') !== 'true'));
byId('nav-list').addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || navToggle.getAttribute('aria-expanded') !== 'true') return;
  setMenuOpen(false);
  navToggle.focus();
});
window.addEventListener('hashchange', () => {
  setMenuOpen(false);
  // the skip link's `#main` is not a page: the browser moves focus, the page stays
  if (PAGES.some((page) => `#${page.id}` === location.hash)) renderPage(true);
});

// the caregiver switched patient: the provider already follows; rebuild the page for them
switcher.addEventListener('engage-patient-switch', () => queueMicrotask(() => renderPage()));

await connect();
applyAccount();
applyLanguage();
applyTheme();
renderPage();
