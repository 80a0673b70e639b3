/**
 * `ehr-engage/adapters/fhir/decision-aids`: the decision-aid port alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirDecisionAidPort } from '../decision-aid-port.js';

export { FhirClient, FhirDecisionAidPort };
export type { FhirClientOptions, FhirPortAdapter };

/** An adapter with only the decision-aid port. */
export function createFhirDecisionAids(options: FhirClientOptions | FhirClient): FhirPortAdapter<'decisionAids'> {
  const client = clientOf(options);
  return { client, decisionAids: new FhirDecisionAidPort(client) };
}
