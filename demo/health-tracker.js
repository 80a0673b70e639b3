// @ts-check
/**
 * The demo's "Health tracker" tab. `<engage-health-tracker>` needs no wiring: it reads and
 * writes through the provider's FHIR adapter (Observations and Goals on the local server,
 * seeded from demo/data/demo-health-tracker.json). This module is the host's part: the
 * tab's label in the page's language, and what a host might do when the element reports
 * a dangerous reading (a real portal could notify the care team; the demo shows a line of
 * its own under the element). Nothing here logs or stores patient data.
 */

const LABELS = { en: 'Health tracker', es: 'Mediciones de salud' };
const NOTICE = {
  en: 'The demo host was told about a dangerous reading. A real portal could alert the care team here.',
  es: 'El sistema de demostración recibió el aviso de una medición peligrosa. Un portal real podría avisar al equipo de salud aquí.',
};

const tab = document.getElementById('tab-health-tracker');
const tracker = document.getElementById('health-tracker');

/** @returns {'en' | 'es'} */
const language = () => (document.documentElement.lang === 'es' ? 'es' : 'en');

function applyLabel() {
  if (tab) tab.textContent = LABELS[language()];
}

// app.js sets <html lang> when the host's language changes
new MutationObserver(applyLabel).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
applyLabel();

if (tracker) {
  const notice = document.createElement('p');
  notice.className = 'status';
  notice.setAttribute('role', 'status');
  tracker.after(notice);
  tracker.addEventListener('engage-reading-danger', () => {
    notice.textContent = NOTICE[language()];
  });
}
