// @ts-check
/**
 * Parsing and validation of a FHIR search for the demo server (see ./search.mjs for why the
 * server has its own search): control parameters (`_count`, `_offset`, `_sort`, `_include`,
 * `_summary`, ...), filters checked against the FHIR SearchParameters (400 for unknown,
 * chained or unsupported ones unless `Prefer: handling=lenient`), reference values
 * normalised to `Type/id`, and medplum's expressions narrowed per resource type. The result,
 * a ParsedSearch, is what ./search.mjs executes. Apart from execution so that what a query
 * means can be read without how it is run.
 */
import {
  OperationOutcomeError,
  badRequest,
  getExpressionForResourceType,
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
export function getSearchParam(resourceType, code) {
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
