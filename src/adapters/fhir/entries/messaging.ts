/**
 * `ehr-engage/adapters/fhir/messaging`: the messaging port (inbox and thread) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirMessagingPort, type FhirMessagingOptions } from '../messaging-port.js';

export { FhirClient, FhirMessagingPort };
export type { FhirClientOptions, FhirPortAdapter, FhirMessagingOptions };

/** An adapter with only the messaging port (inbox and thread). */
export function createFhirMessaging(options: FhirClientOptions | FhirClient, messaging: FhirMessagingOptions = {}): FhirPortAdapter<'messaging'> {
  const client = clientOf(options);
  return { client, messaging: new FhirMessagingPort(client, messaging) };
}
