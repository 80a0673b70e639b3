/**
 * The rare live changes to a conversation on screen, in a chunk of their own that loads the
 * first time one happens (the thread's budget pays only for noticing them):
 * - a message withdrawn since it was shown (retracted by the care team) leaves the screen;
 * - a message rewritten since it was shown (an edited retry: the write protocol stores what
 *   its writer last saw, rewriting what the first attempt stored) is shown as it is stored,
 *   in place, so no one reads words the writer took back.
 * Each is announced politely. Apart from the element: it only computes the new list; the
 * element applies it (`applyChange`).
 */
import type { Message } from '../../adapters/ports.js';
import { msg, str } from '../../core/localization.js';

/** A change to apply: the new list, the message being replied to, and what to announce. */
export interface ConversationChange {
  messages: Message[];
  replyTo?: Message;
  /** The list got shorter: a virtualized list is re-created (see the element's `listGeneration`). */
  shorter: boolean;
  /** The rewritten messages, as now stored: what the reader has not read of them is marked read. */
  rewritten?: Message[];
  words: () => string;
}

/** The conversation without `ids`, or undefined when it shows none of them. */
export function withdrawn(messages: Message[], replyTo: Message | undefined, ids: string[]): ConversationChange | undefined {
  const gone = new Set(ids);
  const kept = messages.filter((m) => !gone.has(m.id));
  const removed = messages.length - kept.length;
  if (!removed) return undefined;
  // the reply being written loses its quote: it will be sent as a new message, and is said so
  const lostReply = !!replyTo && gone.has(replyTo.id);
  return {
    messages: kept,
    replyTo: lostReply ? undefined : replyTo,
    shorter: true,
    words: () =>
      (removed === 1
        ? msg('A message was removed from this conversation.', { id: 'thread.announce.removed' })
        : msg(str`${removed} messages were removed from this conversation.`, { id: 'thread.announce.removed-many' })) +
      (lostReply
        ? ' ' + msg('You were replying to a removed message, so your reply will now be sent as a new message.', { id: 'thread.announce.reply-removed' })
        : ''),
  };
}

/** What a reader sees of a message: its words and its files. */
const content = (m: Message) => JSON.stringify([m.body, m.attachments.map((a) => [a.title, a.contentType, a.size, a.url])]);

/**
 * The conversation with the newer versions in `again` (messages it shows, delivered again)
 * in place of the shown ones, or undefined when none reads differently (a read receipt
 * changes no words). A rewrite is new words: it is read (and marked) as the store says.
 */
export function revised(messages: Message[], replyTo: Message | undefined, again: Message[]): ConversationChange | undefined {
  const newer = new Map(again.map((m) => [m.id, m]));
  const rewritten = messages.filter((m) => newer.has(m.id) && content(newer.get(m.id)!) !== content(m)).map((m) => newer.get(m.id)!);
  const edited = rewritten.length;
  if (!edited) return undefined;
  const byId = new Map(rewritten.map((m) => [m.id, m]));
  const merged = messages.map((m) => byId.get(m.id) ?? m);
  return {
    // a rewrite is sent anew: it takes its place by its new time
    messages: merged.sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent)),
    // the quote of the message being replied to shows its words as stored too
    replyTo: replyTo && (merged.find((m) => m.id === replyTo.id) ?? replyTo),
    shorter: false,
    rewritten,
    words: () =>
      edited === 1
        ? msg('A message in this conversation was edited.', { id: 'thread.announce.edited' })
        : msg(str`${edited} messages in this conversation were edited.`, { id: 'thread.announce.edited-many' }),
  };
}
