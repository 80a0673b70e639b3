/**
 * When the client tries a request again: after 429, 503 or a network failure, for an
 * idempotent request only, waiting as `Retry-After` says or backing off. Apart from the
 * client so the retry rules read in one place.
 */
import { isEngageError, type EngageError } from '../../core/errors.js';
import type { ClientSettings } from './client-types.js';

/** Seconds or an HTTP date → milliseconds to wait; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** How long to wait before retrying, or undefined to give up. */
export function retryDelay(
  error: unknown,
  attempt: number,
  idempotent: boolean,
  limits: Pick<ClientSettings, 'maxRetries' | 'maxRetryDelayMs'>,
): number | undefined {
  if (!idempotent || attempt >= limits.maxRetries || !isEngageError(error)) return undefined;
  const retryAfter = (error as EngageError & { retryAfterMs?: number }).retryAfterMs;
  const retryableStatus = error.status === 429 || error.status === 503;
  if (!retryableStatus && error.code !== 'network') return undefined;
  const wait = retryAfter ?? 250 * 2 ** attempt;
  return wait <= limits.maxRetryDelayMs ? wait : undefined;
}
