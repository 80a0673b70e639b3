/**
 * The reply flow of <engage-message-thread>: the message being answered, and sending
 * under the write protocol (docs/write-protocol.md) — shown as "Sending…", then "Not
 * sent" with a retry, an edited retry that revises what landed, an earlier failed message
 * settled before a new one (the rules are on `EngageMessageThread.send`). The element's
 * base class rather than a controller beside it: the flow reads and writes the
 * conversation's own state at every step, and a controller given a callback for each
 * made the element's bundle heavier than a split may (issue #20: page weight). It builds
 * on the live conversation (thread-live.ts), which declares the state both share.
 */
import { msg } from '../../core/localization.js';
import type { Message, MessageDraft, MessagingPort } from '../../adapters/ports.js';
import { EngageError } from '../../core/errors.js';
import { fingerprintOf } from '../../core/write-protocol.js';
import { emit } from '../../core/events.js';
import { ThreadLiveBase } from './thread-live.js';

/** A message on its way: "Sending…", or "Not sent" with a retry. */
export interface Outgoing {
  key: string;
  draft: MessageDraft;
  state: 'sending' | 'failed';
  error?: unknown;
  /**
   * An earlier failed message sent again before the new text in the box (see `send`):
   * its draft is not the box's text, and its Retry sends both.
   */
  settling?: boolean;
}

/**
 * What `<engage-message-thread>` adds to the live conversation: replying in it. A stored
 * reply joins the conversation's messages (declared with the rest of its state in thread-live.ts).
 */
export abstract class ThreadReplyBase extends ThreadLiveBase {
  /** Reads the conversation again. */
  protected abstract readonly loadTask: { run(): Promise<unknown> };
  /** The message being sent, or the last one that failed (reactive state of the element). */
  protected abstract outgoing?: Outgoing;

  /** Sends what is in the reply box, by the rules `EngageMessageThread.send` describes. */
  protected async sendReply(mode: 'send' | 'retry' = 'send'): Promise<void> {
    const port = this.portOf('messaging');
    const threadId = this.threadId;
    if (!port || !threadId || this.outgoing?.state === 'sending') return;
    const waiting = this.outgoing?.settling ? this.outgoing.draft : undefined;
    if (this.composer.empty) {
      if (!waiting) {
        // nothing to send: say so on the box rather than nothing at all
        await this.composer.markMissing();
        return;
      }
      // the box was emptied after an earlier message failed to settle: Retry sends it alone
      this.composer.busy = true;
      if (!(await this.deliver(port, threadId, waiting, true))) return;
      this.composer.clear();
      void this.loadTask.run();
      return;
    }
    // the failed message is an earlier one waiting to be settled: its Retry sends both
    if (waiting) mode = 'send';
    const draft = this.composer.draft(this.replyTo?.id);
    if (!emit(this, 'engage-message-send', { threadId, draft }, { cancelable: true })) return;
    const earlier = this.outgoing?.state === 'failed' ? this.outgoing.draft : undefined;
    const newMessage = mode === 'send' && earlier !== undefined && fingerprintOf(earlier) !== fingerprintOf(draft);
    this.composer.busy = true;
    this.scrollPending = true;
    if (newMessage) {
      const settled = await this.deliver(port, threadId, earlier, true);
      if (!settled) return;
      // the earlier message is stored as the user last saw it: the new text is a new intent
      this.composer.intent.settle();
      this.composer.busy = true;
    }
    const message = await this.deliver(port, threadId, draft, false);
    if (!message) return;
    this.replyTo = undefined;
    this.composer.clear();
    // the conversation is read again, so an earlier message shows as the server holds it
    if (newMessage) void this.loadTask.run();
    this.scrollPending = true;
    await this.updateComplete;
    this.composer.focus();
  }

  /**
   * One write of `draft` under the composer's intent: shown as "Sending…", then added to
   * the conversation once the port answers with the stored message (and only then is
   * `engage-message-sent` fired), or shown as "Not sent". `settling` marks an earlier
   * message sent again before a new one (see `send`): the composer keeps the new
   * text either way. Resolves with the stored message, or undefined on failure.
   */
  private async deliver(port: MessagingPort, threadId: string, draft: MessageDraft, settling: boolean): Promise<Message | undefined> {
    const keys = this.composer.intent.keysFor(draft);
    // kept before the request leaves, so a reload mid-send retries under the same key
    this.composer.save();
    const key = keys.idempotencyKey;
    this.outgoing = { key, draft, state: 'sending', settling };
    this.announce(() => msg('Sending…', { id: 'thread.sending' }));
    try {
      const message = await port.sendMessage(threadId, draft, { ...keys, as: this.acting });
      // a port must answer with the stored message; anything else is not a success
      if (!message?.id) throw new EngageError('server', 'The message was not stored.');
      if (this.threadId !== threadId) return undefined;
      this.outgoing = undefined;
      this.composer.busy = false;
      // an edited retry may answer with a record a refresh already showed: it now holds the new text
      this.messages = this.messages.some((m) => m.id === message.id)
        ? this.messages.map((m) => (m.id === message.id ? message : m))
        : [...this.messages, message];
      this.announce(() => msg('Message sent.', { id: 'thread.sent' }));
      emit(this, 'engage-message-sent', { message });
      return message;
    } catch (error) {
      this.composer.busy = false;
      if (this.threadId !== threadId) return undefined;
      this.composer.failed(error);
      this.outgoing = { key, draft, state: 'failed', error, settling };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('.failed button')?.focus();
      return undefined;
    }
  }

  protected startReply(message: Message): void {
    this.replyTo = message;
    void this.updateComplete.then(() => this.composer.focus());
  }

  /** The quoted message is dropped and its button with it: focus goes to the reply being written (#19). */
  protected cancelReply(): void {
    this.replyTo = undefined;
    void this.updateComplete.then(() => this.composer.focus());
  }
}
