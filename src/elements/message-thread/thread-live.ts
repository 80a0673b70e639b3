/**
 * The live side of <engage-message-thread>: the conversation on screen follows the port
 * while the element is on the page. New messages arrive through the port's `subscribe`
 * (or, for a port that cannot push, by polling: message-poll.ts), are added once each
 * and announced politely; a message delivered again is its rewritten version, one gone
 * from the store was withdrawn (both worked out by thread-changes.ts); and what the reader
 * has seen is recorded as read, only while the page is visible.
 *
 * The lowest of the element's own base classes (the element extends the reply flow,
 * thread-reply.ts, which extends this), not a controller beside it, for the reason
 * thread-reply.ts gives: these steps read and write the conversation's own state, and a
 * controller given a callback for each made the element's bundle heavier (issue #20).
 * It also declares the state of the conversation both layers share; the element holds it.
 */
import { msg, str } from '../../core/localization.js';
import type { ActingAs, Message, MessagingPort, Thread } from '../../adapters/ports.js';
import { emit, newIdempotencyKey } from '../../core/events.js';
import { needsSanitizer } from '../../core/plain-markup.js';
import { loadedSanitizer, loadSanitizer } from './on-demand.js';
import { participantName } from './people.js';
import { ComposingElement } from './composing-element.js';
import type * as Changes from './thread-changes.js';
import type { ConversationChange } from './thread-changes.js';

/** How a virtualized list is laid out: pinned to one message (see the element's `pin`). */
export interface ListPin {
  pin: { index: number; block: 'end' };
}

/** What `<engage-message-thread>` adds to the composer first: a conversation kept up to date. */
export abstract class ThreadLiveBase extends ComposingElement {
  /**
   * The conversation shown (the element's `thread-id`, documented there).
   * @ignore
   */
  abstract threadId?: string;
  /**
   * How often to poll a port that cannot push (the element's `poll-interval`, documented there).
   * @ignore
   */
  abstract pollInterval: number;
  /** The conversation, once read (reactive state of the element). */
  protected abstract thread?: Thread;
  /** The conversation's messages, oldest first (reactive state of the element). */
  protected abstract messages: Message[];
  /** The message the reply answers, "Replying to …" (reactive state of the element). */
  protected abstract replyTo?: Message;
  /** Set to scroll to the newest message after the next update. */
  protected abstract scrollPending: boolean;
  /** Layout of a virtualized list (the element's `pin`). */
  protected abstract pin?: ListPin;
  /** Counts the times the message list was replaced (the element's `listGeneration`). */
  protected abstract listGeneration: number;
  /** Messages first seen unread in this view: they keep a "New" label while it is open. */
  protected abstract readonly newIds: Set<string>;
  protected abstract get acting(): ActingAs | undefined;
  /** Announces text made in the element's language. */
  protected abstract announce(make: () => string): void;

