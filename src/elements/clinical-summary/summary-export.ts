/**
 * Saving the summary as a file: the exchangeable document (C-CDA XML, FHIR JSON) and a
 * self-contained web page of what the summary shows. Used only when a reader asks for a
 * download, so <engage-clinical-summary> imports this module then, and it is not part of
 * the element's up-front download.
 */
import type { RecordRef, SummaryPort } from '../../adapters/ports.js';
import { EngageError } from '../../core/errors.js';

/** Saves text as a file through a temporary link (the `blob:` URL carries no patient data). */
export function saveFile(root: ParentNode, content: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A web page of a rendered summary: text only, no script, no controls. `copy` is a clone
 * of the element's rendered base (with every entry shown); it is changed in place.
 */
export function summaryPage(copy: HTMLElement, options: { lang: string; title: string; styles: string }): string {
  // a section's title lives in its toggle button: keep the words, drop the control
  for (const toggle of copy.querySelectorAll('[data-section-toggle]')) {
    toggle.querySelector('.chevron')?.remove();
    const title = document.createElement('span');
    title.className = 'section__toggle';
    title.append(...toggle.childNodes);
    toggle.replaceWith(title);
  }
  for (const el of copy.querySelectorAll('button, input, label.toggle, slot, [role="status"], form')) el.remove();
  for (const el of copy.querySelectorAll('details')) el.setAttribute('open', '');
  return (
    `<!doctype html><html lang="${options.lang.replace(/[^A-Za-z0-9-]/g, '')}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${options.title.replace(/[<>&]/g, '')}</title>` +
    `<style>${options.styles.replace(/:host/g, 'body')}</style></head><body>` +
    new XMLSerializer().serializeToString(copy) +
    `</body></html>`
  );
}

/** The exchangeable document and how to save it. */
export interface ExchangeDocument {
  document: unknown;
  contentType: string;
  text: string;
  extension: string;
}

/**
 * The exchangeable document: the C-CDA or IPS Bundle the element was given, else the
 * port's (`getDocument`). Used by the download and by "Send".
 */
export async function exchangeDocument(source: {
  ccda?: string;
  bundle?: unknown;
  port?: SummaryPort;
  patient?: RecordRef;
}): Promise<ExchangeDocument> {
  if (typeof source.ccda === 'string') return { document: source.ccda, contentType: 'application/xml', text: source.ccda, extension: 'xml' };
  let document = source.bundle;
  if (!document) {
    if (!source.port?.getDocument || !source.patient) throw new EngageError('not-configured', 'The port cannot give a document.');
    document = await source.port.getDocument(source.patient);
  }
  return { document, contentType: 'application/fhir+json', text: JSON.stringify(document, null, 2), extension: 'json' };
}
