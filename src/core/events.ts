import { randomUUID } from './compat.js';

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
  return randomUUID();
}
