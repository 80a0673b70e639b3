/**
 * What the refill suites over the local FHIR server share: a server that ignores the
 * `intent` filter, and the outcome of one request as the port answered it.
 */
import type { RecordRef, RefillPort, RefillRequestDraft } from '../../src/adapters/ports.js';
import { isEngageError } from '../../src/core/errors.js';

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
