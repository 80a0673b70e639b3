/**
 * The FHIR messaging port: the class, with its reads (the inbox, a conversation and its
 * pages) as its own body. The other concerns live beside it in `./messaging/`: the sends
 * through the write protocol (`send.ts`), the state writes (`state-writes.ts`),
 * attachments, the live poll and the directory; the sends, attachments and directory
 * load on first use.
 */
import { EngageError } from '../../core/errors.js';
import { onFirstUse } from '../../core/on-first-use.js';
import type {
  Message,
  MessageAttachment,
  MessageDraft,
  MessagePool,
  MessagingDirectory,
  MessagingPort,
  MessagingReadOptions,
  MessagingWriteOptions,
  MessageSubscribeOptions,
  Page,
  PageRequest,
  Participant,
  ReadOptions,
  RecordRef,
  Thread,
  ThreadDraft,
  ThreadQuery,
  ThreadStatus,
  CodedValue,
} from '../ports.js';
import type { FhirClient } from './client.js';
import type { Bundle, BundleEntry, Resource } from './fhir-types.js';
import {
  DEFAULT_CATEGORIES,
  MESSAGING_SYSTEM,
  isHeader,
  refOf,
  threadIdOf,
  toMessages,
  versionOf,
  toParticipant,
  toReadMarker,
  toThread,
  type ReadMarker,
} from './mapping/messaging.js';
import { idOf } from './refs.js';
import { INCLUDE_SENDERS, withSenderNames } from './mapping/sender-names.js';
import { bundleResources, nextLinkOf, resourceOf } from './guards.js';
import { entriesOf, ok, type Communication } from './messaging/shared.js';
import { writeReadMarks, writeThreadStatus } from './messaging/state-writes.js';
import { pollMessages } from './messaging/live-poll.js';

/** Options of the FHIR messaging port. */
export interface FhirMessagingOptions {
  /** Categories a new conversation can have; default a short patient-facing list. */
  categories?: CodedValue[];
  /** Attachments up to this many bytes go inline in the message; larger ones become a `Binary`. Default 64 KB. */
  inlineAttachmentLimit?: number;
  /** First polling interval of `subscribe`, in ms; default 5 000 (doubles on failure up to 60 000). */
  pollIntervalMs?: number;
  /** How many of the patient's newest messages the inbox reads (one search) for previews and unread counts; default 500. */
  inboxMessageWindow?: number;
}

/* Sending, attachments and the directory load on first use: a page that only reads a conversation does not download them (issue 20). */
const sends = onFirstUse(() => import('./messaging/send.js'));
const attachments = onFirstUse(() => import('./messaging/attachments.js'));
const directory = onFirstUse(() => import('./messaging/directory.js'));

/** The search for read markers: a reader's (`author=…`) or a conversation's (`subject=…`). */
const readMarkerSearch = (by: string) => `Basic?code=${encodeURIComponent(`${MESSAGING_SYSTEM}|read-marker`)}&${by}&_count=1000`;

const MAX_HEADERS = 500;
/** Conversations whose message versions a port keeps (see `versionsRead`). */
const KEPT_VERSIONS = 20;
/** Most messages one read of a conversation returns (a page); longer ones page on. */
const MAX_THREAD_READ = 1000;

/** What opening a conversation reads in one round trip (see `openRead`). */
interface OpenRead {
  header: Communication;
  /** The first page of messages, oldest first. */
  page: Bundle<Communication> | undefined;
  pool: MessagePool | undefined;
  markers: ReadMarker[];
  /** The newest message (for the date and preview of a conversation longer than a page). */
  newest: Communication[];
}

/**
 * Secure messaging over FHIR R4 (see `mapping/messaging.ts` for the model). Reads use
 * one batch round trip each (the inbox: headers, the patient's recent messages,
 * routing Tasks and the reader's read markers together); writes are conditional
 * creates keyed by the idempotency key, so a retried send never creates a second
 * message.
 */
