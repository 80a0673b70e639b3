// @ts-check
/**
 * The demo's Reminders tab (#14), kept apart from app.js like the Appointments tab: it adds its
 * tab and panel before app.js wires the tabs (an imported module runs first). The patient sees
 * `<engage-care-reminders>`; the clinician sees it with the evidence, and the care-gap worklist
 * across every patient of the local server, from which reminders are sent (they land in each
 * patient's Messages). Both elements get an adapter of their own over the page's FHIR server:
 * the care-reminder port needs the rule set (served at /rules/preventive-care.json), and vaccines
 * due come from the immunization port beside it. Nothing here logs or stores patient data.
 */
const LABELS = { en: 'Reminders', es: 'Recordatorios' };

const tablist = document.querySelector('[role="tablist"]');
const lastPanel = [...document.querySelectorAll('[role="tabpanel"]')].at(-1);
if (tablist && lastPanel) {
  const tab = document.createElement('button');
  Object.assign(tab, { type: 'button', id: 'tab-reminders', tabIndex: -1, textContent: LABELS.en });
  tab.setAttribute('role', 'tab');
  tab.setAttribute('aria-controls', 'panel-reminders');
  tab.setAttribute('aria-selected', 'false');
  tablist.append(tab);
  const panel = document.createElement('section');
  Object.assign(panel, { id: 'panel-reminders', className: 'tabpanel', tabIndex: 0, hidden: true });
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', 'tab-reminders');
  const reminders = document.createElement('engage-care-reminders');
  reminders.id = 'care-reminders';
  reminders.setAttribute('heading-level', '2');
  const worklist = document.createElement('engage-care-gap-worklist');
  worklist.id = 'care-gap-worklist';
  worklist.setAttribute('heading-level', '2');
  panel.append(reminders, worklist);
  lastPanel.after(panel);

  const language = () => (document.documentElement.lang === 'es' ? 'es' : 'en');
  const applyLabel = () => (tab.textContent = LABELS[language()]);
  new MutationObserver(applyLabel).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  applyLabel();

  const provider = document.querySelector('engage-provider');
  const applyRole = () => {
    worklist.hidden = provider?.getAttribute('user-role') !== 'clinician';
  };
  if (provider) new MutationObserver(applyRole).observe(provider, { attributes: true, attributeFilter: ['user-role'] });
  applyRole();

  void connect(reminders, worklist);
}

/**
 * Builds the two elements' adapter: reminders (with the rule set) and immunizations on one client.
 * @param {HTMLElement} reminders
 * @param {HTMLElement} worklist
 */
async function connect(reminders, worklist) {
  const baseUrl = document.querySelector('meta[name="fhir-base-url"]')?.getAttribute('content');
  if (!baseUrl) return;
  const [{ createFhirImmunizations, createFhirReminders }, rules] = await Promise.all([
    import('/dist/adapters/fhir.js'),
    fetch('/rules/preventive-care.json').then((r) => r.json()),
  ]);
  const { client, immunizations } = createFhirImmunizations({ baseUrl });
  const adapter = { ...createFhirReminders(client, { rules }), immunizations };
  /** @type {any} */ (reminders).adapter = adapter;
  /** @type {any} */ (worklist).adapter = adapter;
}
