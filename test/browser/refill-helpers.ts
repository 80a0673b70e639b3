/**
 * What the refill suites over the local FHIR server share: an outpatient pharmacy stored on
 * it, a server that ignores the `intent` filter, and the outcome of one request as the port
 * answered it.
 */
import type { FhirClient } from '../../src/adapters/fhir/client.js';
import type { RecordRef, RefillPort, RefillRequestDraft } from '../../src/adapters/ports.js';
import { isEngageError } from '../../src/core/errors.js';

/** Stores an outpatient pharmacy (`OUTPHARM`) named `name`, with any more of its fields; returns its reference. */
export async function createPharmacy(direct: FhirClient, name: string, more: Record<string, unknown> = {}): Promise<string> {
  const pharmacy = await direct.create<{ resourceType: string; id?: string; [field: string]: unknown }>({
    resourceType: 'Organization',
    active: true,
    name,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'OUTPHARM' }] }],
    ...more,
  });
  return `Organization/${pharmacy.body.id}`;
}

/** A fetch to the real server that drops `intent=…` from the searches of a batch: a server that ignores the filter. */
export const ignoringIntent: typeof fetch = async (input, init) => {
  if (typeof init?.body === 'string' && init.body.includes('"batch"')) {
    const bundle = JSON.parse(init.body) as { entry: { request: { url: string } }[] };
    for (const entry of bundle.entry) entry.request.url = entry.request.url.replace(/&intent=[^&]*/, '');
    init = { ...init, body: JSON.stringify(bundle) };
  }
  return fetch(input, init);
};

/** How the port answered a request for one prescription: `submitted`, or the error's code. */
export function submitOutcome(
  port: RefillPort,
  patient: RecordRef,
  item: { prescriptionId: string; kind: 'refill' | 'renewal' },
  order: Omit<RefillRequestDraft, 'items'>,
  idempotencyKey: string,
): Promise<string> {
  return port.submitRequest(patient, { ...order, items: [item] }, { idempotencyKey }).then(
    () => 'submitted',
    (error: unknown) => (isEngageError(error) ? error.code : String(error)),
  );
}
