/**
 * Document entries of <engage-clinical-summary>: notes (DocumentReference, a C-CDA
 * document's own file) and reports as written (a DiagnosticReport's presented form).
 * Each says when it was replaced by a newer version or is only preliminary, and offers
 * its content behind a button: the viewer that shows it (`document-viewer.ts`, with the
 * sanitizer) is a separate chunk, imported the first time a reader opens a document, so
 * the element's up-front download does not grow with it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { DocumentContent, DocumentEntry } from '../../adapters/ports.js';
import { codedText } from '../../core/format.js';
import type { EntryHelpers } from './summary-care.js';
import type * as ViewerModule from './document-viewer.js';

/** What the element lends the document template beyond the common helpers. */
export interface DocumentHelpers extends EntryHelpers {
  /** Whether the reader opened this entry's content. */
  isOpen(id: string): boolean;
  /** Opens or closes this entry's content (loads the viewer on first use). */
  toggle(id: string): void;
  /** The viewer, once loaded. */
  viewer?: typeof ViewerModule;
  /** Reads a file kept on the record's server through the port; absent when the port cannot. */
  fetch?: (url: string) => ViewerModule.FetchedContent;
}

/** `preliminary` and `amended` say something a reader must know; `final` goes without saying. */
function docStatusText(status: string | undefined): string | undefined {
  switch (status) {
    case 'preliminary':
      return msg('Preliminary', { id: 'summary.document.preliminary' });
    case 'amended':
      return msg('Amended', { id: 'summary.document.amended' });
    default:
      return undefined;
  }
}

/** The entry's content the reader can open: the inline text or file, and linked files. */
export function openableContents(entry: DocumentEntry): DocumentContent[] {
  if (entry.contents?.length) return entry.contents;
  return entry.url ? [{ url: entry.url, contentType: entry.contentType }] : [];
}

export function renderDocument(entry: DocumentEntry, helpers: DocumentHelpers): TemplateResult {
  const contents = openableContents(entry);
  const open = contents.length > 0 && helpers.isOpen(entry.id);
  const bodyId = `document-${entry.id.replace(/[^\w-]/g, '_')}`;
  const title = entry.title || msg('Untitled document', { id: 'summary.untitled' });
  return html`<div class="entry__name">${title}${helpers.badge}${entry.superseded
      ? html`<span class="badge badge--superseded" data-superseded
          >${msg('Replaced by a newer version', { id: 'summary.document.superseded' })}</span
        >`
      : nothing}</div>
    <dl class="fields">
      ${helpers.field(msg('Date', { id: 'summary.field.date' }), helpers.date(entry.date))}
      ${helpers.field(msg('Kind', { id: 'summary.field.kind' }), entry.type && codedText(entry.type))}
      ${helpers.field(msg('Status', { id: 'summary.field.status' }), docStatusText(entry.docStatus))}
    </dl>
    ${contents.length
      ? html`<button
            type="button"
            class="document__open"
            part="document-open"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls=${bodyId}
            @click=${() => helpers.toggle(entry.id)}
          >
            ${open ? msg('Hide', { id: 'summary.document.hide' }) : msg('Read', { id: 'summary.document.read' })}
            <span class="visually-hidden">${title}</span>
          </button>
          <div id=${bodyId} class="document__body" part="document-viewer" ?hidden=${!open}>
            ${open
              ? helpers.viewer
                ? contents.map((content) => helpers.viewer!.renderContent(content, title, helpers.fetch))
                : html`<p class="loading">${msg('Loading…', { id: 'state.loading' })}</p>`
              : nothing}
          </div>`
      : nothing}`;
}
