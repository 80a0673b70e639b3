// @ts-check
/**
 * The demo's Questionnaires tab (#16), kept apart from app.js: it adds its tab and panel
 * beside the health tracker's before app.js wires the tabs (an imported module runs
 * first).
 *
 * - Patient (or caregiver): the forms the care team asked for, read through the
 *   provider's questionnaire port (`listAssigned`: the seeded PHQ-9 request and any
 *   draft), one button each; the chosen one opens in `<engage-questionnaire>`. A draft
 *   saved with "Save and finish later" is resumed from the server (`response-id`).
 * - Clinician: the patient's completed responses, newest first, each read-only with its
 *   score and interpretation (the element's clinician view).
 *
 * A request counts as answered once a completed response to its form is newer than it: the
 * port has no call to close the request itself, and a host that does would mark its
 * `Task` completed on `engage-questionnaire-submit`.
 *
 * Built with createElement / textContent only (strict CSP, Trusted Types). Nothing is
 * stored or logged; the answers live on the FHIR server and in the element.
 */

const TEXT = {
  en: {
    tab: 'Questionnaires',
    forms: 'Forms from your care team',
    none: 'Your care team has not asked you to fill in a form.',
    loading: 'Loading forms…',
    error: 'The forms could not be loaded.',
    assigned: 'not started',
    draft: 'draft saved',
    done: 'sent',
    responses: 'Completed questionnaires',
    'no-responses': 'This patient has not completed a questionnaire yet.',
  },
  es: {
    tab: 'Cuestionarios',
    forms: 'Formularios de su equipo de salud',
    none: 'Su equipo de salud no le ha pedido que llene ningún formulario.',
    loading: 'Cargando formularios…',
    error: 'No se pudieron cargar los formularios.',
    assigned: 'sin empezar',
    draft: 'borrador guardado',
    done: 'enviado',
    responses: 'Cuestionarios completados',
    'no-responses': 'Este paciente aún no ha completado ningún cuestionario.',
  },
};

/** The clinician view shows this many completed responses. */
const MAX_RESPONSES = 5;

/**
 * @typedef {{ questionnaire: string, title?: string, status: 'assigned' | 'in-progress', responseId?: string, date?: string }} Assignment
 * @typedef {{ id?: string, questionnaire?: string, authored?: string, status: string }} Response
 * @typedef {{
 *   listAssigned(patient: string): Promise<Assignment[]>,
 *   listResponses(patient: string, query?: { status?: string }): Promise<Response[]>,
 *   getQuestionnaire(ref: string): Promise<{ title?: string, name?: string }>,
 * }} QuestionnairePort
 * @typedef {Assignment & { done?: Response }} Entry
 */

const provider = /** @type {(HTMLElement & { adapter?: { questionnaires?: QuestionnairePort } }) | null} */ (document.querySelector('engage-provider'));
const healthTab = document.getElementById('tab-health-tracker');
const healthPanel = document.getElementById('panel-health-tracker');

/** @returns {'en' | 'es'} */
const language = () => (provider?.getAttribute('locale')?.startsWith('es') ? 'es' : 'en');
/** @param {keyof TEXT['en']} key */
const t = (key) => TEXT[language()][key];

/** The form part of a canonical reference (`url|version` → `url`). */
const formOf = (/** @type {string | undefined} */ ref) => (ref ?? '').split('|')[0];

