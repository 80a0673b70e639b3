// @ts-check
/**
 * Matching of the demo server's string search parameters: FHIR's accent- and
 * case-insensitive "starts with" (and `:contains` / `:exact`) over every string part of a
 * value, which medplum's matcher does not do (see ./search.mjs). Also the evaluation of a
 * search parameter's FHIRPath on a resource (parsed once per type and parameter), which
 * sorting and `_include` use too.
 */
import { evalFhirPath, getParsedExpressionForResourceType } from '@medplum/core';
import { getSearchParam } from './search-params.mjs';

/** @typedef {import('./search-params.mjs').StringFilter} StringFilter */

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
export function evalParam(resource, code) {
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
export function matchesStringFilter(resource, filter) {
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
