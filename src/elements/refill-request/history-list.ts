/**
 * The "Your requests" section of <engage-refill-request>: the requests waiting for a
 * decision, then past ones latest first behind "Show older" (arranged by
 * refill-history.ts), each with its status chip, kind, date, pharmacy, the clinic's
 * reason and, while pending, its cancel button (cancel-confirm.ts). A template function,
 * not an element: the element owns the data, the cancel and the focus; this file only
 * shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { RefillRequest } from '../../adapters/ports.js';
import { formatDate } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import { chip } from '../../core/chips.js';
import { groupHistory } from './refill-history.js';
import { type CancelView, renderCancel } from './cancel-confirm.js';
import { kindLabel, medicationName, PENDING, STATUS_CHIP, statusLabel, wrappable } from './refill-labels.js';

/** What the history needs from its element. */
export interface HistoryView extends CancelView {
  locale: string;
  /** Whether every past request shows, not only the latest. */
  showOlder: boolean;
  /** "Show older requests" was pressed; `first` is the first request it reveals (to focus). */
  revealOlder: (first: RefillRequest) => void;
}

/** The history section, or `nothing` when the patient has no requests yet. */
export function renderHistory(requests: readonly RefillRequest[], level: number, view: HistoryView): TemplateResult | typeof nothing {
  if (!requests.length) return nothing;
  return html`<section part="history" aria-labelledby="history-title">
    <div id="history-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">
      ${msg('Your requests', { id: 'refill.history' })}
    </div>
    ${renderHistoryGroups(requests, level + 1, view)}
  </section>`;
}

/** Pending requests, then past ones latest first, capped behind "Show older" (refill-history.ts). */
function renderHistoryGroups(requests: readonly RefillRequest[], level: number, view: HistoryView): TemplateResult {
  const groups = groupHistory(requests, PENDING, view.showOlder);
  const list = (key: 'pending' | 'past', title: string, items: RefillRequest[]) =>
    items.length
      ? html`<div class="history-group" data-group=${key}>
          <div class="history-group__title" role="heading" aria-level=${Math.min(6, level)}>${title}</div>
          <ul>
            ${items.map((request) => renderHistoryItem(request, view))}
          </ul>
        </div>`
      : nothing;
  return html`${list('pending', msg('Waiting for a decision', { id: 'refill.history.pending' }), groups.pending)}
    ${list('past', msg('Past requests', { id: 'refill.history.past' }), groups.past)}
    ${groups.older.length
      ? html`<div class="actions">
          <button type="button" part="show-older" @click=${() => view.revealOlder(groups.older[0]!)}>
            ${msg(str`Show older requests (${groups.older.length})`, { id: 'refill.history.older' })}
          </button>
        </div>`
      : nothing}`;
}

function renderHistoryItem(request: RefillRequest, view: HistoryView): TemplateResult {
  const pending = PENDING.includes(request.status);
  const name = medicationName(request);
  return html`<li class="request" data-request=${request.id} tabindex="-1">
    <div class="request-head">
      <span class="med-name">${wrappable(name)}</span>
      ${chip(STATUS_CHIP[request.status][0], statusLabel(request.status), { icon: STATUS_CHIP[request.status][1], part: 'status' })}
    </div>
    <span class="hint"
      >${kindLabel(request.kind)} ·
      ${msg(str`Asked on ${formatDate(request.created, view.locale, { timeZone: viewerTimeZone() })}`, { id: 'refill.history.asked' })}${request.pharmacy
        ? html` · ${request.pharmacy.name}`
        : nothing}</span
    >
    ${request.statusReason
      ? html`<span class="reason">${msg('Reason:', { id: 'refill.history.reason' })} ${request.statusReason}</span>`
      : nothing}
    ${pending ? renderCancel(request, name, view) : nothing}
  </li>`;
}
