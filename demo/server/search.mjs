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
 * So this module validates and normalises the query, lets medplum's `matchesSearchRequest`
 * do the token/reference/date/uri matching, applies string filters itself, sorts with a
 * proper multi-key comparator (ties keep creation order, so pages are stable), slices the
 * page and builds `self/first/previous/next/last` links as absolute URLs.
 */
import {
  OperationOutcomeError,
  badRequest,
  deepClone,
  evalFhirPath,
  generateId,
  getExpressionForResourceType,
  getParsedExpressionForResourceType,
  globalSchema,
  isResourceType,
  parseSearchRequest,
  splitSearchOnComma,
} from '@medplum/core';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

/** Search parameter types whose matching works in medplum's in-memory matcher (or ours). */
const SUPPORTED_PARAM_TYPES = new Set(['token', 'reference', 'string', 'uri', 'date']);

/** Result / control parameters handled here rather than as filters. */
const CONTROL_PARAMS = new Set([
  '_count',
  '_offset',
  '_sort',
  '_include',
  '_revinclude',
  '_summary',
  '_total',
  '_elements',
  '_format',
  '_pretty',
  '_type',
  '_',
]);

const SUBSETTED_TAG = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

/**
 * @typedef {Record<string, string | string[] | undefined>} QueryRecord
 * @typedef {[string, string]} QueryPair
 * @typedef {{ code: string, descending: boolean }} SortRule
 * @typedef {{ resourceType: string, searchParam: string, targetType?: string, iterate: boolean }} IncludeTarget
 * @typedef {{ code: string, mode: 'starts-with' | 'contains' | 'exact', values: string[] }} StringFilter
 * @typedef {{
 *   resourceTypes: string[],
 *   requests: Map<string, { searchRequest: import('@medplum/core').SearchRequest, stringFilters: StringFilter[] }>,
 *   sortRules: SortRule[],
 *   count: number,
 *   offset: number,
 *   summaryCount: boolean,
 *   elements?: string[],
 *   include: IncludeTarget[],
 *   revInclude: IncludeTarget[],
 *   linkPairs: QueryPair[],
 *   ignored: string[],
 * }} ParsedSearch
 */

/**
 * Flattens a query record (as produced by medplum's URL router, or a parsed form body)
 * into ordered key/value pairs.
 * @param {QueryRecord | undefined} query
 * @returns {QueryPair[]}
 */
export function queryToPairs(query) {
  /** @type {QueryPair[]} */
  const pairs = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      pairs.push([key, String(v)]);
    }
  }
  return pairs;
}

/**
 * @param {string} message
 * @param {string} [expression]
 * @returns {never}
 */
function fail(message, expression) {
  throw new OperationOutcomeError(badRequest(message, expression));
}

/**
 * @param {string} resourceType
 * @param {string} code
 */
function getSearchParam(resourceType, code) {
  return globalSchema.types[resourceType]?.searchParams?.[code];
}

/** @type {Set<string>} */
const specializedTypes = new Set();

/**
 * Narrows the FHIRPath expression of every multi-resource search parameter of a type to
 * that type's part, in medplum's global schema (once per type, lazily).
 *
 * medplum's in-memory matcher re-parses `searchParam.expression` for every resource it
 * tests, and shared parameters carry the expression for ALL their base types (e.g.
 * `patient` is a 32-way union with `resolve() is Patient` in each branch). Searching
 * `Observation?patient=...` over ~1,300 Observations took ~1.2 s with the full expression
 * and ~25 ms with `Observation.subject.where(resolve() is Patient)`.
 * @param {string} resourceType
 */
export function specializeSearchParams(resourceType) {
  if (specializedTypes.has(resourceType)) return;
  specializedTypes.add(resourceType);
  const params = globalSchema.types[resourceType]?.searchParams;
  if (!params) return;
  for (const [code, sp] of Object.entries(params)) {
    if (!sp.expression || (sp.base?.length ?? 0) <= 1) continue;
    try {
      const narrowed = getExpressionForResourceType(resourceType, sp.expression);
      if (narrowed && narrowed !== sp.expression) params[code] = { ...sp, expression: narrowed };
    } catch {
      // keep the original expression
    }
  }
}

/**
 * Parses and validates a FHIR search.
 * @param {string[]} resourceTypes - one type for `GET [base]/Type`, several for `GET [base]?_type=...`
 * @param {QueryPair[]} pairs
 * @param {{ lenient?: boolean }} [options] - lenient = `Prefer: handling=lenient`: unknown / unsupported parameters are ignored instead of rejected
 * @returns {ParsedSearch}
 */
