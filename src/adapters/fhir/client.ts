/**
 * The FHIR R4 REST client every FHIR port uses: one place for authentication,
 * timeouts, retries, paging, concurrency control and error mapping.
 */
import { EngageError, isEngageError, type EngageErrorCode } from '../../core/errors.js';
import { anySignal, timeoutSignal } from '../../core/compat.js';
import type { Bundle, BundleEntry, OperationOutcome, Resource } from './fhir-types.js';
import { arrayOf, isObject, nextLinkOf, objectOf, stringOf } from './guards.js';
import { ReadCache } from './read-cache.js';

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

const STATUS_CODES: [number, EngageErrorCode][] = [
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not-found'],
  [410, 'not-found'],
  [409, 'conflict'],
  [412, 'conflict'],
  [400, 'invalid'],
  [422, 'invalid'],
  [429, 'rate-limited'],
];

function codeForStatus(status: number): EngageErrorCode {
  return STATUS_CODES.find(([s]) => s === status)?.[1] ?? (status >= 500 ? 'server' : 'invalid');
}

/** The human-readable text of an OperationOutcome's issues. */
export function outcomeText(outcome: unknown): string[] {
  if (!isOutcome(outcome)) return [];
  return arrayOf<NonNullable<OperationOutcome['issue']>[number]>(outcome.issue)
    .map((issue) => {
      const details = objectOf<{ text?: unknown; coding?: unknown }>(issue.details);
      return (
        stringOf(details?.text) ??
        stringOf(issue.diagnostics) ??
        stringOf(arrayOf<{ display?: unknown }>(details?.coding)[0]?.display) ??
        stringOf(issue.code) ??
        ''
      );
    })
    .filter((text) => text !== '');
}

/** Whether a value is an OperationOutcome resource. */
export function isOutcome(value: unknown): value is OperationOutcome {
  return isObject(value) && value.resourceType === 'OperationOutcome';
}

/** Whether an OperationOutcome reports an error (any issue of severity `error` or `fatal`). */
function reportsError(outcome: unknown): boolean {
  return isOutcome(outcome) && arrayOf<{ severity?: unknown }>(outcome.issue).some((i) => i.severity === 'error' || i.severity === 'fatal');
}

/**
 * Limits on following `next` links within one read. A server whose `next` link points
 * at itself, or that keeps answering empty pages that still link onward, would
 * otherwise keep a read (and the element waiting on it) going forever.
 */
export interface PagingLimits {
  /** Most pages one read follows, the first included; default 200. */
  maxPages?: number;
  /** Most entries one read collects over all its pages; default 50 000. */
  maxEntries?: number;
  /** Empty pages in a row that still link onward before the read gives up; default 3. */
  maxEmptyPages?: number;
}

/**
 * Watches the pages of one read and ends it with an EngageError when paging runs away:
 * a `next` link seen before (a loop), too many pages or entries, or empty pages that
 * keep linking onward.
 */
export class PageGuard {
  private readonly seen = new Set<string>();
  private pages = 0;
  private entries = 0;
  private emptyRun = 0;
  private readonly limits: Required<PagingLimits>;

  constructor(limits: PagingLimits = {}) {
    this.limits = { maxPages: 200, maxEntries: 50_000, maxEmptyPages: 3, ...limits };
  }

  /**
   * Records a page of `count` entries and its `next` link (a URL or cursor); returns the
   * link to follow, undefined on the last page, or throws when paging runs away.
   */
  next(count: number, next: string | undefined, first?: string): string | undefined {
    if (this.pages === 0 && first) this.seen.add(normalizeLink(first));
    this.pages++;
    this.entries += count;
    this.emptyRun = count === 0 ? this.emptyRun + 1 : 0;
    if (!next) return undefined;
    const key = normalizeLink(next);
    if (this.seen.has(key)) {
      throw new EngageError('server', 'The server sent a paging link that was already followed (a paging loop).');
    }
    this.seen.add(key);
    if (this.pages >= this.limits.maxPages) {
      throw new EngageError('server', `The server's answer ran over ${this.limits.maxPages} pages; stopped reading.`);
    }
    if (this.entries >= this.limits.maxEntries) {
      throw new EngageError('server', `The server's answer ran over ${this.limits.maxEntries} entries; stopped reading.`);
    }
    if (this.emptyRun >= this.limits.maxEmptyPages) {
      throw new EngageError('server', `The server sent ${this.emptyRun} empty pages in a row that still link onward.`);
    }
    return next;
  }
}

