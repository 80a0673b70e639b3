/**
 * `ehr-engage/adapters/fhir/patient`: the patient (banner) port alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirPatientPort } from '../patient-port.js';

export { FhirClient, FhirPatientPort };
export type { FhirClientOptions, FhirPortAdapter };

/** An adapter with only the patient (banner) port. */
export function createFhirPatient(options: FhirClientOptions | FhirClient): FhirPortAdapter<'patient'> {
  const client = clientOf(options);
  return { client, patient: new FhirPatientPort(client) };
}
