/**
 * The shapes of the FHIR client's API: its options, a request's options and the answers
 * it gives. Apart from `client.ts` so the modules that do one part of a request (sending,
 * retrying, batching) can name them without importing the client itself.
 */
import type { EngageError } from '../../core/errors.js';
import type { Resource } from './fhir-types.js';

/** Returns the current access token, or nothing for an open server. Called per request. */
export type TokenProvider = () => string | undefined | null | Promise<string | undefined | null>;

export interface FhirClientOptions {
  /** The FHIR base URL, for example `https://ehr.example.org/fhir/R4`. */
  baseUrl: string;
  /**
   * Supplies the bearer token for each request. The client never keeps the token:
   * it asks again every time, so a host can refresh it behind this callback.
   */
  getToken?: TokenProvider;
  /** Milliseconds before a request fails with `timeout`; default 30 000. */
  timeoutMs?: number;
  /** Retries of an idempotent request after 429, 503 or a network failure; default 2. */
  maxRetries?: number;
  /** Longest wait the client accepts from `Retry-After`, in milliseconds; default 10 000. */
  maxRetryDelayMs?: number;
  /** Extra headers sent with every request (never put a token here). */
  headers?: Record<string, string>;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Request body; serialized as JSON. */
  body?: unknown;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
  /** Cancels the request. */
  signal?: AbortSignal;
  /**
   * Whether repeating the request is harmless (GET, PUT with If-Match, conditional
   * create, a batch of reads). Only such requests are retried; default: true for GET.
   */
  idempotent?: boolean;
  /**
   * Whether a read (a GET, or the reads of a batch) may be shared with other callers
   * through the client's page-view cache: answered from an identical read already made
   * or in flight, until the next write through this client (see `read-cache.ts`).
   * Left out, only the patient's own record (`Patient/{id}`) is shared, which nearly every
   * element reads on open (see `sharedByDefault`); everything else is sent, since polls
   * and the write protocol's lookups must see the server as it is. `false` shares nothing
   * (a reader of many patients, so they are not all kept for the page view). A function
   * chooses by the read's URL (relative to the base, as requested), so a port shares what
   * other elements also read without keeping everything else alive.
   */
  shared?: boolean | ((url: string) => boolean);
}

/** A successful answer. */
export interface FhirResponse<T> {
  status: number;
  body: T;
  /** The version from `ETag` (`W/"3"` → `3`), when sent. */
  version?: string;
  /** `Location` header, when sent. */
  location?: string;
}

/** One entry's result in a batch. */
export type BatchResult<T extends Resource = Resource> =
  | { ok: true; status: number; resource: T | undefined }
  | { ok: false; status: number; error: EngageError };

/** The client's options with their defaults filled in. */
export type ClientSettings = Required<Pick<FhirClientOptions, 'timeoutMs' | 'maxRetries' | 'maxRetryDelayMs'>> & FhirClientOptions;
