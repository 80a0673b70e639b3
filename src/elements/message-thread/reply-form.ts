/**
 * The reply box of <engage-message-thread> around the shared composer (`composer.ts`): the
 * "not for emergencies" notice (not for clinicians), "Replying to …" with its cancel, and
 * the send button; or, in its place, why no reply can be written here (the patient has
 * died; the conversation is closed, for a patient or caregiver).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { Message, Session, Thread } from '../../adapters/ports.js';
import { renderDeceasedNotice } from '../../core/deceased.js';
import type { Composer } from './composer.js';
import { participantName } from './people.js';

/**
 * @param blocksWrites The patient has died and the user is the patient or a caregiver.
 * @param notice The "not for emergencies" notice with the element's number and reply time.
 * @param sending A message is on its way: the send button waits.
 * @param replyTo The message the reply answers.
 * @param cancelReply A listener: Lit calls it on the element.
 */
export function renderReplyForm(
  thread: Thread,
  session: Session,
  composer: Composer,
  blocksWrites: boolean,
  notice: () => TemplateResult,
  sending: boolean,
  replyTo: Message | undefined,
  send: () => void,
  cancelReply: () => void,
): TemplateResult {
  if (blocksWrites) {
    return renderDeceasedNotice(
      msg('This patient has died, so no new messages can be sent from this account. The conversation stays here to read.', {
        id: 'thread.deceased',
      }),
    );
  }
  if (thread.status === 'closed' && session.role !== 'clinician') {
    return html`<p class="closed-note">
      ${msg('This conversation is closed. Start a new message if you need more help.', { id: 'thread.closed-note' })}
    </p>`;
  }
  return html`<form
    class="reply"
    @submit=${(event: Event) => {
      event.preventDefault();
      send();
    }}
  >
    ${session.role === 'clinician' ? nothing : notice()}
    ${replyTo
      ? html`<p class="reply-to">
          <span>${msg(str`Replying to ${participantName(replyTo.sender)}`, { id: 'thread.replying-to' })}</span>
          <button type="button" class="link-button" @click=${cancelReply}>
            ${msg('Cancel reply', { id: 'thread.cancel-reply' })}
          </button>
        </p>`
      : nothing}
    ${composer.render(msg('Your reply', { id: 'thread.reply-label' }), session.locale, false, session.role !== 'clinician')}
    <div class="send-row">
      <button type="submit" class="primary" part="send-button" ?disabled=${sending}>
        ${sending ? msg('Sending…', { id: 'thread.sending' }) : msg('Send', { id: 'messages.send' })}
      </button>
    </div>
  </form>`;
}
