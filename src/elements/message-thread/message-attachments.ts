/**
 * The files on a received or sent message of <engage-message-thread>: the list with
 * "Open" and "Download", and what either does with the file the port fetched. Only PDF and
 * images are ever opened; anything else is downloaded, never rendered in our origin.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { MessageAttachment } from '../../adapters/ports.js';
import { formatBytes } from './composer.js';

const SAFE_TO_VIEW = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** `open` fetches the file and hands it to {@link showAttachment}; `download` asks to save it rather than view it. */
export function renderAttachments(
  attachments: MessageAttachment[],
  locale: string,
  open: (attachment: MessageAttachment, download: boolean) => void,
): TemplateResult | typeof nothing {
  if (!attachments.length) return nothing;
  return html`<ul class="attachments" aria-label=${msg('Attachments', { id: 'thread.attachments' })}>
    ${attachments.map(
      (a) => html`<li>
        <span class="file-name">${a.title}</span>
        ${a.size !== undefined ? html`<span class="file-size">${formatBytes(a.size, locale)}</span>` : nothing}
        ${a.url
          ? html`${SAFE_TO_VIEW.has(a.contentType)
                ? html`<button type="button" class="link-button" aria-label=${msg(str`Open ${a.title}`, { id: 'thread.open-file' })} @click=${() => open(a, false)}>
                    ${msg('Open', { id: 'thread.open' })}
                  </button>`
                : nothing}
              <button type="button" class="link-button" aria-label=${msg(str`Download ${a.title}`, { id: 'thread.download-file' })} @click=${() => open(a, true)}>
                ${msg('Download', { id: 'thread.download' })}
              </button>`
          : nothing}
      </li>`,
    )}
  </ul>`;
}

/** Opens the fetched file in a new tab (PDF and images, when not asked to download) or saves it. */
export function showAttachment(blob: Blob, attachment: MessageAttachment, download: boolean): void {
  const view = !download && SAFE_TO_VIEW.has(attachment.contentType);
  const url = URL.createObjectURL(view ? new Blob([blob], { type: attachment.contentType }) : new Blob([blob], { type: 'application/octet-stream' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  if (view) {
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
  } else {
    anchor.download = attachment.title.replace(/[\\/:*?"<>|]+/g, '_') || 'attachment';
  }
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
