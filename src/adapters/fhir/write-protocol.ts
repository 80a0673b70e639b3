/**
 * The write protocol, FHIR side (docs/write-protocol.md): every FHIR port writes through
 * these two steps, so a new port (immunizations, appointments, questionnaires) follows
 * the same rules without re-deriving them.
 *
 * 1. {@link settleEarlier}: before writing content under a new key, find what the
 *    earlier keys it `replaces` stored (a client identifier per key). Each port then
 *    updates those records in place to hold the new content *and* the new key, or
 *    supersedes them (cancels) when the resource cannot change that way.
 * 2. The ordinary conditional create (`If-None-Exist` on the new key's identifier): it
 *    returns the record step 1 re-keyed, or the one an earlier attempt with the same key
 *    stored, and creates only when nothing landed. The client accepts the answer only
 *    when it is the stored resource (see `FhirClient.create`). A `409` / `412` to it (a
 *    create of the key racing this one, or the key already on several records) is settled
 *    by looking the key up (`createOnce`).
 *
 * Both steps are safe to repeat, so a retry after a lost answer of either step converges
 * on one record.
 */
import { EngageError, isEngageError } from '../../core/errors.js';
import type { FhirClient } from './client.js';
// from the outcome rules directly, not through the client: an on-demand write chunk that
// imports this module must not pull the whole client out of the page's own bundle
import { notHeld, notHeldError, notStored } from './write-checks.js';
import { sleep } from './client-retry.js';
import type { Bundle, BundleEntry, Identifier, Resource } from './fhir-types.js';

/** How a port names a key as an identifier. */
export interface KeyIdentity {
  /** The identifier system of the port's keys. */
  system: string;
  /** The identifier value for a key (default: the key itself). */
  value?: (key: string) => string;
}

/** `system|value` for a token search or `If-None-Exist`. */
export function keyToken(identity: KeyIdentity, key: string): string {
  return `${identity.system}|${identity.value ? identity.value(key) : key}`;
}

/** `identifier=system|value` for `If-None-Exist`. */
export function ifNoneExistFor(identity: KeyIdentity, key: string): string {
  return `identifier=${encodeURIComponent(keyToken(identity, key))}`;
}

/** The identifier of a key. */
export function keyIdentifierFor(identity: KeyIdentity, key: string): Identifier {
  return { system: identity.system, value: identity.value ? identity.value(key) : key };
}

/** Whether a resource carries the identifier of `key` (identifier may be one or a list). */
export function hasKey(resource: Resource, identity: KeyIdentity, key: string): boolean {
  const wanted = keyIdentifierFor(identity, key);
  const ids: unknown = resource.identifier;
  const list = Array.isArray(ids) ? ids : ids ? [ids] : [];
  return list.some((id) => {
    const identifier = id as Identifier | null;
    return identifier?.system === wanted.system && identifier?.value === wanted.value;
  });
}

/**
 * The records stored under the earlier keys a write replaces, and whether the new key
 * itself already landed (then nothing needs settling: the retry returns it).
 */
export async function settleEarlier<T extends Resource>(
  client: FhirClient,
  type: string,
  identity: KeyIdentity,
  keys: { idempotencyKey: string; replaces?: readonly string[] },
  signal?: AbortSignal,
): Promise<{ current: T | undefined; earlier: T[] }> {
  const replaces = [...new Set(keys.replaces ?? [])].filter((k) => k && k !== keys.idempotencyKey);
  if (replaces.length === 0) return { current: undefined, earlier: [] };
  const tokens = [keys.idempotencyKey, ...replaces].map((key) => keyToken(identity, key));
  // a comma is "or" in a token search; one round trip finds every attempt of the intent
  const { resources } = await client.searchAll<T>(type, { identifier: tokens.join(','), _count: 50 }, { signal, maxResults: 200 });
  const current = resources.find((r) => hasKey(r, identity, keys.idempotencyKey));
  return { current, earlier: current ? [] : resources };
}

/**
 * Re-keys an earlier record to a new content: `revise` returns the updated resource,
 * which also gets the new key's identifier (kept beside the old ones where the element
 * is a list, replacing it where the resource allows only one). Updated with `If-Match`,
 * so a concurrent change is a `conflict`, never a silent overwrite.
 */
export async function rekey<T extends Resource>(
  client: FhirClient,
  earlier: T,
  identity: KeyIdentity,
  key: string,
  revise: (earlier: T) => T,
  signal?: AbortSignal,
): Promise<T> {
  const revised = revise(structuredClone(earlier));
  const identifier = keyIdentifierFor(identity, key);
  const ids: unknown = revised.identifier;
  if (Array.isArray(ids)) {
    if (!hasKey(revised, identity, key)) (revised as Resource).identifier = [...(ids as Identifier[]), identifier];
  } else {
    (revised as Resource).identifier = identifier;
  }
  revised.id = earlier.id;
  const { body } = await client.update(revised, { ifMatch: earlier.meta?.versionId, signal });
  return body;
}

