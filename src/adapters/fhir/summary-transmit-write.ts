/**
 * The FHIR summary port's one write — recording a request to send the document — under
 * the write protocol (docs/write-protocol.md). The port loads it with `import()` at the
 * first send, so a page that only shows a summary does not carry it (#20).
 */
import { bytesToBase64 } from '../../core/base64.js';
import type { WriteOptions } from '../ports.js';
import type { FhirClient } from './client.js';
import type { Resource } from './fhir-types.js';
import { createOnce, holdSent, rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';

/** How a transmission carries its idempotency key. */
const TRANSMIT_KEYS: KeyIdentity = { system: 'urn:ietf:rfc:3986', value: (key) => `urn:uuid:${key}` };

/** Base64 of a Unicode string, in chunks so a large document does not overflow the stack. */
function base64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/**
 * Records a request to send the document as a `Communication` (payload: the document,
 * recipient and note as given) for the host's back end to deliver. Conditional create
 * on the idempotency key, so a retry never records two. `id` is the patient's id.
 */
export async function transmitSummary(
  client: FhirClient,
  id: string,
  request: { document: unknown; recipient?: string; note?: string },
  options: WriteOptions,
): Promise<{ id: string }> {
  const identifier = { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${options.idempotencyKey}` };
  const communication: Resource = {
    resourceType: 'Communication',
    identifier: [identifier],
    status: 'in-progress',
    category: [{ text: 'Clinical summary transmission' }],
    subject: { reference: `Patient/${id}` },
    sent: new Date().toISOString(),
    ...(request.recipient ? { recipient: [{ display: request.recipient }] } : {}),
    ...(request.note ? { note: [{ text: request.note }] } : {}),
    payload: [
      {
        contentAttachment: {
          contentType: 'application/fhir+json',
          title: 'International Patient Summary',
          data: base64(JSON.stringify(request.document ?? null)),
        },
      },
    ],
  };
  // the write protocol: a changed note or recipient after a lost answer revises what landed
  const settled = await settleEarlier(client, 'Communication', TRANSMIT_KEYS, options, options.signal);
  // what a transmission stored under this key must hold: who it goes to, the note, the document
  const hold = { content: ['recipient', 'note', 'payload'], signal: options.signal } as const;
  if (settled.current?.id) return { id: (await holdSent(client, settled.current, communication, hold)).id! };
  const earlier = settled.earlier.find((c) => (c.subject as { reference?: string } | undefined)?.reference === `Patient/${id}`);
  if (earlier) {
    const revise = (stored: Resource): Resource => ({ ...communication, id: stored.id, meta: stored.meta, identifier: stored.identifier });
    const revised = await rekey(client, earlier, TRANSMIT_KEYS, options.idempotencyKey, revise, options.signal);
    return { id: revised.id! };
  }
  return { id: (await createOnce(client, communication, TRANSMIT_KEYS, options.idempotencyKey, hold)).id! };
}
