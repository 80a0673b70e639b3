/**
 * Secure messaging ↔ FHIR R4. Tolerant of missing fields; nothing here throws.
 *
 * - A conversation is a header `Communication`: `topic` (subject line), `category`,
 *   `subject` (the Patient), `recipient` (every participant), `status` `in-progress`
 *   (open) or `completed` (closed); no `payload` and no `partOf`.
 * - A message is a `Communication` with `partOf` the header, `subject`, `sender`,
 *   `recipient` (everyone else), `sent`, `payload` (`contentString` and/or
 *   `contentAttachment`), `inResponseTo`, and a client `identifier` (the idempotency
 *   key) for conditional create. Created `in-progress`.
 * - Read state, two schemes that work together:
 *   1. two-party: when the only recipient of a message reads it, the message gets
 *      `received` and `status = completed` (what any FHIR client understands);
 *   2. any thread: one `Basic` "read marker" per reader and thread (`code`
 *      read-marker, `subject` the header, `author` the reader, an extension with the
 *      `sent` time read up to). Per reader and idempotent, so it works in group threads
 *      and never needs an update of someone else's message.
 * - Routing to a pool: a `Task` (`code` message-routing, `focus` the header, `for` the
 *   Patient, `owner` the pool, a `HealthcareService`).
 * - Pools: `HealthcareService` with `type` message-pool.
 * - Retracted (`entered-in-error`) and never-sent (`not-done`) Communications are no
 *   messages and their headers no conversations (`isWithdrawn`); a read receipt moves a
 *   status only from in progress to completed (`receivable`).
 */
import type {
  ActingAs,
  CodedValue,
  Message,
  MessageAttachment,
  MessagePool,
  Participant,
  RecordRef,
  Thread,
} from '../../ports.js';
import type { Reference, Resource } from '../fhir-types.js';
import { securityOf, toCoded } from './common.js';
import { arrayOf, extensionOf, refOf as guardedRefOf, stringOf } from '../guards.js';
import { participantKind } from '../../record-ref.js';

/** Code system of the codes this adapter writes. */
export const MESSAGING_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/messaging';
/** Identifier system of idempotency keys (conditional create). */
export const IDEMPOTENCY_SYSTEM = 'https://ehr-engage.dev/fhir/sid/idempotency-key';
/** Identifier system of read markers (`<header id>|<reader ref>`). */
export const READ_MARKER_SYSTEM = 'https://ehr-engage.dev/fhir/sid/read-marker';
/** Extension on a read marker: the `sent` time of the newest message read. */
export const READ_UP_TO_URL = 'https://ehr-engage.dev/fhir/StructureDefinition/read-up-to';
/** Code system of the default message categories. */
export const CATEGORY_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/message-category';

/** Categories offered when the host configures none. */
export const DEFAULT_CATEGORIES: CodedValue[] = [
  ['medical-question', 'Medical question'],
  ['prescription', 'Prescription question'],
  ['test-results', 'Test results'],
  ['appointment', 'Appointment'],
  ['billing', 'Billing'],
  ['other', 'Something else'],
].map(([code, display]) => ({ codings: [{ system: CATEGORY_SYSTEM, code, display }] }));

/* eslint-disable @typescript-eslint/no-explicit-any */
type Communication = Resource & { resourceType: 'Communication'; [key: string]: any };

const isString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** `Type/id` of a reference, without base URL or history; undefined for anything that is not one. */
export function refOf(reference: Reference | undefined | null): string | undefined {
  return guardedRefOf(reference);
}

/** Kind of a participant from the type in its reference. */
export const kindOf = participantKind;

/** A FHIR Reference as a participant; undefined when it points nowhere. */
export function toParticipant(reference: Reference | undefined | null): Participant | undefined {
  const ref = refOf(reference);
  if (!ref) return undefined;
  return { ref, kind: kindOf(ref), name: isString(reference?.display) ? reference.display : '' };
}

/** A participant as a FHIR Reference. */
export function toReference(participant: { ref: RecordRef; name?: string }): Reference {
  return { reference: participant.ref, ...(participant.name ? { display: participant.name } : {}) };
}

