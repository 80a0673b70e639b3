import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task } from '@lit/task';
import type * as VirtualizeModule from '@lit-labs/virtualizer/virtualize.js';
import type * as FlowModule from '@lit-labs/virtualizer/layouts/flow.js';
import type {
  ActingAs,
  Message,
  MessageAttachment,
  MessageDraft,
  MessagingPort,
  Thread,
  ThreadStatus,
} from '../../adapters/ports.js';
import { EngageError, isEngageError } from '../../core/errors.js';
import { fingerprintOf } from '../../core/write-protocol.js';
import { emit, newIdempotencyKey } from '../../core/events.js';
import { codedText, formatDate } from '../../core/format.js';
import type * as SanitizeModule from '../../core/sanitize.js';
import { needsSanitizer, renderPlainMarkup } from '../../core/plain-markup.js';
import { errorText, renderNotConfigured, renderEmpty } from '../../core/states.js';
import { formatBytes } from './composer.js';
import { ComposingElement } from './composing-element.js';
import { renderDeceasedNotice } from '../../core/deceased.js';
import { threadStyles } from './message-thread.styles.js';
import { actingAs, kindLabel, participantName } from './people.js';
import { icon, iconCheck, iconMessage, iconPending, iconWarning } from '../../core/icons.js';
import { chip, chipStyles } from '../../core/chips.js';

export { actingAs, kindLabel, participantName };

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

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-message-send': CustomEvent<MessageSendDetail>;
    'engage-message-sent': CustomEvent<MessageSentDetail>;
    'engage-thread-status': CustomEvent<ThreadStatusDetail>;
    'engage-message-read': CustomEvent<MessageReadDetail>;
  }
}

interface Outgoing {
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

type Virtualize = typeof VirtualizeModule & Pick<typeof FlowModule, 'flow'>;

/**
 * The virtualizer and its (flow) layout, loaded together: given no layout type, the
 * virtualizer fetches its layout only when first drawn, and the list stays blank meanwhile.
 */
async function loadVirtualizer(): Promise<Virtualize> {
  const [virtualizer, layout] = await Promise.all([
    import('@lit-labs/virtualizer/virtualize.js'),
    import('@lit-labs/virtualizer/layouts/flow.js'),
  ]);
  return { ...virtualizer, flow: layout.flow };
}

/** Most pages of messages one load reads (1 000 messages each: far past any real conversation). */
const MAX_PAGES = 100;
/** Empty pages in a row that still point onward before the load gives up. */
const MAX_EMPTY_PAGES = 3;

/*
 * The sanitizer (DOMPurify, 12 KiB gzip) loads on demand, only once a message needs it:
 * bodies in the composer's own form (paragraphs and line breaks of escaped text) render
 * through Lit text bindings (core/plain-markup.ts), so a conversation of such messages
 * never downloads it. Any other body waits for it (see `whenSanitizable`).
 */
let sanitizer: typeof SanitizeModule | undefined;
async function loadSanitizer(): Promise<typeof SanitizeModule> {
  sanitizer ??= await import('../../core/sanitize.js');
  return sanitizer;
}

/** Loads the sanitizer if one of these messages needs it, before they are shown. */
async function whenSanitizable(messages: readonly Message[]): Promise<void> {
  if (!sanitizer && messages.some((m) => needsSanitizer(m.body))) await loadSanitizer();
}


const SAFE_TO_VIEW = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/**
 * One secure-messaging conversation: its messages in order, with sender, time,
 * delivery and read state and attachments, and a reply box. Sending is optimistic: the
 * message shows as "Sending…" and, if it fails, as "Not sent" with a retry. Writes follow
 * the write protocol (docs/write-protocol.md): the same text keeps its key, so the
 * message is never created twice; an edited retry updates the message an unanswered
 * attempt stored; a new message after a failed one first sends the failed one as last
 * shown; the typed text stays (in the host's draft store) until the send succeeds. New
 * messages appear as they arrive (the port's `subscribe`) and are announced politely (from the adapter in effect: a swapped adapter's updates
 * replace the old one's). Long conversations are virtualized; when the virtualizer's
 * chunk cannot be loaded, every message is rendered instead. Clinicians can close
 * and reopen the conversation; caregivers write on behalf of the patient.
 *
 * @tag engage-message-thread
 * @summary A secure message conversation with reply, attachments and live updates.
 *
 * @slot empty - Shown instead of the default text when the conversation has no messages.
 *
 * @csspart base - The conversation container.
 * @csspart header - The subject and details.
 * @csspart messages - The scrolling list of messages.
 * @csspart message - One message.
 * @csspart composer - The reply box.
 * @csspart deceased-notice - Shown instead of the reply box to a patient or caregiver when the patient has died.
 * @csspart composer-input - The reply text area.
 * @csspart attach-button - The "Attach files" button.
 * @csspart attachment-error - The list of refused files.
 * @csspart notice - The "not for emergencies" notice.
 * @csspart send-button - The send button.
 * @csspart state - Any loading, empty, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --engage-thread-height - Height of the scrolling message list; default 32rem.
 * @cssprop --engage-color-accent - Your own messages' edge and the send button.
 *
 * @fires engage-message-send - Before a message is sent; cancelable. `detail`: `threadId`, `draft`.
 * @fires engage-message-sent - After the server accepted a message. `detail.message`.
 * @fires engage-thread-status - After a clinician closed or reopened the conversation. `detail.thread`.
 * @fires engage-message-read - After shown messages were recorded as read (refresh an inbox's counts). `detail`: `threadId`, `messageIds`.
 */
export class EngageMessageThread extends ComposingElement {
  static override styles = [...ComposingElement.styles, chipStyles, threadStyles];

