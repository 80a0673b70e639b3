/**
 * The events of <engage-clinical-summary> and their details, declared once in the global
 * event map so a host's `addEventListener('engage-summary-load', …)` is typed. Apart from
 * the element so its send form (`summary-transmit.ts`) can name a detail without
 * importing the element.
 */
import type { ClinicalSummary } from '../../adapters/ports.js';

/** Detail of `engage-summary-load`. */
export interface SummaryLoadDetail {
  /** The summary as loaded (before hiding inactive entries). */
  summary: ClinicalSummary;
}

/** Detail of `engage-summary-transmit`. */
export interface SummaryTransmitDetail {
  /** The document to send: an IPS Bundle (FHIR JSON) or the C-CDA XML text. */
  document: unknown;
  /** Its media type: `application/fhir+json` or `application/xml`. */
  contentType: string;
  /** Where the user asked to send it (a Direct address, an email, an app), as typed. */
  recipient: string;
  /** The user's note. */
  note: string;
  /** Names this content (recipient and note): the same across retries of it (docs/write-protocol.md). */
  idempotencyKey: string;
  /** Keys of earlier unanswered sends of this intent with another recipient or note. */
  replaces?: readonly string[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-summary-load': CustomEvent<SummaryLoadDetail>;
    'engage-summary-transmit': CustomEvent<SummaryTransmitDetail>;
  }
}