export class FhirMessagingPort implements MessagingPort {
  private readonly options: Required<FhirMessagingOptions>;
  /** The conversation being opened now, shared by overlapping calls (see `openRead`). */
  private opening?: { key: string; signal: AbortSignal | undefined; read: Promise<OpenRead> };
  /**
   * Per conversation, the version (`versionOf`: sent time and words) of each message
   * `listMessages` returned last: the live poll delivers a shown message again when it reads
   * it at another version (an edited retry rewrote it), and only then. The conversations
   * listed last only (`KEPT_VERSIONS`): a long-lived port lists many.
   */
  private readonly versionsRead = new Map<string, Map<string, string>>();

  constructor(
    private readonly client: FhirClient,
    options: FhirMessagingOptions = {},
  ) {
    this.options = {
      categories: options.categories ?? DEFAULT_CATEGORIES,
      inlineAttachmentLimit: options.inlineAttachmentLimit ?? 64 * 1024,
      pollIntervalMs: options.pollIntervalMs ?? 5_000,
      inboxMessageWindow: options.inboxMessageWindow ?? 500,
    };
  }

  async listThreads(query: ThreadQuery, options: MessagingReadOptions = {}): Promise<Page<Thread>> {
    const patient = `Patient/${idOf(query.patient, 'Patient')}`;
    const me = options.as?.user.ref;
    // retracted and never-sent headers and messages are left out by the mapping, not the search: a
    // status list would also drop a Communication with no status, and a server may refuse `:not`
    const requests: BundleEntry['request'][] = [
      { method: 'GET', url: `Communication?subject=${patient}&part-of:missing=true&_sort=-sent&_count=${MAX_HEADERS}` },
      {
        method: 'GET',
        url: `Communication?subject=${patient}&part-of:missing=false&_sort=-sent&_count=${this.options.inboxMessageWindow}`,
      },
      { method: 'GET', url: `Task?patient=${patient}&code=${encodeURIComponent(`${MESSAGING_SYSTEM}|message-routing`)}&_count=${MAX_HEADERS}` },
    ];
    if (me) {
      requests.push({
        method: 'GET',
        url: readMarkerSearch(`author=${encodeURIComponent(me)}`),
      });
    }
    const results = await this.client.batch(requests, { signal: options.signal });
    ok(results[0]);
    const headers = entriesOf<Communication>(results[0], 'Communication').filter(isHeader);
    const messages = entriesOf<Communication>(results[1], 'Communication');
    const windowFull = messages.length >= this.options.inboxMessageWindow;
    const pools = this.poolsByThread(entriesOf(results[2], 'Task'));
    const markers = entriesOf(results[3], 'Basic').map(toReadMarker).filter((m): m is ReadMarker => !!m);
    const byThread = new Map<string, Communication[]>();
    for (const message of messages) {
      const threadId = threadIdOf(message);
      if (threadId) byThread.set(threadId, [...(byThread.get(threadId) ?? []), message]);
    }
    const status = query.status ?? 'open';
    const threads = headers
      .map((header) =>
        toThread(header, byThread.get(header.id ?? '') ?? [], options.as, markers, pools.get(header.id ?? ''), !windowFull),
      )
      .filter((thread) => status === 'all' || thread.status === status)
      .sort((a, b) => Date.parse(b.lastActivity) - Date.parse(a.lastActivity) || b.id.localeCompare(a.id));
    const size = Math.min(100, Math.max(1, query.pageSize ?? 20));
    const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0;
    const next = offset + size < threads.length ? String(offset + size) : undefined;
    return { items: threads.slice(offset, offset + size), total: threads.length, ...(next ? { next } : {}) };
  }

  async getThread(threadId: string, options: MessagingReadOptions = {}): Promise<Thread> {
    const open = await this.openRead(threadId, MAX_THREAD_READ, options);
    const messages = bundleResources<Communication>(open.page, 'Communication').filter((r) => threadIdOf(r) === threadId);
    const complete = !nextLinkOf(open.page);
    // a conversation longer than one page: its newest message still dates and previews it
    const newest = complete ? [] : open.newest.filter((r) => !messages.some((m) => m.id === r.id));
    return toThread(open.header, [...messages, ...newest], options.as, open.markers, open.pool, complete);
  }

