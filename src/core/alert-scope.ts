/**
 * One announcement per failure. When the server is down every element on the page fails
 * at once with the same words; a screen reader that hears "We could not reach the
 * server" once per element cannot tell one problem from five. Elements that share an
 * adapter share a scope: the first to show an error of a kind is its alert, the others
 * show the same words without `role="alert"`. When the announcing element recovers or
 * leaves the page, the others render again so one of them takes the role over.
 */

/** What a holder must do to take the role over: render again. */
interface Holder {
  requestUpdate(): void;
}

/** Per adapter (or any shared object): error kind → the element announcing it. */
const scopes = new WeakMap<object, Map<string, Holder>>();
/** Per element: the scope and kind it announces, so it can let go. */
const held = new WeakMap<Holder, { scope: Map<string, Holder>; kind: string }>();
/** Per element: the scope and kind it shows without announcing, to be told on release. */
const waiting = new Map<Holder, { scope: Map<string, Holder>; kind: string }>();

/**
 * Whether `holder` should announce an error of `kind` shown within `scopeKey`: true for
 * the first element to ask (and on every later render of it), false for the others
 * while it holds the role. An element without a scope always announces.
 */
export function claimAlert(scopeKey: object | undefined, kind: string, holder: Holder): boolean {
  if (!scopeKey) return true;
  let scope = scopes.get(scopeKey);
  if (!scope) scopes.set(scopeKey, (scope = new Map()));
  const current = held.get(holder);
  if (current && (current.scope !== scope || current.kind !== kind)) releaseAlert(holder);
  const owner = scope.get(kind);
  if (!owner || owner === holder) {
    scope.set(kind, holder);
    held.set(holder, { scope, kind });
    waiting.delete(holder);
    return true;
  }
  waiting.set(holder, { scope, kind });
  return false;
}

/**
 * `holder` no longer shows an error (it recovered or left the page): it stops waiting,
 * and if it was announcing, the elements still showing that error render again.
 */
export function releaseAlert(holder: Holder): void {
  waiting.delete(holder);
  const current = held.get(holder);
  if (!current) return;
  held.delete(holder);
  if (current.scope.get(current.kind) === holder) current.scope.delete(current.kind);
  for (const [other, wait] of waiting) {
    if (wait.scope === current.scope && wait.kind === current.kind) other.requestUpdate();
  }
}
