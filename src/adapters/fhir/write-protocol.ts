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
 *    when it is the stored resource (see `FhirClient.create`).
 *
 * Both steps are safe to repeat, so a retry after a lost answer of either step converges
 * on one record.
 */
import { notHeld, notHeldError, notStored, type FhirClient } from './client.js';
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
