/**
 * The details of the events of <engage-refill-request>. The element's global event map
 * entry (which the manifest reads each event's type from) stays beside its class and
 * names these; a host imports them from the element's module or the package's index.
 */
import type { RefillRequest, RefillRequestDraft } from '../../adapters/ports.js';

/** Detail of `engage-refill-submit` (cancelable: `preventDefault()` stops the send). */
export interface RefillSubmitDetail {
  /** What is about to be sent. */
  draft: RefillRequestDraft;
}

/** Detail of `engage-refill-sent`. */
export interface RefillSentDetail {
  /** The requests created, one per medication. */
  requests: RefillRequest[];
}

/** Detail of `engage-refill-cancel`. */
export interface RefillCancelDetail {
  /** The request as it stands after cancelling. */
  request: RefillRequest;
}
