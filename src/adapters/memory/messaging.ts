import { EngageError, type EngageErrorCode } from '../../core/errors.js';
import type {
  ActingAs,
  Message,
  MessageAttachment,
  MessageDraft,
  MessagePool,
  MessageSubscribeOptions,
  MessagingDirectory,
  MessagingPort,
  MessagingReadOptions,
  MessagingWriteOptions,
  Page,
  PageRequest,
  Participant,
  ReadOptions,
  RecordRef,
  Thread,
  ThreadDraft,
  ThreadQuery,
  ThreadStatus,
} from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';
import { participantKind } from '../record-ref.js';

/** Seed data and behaviour of the in-memory messaging port. */
export interface MemoryMessagingOptions {
  /** Who the patient can write to; the same for every patient. */
  directory?: MessagingDirectory;
  /**
   * Conversations to start with. `unreadCount`, `preview`, `lastActivity` and
   * `messageCount` are computed from the messages and may be left at any value.
   */
  threads?: Thread[];
  /**
   * Messages to start with, in any order. A seeded message counts as read by its
   * sender, and by every participant when its `delivery` is `read`.
   */
  messages?: Message[];
  /** Contents of seeded attachments, keyed by `MessageAttachment.url`. */
  attachmentData?: Record<string, Blob>;
  /** The clock for `sent` times of new messages; default the real one. */
  now?: () => Date;
  /** When set, every write fails with this code (reads still work): a failed send. */
  writeFailure?: EngageErrorCode;
}

interface StoredMessage {
  message: Message;
  /** Everyone who has read it (its sender included). */
  readBy: Set<RecordRef>;
  /** Retracted by the care team (`retract`): no longer a message, kept as the record of what was sent. */
  withdrawn?: boolean;
}

interface StoredThread {
  thread: Thread;
  messages: StoredMessage[];
}

type Listener = { as?: ActingAs; onMessages: (messages: Message[]) => void; onWithdrawn?: (ids: string[]) => void };

export { participantKind };

const plainText = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** A plain-text preview of a message body (no markup), at most 140 characters. */
export function previewOf(body: string, attachments: MessageAttachment[]): string {
  const text = plainText(body);
  const short = text.length > 140 ? `${text.slice(0, 139)}…` : text;
  return short || attachments.map((a) => a.title).join(', ');
}

const isPool = (recipient: Participant | MessagePool): recipient is MessagePool => !('kind' in recipient);

/**
 * Secure messaging held in memory: conversations, messages, per-reader read state,
 * attachments and live delivery to subscribers. Writes are idempotent by key.
 */
export class MemoryMessagingPort implements MessagingPort {
  private readonly threads = new Map<string, StoredThread>();
  private readonly attachmentData = new Map<string, Blob>();
  private readonly ledger = new IdempotencyLedger();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly directory: MessagingDirectory;
  private readonly now: () => Date;
  private sequence = 0;
  /** When set, every write fails with this code; tests and stories switch it. */
  writeFailure: EngageErrorCode | undefined;

  constructor(
    options: MemoryMessagingOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.directory = structuredClone(options.directory ?? { careTeam: [], pools: [], categories: [] });
    this.now = options.now ?? (() => new Date());
    this.writeFailure = options.writeFailure;
    for (const thread of options.threads ?? []) {
      this.threads.set(thread.id, { thread: structuredClone(thread), messages: [] });
    }
    const messages = [...(options.messages ?? [])].sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
    for (const message of messages) {
      const stored = this.threads.get(message.threadId);
      if (!stored) continue;
      const readBy = new Set([message.sender.ref]);
      if (message.delivery === 'read') for (const p of stored.thread.participants) readBy.add(p.ref);
      stored.messages.push({ message: structuredClone(message), readBy });
    }
    for (const [url, blob] of Object.entries(options.attachmentData ?? {})) this.attachmentData.set(url, blob);
  }

