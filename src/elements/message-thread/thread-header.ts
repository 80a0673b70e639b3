/**
 * The header of <engage-message-thread>: the subject at the host's heading level, the
 * topic, who else takes part, where the conversation was routed (clinicians only), whether
 * it is open, and a clinician's "Close"/"Reopen" with the error of the last action that
 * failed. Every recorded text goes through Lit text bindings.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { Role, Thread, ThreadStatus } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { codedText } from '../../core/format.js';
import { errorText } from '../../core/states.js';
import { icon, iconCheck, iconMessage, iconWarning } from '../../core/icons.js';
import { chip } from '../../core/chips.js';
import { kindLabel } from './people.js';
import { headingLevelOf } from '../../core/engage-element.js';

/**
 * @param headingLevel The element's `heading-level`, kept within 1–6.
 * @param me The acting user, left out of "With:".
 * @param statusBusy A close or reopen is under way: its button waits.
 * @param actionError What the last close, reopen or attachment opening failed with.
 */
export function renderThreadHeader(
  thread: Thread,
  role: Role,
  headingLevel: number,
  me: string | undefined,
  statusBusy: boolean,
  actionError: unknown,
  setStatus: (status: ThreadStatus) => void,
): TemplateResult {
  const level = headingLevelOf(headingLevel);
  const others = thread.participants.filter((p) => p.ref !== me);
  return html`<header class="header" part="header">
    <div class="subject" role="heading" aria-level=${level}>${thread.subject || msg('(no subject)', { id: 'messages.no-subject' })}</div>
    <dl class="meta">
      ${thread.category
        ? html`<div><dt>${msg('Topic:', { id: 'messages.category' })}</dt> <dd>${codedText(thread.category)}</dd></div>`
        : nothing}
      <div>
        <dt>${msg('With:', { id: 'messages.with' })}</dt>
        <dd>${others.map((p) => (p.name ? `${p.name} (${kindLabel(p.kind)})` : kindLabel(p.kind))).join(', ') || '—'}</dd>
      </div>
      ${role === 'clinician' && thread.pool
        ? html`<div><dt>${msg('Routed to:', { id: 'thread.routed-to' })}</dt> <dd>${thread.pool.name}</dd></div>`
        : nothing}
      <div>
        <dt>${msg('Status:', { id: 'messages.status' })}</dt>
        <dd>
          ${thread.status === 'closed'
            ? chip('neutral', msg('Closed', { id: 'messages.status.closed' }), { icon: iconCheck, class: 'badge' })
            : chip('info', msg('Open', { id: 'messages.status.open' }), { icon: iconMessage, class: 'badge' })}
        </dd>
      </div>
    </dl>
    ${role === 'clinician'
      ? html`<div class="actions">
          <button type="button" ?disabled=${statusBusy} @click=${() => setStatus(thread.status === 'closed' ? 'open' : 'closed')}>
            ${thread.status === 'closed'
              ? msg('Reopen conversation', { id: 'thread.reopen' })
              : msg('Close conversation', { id: 'thread.close' })}
          </button>
        </div>`
      : nothing}
    ${actionError
      ? html`<p class="failed" role="alert">
          ${icon(iconWarning)}${errorText(isEngageError(actionError) ? actionError.code : 'server')}
        </p>`
      : nothing}
  </header>`;
}
