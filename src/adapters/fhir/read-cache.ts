/**
 * The reads one FHIR client shares for the life of a page view (issue 20, item 3): a
 * banner and a summary under one provider both read the Patient and its allergies,
 * and without sharing each element pays for its own copy. Keys are the reads' resolved
 * URLs. A read in flight is shared as well as a finished one, so elements that open
 * together send each read once.
 *
 * Only reads that ask for it are shared (`RequestOptions.shared`), and the patient's own
 * record, which nearly every element reads on open, unless its reader declines: a poll
 * for new messages or the write protocol's look for an earlier attempt must see the
 * server as it is now. Any write through the client empties the cache, before it is sent
 * and again when it is answered, so no read taken while a write was on its way survives it.
 *
 * Every caller receives its own copy of the answer (mappings may annotate what they
 * read). A failed read is not kept. When the caller whose request is in flight cancels
 * it, the others waiting on it send their own instead of failing with a cancellation
 * that was not theirs.
 */
import { EngageError, isEngageError } from '../../core/errors.js';

export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  /** Whether a read of this key is cached or in flight. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * The answer to the read `key`: the shared one when there is one, else `load()`'s,
   * which is then shared. `keep` decides whether a successful answer is kept (a batch
   * entry that failed is not); `reload` sends the read again for a caller whose shared
   * read was cancelled by another (default: `load`); `copy` makes each caller's copy
   * (default `structuredClone`; an answer holding an error keeps its class only by
   * reference).
   */
  async share<T>(
    key: string,
    load: () => Promise<T>,
    options: { signal?: AbortSignal; keep?: (value: T) => boolean; reload?: () => Promise<T>; copy?: (value: T) => T } = {},
  ): Promise<T> {
    const existing = this.entries.get(key) as Promise<T> | undefined;
    const own = !existing;
    const pending = existing ?? this.start(key, load, options.keep);
    try {
      return (options.copy ?? structuredClone)(await untilAborted(pending, options.signal));
    } catch (error) {
      const othersCancellation = !own && isEngageError(error) && error.code === 'aborted' && !options.signal?.aborted;
      if (!othersCancellation) throw error;
      return this.share(key, options.reload ?? load, { ...options, reload: options.reload ?? load });
    }
  }

  /** Forgets every read (a write went through the client, or the host asked). */
  clear(): void {
    this.entries.clear();
  }

  private start<T>(key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    const pending = load();
    this.entries.set(key, pending);
    const forget = () => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    };
    pending.then((value) => {
      if (keep && !keep(value)) forget();
    }, forget);
    return pending;
  }
}

/** The promise's outcome, or an `aborted` EngageError as soon as the caller's own signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  const cancelled = () => new EngageError('aborted', 'The read was cancelled.');
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