  async listThreads(query: ThreadQuery, options: MessagingReadOptions = {}): Promise<Page<Thread>> {
    await simulate(this.simulation, options.signal);
    const status = query.status ?? 'open';
    const all = [...this.threads.values()]
      .filter((stored) => stored.thread.patient === query.patient)
      .filter((stored) => status === 'all' || stored.thread.status === status)
      .map((stored) => this.view(stored, options.as))
      .sort((a, b) => Date.parse(b.lastActivity) - Date.parse(a.lastActivity) || b.id.localeCompare(a.id));
    return pageOf(all, query, 20, 100);
  }

  async getThread(threadId: string, options: MessagingReadOptions = {}): Promise<Thread> {
    await simulate(this.simulation, options.signal);
    return this.view(this.stored(threadId), options.as);
  }

  async listMessages(threadId: string, page: PageRequest = {}, options: MessagingReadOptions = {}): Promise<Page<Message>> {
    await simulate(this.simulation, options.signal);
    const stored = this.stored(threadId);
    const slice = pageOf(shown(stored), page, 50, 1000);
    return { ...slice, items: slice.items.map((m) => this.messageView(m, options.as)) };
  }

  async getDirectory(_patient: RecordRef, options: ReadOptions = {}): Promise<MessagingDirectory> {
    await simulate(this.simulation, options.signal);
    return structuredClone(this.directory);
  }

  async startThread(
    patient: RecordRef,
    draft: ThreadDraft,
    options: MessagingWriteOptions,
  ): Promise<{ thread: Thread; message: Message }> {
    await this.beforeWrite(options);
    const revise = (earlier: { thread: Thread; message: Message }) => {
      const stored = this.stored(earlier.thread.id);
      this.refuseWithdrawn(stored, earlier.message.id);
      stored.thread.subject = draft.subject;
      stored.thread.category = draft.category;
      // to whom it goes, as last sent (FHIR rewrites the header's recipients, and its routing Task's pool)
      stored.thread.participants = this.participantsOf(patient, draft, options);
      stored.thread.pool = isPool(draft.recipient) ? structuredClone(draft.recipient) : undefined;
      const message = this.revise(stored, earlier.message.id, draft.message);
      return { thread: this.view(stored, options.as), message };
    };
    return this.ledger.write(options, () => {
      const participants = this.participantsOf(patient, draft, options);
      const sent = this.now().toISOString();
      const thread: Thread = {
        id: `thread-${++this.sequence}-${options.idempotencyKey.slice(0, 8)}`,
        subject: draft.subject,
        category: draft.category,
        status: 'open',
        patient,
        participants,
        pool: isPool(draft.recipient) ? structuredClone(draft.recipient) : undefined,
        created: sent,
        lastActivity: sent,
        unreadCount: 0,
        version: '1',
      };
      const stored: StoredThread = { thread, messages: [] };
      this.threads.set(thread.id, stored);
      const message = this.append(stored, draft.message, options.as, sent);
      return { thread: this.view(stored, options.as), message };
    }, revise).then((result) => {
      this.refuseWithdrawn(this.stored(result.thread.id), result.message.id);
      return result;
    });
  }

  async sendMessage(threadId: string, draft: MessageDraft, options: MessagingWriteOptions): Promise<Message> {
    await this.beforeWrite(options);
    const stored = this.stored(threadId);
    const message = await this.ledger.write(
      options,
      () => this.append(stored, draft, options.as, this.now().toISOString()),
      // an edited retry after a lost answer: the message that landed now says what the user last wrote
      (earlier) => this.revise(stored, earlier.id, draft),
    );
    // an unchanged retry remembers what the first attempt stored: retracted since, it is no success
    this.refuseWithdrawn(stored, message.id);
    return message;
  }

  /**
   * The care team retracts a message (FHIR: `entered-in-error`): it is no longer shown,
   * counted or previewed, subscribers are told, and a retried send that stored it is
   * refused as `withdrawn`. For stories and tests, as {@link loseAnswers}: the port has
   * no such write.
   */
  retract(threadId: string, messageId: string): void {
    const entry = this.stored(threadId).messages.find((m) => m.message.id === messageId);
    if (!entry) throw new EngageError('not-found', 'No such message.', { status: 404 });
    entry.withdrawn = true;
    for (const listener of this.listeners.get(threadId) ?? []) queueMicrotask(() => listener.onWithdrawn?.([messageId]));
  }

