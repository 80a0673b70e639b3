/**
 * `ehr-engage/adapters/fhir/immunizations`: the immunization port (vaccination record and forecast) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirImmunizationPort } from '../immunization-port.js';

export { FhirClient, FhirImmunizationPort };
export type { FhirClientOptions, FhirPortAdapter };

/** An adapter with only the immunization port (vaccination record and forecast). */
export function createFhirImmunizations(options: FhirClientOptions | FhirClient): FhirPortAdapter<'immunizations'> {
  const client = clientOf(options);
  return { client, immunizations: new FhirImmunizationPort(client) };
}
