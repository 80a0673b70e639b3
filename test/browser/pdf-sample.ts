/**
 * A small, valid PDF made in the test: /work/shared/fixtures holds no PDF, so the bytes are
 * written here by hand (one page, one line of text, a cross-reference table with the real
 * byte offsets, as ISO 32000-1 §7.5 lays a file out). `note` goes into the page text, so
 * each test can make a file no other test stored.
 */
export function samplePdf(note = 'Inhaler steps'): Uint8Array {
  const text = note.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** The bytes as a chosen file. */
export function asFile(bytes: Uint8Array, name: string, type = 'application/pdf'): File {
  return new File([bytes as BlobPart], name, { type });
}

/** Base64 of the bytes, computed here (not by the code under test). */
export function base64Of(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
}

/** SHA-1 of the bytes, base64, as FHIR `Attachment.hash` holds it. */
export async function sha1Of(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes as BufferSource));
  return btoa(Array.from(digest, (b) => String.fromCharCode(b)).join(''));
}

/** Puts `file` into a file input as if the user chose it, and fires `change`. */
export function choose(input: HTMLInputElement, file: File): void {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
