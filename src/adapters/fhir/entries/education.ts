/**
 * `ehr-engage/adapters/fhir/education`: the education port (assigned materials) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirEducationPort, type FhirEducationOptions } from '../education-port.js';

export { FhirClient, FhirEducationPort };
export type { FhirClientOptions, FhirPortAdapter, FhirEducationOptions };

/** An adapter with only the education port (assigned materials). */
export function createFhirEducation(options: FhirClientOptions | FhirClient, education: FhirEducationOptions = {}): FhirPortAdapter<'education'> {
  const client = clientOf(options);
  return { client, education: new FhirEducationPort(client, education) };
}