/**
 * Statuses in which a Communication is no message: `entered-in-error` (retracted: it should
 * never have been on the record) and `not-done` (never sent). What is shown is what the
 * record says (DESIGN.md), so such a message is not shown, never unread and never a preview.
 */
const WITHDRAWN: ReadonlySet<string> = new Set(['entered-in-error', 'not-done']);

/** Whether a Communication is retracted or was never sent (see `WITHDRAWN`). */
export function isWithdrawn(resource: Resource | undefined): boolean {
  return WITHDRAWN.has(stringOf(resource?.status) ?? '');
}

/**
 * Whether a Communication is a conversation header (no payload, no partOf) of a
 * conversation. A retracted or never-sent header is none: the inbox does not list it, and
 * opening, answering, closing or reopening it answers `not-found`, as for a conversation
 * that does not exist, so `<engage-message-thread>` shows its not-found state. Not an open
 * thread, whose messages would look current, nor a "retracted" one: the record says the
 * conversation should never have been there, and a reader has nothing to do with it.
 */
export function isHeader(resource: Resource | undefined): resource is Communication {
  return (
    resource?.resourceType === 'Communication' &&
    !(Array.isArray(resource.partOf) && resource.partOf.length) &&
    !(Array.isArray(resource.payload) && resource.payload.length) &&
    !isWithdrawn(resource)
  );
}

/**
 * The statuses a read receipt may move to `completed`: a message in progress (or in
 * preparation). Nothing else is ever overwritten by reading it: not `entered-in-error`
 * (marking a retracted message read would make it current again), `not-done`, `stopped`,
 * `on-hold` or `unknown`, which are the record's own statement. (Closing or reopening a
 * conversation is a clinician's deliberate act and moves any status: `state-writes.ts`.)
 */
const RECEIVABLE: ReadonlySet<string> = new Set(['preparation', 'in-progress']);

/** Whether a read receipt may mark a message `completed` (see `RECEIVABLE`). */
export const receivable = (resource: Resource): boolean => RECEIVABLE.has(stringOf(resource?.status) ?? '');

/**
 * A sender the record names without a reference this adapter can follow (only an
 * identifier, or only a display): their name as written and their kind from the
 * reference's `type`, never "System" — a message from an unknown person is not a device's.
 */
function unresolvedSender(reference: Reference | undefined): Participant {
  const type = isString(reference?.type) ? reference.type.split('/').at(-1) : undefined;
  return { ref: '', kind: type ? kindOf(`${type}/-`) : 'unknown', name: isString(reference?.display) ? reference.display : '' };
}

/** The header a message belongs to (`partOf`), as an id. */
export function threadIdOf(message: Resource): string | undefined {
  const parts: Reference[] = Array.isArray(message.partOf) ? message.partOf : [];
  for (const part of parts) {
    const ref = refOf(part);
    if (ref?.startsWith('Communication/')) return ref.slice('Communication/'.length);
  }
  return undefined;
}

/** A read marker's reader and time. */
export interface ReadMarker {
  threadId: string;
  reader: string;
  upTo: string;
  resource: Resource;
}

/** A `Basic` read marker, or undefined when it is not one. */
export function toReadMarker(resource: Resource | undefined): ReadMarker | undefined {
  if (resource?.resourceType !== 'Basic') return undefined;
  const threadRef = refOf(resource.subject);
  const reader = refOf(resource.author);
  const upTo = extensionOf(resource, READ_UP_TO_URL)?.valueDateTime;
  if (!threadRef?.startsWith('Communication/') || !reader || !isString(upTo)) return undefined;
  return { threadId: threadRef.slice('Communication/'.length), reader, upTo, resource };
}

