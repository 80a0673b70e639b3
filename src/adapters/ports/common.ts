/** Value types every port shares: dates, references, codes, quantities, names, read and write options, pages. See `../ports.ts` for the conventions every port follows. */

/**
 * A date as the source gave it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a calendar date, no
 * time zone) or a full date-time with offset (`2024-05-01T10:30:00-04:00`).
 */
export type DateValue = string;

/** A time between two dates, either end absent when the record does not give it (still going, or not known). */
export interface DatePeriod {
  start?: DateValue;
  end?: DateValue;
}

/** A reference to a record, written `Type/id` (for example `Patient/123`). */
export type RecordRef = string;

/** One code from a code system. */
export interface Coding {
  /** The code system's URI (for example `http://loinc.org`). */
  system?: string;
  /** The code within that system. */
  code?: string;
  /** The system's own display text for the code. */
  display?: string;
}

/** A coded concept with optional free text, as clinicians and systems record it. */
export interface CodedValue {
  /** Free text as entered or chosen for display; preferred over codings when present. */
  text?: string;
  /** Zero or more codings that mean the same thing. */
  codings: Coding[];
}

/** A measured amount with its unit. */
export interface QuantityValue {
  /** The number, when known. */
  value?: number;
  /**
   * How many decimals the source wrote (`5.10` has 2), so formatting keeps significant
   * zeros that a JavaScript number loses.
   */
  decimals?: number;
  /** `<`, `<=`, `>=` or `>` when the value is a bound rather than exact. */
  comparator?: '<' | '<=' | '>=' | '>';
  /** The unit for display (for example `mg/dL`). */
  unit?: string;
  /** The unit's code system (UCUM for most clinical units). */
  system?: string;
  /** The unit's code in that system. */
  code?: string;
}

/** A person's name in parts, as recorded. */
export interface PersonName {
  /** The full name as one string, when the source has one. */
  text?: string;
  /** Family name (surname). */
  family?: string;
  /** Given names, first first. */
  given: string[];
  /** Titles before the name (Dr., Ms.). */
  prefix: string[];
  /** Titles after the name (Jr., MD). */
  suffix: string[];
  /** What the name is for: `official`, `usual`, `nickname`, `maiden`, `old`, … */
  use?: string;
}

/** An identifier such as a medical record number. */
export interface IdentifierValue {
  /** The identifier system's URI. */
  system?: string;
  /** The identifier itself. */
  value: string;
  /** Short label of the identifier's type (for example `MRN`, `SSN`). */
  typeLabel?: string;
  /** The type's code (`MR` for a medical record number). */
  typeCode?: string;
}

/** A person or group taking part in a conversation or a workflow. */
export interface Participant {
  /** Reference to the person's or group's record. */
  ref: RecordRef;
  /** What kind of participant this is; `unknown` when the record names no one it can point to. */
  kind: 'patient' | 'practitioner' | 'related-person' | 'organization' | 'pool' | 'device' | 'unknown';
  /** Display name. */
  name: string;
  /** Their role, in words (for example `Primary care physician`, `Mother`). */
  role?: string;
}

/** Options every read accepts. */
export interface ReadOptions {
  /** Cancels the read; the promise then rejects with an `aborted` EngageError. */
  signal?: AbortSignal;
  /**
   * Security labels the reader is not to get (the proxy policy's, `src/core/proxy-policy.ts`);
   * `system` absent matches the code in any system. A hint for backends that can filter on
   * their side, so withheld records are not even fetched (the FHIR adapter sends
   * `_security:not`); the caller still drops labelled records itself.
   */
  withheldLabels?: readonly { system?: string; code: string }[];
}

/** Options every write accepts. */
export interface WriteOptions {
  /**
   * Identifies this write across retries. The same key twice never creates two records:
   * the second call returns what the first created. Generate one per user intent (for
   * example when a send button is first pressed) and keep it through retries.
   */
  idempotencyKey: string;
  /**
   * Keys of earlier writes of the same user intent whose content the user has since
   * changed and whose fate is unknown (their answer never came). The port first looks
   * for a record stored under any of them: when one landed, it is updated or superseded
   * to hold this write's content, so exactly one record holds what the user last saw;
   * otherwise the write creates as usual. See docs/write-protocol.md.
   */
  replaces?: readonly string[];
  /** Cancels the write's HTTP request (the server may still have applied it). */
  signal?: AbortSignal;
}

/** One page of a longer list. */
export interface Page<T> {
  /** The items on this page, in the order the method documents. */
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  next?: string;
  /** Total number of items across all pages, when the backend knows it. */
  total?: number;
}

/** Paging request for list methods. */
export interface PageRequest {
  /** Cursor from a previous page's `next`; absent for the first page. */
  cursor?: string;
  /** How many items per page the caller would like (the adapter may cap it). */
  pageSize?: number;
}
