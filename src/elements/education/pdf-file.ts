/**
 * The PDF a clinician uploads as education material, both ways:
 * - in: a chosen `File` becomes a FHIR-shaped attachment (base64 data, size, SHA-1 hash)
 *   only when its bytes really are a PDF and it is not too large — the file name and the
 *   browser's MIME type are whatever the user's system says, so neither is trusted;
 * - out: an attachment's base64 data becomes a `Blob` typed `application/pdf` for the
 *   patient to open through a `blob:` URL (never a `data:` URL in an href).
 */
import type { MaterialAttachment } from '../../adapters/ports.js';
import { base64ToBytes, bytesToBase64 } from '../../core/base64.js';

/** The default largest PDF a clinician may upload: 10 MB (1024-based, as file managers count). */
export const DEFAULT_MAX_PDF_BYTES = 10 * 1024 * 1024;

/** Every PDF starts with these bytes (ISO 32000 §7.5.2, the file header). */
const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** Why a chosen file was refused. */
export type PdfRefusal = 'not-pdf' | 'too-large';

/** Whether the bytes start with the PDF header. */
export function isPdfBytes(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * A chosen file as an attachment, or why it is refused. The size is checked before any
 * byte is read, so a huge file is refused without loading it.
 */
export async function readPdf(file: File, maxBytes: number): Promise<{ attachment: MaterialAttachment } | { refused: PdfRefusal }> {
  if (file.size > maxBytes) return { refused: 'too-large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isPdfBytes(bytes)) return { refused: 'not-pdf' };
  const hash = bytesToBase64(new Uint8Array(await crypto.subtle.digest('SHA-1', bytes)));
  return { attachment: { contentType: 'application/pdf', data: bytesToBase64(bytes), title: file.name, size: bytes.length, hash } };
}

/**
 * The PDF an attachment holds, as a Blob typed `application/pdf`; `undefined` unless its
 * data decodes to bytes that really are a PDF (a record from elsewhere may claim anything).
 */
export function pdfBlobOf(attachment: MaterialAttachment | undefined): Blob | undefined {
  if (attachment?.contentType !== 'application/pdf' || !attachment.data) return undefined;
  const bytes = base64ToBytes(attachment.data);
  return bytes && isPdfBytes(bytes) ? new Blob([bytes as BlobPart], { type: 'application/pdf' }) : undefined;
}
