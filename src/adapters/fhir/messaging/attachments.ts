/**
 * Message attachments over FHIR: storing a large one as a `Binary` (written again, never
 * twice, on a retry) and fetching one back, inline or from a `Binary`. Apart from the
 * port because sending and reading attachments is a concern of its own (bytes, hashes,
 * base64) that the conversation reads never need.
 */
import { EngageError, toEngageError } from '../../../core/errors.js';
import type { MessageAttachment, OutgoingAttachment, ReadOptions } from '../../ports.js';
import type { FhirClient } from '../client.js';
import type { Resource } from '../fhir-types.js';
import { bytesToBase64 } from '../../../core/base64.js';

/** A FHIR id (64 hex digits) for these bytes of this patient: SHA-256 where available. */
async function contentId(patientRef: string, buffer: ArrayBuffer): Promise<string> {
  const prefix = new TextEncoder().encode(`${patientRef}\n`);
  const all = new Uint8Array(prefix.length + buffer.byteLength);
  all.set(prefix);
  all.set(new Uint8Array(buffer), prefix.length);
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  // outside secure contexts there is no SubtleCrypto: FNV-style words over the bytes
  let words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b, 0x27d4eb2f, 0x165667b1, 0xc2b2ae3d, 0x61c88647];
  for (const byte of all) {
    words = words.map((w, i) => (Math.imul(w ^ byte, 0x01000193 + i * 0x2c1b3c6d) ^ (words[(i + 1) % 8]! >>> 13)) >>> 0);
  }
  return words.map((w) => w.toString(16).padStart(8, '0')).join('');
}

/** The bytes as base64, as a FHIR `Attachment.data` or `Binary.data` holds them. */
export function base64(buffer: ArrayBuffer): string {
  return bytesToBase64(new Uint8Array(buffer));
}

function fromBase64(data: string, contentType: string): Blob {
  const binary = atob(data.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: contentType });
}

/**
 * Stores a large attachment as a Binary whose id is derived from the patient and the
 * bytes, written with `PUT` (update-as-create). Repeating it — a retry after a lost
 * answer, an edited retry with the same file — writes the same Binary again instead of
 * creating a second one, so no Binary is orphaned. (The server must allow client ids,
 * as HAPI, Medplum and the demo server do; `Binary` has no identifier to search on.)
 */
export async function storeBinary(
  client: FhirClient,
  file: OutgoingAttachment,
  patientRef: string,
  signal?: AbortSignal,
): Promise<string> {
  const buffer = await file.data.arrayBuffer();
  const id = await contentId(patientRef, buffer);
  const binary: Resource = {
    resourceType: 'Binary',
    id,
    contentType: file.contentType,
    securityContext: { reference: patientRef },
    data: base64(buffer),
  };
  const { body } = await client.update(binary, { signal, idempotent: true });
  return `Binary/${body.id}`;
}

/** The bytes of an attachment: decoded from a `data:` URL, or read from a `Binary` on this server. */
export async function fetchAttachment(
  client: FhirClient,
  attachment: MessageAttachment,
  options: ReadOptions,
): Promise<Blob> {
  const url = attachment.url;
  if (!url) throw new EngageError('not-found', 'The attachment has no content.');
  const inline = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (inline) return fromBase64(inline[2]!, inline[1] || attachment.contentType);
  const binaryRef = /(?:^|\/)Binary\/([^/?#]+)/.exec(url);
  if (!binaryRef) throw new EngageError('invalid', 'Only Binary attachments on this server can be fetched.');
  try {
    const binary = await client.read('Binary', decodeURIComponent(binaryRef[1]!), { signal: options.signal });
    if (typeof binary.data !== 'string') throw new EngageError('not-found', 'The attachment has no content.');
    return fromBase64(binary.data, binary.contentType ?? attachment.contentType);
  } catch (error) {
    throw toEngageError(error);
  }
}
