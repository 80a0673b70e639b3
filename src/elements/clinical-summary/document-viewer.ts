/**
 * The safe viewer of a note's or report's content, loaded on demand (the element imports
 * this module the first time a reader opens a document, so neither it nor the sanitizer
 * is in the element's up-front download).
 *
 * - Plain text is shown as text (a Lit text binding, never markup).
 * - HTML and XHTML go only through the one sanitizer (`src/core/sanitize.ts`, narrative
 *   allow-list): no script, no event handlers, no images, frames or styles, so nothing
 *   runs and nothing is fetched from elsewhere when a note is opened.
 * - Anything else (a PDF, an image, XML) is never rendered inline: it is offered as a
 *   download of the bytes the record holds, from an in-memory `blob:` URL that carries
 *   no patient data.
 * - A file kept on the record's server (a `Binary` reference or a relative URL) is read
 *   through the summary port (`getAttachment`, with the port's own authorization) when
 *   the port can, and then shown by the rules above; otherwise the viewer says where it is.
 * - Any other linked file (`attachment.url`) is offered as a link the reader follows in a
 *   new tab, only when it is an `http(s)` address; the viewer never fetches it by itself.
 */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { DocumentContent } from '../../adapters/ports.js';

/** The reader of server files travels with the viewer: a summary without notes never loads it. */
export { AttachmentReader } from './summary-attachments.js';
import { sanitizedHtml } from '../../core/sanitize.js';
import { base64ToBytes } from '../../core/base64.js';

/** The media type without parameters, lower case (`text/plain; charset=utf-8` → `text/plain`). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The charset parameter of a content type, when one is given. */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
}

/** The text of inline data in its declared charset (UTF-8 when none is declared or it is unknown). */
export function decodeText(data: string, contentType?: string): string | undefined {
  const bytes = base64ToBytes(data);
  if (!bytes) return undefined;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charsetOf(contentType) ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

const TEXT = new Set(['text/plain', '']);
const HTML = new Set(['text/html', 'application/xhtml+xml']);

/** `blob:` URLs made for downloads, one per content, kept for the page's life (the bytes are the record's). */
const downloads = new WeakMap<DocumentContent, string>();

function downloadUrl(content: DocumentContent, bytes: Uint8Array): string {
  let url = downloads.get(content);
  if (!url) {
    url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType(content.contentType) || 'application/octet-stream' }));
    downloads.set(content, url);
  }
  return url;
}

/** A download name from the title: letters, digits and dashes only, with an extension for the type. */
function fileName(title: string, contentType: string | undefined): string {
  const type = mediaType(contentType);
  const extension = type === 'application/pdf' ? '.pdf' : type.startsWith('image/') ? `.${type.slice(6).replace(/\W.*$/, '')}` : type.endsWith('xml') ? '.xml' : '';
  return `${title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'document'}${extension}`;
}

/** A file read through the port: in flight, read, or failed (with the error's code). */
export type FetchedContent = { state: 'loading' } | { state: 'done'; content: DocumentContent } | { state: 'failed'; code: string };

/**
 * Whether a linked file is kept on the record's server and is read through the port: a
 * relative URL or `Binary` reference, or an absolute URL that names a `Binary`.
 */
export function isServerFile(url: string | undefined): url is string {
  return !!url && !url.startsWith('#') && (!/^[a-z][a-z\d+.-]*:/i.test(url) || (/^https?:\/\//i.test(url) && /\/Binary\/[^/?#]+$/.test(url)));
}

/**
 * One piece of content as the reader sees it. `fetch` reads a file kept on the record's
 * server (undefined when the port cannot): its state is shown while it loads or failed.
 */
export function renderContent(content: DocumentContent, title: string, fetch?: (url: string) => FetchedContent): TemplateResult {
  if (!content.data && isServerFile(content.url) && fetch) {
    const fetched = fetch(content.url);
    if (fetched.state === 'done') return renderContent(fetched.content, title);
    if (fetched.state === 'loading') return html`<p class="loading" data-viewer="loading">${msg('Loading…', { id: 'state.loading' })}</p>`;
    // the port could not read it: say so, and still offer a plain link where there is one
    if (!/^https?:\/\//i.test(content.url)) {
      return html`<p class="document__unreadable" data-viewer="failed">
        ${msg('The file could not be opened.', { id: 'summary.document.fetch-failed' })} <code>${content.url}</code>
      </p>`;
    }
  }
  const type = mediaType(content.contentType);
  if (content.data) {
    if (TEXT.has(type) || HTML.has(type)) {
      const text = decodeText(content.data, content.contentType);
      if (text === undefined) return html`<p class="document__unreadable">${msg('This document could not be read.', { id: 'summary.document.unreadable' })}</p>`;
      return HTML.has(type)
        ? html`<div class="document__html" data-viewer="html">${sanitizedHtml(text, 'narrative')}</div>`
        : html`<pre class="document__text" data-viewer="text">${text}</pre>`;
    }
    const bytes = base64ToBytes(content.data);
    if (!bytes) return html`<p class="document__unreadable">${msg('This document could not be read.', { id: 'summary.document.unreadable' })}</p>`;
    const kind = type || msg('file', { id: 'summary.document.file' });
    return html`<p><a data-viewer="download" href=${downloadUrl(content, bytes)} download=${fileName(title, content.contentType)}
      >${msg(str`Download (${kind})`, { id: 'summary.document.download' })}</a
    ></p>`;
  }
  if (content.url && /^https?:\/\//i.test(content.url)) {
    return html`<p><a data-viewer="link" href=${content.url} target="_blank" rel="noopener noreferrer"
      >${msg('Open the file (new tab)', { id: 'summary.document.open-link' })}</a
    ></p>`;
  }
  // a relative name or a Binary reference: say where it is, as text, never as a link
  return html`<p class="document__unreadable" data-viewer="elsewhere">
    ${msg('The file is kept elsewhere and cannot be opened here.', { id: 'summary.document.elsewhere' })}
    ${content.url ? html`<code>${content.url}</code>` : ''}
  </p>`;
}
