import { EngageError, toEngageError } from '../../core/errors.js';
import type {
  ActingAs,
  Message,
  MessageAttachment,
  MessageDraft,
  MessagePool,
  MessagingDirectory,
  MessagingPort,
  MessagingReadOptions,
  MessagingWriteOptions,
  OutgoingAttachment,
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
import { notStored, type BatchResult, type FhirClient } from './client.js';
import { rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';
import type { Bundle, BundleEntry, Reference, Resource } from './fhir-types.js';
import {
  DEFAULT_CATEGORIES,
  IDEMPOTENCY_SYSTEM,
  MESSAGING_SYSTEM,
  READ_MARKER_SYSTEM,
  isHeader,
  kindOf,
  readMarkerResource,
  refOf,
  sentOf,
  threadIdOf,
  toMessage,
  toParticipant,
  toPool,
  toReadMarker,
  toReference,
  toThread,
  type ReadMarker,
} from './mapping/messaging.js';
import { idOf } from './refs.js';
import { bytesToBase64 } from '../../core/base64.js';
import { INCLUDE_SENDERS, personName, withSenderNames } from './mapping/sender-names.js';
import { arrayOf, bundleResources, nextLinkOf, objectOf, resourceOf, stringOf } from './guards.js';

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

type Communication = Resource & { resourceType: 'Communication' };

const MAX_HEADERS = 500;
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

function entriesOf<T extends Resource = Resource>(result: BatchResult | undefined, type?: string): T[] {
  // senders a search included name the messages' nameless senders (mapping/sender-names.ts)
  return result?.ok ? bundleResources<T>(withSenderNames(result.resource as Bundle | undefined), type) : [];
}

function ok(result: BatchResult | undefined): Resource | undefined {
  if (!result) throw new EngageError('server', 'The batch answer is missing an entry.');
  if (!result.ok) throw result.error;
  return result.resource;
}

const keyIdentifier = (key: string) => ({ system: IDEMPOTENCY_SYSTEM, value: key });
const ifNoneExist = (key: string) => `identifier=${encodeURIComponent(`${IDEMPOTENCY_SYSTEM}|${key}`)}`;

/** How a message's idempotency key is written on it (and on a thread and its routing Task). */
const MESSAGE_KEYS: KeyIdentity = { system: IDEMPOTENCY_SYSTEM };
const THREAD_KEYS: KeyIdentity = { system: IDEMPOTENCY_SYSTEM, value: (key) => `${key}#thread` };
const ROUTE_KEYS: KeyIdentity = { system: IDEMPOTENCY_SYSTEM, value: (key) => `${key}#route` };

/** A FHIR id (64 hex digits) for these bytes of this patient: SHA-256 where available. */
async function contentId(patientRef: string, buffer: ArrayBuffer): Promise<string> {
  const prefix = new TextEncoder().encode(`${patientRef}\n`);
  const all = new Uint8Array(prefix.length + buffer.byteLength);
  all.set(prefix);
  all.set(new Uint8Array(buffer), prefix.length);
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  // outside secure contexts there is no SubtleCrypto: FNV-style words over the bytes
  let words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b, 0x27d4eb2f, 0x165667b1, 0xc2b2ae3d, 0x61c88647];
  for (const byte of all) {
    words = words.map((w, i) => (Math.imul(w ^ byte, 0x01000193 + i * 0x2c1b3c6d) ^ (words[(i + 1) % 8]! >>> 13)) >>> 0);
  }
  return words.map((w) => w.toString(16).padStart(8, '0')).join('');
}

function base64(buffer: ArrayBuffer): string {
  return bytesToBase64(new Uint8Array(buffer));
}

function fromBase64(data: string, contentType: string): Blob {
  const binary = atob(data.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: contentType });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
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
        url: `Basic?code=${encodeURIComponent(`${MESSAGING_SYSTEM}|read-marker`)}&author=${encodeURIComponent(me)}&_count=1000`,
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
          { method: 'GET', url: `Basic?code=${encodeURIComponent(`${MESSAGING_SYSTEM}|read-marker`)}&subject=Communication/${id}&_count=1000` },
        ],
        { signal: options.signal },
      );
      bundle = withSenderNames(resourceOf<Bundle<Communication>>(ok(results[0]), 'Bundle'));
      markers = entriesOf(results[1], 'Basic').map(toReadMarker).filter((m): m is ReadMarker => !!m);
    }
    const items = bundleResources<Communication>(bundle, 'Communication')
      .filter((r) => threadIdOf(r) === threadId)
      .map((r) => toMessage(r, threadId, options.as, markers, patient));
    const nextUrl = nextLinkOf(bundle);
    const next = nextUrl ? this.relative(nextUrl) : undefined;
    const total = bundle?.total;
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
        { method: 'GET', url: `Basic?code=${encodeURIComponent(`${MESSAGING_SYSTEM}|read-marker`)}&subject=Communication/${id}&_count=1000` },
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
    const ref = `Patient/${idOf(patient, 'Patient')}`;
    const results = await this.client.batch(
      [
        { method: 'GET', url: `CareTeam?patient=${ref}&status=active&_count=50` },
        { method: 'GET', url: `HealthcareService?service-type=${encodeURIComponent(`${MESSAGING_SYSTEM}|message-pool`)}&active=true&_count=50` },
        { method: 'GET', url: `Encounter?patient=${ref}&_sort=-date&_count=20&_include=Encounter:practitioner` },
      ],
      { signal: options.signal },
    );
    const careTeam = new Map<string, Participant>();
    for (const team of entriesOf(results[0], 'CareTeam')) {
      for (const member of arrayOf<{ member?: Reference; role?: unknown }>(team.participant)) {
        const participant = toParticipant(member.member);
        if (!participant || !['practitioner', 'organization'].includes(participant.kind)) continue;
        const firstRole = arrayOf<{ text?: unknown; coding?: unknown }>(member.role)[0];
        const role = stringOf(firstRole?.text) ?? stringOf(arrayOf<{ display?: unknown }>(firstRole?.coding)[0]?.display);
        careTeam.set(participant.ref, { ...participant, ...(role ? { role } : {}) });
      }
    }
    // without a CareTeam, the clinicians the patient saw most recently
    if (careTeam.size === 0 && results[2]?.ok) {
      const practitioners = new Map(
        entriesOf(results[2], 'Practitioner')
          .filter((r) => stringOf(r.id))
          .map((r) => [`Practitioner/${r.id}`, r]),
      );
      for (const encounter of entriesOf(results[2], 'Encounter')) {
        for (const p of arrayOf<{ individual?: Reference }>(encounter.participant)) {
          const ref = refOf(p.individual);
          if (!ref?.startsWith('Practitioner/') || careTeam.has(ref)) continue;
          const practitioner = practitioners.get(ref);
          const name = personName(practitioner) || stringOf(objectOf(p.individual)?.display) || '';
          if (name) careTeam.set(ref, { ref, kind: 'practitioner', name });
        }
      }
    }
    const pools = entriesOf(results[1], 'HealthcareService')
      .map(toPool)
      .filter((p): p is MessagePool => !!p && p.name !== '');
    return { careTeam: [...careTeam.values()].slice(0, 10), pools, categories: structuredClone(this.options.categories) };
  }

  async startThread(
    patient: RecordRef,
    draft: ThreadDraft,
    options: MessagingWriteOptions,
  ): Promise<{ thread: Thread; message: Message }> {
    const key = this.requireKey(options);
    const patientRef = `Patient/${idOf(patient, 'Patient')}`;
    const sender = this.sender(options.as, patientRef);
    const isPool = !('kind' in draft.recipient);
    const recipient: Participant = isPool
      ? { ref: draft.recipient.ref, kind: 'pool', name: draft.recipient.name }
      : (draft.recipient as Participant);
    const patientParticipant: Participant =
      sender.ref === patientRef ? sender : { ref: patientRef, kind: 'patient', name: '' };
    const participants = [patientParticipant, sender, recipient].filter(
      (p, index, all) => all.findIndex((q) => q.ref === p.ref) === index,
    );
    const now = new Date().toISOString();
    const header: Resource = {
      resourceType: 'Communication',
      identifier: [keyIdentifier(`${key}#thread`)],
      status: 'in-progress',
      ...(draft.category ? { category: [codeableConcept(draft.category)] } : {}),
      subject: toReference(patientParticipant),
      topic: { text: draft.subject },
      sender: toReference(sender),
      recipient: participants.map(toReference),
      sent: now,
    };
    // the write protocol: an edited retry re-keys the conversation an earlier attempt started
    const settledHeader = await settleEarlier<Communication>(this.client, 'Communication', THREAD_KEYS, options, options.signal);
    const earlierHeader = settledHeader.earlier.find(isHeader);
    if (earlierHeader) {
      const revise = (stored: Communication): Communication => {
        const revised: Communication = { ...stored, topic: header.topic, recipient: header.recipient };
        if (header.category) revised.category = header.category;
        else delete revised.category;
        return revised;
      };
      await rekey(this.client, earlierHeader, THREAD_KEYS, key, revise, options.signal);
    }
    const created = await this.client.create(header, { ifNoneExist: ifNoneExist(`${key}#thread`), signal: options.signal });
    const headerResource = created.body as Communication;
    const threadId = headerResource.id!;
    let pool: MessagePool | undefined;
    if (isPool) {
      pool = draft.recipient as MessagePool;
      const task: Resource = {
        resourceType: 'Task',
        identifier: [keyIdentifier(`${key}#route`)],
        status: 'requested',
        intent: 'order',
        code: { coding: [{ system: MESSAGING_SYSTEM, code: 'message-routing', display: 'Route a message thread' }] },
        focus: { reference: `Communication/${threadId}` },
        for: toReference(patientParticipant),
        owner: toReference({ ref: pool.ref, name: pool.name }),
        authoredOn: now,
      };
      const settledRoute = await settleEarlier<Resource>(this.client, 'Task', ROUTE_KEYS, options, options.signal);
      const earlierRoute = settledRoute.earlier.find((t) => refOf(t.focus) === `Communication/${threadId}`);
      if (earlierRoute) {
        await rekey(this.client, earlierRoute, ROUTE_KEYS, key, (stored) => ({ ...stored, owner: task.owner }), options.signal);
      }
      await this.client.create(task, { ifNoneExist: ifNoneExist(`${key}#route`), signal: options.signal });
    }
    const message = await this.sendMessage(threadId, draft.message, { ...options, idempotencyKey: key });
    return {
      thread: {
        ...toThread(headerResource, [], options.as, [], pool),
        lastActivity: message.sent,
        preview: undefined,
        messageCount: 1,
        unreadCount: 0,
      },
      message,
    };
  }

  async sendMessage(threadId: string, draft: MessageDraft, options: MessagingWriteOptions): Promise<Message> {
    const key = this.requireKey(options);
    const header = (await this.client.read<Communication>('Communication', threadId, { signal: options.signal })) as Communication;
    if (!isHeader(header)) throw new EngageError('not-found', 'No such conversation.', { status: 404 });
    const patientRef = refOf(header.subject) ?? '';
    const sender = this.sender(options.as, patientRef);
    const recipients = ((header.recipient ?? []) as Reference[]).filter((r) => refOf(r) && refOf(r) !== sender.ref);
    const payload: Record<string, unknown>[] = [];
    if (draft.body.trim() !== '') payload.push({ contentString: draft.body });
    for (const file of draft.attachments) {
      const attachment: Record<string, unknown> = {
        contentType: file.contentType,
        title: file.title,
        size: file.data.size,
        creation: new Date().toISOString(),
      };
      if (file.data.size <= this.options.inlineAttachmentLimit) {
        attachment.data = base64(await file.data.arrayBuffer());
      } else {
        attachment.url = await this.storeBinary(file, patientRef, options.signal);
      }
      payload.push({ contentAttachment: attachment });
    }
    const as = options.as ?? { user: { ref: sender.ref }, role: 'patient' as const };
    const view = (stored: Resource) => toMessage(stored as Communication, threadId, as, [], toParticipant(header.subject));
    // the write protocol: an edited retry updates the earlier message if it landed
    const settled = await settleEarlier<Communication>(this.client, 'Communication', MESSAGE_KEYS, options, options.signal);
    if (settled.current) return view(settled.current);
    const earlier = settled.earlier.find((m) => threadIdOf(m) === threadId);
    if (earlier) {
      const revise = (stored: Communication): Communication => {
        const revised: Communication = { ...stored, topic: header.topic, sent: new Date().toISOString(), payload };
        if (draft.inResponseTo) revised.inResponseTo = [{ reference: `Communication/${draft.inResponseTo}` }];
        else delete revised.inResponseTo;
        return revised;
      };
      return view(await rekey(this.client, earlier, MESSAGE_KEYS, key, revise, options.signal));
    }
    const resource: Resource = {
      resourceType: 'Communication',
      identifier: [keyIdentifier(key)],
      partOf: [{ reference: `Communication/${threadId}` }],
      status: 'in-progress',
      ...(Array.isArray(header.category) ? { category: header.category } : {}),
      subject: header.subject,
      topic: header.topic,
      sender: toReference(sender),
      recipient: recipients,
      sent: new Date().toISOString(),
      ...(draft.inResponseTo ? { inResponseTo: [{ reference: `Communication/${draft.inResponseTo}` }] } : {}),
      payload,
    };
    const created = await this.client.create(resource, { ifNoneExist: ifNoneExist(key), signal: options.signal });
    return view(created.body);
  }

  /**
   * Stores a large attachment as a Binary whose id is derived from the patient and the
   * bytes, written with `PUT` (update-as-create). Repeating it — a retry after a lost
   * answer, an edited retry with the same file — writes the same Binary again instead of
   * creating a second one, so no Binary is orphaned. (The server must allow client ids,
   * as HAPI, Medplum and the demo server do; `Binary` has no identifier to search on.)
   */
  private async storeBinary(file: OutgoingAttachment, patientRef: string, signal?: AbortSignal): Promise<string> {
    const buffer = await file.data.arrayBuffer();
    const id = await contentId(patientRef, buffer);
    const binary: Resource = {
      resourceType: 'Binary',
      id,
      contentType: file.contentType,
      securityContext: { reference: patientRef },
      data: base64(buffer),
    };
    const { body } = await this.client.update(binary, { signal, idempotent: true });
    return `Binary/${body.id}`;
  }

  async markRead(threadId: string, messageIds: string[], options: MessagingWriteOptions): Promise<void> {
    this.requireKey(options);
    const reader = options.as?.user;
    if (!reader || messageIds.length === 0) return;
    const markerId = `${threadId}|${reader.ref}`;
    const results = await this.client.batch(
      [
        { method: 'GET', url: `Communication?_id=${messageIds.map(encodeURIComponent).join(',')}&_count=${messageIds.length}` },
        { method: 'GET', url: `Basic?identifier=${encodeURIComponent(`${READ_MARKER_SYSTEM}|${markerId}`)}` },
      ],
      { signal: options.signal },
    );
    ok(results[0]);
    const messages = entriesOf<Communication>(results[0], 'Communication').filter((m) => threadIdOf(m) === threadId);
    if (messages.length === 0) return;
    const upTo = messages.map(sentOf).sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
    const existing = entriesOf(results[1], 'Basic')[0];
    const writes: BundleEntry['request'][] = [];
    const bodies: Resource[] = [];
    const current = toReadMarker(existing);
    if (!current || Date.parse(current.upTo) < Date.parse(upTo)) {
      const marker = readMarkerResource(threadId, { ref: reader.ref, kind: kindOf(reader.ref), name: reader.name ?? '' }, upTo, existing);
      if (existing?.id) {
        writes.push({ method: 'PUT', url: `Basic/${encodeURIComponent(existing.id)}`, ...(existing.meta?.versionId ? { ifMatch: `W/"${existing.meta.versionId}"` } : {}) });
      } else {
        writes.push({ method: 'POST', url: 'Basic', ifNoneExist: `identifier=${encodeURIComponent(`${READ_MARKER_SYSTEM}|${markerId}`)}` });
      }
      bodies.push(marker);
    }
    // two-party scheme: the only recipient marks the message received
    const now = new Date().toISOString();
    for (const message of messages) {
      const recipients = ((message.recipient ?? []) as Reference[]).map(refOf);
      if (message.status === 'completed' || recipients.length !== 1 || recipients[0] !== reader.ref) continue;
      writes.push({
        method: 'PUT',
        url: `Communication/${encodeURIComponent(message.id!)}`,
        ...(message.meta?.versionId ? { ifMatch: `W/"${message.meta.versionId}"` } : {}),
      });
      bodies.push({ ...message, status: 'completed', received: now });
    }
    if (writes.length === 0) return;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: writes.map((request, index) => ({ request, resource: bodies[index] })),
    };
    // a stale version (someone else marked first) is harmless: the state is already newer
    const { body, status: answered } = await this.client.request<Bundle>('POST', '', { body: bundle, signal: options.signal, idempotent: true });
    // a write succeeds only when the server answers with what it did (see FhirClient.create)
    if (body?.resourceType !== 'Bundle') throw notStored('Bundle', answered, body);
    for (const entry of Array.isArray(body.entry) ? body.entry : []) {
      const status = Number.parseInt(entry.response?.status ?? '200', 10);
      if (status >= 400 && status !== 409 && status !== 412) {
        throw new EngageError(status >= 500 ? 'server' : 'invalid', `Marking messages read failed with ${status}.`, { status });
      }
    }
  }

  async setThreadStatus(threadId: string, status: ThreadStatus, options: MessagingWriteOptions): Promise<Thread> {
    this.requireKey(options);
    const header = (await this.client.read<Communication>('Communication', threadId, { signal: options.signal })) as Communication;
    if (!isHeader(header)) throw new EngageError('not-found', 'No such conversation.', { status: 404 });
    const target = status === 'closed' ? 'completed' : 'in-progress';
    // the same request twice leaves the same state: setting a status is idempotent by nature
    if (header.status !== target) {
      await this.client.update({ ...header, status: target }, { ifMatch: header.meta?.versionId, signal: options.signal });
    }
    return this.getThread(threadId, { signal: options.signal, as: options.as });
  }

  async getAttachment(attachment: MessageAttachment, options: ReadOptions = {}): Promise<Blob> {
    const url = attachment.url;
    if (!url) throw new EngageError('not-found', 'The attachment has no content.');
    const inline = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
    if (inline) return fromBase64(inline[2]!, inline[1] || attachment.contentType);
    const binaryRef = /(?:^|\/)Binary\/([^/?#]+)/.exec(url);
    if (!binaryRef) throw new EngageError('invalid', 'Only Binary attachments on this server can be fetched.');
    try {
      const binary = await this.client.read('Binary', decodeURIComponent(binaryRef[1]!), { signal: options.signal });
      if (typeof binary.data !== 'string') throw new EngageError('not-found', 'The attachment has no content.');
      return fromBase64(binary.data, binary.contentType ?? attachment.contentType);
    } catch (error) {
      throw toEngageError(error);
    }
  }

  /**
   * Polls for new messages while the signal is live: every `pollIntervalMs` (four times
   * less often while the page is hidden), doubling after each failure up to a minute.
   * Each look asks only for messages sent after the newest one known (`sent=gt…`), and
   * skips any already delivered. Given `since` (the newest message the caller shows),
   * the first look comes after one interval; without it, a first look at once learns
   * where the conversation stands and delivers nothing.
   */
  subscribe(
    threadId: string,
    onMessages: (messages: Message[]) => void,
    options: { signal: AbortSignal; as?: ActingAs; since?: string },
  ): void {
    const { signal } = options;
    const seen = new Set<string>();
    let since = options.since;
    const interval = () => {
      // a hidden page polls four times less often
      const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
      return Math.min(60_000, this.options.pollIntervalMs * (hidden ? 4 : 1));
    };
    const poll = async () => {
      let delay = since === undefined ? 0 : interval();
      while (!signal.aborted) {
        await sleep(delay, signal);
        if (signal.aborted) return;
        try {
          const learning = since === undefined;
          const sinceParam = since ? `&sent=gt${encodeURIComponent(since)}` : '';
          const page = await this.client.request<Bundle<Communication>>(
            'GET',
            `Communication?part-of=Communication/${encodeURIComponent(threadId)}&_sort=-sent&_count=50${sinceParam}&${INCLUDE_SENDERS}`,
            { signal },
          );
          const found = bundleResources<Communication>(withSenderNames(page.body), 'Communication');
          const fresh = found.filter((r) => r.id && !seen.has(r.id));
          for (const r of found) if (r.id) seen.add(r.id);
          const newest = found.map(sentOf).sort().at(-1);
          if (learning) {
            since = newest ?? new Date(0).toISOString();
          } else if (fresh.length) {
            if (newest && (!since || newest > since)) since = newest;
            const messages = fresh
              .map((r) => toMessage(r, threadId, options.as, []))
              .sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
            if (!signal.aborted) onMessages(messages);
          }
          delay = interval();
        } catch {
          delay = Math.min(60_000, Math.max(delay, this.options.pollIntervalMs) * 2);
        }
      }
    };
    void poll();
  }

  // -------------------------------------------------------------------------

  private requireKey(options: MessagingWriteOptions): string {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    return options.idempotencyKey;
  }

  private sender(as: ActingAs | undefined, patientRef: string): Participant {
    const ref = as?.user.ref ?? patientRef;
    return { ref, kind: kindOf(ref), name: as?.user.name ?? '' };
  }

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

function codeableConcept(value: CodedValue): Record<string, unknown> {
  return {
    ...(value.text ? { text: value.text } : {}),
    coding: value.codings.map((c) => ({
      ...(c.system ? { system: c.system } : {}),
      ...(c.code ? { code: c.code } : {}),
      ...(c.display ? { display: c.display } : {}),
    })),
  };
}

