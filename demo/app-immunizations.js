// @ts-check
/**
 * The Immunizations tab of the host page (demo/app.js): the EHR's record or a sample state
 * registry answer; the registry adapter loads on demand, when that source is chosen.
 */
import { byId } from './app-state.js';
import { t } from './app-strings.js';

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
