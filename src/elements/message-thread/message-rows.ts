/**
 * One row of the message list of <engage-message-thread> per message: a stored one (sender,
 * time, "New", what it answers, its body and files, then its delivery or "Reply to this
 * message"), or the one on its way ("Sending…", or "Not sent" with a retry). The list
 * itself, whole or virtualized, stays with the element, which owns its scrolling.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { Message, MessageAttachment } from '../../adapters/ports.js';
import { formatDate } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import { renderPlainMarkup } from '../../core/plain-markup.js';
import { icon, iconCheck, iconPending, iconWarning } from '../../core/icons.js';
import type { Outgoing } from './thread-reply.js';
import { sendErrorText } from './composer.js';
import { loadedSanitizer, loadSanitizer } from './on-demand.js';
import { renderAttachments } from './message-attachments.js';
import { kindLabel, participantName } from './people.js';

/**
 * A message body: the composer's plain form through Lit text bindings, anything else
 * through the one sanitizer, never raw. Should such a body come before the sanitizer
 * (a port that rewrote a sent message), it shows once the sanitizer has loaded.
 */
function messageBody(html: string, host: ReactiveControllerHost) {
  const plain = renderPlainMarkup(String(html ?? ''));
  if (plain !== undefined) return plain;
  const sanitizer = loadedSanitizer();
  if (sanitizer) return sanitizer.sanitizedHtml(html, 'message');
  void loadSanitizer().then(
    () => host.requestUpdate(),
    () => undefined,
  );
  return nothing;
}

/**
 * A stored message.
 * @param mine Sent by the acting user: "You" and its delivery, never "New" or "Reply".
 * @param isNew First seen unread in this view.
 * @param replied The message it answers, when that is in the conversation.
 * @param reply Starts a reply to it; absent when no reply can be written.
 */
export function renderMessage(
  m: Message,
  mine: boolean,
  isNew: boolean,
  replied: Message | undefined,
  locale: string,
  host: ReactiveControllerHost,
  open: (attachment: MessageAttachment, download: boolean) => void,
  reply: (() => void) | undefined,
): TemplateResult {
  return html`<div class="row" role="listitem"><div class="message ${mine ? 'message--mine' : ''} ${isNew ? 'message--unread' : ''}" part="message" data-id=${m.id}>
    <div class="message__head">
      <span class="sender">${mine ? msg('You', { id: 'thread.you' }) : participantName(m.sender)}</span>
      <span class="role"
        >${m.onBehalfOf
          ? msg(str`Caregiver for ${participantName(m.onBehalfOf)}`, { id: 'thread.on-behalf' })
          : kindLabel(m.sender.kind)}</span
      >
      <time datetime=${m.sent}>${formatDate(m.sent, locale, { withTime: true, timeZone: viewerTimeZone() })}</time>
      ${isNew ? html`<span class="unread-label">${msg('New', { id: 'thread.new' })}</span>` : nothing}
    </div>
    ${replied
      ? html`<p class="in-reply">${msg(str`In reply to ${participantName(replied.sender)}`, { id: 'thread.in-reply' })}</p>`
      : nothing}
    <div class="body">${messageBody(m.body, host)}</div>
    ${renderAttachments(m.attachments, locale, open)}
    ${mine
      ? html`<span class="delivery"
          >${icon(iconCheck)}${m.delivery === 'read'
            ? msg('Read', { id: 'thread.delivery.read' })
            : m.delivery === 'delivered'
              ? msg('Delivered', { id: 'thread.delivery.delivered' })
              : msg('Sent', { id: 'thread.delivery.sent' })}</span
        >`
      : !reply
        ? nothing
        : html`<div>
          <button type="button" class="link-button" @click=${reply}>
            ${msg('Reply to this message', { id: 'thread.reply-to' })}
          </button>
        </div>`}
  </div></div>`;
}

/** The message on its way: "Sending…", or "Not sent" with `retry`. */
export function renderOutgoing(outgoing: Outgoing, host: ReactiveControllerHost, retry: () => void): TemplateResult {
  const failed = outgoing.state === 'failed';
  return html`<div class="row" role="listitem"><div class="message message--mine ${failed ? 'message--failed' : ''}" part="message">
    <div class="message__head">
      <span class="sender">${msg('You', { id: 'thread.you' })}</span>
    </div>
    <div class="body">${messageBody(outgoing.draft.body, host)}</div>
    ${outgoing.draft.attachments.length
      ? html`<ul class="attachments">
          ${outgoing.draft.attachments.map((a) => html`<li><span class="file-name">${a.title}</span></li>`)}
        </ul>`
      : nothing}
    ${failed
      ? html`<div class="failed" role="alert">
          <span>${icon(iconWarning)}${msg('Not sent.', { id: 'thread.failed' })} ${sendErrorText(outgoing.error)}</span>
          <button type="button" @click=${retry}>${msg('Retry sending', { id: 'thread.retry' })}</button>
        </div>`
      : html`<span class="delivery">${icon(iconPending)}${msg('Sending…', { id: 'thread.sending' })}</span>`}
  </div></div>`;
}