/** A link without its origin and with its query parameters sorted, so equal links compare equal. */
function normalizeLink(link: string): string {
  try {
    const url = new URL(link, 'http://x.invalid/');
    url.searchParams.sort();
    return `${url.pathname.replace(/\/+$/, '')}?${url.searchParams.toString()}`;
  } catch {
    return link;
  }
}

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

/** Seconds or an HTTP date → milliseconds to wait; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A short description of a request for error messages: method and resource type only, no ids. */
function describe(method: string, url: URL, base: URL): string {
  const path = url.pathname.startsWith(base.pathname) ? url.pathname.slice(base.pathname.length) : url.pathname;
  const type = path.split('/').filter(Boolean)[0] ?? '';
  return `${method} ${type || '[base]'}`;
}

/** FHIR R4 REST client over fetch. */
export class FhirClient {
  readonly baseUrl: string;
  private readonly base: URL;
  private readonly options: Required<Pick<FhirClientOptions, 'timeoutMs' | 'maxRetries' | 'maxRetryDelayMs'>> &
    FhirClientOptions;
  private readonly cache = new ReadCache();
  private capabilities?: Promise<Resource | undefined>;

  constructor(options: FhirClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.base = new URL(this.baseUrl + '/', globalThis.location?.href);
    this.options = { timeoutMs: 30_000, maxRetries: 2, maxRetryDelayMs: 10_000, ...options };
  }

