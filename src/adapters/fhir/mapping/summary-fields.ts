/**
 * The field readers every summary mapper shares: tolerant string, array and object guards,
 * a CodeableConcept as a coded value, an entry's id and narrative, a date from whichever
 * `[x]` variant the resource holds, and references resolved within a Bundle or a search.
 * Apart from `summary.ts` so each per-resource mapping module can use them without
 * importing the whole summary assembly.
 */
import type { CodedValue, Coding } from '../../ports.js';
import type { CodeableConcept, Reference, Resource } from '../fhir-types.js';
import { arr as commonArr, obj as commonObj, securityOf, str, toCoded, toName } from './common.js';
import { documentSecurity } from '../../../core/proxy-policy.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = Record<string, any>;

export { str } from './common.js';
/** The shared readers of `common.ts`, typed loosely: summary mappers read nested fields freely. */
export const arr = <T = Json>(value: unknown): T[] => commonArr<T>(value);
export const obj = (value: unknown): Json | undefined => commonObj(value) as Json | undefined;
export const coded = (value: unknown): CodedValue => toCoded(obj(value) as CodeableConcept | undefined);
export const narrativeOf = (resource: Json): string | undefined => str(obj(resource.text)?.div);

/** A BCP 47 tag's shape (`de`, `de-AT`, `zh-Hant-TW`); anything else is not a language. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z\d]{1,8})*$/i;

/**
 * The language a record's words are written in (WCAG 2.2 SC 3.1.2), as an entry field:
 * the resource's own `language`, else its document's (`Composition` or `Bundle.language`)
 * when it came in one; nothing when neither states one. The one rule of every summary path
 * (a FHIR search, an IPS document, a server's `$summary`).
 */
export function languageOf(resource: Json, documentLanguage?: string): { language?: string } {
  const language = [str(resource.language)?.trim(), documentLanguage].find((tag) => tag && LANGUAGE_TAG.test(tag));
  return language ? { language } : {};
}

/** What a document says of every record in it: the language of its words and its security labels. */
export interface DocumentLabels {
  language?: string;
  security?: Coding[];
}

/**
 * What an IPS document (a Bundle, its Composition when it has one) says of all its records:
 * its words' language (the Composition's, else the Bundle's) and its security labels (both
 * `meta.security`, and the Composition's `confidentiality` as the label it is), so a record
 * in a document marked restricted is withheld from a proxy like one labelled itself.
 */
export function documentLabels(bundle: Json, composition: Json | undefined): DocumentLabels {
  // the proxy policy's own reading, so a document it withholds on screen it withholds whole
  const security = documentSecurity(bundle);
  return { ...languageOf(composition ?? {}, languageOf(bundle).language), ...(security.length ? { security } : {}) };
}

/**
 * The labels every entry a resource adds carries (one rule, not one per mapper): its own
 * security labels with its document's, and the language of its words, else the document's.
 */
export function recordLabels(resource: Json, document: DocumentLabels = {}): DocumentLabels {
  const security = [...(securityOf(resource).security ?? []), ...(document.security ?? [])];
  return { ...(security.length ? { security } : {}), ...languageOf(resource, document.language) };
}

/** Resolves references within a set of resources (a Bundle, or search results with includes). */
export type Resolver = (reference: Reference | undefined) => Resource | undefined;

/** A resolver over resources keyed by `Type/id` and by `fullUrl`. */
export function resolverFor(resources: readonly Resource[], fullUrls: ReadonlyMap<string, Resource> = new Map()): Resolver {
  const byRef = new Map<string, Resource>(fullUrls);
  for (const resource of resources) {
    if (resource?.resourceType && resource.id) byRef.set(`${resource.resourceType}/${resource.id}`, resource);
  }
  return (reference) => {
    const ref = str(obj(reference)?.reference);
    if (!ref) return undefined;
    return byRef.get(ref) ?? byRef.get(ref.split('/').slice(-2).join('/'));
  };
}

/** The display of a reference: its `display`, else the name of what it points to. */
export function referenceName(reference: unknown, resolve: Resolver): string | undefined {
  const ref = obj(reference);
  if (!ref) return undefined;
  if (str(ref.display)) return ref.display;
  const target = resolve(ref as Reference);
  if (!target) return undefined;
  if (str(target.name) && typeof target.name === 'string') return target.name;
  const names = arr(target.name);
  if (names.length) {
    const name = toName(names.find((n) => n.use === 'official') ?? names[0]);
    return name.text ?? [...name.prefix, ...name.given, name.family, ...name.suffix].filter(Boolean).join(' ');
  }
  return undefined;
}

export const idOf = (resource: Json, fallback: string): string =>
  str(resource.id) ? `${resource.resourceType}/${resource.id}` : fallback;

/** A date-time, a Period's start, or a plain string date: whichever the field holds. */
export function dateOf(resource: Json, field: string): string | undefined {
  return (
    str(resource[`${field}DateTime`]) ??
    str(obj(resource[`${field}Period`])?.start) ??
    // a period known only by its end ("resolved by June") is dated by that end
    str(obj(resource[`${field}Period`])?.end) ??
    str(resource[`${field}Instant`]) ??
    str(resource[`${field}Date`]) ??
    str(resource[`${field}String`]) ??
    (typeof resource[field] === 'string' ? str(resource[field]) : undefined)
  );
}
