/**
 * `ehr-engage/adapters/fhir/summary`: the clinical-summary port alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirSummaryPort, type FhirSummaryOptions } from '../summary-port.js';

export { FhirClient, FhirSummaryPort };
export type { FhirClientOptions, FhirPortAdapter, FhirSummaryOptions };

/** An adapter with only the clinical-summary port. */
export function createFhirSummary(options: FhirClientOptions | FhirClient, summary: FhirSummaryOptions = {}): FhirPortAdapter<'summary'> {
  const client = clientOf(options);
  return { client, summary: new FhirSummaryPort(client, summary) };
}
