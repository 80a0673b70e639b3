// @ts-check
/**
 * The demo's Appointments tab (#15), kept apart from app.js: it adds its tab and panel
 * before app.js wires the tabs (an imported module runs first), shows the patient's
 * `<engage-appointments>` or, in the clinician role, the clinic's queue and Dr. Lee's day
 * list, and follows the role the host sets on `<engage-provider>`. The seeded slots sit
 * around the next US daylight-saving change (demo/server/seed-appointments.mjs), so the
 * calendar looks 20 weeks ahead.
 */
const tablist = document.querySelector('[role="tablist"]');
const lastPanel = [...document.querySelectorAll('[role="tabpanel"]')].at(-1);
if (tablist && lastPanel) {
  const tab = document.createElement('button');
  Object.assign(tab, { type: 'button', id: 'tab-appointments', tabIndex: -1, textContent: 'Appointments' });
  tab.setAttribute('role', 'tab');
  tab.setAttribute('aria-controls', 'panel-appointments');
  tab.setAttribute('aria-selected', 'false');
  tablist.append(tab);
  const panel = document.createElement('section');
  Object.assign(panel, { id: 'panel-appointments', className: 'tabpanel', tabIndex: 0, hidden: true });
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', 'tab-appointments');
  const patientView = document.createElement('engage-appointments');
  patientView.setAttribute('heading-level', '2');
  patientView.setAttribute('weeks-ahead', '20');
  const queue = document.createElement('engage-appointment-queue');
  queue.setAttribute('heading-level', '2');
  // the seeded slots lie months ahead (see above): the queue offers them too
  queue.setAttribute('weeks-ahead', '20');
  const day = document.createElement('engage-appointment-queue');
  day.setAttribute('heading-level', '2');
  day.setAttribute('clinician', 'Practitioner/demo-dr-lee');
  day.setAttribute('time-zone', 'America/New_York');
  panel.append(patientView, queue, day);
  lastPanel.after(panel);

  const provider = document.querySelector('engage-provider');
  /** @type {boolean | undefined} */
  let roleShown;
  const applyRole = () => {
    const clinician = provider?.getAttribute('user-role') === 'clinician';
    patientView.hidden = clinician;
    queue.hidden = !clinician;
    day.hidden = !clinician;
    // the day list shows the first weekday with seeded slots that has a booking: today's date in New York
    day.setAttribute('date', new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date()));
    // each side reloads when shown again, so a decision made in one role shows in the other
    if (roleShown !== undefined && roleShown !== clinician) void (/** @type {any} */ (clinician ? queue : patientView)).refresh?.();
    roleShown = clinician;
  };
  if (provider) new MutationObserver(applyRole).observe(provider, { attributes: true, attributeFilter: ['user-role'] });
  applyRole();
}
