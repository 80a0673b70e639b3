/**
 * `ehr-engage/adapters/fhir/health-tracker`: the health-tracker port (readings and goals) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirHealthTrackerPort } from '../health-tracker-port.js';

export { FhirClient, FhirHealthTrackerPort };
export type { FhirClientOptions, FhirPortAdapter };

/** An adapter with only the health-tracker port (readings and goals). */
export function createFhirHealthTracker(options: FhirClientOptions | FhirClient): FhirPortAdapter<'healthTracker'> {
  const client = clientOf(options);
  return { client, healthTracker: new FhirHealthTrackerPort(client) };
}
