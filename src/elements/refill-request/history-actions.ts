/**
 * What the buttons of the request history of <engage-refill-request> do: show older
 * requests, ask "are you sure" before cancelling, keep the request, and the cancel write
 * itself. Each button goes away with what it opened or closed, so each also says what to
 * focus next. The element holds the state and applies the changes; history-list.ts shows
 * it.
 */
import type { RefillPort, RefillRequest } from '../../adapters/ports.js';
import { WriteIntent } from '../../core/write-protocol.js';
import type { HistoryView } from './history-list.js';

/**
 * What a history button changes, named as the element's own fields so that the element
 * applies it as it is (as it applies the choices of refill-draft.ts): the history's
 * state, and what to focus once that has rendered, since the button pressed goes away.
 */
export interface HistoryChange {
  showOlderHistory?: boolean;
  confirmCancel?: string;
  cancelError?: HistoryView['cancelError'];
  focusAfterRender: string;
}

/**
 * The keys of each cancellation by request id, until the server confirms it: a retry is
 * the same write, and the key is random like every other, not derived from the request's id.
 */
export type CancelIntents = Map<string, WriteIntent<{ cancel: string }>>;

/** The history's view: what it shows (`shown`), and its buttons, which `apply` a change to the element; `cancel` is the element's cancel. */
export function historyView(
  shown: Pick<HistoryView, 'locale' | 'showOlder' | 'confirmCancel' | 'cancelError'>,
  apply: (change: HistoryChange) => void,
  cancel: (request: RefillRequest) => void,
): HistoryView {
  return {
    ...shown,
    // focus the first request that "Show older" revealed
    revealOlder: (first) => apply({ showOlderHistory: true, focusAfterRender: `[data-request="${CSS.escape(first.id)}"]` }),
    askCancel: (request) => apply({ confirmCancel: request.id, focusAfterRender: `#confirm-cancel-${CSS.escape(request.id)}` }),
    cancel,
    // "Keep it" disappears with the question: back to the button that asked it
    keep: (request) => apply({ confirmCancel: undefined, cancelError: undefined, focusAfterRender: `#cancel-${CSS.escape(request.id)}` }),
  };
}

/** Cancels `request` through `port`, under the same keys on every retry until the server confirms it. */
export async function cancelOnce(port: RefillPort, request: RefillRequest, intents: CancelIntents): Promise<RefillRequest> {
  const intent = intents.get(request.id) ?? new WriteIntent<{ cancel: string }>();
  intents.set(request.id, intent);
  const updated = await port.cancelRequest(request.id, intent.keysFor({ cancel: request.id }));
  intents.delete(request.id);
  return updated;
}
