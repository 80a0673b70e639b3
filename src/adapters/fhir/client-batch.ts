/**
 * Batches and the page-view sharing of reads: which reads are shared, the cache keys of
 * reads made inside a batch, and each entry's result read from a batch's answer. Apart
 * from the client so its request and batch methods read as the steps they take.
 */
import { EngageError, isEngageError } from '../../core/errors.js';
import type { Bundle, BundleEntry, Resource } from './fhir-types.js';
import { arrayOf, isObject, objectOf, stringOf } from './guards.js';
import { codeForStatus, isOutcome, outcomeText, reportsError } from './client-outcome.js';
import type { BatchResult, FhirResponse, RequestOptions } from './client-types.js';

/**
 * The patient's own record read by id: the one read that nearly every element makes on
 * open, beside its own searches (the banner, the summary, the refill form, the reminders,
 * the immunization record and forecast…). Shared unless the caller says otherwise, so a
 * port need not remember to ask (issue 20: the reminders and the immunization port each
 * sent it). It is one small resource per patient, and no write of this library changes it.
 */
const PATIENT_READ = /^\/*Patient\/[^/?#]+$/;

/** Whether a read the caller did not decide about is shared (see `RequestOptions.shared`). */
function sharedByDefault(url: string): boolean {
  return PATIENT_READ.test(url);
}

/** Whether `shared` lets this read (its URL as requested) be shared. */
export function sharedRead(shared: RequestOptions['shared'], url: string): boolean {
  return typeof shared === 'function' ? shared(url) : (shared ?? sharedByDefault(url));
}

/** The cache key of a read made inside a batch (its answer is a BatchResult, not a FhirResponse). */
export function batchKey(url: URL): string {
  return `batch ${url.href}`;
}

/** Whether a request body is a batch that only reads (it changes nothing on the server). */
export function isReadBatch(body: unknown): boolean {
  if (!isObject(body) || body.resourceType !== 'Bundle' || body.type !== 'batch') return false;
  return arrayOf<{ request?: { method?: unknown } }>(body.entry).every((entry) => entry.request?.method === 'GET');
}

/** A GET's answer as a batch entry's. */
export function asBatchResult(response: FhirResponse<Resource>): BatchResult {
  return { ok: true, status: response.status, resource: response.body };
}

/** A GET's failure as a batch entry's (a cancellation stays a rejection, as a batch's would). */
export function failedBatchResult(error: unknown): BatchResult {
  if (!isEngageError(error) || error.code === 'aborted') throw error;
  return { ok: false, status: error.status ?? 500, error };
}

/** A caller's own copy of a batch entry's result: the resource copied, an error as it is. */
export function copyResult(result: BatchResult): BatchResult {
  return result.ok ? { ...result, resource: structuredClone(result.resource) } : result;
}

/**
 * Each entry's outcome from a batch's answer Bundle, in the order of the requests: a read
 * answered "200" with only an OperationOutcome, or an entry whose outcome reports an
 * error, is a failure with that outcome's text.
 */
export function batchResults(requests: BundleEntry['request'][], body: Bundle): BatchResult[] {
  const entries: unknown[] = Array.isArray(body.entry) ? body.entry : [];
  return requests.map((request, index): BatchResult => {
    const entry = objectOf<BundleEntry>(entries[index]);
    const response = objectOf<NonNullable<BundleEntry['response']>>(entry?.response);
    const resource = objectOf<Resource>(entry?.resource);
    const type = request?.url.split(/[/?]/)[0] ?? '';
    const status = Number.parseInt(stringOf(response?.status) ?? '', 10) || (resource ? 200 : 500);
    const outcome = isOutcome(resource) ? resource : response?.outcome;
    // a read answered "200" with only an OperationOutcome found nothing: an error, with its text
    const readOutcome = request?.method === 'GET' && isOutcome(resource) && type !== 'OperationOutcome';
    if (status >= 200 && status < 300 && !readOutcome && !reportsError(response?.outcome)) {
      return { ok: true, status, resource: resource && typeof resource.resourceType === 'string' ? resource : undefined };
    }
    const failed = status >= 200 && status < 300 ? 500 : status;
    return {
      ok: false,
      status: failed,
      error: new EngageError(codeForStatus(failed), `${request?.method} ${type} in a batch failed with ${status}.`, {
        status: failed,
        details: outcomeText(outcome),
      }),
    };
  });
}
