import { EngageError, type EngageErrorCode } from '../../core/errors.js';

/** How a memory port misbehaves on purpose, for stories and tests. */
export interface Simulation {
  /** Delay before each answer in ms; `Infinity` never answers (a loading state). Default 0. */
  latencyMs?: number;
  /** When set, every call fails with this error code (an error state). */
  failWith?: EngageErrorCode;
}

/** Waits for the simulated latency, honouring the abort signal, then applies `failWith`. */
export async function simulate(simulation: Simulation, signal: AbortSignal | undefined): Promise<void> {
  const aborted = () => new EngageError('aborted', 'The request was cancelled.');
  if (signal?.aborted) throw aborted();
  const latency = simulation.latencyMs ?? 0;
  if (latency > 0) {
    await new Promise<void>((resolve, reject) => {
      const timer = Number.isFinite(latency) ? setTimeout(resolve, latency) : undefined;
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(aborted());
        },
        { once: true },
      );
    });
  }
  if (simulation.failWith) throw new EngageError(simulation.failWith, `Simulated ${simulation.failWith} failure.`);
}

/**
 * The write protocol for memory ports (docs/write-protocol.md): remembers the result of
 * each write by its key, so a retried write returns the first result instead of writing
 * again, and a write that `replaces` earlier keys revises what one of them stored instead
 * of writing beside it. It can also lose answers on purpose, as a network does: the write
 * is applied, then the caller gets a `network` error.
 */
export class IdempotencyLedger {
  private readonly results = new Map<string, unknown>();
  /** Writes under way, by key. */
  private readonly running = new Map<string, Promise<unknown>>();
  private answersToLose = 0;

  /** The next `count` writes are applied, then answered with a `network` error (0: none). */
  loseAnswers(count = 1): void {
    this.answersToLose = count;
  }

  async once<T>(key: string, write: () => T | Promise<T>): Promise<T> {
    return this.write({ idempotencyKey: key }, write);
  }

  /**
   * Runs `create` once per key; with `replaces`, `revise` gets the result an earlier key
   * stored (the newest one) and its answer is remembered under every key of the intent.
   * A key seen before is answered with what its write stored then, passed through
   * `remembered` when given: the record may have moved on since (cancelled, decided), and a
   * port judges it as it is now, as the FHIR adapter does (docs/write-protocol.md §3).
   */
  async write<T>(
    keys: { idempotencyKey: string; replaces?: readonly string[] },
    create: () => T | Promise<T>,
    revise?: (earlier: T) => T | Promise<T>,
    remembered: (earlier: T) => T | Promise<T> = (earlier) => earlier,
  ): Promise<T> {
    // the same key again while the first write is under way (a double click) waits for it
    // and shares its outcome: one record per key, however close together the two arrive
    const running = this.running.get(keys.idempotencyKey) as Promise<T> | undefined;
    if (running) return remembered(structuredClone(await running));
    if (this.results.has(keys.idempotencyKey)) return remembered(structuredClone(this.results.get(keys.idempotencyKey)) as T);
    const write = this.apply(keys, create, revise);
    this.running.set(keys.idempotencyKey, write);
    try {
      return await write;
    } finally {
      this.running.delete(keys.idempotencyKey);
    }
  }

  private async apply<T>(
    keys: { idempotencyKey: string; replaces?: readonly string[] },
    create: () => T | Promise<T>,
    revise?: (earlier: T) => T | Promise<T>,
  ): Promise<T> {
    const earlierKey = [...(keys.replaces ?? [])].reverse().find((key) => this.results.has(key));
    const result =
      earlierKey !== undefined && revise ? await revise(structuredClone(this.results.get(earlierKey)) as T) : await create();
    for (const key of [keys.idempotencyKey, ...(earlierKey !== undefined ? (keys.replaces ?? []) : [])]) {
      if (key === keys.idempotencyKey || this.results.has(key)) this.results.set(key, structuredClone(result));
    }
    if (this.answersToLose > 0) {
      this.answersToLose--;
      throw new EngageError('network', 'Simulated lost answer: the write was applied, its answer never came.');
    }
    return result;
  }
}
