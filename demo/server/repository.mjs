// @ts-check
/**
 * The demo server's store: medplum's MemoryRepository plus what the server needs from it
 * (sequential version ids, a stable history order, uncloned matching for the search layer,
 * 410 detection, snapshot/restore for all-or-nothing transactions). Apart from the HTTP
 * layer: the request handlers, the bundle handler and the search layer (./search.mjs reads
 * its `matchAll()` and `generation`) all work on it.
 */
import { OperationOutcomeError, deepClone, matchesSearchRequest, notFound } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';

/**
 * MemoryRepository with a few fixes/additions for the demo server:
 *  - versionIds are sequential per resource ("1", "2", ...) instead of random UUIDs, and
 *    `meta.lastUpdated` is always set by the server (medplum keeps a client-supplied one);
 *  - readHistory() does not reverse the stored history in place (medplum 4.5.2 calls
 *    `Array.prototype.reverse()` on its internal array, flipping the order on every call);
 *  - matchAll() returns matches without deep-cloning every one (the search layer clones
 *    only the page it returns);
 *  - snapshot()/restore() give transactions rollback.
 *
 * It relies on MemoryRepository's (TypeScript-private) `resources` and `history` maps,
 * which is fine for the pinned 4.5.2.
 */
export class DemoRepository extends MemoryRepository {
  /** Incremented on every write; lets the search layer cache sorted results between pages. */
  generation = 0;

  /** @returns {Map<string, Map<string, any>>} */
  get #resources() {
    return /** @type {any} */ (this).resources;
  }

  /** @returns {Map<string, Map<string, any[]>>} */
  get #history() {
    return /** @type {any} */ (this).history;
  }

  /**
   * @template {import('@medplum/fhirtypes').Resource} T
   * @param {T} resource
   * @returns {Promise<any>}
   */
  async createResource(resource) {
    // resourceType, id and meta first: nicer to read than medplum's "id/meta appended last".
    const { resourceType, id, meta: clientMeta, ...rest } = resource;
    const copy = /** @type {T} */ ({ resourceType, id: id || this.generateId(), meta: { ...(clientMeta ?? {}) }, ...rest });
    this.generation++;
    const versions = this.#history.get(copy.resourceType)?.get(/** @type {string} */ (copy.id));
    const meta = /** @type {NonNullable<T['meta']>} */ (copy.meta);
    meta.versionId = String((versions?.length ?? 0) + 1);
    meta.lastUpdated = new Date().toISOString();
    return super.createResource(copy);
  }

  /**
   * @param {string} resourceType
   * @param {string} id
   * @returns {Promise<void>}
   */
  async deleteResource(resourceType, id) {
    await super.deleteResource(resourceType, id);
    this.generation++;
  }

  clear() {
    super.clear();
    this.generation++;
  }

  /**
   * @param {string} resourceType
   * @param {string} id
   * @returns {Promise<any>}
   */
  async readHistory(resourceType, id) {
    const versions = this.#history.get(resourceType)?.get(id);
    if (!versions?.length) throw new OperationOutcomeError(notFound);
    const entry = [...versions].reverse().map((version) => ({ resource: deepClone(version) }));
    return { resourceType: 'Bundle', type: 'history', total: entry.length, entry };
  }

  /**
   * Every stored resource matching the request (filters only), in creation order. Not cloned:
   * callers must not mutate the results.
   * @param {import('@medplum/core').SearchRequest} searchRequest
   * @returns {import('@medplum/fhirtypes').Resource[]}
   */
  matchAll(searchRequest) {
    const out = [];
    for (const resource of this.#resources.get(searchRequest.resourceType)?.values() ?? []) {
      if (matchesSearchRequest(resource, searchRequest)) out.push(resource);
    }
    return out;
  }

  /**
   * @param {string} resourceType
   * @param {string} id
   */
  exists(resourceType, id) {
    return Boolean(this.#resources.get(resourceType)?.has(id));
  }

  /**
   * True when the resource existed once and has been deleted (reads answer 410 Gone).
   * @param {string} resourceType
   * @param {string} id
   */
  isDeleted(resourceType, id) {
    return !this.exists(resourceType, id) && Boolean(this.#history.get(resourceType)?.has(id));
  }

  /** Number of current (non-deleted) resources. */
  countResources() {
    let n = 0;
    for (const byId of this.#resources.values()) n += byId.size;
    return n;
  }

  /** @returns {Record<string, number>} current resources per type */
  countByType() {
    /** @type {Record<string, number>} */
    const out = {};
    for (const [type, byId] of this.#resources) if (byId.size) out[type] = byId.size;
    return out;
  }

  /**
   * Cheap copy of the store (resources are never mutated in place, so copying the maps is enough).
   */
  snapshot() {
    return {
      resources: new Map([...this.#resources].map(([t, m]) => [t, new Map(m)])),
      history: new Map(
        [...this.#history].map(([t, m]) => [t, new Map([...m].map(([id, versions]) => [id, versions.slice()]))])
      ),
    };
  }

  /** @param {ReturnType<DemoRepository['snapshot']>} snap */
  restore(snap) {
    this.generation++;
    this.#resources.clear();
    for (const [t, m] of snap.resources) this.#resources.set(t, m);
    this.#history.clear();
    for (const [t, m] of snap.history) this.#history.set(t, m);
  }
}
