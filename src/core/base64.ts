/**
 * Base64 for attachments and documents: FHIR carries file bytes (`Attachment.data`,
 * `Binary.data`) and hashes as base64. One place for it, instead of a copy per port.
 */

/** Bytes as base64, built in slices: one `String.fromCharCode` call per slice keeps the stack small for large files. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 (line breaks and spaces allowed, as XML and some servers send it) as bytes; `undefined` when it is not base64. */
export function base64ToBytes(data: string): Uint8Array | undefined {
  try {
    const binary = atob(data.replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}
