/**
 * The state writes of the FHIR messaging port: marking messages read (the reader's read
 * marker, and receipt in the two-party scheme) and opening or closing a conversation.
 * Setting a state twice leaves the same state, so these need no conditional create;
 * apart from the sends (`send.ts`), which go through the write protocol's re-keying.
 * A read receipt moves a message's status only as `receivable` allows (a retracted,
 * never-sent, stopped, on-hold or unknown message keeps the status the record gave it); a
 * retracted or never-sent conversation is none, and is never closed or reopened.
 */
import { EngageError } from '../../../core/errors.js';
import type { MessagingWriteOptions, ThreadStatus } from '../../ports.js';
import type { FhirClient } from '../client.js';
import { isStored, notHeld, notHeldError, notStored } from '../write-checks.js';
import type { Bundle, BundleEntry, Reference, Resource } from '../fhir-types.js';
import {
  READ_MARKER_SYSTEM,
  isHeader,
  isWithdrawn,
  kindOf,
  readMarkerResource,
  receivable,
  refOf,
  sentOf,
  threadIdOf,
  toReadMarker,
} from '../mapping/messaging.js';
import { entriesOf, ok, requireKey, type Communication } from './shared.js';

/** Marks messages of a conversation read by the acting user (`FhirMessagingPort.markRead`). */
export async function writeReadMarks(
  client: FhirClient,
  threadId: string,
  messageIds: string[],
  options: MessagingWriteOptions,
): Promise<void> {
  requireKey(options);
  const reader = options.as?.user;
  if (!reader || messageIds.length === 0) return;
  const markerId = `${threadId}|${reader.ref}`;
  const results = await client.batch(
    [
      { method: 'GET', url: `Communication?_id=${messageIds.map(encodeURIComponent).join(',')}&_count=${messageIds.length}` },
      { method: 'GET', url: `Basic?identifier=${encodeURIComponent(`${READ_MARKER_SYSTEM}|${markerId}`)}` },
    ],
    { signal: options.signal },
  );
  ok(results[0]);
  // a retracted or never-sent message is not one the reader saw: it neither moves the marker nor gets a receipt
  const messages = entriesOf<Communication>(results[0], 'Communication').filter((m) => threadIdOf(m) === threadId && !isWithdrawn(m));
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
  // two-party scheme: the only recipient marks the message received, moving it from in progress (or preparation) only
  const now = new Date().toISOString();
  for (const message of messages) {
    const recipients = ((message.recipient ?? []) as Reference[]).map(refOf);
    if (!receivable(message) || recipients.length !== 1 || recipients[0] !== reader.ref) continue;
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
  const { body, status: answered } = await client.request<Bundle>('POST', '', { body: bundle, signal: options.signal, idempotent: true });
  await receiptsStored(client, bundle.entry!, body, answered, options.signal);
}

/**
 * Checks the batch answer of read receipts: a receipt counts as stored only when its answer
 * entry is there, succeeded, and holds the stored resource as sent (or names one by
 * `Location`, which is then read) — see `FhirClient.create`. A missing entry, an entry with
 * neither, or a stored resource without the receipt (`notHeld`) rejects, so the messages stay
 * unread where they are shown and the next look marks them again; a `409`/`412` (someone
 * else marked first: the state is already newer) is no failure.
 */
async function receiptsStored(client: FhirClient, sent: BundleEntry[], body: Bundle | undefined, answered: number, signal?: AbortSignal): Promise<void> {
  // a write succeeds only when the server answers with what it did (see FhirClient.create)
  if (body?.resourceType !== 'Bundle') throw notStored('Bundle', answered, body);
  const answers: BundleEntry[] = Array.isArray(body.entry) ? body.entry : [];
  for (const [index, entry] of sent.entries()) {
    const resource = entry.resource!;
    const answer = answers[index];
    const status = Number.parseInt(String(answer?.response?.status ?? ''), 10);
    if (status === 409 || status === 412) continue;
    if (status >= 400) {
      throw new EngageError(status >= 500 ? 'server' : 'invalid', `Marking messages read failed with ${status}.`, { status });
    }
    let stored = answer?.resource;
    const location = /([A-Za-z]+)\/([^/]+)(?:\/_history\/[^/]+)?\/?$/.exec(String(answer?.response?.location ?? ''));
    if (!isStored(stored, resource.resourceType) && location?.[1] === resource.resourceType && location[2]) {
      stored = await client.read(resource.resourceType, location[2], { signal });
    }
    if (!(status >= 200 && status < 300) || !isStored(stored, resource.resourceType)) throw notStored(resource.resourceType, status || answered, answer);
    // a marker the server matched (`200` to its conditional create) was another look's: it may be newer
    const matched = entry.request?.method === 'POST' && status === 200;
    const missing = matched ? [] : notHeld(resource, stored);
    if (missing.length) throw notHeldError(resource.resourceType, status, missing);
  }
}

/** Sets a conversation's status (`FhirMessagingPort.setThreadStatus` reads it back after). */
export async function writeThreadStatus(
  client: FhirClient,
  threadId: string,
  status: ThreadStatus,
  options: MessagingWriteOptions,
): Promise<void> {
  requireKey(options);
  const header = (await client.read<Communication>('Communication', threadId, { signal: options.signal })) as Communication;
  // a retracted or never-sent conversation is none (`isHeader`): not-found, and its status stays
  if (!isHeader(header)) throw new EngageError('not-found', 'No such conversation.', { status: 404 });
  const target = status === 'closed' ? 'completed' : 'in-progress';
  // Closing or reopening is the clinician's own decision, made on purpose: it moves a paused
  // (on-hold), stopped or unknown conversation too, unlike a read receipt, which never
  // rewrites a status the record gave (`receivable`). The same request twice leaves the
  // same state: setting a status is idempotent by nature.
  if (header.status !== target) {
    await client.update({ ...header, status: target }, { ifMatch: header.meta?.versionId, signal: options.signal });
  }
}
