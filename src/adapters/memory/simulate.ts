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
 * Remembers the result of each idempotent write by its key, so a retried write returns
 * the first result instead of writing again (the contract every port's writes follow).
 */
export class IdempotencyLedger {
  private readonly results = new Map<string, unknown>();

  async once<T>(key: string, write: () => T | Promise<T>): Promise<T> {
    if (this.results.has(key)) return structuredClone(this.results.get(key)) as T;
    const result = await write();
    this.results.set(key, structuredClone(result));
    return result;
  }
}
