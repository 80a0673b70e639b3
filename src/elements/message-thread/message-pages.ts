/**
 * Reading a conversation from a messaging port: the whole of it, page by page, with the
 * guards that keep a misbehaving port from loading forever. Apart from the element: how a
 * conversation is read is its own concern, and the first load and the polling
 * (message-poll.ts) share it.
 */
import type { ActingAs, Message, MessagingPort } from '../../adapters/ports.js';
import { EngageError } from '../../core/errors.js';

/** Most pages of messages one load reads (1 000 messages each: far past any real conversation). */
const MAX_PAGES = 100;
/** Empty pages in a row that still point onward before the load gives up. */
const MAX_EMPTY_PAGES = 3;

/**
 * Every message of the conversation, page by page. A port (or the server behind it)
 * that hands back a cursor it gave before, or keeps sending empty pages that point
 * onward, would keep this loop — and the "Loading…" state — going forever: both end
 * in an EngageError, as does a conversation past `MAX_PAGES` pages.
 */
export async function loadAllMessages(port: MessagingPort, threadId: string, signal: AbortSignal, as: ActingAs | undefined): Promise<Message[]> {
  const all: Message[] = [];
  const seen = new Set<string>();
  let emptyRun = 0;
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await port.listMessages(threadId, { cursor, pageSize: 1000 }, { signal, as });
    const items = Array.isArray(page?.items) ? page.items : [];
    all.push(...items);
    cursor = typeof page?.next === 'string' && page.next !== '' ? page.next : undefined;
    if (!cursor) return all;
    emptyRun = items.length ? 0 : emptyRun + 1;
    if (seen.has(cursor)) throw new EngageError('server', 'The conversation paged back to a page already read (a paging loop).');
    if (emptyRun >= MAX_EMPTY_PAGES) throw new EngageError('server', 'The conversation kept sending empty pages.');
    if (pages >= MAX_PAGES) throw new EngageError('server', `The conversation ran over ${MAX_PAGES} pages; stopped reading.`);
    seen.add(cursor);
  }
}