/**
 * A transaction entry that writes `resource` over `earlier` (by default the resource as it
 * was read) with `If-Match` on the version read, so a concurrent change fails the whole
 * transaction instead of being overwritten.
 */
export function versionedPut(resource: Resource, earlier: Resource = resource): BundleEntry {
  return {
    resource,
    request: {
      method: 'PUT',
      url: `${earlier.resourceType}/${earlier.id}`,
      ...(earlier.meta?.versionId ? { ifMatch: `W/"${earlier.meta.versionId}"` } : {}),
    },
  };
}

/**
 * The resources a transaction's answer stored, in the order of `entries`, after checking
 * that it stored what was sent: the answer is a Bundle, and each entry written afresh (a
 * create answered `201`, an update) holds its resource as sent (`notHeld`), so a server
 * that drops an element (a refill note, a booking's comment) is a failure, never "saved".
 * A conditional create answered `200` is what an earlier attempt stored; the port judges it.
 */
export function transactionStored(entries: BundleEntry[], body: Bundle | undefined, status: number): Resource[] {
  if (body?.resourceType !== 'Bundle') throw notStored('Bundle', status, body);
  const answers: BundleEntry[] = Array.isArray(body.entry) ? body.entry : [];
  entries.forEach((entry, index) => {
    const sent = entry.resource;
    const answer = answers[index];
    const code = Number.parseInt(String(answer?.response?.status ?? ''), 10);
    const matched = entry.request?.method === 'POST' && code === 200;
    if (!sent || !answer?.resource || matched) return;
    const missing = notHeld(sent, answer.resource);
    if (missing.length) throw notHeldError(sent.resourceType, code || status, missing);
  });
  return answers.map((e) => e?.resource as Resource);
}

/**
 * The elements of a port's resource that hold what the user wrote (the message's words,
 * a note, the answers, a reading's values): what a record must hold for a write of that
 * content to count as stored. Everything else on it may rightly have moved on since an
 * earlier attempt stored it (read, decided, routed).
 */
export type ContentElements = readonly string[];

/** How a port makes a record an earlier attempt stored hold this attempt's content. */
export interface HoldOptions<T extends Resource> {
  /** The top-level elements that are the user's content (see {@link ContentElements}). */
  content: ContentElements;
  /**
   * The record as it must change beside the content (a message's rewrite is unread
   * again and sent now); the content elements are then set from what was sent.
   */
  revise?: (stored: T) => T;
  /**
   * The resource as compared, where part of the content differs between attempts by
   * design (an attachment's `creation` time is each attempt's own): default as it is.
   */
  compared?: (resource: Resource) => Resource;
  signal?: AbortSignal;
}

/** The content elements of `sent` the record `stored` does not hold (see `notHeld`). */
export function contentNotHeld(sent: Resource, stored: Resource, content: ContentElements, compared = (r: Resource) => r): string[] {
  const pick = (resource: Resource) => {
    const seen = compared(resource);
    return Object.fromEntries(content.filter((name) => seen[name] !== undefined).map((name) => [name, seen[name]]));
  };
  return notHeld(pick(sent), pick(stored));
}

/**
 * A record an earlier attempt under this very key stored (a conditional create answered
 * `200`, or the key found by {@link settleEarlier}), made to hold what this attempt sends.
 * The key names the content, so the record must hold it; when it does not — the server
 * dropped an element the first time, which that attempt reported as a failure — it is
 * repaired the way an edited retry revises what landed: updated in place with `If-Match`
 * (a concurrent change is a `conflict`, never overwritten), and the update is checked like
 * any write, so a server that drops the element again fails again. A port that refuses a
 * withdrawn record judges it before this.
 */
export async function holdSent<T extends Resource>(client: FhirClient, stored: T, sent: Resource, options: HoldOptions<T>): Promise<T> {
  if (contentNotHeld(sent, stored, options.content, options.compared).length === 0) return stored;
  const revised = (options.revise ? options.revise(structuredClone(stored)) : structuredClone(stored)) as Resource;
  for (const name of options.content) if (sent[name] !== undefined) revised[name] = structuredClone(sent[name]);
  revised.id = stored.id;
  const { body } = await client.update(revised as T, { ifMatch: stored.meta?.versionId, signal: options.signal });
  return body;
}

/**
 * How long to wait before each look-up of a key whose conditional create was refused with
 * `409` / `412` (the first at once): about two seconds in all, long enough for a racing
 * create of the key to commit, short enough for a person waiting on "Sending…".
 */
export const REFUSED_CREATE_LOOKUPS_MS: readonly number[] = [0, 250, 500, 1000];

