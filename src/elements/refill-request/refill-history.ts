/**
 * How the refill history is arranged (issue #19), as patient portals arrange it: the
 * requests still waiting for a decision first, then past requests latest first, of which
 * only the few most recent show until the patient asks for older ones. Kept apart from
 * the element so the arrangement can be read (and tested) without rendering.
 */
import type { RefillRequest, RefillRequestStatus } from '../../adapters/ports.js';

/** Past requests shown before "Show older". */
export const PAST_SHOWN = 3;

export interface HistoryGroups {
  /** Waiting for a decision (can still be cancelled), latest first. */
  pending: RefillRequest[];
  /** Decided or cancelled, latest first: the ones shown. */
  past: RefillRequest[];
  /** Decided or cancelled requests behind "Show older", latest first. */
  older: RefillRequest[];
}

/** When a request was made, for ordering; a request without a date sorts last. */
function askedAt(request: RefillRequest): number {
  const time = Date.parse(request.created ?? '');
  return Number.isNaN(time) ? -Infinity : time;
}

/** Splits `requests` into pending, shown past and older past requests, latest first. */
export function groupHistory(requests: readonly RefillRequest[], pendingStatuses: readonly RefillRequestStatus[], showOlder: boolean): HistoryGroups {
  const latestFirst = [...requests].sort((a, b) => askedAt(b) - askedAt(a));
  const pending = latestFirst.filter((r) => pendingStatuses.includes(r.status));
  const decided = latestFirst.filter((r) => !pendingStatuses.includes(r.status));
  const cut = showOlder ? decided.length : PAST_SHOWN;
  return { pending, past: decided.slice(0, cut), older: decided.slice(cut) };
}
