/**
 * A {@link KnowledgePort} over an HL7 infobutton knowledge service (default MedlinePlus
 * Connect), called from the browser.
 *
 * Public services publish rate limits (MedlinePlus Connect: 100 requests a minute per IP
 * address, and asks clients to cache), so this port asks each question once a session:
 * - answers are cached per request URL (code, system, language and context), for the
 *   life of the port;
 * - identical look-ups made while one is under way share that one request;
 * - a failed request is tried once more after a delay, then the answer is `unavailable`,
 *   which is not cached: the next user action may ask again, but nothing loops.
 */
import { EngageError } from '../../core/errors.js';
import type { InfobuttonQuery, InfobuttonResult, KnowledgePort } from '../ports/education.js';
import type { ReadOptions } from '../ports/common.js';
import { infobuttonUrl, MEDLINEPLUS_CONNECT, type RequestOptions } from './request.js';
import { parseKnowledgeFeed } from './response.js';

/** Options for {@link createKnowledgePort}. */
export interface KnowledgePortOptions extends RequestOptions {
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** How long one request may take before it counts as failed (ms, default 8000). */
  timeoutMs?: number;
  /** The wait before the one retry (ms, default 1500). */
  retryDelayMs?: number;
  /**
   * The credit line shown with found information. Default: `medlineplus` when the base URL
   * is MedlinePlus Connect's (its terms ask users to credit "MedlinePlus, National Library
   * of Medicine"), none for any other service; a host's own service passes its line as
   * `{ text }`, or `false` for none.
   */
  attribution?: 'medlineplus' | { text: string } | false;
}

type Unavailable = Extract<InfobuttonResult, { status: 'unavailable' }>;
const unavailable = (reason: Unavailable['reason']): Unavailable => ({ status: 'unavailable', reason });

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates a knowledge port; see the module comment for caching and retries. */
export function createKnowledgePort(options: KnowledgePortOptions = {}): KnowledgePort {
  const cache = new Map<string, Promise<InfobuttonResult>>();
  const timeoutMs = options.timeoutMs ?? 8000;
  const retryDelayMs = options.retryDelayMs ?? 1500;
  const attribution =
    options.attribution === undefined ? ((options.baseUrl ?? MEDLINEPLUS_CONNECT) === MEDLINEPLUS_CONNECT ? 'medlineplus' : undefined) : options.attribution || undefined;

  async function once(url: string): Promise<InfobuttonResult> {
    const doFetch = options.fetch ?? globalThis.fetch;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response;
    let body: unknown;
    try {
      response = await doFetch(url, {
        headers: { Accept: 'application/json' },
        // no cookies or referrer to a third party: the page URL may name a patient
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
      if (!response.ok) return unavailable(response.status === 429 ? 'rate-limited' : response.status < 500 ? 'invalid' : 'server');
      body = await response.json().catch(() => undefined);
    } catch {
      return unavailable(timedOut ? 'timeout' : 'network');
    } finally {
      clearTimeout(timer);
    }
    const entries = parseKnowledgeFeed(body);
    if (!entries) return unavailable('server');
    return entries.length ? { status: 'found', entries, ...(attribution ? { attribution } : {}) } : { status: 'none-found' };
  }

  async function ask(url: string): Promise<InfobuttonResult> {
    const first = await once(url);
    // a refused request (4xx) or a rate limit will not get better in a second
    if (first.status !== 'unavailable' || first.reason === 'invalid' || first.reason === 'rate-limited') return first;
    await wait(retryDelayMs);
    return once(url);
  }

  return {
    async lookup(query: InfobuttonQuery, readOptions: ReadOptions = {}): Promise<InfobuttonResult> {
      const url = infobuttonUrl(query, options);
      if (!url) return { status: 'none-found' }; // a code system no service knows: nothing to ask
      let pending = cache.get(url);
      if (!pending) {
        pending = ask(url);
        cache.set(url, pending);
        // keep answers; forget failures once settled, so a later click may ask again
        void pending.then((result) => {
          if (result.status === 'unavailable') cache.delete(url);
        });
      }
      const { signal } = readOptions;
      if (!signal) return pending;
      if (signal.aborted) throw new EngageError('aborted', 'The look-up was cancelled.');
      // the caller may stop waiting; the shared request carries on for the others
      return new Promise<InfobuttonResult>((resolve, reject) => {
        const onAbort = () => reject(new EngageError('aborted', 'The look-up was cancelled.'));
        signal.addEventListener('abort', onAbort, { once: true });
        void pending.then((result) => {
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        });
      });
    },
  };
}
