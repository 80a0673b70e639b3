/**
 * The one error type every port and adapter throws. Elements branch on `code`,
 * never on HTTP status or on a vendor's message text.
 */
export type EngageErrorCode =
  /** The request never got an answer: offline, DNS, dropped connection, CORS refusal. */
  | 'network'
  /** The server took longer than the adapter's timeout. */
  | 'timeout'
  /** The caller cancelled the request through its AbortSignal. */
  | 'aborted'
  /** 401: the token is missing or expired. */
  | 'unauthorized'
  /** 403: the user may not see or change this. */
  | 'forbidden'
  /** 404 / 410: the record does not exist (or no longer does). */
  | 'not-found'
  /**
   * 409 / 412 on a change: someone else changed the record first (an update with `If-Match`),
   * or it moved on since it was read (a request already decided). A create under an
   * idempotency key answered 409 / 412 is no such change: the FHIR adapter looks the key up
   * and answers with the record found, `duplicate`, or `server` (see docs/write-protocol.md §3).
   */
  | 'conflict'
  /**
   * A create found its idempotency key already on more than one record (FHIR: a conditional
   * create answered 412): nothing new was stored, and none of them is taken for this write.
   * Trying the same write again meets the same copies; someone must remove the extra one.
   */
  | 'duplicate'
  /**
   * A retried write found that what it stored earlier was withdrawn since (FHIR:
   * `entered-in-error`, retracted by the care team): it is not reported stored, and nothing
   * is written again. Sending the same content again is a new write, with a new key.
   */
  | 'withdrawn'
  /** 400 / 422: the request or the data it carried was refused as invalid. */
  | 'invalid'
  /** 429: too many requests, even after waiting as the server asked. */
  | 'rate-limited'
  /** 5xx or an answer that could not be understood (malformed JSON). */
  | 'server'
  /** The adapter does not implement the port or operation an element needs. */
  | 'not-configured';

/** Codes for which trying the same request again later may succeed. */
const RETRYABLE: ReadonlySet<EngageErrorCode> = new Set([
  'network',
  'timeout',
  'rate-limited',
  'server',
]);

export interface EngageErrorOptions {
  /** HTTP status, when the failure came from an HTTP answer. */
  status?: number;
  /** Human-readable details from the server (for FHIR: the OperationOutcome's issue text). */
  details?: string[];
  /** The error this one wraps, kept for debugging. Never shown to users. */
  cause?: unknown;
}

/**
 * A failure from a port, mapped to one of a few codes. `message` is for developers
 * (it may name a URL path but never carries patient data); elements show their own
 * localized text for `code` and may show `details` (server text) beneath it.
 */
export class EngageError extends Error {
  override readonly name = 'EngageError';
  readonly code: EngageErrorCode;
  readonly status: number | undefined;
  readonly details: readonly string[];

  constructor(code: EngageErrorCode, message: string, options: EngageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.details = options.details ?? [];
  }

  /** Whether the same request may succeed if tried again later. */
  get retryable(): boolean {
    return isRetryable(this);
  }
}

/**
 * Whether trying the same request again may succeed, read from the code alone: an error
 * from another copy of the library (see `isEngageError`) may lack the `retryable` getter.
 */
export function isRetryable(error: { code: string }): boolean {
  return RETRYABLE.has(error.code as EngageErrorCode);
}

/** Narrows an unknown thrown value; works across two copies of the library on one page. */
export function isEngageError(value: unknown): value is EngageError {
  return (
    value instanceof EngageError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'EngageError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

/** Wraps anything thrown into an EngageError (an AbortError becomes `aborted`). */
export function toEngageError(value: unknown): EngageError {
  if (isEngageError(value)) return value;
  if (value instanceof DOMException && value.name === 'AbortError') {
    return new EngageError('aborted', 'The request was cancelled.', { cause: value });
  }
  if (value instanceof DOMException && value.name === 'TimeoutError') {
    return new EngageError('timeout', 'The request timed out.', { cause: value });
  }
  return new EngageError('server', value instanceof Error ? value.message : String(value), {
    cause: value,
  });
}
