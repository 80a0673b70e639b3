/**
 * The FHIR R4 REST client every FHIR port uses: one place for authentication,
 * timeouts, retries, paging, concurrency control and error mapping.
 *
 * The class is here; the parts it is made of live beside it: its types
 * (`client-types.ts`), one HTTP exchange (`client-http.ts`), retries (`client-retry.ts`),
 * paging limits (`client-paging.ts`), reading OperationOutcomes (`client-outcome.ts`), and
 * batches with the sharing of reads (`client-batch.ts`). Whether a write's answer holds what
 * was sent (`write-checks.ts`) loads with the first write; the ports' own writes import it.
 */
import { EngageError } from '../../core/errors.js';
import type { Bundle, BundleEntry, Resource } from './fhir-types.js';
import { arrayOf, isObject, nextLinkOf, objectOf } from './guards.js';
import { ReadCache } from './read-cache.js';
import { asBatchResult, batchKey, batchResults, copyResult, failedBatchResult, isReadBatch, sharedRead } from './client-batch.js';
import { describe, send, toQuery } from './client-http.js';
import { outcomeText } from './client-outcome.js';
import type * as WriteChecks from './write-checks.js';
import { onFirstUse } from '../../core/on-first-use.js';
import { PageGuard, type PagingLimits } from './client-paging.js';
import { retryDelay, sleep } from './client-retry.js';
import type { BatchResult, ClientSettings, FhirClientOptions, FhirResponse, RequestOptions } from './client-types.js';

export type { BatchResult, FhirClientOptions, FhirResponse, RequestOptions, TokenProvider } from './client-types.js';
export { isOutcome, outcomeText } from './client-outcome.js';

/**
 * How a write's answer is judged (`write-checks.ts`), loaded before the first write is sent: a
 * page that only reads never downloads it, and a failed load fails the write before anything
 * is sent (a network failure, which every writer already handles).
 */
const writeChecks = onFirstUse(() => import('./write-checks.js'));
export { PageGuard, type PagingLimits } from './client-paging.js';
export { toQuery } from './client-http.js';


/** FHIR R4 REST client over fetch. */
export class FhirClient {
  readonly baseUrl: string;
  private readonly base: URL;
  private readonly options: ClientSettings;
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
        return await send<T>(method, url, this.base, this.options, options);
      } catch (error) {
        const wait = retryDelay(error, attempt, idempotent, this.options);
        if (wait === undefined) throw error;
        await sleep(wait, options.signal).catch(() => {
          throw new EngageError('aborted', `${describe(method, url, this.base)} was cancelled.`);
        });
      }
    }
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
    const checks = await writeChecks();
    const response = await this.request<T>('POST', resource.resourceType, {
      ...options,
      headers,
      body: resource,
      idempotent: options.idempotent ?? Boolean(options.ifNoneExist),
    });
    // `200` to a conditional create is the record an earlier attempt under this key stored,
    // which may have moved on since (read, decided, retracted): the port judges it, not this
    return this.withBody(checks, response, resource, Boolean(options.ifNoneExist) && response.status === 200);
  }

  /**
   * Replaces a resource. With `ifMatch` (a version id) the server refuses with 412 —
   * a `conflict` EngageError — when someone else changed it first.
   */
  async update<T extends Resource>(resource: T, options: RequestOptions & { ifMatch?: string } = {}): Promise<FhirResponse<T>> {
    if (!resource.id) throw new EngageError('invalid', `Cannot update a ${resource.resourceType} without an id.`);
    const headers = { ...options.headers, ...(options.ifMatch ? { 'If-Match': `W/"${options.ifMatch}"` } : {}) };
    const checks = await writeChecks();
    const response = await this.request<T>('PUT', `${resource.resourceType}/${encodeURIComponent(resource.id)}`, {
      ...options,
      headers,
      body: resource,
      idempotent: options.idempotent ?? Boolean(options.ifMatch),
    });
    return this.withBody(checks, response, resource, false);
  }

  /**
   * A write succeeded only when the server says it stored something: the answer carries
   * the stored resource of the written type, or a `Location` naming one (servers may
   * answer `Prefer: return=minimal`; it is read then). Anything else — an
   * OperationOutcome with `200`, an empty body, another type — rejects, with the
   * outcome's text, so no caller reports a write that stored nothing. The stored resource
   * of a fresh write (`201`, an update) must also hold what was sent (`notHeld`): a server
   * that silently drops an element (the message's words, a note, an answer) has not stored
   * what the user typed.
   */
  private async withBody<T extends Resource>(
    { isStored, notHeld, notHeldError, notStored }: typeof WriteChecks,
    response: FhirResponse<T>,
    sent: T,
    matched: boolean,
  ): Promise<FhirResponse<T>> {
    const type = sent.resourceType;
    const held = (stored: Resource): FhirResponse<T> => {
      const missing = matched ? [] : notHeld(sent, stored);
      if (missing.length) throw notHeldError(type, response.status, missing);
      return { ...response, body: stored as T };
    };
    const body = response.body as Resource | undefined;
    if (isStored(body, type)) return held(body!);
    const match = response.location
      ? /([A-Za-z]+)\/([^/]+)(?:\/_history\/([^/]+))?\/?$/.exec(new URL(response.location, this.base).pathname)
      : null;
    if ((body === undefined || body === null) && match?.[1] === type && match[2]) {
      const read = await this.read<T>(type, match[2]);
      if (isStored(read, type)) return held(read);
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
    const checks = allReads ? undefined : await writeChecks();
    const { body, status } = await this.request<Bundle>('POST', '', {
      ...options,
      body: bundle,
      idempotent: options.idempotent ?? allReads,
    });
    if (!isObject(body) || body.resourceType !== 'Bundle') {
      if (allReads) throw new EngageError('server', 'The batch answer is not a Bundle.', { status, details: outcomeText(body) });
      throw checks!.notStored('Bundle', status, body);
    }
    return batchResults(requests, body);
  }
}