/** A new or updated read marker resource. */
export function readMarkerResource(threadId: string, reader: Participant, upTo: string, existing?: Resource): Resource {
  return {
    ...(existing ?? {}),
    resourceType: 'Basic',
    identifier: [{ system: READ_MARKER_SYSTEM, value: `${threadId}|${reader.ref}` }],
    code: { coding: [{ system: MESSAGING_SYSTEM, code: 'read-marker', display: 'Message read marker' }] },
    subject: { reference: `Communication/${threadId}` },
    author: toReference(reader),
    extension: [{ url: READ_UP_TO_URL, valueDateTime: upTo }],
  };
}

const time = (value: string | undefined) => {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
};

/** The moment a message was sent, tolerating a missing `sent`. */
export function sentOf(message: Resource): string {
  return stringOf(message?.sent) ?? stringOf(message?.meta?.lastUpdated) ?? '';
}

/**
 * What a reader sees of a stored message, as a short fingerprint: its `sent` time and a hash
 * of its payload. A rewrite (an edited retry) changes both; a read receipt (status,
 * `received`) changes neither, though it moves `meta.lastUpdated` and `versionId`.
 */
export function versionOf(message: Resource): string {
  const payload = JSON.stringify(message?.payload ?? []);
  // FNV-1a: a few bytes per message kept, not its text or inline files
  let hash = 0x811c9dc5;
  for (let i = 0; i < payload.length; i++) hash = Math.imul(hash ^ payload.charCodeAt(i), 0x01000193);
  return `${sentOf(message)}#${(hash >>> 0).toString(36)}`;
}

