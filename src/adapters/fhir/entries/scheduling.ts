/**
 * `ehr-engage/adapters/fhir/scheduling`: the scheduling port (appointments and the clinic's queue) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirSchedulingPort, type FhirSchedulingOptions } from '../scheduling-port.js';

export { FhirClient, FhirSchedulingPort };
export type { FhirClientOptions, FhirPortAdapter, FhirSchedulingOptions };

/** An adapter with only the scheduling port (appointments and the clinic's queue). */
export function createFhirScheduling(options: FhirClientOptions | FhirClient, scheduling: FhirSchedulingOptions = {}): FhirPortAdapter<'scheduling'> {
  const client = clientOf(options);
  return { client, scheduling: new FhirSchedulingPort(client, scheduling) };
}