  /** The next `count` writes are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  async markRead(threadId: string, messageIds: string[], options: MessagingWriteOptions): Promise<void> {
    await this.beforeWrite(options);
    const stored = this.stored(threadId);
    const reader = this.actor(options.as, stored.thread.patient).ref;
    const ids = new Set(messageIds);
    await this.ledger.once(options.idempotencyKey, () => {
      for (const message of stored.messages) if (ids.has(message.message.id)) message.readBy.add(reader);
    });
  }

  async setThreadStatus(threadId: string, status: ThreadStatus, options: MessagingWriteOptions): Promise<Thread> {
    await this.beforeWrite(options);
    const stored = this.stored(threadId);
    return this.ledger.once(options.idempotencyKey, () => {
      stored.thread.status = status;
      stored.thread.version = String(Number(stored.thread.version ?? '1') + 1);
      return this.view(stored, options.as);
    });
  }

  async getAttachment(attachment: MessageAttachment, options: ReadOptions = {}): Promise<Blob> {
    await simulate(this.simulation, options.signal);
    const blob = attachment.url ? this.attachmentData.get(attachment.url) : undefined;
    if (!blob) throw new EngageError('not-found', 'No such attachment.', { status: 404 });
    return blob;
  }

  subscribe(threadId: string, onMessages: (messages: Message[]) => void, options: MessageSubscribeOptions): void {
    if (options.signal.aborted) return;
    const listener: Listener = { as: options.as, onMessages, onWithdrawn: options.onWithdrawn };
    const set = this.listeners.get(threadId) ?? new Set();
    set.add(listener);
    this.listeners.set(threadId, set);
    options.signal.addEventListener('abort', () => set.delete(listener), { once: true });
  }

  // -------------------------------------------------------------------------

  private async beforeWrite(options: MessagingWriteOptions): Promise<void> {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    await simulate(this.simulation, options.signal);
    if (this.writeFailure) throw new EngageError(this.writeFailure, `Simulated ${this.writeFailure} failure.`);
  }

  private stored(threadId: string): StoredThread {
    const stored = this.threads.get(threadId);
    if (!stored) throw new EngageError('not-found', 'No such conversation.', { status: 404 });
    return stored;
  }

  /** The acting user as a participant; without one, the patient. */
  private actor(as: ActingAs | undefined, patient: RecordRef): Participant {
    const ref = as?.user.ref ?? patient;
    return { ref, kind: participantKind(ref), name: as?.user.name ?? '' };
  }

  private append(stored: StoredThread, draft: MessageDraft, as: ActingAs | undefined, sent: string): Message {
    const sender = this.actor(as, stored.thread.patient);
    const id = `message-${++this.sequence}`;
    const attachments: MessageAttachment[] = draft.attachments.map((file, index) => {
      const url = `memory:attachment/${id}/${index}`;
      this.attachmentData.set(url, file.data);
      return { id: String(index), title: file.title, contentType: file.contentType, size: file.data.size, url };
    });
    const onBehalfOf =
      sender.kind === 'related-person'
        ? (stored.thread.participants.find((p) => p.ref === stored.thread.patient) ?? {
            ref: stored.thread.patient,
            kind: 'patient' as const,
            name: '',
          })
        : undefined;
    const message: Message = {
      id,
      threadId: stored.thread.id,
      sender,
      ...(onBehalfOf ? { onBehalfOf } : {}),
      sent,
      body: draft.body,
      attachments,
      ...(draft.inResponseTo ? { inResponseTo: draft.inResponseTo } : {}),
      delivery: 'delivered',
      readByMe: true,
    };
    if (!stored.thread.participants.some((p) => p.ref === sender.ref)) stored.thread.participants.push(sender);
    const entry: StoredMessage = { message, readBy: new Set([sender.ref]) };
    stored.messages.push(entry);
    this.push(stored, entry);
    return structuredClone(message);
  }

  /** Tells the conversation's subscribers about a message, new or rewritten (the same id again). */
  private push(stored: StoredThread, entry: StoredMessage): void {
    for (const listener of this.listeners.get(stored.thread.id) ?? []) {
      const view = this.messageView(entry, listener.as);
      queueMicrotask(() => listener.onMessages([view]));
    }
  }