export function parseSearch(resourceTypes, pairs, options = {}) {
  const lenient = Boolean(options.lenient);
  /** @type {string[]} */
  const ignored = [];
  /**
   * @param {string} message
   * @param {string} key
   */
  const reject = (message, key) => {
    if (lenient) {
      ignored.push(key);
      return;
    }
    fail(message, key);
  };

  let count = DEFAULT_COUNT;
  let offset = 0;
  let summaryCount = false;
  /** @type {string[] | undefined} */
  let elements;
  /** @type {SortRule[]} */
  const sortRules = [];
  /** @type {IncludeTarget[]} */
  const include = [];
  /** @type {IncludeTarget[]} */
  const revInclude = [];
  /** @type {QueryPair[]} */
  const filterPairs = [];
  /** @type {QueryPair[]} */
  const linkPairs = [];

  for (const [key, value] of pairs) {
    const colon = key.indexOf(':');
    const code = colon >= 0 ? key.slice(0, colon) : key;
    const modifier = colon >= 0 ? key.slice(colon + 1) : '';

    if (!CONTROL_PARAMS.has(code)) {
      filterPairs.push([key, value]);
      continue;
    }
    switch (code) {
      case '_':
      case '_format':
      case '_pretty':
      case '_type':
        // cache-buster / JSON is the only format / handled by the caller
        break;
      case '_count': {
        if (!/^\d+$/.test(value)) fail(`Invalid _count: "${value}" (expected a non-negative integer)`, '_count');
        count = Math.min(Number(value), MAX_COUNT);
        break;
      }
      case '_offset': {
        if (!/^\d+$/.test(value)) fail(`Invalid _offset: "${value}" (expected a non-negative integer)`, '_offset');
        offset = Number(value);
        break;
      }
      case '_summary':
        if (value === 'count') summaryCount = true;
        else if (!['true', 'false', 'text', 'data'].includes(value)) fail(`Invalid _summary: "${value}"`, '_summary');
        // _summary=true|text|data are accepted but full resources are returned (a superset).
        break;
      case '_total':
        if (!['none', 'estimate', 'accurate'].includes(value)) fail(`Invalid _total: "${value}"`, '_total');
        break;
      case '_elements':
        elements = value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '_sort':
        for (const field of value.split(',').map((s) => s.trim()).filter(Boolean)) {
          const descending = field.startsWith('-');
          const sortCode = descending ? field.slice(1) : field;
          for (const type of resourceTypes) {
            const sp = getSearchParam(type, sortCode);
            if (!sp) fail(`Unknown sort parameter "${sortCode}" for ${type}`, '_sort');
            if (sp.type === 'composite' || sp.type === 'special') {
              fail(`Sorting by "${sortCode}" (type ${sp.type}) is not supported`, '_sort');
            }
          }
          sortRules.push({ code: sortCode, descending });
        }
        break;
      case '_include':
      case '_revinclude': {
        if (modifier && modifier !== 'iterate') fail(`Unsupported modifier "${key}"`, key);
        const target = parseIncludeTarget(value, key);
        (code === '_include' ? include : revInclude).push({ ...target, iterate: modifier === 'iterate' });
        break;
      }
    }
  }

  /** @type {ParsedSearch['requests']} */
  const requests = new Map();
  for (const type of resourceTypes) {
    specializeSearchParams(type);
    requests.set(type, compileFilters(type, filterPairs, reject));
  }
  // Links repeat the request's parameters in their original order (minus paging / ignored ones).
  for (const [key, value] of pairs) {
    const code = key.split(':')[0];
    if (code === '_count' || code === '_offset' || code === '_type' || ignored.includes(key)) continue;
    linkPairs.push([key, value]);
  }

  return {
    resourceTypes,
    requests,
    sortRules,
    count,
    offset,
    summaryCount,
    elements,
    include,
    revInclude,
    linkPairs,
    ignored,
  };
}

/**
 * @param {string} value
 * @param {string} key
 * @returns {Omit<IncludeTarget, 'iterate'>}
 */
function parseIncludeTarget(value, key) {
  const parts = value.split(':');
  if (parts.includes('*')) fail(`Wildcard ${key} is not supported`, key);
  if (parts.length < 2 || parts.length > 3) {
    fail(`Invalid ${key} value "${value}": expected ResourceType:search-parameter[:targetType]`, key);
  }
  const [resourceType, searchParam, targetType] = parts;
  if (!isResourceType(resourceType)) fail(`Invalid ${key}: unknown resource type "${resourceType}"`, key);
  const sp = getSearchParam(resourceType, searchParam);
  if (!sp) fail(`Invalid ${key}: unknown search parameter "${searchParam}" for ${resourceType}`, key);
  if (sp.type !== 'reference') fail(`Invalid ${key}: "${resourceType}:${searchParam}" is not a reference parameter`, key);
  if (targetType && !isResourceType(targetType)) fail(`Invalid ${key}: unknown target type "${targetType}"`, key);
  return { resourceType, searchParam, targetType };
}