/** Bytes that base64 text decodes to. */
function base64Size(data: string): number {
  const clean = data.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

function attachmentsOf(message: Communication): MessageAttachment[] {
  const payload: any[] = Array.isArray(message.payload) ? message.payload : [];
  const result: MessageAttachment[] = [];
  payload.forEach((part, index) => {
    const attachment = part?.contentAttachment;
    if (!attachment || typeof attachment !== 'object') return;
    const contentType = isString(attachment.contentType) ? attachment.contentType : 'application/octet-stream';
    const url = isString(attachment.url)
      ? attachment.url
      : isString(attachment.data)
        ? `data:${contentType};base64,${attachment.data.replace(/\s+/g, '')}`
        : undefined;
    const size =
      typeof attachment.size === 'number'
        ? attachment.size
        : isString(attachment.data)
          ? base64Size(attachment.data)
          : undefined;
    result.push({
      id: String(index),
      title: isString(attachment.title) ? attachment.title : isString(attachment.url) ? attachment.url.split('/').pop()! : `attachment-${index + 1}`,
      contentType,
      ...(size !== undefined ? { size } : {}),
      ...(url ? { url } : {}),
    });
  });
  return result;
}

function bodyOf(message: Communication): string {
  const payload: any[] = Array.isArray(message.payload) ? message.payload : [];
  return payload
    .map((part) => part?.contentString)
    .filter(isString)
    .join('\n\n');
}

/**
 * A message Communication as a domain message, from the reader's point of view.
 * `markers` are the thread's read markers (every reader's). It maps whatever it is given:
 * a list read from the server goes through `toMessages`, which leaves out what is no message.
 */
export function toMessage(
  resource: Communication,
  threadId: string,
  as: ActingAs | undefined,
  markers: ReadMarker[],
  patient?: Participant,
): Message {
  const sender = toParticipant(resource.sender) ?? unresolvedSender(resource.sender);
  const sent = sentOf(resource);
  const me = as?.user.ref;
  const mine = me !== undefined && sender.ref === me;
  const recipients = (Array.isArray(resource.recipient) ? resource.recipient : []).map(refOf).filter(isString);
  const received = resource.status === 'completed' && isString(resource.received);
  const markerCovers = (reader: string) =>
    markers.some((m) => m.reader === reader && m.threadId === threadId && time(m.upTo) >= time(sent));
  const readByMe =
    mine || (me !== undefined && (markerCovers(me) || (received && recipients.length === 1 && recipients[0] === me)));
  const readByOthers = received || markers.some((m) => m.reader !== sender.ref && m.threadId === threadId && time(m.upTo) >= time(sent));
  const inResponseTo = (Array.isArray(resource.inResponseTo) ? resource.inResponseTo : [])
    .map(refOf)
    .find((ref: string | undefined) => ref?.startsWith('Communication/'))
    ?.slice('Communication/'.length);
  const subject = patient ?? toParticipant(resource.subject);
  return {
    id: stringOf(resource.id) ?? '',
    threadId,
    sender,
    ...(sender.kind === 'related-person' && subject ? { onBehalfOf: subject } : {}),
    sent,
    body: bodyOf(resource),
    attachments: attachmentsOf(resource),
    ...(inResponseTo ? { inResponseTo } : {}),
    delivery: (mine ? readByOthers : readByMe) ? 'read' : 'delivered',
    readByMe,
    ...securityOf(resource),
  };
}

/** The messages of a list of Communications of one thread, less the retracted and never-sent ones (`isWithdrawn`). */
export function toMessages(
  resources: Communication[],
  threadId: string,
  as: ActingAs | undefined,
  markers: ReadMarker[],
  patient?: Participant,
): Message[] {
  return resources.filter((r) => !isWithdrawn(r)).map((r) => toMessage(r, threadId, as, markers, patient));
}

/**
 * A header Communication as a thread; messages are the thread's (any order). Retracted and
 * never-sent ones are left out: not counted, never unread, never its preview or last activity.
 */
export function toThread(
  header: Communication,
  messages: Communication[],
  as: ActingAs | undefined,
  markers: ReadMarker[],
  pool?: MessagePool,
  complete = true,
): Thread {
  const id = stringOf(header.id) ?? '';
  const sorted = messages.filter((m) => !isWithdrawn(m)).sort((a, b) => time(sentOf(a)) - time(sentOf(b)));
  const last = sorted.at(-1);
  const patient = toParticipant(header.subject);
  const participants = new Map<string, Participant>();
  for (const reference of [header.subject, ...(Array.isArray(header.recipient) ? header.recipient : []), header.sender]) {
    const participant = toParticipant(reference);
    if (participant && (!participants.has(participant.ref) || !participants.get(participant.ref)!.name)) {
      participants.set(participant.ref, participant);
    }
  }
  const me = as?.user.ref;
  const views = me ? sorted.map((m) => toMessage(m, id, as, markers, patient)) : [];
  const lastView = last ? toMessage(last, id, as, markers, patient) : undefined;
  const topic = header.topic;
  const subject = stringOf(topic?.text) ?? stringOf(arrayOf<{ display?: unknown }>(topic?.coding)[0]?.display) ?? '';
  const created = sentOf(header);
  return {
    id,
    subject,
    ...(Array.isArray(header.category) && header.category.length ? { category: toCoded(header.category[0]) } : {}),
    // a conversation stopped before it was finished takes no more messages, as a closed one
    status: header.status === 'completed' || header.status === 'stopped' ? 'closed' : 'open',
    patient: patient?.ref ?? '',
    participants: [...participants.values()],
    ...(pool ? { pool } : {}),
    created,
    lastActivity: last ? sentOf(last) : created,
    ...(lastView ? { preview: previewText(lastView) } : {}),
    unreadCount: views.filter((m) => !m.readByMe).length,
    ...(complete ? { messageCount: sorted.length } : {}),
    ...(stringOf(header.meta?.versionId) ? { version: header.meta!.versionId } : {}),
    ...securityOf(header),
  };
}

/** A plain-text preview (no markup) of a message, at most 140 characters. */
export function previewText(message: Pick<Message, 'body' | 'attachments'>): string {
  const text = message.body
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const short = text.length > 140 ? `${text.slice(0, 139)}…` : text;
  return short || (message.attachments.length ? message.attachments.map((a) => a.title).join(', ') : '');
}

/** A HealthcareService as a message pool. */
export function toPool(resource: Resource): MessagePool | undefined {
  if (!stringOf(resource?.id)) return undefined;
  return {
    ref: `${resource.resourceType}/${resource.id}`,
    name: isString(resource.name) ? resource.name : '',
    ...(isString(resource.comment) ? { description: resource.comment } : {}),
  };
}
