/**
 * Polling for a port that cannot push new messages (it has no `subscribe`): its own chunk,
 * loaded only for such a port, since most ports push (issue #20: page weight).
 */
import type { ActingAs, Message, MessagingPort } from '../../adapters/ports.js';
import { loadAllMessages } from './message-pages.js';

/**
 * For ports without `subscribe`: reloads the conversation now and then and hands what it
 * read to `receive`, backing off after failures, until the signal aborts (the thread
 * changes or the element leaves the page). `interval` is read before each wait. The whole
 * conversation, because a port is only known to list messages; a port that can ask for
 * what is newer polls that way behind its own `subscribe` (the FHIR port's live-poll.ts).
 * A message read before (`shown`, then each reload) and missing from a reload was
 * withdrawn: its id goes to `onWithdrawn`. (Only those read before: one sent while a
 * reload was under way is not missing from it.)
 */
export async function pollByReloading(
  port: MessagingPort,
  threadId: string,
  options: { signal: AbortSignal; as?: ActingAs; shown: string[]; onWithdrawn: (ids: string[]) => void },
  interval: () => number,
  receive: (messages: Message[]) => void,
): Promise<void> {
  let wait = interval();
  let before = options.shown;
  while (!options.signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (options.signal.aborted) return;
    try {
      const messages = await loadAllMessages(port, threadId, options.signal, options.as);
      const now = new Set(messages.map((m) => m.id));
      const gone = before.filter((id) => !now.has(id));
      before = [...now];
      if (gone.length) options.onWithdrawn(gone);
      receive(messages);
      wait = interval();
    } catch {
      // a failed look leaves the conversation as shown; try again later, less often
      wait = Math.min(wait * 2, interval() * 10);
    }
  }
}
