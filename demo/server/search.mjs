// @ts-check
/**
 * FHIR search for the demo server, layered over `@medplum/fhir-router`'s MemoryRepository.
 *
 * Why this exists instead of the router's own search handler (medplum 4.5.2):
 *  - MemoryRepository.search() never adds `Bundle.link` (no paging links) and ignores
 *    `_include` / `_revinclude` / `_elements`.
 *  - Unknown search parameters are silently turned into filters that match nothing,
 *    so a typo returns an empty Bundle instead of a 400.
 *  - Parameter types `number`, `quantity`, `composite` and `special` never match anything.
 *  - `_sort` with several keys is applied one key after the other, which makes the LAST
 *    key the primary one, and values are compared as JSON strings (so 10 < 9).
 *  - String parameters match "contains" on a formatted value (e.g. "Mr. Buster Hoeger")
 *    and are accent-sensitive, instead of FHIR's accent/case-insensitive "starts with".
 *  - Reference parameters only match the exact `Type/id` string; `patient=123` or an
 *    absolute URL never matches.
 *
 * So this search (this file and the three below) validates and normalises the query, lets
 * medplum's `matchesSearchRequest` do the token/reference/date/uri matching, applies string
 * filters itself, sorts with a proper multi-key comparator (ties keep creation order, so
 * pages are stable), slices the page and builds `self/first/previous/next/last` links as
 * absolute URLs.
 *
 * The steps live in their own files: ./search-params.mjs (parse + validate into a
 * ParsedSearch), ./search-match.mjs (string filters, FHIRPath evaluation), ./search-sort.mjs
 * (`_sort`); this file runs a ParsedSearch: match, cache, page, `_include` / `_revinclude`,
 * `_elements`, links.
 */
import { deepClone, generateId, parseSearchRequest } from '@medplum/core';
import { evalParam, matchesStringFilter } from './search-match.mjs';
import { sortMatches } from './search-sort.mjs';

// This module's public API from before the split: importers keep using this file only.
export { DEFAULT_COUNT, MAX_COUNT, normalizeReferenceQuery, parseSearch, queryToPairs, specializeSearchParams } from './search-params.mjs';
export { sortMatches } from './search-sort.mjs';

/**
 * @typedef {import('./search-params.mjs').QueryRecord} QueryRecord
 * @typedef {import('./search-params.mjs').QueryPair} QueryPair
 * @typedef {import('./search-params.mjs').SortRule} SortRule
 * @typedef {import('./search-params.mjs').IncludeTarget} IncludeTarget
 * @typedef {import('./search-params.mjs').StringFilter} StringFilter
 * @typedef {import('./search-params.mjs').ParsedSearch} ParsedSearch
 */

const SUBSETTED_TAG = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

/**
 * Reads every resource of a type matching the request, without cloning (read-only use).
 * @param {any} repo
 * @param {import('@medplum/core').SearchRequest} searchRequest
 * @returns {Promise<import('@medplum/fhirtypes').Resource[]>}
 */
async function matchAll(repo, searchRequest) {
  if (typeof repo.matchAll === 'function') return repo.matchAll(searchRequest);
  const bundle = await repo.search({ ...searchRequest, count: undefined, offset: undefined, sortRules: undefined });
  return (bundle.entry ?? []).map((/** @type {any} */ e) => e.resource);
}

/**
 * @param {import('@medplum/fhirtypes').Resource} resource
 * @param {string[]} elements
 */
function applyElements(resource, elements) {
  /** @type {Record<string, any>} */
  const out = { resourceType: resource.resourceType };
  const src = /** @type {Record<string, any>} */ (resource);
  for (const key of ['id', 'meta', ...elements]) {
    const base = key.split('.')[0];
    if (src[base] !== undefined) out[base] = src[base];
  }
  out.meta = { ...(out.meta ?? {}), tag: [...(out.meta?.tag ?? []), SUBSETTED_TAG] };
  return out;
}

/**
 * @param {unknown} value
 * @returns {string | undefined} a `Type/id` reference
 */
