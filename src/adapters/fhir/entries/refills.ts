/**
 * `ehr-engage/adapters/fhir/refills`: the refill port (request form and queue) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirRefillPort } from '../refill-port.js';

export { FhirClient, FhirRefillPort };
export type { FhirClientOptions, FhirPortAdapter };

/** An adapter with only the refill port (request form and queue). */
export function createFhirRefills(options: FhirClientOptions | FhirClient): FhirPortAdapter<'refills'> {
  const client = clientOf(options);
  return { client, refills: new FhirRefillPort(client) };
}