  /** Resolves a path against the base URL; absolute URLs must be on the same origin. */
  private resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl.replace(/^\/+/, ''), this.base);
    if (url.origin !== this.base.origin) {
      // a server-supplied link to another host would otherwise receive our token
      throw new EngageError('invalid', `Refusing to follow a link outside ${this.base.origin}.`);
    }
    return url;
  }

  /**
   * Sends one request; retries idempotent ones on 429 / 503 / network failure. A shared
   * GET may be answered from the page-view cache (also by the same read made inside a
   * batch); a write empties it.
   */
  async request<T = Resource>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<FhirResponse<T>> {
    const url = this.resolve(pathOrUrl);
    if (method === 'GET' && sharedRead(options.shared, pathOrUrl)) {
      if (!this.cache.has(url.href) && this.cache.has(batchKey(url))) return this.fromBatchEntry<T>(pathOrUrl, url, options);
      return this.cache.share(url.href, () => this.attempt<T>(method, url, options), { signal: options.signal });
    }
    if (method === 'GET' || isReadBatch(options.body)) return this.attempt<T>(method, url, options);
    this.cache.clear();
    try {
      return await this.attempt<T>(method, url, options);
    } finally {
      this.cache.clear();
    }
  }

  /**
   * A shared GET answered by the same read that a batch made or has in flight: one port
   * reads the Patient alone, another inside its batch, and the server hears it once.
   */
  private async fromBatchEntry<T>(pathOrUrl: string, url: URL, options: RequestOptions): Promise<FhirResponse<T>> {
    const load = () => this.sendBatch([{ method: 'GET', url: pathOrUrl }], options).then((results) => results[0]!);
    const result = await this.cache.share<BatchResult>(batchKey(url), load, { signal: options.signal, keep: (r) => r.ok, copy: copyResult });
    if (!result.ok) throw result.error;
    return { status: result.status, body: result.resource as T, version: result.resource?.meta?.versionId };
  }

  /** Forgets every shared read, so the next ones go to the server (a host that knows the record changed). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * The server's CapabilityStatement, asked once per client and remembered (undefined
   * when the server gives none); a failed ask is asked again next time. It takes no
   * signal: the first caller leaving must not cancel an answer every later one uses.
   */
  capabilityStatement(): Promise<Resource | undefined> {
    this.capabilities ??= this.attempt<Resource>('GET', this.resolve('metadata'), {}).then(
      ({ body }) => (isObject(body) && body.resourceType === 'CapabilityStatement' ? body : undefined),
      (error: unknown) => {
        this.capabilities = undefined;
        throw error;
      },
    );
    return this.capabilities;
  }

  /** One request with its retries. */
  private async attempt<T>(method: string, url: URL, options: RequestOptions): Promise<FhirResponse<T>> {
    const idempotent = options.idempotent ?? method === 'GET';
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send<T>(method, url, options);
      } catch (error) {
        const wait = this.retryDelay(error, attempt, idempotent);
        if (wait === undefined) throw error;
        await sleep(wait, options.signal).catch(() => {
          throw new EngageError('aborted', `${describe(method, url, this.base)} was cancelled.`);
        });
      }
    }
  }

  /** How long to wait before retrying, or undefined to give up. */
  private retryDelay(error: unknown, attempt: number, idempotent: boolean): number | undefined {
    if (!idempotent || attempt >= this.options.maxRetries || !(error instanceof EngageError)) return undefined;
    const retryAfter = (error as EngageError & { retryAfterMs?: number }).retryAfterMs;
    const retryableStatus = error.status === 429 || error.status === 503;
    if (!retryableStatus && error.code !== 'network') return undefined;
    const wait = retryAfter ?? 250 * 2 ** attempt;
    return wait <= this.options.maxRetryDelayMs ? wait : undefined;
  }

  private async send<T>(method: string, url: URL, options: RequestOptions): Promise<FhirResponse<T>> {
    const what = describe(method, url, this.base);
    const headers: Record<string, string> = {
      Accept: 'application/fhir+json',
      ...this.options.headers,
      ...options.headers,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
    const token = await this.options.getToken?.();
    if (token) headers.Authorization = `Bearer ${token}`;

    const timeout = timeoutSignal(this.options.timeoutMs);
    const signal = options.signal ? anySignal([options.signal, timeout]) : timeout;
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
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
        throw new EngageError('timeout', `${what} took longer than ${this.options.timeoutMs} ms.`, { cause: error });
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
    if (method === 'GET' && isOutcome(body) && expectedType(url, this.base) !== 'OperationOutcome') {
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

  /** Reads one resource. */
  async read<T extends Resource>(type: string, id: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>('GET', `${type}/${encodeURIComponent(id)}`, options)).body;
  }

  /** One page of a search. `params` values that are arrays repeat the parameter. */
  async search<T extends Resource = Resource>(
    type: string,
    params: Record<string, string | number | readonly (string | number)[] | undefined> = {},
    options: RequestOptions = {},
  ): Promise<Bundle<T>> {
    return (await this.request<Bundle<T>>('GET', `${type}?${toQuery(params)}`, options)).body;
  }

  /**
   * The next page of a search result, or undefined on the last page. Pass one
   * `PageGuard` for all the pages of a read so a paging loop ends in an EngageError.
   */
  async nextPage<T extends Resource>(
    bundle: Bundle<T>,
    options: RequestOptions & { guard?: PageGuard } = {},
  ): Promise<Bundle<T> | undefined> {
    const link = nextLinkOf(bundle);
    const next = options.guard ? options.guard.next(arrayOf(bundle?.entry).length, link) : link;
    return next ? this.page<T>(next, options) : undefined;
  }

  /** One page by its link; anything but a Bundle is an error. */
  private async page<T extends Resource>(link: string, options: RequestOptions): Promise<Bundle<T>> {
    const { body } = await this.request<Bundle<T>>('GET', link, options);
    if (!isObject(body) || body.resourceType !== 'Bundle') {
      throw new EngageError('server', 'A page of search results is not a Bundle.', { details: outcomeText(body) });
    }
    return body;
  }

  /**
   * Every match of a search, following `next` links. Stops after `maxResults`
   * (default 5 000) so a huge history cannot exhaust memory; `truncated` says so. A
   * paging loop (a repeated `next` link, endless empty pages, too many pages) ends in
   * an EngageError.
   */
  async searchAll<T extends Resource = Resource>(
    type: string,
    params: Record<string, string | number | readonly (string | number)[] | undefined> = {},
    options: RequestOptions & { maxResults?: number; paging?: PagingLimits } = {},
  ): Promise<{ resources: T[]; included: Resource[]; truncated: boolean }> {
    const maxResults = options.maxResults ?? 5_000;
    const guard = new PageGuard(options.paging);
    const resources: T[] = [];
    const included: Resource[] = [];
    let page: Bundle<T> | undefined = await this.search<T>(type, params, options);
    if (!isObject(page) || page.resourceType !== 'Bundle') {
      throw new EngageError('server', `The ${type} search did not answer with a Bundle.`, { details: outcomeText(page) });
    }
    while (page) {
      for (const entry of arrayOf<BundleEntry<T>>(page.entry)) {
        const resource = objectOf<T>(entry.resource);
        if (!resource || typeof resource.resourceType !== 'string') continue;
        const mode = objectOf<{ mode?: unknown }>(entry.search)?.mode;
        if (mode === 'include' || resource.resourceType !== type) included.push(resource);
        else if (mode !== 'outcome') resources.push(resource);
      }
      if (resources.length >= maxResults) {
        return { resources: resources.slice(0, maxResults), included, truncated: true };
      }
      page = await this.nextPage(page, { ...options, guard });
    }
    return { resources, included, truncated: false };
  }

  /**
   * Creates a resource. With `ifNoneExist` (for example
   * `identifier=urn:ietf:rfc:3986|urn:uuid:…`) the server returns the existing match
   * instead of creating a second one, which makes the create safe to retry.
   */
  async create<T extends Resource>(resource: T, options: RequestOptions & { ifNoneExist?: string } = {}): Promise<FhirResponse<T>> {
    const headers = { ...options.headers, ...(options.ifNoneExist ? { 'If-None-Exist': options.ifNoneExist } : {}) };
    const response = await this.request<T>('POST', resource.resourceType, {
      ...options,
      headers,
      body: resource,
      idempotent: options.idempotent ?? Boolean(options.ifNoneExist),
    });
    return this.withBody(response, resource.resourceType);
  }

  /**
   * Replaces a resource. With `ifMatch` (a version id) the server refuses with 412 —
   * a `conflict` EngageError — when someone else changed it first.
   */
  async update<T extends Resource>(resource: T, options: RequestOptions & { ifMatch?: string } = {}): Promise<FhirResponse<T>> {
    if (!resource.id) throw new EngageError('invalid', `Cannot update a ${resource.resourceType} without an id.`);
    const headers = { ...options.headers, ...(options.ifMatch ? { 'If-Match': `W/"${options.ifMatch}"` } : {}) };
    const response = await this.request<T>('PUT', `${resource.resourceType}/${encodeURIComponent(resource.id)}`, {
      ...options,
      headers,
      body: resource,
      idempotent: options.idempotent ?? Boolean(options.ifMatch),
    });
    return this.withBody(response, resource.resourceType);
  }

  /**
   * A write succeeded only when the server says it stored something: the answer carries
   * the stored resource of the written type, or a `Location` naming one (servers may
   * answer `Prefer: return=minimal`; it is read then). Anything else — an
   * OperationOutcome with `200`, an empty body, another type — rejects, with the
   * outcome's text, so no caller reports a write that stored nothing.
   */
  private async withBody<T extends Resource>(response: FhirResponse<T>, type: string): Promise<FhirResponse<T>> {
    const body = response.body as Resource | undefined;
    if (isStored(body, type)) return response;
    const match = response.location
      ? /([A-Za-z]+)\/([^/]+)(?:\/_history\/([^/]+))?\/?$/.exec(new URL(response.location, this.base).pathname)
      : null;
    if ((body === undefined || body === null) && match?.[1] === type && match[2]) {
      const read = await this.read<T>(type, match[2]);
      if (isStored(read, type)) return { ...response, body: read };
    }
    throw notStored(type, response.status, body);
  }

  /**
   * Sends several requests in one round trip as a `batch` Bundle and returns each
   * entry's outcome in order; one entry failing does not fail the others. Shared reads
   * (`RequestOptions.shared`; the patient's own record unless told otherwise) already
   * made or in flight (by URL) are taken from the page-view cache and only the others are
   * sent; their successful answers are shared in turn.
   */
  async batch(requests: BundleEntry['request'][], options: RequestOptions = {}): Promise<BatchResult[]> {
    if (!requests.every((request) => request?.method === 'GET')) return this.sendBatch(requests, options);
    const shared = requests.map((request) => sharedRead(options.shared, request!.url));
    if (!shared.includes(true)) return this.sendBatch(requests, options);
    const urls = requests.map((request) => this.resolve(request!.url));
    // batch entries answer with a BatchResult, a GET with a FhirResponse: two key spaces
    const keys = urls.map(batchKey);
    // a read that a GET made or has in flight, not yet a batch's: taken from that GET
    const viaGet = keys.map((key, index) => shared[index]! && !this.cache.has(key) && this.cache.has(urls[index]!.href));
    // each read not shared, or neither cached nor in flight, once (a shared read named twice is sent once)
    const missing = keys.flatMap((key, index) =>
      !shared[index] || (!this.cache.has(key) && !viaGet[index] && keys.indexOf(key) === index) ? [index] : [],
    );
    const sent = missing.length ? this.sendBatch(missing.map((index) => requests[index]), options) : undefined;
    const kept = (result: BatchResult) => result.ok;
    return Promise.all(
      requests.map((request, index) => {
        const at = missing.indexOf(index);
        const load =
          at >= 0 && sent
            ? () => sent.then((results) => results[at]!)
            : viaGet[index]
              ? () => this.request<Resource>('GET', request!.url, { signal: options.signal, shared: true }).then(asBatchResult, failedBatchResult)
              : () => this.sendBatch([request], options).then((results) => results[0]!);
        const reload = () => this.sendBatch([request], options).then((results) => results[0]!);
        if (!shared[index]) return load();
        return this.cache.share(keys[index]!, load, { signal: options.signal, keep: kept, reload, copy: copyResult });
      }),
    );
  }

  /** One batch round trip (see `batch`). */
  private async sendBatch(requests: BundleEntry['request'][], options: RequestOptions): Promise<BatchResult[]> {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: requests.map((request) => ({ request })),
    };
    const allReads = requests.every((request) => request?.method === 'GET');
    const { body, status } = await this.request<Bundle>('POST', '', {
      ...options,
      body: bundle,
      idempotent: options.idempotent ?? allReads,
    });
    if (!isObject(body) || body.resourceType !== 'Bundle') {
      if (allReads) throw new EngageError('server', 'The batch answer is not a Bundle.', { status, details: outcomeText(body) });
      throw notStored('Bundle', status, body);
    }
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
}

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
function sharedRead(shared: RequestOptions['shared'], url: string): boolean {
  return typeof shared === 'function' ? shared(url) : (shared ?? sharedByDefault(url));
}

/** The cache key of a read made inside a batch (its answer is a BatchResult, not a FhirResponse). */
function batchKey(url: URL): string {
  return `batch ${url.href}`;
}

/** A GET's answer as a batch entry's. */
function asBatchResult(response: FhirResponse<Resource>): BatchResult {
  return { ok: true, status: response.status, resource: response.body };
}

/** A GET's failure as a batch entry's (a cancellation stays a rejection, as a batch's would). */
function failedBatchResult(error: unknown): BatchResult {
  if (!isEngageError(error) || error.code === 'aborted') throw error;
  return { ok: false, status: error.status ?? 500, error };
}

/** A caller's own copy of a batch entry's result: the resource copied, an error as it is. */
function copyResult(result: BatchResult): BatchResult {
  return result.ok ? { ...result, resource: structuredClone(result.resource) } : result;
}

/** Whether a request body is a batch that only reads (it changes nothing on the server). */
function isReadBatch(body: unknown): boolean {
  if (!isObject(body) || body.resourceType !== 'Bundle' || body.type !== 'batch') return false;
  return arrayOf<{ request?: { method?: unknown } }>(body.entry).every((entry) => entry.request?.method === 'GET');
}

/** Whether a write's answer is a stored resource of the written type (with its id). */
function isStored(body: unknown, type: string): boolean {
  const resource = body as Resource | undefined;
  return Boolean(resource) && typeof resource === 'object' && resource!.resourceType === type && typeof resource!.id === 'string' && resource!.id !== '';
}

/** The error for a write whose answer does not show anything stored. */
export function notStored(type: string, status: number, body: unknown): EngageError {
  const details = outcomeText(body);
  const what = (body as Resource | undefined)?.resourceType;
  const why =
    what === 'OperationOutcome'
      ? 'the server answered with an OperationOutcome and stored nothing'
      : what
        ? `the server answered with a ${String(what)}, not the stored ${type}`
        : `the server did not return the stored ${type}`;
  const text = details.length ? ` (${details.join(' ')})` : '';
  return new EngageError('server', `Writing a ${type} failed: ${why}${text}.`, { status, details });
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
