/**
 * The `detail` of each event of <engage-message-thread>, exported for hosts. The global
 * event map that types `addEventListener('engage-message-sent', …)` stays in the element's
 * module: the manifest analyzer reads each event's type from the module of its `@fires`.
 */
import type { Message, MessageDraft, Thread } from '../../adapters/ports.js';

/** Detail of `engage-message-send` (cancelable: call `preventDefault()` to stop the send). */
export interface MessageSendDetail {
  threadId: string;
  draft: MessageDraft;
}

/** Detail of `engage-message-sent`. */
export interface MessageSentDetail {
  message: Message;
}

/** Detail of `engage-message-read`. */
export interface MessageReadDetail {
  threadId: string;
  messageIds: string[];
}

/** Detail of `engage-thread-status`. */
export interface ThreadStatusDetail {
  thread: Thread;
}