function referenceString(value) {
  const ref = /** @type {any} */ (value)?.reference;
  if (typeof ref !== 'string') return undefined;
  const m = /(?:^|\/)([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
  return m ? m[1] : undefined;
}

/**
 * Sorted matches of recent searches, so that paging through `next` links does not re-run
 * the match + sort for every page. Entries are valid while the repository's `generation`
 * (bumped on every write by DemoRepository) is unchanged.
 * @type {WeakMap<object, Map<string, { generation: number, matches: { resource: import('@medplum/fhirtypes').Resource, index: number }[] }>>}
 */
const resultCache = new WeakMap();
const RESULT_CACHE_SIZE = 32;

/**
 * @param {any} repo
 * @param {ParsedSearch} parsed
 */
async function findMatches(repo, parsed) {
  const generation = typeof repo.generation === 'number' ? repo.generation : undefined;
  const key = JSON.stringify([
    [...parsed.requests].map(([type, r]) => [type, r.searchRequest.filters ?? [], r.stringFilters]),
    parsed.sortRules,
  ]);
  let cache = resultCache.get(repo);
  if (generation !== undefined) {
    const hit = cache?.get(key);
    if (hit && hit.generation === generation) {
      cache?.delete(key); // move to most-recent
      cache?.set(key, hit);
      return hit.matches;
    }
  }

  /** @type {{ resource: import('@medplum/fhirtypes').Resource, index: number }[]} */
  let matches = [];
  let index = 0;
  for (const [, { searchRequest, stringFilters }] of parsed.requests) {
    for (const resource of await matchAll(repo, searchRequest)) {
      const i = index++;
      if (stringFilters.every((f) => matchesStringFilter(resource, f))) matches.push({ resource, index: i });
    }
  }
  matches = sortMatches(matches, parsed.sortRules);

  if (generation !== undefined) {
    if (!cache) resultCache.set(repo, (cache = new Map()));
    cache.set(key, { generation, matches });
    if (cache.size > RESULT_CACHE_SIZE) cache.delete(/** @type {string} */ (cache.keys().next().value));
  }
  return matches;
}

/**
 * Runs a parsed search against the repository and builds a searchset Bundle.
 * @param {any} repo - the DemoRepository (or any medplum FhirRepository)
 * @param {ParsedSearch} parsed
 * @param {{ baseUrl: string, path: string }} ctx - `path` is the search path relative to base ('' for system search, 'Observation' for type search)
 */
export async function executeSearch(repo, parsed, ctx) {
  const matches = await findMatches(repo, parsed);

  const total = matches.length;
  const { offset } = parsed;
  const count = parsed.summaryCount ? 0 : parsed.count;
  const page = matches.slice(offset, offset + count).map((m) => deepClone(m.resource));

  /** @type {any[]} */
  const entry = page.map((resource) => ({
    fullUrl: `${ctx.baseUrl}/${resource.resourceType}/${resource.id}`,
    resource: parsed.elements ? applyElements(resource, parsed.elements) : resource,
    search: { mode: 'match' },
  }));

  if (page.length && (parsed.include.length || parsed.revInclude.length)) {
    entry.push(...(await resolveIncludes(repo, parsed, page, ctx.baseUrl)));
  }

  const links = buildLinks(parsed, ctx, total, offset, count);
  return {
    resourceType: 'Bundle',
    id: generateId(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total,
    link: links,
    ...(entry.length ? { entry } : {}),
  };
}

/**
 * @param {any} repo
 * @param {ParsedSearch} parsed
 * @param {import('@medplum/fhirtypes').Resource[]} page
 * @param {string} baseUrl
 */
async function resolveIncludes(repo, parsed, page, baseUrl) {
  const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
  /** @type {import('@medplum/fhirtypes').Resource[]} */
  const included = [];

  /** @param {import('@medplum/fhirtypes').Resource[]} sources */
  const runOnce = async (sources, iterateOnly = false) => {
    /** @type {import('@medplum/fhirtypes').Resource[]} */
    const added = [];
    for (const inc of parsed.include) {
      if (iterateOnly && !inc.iterate) continue;
      for (const src of sources) {
        if (src.resourceType !== inc.resourceType) continue;
        for (const v of evalParam(src, inc.searchParam)) {
          const ref = referenceString(v);
          if (!ref || seen.has(ref)) continue;
          const [type, id] = ref.split('/');
          if (inc.targetType && type !== inc.targetType) continue;
          try {
            const r = await repo.readResource(type, id);
            seen.add(ref);
            added.push(r);
          } catch {
            // dangling reference: nothing to include
          }
        }
      }
    }
    for (const rev of parsed.revInclude) {
      if (iterateOnly && !rev.iterate) continue;
      const refs = sources.map((r) => `${r.resourceType}/${r.id}`);
      if (!refs.length) continue;
      const req = parseSearchRequest(/** @type {any} */ (rev.resourceType), { [rev.searchParam]: refs.join(',') });
      for (const r of await matchAll(repo, req)) {
        const ref = `${r.resourceType}/${r.id}`;
        if (seen.has(ref)) continue;
        seen.add(ref);
        added.push(deepClone(r));
      }
    }
    return added;
  };

  let batch = await runOnce(page);
  included.push(...batch);
  // _include:iterate / _revinclude:iterate: follow from included resources (bounded depth).
  for (let depth = 0; depth < 3 && batch.length; depth++) {
    batch = await runOnce(batch, true);
    included.push(...batch);
  }
  return included.map((resource) => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'include' },
  }));
}

/**
 * @param {ParsedSearch} parsed
 * @param {{ baseUrl: string, path: string }} ctx
 * @param {number} total
 * @param {number} offset
 * @param {number} count
 */
function buildLinks(parsed, ctx, total, offset, count) {
  const typeParam = ctx.path === '' ? [['_type', parsed.resourceTypes.join(',')]] : [];
  /** @param {number} off */
  const url = (off) => {
    const qs = new URLSearchParams([...typeParam, ...parsed.linkPairs]);
    qs.set('_count', String(parsed.summaryCount ? parsed.count : count));
    qs.set('_offset', String(off));
    return `${ctx.baseUrl}${ctx.path ? '/' + ctx.path : ''}?${qs.toString()}`;
  };
  const links = [{ relation: 'self', url: url(offset) }];
  if (count > 0) {
    links.push({ relation: 'first', url: url(0) });
    if (offset > 0) links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
    if (offset + count < total) links.push({ relation: 'next', url: url(offset + count) });
    const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / count) * count;
    links.push({ relation: 'last', url: url(lastOffset) });
  }
  return links;
}