  async listMessages(threadId: string, page: PageRequest = {}, options: MessagingReadOptions = {}): Promise<Page<Message>> {
    const id = encodeURIComponent(threadId);
    const size = Math.min(MAX_THREAD_READ, Math.max(1, page.pageSize ?? 50));
    let bundle: Bundle<Communication> | undefined;
    let markers: ReadMarker[];
    let patient: Participant | undefined;
    if (!page.cursor) {
      const open = await this.openRead(threadId, size, options);
      bundle = open.page;
      markers = open.markers;
      patient = toParticipant(open.header.subject);
    } else {
      const results = await this.client.batch(
        [
          { method: 'GET', url: page.cursor },
          { method: 'GET', url: readMarkerSearch(`subject=Communication/${id}`) },
        ],
        { signal: options.signal },
      );
      bundle = withSenderNames(resourceOf<Bundle<Communication>>(ok(results[0]), 'Bundle'));
      markers = entriesOf(results[1], 'Basic').map(toReadMarker).filter((m): m is ReadMarker => !!m);
    }
    const resources = bundleResources<Communication>(bundle, 'Communication').filter((r) => threadIdOf(r) === threadId);
    // a first page starts the conversation's versions afresh; later pages add to them
    const versions = (page.cursor && this.versionsRead.get(threadId)) || new Map<string, string>();
    for (const r of resources) if (r.id) versions.set(r.id, versionOf(r));
    // re-inserted, so the map's order is the order of listing: the oldest go first
    this.versionsRead.delete(threadId);
    this.versionsRead.set(threadId, versions);
    for (const old of this.versionsRead.keys()) if (this.versionsRead.size > KEPT_VERSIONS) this.versionsRead.delete(old);
    const items = toMessages(
      resources,
      threadId,
      options.as,
      markers,
      patient,
    );
    const nextUrl = nextLinkOf(bundle);
    const next = nextUrl ? this.relative(nextUrl) : undefined;
    // one page holds them all: its messages are the total (the server's count would include the
    // retracted and never-sent ones the mapping leaves out); over pages, the server's count
    const total = next ? bundle?.total : items.length;
    return { items, ...(typeof total === 'number' && Number.isFinite(total) ? { total } : {}), ...(next ? { next } : {}) };
  }

  /**
   * What opening a conversation needs, in one batch: the header, the first page of its
   * messages (oldest first), the routing Task, the read markers and the newest message.
   * A view opens a conversation with `getThread` and `listMessages` together (issue 20:
   * each used to read up to 1 000 messages): calls for the same conversation, page size,
   * reader and signal that overlap share this one read.
   */
  private openRead(threadId: string, size: number, options: MessagingReadOptions): Promise<OpenRead> {
    const key = `${threadId}\n${size}\n${options.as?.user.ref ?? ''}`;
    const pending = this.opening;
    if (pending && pending.key === key && pending.signal === options.signal) return pending.read;
    const read = this.readOpen(threadId, size, options.signal);
    const slot = { key, signal: options.signal, read };
    this.opening = slot;
    const clear = () => {
      if (this.opening === slot) this.opening = undefined;
    };
    read.then(clear, clear);
    return read;
  }