/**
 * Validates filters for one resource type and splits them into the part medplum's matcher
 * handles (token/reference/date/uri) and string filters we apply ourselves.
 * @param {string} resourceType
 * @param {QueryPair[]} filterPairs
 * @param {(message: string, key: string) => void} reject
 */
function compileFilters(resourceType, filterPairs, reject) {
  /** @type {Record<string, string[]>} */
  const repoQuery = {};
  /** @type {StringFilter[]} */
  const stringFilters = [];
  const add = (/** @type {string} */ k, /** @type {string} */ v) => (repoQuery[k] ??= []).push(v);

  for (const [key, value] of filterPairs) {
    const colon = key.indexOf(':');
    const code = colon >= 0 ? key.slice(0, colon) : key;
    const modifier = colon >= 0 ? key.slice(colon + 1) : '';

    if (code === '_has' || code.includes('.')) {
      reject(`Chained and reverse-chained search (${key}) is not supported by this server`, key);
      continue;
    }
    const sp = getSearchParam(resourceType, code);
    if (!sp) {
      reject(`Unknown search parameter "${code}" for ${resourceType}`, key);
      continue;
    }
    if (value === '') continue; // FHIR: parameters with an empty value are ignored
    if (!SUPPORTED_PARAM_TYPES.has(String(sp.type))) {
      reject(`Search parameter "${code}" (type ${sp.type}) is not supported by this server`, key);
      continue;
    }
    if (modifier === 'missing') {
      if (value !== 'true' && value !== 'false') {
        reject(`Invalid value for ${key}: expected true or false`, key);
        continue;
      }
      add(key, value);
      continue;
    }
    switch (sp.type) {
      case 'string': {
        if (modifier && modifier !== 'contains' && modifier !== 'exact') {
          reject(`Unsupported modifier "${key}"`, key);
          continue;
        }
        stringFilters.push({
          code,
          mode: modifier === 'contains' ? 'contains' : modifier === 'exact' ? 'exact' : 'starts-with',
          values: splitSearchOnComma(value),
        });
        break;
      }
      case 'token':
        if (modifier && modifier !== 'not') {
          reject(`Unsupported modifier "${key}"`, key);
          continue;
        }
        add(key, value);
        break;
      case 'reference': {
        if (modifier && !(isResourceType(modifier) && (sp.target ?? []).includes(/** @type {any} */ (modifier)))) {
          reject(`Unsupported modifier "${key}"`, key);
          continue;
        }
        add(code, normalizeReferenceQuery(value, sp.target ?? [], modifier || undefined));
        break;
      }
      default:
        // date, uri: prefixes / formats are validated by medplum's parseSearchRequest
        if (modifier) {
          reject(`Unsupported modifier "${key}"`, key);
          continue;
        }
        add(key, value);
    }
  }
  // parseSearchRequest throws OperationOutcomeError(400) for e.g. malformed dates.
  const searchRequest = parseSearchRequest(/** @type {any} */ (resourceType), repoQuery);
  return { searchRequest, stringFilters };
}

/**
 * Turns `123`, `Patient/123`, `http://host/fhir/R4/Patient/123[/_history/2]` into the
 * `Type/id` form (comma-separated when the parameter can target several types).
 * @param {string} value
 * @param {readonly string[]} targets
 * @param {string | undefined} typeModifier
 */
export function normalizeReferenceQuery(value, targets, typeModifier) {
  const out = [];
  for (let v of splitSearchOnComma(value)) {
    const abs = /^https?:\/\/.+?\/([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(v);
    if (abs) v = abs[1];
    if (v.includes('/')) {
      out.push(v);
    } else if (typeModifier) {
      out.push(`${typeModifier}/${v}`);
    } else if (targets.length) {
      for (const t of targets) out.push(`${t}/${v}`);
    } else {
      out.push(v);
    }
  }
  return out.join(',');
}

/** @param {string} s */
function fold(s) {
  return s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/**
 * The strings a string search parameter matches against: every string part of the value
 * (HumanName family/given/prefix/suffix/text, Address lines/city/..., plain strings).
 * @param {unknown} value
 * @param {string[]} out
 */
function collectStrings(value, out) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'extension' || k === 'id' || k === 'use' || k === 'period' || k === 'type') continue;
      collectStrings(v, out);
    }
  }
}

/** @type {Map<string, import('@medplum/core').FhirPathAtom>} */
const atomCache = new Map();

