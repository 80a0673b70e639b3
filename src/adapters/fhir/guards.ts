/**
 * Typed accessors for reading FHIR JSON. Real servers send messy data — an object where
 * an array belongs, a number where a string belongs, `null` items inside arrays — and the
 * TypeScript shapes in `fhir-types.ts` cannot promise otherwise. Every mapping module and
 * port read goes through these guards, so a value of the wrong JSON type reads as
 * *absent*, never as an exception. None of them throws on any input.
 */
import type { CodeableConcept, Coding, Reference, Resource } from './fhir-types.js';

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object, else undefined. */
export function objectOf<T extends object = JsonObject>(value: unknown): T | undefined {
  return isObject(value) ? (value as T) : undefined;
}

/**
 * The object items of an array; anything else (an object, a string, null) reads as an
 * empty array, and non-object items (null, numbers) are left out.
 */
export function arrayOf<T extends object = JsonObject>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(isObject) as T[]) : [];
}

/** A non-blank string, else undefined. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The non-blank strings of an array; a non-array reads as empty. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => stringOf(item) !== undefined) : [];
}

/** A finite number, else undefined. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A boolean, else undefined (the string "true" is not a boolean in FHIR JSON). */
export function booleanOf(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/**
 * A FHIR `date`, `dateTime` or `instant` that a `Date` can read, as written (a calendar
 * date keeps its form and never shifts with the time zone); undefined when it is not a
 * string or names no real moment (`2024-13-45`, `yesterday`, a year past 9999).
 */
export function dateOf(value: unknown): string | undefined {
  const text = stringOf(value)?.trim();
  if (!text || !/^\d{4}(-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(text)) return undefined;
  const ms = Date.parse(text.length === 4 ? `${text}-01-01` : text.length === 7 ? `${text}-01` : text);
  return Number.isNaN(ms) ? undefined : text;
}

/** A Reference object (with at least a string `reference` or `display`), else undefined. */
export function referenceOf(value: unknown): Reference | undefined {
  const ref = objectOf<Reference>(value);
  if (!ref) return undefined;
  const reference = stringOf(ref.reference);
  const display = stringOf(ref.display);
  if (!reference && !display) return undefined;
  return { ...(reference ? { reference } : {}), ...(display ? { display } : {}) };
}

/** `Type/id` of a reference (absolute URLs and `_history` allowed); undefined when it names none. */
export function refOf(value: unknown): string | undefined {
  const raw = referenceOf(value)?.reference;
  if (!raw) return undefined;
  const parts = raw.split('/_history/')[0]!.split('/').filter(Boolean);
  return parts.length >= 2 ? `${parts.at(-2)}/${parts.at(-1)}` : undefined;
}

/** A Coding with only string fields kept, else undefined. */
export function codingOf(value: unknown): Coding | undefined {
  const coding = objectOf(value);
  if (!coding) return undefined;
  const system = stringOf(coding.system);
  const code = stringOf(coding.code);
  const display = stringOf(coding.display);
  return { ...(system ? { system } : {}), ...(code ? { code } : {}), ...(display ? { display } : {}) };
}

/** A CodeableConcept with only well-typed parts kept, else undefined. */
export function codeableConceptOf(value: unknown): CodeableConcept | undefined {
  const concept = objectOf(value);
  if (!concept) return undefined;
  const text = stringOf(concept.text);
  const coding = arrayOf(concept.coding)
    .map(codingOf)
    .filter((c): c is Coding => c !== undefined);
  return { ...(text ? { text } : {}), coding };
}

/** A resource (an object with a string `resourceType`), else undefined. */
export function resourceOf<T extends Resource = Resource>(value: unknown, type?: string): T | undefined {
  const resource = objectOf<T>(value);
  if (!resource || typeof resource.resourceType !== 'string') return undefined;
  return type === undefined || resource.resourceType === type ? resource : undefined;
}

/** The first extension with this URL, when `extension` is an array of objects. */
export function extensionOf(holder: unknown, url: string): JsonObject | undefined {
  return arrayOf(objectOf(holder)?.extension).find((ext) => ext.url === url);
}

/**
 * The resources in a Bundle's entries (of `type`, when given). Anything that is not a
 * Bundle, entries that are not objects and resources without a `resourceType` are left out.
 */
export function bundleResources<T extends Resource = Resource>(bundle: unknown, type?: string): T[] {
  const entries = arrayOf<{ resource?: unknown }>(objectOf(bundle)?.entry);
  return entries.map((entry) => resourceOf<T>(entry.resource, type)).filter((r): r is T => r !== undefined);
}

/** The `next` link of a Bundle page; undefined on the last page or when `link` is malformed. */
export function nextLinkOf(bundle: unknown): string | undefined {
  return stringOf(arrayOf<{ relation?: unknown; url?: unknown }>(objectOf(bundle)?.link).find((l) => l.relation === 'next')?.url);
}