  private async readOpen(threadId: string, size: number, signal: AbortSignal | undefined): Promise<OpenRead> {
    const id = encodeURIComponent(threadId);
    const messages = `Communication?part-of=Communication/${id}`;
    const results = await this.client.batch(
      [
        { method: 'GET', url: `Communication/${id}` },
        { method: 'GET', url: `${messages}&_sort=sent&_count=${size}&_total=accurate&${INCLUDE_SENDERS}` },
        { method: 'GET', url: `Task?focus=Communication/${id}&code=${encodeURIComponent(`${MESSAGING_SYSTEM}|message-routing`)}` },
        { method: 'GET', url: readMarkerSearch(`subject=Communication/${id}`) },
        { method: 'GET', url: `${messages}&_sort=-sent&_count=1&${INCLUDE_SENDERS}` },
      ],
      { signal },
    );
    const header = ok(results[0]);
    if (!isHeader(header)) throw new EngageError('not-found', 'No such conversation.', { status: 404 });
    const page = withSenderNames(resourceOf<Bundle<Communication>>(ok(results[1]), 'Bundle'));
    return {
      header,
      page,
      pool: this.poolsByThread(entriesOf(results[2], 'Task')).get(threadId),
      markers: entriesOf(results[3], 'Basic').map(toReadMarker).filter((m): m is ReadMarker => !!m),
      newest: entriesOf<Communication>(results[4], 'Communication').filter((r) => threadIdOf(r) === threadId),
    };
  }

  async getDirectory(patient: RecordRef, options: ReadOptions = {}): Promise<MessagingDirectory> {
    const { readDirectory } = await directory();
    return readDirectory(this.client, patient, options, this.options.categories);
  }

  async startThread(
    patient: RecordRef,
    draft: ThreadDraft,
    options: MessagingWriteOptions,
  ): Promise<{ thread: Thread; message: Message }> {
    const { writeThread } = await sends();
    return writeThread(this.client, patient, draft, options, this.options.inlineAttachmentLimit);
  }

  async sendMessage(threadId: string, draft: MessageDraft, options: MessagingWriteOptions): Promise<Message> {
    const { writeMessage } = await sends();
    return writeMessage(this.client, threadId, draft, options, this.options.inlineAttachmentLimit);
  }

  async markRead(threadId: string, messageIds: string[], options: MessagingWriteOptions): Promise<void> {
    return writeReadMarks(this.client, threadId, messageIds, options);
  }

  async setThreadStatus(threadId: string, status: ThreadStatus, options: MessagingWriteOptions): Promise<Thread> {
    await writeThreadStatus(this.client, threadId, status, options);
    return this.getThread(threadId, { signal: options.signal, as: options.as });
  }

  async getAttachment(attachment: MessageAttachment, options: ReadOptions = {}): Promise<Blob> {
    const { fetchAttachment } = await attachments();
    return fetchAttachment(this.client, attachment, options);
  }

  /**
   * Polls for new and withdrawn messages while the signal is live: every `pollIntervalMs`
   * (four times less often while the page is hidden), doubling after each failure up to a
   * minute. Each look asks only for the conversation's Communications changed since the
   * last (`_lastUpdated=ge…`, the server's clock): a new message sent after `since` is
   * delivered once; a retracted or never-sent one goes to `onWithdrawn` (its rewrite moved
   * its `lastUpdated`, not its `sent`); a shown one rewritten since this port listed it, or
   * since it was delivered (an edited retry), is delivered again, as stored now. Given `since` (the newest message the caller
   * shows), the first look comes after one interval; without it, a first look at once
   * learns where the conversation stands and delivers nothing.
   */
  subscribe(threadId: string, onMessages: (messages: Message[]) => void, options: MessageSubscribeOptions): void {
    pollMessages(this.client, threadId, onMessages, options, this.options.pollIntervalMs, this.versionsRead.get(threadId));
  }

  // -------------------------------------------------------------------------

  private poolsByThread(tasks: Resource[]): Map<string, MessagePool> {
    const pools = new Map<string, MessagePool>();
    for (const task of tasks) {
      const focus = refOf(task.focus);
      const owner = toParticipant(task.owner);
      if (!focus?.startsWith('Communication/') || !owner) continue;
      pools.set(focus.slice('Communication/'.length), { ref: owner.ref, name: owner.name });
    }
    return pools;
  }

  /** A server link as a path relative to the base, for use inside a batch. */
  private relative(url: string): string {
    const base = this.client.baseUrl.replace(/^https?:\/\/[^/]+/, '');
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    return path.startsWith(base) ? path.slice(base.length).replace(/^\/+/, '') : path;
  }
}
