// @ts-check
/**
 * The demo's patient education (#17), kept apart from app.js: "Learn more" infobuttons
 * in the summary and refills, answered by the local knowledge service on the FHIR
 * server's port (demo/server/knowledge-service.mjs, demo content), and the Education
 * tab, where a clinician assigns a material and the patient marks it read.
 *
 * `KNOWLEDGE_SERVICE=medlineplus npm start` points the infobuttons at the real MedlinePlus
 * Connect service instead (internet access needed): demo/start.mjs then fills in
 * `<meta name="knowledge-base-url">` and allows that origin in the page's CSP.
 */
import { createFhirAdapter } from '/dist/adapters/fhir.js';
import { createKnowledgePort, MEDLINEPLUS_CONNECT } from '/dist/adapters/infobutton.js';

/**
 * Gives the provider the FHIR adapter plus a knowledge port, in the same moment app.js sets
 * its `fhir-base-url` (an adapter set later would replace the first one and cancel the
 * elements' requests).
 * @param {HTMLElement & { adapter?: unknown }} provider
 * @param {string} fhirBase
 */
export function withKnowledge(provider, fhirBase) {
  const configured = document.querySelector('meta[name="knowledge-base-url"]')?.getAttribute('content')?.trim();
  const knowledgeBase = configured || `${new URL(fhirBase).origin}/knowledge/service`;
  // MedlinePlus Connect's own examples write Spanish as `sp`; the local service takes both
  provider.adapter = {
    ...createFhirAdapter({ baseUrl: fhirBase }),
    knowledge: createKnowledgePort({ baseUrl: knowledgeBase, ...(knowledgeBase === MEDLINEPLUS_CONNECT ? { languageCodes: { es: 'sp' } } : {}) }),
  };
}

const provider = /** @type {HTMLElement} */ (document.getElementById('engage'));
// the tab's label follows the demo's language switch (the provider's locale)
const tab = /** @type {HTMLElement} */ (document.getElementById('tab-education'));
const label = () => (tab.textContent = provider.getAttribute('locale')?.startsWith('es') ? 'Educación' : 'Education');
new MutationObserver(label).observe(provider, { attributes: true, attributeFilter: ['locale'] });
label();
