/**
 * Dispatches a typed `engage-*` event from an element. Events bubble and cross shadow
 * roots (composed) so a host page can listen anywhere above the element. Returns false
 * when a listener called `preventDefault()` on a cancelable event.
 *
 * Each element declares its events on `GlobalEventHandlersEventMap`, not only on
 * `HTMLElementEventMap`: the element, document and window maps all extend it, so a host's
 * `document.addEventListener('engage-message-sent', e => e.detail…)` is typed too (the
 * events bubble and are composed, so that listener really receives them).
 */
export function emit<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never,
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}

/** A fresh idempotency key (a random UUID) for one user intent (a send, a submit). */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts; an EHR page on plain http still needs keys
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