  /**
   * Loads the virtualizer and its layout (a dynamic import: its own chunk in a bundle).
   * Replaceable so a host can load it another way — and tests can make it fail.
   */
  static loadVirtualizer: () => Promise<Virtualize> = loadVirtualizer;

  /** The conversation to show. */
  @property({ attribute: 'thread-id' })
  threadId?: string;

  /** Heading level (1–6) of the subject, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** From this many messages on, only the visible ones are rendered. */
  @property({ type: Number, attribute: 'virtualize-threshold' })
  virtualizeThreshold = 200;

  /**
   * How often, in milliseconds, to look for new messages when the port cannot push them
   * (it has no `subscribe`). Doubles after each failure, up to ten times this.
   */
  @property({ type: Number, attribute: 'poll-interval' })
  pollInterval = 15_000;

  @state() private messages: Message[] = [];
  @state() private thread?: Thread;
  @state() private outgoing?: Outgoing;
  @state() private replyTo?: Message;
  @state() private announcement = '';
  @state() private statusBusy = false;
  @state() private actionError?: unknown;
  @state() private virtualizer?: Virtualize;
  /**
   * The virtualizer's chunk could not be loaded (a deploy removed it, the network
   * dropped): long lists render every row instead, never a stuck or blank list.
   */
  @state() private virtualizerFailed = false;
  private virtualizerLoading = false;

  /** Layout of a virtualized list: pinned to the newest message on load and on arrivals at the end. */
  @state() private pin?: { pin: { index: number; block: 'end' } };
  /**
   * Counts the times the message list was replaced (a load, not an arrival). A
   * virtualized list is re-created for each: the virtualizer keeps the visible range of
   * the list it laid out and, when handed a shorter list, asks for items past its end
   * (issue 10, defect 7: "reading 'id'" after the adapter under a 10,000-message thread
   * was swapped for a 250-message one).
   */
  @state() private listGeneration = 0;
  private subscription?: AbortController;
  /** What the live subscription is for: a new port (adapter swapped), conversation or user ends it. */
  private subscribedTo?: { port: MessagingPort; threadId: string; user?: string };
  private scrollPending = false;
  /** Messages first seen unread in this view: they keep a "New" label while it is open. */
  private readonly newIds = new Set<string>();

