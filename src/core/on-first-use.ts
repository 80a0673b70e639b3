/**
 * Code an element or adapter loads with `import()` the first time it is needed.
 *
 * Such a load can fail (offline, or a new deployment removed the old chunk). The failure
 * is reported as a network failure, which every caller already handles: the reader is
 * told to check the connection, and a writer keeps the user's input to try again. A
 * failed load is not remembered, so the next use loads again.
 */
import { EngageError } from './errors.js';

export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  return () =>
    load().catch((cause: unknown) => {
      throw new EngageError('network', 'The code for this action could not be loaded.', { cause });
    });
}
