/**
 * Fallbacks for the few browser APIs the library uses that are newer than its stated
 * browser floor (README, "Supported browsers"), or that a page may lack for another
 * reason. Each uses the native API when present. Everything that needs one of these
 * APIs goes through here, so the floor is kept in one file.
 *
 * - `AbortSignal.any`: Chrome 116, Firefox 124, Safari 17.4 (newer than the floor).
 * - `AbortSignal.timeout`: in the floor; the fallback costs little and keeps a page
 *   with a patched or partial `AbortSignal` working.
 * - `crypto.randomUUID`: exists only in secure contexts, and an EHR page on plain http
 *   on a hospital network still needs idempotency keys.
 */

/** A signal that aborts when any of `signals` aborts, with that signal's reason. */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals as AbortSignal[]);
  const controller = new AbortController();
  const already = signals.find((signal) => signal.aborted);
  if (already) {
    controller.abort(already.reason);
    return controller.signal;
  }
  const stop = () => {
    for (const signal of signals) signal.removeEventListener('abort', onAbort);
  };
  function onAbort(this: AbortSignal) {
    stop(); // the first abort wins; no listener outlives it
    controller.abort(this.reason);
  }
  for (const signal of signals) signal.addEventListener('abort', onAbort);
  return controller.signal;
}

/** A signal that aborts with a `TimeoutError` after `ms` milliseconds. */
export function timeoutSignal(ms: number): AbortSignal {
  if (typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  return controller.signal;
}

/** A random (version 4) UUID, also outside secure contexts. */
export function randomUUID(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