if (provider && healthTab && healthPanel) {
  const tab = document.createElement('button');
  Object.assign(tab, { type: 'button', id: 'tab-questionnaires', tabIndex: -1 });
  tab.setAttribute('role', 'tab');
  tab.setAttribute('aria-controls', 'panel-questionnaires');
  tab.setAttribute('aria-selected', 'false');
  healthTab.after(tab);

  const panel = document.createElement('section');
  Object.assign(panel, { id: 'panel-questionnaires', className: 'tabpanel', tabIndex: 0, hidden: true });
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', 'tab-questionnaires');
  healthPanel.after(panel);

  // patient view: the requested forms, then the open one
  const patientView = document.createElement('div');
  const formsLabel = document.createElement('p');
  formsLabel.id = 'questionnaire-forms-label';
  const list = document.createElement('ul');
  list.id = 'questionnaire-list';
  list.className = 'questionnaire-list';
  list.setAttribute('aria-labelledby', formsLabel.id);
  const listStatus = document.createElement('p');
  listStatus.className = 'status';
  listStatus.setAttribute('role', 'status');
  const form = document.createElement('engage-questionnaire');
  form.id = 'questionnaire';
  patientView.append(formsLabel, listStatus, list, form);

  // clinician view: completed responses, read-only with their score
  const clinicianView = document.createElement('div');
  const responsesLabel = document.createElement('p');
  const responsesStatus = document.createElement('p');
  responsesStatus.className = 'status';
  responsesStatus.setAttribute('role', 'status');
  const responses = document.createElement('div');
  responses.id = 'questionnaire-responses';
  clinicianView.append(responsesLabel, responsesStatus, responses);
  panel.append(patientView, clinicianView);

  /** Titles of forms the port had to load (a draft names only its form), per form. */
  const titles = /** @type {Map<string, string>} */ (new Map());
  /** @type {Entry[]} */
  let entries = [];
  /** Which patient the open form belongs to (a change of patient closes it). */
  let shownFor = /** @type {string | null} */ (null);
  /** Increases per refresh, so a slow answer for an earlier patient or role is dropped. */
  let generation = 0;

  const applyText = () => {
    tab.textContent = t('tab');
    formsLabel.textContent = t('forms');
    responsesLabel.textContent = t('responses');
    renderList();
  };

  /** @param {Entry} entry */
  const open = (entry) => {
    form.setAttribute('questionnaire', entry.questionnaire);
    const responseId = entry.done?.id ?? entry.responseId;
    if (responseId) form.setAttribute('response-id', responseId);
    else form.removeAttribute('response-id');
    renderList();
  };

  function renderList() {
    list.replaceChildren(
      ...entries.map((entry) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        const state = entry.done ? t('done') : entry.status === 'in-progress' ? t('draft') : t('assigned');
        button.textContent = `${entry.title || titles.get(formOf(entry.questionnaire)) || entry.questionnaire} (${state})`;
        const current = formOf(form.getAttribute('questionnaire') ?? '') === formOf(entry.questionnaire);
        button.setAttribute('aria-pressed', String(current));
        button.addEventListener('click', () => open(entry));
        item.append(button);
        return item;
      }),
    );
  }

  /** @param {QuestionnairePort} port @param {string} patient @param {number} run */
  async function refreshPatient(port, patient, run) {
    const [assigned, completed] = await Promise.all([port.listAssigned(patient), port.listResponses(patient, { status: 'completed' })]);
    const known = await Promise.all(assigned.map((a) => knownForm(port, a.questionnaire)));
    if (run !== generation) return;
    entries = assigned.filter((_, i) => known[i]).map((a) => {
      const done = a.status === 'assigned' ? completed.find((r) => formOf(r.questionnaire) === formOf(a.questionnaire) && (r.authored ?? '') >= (a.date ?? '')) : undefined;
      return done ? { ...a, done } : a;
    });
    listStatus.textContent = entries.length ? '' : t('none');
    // a new patient (or the first load) opens the first form still to do; otherwise the open one stays
    if (shownFor !== patient) {
      shownFor = patient;
      const next = entries.find((e) => !e.done);
      if (next) open(next);
    }
    renderList();
  }

  /**
   * Loads the titles of forms not known yet; returns whether the port holds `ref`'s form.
   * @param {QuestionnairePort} port @param {string} ref
   */
  async function knownForm(port, ref) {
    const form = formOf(ref);
    if (!titles.has(form)) {
      const q = await port.getQuestionnaire(ref).catch(() => undefined);
      titles.set(form, q ? (q.title ?? q.name ?? ref) : '');
    }
    return Boolean(titles.get(form));
  }

  /** @param {QuestionnairePort} port @param {string} patient @param {number} run */
  async function refreshClinician(port, patient, run) {
    // other elements store responses too (a decision aid's has no Questionnaire on the
    // server): only responses to a form the port can load are shown as forms
    const all = await port.listResponses(patient, { status: 'completed' });
    const known = await Promise.all(all.map((r) => knownForm(port, r.questionnaire ?? '')));
    const completed = all.filter((_, i) => known[i]).slice(0, MAX_RESPONSES);
    if (run !== generation) return;
    responsesStatus.textContent = completed.length ? '' : t('no-responses');
    const shown = [...responses.children].map((el) => el.getAttribute('response-id'));
    if (shown.join() === completed.map((r) => r.id).join()) return;
    responses.replaceChildren(
      ...completed.map((r) => {
        const view = document.createElement('engage-questionnaire');
        view.setAttribute('response-id', /** @type {string} */ (r.id));
        return view;
      }),
    );
  }

  async function refresh() {
    const run = ++generation;
    const port = provider?.adapter?.questionnaires;
    const patient = provider?.getAttribute('patient');
    const clinician = provider?.getAttribute('user-role') === 'clinician';
    patientView.hidden = clinician;
    clinicianView.hidden = !clinician;
    if (patient !== shownFor && shownFor !== null) {
      // another patient: their forms, never the previous patient's open one
      form.removeAttribute('questionnaire');
      form.removeAttribute('response-id');
      entries = [];
      shownFor = null;
      renderList();
    }
    if (!port || !patient) return;
    const status = clinician ? responsesStatus : listStatus;
    if (!(clinician ? responses.children.length : entries.length)) status.textContent = t('loading');
    try {
      await (clinician ? refreshClinician(port, patient, run) : refreshPatient(port, patient, run));
    } catch {
      if (run === generation) status.textContent = t('error');
    }
  }

  // app.js sets the provider's adapter and attributes after this module ran, and on every switch
  new MutationObserver((changes) => {
    if (changes.some((c) => c.attributeName === 'locale')) applyText();
    if (changes.some((c) => c.attributeName !== 'locale')) void refresh();
  }).observe(provider, { attributes: true, attributeFilter: ['patient', 'user-role', 'locale'] });
  // what the patient saved or sent changes the list's states (the open form stays as it is)
  form.addEventListener('engage-questionnaire-save', () => void refresh());
  form.addEventListener('engage-questionnaire-submit', () => void refresh());
  applyText();
}
