/**
 * The port contracts, run against the FHIR adapter (over HTTP to the local FHIR
 * server) and the memory adapter, so both behave alike.
 */
import { createFhirAdapter, toPatientDemographics } from '../../src/adapters/fhir/index.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { patientPortContract } from './contract/patient-port.js';
import { fhirEndpoints } from './helpers.js';
import { knownSyntheaPatients, resourcesOf } from './synthea.js';

patientPortContract('FHIR adapter → local FHIR server over HTTP', async () => {
  const { fhirUrl } = await fhirEndpoints();
  const { known } = await knownSyntheaPatients();
  return { adapter: createFhirAdapter({ baseUrl: fhirUrl }), known };
});

patientPortContract('memory adapter', async () => {
  const { known, bundles } = await knownSyntheaPatients();
  // seeded from the same source records (mapped once, as a vendor's backend might)
  const patients = bundles.map((bundle) =>
    toPatientDemographics(resourcesOf(bundle, 'Patient')[0] as never, resourcesOf(bundle, 'AllergyIntolerance') as never),
  );
  return { adapter: createMemoryAdapter({ patients }), known };
});