  private readonly loadTask = new Task(this, {
    task: async ([port, threadId, userRef], { signal }) => {
      if (!port || !threadId) return undefined;
      void userRef;
      const as = this.acting;
      const messaging = port as MessagingPort;
      const [thread, messages] = await Promise.all([
        messaging.getThread(threadId as string, { signal, as }),
        this.loadAll(messaging, threadId as string, signal, as),
      ]);
      await whenSanitizable(messages);
      // long conversations render only what is visible: load the virtualizer first
      if (messages.length >= this.virtualizeThreshold) await this.ensureVirtualizer();
      this.pin = { pin: { index: messages.length - 1, block: 'end' } };
      this.thread = thread;
      this.messages = messages;
      this.listGeneration++;
      this.newIds.clear();
      for (const m of messages) if (!m.readByMe) this.newIds.add(m.id);
      this.scrollPending = true;
      this.markShownRead(messages);
      return thread;
    },
    args: () => [this.portOf('messaging'), this.threadId, this.activeSession.user?.ref] as const,
    autoRun: true,
  });

  private get acting(): ActingAs | undefined {
    return actingAs(this.activeSession);
  }

  /**
   * Every message of the conversation, page by page. A port (or the server behind it)
   * that hands back a cursor it gave before, or keeps sending empty pages that point
   * onward, would keep this loop — and the "Loading…" state — going forever: both end
   * in an EngageError, as does a conversation past `MAX_PAGES` pages.
   */
  private async loadAll(port: MessagingPort, threadId: string, signal: AbortSignal, as: ActingAs | undefined): Promise<Message[]> {
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

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.thread) this.requestUpdate();
  }