  private subscription?: AbortController;
  /** What the live subscription is for: a new port (adapter swapped), conversation or user ends it. */
  private subscribedTo?: { port: MessagingPort; threadId: string; user?: string };
  /** Marks the messages shown while the page was hidden read when it is seen (while on the page). */
  private onVisibility?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    // made here rather than as initialized fields (this class has none): one would give the
    // class a constructor of its own, bytes the element's budget does not have (issue #20)
    this.onVisibility = () => {
      if (document.visibilityState === 'visible') this.markShownRead(this.messages);
    };
    document.addEventListener('visibilitychange', this.onVisibility);
    // back on the page: the next update subscribes again
    if (this.thread) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility!);
    this.subscription?.abort();
    this.subscription = undefined;
    this.subscribedTo = undefined;
  }

  /** Subscribes to the conversation shown, again whenever the port, the conversation or the user changes. */
  protected override updated(): void {
    const port = this.portOf('messaging');
    const to = this.subscribedTo;
    const user = this.acting?.user.ref;
    if (this.thread && port && this.isConnected && (to?.port !== port || to.threadId !== this.thread.id || to.user !== user)) {
      this.subscription?.abort();
      this.subscription = new AbortController();
      this.subscribedTo = { port, threadId: this.thread.id, user };
      // the newest message shown: a polling port asks only for what is newer, after its first interval
      const since = this.messages.reduce((newest, m) => (Date.parse(m.sent) > Date.parse(newest) ? m.sent : newest), this.thread.created);
      const onWithdrawn = (ids: string[]) => this.change((changes) => changes.withdrawn(this.messages, this.replyTo, ids));
      const options = { signal: this.subscription.signal, as: this.acting, since, onWithdrawn, shown: this.messages.map((m) => m.id) };
      if (port.subscribe) port.subscribe(this.thread.id, (messages) => this.receive(messages), options);
      // a port that cannot push is polled: that code loads only for such a port
      // (a chunk that cannot load leaves the conversation as read, as a failed reload does)
      else
        import('./message-poll.js')
          .then((poll) => poll.pollByReloading(port, this.thread!.id, options, () => this.pollInterval, (messages) => this.receive(messages)))
          .catch(() => undefined);
    }
  }

  /**
   * Messages from the subscription: added once each, announced without moving focus. One
   * that needs the sanitizer waits for it, so it shows (and is announced) with its text.
   */
  private receive(incoming: Message[]): void {
    if (loadedSanitizer() || !incoming.some((m) => needsSanitizer(m.body))) return this.addReceived(incoming);
    // a failed load still adds them: their bodies stay empty (never raw) until it loads
    void loadSanitizer()
      .catch(() => undefined)
      .then(() => this.addReceived(incoming));
  }

  private addReceived(incoming: Message[]): void {
    const known = new Set(this.messages.map((m) => m.id));
    const ours = incoming.filter((m) => m.threadId === this.threadId);
    const again = ours.filter((m) => known.has(m.id));
    // one shown already, delivered again, is its newer version (an edited retry rewrote it)
    if (again.length) this.change((changes) => changes.revised(this.messages, this.replyTo, again));
    const fresh = ours.filter((m) => !known.has(m.id));
    if (!fresh.length) return;
    const me = this.acting?.user.ref;
    const others = fresh.filter((m) => m.sender.ref !== me);
    const atEnd = this.atEnd();
    this.messages = [...this.messages, ...fresh].sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
    for (const m of others) if (!m.readByMe) this.newIds.add(m.id);
    if (others.length) {
      const last = others.at(-1)!;
      this.announce(() =>
        others.length === 1
          ? msg(str`New message from ${participantName(last.sender)}.`, { id: 'thread.announce.new' })
          : msg(str`${others.length} new messages.`, { id: 'thread.announce.new-many' }),
      );
      // every shown message from others, not only the new: a receipt that failed before is sent again
      this.markShownRead(this.messages.filter((m) => m.sender.ref !== me));
    }
    if (atEnd) this.scrollPending = true;
  }

  /**
   * A rare change to the messages shown (withdrawn, or rewritten by an edited retry), worked
   * out by its own chunk (thread-changes.ts) and applied here.
   */
  private change(make: (changes: typeof Changes) => ConversationChange | undefined): void {
    void import('./thread-changes.js').then((changes) => {
      const change = make(changes);
      if (!change) return;
      if (this.atEnd()) this.scrollPending = true;
      this.messages = change.messages;
      this.replyTo = change.replyTo;
      // a shorter list gets a new virtualizer, pinned to the newest (see `listGeneration`)
      if (change.shorter) {
        this.listGeneration++;
        this.pin = { pin: { index: this.messages.length - 1, block: 'end' } };
      }
      this.announce(change.words);
      if (change.rewritten) this.markShownRead(change.rewritten);
    }).catch(() => undefined); // a chunk that cannot load leaves the list as shown until the next full read
  }

  /** Whether the list is scrolled to (near) its newest message. */
  private atEnd(): boolean {
    const list = this.renderRoot.querySelector<HTMLElement>('.messages');
    return !list || list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  }

  /** Records the shown, unread messages as read (only while the page is visible). */
  protected markShownRead(messages: Message[]): void {
    const port = this.portOf('messaging');
    const unread = messages.filter((m) => !m.readByMe).map((m) => m.id);
    if (!port || !this.threadId || !unread.length || document.visibilityState === 'hidden') return;
    const threadId = this.threadId;
    port
      .markRead(threadId, unread, { idempotencyKey: newIdempotencyKey(), as: this.acting })
      .then(() => {
        emit(this, 'engage-message-read', { threadId, messageIds: unread });
        if (this.threadId !== threadId) return;
        const ids = new Set(unread);
        this.messages = this.messages.map((m) => (ids.has(m.id) ? { ...m, readByMe: true } : m));
      })
      // read state is best effort: the next receipt of this conversation (a new message, the
      // page seen again) or the next visit names these messages again
      .catch(() => undefined);
  }
}