  /**
   * The one rule for a write that finds what it stored earlier withdrawn (as the FHIR
   * port's `send.ts`): it is not "sent", and it is neither rewritten nor stored again.
   */
  private refuseWithdrawn(stored: StoredThread, messageId: string): void {
    if (stored.messages.some((m) => m.message.id === messageId && m.withdrawn)) {
      throw new EngageError('withdrawn', 'What this write stored earlier was withdrawn since.');
    }
  }

  /** Replaces a stored message's content with a new draft (the write protocol's revision). */
  /** Who a new conversation is between: the patient, the writer and the recipient. */
  private participantsOf(patient: RecordRef, draft: ThreadDraft, options: MessagingWriteOptions): Participant[] {
    const actor = this.actor(options.as, patient);
    const recipient: Participant = isPool(draft.recipient)
      ? { ref: draft.recipient.ref, kind: 'pool', name: draft.recipient.name }
      : draft.recipient;
    const patientParticipant: Participant =
      actor.ref === patient ? actor : { ref: patient, kind: 'patient', name: options.as?.role === 'patient' ? actor.name : '' };
    return dedupe([patientParticipant, actor, recipient]);
  }

  private revise(stored: StoredThread, messageId: string, draft: MessageDraft): Message {
    this.refuseWithdrawn(stored, messageId);
    const entry = stored.messages.find((m) => m.message.id === messageId);
    if (!entry) throw new EngageError('not-found', 'The message to revise is gone.', { status: 404 });
    const message = entry.message;
    message.body = draft.body;
    message.attachments = draft.attachments.map((file, index) => {
      const url = `memory:attachment/${message.id}/${index}`;
      this.attachmentData.set(url, file.data);
      return { id: String(index), title: file.title, contentType: file.contentType, size: file.data.size, url };
    });
    if (draft.inResponseTo) message.inResponseTo = draft.inResponseTo;
    else delete message.inResponseTo;
    message.sent = this.now().toISOString();
    // new words: read by their writer only, whoever read the ones they replace
    entry.readBy = new Set([message.sender.ref]);
    // who shows it already must show what is stored now
    this.push(stored, entry);
    return structuredClone(message);
  }

  private messageView(stored: StoredMessage, as: ActingAs | undefined): Message {
    const message = structuredClone(stored.message);
    const me = as?.user.ref;
    const mine = me !== undefined && message.sender.ref === me;
    message.readByMe = mine || (me !== undefined && stored.readBy.has(me));
    const readByOthers = [...stored.readBy].some((ref) => ref !== message.sender.ref);
    // for the acting user's own messages: has anyone read it; for the others': have I
    message.delivery = (mine ? readByOthers : message.readByMe) ? 'read' : 'delivered';
    return message;
  }

  private view(stored: StoredThread, as: ActingAs | undefined): Thread {
    const thread = structuredClone(stored.thread);
    const messages = shown(stored);
    const last = messages.at(-1)?.message;
    const me = as?.user.ref;
    thread.messageCount = messages.length;
    thread.lastActivity = last?.sent ?? thread.created;
    thread.preview = last ? previewOf(last.body, last.attachments) : undefined;
    thread.unreadCount = me ? messages.filter((m) => m.message.sender.ref !== me && !m.readBy.has(me)).length : 0;
    return thread;
  }
}

/** A conversation's messages, less the retracted ones. */
const shown = (stored: StoredThread): StoredMessage[] => stored.messages.filter((m) => !m.withdrawn);

function dedupe(participants: Participant[]): Participant[] {
  const seen = new Map<string, Participant>();
  for (const p of participants) if (!seen.has(p.ref) || !seen.get(p.ref)!.name) seen.set(p.ref, p);
  return [...seen.values()];
}

/** One page by offset cursor. */
function pageOf<T>(items: T[], request: PageRequest, defaultSize: number, maxSize: number): Page<T> {
  const size = Math.min(maxSize, Math.max(1, request.pageSize ?? defaultSize));
  const offset = request.cursor ? Number.parseInt(request.cursor, 10) || 0 : 0;
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? String(offset + size) : undefined;
  return { items: slice, total: items.length, ...(next ? { next } : {}) };
}
