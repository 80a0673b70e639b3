import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { property, state } from 'lit/decorators.js';
import { msg } from '../../core/localization.js';
import { Task } from '@lit/task';
import type { ActingAs, Message, MessageAttachment, MessagingPort, Thread, ThreadStatus } from '../../adapters/ports.js';
import { emit, newIdempotencyKey } from '../../core/events.js';
import { renderNotConfigured, renderEmpty } from '../../core/states.js';
import { ThreadReplyBase, type Outgoing } from './thread-reply.js';
import type { ListPin } from './thread-live.js';
import { loadVirtualizer, whenSanitizable, type Virtualize } from './on-demand.js';
import { loadAllMessages } from './message-pages.js';
import { threadStyles } from './message-thread.styles.js';
import { actingAs, kindLabel, participantName } from './people.js';
import { iconMessage } from '../../core/icons.js';
import { chipStyles } from '../../core/chips.js';
import { renderThreadHeader } from './thread-header.js';
import { renderMessage, renderOutgoing } from './message-rows.js';
import { showAttachment } from './message-attachments.js';
import { renderReplyForm } from './reply-form.js';
import type { MessageReadDetail, MessageSendDetail, MessageSentDetail, ThreadStatusDetail } from './thread-event-details.js';

export { actingAs, kindLabel, participantName };
export type { MessageReadDetail, MessageSendDetail, MessageSentDetail, ThreadStatusDetail };

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-message-send': CustomEvent<MessageSendDetail>;
    'engage-message-sent': CustomEvent<MessageSentDetail>;
    'engage-thread-status': CustomEvent<ThreadStatusDetail>;
    'engage-message-read': CustomEvent<MessageReadDetail>;
  }
}

/**
 * One secure-messaging conversation: its messages in order, with sender, time,
 * delivery and read state and attachments, and a reply box. Sending is optimistic: the
 * message shows as "Sending…" and, if it fails, as "Not sent" with a retry. Writes follow
 * the write protocol (docs/write-protocol.md): the same text keeps its key, so the
 * message is never created twice; an edited retry updates the message an unanswered
 * attempt stored; a new message after a failed one first sends the failed one as last
 * shown; the typed text stays (in the host's draft store) until the send succeeds. New
 * messages appear as they arrive (the port's `subscribe`) and are announced politely (from the adapter in effect: a swapped adapter's updates
 * replace the old one's); a message withdrawn after it was shown (retracted by the care
 * team) leaves the screen at the next update, announced politely too. Long conversations are virtualized; when the virtualizer's
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
export class EngageMessageThread extends ThreadReplyBase {
  static override styles = [...ThreadReplyBase.styles, chipStyles, threadStyles];

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

  @state() protected messages: Message[] = [];
  @state() protected thread?: Thread;
  @state() protected outgoing?: Outgoing;
  @state() protected replyTo?: Message;
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
  @state() protected pin?: ListPin;
  /**
   * Counts the times the message list was replaced (a load, not an arrival). A
   * virtualized list is re-created for each: the virtualizer keeps the visible range of
   * the list it laid out and, when handed a shorter list, asks for items past its end
   * (issue 10, defect 7: "reading 'id'" after the adapter under a 10,000-message thread
   * was swapped for a 250-message one).
   */
  @state() protected listGeneration = 0;
  protected scrollPending = false;
  /** Messages first seen unread in this view: they keep a "New" label while it is open. */
  protected readonly newIds = new Set<string>();
  /** The message that held focus before the list changed, with its control and the messages after it (see `keepFocus`). */
  private focusWas?: { ids: string[]; control: number };

  protected readonly loadTask = new Task(this, {
    task: async ([port, threadId, userRef], { signal }) => {
      if (!port || !threadId) return undefined;
      void userRef;
      const as = this.acting;
      const messaging = port as MessagingPort;
      const [thread, messages] = await Promise.all([
        messaging.getThread(threadId as string, { signal, as }),
        loadAllMessages(messaging, threadId as string, signal, as),
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

  protected get acting(): ActingAs | undefined {
    return actingAs(this.activeSession);
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
    // rows are not keyed (`repeat` costs more than the budget allows): when the list changes,
    // note where focus is (only then: this runs on every update, a keystroke's included)
    const root = this.shadowRoot;
    const ids = (changed as Map<string, Message[]>).get('messages')?.map((m) => m.id);
    const row = ids && root?.querySelector<HTMLElement>(':focus-within[data-id]');
    if (row) this.focusWas = { ids: ids.slice(ids.indexOf(row.dataset.id!)), control: [...row.querySelectorAll('button')].indexOf(root!.activeElement as HTMLButtonElement) };
  }

  /**
   * Focus stays on the message that had it when the list changes, though a row now shows
   * another one (rows are reused in order); when that message was removed, it moves to
   * the next one still shown, else to the list, else to the reply box — never silently
   * to a control of another message (the removal is announced).
   */
  private keepFocus(): void {
    const was = this.focusWas;
    this.focusWas = undefined;
    if (!was) return;
    const root = this.shadowRoot!;
    const rows = [...root.querySelectorAll<HTMLElement>('[data-id]')];
    const row = was.ids.map((id) => rows.find((r) => r.dataset.id === id)).find(Boolean);
    const same = row?.dataset.id === was.ids[0];
    if (same && row!.contains(root.activeElement)) return;
    const target = (same && row!.querySelectorAll('button')[was.control]) || row || root.querySelector<HTMLElement>('[part~="messages"][tabindex]');
    if (target === row) row!.tabIndex = -1;
    (target || this.composer).focus();
  }

  protected override updated(): void {
    // the live subscription first (thread-live.ts), then focus and scrolling for what changed
    super.updated();
    this.keepFocus();
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

  /** Announces text made in the element's language (this runs outside an update). */
  protected announce(make: () => string): void {
    const text = this.localized(make);
    // a changed text is announced; clear first so the same words twice are heard twice
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
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
    return this.sendReply(mode);
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
      showAttachment(await port.getAttachment(attachment), attachment, download);
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
    const setStatus = (status: ThreadStatus) => this.setStatus(status);
    const header = renderThreadHeader(thread, role, this.headingLevel, this.acting?.user.ref, this.statusBusy, this.actionError, setStatus);
    return html`${header} ${this.renderMessages()} ${this.renderComposer(thread)}`;
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
    const pending = this.outgoing ? renderOutgoing(this.outgoing, this, () => this.send('retry')) : nothing;
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

  private renderMessage(m: Message): TemplateResult {
    const mine = m.sender.ref === this.acting?.user.ref;
    const replied = m.inResponseTo ? this.messages.find((x) => x.id === m.inResponseTo) : undefined;
    const open = (attachment: MessageAttachment, download: boolean) => this.openAttachment(attachment, download);
    const reply = this.replyOffered() ? () => this.startReply(m) : undefined;
    return renderMessage(m, mine, !mine && this.newIds.has(m.id), replied, this.activeSession.locale, this, open, reply);
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
    const notice = () => this.composer.renderNotice(this.emergencyNumber, this.replyTimeText);
    const sending = this.outgoing?.state === 'sending';
    const send = () => void this.send();
    return renderReplyForm(thread, this.activeSession, this.composer, this.deceased.blocksWrites, notice, sending, this.replyTo, send, this.cancelReply);
  }
}