  /** Messages shown while the page was hidden are marked read when it is seen. */
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.markShownRead(this.messages);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.subscription?.abort();
    this.subscription = undefined;
    this.subscribedTo = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('threadId')) {
      this.composer.useDraft(this.threadId ? `thread:${this.threadId}` : undefined);
      if (changed.get('threadId') !== undefined) {
        this.thread = undefined;
        this.messages = [];
        this.outgoing = undefined;
        this.replyTo = undefined;
      }
    }
  }

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
      const options = { signal: this.subscription.signal, as: this.acting, since };
      if (port.subscribe) port.subscribe(this.thread.id, (messages) => this.receive(messages), options);
      else void this.poll(port, this.thread.id, options);
    }
    if (this.scrollPending && this.messages.length) {
      this.scrollPending = false;
      void this.scrollToEnd();
    }
  }

  private async scrollToEnd(): Promise<void> {
    await this.updateComplete;
    const list = this.renderRoot.querySelector<HTMLElement>('.messages');
    if (!list) return;
    if (this.virtualizer && this.messages.length >= this.virtualizeThreshold) {
      // the virtualizer measures as it lays out: pin its layout to the newest message
      if (this.pin?.pin.index !== this.messages.length - 1) this.pin = { pin: { index: this.messages.length - 1, block: 'end' } };
      return;
    }
    list.scrollTop = list.scrollHeight;
  }

  /**
   * For ports without `subscribe`: reloads the conversation now and then and shows what
   * is new, backing off after failures, until the signal aborts (the thread changes or
   * the element leaves the page).
   */
  private async poll(port: MessagingPort, threadId: string, options: { signal: AbortSignal; as?: ActingAs }): Promise<void> {
    let wait = this.pollInterval;
    while (!options.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (options.signal.aborted) return;
      try {
        this.receive(await this.loadAll(port, threadId, options.signal, options.as));
        wait = this.pollInterval;
      } catch {
        // a failed look leaves the conversation as shown; try again later, less often
        wait = Math.min(wait * 2, this.pollInterval * 10);
      }
    }
  }

  /**
   * Messages from the subscription: added once each, announced without moving focus. One
   * that needs the sanitizer waits for it, so it shows (and is announced) with its text.
   */
  private receive(incoming: Message[]): void {
    if (sanitizer || !incoming.some((m) => needsSanitizer(m.body))) return this.addReceived(incoming);
    // a failed load still adds them: their bodies stay empty (never raw) until it loads
    void loadSanitizer()
      .catch(() => undefined)
      .then(() => this.addReceived(incoming));
  }

  private addReceived(incoming: Message[]): void {
    const known = new Set(this.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => m.threadId === this.threadId && !known.has(m.id));
    if (!fresh.length) return;
    const me = this.acting?.user.ref;
    const others = fresh.filter((m) => m.sender.ref !== me);
    const list = this.renderRoot.querySelector<HTMLElement>('.messages');
    const atEnd = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    this.messages = [...this.messages, ...fresh].sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
    for (const m of others) if (!m.readByMe) this.newIds.add(m.id);
    if (others.length) {
      const last = others.at(-1)!;
      this.announce(() =>
        others.length === 1
          ? msg(str`New message from ${participantName(last.sender)}.`, { id: 'thread.announce.new' })
          : msg(str`${others.length} new messages.`, { id: 'thread.announce.new-many' }),
      );
      this.markShownRead(others);
    }
    if (atEnd) this.scrollPending = true;
  }

  /** Announces text made in the element's language (this runs outside an update). */
  private announce(make: () => string): void {
    const text = this.localized(make);
    // a changed text is announced; clear first so the same words twice are heard twice
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  /** Records the shown, unread messages as read (only while the page is visible). */
  private markShownRead(messages: Message[]): void {
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
      // read state is best effort: the next visit tries again
      .catch(() => undefined);
  }

  /** The text in the reply box; a host may prefill it (it is kept until sent). */
  get value(): string {
    return this.composer.text;
  }

  set value(text: string) {
    this.composer.text = String(text ?? '');
    this.requestUpdate();
  }

  /**
   * Sends what is in the reply box, under the write protocol (docs/write-protocol.md):
   * - the same text again (Send or Retry after a failure) is the same write: its key is
   *   kept, so the server never stores the message twice;
   * - `retry` ("Retry sending" on the failed message) with edited text revises that
   *   message: if the failed attempt did land, the stored message takes the new text;
   * - `send` (the Send button) with different text after a failure is a new message. The
   *   failed one is settled first: it is sent again as the user last saw it, under its own
   *   keys, so a record an unanswered attempt stored takes its last text (an edited retry
   *   that also failed used to leave the original text on the server) and nothing is
   *   stored twice. Only then is the new message sent, beside it. When the earlier one
   *   still fails, it stays "Not sent" and the new text waits in the box.
   */
  async send(mode: 'send' | 'retry' = 'send'): Promise<void> {
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
   * message sent again before a new one (see {@link send}): the composer keeps the new
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
      this.outgoing = { key, draft, state: 'failed', error, settling };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('.failed button')?.focus();
      return undefined;
    }
  }

  private async setStatus(status: ThreadStatus): Promise<void> {
    const port = this.portOf('messaging');
    if (!port || !this.thread) return;
    this.statusBusy = true;
    this.actionError = undefined;
    try {
      this.thread = await port.setThreadStatus(this.thread.id, status, { idempotencyKey: newIdempotencyKey(), as: this.acting });
      emit(this, 'engage-thread-status', { thread: this.thread });
      this.announce(() =>
        status === 'closed'
          ? msg('Conversation closed.', { id: 'thread.closed-announce' })
          : msg('Conversation reopened.', { id: 'thread.reopened-announce' }),
      );
    } catch (error) {
      this.actionError = error;
    } finally {
      this.statusBusy = false;
    }
  }

  private async openAttachment(attachment: MessageAttachment, download: boolean): Promise<void> {
    const port = this.portOf('messaging');
    if (!port) return;
    this.actionError = undefined;
    try {
      const blob = await port.getAttachment(attachment);
      const view = !download && SAFE_TO_VIEW.has(attachment.contentType);
      // only PDF and images are opened; anything else is downloaded, never rendered in our origin
      const url = URL.createObjectURL(view ? new Blob([blob], { type: attachment.contentType }) : new Blob([blob], { type: 'application/octet-stream' }));
      const anchor = document.createElement('a');
      anchor.href = url;
      if (view) {
        anchor.target = '_blank';
        anchor.rel = 'noopener noreferrer';
      } else {
        anchor.download = attachment.title.replace(/[\\/:*?"<>|]+/g, '_') || 'attachment';
      }
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this.actionError = error;
    }
  }

  protected override render(): TemplateResult {
    const session = this.activeSession;
    const missing = this.renderMissing('messaging', false);
    const base = (content: unknown) =>
      html`<section part="base" class="thread" lang=${session.locale} aria-label=${msg('Conversation', { id: 'thread.label' })}>
        ${content}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      </section>`;
    if (missing) return base(missing);
    if (!this.threadId) return base(renderNotConfigured(msg('a conversation (thread-id)', { id: 'thread.missing-thread' })));
    if (!this.acting) return base(renderNotConfigured(msg('the signed-in user', { id: 'messages.missing-user' })));
    if (this.thread && this.thread.id === this.threadId) return base(this.renderThread(this.thread));
    return base(
      this.renderTask(this.loadTask, {
        loadingText: msg('Loading conversation…', { id: 'thread.loading' }),
        complete: () => html``,
      }),
    );
  }

  private renderThread(thread: Thread): TemplateResult {
    const { role } = this.activeSession;
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    const others = thread.participants.filter((p) => p.ref !== this.acting?.user.ref);
    return html`
      <header class="header" part="header">
        <div class="subject" role="heading" aria-level=${level}>${thread.subject || msg('(no subject)', { id: 'messages.no-subject' })}</div>
        <dl class="meta">
          ${thread.category
            ? html`<div><dt>${msg('Topic:', { id: 'messages.category' })}</dt> <dd>${codedText(thread.category)}</dd></div>`
            : nothing}
          <div>
            <dt>${msg('With:', { id: 'messages.with' })}</dt>
            <dd>${others.map((p) => (p.name ? `${p.name} (${kindLabel(p.kind)})` : kindLabel(p.kind))).join(', ') || '—'}</dd>
          </div>
          ${role === 'clinician' && thread.pool
            ? html`<div><dt>${msg('Routed to:', { id: 'thread.routed-to' })}</dt> <dd>${thread.pool.name}</dd></div>`
            : nothing}
          <div>
            <dt>${msg('Status:', { id: 'messages.status' })}</dt>
            <dd>
              ${thread.status === 'closed'
                ? chip('neutral', msg('Closed', { id: 'messages.status.closed' }), { icon: iconCheck, class: 'badge' })
                : chip('info', msg('Open', { id: 'messages.status.open' }), { icon: iconMessage, class: 'badge' })}
            </dd>
          </div>
        </dl>
        ${role === 'clinician'
          ? html`<div class="actions">
              <button type="button" ?disabled=${this.statusBusy} @click=${() => this.setStatus(thread.status === 'closed' ? 'open' : 'closed')}>
                ${thread.status === 'closed'
                  ? msg('Reopen conversation', { id: 'thread.reopen' })
                  : msg('Close conversation', { id: 'thread.close' })}
              </button>
            </div>`
          : nothing}
        ${this.actionError
          ? html`<p class="failed" role="alert">
              ${icon(iconWarning)}${errorText(isEngageError(this.actionError) ? this.actionError.code : 'server')}
            </p>`
          : nothing}
      </header>
      ${this.renderMessages()} ${this.renderComposer(thread)}
    `;
  }

  /**
   * Loads the virtualizer once. A failed load is not an error of the conversation: it is
   * remembered, and the list is rendered whole (slower for a very long one, but complete).
   */
  private async ensureVirtualizer(): Promise<void> {
    if (this.virtualizer || this.virtualizerFailed || this.virtualizerLoading) return;
    this.virtualizerLoading = true;
    try {
      this.virtualizer = await (this.constructor as typeof EngageMessageThread).loadVirtualizer();
    } catch {
      this.virtualizerFailed = true;
    } finally {
      this.virtualizerLoading = false;
    }
  }

  private renderMessages(): TemplateResult {
    const items = this.messages;
    const label = msg('Messages', { id: 'thread.messages' });
    if (!items.length && !this.outgoing) {
      return html`<div class="messages" part="messages"><slot name="empty">${renderEmpty({ art: iconMessage, text: msg('No messages yet.', { id: 'thread.empty' }) })}</slot></div>`;
    }
    const pending = this.outgoing ? this.renderOutgoing(this.outgoing) : nothing;
    if (items.length >= this.virtualizeThreshold && !this.virtualizer && !this.virtualizerFailed) {
      // grew long through live messages: load the virtualizer, show the newest meanwhile
      void this.ensureVirtualizer().then(() => {
        // this list shows the newest: the virtualized one must open there too, not at the
        // message the first load pinned (sends while loading never moved that pin)
        if (this.virtualizer) this.pin = { pin: { index: this.messages.length - 1, block: 'end' } };
      });
      return html`<div class="messages" part="messages" role="list" aria-label=${label} tabindex="0">
        ${items.slice(-50).map((m) => this.renderMessage(m))} ${pending}
      </div>`;
    }
    if (this.virtualizer && items.length >= this.virtualizeThreshold) {
      const { virtualize, flow } = this.virtualizer;
      // a new list gets a new scroller and virtualizer, so no stale range outlives its items
      return html`${keyed(
          this.listGeneration,
          html`<div class="messages messages--virtual" part="messages" role="list" aria-label=${label} tabindex="0">
            ${virtualize({
              items,
              keyFunction: (m: Message) => m.id,
              renderItem: (m: Message) => this.localized(() => this.renderMessage(m)), // also renders on scroll, outside an update
              scroller: true,
              layout: flow(this.pin ?? {}),
            })}
          </div>`,
        )}
        ${this.outgoing ? html`<div role="list" aria-label=${msg('Sending', { id: 'thread.sending-list' })}>${pending}</div>` : nothing}`;
    }
    return html`<div class="messages" part="messages" role="list" aria-label=${label} tabindex="0">
      ${items.map((m) => this.renderMessage(m))} ${pending}
    </div>`;
  }

  /**
   * A message body: the composer's plain form through Lit text bindings, anything else
   * through the one sanitizer, never raw. Should such a body come before the sanitizer
   * (a port that rewrote a sent message), it shows once the sanitizer has loaded.
   */
  private body(html: string) {
    const plain = renderPlainMarkup(String(html ?? ''));
    if (plain !== undefined) return plain;
    if (sanitizer) return sanitizer.sanitizedHtml(html, 'message');
    void loadSanitizer().then(
      () => this.requestUpdate(),
      () => undefined,
    );
    return nothing;
  }

  private renderMessage(m: Message): TemplateResult {
    const { locale } = this.activeSession;
    const mine = m.sender.ref === this.acting?.user.ref;
    const isNew = !mine && this.newIds.has(m.id);
    const replied = m.inResponseTo ? this.messages.find((x) => x.id === m.inResponseTo) : undefined;
    return html`<div class="row" role="listitem"><div class="message ${mine ? 'message--mine' : ''} ${isNew ? 'message--unread' : ''}" part="message">
      <div class="message__head">
        <span class="sender">${mine ? msg('You', { id: 'thread.you' }) : participantName(m.sender)}</span>
        <span class="role"
          >${m.onBehalfOf
            ? msg(str`Caregiver for ${participantName(m.onBehalfOf)}`, { id: 'thread.on-behalf' })
            : kindLabel(m.sender.kind)}</span
        >
        <time datetime=${m.sent}>${formatDate(m.sent, locale, { withTime: true })}</time>
        ${isNew ? html`<span class="unread-label">${msg('New', { id: 'thread.new' })}</span>` : nothing}
      </div>
      ${replied
        ? html`<p class="in-reply">${msg(str`In reply to ${participantName(replied.sender)}`, { id: 'thread.in-reply' })}</p>`
        : nothing}
      <div class="body">${this.body(m.body)}</div>
      ${this.renderAttachments(m.attachments)}
      ${mine
        ? html`<span class="delivery"
            >${icon(iconCheck)}${m.delivery === 'read'
              ? msg('Read', { id: 'thread.delivery.read' })
              : m.delivery === 'delivered'
                ? msg('Delivered', { id: 'thread.delivery.delivered' })
                : msg('Sent', { id: 'thread.delivery.sent' })}</span
          >`
        : !this.replyOffered()
          ? nothing
          : html`<div>
            <button type="button" class="link-button" @click=${() => this.startReply(m)}>
              ${msg('Reply to this message', { id: 'thread.reply-to' })}
            </button>
          </div>`}
    </div></div>`;
  }

  private renderAttachments(attachments: MessageAttachment[]): TemplateResult | typeof nothing {
    if (!attachments.length) return nothing;
    const { locale } = this.activeSession;
    return html`<ul class="attachments" aria-label=${msg('Attachments', { id: 'thread.attachments' })}>
      ${attachments.map(
        (a) => html`<li>
          <span class="file-name">${a.title}</span>
          ${a.size !== undefined ? html`<span class="file-size">${formatBytes(a.size, locale)}</span>` : nothing}
          ${a.url
            ? html`${SAFE_TO_VIEW.has(a.contentType)
                  ? html`<button type="button" class="link-button" aria-label=${msg(str`Open ${a.title}`, { id: 'thread.open-file' })} @click=${() => this.openAttachment(a, false)}>
                      ${msg('Open', { id: 'thread.open' })}
                    </button>`
                  : nothing}
                <button type="button" class="link-button" aria-label=${msg(str`Download ${a.title}`, { id: 'thread.download-file' })} @click=${() => this.openAttachment(a, true)}>
                  ${msg('Download', { id: 'thread.download' })}
                </button>`
            : nothing}
        </li>`,
      )}
    </ul>`;
  }

  private renderOutgoing(outgoing: Outgoing): TemplateResult {
    const failed = outgoing.state === 'failed';
    const code = isEngageError(outgoing.error) ? outgoing.error.code : 'server';
    return html`<div class="row" role="listitem"><div class="message message--mine ${failed ? 'message--failed' : ''}" part="message">
      <div class="message__head">
        <span class="sender">${msg('You', { id: 'thread.you' })}</span>
      </div>
      <div class="body">${this.body(outgoing.draft.body)}</div>
      ${outgoing.draft.attachments.length
        ? html`<ul class="attachments">
            ${outgoing.draft.attachments.map((a) => html`<li><span class="file-name">${a.title}</span></li>`)}
          </ul>`
        : nothing}
      ${failed
        ? html`<div class="failed" role="alert">
            <span>${icon(iconWarning)}${msg('Not sent.', { id: 'thread.failed' })} ${errorText(code)}</span>
            <button type="button" @click=${() => this.send('retry')}>${msg('Retry sending', { id: 'thread.retry' })}</button>
          </div>`
        : html`<span class="delivery">${icon(iconPending)}${msg('Sending…', { id: 'thread.sending' })}</span>`}
    </div></div>`;
  }

  private startReply(message: Message): void {
    this.replyTo = message;
    void this.updateComplete.then(() => this.composer.focus());
  }

  /** The quoted message is dropped and its button with it: focus goes to the reply being written (#19). */
  private cancelReply(): void {
    this.replyTo = undefined;
    void this.updateComplete.then(() => this.composer.focus());
  }

  /**
   * Whether the reply box is offered: not in a closed conversation (for a patient) nor for
   * a patient who has died. Without it, "Reply to this message" would lead nowhere and
   * leave focus on a button that did nothing (#19).
   */
  private replyOffered(thread = this.thread): boolean {
    return !this.deceased.blocksWrites && !(thread?.status === 'closed' && this.activeSession.role !== 'clinician');
  }

  private renderComposer(thread: Thread): TemplateResult {
    const { locale } = this.activeSession;
    if (this.deceased.blocksWrites) {
      return renderDeceasedNotice(
        msg('This patient has died, so no new messages can be sent from this account. The conversation stays here to read.', {
          id: 'thread.deceased',
        }),
      );
    }
    if (thread.status === 'closed' && this.activeSession.role !== 'clinician') {
      return html`<p class="closed-note">
        ${msg('This conversation is closed. Start a new message if you need more help.', { id: 'thread.closed-note' })}
      </p>`;
    }
    const sending = this.outgoing?.state === 'sending';
    return html`<form
      class="reply"
      @submit=${(event: Event) => {
        event.preventDefault();
        void this.send();
      }}
    >
      ${this.activeSession.role === 'clinician' ? nothing : this.composer.renderNotice(this.emergencyNumber, this.replyTimeText)}
      ${this.replyTo
        ? html`<p class="reply-to">
            <span>${msg(str`Replying to ${participantName(this.replyTo.sender)}`, { id: 'thread.replying-to' })}</span>
            <button type="button" class="link-button" @click=${this.cancelReply}>
              ${msg('Cancel reply', { id: 'thread.cancel-reply' })}
            </button>
          </p>`
        : nothing}
      ${this.composer.render(msg('Your reply', { id: 'thread.reply-label' }), locale, false, this.activeSession.role !== 'clinician')}
      <div class="send-row">
        <button type="submit" class="primary" part="send-button" ?disabled=${sending}>
          ${sending ? msg('Sending…', { id: 'thread.sending' }) : msg('Send', { id: 'messages.send' })}
        </button>
      </div>
    </form>`;
  }
}
