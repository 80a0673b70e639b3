/**
 * One HTTP exchange with the FHIR server, without retries or sharing: headers and token,
 * timeout, fetch, and the answer read into a FhirResponse or one typed EngageError. Apart
 * from the client, which decides around it whether to send, share or retry.
 */
import { EngageError } from '../../core/errors.js';
import { anySignal, timeoutSignal } from '../../core/compat.js';
import type { Resource } from './fhir-types.js';
import { codeForStatus, isOutcome, outcomeText } from './client-outcome.js';
import { retryAfterMs } from './client-retry.js';
import type { ClientSettings, FhirResponse, RequestOptions } from './client-types.js';

/** The type a GET of this path answers with: the first path segment, or undefined for an operation or the base. */
function expectedType(url: URL, base: URL): string | undefined {
  const path = url.pathname.startsWith(base.pathname) ? url.pathname.slice(base.pathname.length) : url.pathname;
  const first = path.split('/').filter(Boolean)[0];
  return first && /^[A-Z][A-Za-z]+$/.test(first) ? first : undefined;
}

/** `W/"3"` → `3`. */
function versionFromEtag(etag: string | null | undefined): string | undefined {
  const match = etag ? /^(?:W\/)?"?([^"]*)"?$/.exec(etag.trim()) : null;
  return match?.[1] || undefined;
}

/** A short description of a request for error messages: method and resource type only, no ids. */
export function describe(method: string, url: URL, base: URL): string {
  const path = url.pathname.startsWith(base.pathname) ? url.pathname.slice(base.pathname.length) : url.pathname;
  const type = path.split('/').filter(Boolean)[0] ?? '';
  return `${method} ${type || '[base]'}`;
}

/**
 * Sends one request over fetch, once: the token asked for, the timeout armed, and the
 * answer turned into a FhirResponse or an EngageError (with `retryAfterMs` when the
 * server said when to come back).
 */
export async function send<T>(
  method: string,
  url: URL,
  base: URL,
  settings: ClientSettings,
  options: RequestOptions,
): Promise<FhirResponse<T>> {
  const what = describe(method, url, base);
  const headers: Record<string, string> = {
    Accept: 'application/fhir+json',
    ...settings.headers,
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
  const token = await settings.getToken?.();
  if (token) headers.Authorization = `Bearer ${token}`;

  const timeout = timeoutSignal(settings.timeoutMs);
  const signal = options.signal ? anySignal([options.signal, timeout]) : timeout;
  const doFetch = settings.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(url.href, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
      // clinical data must be current, and must not sit in the browser's disk cache
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) throw new EngageError('aborted', `${what} was cancelled.`, { cause: error });
    if (timeout.aborted) {
      throw new EngageError('timeout', `${what} took longer than ${settings.timeoutMs} ms.`, { cause: error });
    }
    throw new EngageError('network', `${what} failed: no answer from the server.`, { cause: error });
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw new EngageError('aborted', `${what} was cancelled.`, { cause: error });
    if (timeout.aborted) throw new EngageError('timeout', `${what} timed out while reading.`, { cause: error });
    throw new EngageError('network', `${what}: the connection closed early.`, { cause: error });
  }
  let body: unknown = undefined;
  let malformed = false;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      malformed = true;
    }
  }

  if (!response.ok) {
    const error = new EngageError(codeForStatus(response.status), `${what} failed with HTTP ${response.status}.`, {
      status: response.status,
      details: outcomeText(body),
    });
    const wait = retryAfterMs(response.headers.get('Retry-After'));
    if (wait !== undefined) Object.assign(error, { retryAfterMs: wait });
    throw error;
  }
  if (malformed) {
    throw new EngageError('server', `${what}: the server's answer is not valid JSON.`, { status: response.status });
  }
  if (method === 'GET' && isOutcome(body) && expectedType(url, base) !== 'OperationOutcome') {
    // a 200 that carries only an OperationOutcome stored or found nothing: it is an error, with its text
    throw new EngageError('server', `${what} answered with an OperationOutcome instead of data.`, {
      status: response.status,
      details: outcomeText(body),
    });
  }
  return {
    status: response.status,
    body: body as T,
    version: versionFromEtag(response.headers.get('ETag')) ?? (body as Resource | undefined)?.meta?.versionId,
    location: response.headers.get('Location') ?? undefined,
  };
}

/** Builds a query string; arrays repeat the parameter, undefined values are left out. */
export function toQuery(params: Record<string, string | number | readonly (string | number)[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  return search.toString();
}