/**
 * @param {string} resourceType
 * @param {string} code
 */
function getAtom(resourceType, code) {
  const key = resourceType + '\u0000' + code;
  let atom = atomCache.get(key);
  if (!atom) {
    const sp = getSearchParam(resourceType, code);
    if (!sp?.expression) return undefined;
    atom = getParsedExpressionForResourceType(resourceType, sp.expression);
    atomCache.set(key, atom);
  }
  return atom;
}

/**
 * @param {import('@medplum/fhirtypes').Resource} resource
 * @param {string} code
 * @returns {unknown[]}
 */
function evalParam(resource, code) {
  const atom = getAtom(resource.resourceType, code);
  if (!atom) return [];
  try {
    return evalFhirPath(atom, resource);
  } catch {
    return [];
  }
}

/**
 * @param {import('@medplum/fhirtypes').Resource} resource
 * @param {StringFilter} filter
 */
function matchesStringFilter(resource, filter) {
  /** @type {string[]} */
  const strings = [];
  collectStrings(evalParam(resource, filter.code), strings);
  if (filter.mode === 'exact') return strings.some((s) => filter.values.includes(s));
  const folded = strings.map(fold);
  return filter.values.some((v) => {
    const fv = fold(v);
    return folded.some((s) => (filter.mode === 'contains' ? s.includes(fv) : s.startsWith(fv)));
  });
}

// ---------------------------------------------------------------------------------------
// Sorting

/**
 * @param {string} s
 * @returns {number | undefined}
 */
function dateKey(s) {
  let iso = s;
  if (/^\d{4}$/.test(s)) iso = `${s}-01-01T00:00:00Z`;
  else if (/^\d{4}-\d{2}$/.test(s)) iso = `${s}-01T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = `${s}T00:00:00Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Reduces an element value to something comparable (number or lower-cased string).
 * @param {unknown} v
 * @param {string | undefined} paramType
 * @returns {number | string | undefined}
 */
function sortKeyOf(v, paramType) {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (paramType === 'date') return dateKey(v) ?? v.toLowerCase();
    return v.toLowerCase();
  }
  if (typeof v === 'object') {
    const o = /** @type {Record<string, any>} */ (v);
    if ('start' in o || 'end' in o) return sortKeyOf(o.start ?? o.end, 'date'); // Period
    if ('event' in o && Array.isArray(o.event)) return sortKeyOf(o.event[0], 'date'); // Timing
    if ('family' in o || 'given' in o) return sortKeyOf([o.family, ...(o.given ?? [])].filter(Boolean).join(' '), 'string');
    if ('coding' in o || ('text' in o && !('value' in o))) {
      return sortKeyOf(o.text ?? o.coding?.[0]?.display ?? o.coding?.[0]?.code, 'string');
    }
    if ('value' in o) return sortKeyOf(o.value, paramType); // Quantity, Identifier, ContactPoint
    if ('display' in o || 'code' in o) return sortKeyOf(o.display ?? o.code, 'string'); // Coding
    if ('reference' in o) return sortKeyOf(o.reference, 'string');
    return JSON.stringify(o).toLowerCase();
  }
  return String(v);
}

/**
 * @param {number | string} a
 * @param {number | string} b
 */
function compareKeys(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * @template {{ resource: import('@medplum/fhirtypes').Resource, index: number }} T
 * @param {T[]} items
 * @param {SortRule[]} rules
 * @returns {T[]}
 */
export function sortMatches(items, rules) {
  if (!rules.length) return items;
  const keyed = items.map((item) => ({
    item,
    keys: rules.map((rule) => {
      const sp = getSearchParam(item.resource.resourceType, rule.code);
      const keys = /** @type {(number|string)[]} */ (
        evalParam(item.resource, rule.code)
          .map((v) => sortKeyOf(v, sp?.type))
          .filter((k) => k !== undefined)
      );
      if (!keys.length) return undefined;
      // FHIR: ascending sorts by the lowest value, descending by the highest.
      return keys.reduce((best, k) => {
        const c = compareKeys(k, best);
        return rule.descending ? (c > 0 ? k : best) : c < 0 ? k : best;
      });
    }),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < rules.length; i++) {
      const ka = a.keys[i];
      const kb = b.keys[i];
      if (ka === undefined && kb === undefined) continue;
      if (ka === undefined) return 1; // missing values last
      if (kb === undefined) return -1;
      const c = compareKeys(ka, kb);
      if (c !== 0) return rules[i].descending ? -c : c;
    }
    return a.item.index - b.item.index; // stable: creation order
  });
  return keyed.map((k) => k.item);
}

// ---------------------------------------------------------------------------------------
// Execution

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
