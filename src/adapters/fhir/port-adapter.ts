/**
 * What the per-port factories share (`createFhirSummary` in summary-port.ts, and one beside
 * every port): the adapter shape they return and the client they build on. Each factory
 * lives beside its port, and each port has its own package entry
 * (`ehr-engage/adapters/fhir/summary`, … in `entries/`), so a page that uses one port
 * carries that port alone: a bundler never sees the others, not even their `import()`s
 * (esbuild makes a chunk for every `import()` it reads, used or not, and the shared code
 * splits along them).
 */
import type { EngageAdapter, PortName } from '../ports.js';
import { FhirClient, type FhirClientOptions } from './client.js';

/** An adapter with exactly the ports `K`, over one FHIR client. */
export type FhirPortAdapter<K extends PortName> = { readonly client: FhirClient } & Required<Pick<EngageAdapter, K>>;

/** The client to build on: the one given, or a new one from its options. */
export function clientOf(options: FhirClientOptions | FhirClient): FhirClient {
  return options instanceof FhirClient ? options : new FhirClient(options);
}
