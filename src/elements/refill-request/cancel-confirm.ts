/**
 * Cancelling a pending refill request in <engage-refill-request>: a "Cancel request"
 * button that first asks "are you sure" in place ("Yes, cancel it" / "Keep it", Escape
 * keeps it) and shows why a cancel failed. The element owns which request is being
 * confirmed, the write and where focus goes; this file only shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { RefillRequest } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { icon, iconWarning } from '../../core/icons.js';

/** What the cancel confirmation needs from its element. */
export interface CancelView {
  /** The id of the request whose cancel is being confirmed. */
  confirmCancel?: string;
  /** The last failed cancel. */
  cancelError?: { id: string; error: unknown };
  /** "Cancel request" was pressed: ask to confirm. */
  askCancel: (request: RefillRequest) => void;
  /** "Yes, cancel it". */
  cancel: (request: RefillRequest) => void;
  /** "Keep it" or Escape: close the question. */
  keep: (request: RefillRequest) => void;
}

/** The cancel button of a pending request, or its confirmation while asked. */
export function renderCancel(request: RefillRequest, name: string, view: CancelView): TemplateResult {
  const failed = view.cancelError?.id === request.id ? view.cancelError.error : undefined;
  if (view.confirmCancel !== request.id) {
    return html`<div class="actions">
      <button
        type="button"
        id=${`cancel-${request.id}`}
        part="cancel-button"
        aria-label=${msg(str`Cancel request for ${name}`, { id: 'refill.cancel.label' })}
        @click=${() => view.askCancel(request)}
      >
        ${msg('Cancel request', { id: 'refill.cancel' })}
      </button>
    </div>`;
  }
  return html`<div
    class="actions"
    role="group"
    aria-label=${msg(str`Cancel request for ${name}`, { id: 'refill.cancel.label' })}
    @keydown=${(event: KeyboardEvent) => {
      // Escape answers the question the safe way: keep the request
      if (event.key !== 'Escape') return;
      event.preventDefault();
      view.keep(request);
    }}
  >
    <button type="button" id=${`confirm-cancel-${request.id}`} part="confirm-cancel-button" @click=${() => view.cancel(request)}>
      ${msg('Yes, cancel it', { id: 'refill.cancel.confirm' })}
    </button>
    <button type="button" @click=${() => view.keep(request)}>
      ${msg('Keep it', { id: 'refill.cancel.keep' })}
    </button>
    ${failed
      ? html`<p class="inline-alert" role="alert">
          ${icon(iconWarning)}${errorText(isEngageError(failed) ? failed.code : 'server')}
        </p>`
      : nothing}
  </div>`;
}
