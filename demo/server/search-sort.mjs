// @ts-check
/**
 * `_sort` for the demo server: a multi-key comparator where the first key is the primary
 * one, values compared by type (numbers and dates as numbers, strings case-insensitively),
 * the lowest value of a repeating element for ascending and the highest for descending,
 * missing values last and ties in creation order so that pages stay stable. medplum 4.5.2
 * applies the keys one after another and compares JSON strings (see ./search.mjs).
 */
import { evalParam } from './search-match.mjs';
import { getSearchParam } from './search-params.mjs';

/** @typedef {import('./search-params.mjs').SortRule} SortRule */

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