/** The records that carry `key`'s identifier, as the server holds them now. */
export async function recordsUnderKey<T extends Resource>(
  client: FhirClient,
  type: string,
  identity: KeyIdentity,
  key: string,
  signal?: AbortSignal,
): Promise<T[]> {
  // a few are enough to tell one from several; `hasKey` guards against a server that ignores the filter
  const { resources } = await client.searchAll<T>(type, { identifier: keyToken(identity, key), _count: 10 }, { signal, maxResults: 10 });
  return resources.filter((r) => hasKey(r, identity, key));
}

/**
 * The record a conditional create of `key` refused with `409` / `412` is about. Neither means
 * that anyone changed a record: `409` is what a server that guards the key (HAPI) answers while
 * a create of the same key is being stored — often this write's own first attempt, whose
 * answer was lost and which the client or the user tried again — and `412` is the FHIR answer
 * when the key already names several records. So the key is looked up: one record is the
 * stored one; none yet is looked up again a few times ({@link REFUSED_CREATE_LOOKUPS_MS}),
 * since the racing create may still be committing, and then reported as a failure that stored
 * nothing (`server`: the same key may be tried again, and then creates or finds it once); several
 * are reported as `duplicate`, never one picked silently.
 */
async function foundAfterRefusal<T extends Resource>(
  client: FhirClient,
  type: string,
  identity: KeyIdentity,
  key: string,
  refused: EngageError,
  signal?: AbortSignal,
): Promise<T> {
  const answered = { status: refused.status, details: [...refused.details] };
  for (const wait of REFUSED_CREATE_LOOKUPS_MS) {
    if (wait) {
      await sleep(wait, signal).catch((reason: unknown) => {
        throw new EngageError('aborted', `Looking up the ${type} of this write was cancelled.`, { cause: reason });
      });
    }
    const found = await recordsUnderKey<T>(client, type, identity, key, signal);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new EngageError('duplicate', `${found.length} ${type} records already hold this write's key; none was taken for it, and nothing was stored.`, answered);
    }
  }
  throw new EngageError(
    'server',
    `The server refused to create the ${type} (HTTP ${refused.status}), and no record holds its key: nothing was stored.`,
    { ...answered, cause: refused },
  );
}

/** Whether a conditional create was refused as a conflict (`409`, or `412`: several records match). */
function refusedAsConflict(error: unknown): error is EngageError {
  return isEngageError(error) && error.code === 'conflict' && (error.status === 409 || error.status === 412);
}

/**
 * The conditional create of the write protocol (step 2), whose answer holds what was sent:
 * a fresh `201` is checked by the client; a `200` is the record an earlier attempt under
 * this key stored, judged by `judge` (a port's withdrawn rule) and then made to hold this
 * attempt's content ({@link holdSent}), so an unchanged retry after a dropped element is
 * "saved" only once the record holds what the user typed. A `409` / `412` is settled by
 * looking the key up (see {@link foundAfterRefusal}): the one record found is judged and
 * held like a `200` match.
 */
export async function createOnce<T extends Resource>(
  client: FhirClient,
  resource: T,
  identity: KeyIdentity,
  key: string,
  options: HoldOptions<T> & { judge?: (stored: T) => void },
): Promise<T> {
  let stored: T;
  try {
    const { body, status } = await client.create(resource, { ifNoneExist: ifNoneExistFor(identity, key), signal: options.signal });
    if (status !== 200) return body;
    stored = body;
  } catch (error) {
    if (!refusedAsConflict(error)) throw error;
    stored = await foundAfterRefusal<T>(client, resource.resourceType, identity, key, error, options.signal);
  }
  options.judge?.(stored);
  return holdSent(client, stored, resource, options);
}

/**
 * {@link transactionStored}, then each conditional create the server answered `200` (what
 * an earlier attempt of this key stored) made to hold its entry's content ({@link holdSent};
 * `contentOf` names the content elements per resource type, none for a type left out).
 * The repairs are versioned updates after the transaction; the resources are returned in
 * the order of `entries`, repaired ones as updated.
 */
export async function transactionHeld(
  client: FhirClient,
  entries: BundleEntry[],
  body: Bundle | undefined,
  status: number,
  contentOf: (resourceType: string) => ContentElements | undefined,
  signal?: AbortSignal,
): Promise<Resource[]> {
  const stored = transactionStored(entries, body, status);
  const answers: BundleEntry[] = Array.isArray(body?.entry) ? body.entry : [];
  for (const [index, entry] of entries.entries()) {
    const sent = entry.resource;
    const found = stored[index];
    const code = Number.parseInt(String(answers[index]?.response?.status ?? ''), 10);
    const content = sent ? contentOf(sent.resourceType) : undefined;
    if (!sent || !found?.resourceType || !content || entry.request?.method !== 'POST' || code !== 200) continue;
    stored[index] = await holdSent(client, found, sent, { content, signal });
  }
  return stored;
}
