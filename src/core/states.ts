/**
 * How every element shows loading, empty, error and not-configured states, so they look
 * and sound the same everywhere. Loading and empty are polite status messages; an error
 * is an alert with a retry button; "not configured" names what the host must supply.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { msg, str } from './localization.js';
import type { EngageErrorCode } from './errors.js';
import { isEngageError } from './errors.js';
import { token } from './tokens.js';
import { icon, illustration, type Icon, iconInfo, iconWarning } from './icons.js';

/** Localized explanation of an error code, in words a patient understands. */
export function errorText(code: EngageErrorCode | string): string {
  switch (code) {
    case 'network':
      return msg('We could not reach the server. Check your connection.', { id: 'error.network' });
    case 'timeout':
      return msg('The server took too long to answer.', { id: 'error.timeout' });
    case 'unauthorized':
      return msg('Your session has ended. Sign in again.', { id: 'error.unauthorized' });
    case 'forbidden':
      return msg('You do not have permission to see this.', { id: 'error.forbidden' });
    case 'not-found':
      return msg('This record could not be found.', { id: 'error.not-found' });
    case 'conflict':
      return msg('This record changed since you opened it. Reload to see the latest version.', { id: 'error.conflict' });
    case 'duplicate':
      // after an element's own "not sent" / "not saved": what the server holds instead (kept
      // short: every element carries these words up front)
      return msg('The server already has this record twice.', { id: 'error.duplicate' });
    case 'invalid':
      return msg('The request was not accepted.', { id: 'error.invalid' });
    case 'rate-limited':
      return msg('The server is busy. Try again in a moment.', { id: 'error.rate-limited' });
    case 'aborted':
      return msg('The request was cancelled.', { id: 'error.aborted' });
    default:
      return msg('Something went wrong on the server.', { id: 'error.server' });
  }
}

/** A busy indicator with a polite announcement. */
export function renderLoading(label = msg('Loading…', { id: 'state.loading' })): TemplateResult {
  return html`<div class="state state--loading" part="state loading" role="status" aria-live="polite">
    <span class="spinner" aria-hidden="true"></span><span>${label}</span>
  </div>`;
}

/**
 * What an empty state says (issue #19): what is missing, in a short `title`, and what to do
 * next in `text`, with the one `action` that does it when there is one; `art` names the
 * icon its small illustration shows (the element's subject: a message, a vaccine…).
 */
export interface EmptyView {
  text: string;
  title?: string;
  art?: Icon;
  action?: { label: string; run: () => void };
}

/**
 * The one empty state of every element: an illustration (decoration, hidden from
 * assistive technology), the words, and the next step. A plain string is its words.
 */
export function renderEmpty(view: string | EmptyView): TemplateResult {
  const { text, title, art, action } = typeof view === 'string' ? { text: view } : view;
  return html`<div class="state state--empty" part="state empty" role="status">
    ${illustration(art ?? iconInfo)}
    <div class="state__body">
      ${title ? html`<p class="state__title">${title}</p>` : nothing}
      <p class="state__text">${text}</p>
      ${action
        ? html`<button type="button" class="primary state__action" part="empty-action" @click=${action.run}>${action.label}</button>`
        : nothing}
    </div>
  </div>`;
}

/**
 * An error with its details and, when the error may pass, a retry button. `announce`
 * false shows the same words without `role="alert"`, for a failure another element on
 * the page already announces.
 */
export function renderError(error: unknown, retry?: () => void, announce = true): TemplateResult {
  const code = isEngageError(error) ? error.code : 'server';
  const details = isEngageError(error) ? error.details : [];
  const retryable = isEngageError(error) ? error.retryable || code === 'aborted' : true;
  return html`<div class="state state--error" part="state error" role=${announce ? 'alert' : nothing}>
    <p class="state__title">${icon(iconWarning)}${errorText(code)}</p>
    ${details.length
      ? html`<ul class="state__details">${details.map((detail) => html`<li>${detail}</li>`)}</ul>`
      : nothing}
    ${retry && retryable
      ? html`<button type="button" part="retry-button" @click=${retry}>${msg('Try again', { id: 'state.retry' })}</button>`
      : nothing}
  </div>`;
}

/** What a host must still supply: a port on the adapter, or a patient. */
export function renderNotConfigured(missing: string): TemplateResult {
  return html`<div class="state state--not-configured" part="state not-configured" role="status">
    <p class="state__title">${msg('Not available here yet.', { id: 'state.not-configured' })}</p>
    <p class="state__details">
      ${msg(str`Setup needed: this element needs ${missing}.`, { id: 'state.not-configured-details' })}
    </p>
  </div>`;
}

/*
 * Why some of these rules are as they are (notes kept out of the CSS text, which ships as written):
 * - `svg.illustration`: The illustration: the subject's icon in the accent colour on a raised disc.
 */
/** Styles for the states above. */
export const stateStyles = css`
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
    padding: ${token('space-3')} ${token('space-4')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
  }
  .state p {
    margin: 0;
  }
  .state--empty {
    flex-wrap: nowrap;
    align-items: flex-start;
    gap: ${token('space-4')};
    padding: ${token('space-4')};
    border: 1px dashed ${token('color-border-subtle')};
    background: ${token('color-surface')};
  }
  .state__body {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: ${token('space-2')};
    min-width: 0;
  }
  .state__text {
    color: ${token('color-text-muted')};
  }
  svg.illustration {
    flex: none;
    width: 3.5rem;
    height: 3.5rem;
    color: ${token('color-accent')};
  }
  svg.illustration .illustration__disc {
    fill: ${token('color-surface-raised')};
    stroke: ${token('color-border-subtle')};
  }
  @media (max-width: 24rem) {
    .state--empty {
      flex-direction: column;
    }
  }
  .state--error {
    flex-direction: column;
    align-items: flex-start;
    background: ${token('color-danger-surface')};
    color: ${token('color-danger')};
    border: 1px solid currentColor;
  }
  .state--not-configured {
    flex-direction: column;
    align-items: flex-start;
    background: ${token('color-warning-surface')};
    color: ${token('color-warning')};
    border: 1px dashed currentColor;
  }
  .state__title {
    font-weight: 600;
  }
  .state__details {
    margin: 0;
    padding-inline-start: ${token('space-4')};
    font-size: ${token('font-size-small')};
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid ${token('color-border-subtle')};
    border-top-color: ${token('color-accent')};
    border-radius: 50%;
    animation: engage-spin 0.8s linear infinite;
  }
  @keyframes engage-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;
