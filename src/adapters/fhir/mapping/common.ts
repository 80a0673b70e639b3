/**
 * FHIR datatypes → domain values. Tolerant by design: any field may be missing or of
 * the wrong type in real data, and nothing here throws.
 */
import type { CodedValue, IdentifierValue, PersonName, QuantityValue, Unconfirmed } from '../../ports.js';
import type { CodeableConcept, Coding, HumanName, Identifier, Quantity, Reference, Resource } from '../fhir-types.js';

const isString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter(isString) : []);

/** A CodeableConcept (or a bare Coding) as a coded value. */
export function toCoded(concept: CodeableConcept | undefined | null): CodedValue {
  if (!concept || typeof concept !== 'object') return { codings: [] };
  // tolerate a bare Coding where a CodeableConcept belongs
  const raw: Coding[] = Array.isArray(concept.coding) ? concept.coding : 'code' in concept ? [concept as Coding] : [];
  return {
    text: isString(concept.text) ? concept.text : undefined,
    codings: raw
      .filter((coding) => coding && typeof coding === 'object')
      .map((coding) => ({
        system: isString(coding.system) ? coding.system : undefined,
        code: isString(coding.code) ? coding.code : undefined,
        display: isString(coding.display) ? coding.display : undefined,
      })),
  };
}

/** A HumanName as a person name. */
export function toName(name: HumanName | undefined | null): PersonName {
  return {
    text: isString(name?.text) ? name.text : undefined,
    family: isString(name?.family) ? name.family : undefined,
    given: strings(name?.given),
    prefix: strings(name?.prefix),
    suffix: strings(name?.suffix),
    use: isString(name?.use) ? name.use : undefined,
  };
}

/** A Quantity as a quantity value. */
export function toQuantity(quantity: Quantity | undefined | null): QuantityValue | undefined {
  if (!quantity || typeof quantity !== 'object') return undefined;
  const value = typeof quantity.value === 'number' && Number.isFinite(quantity.value) ? quantity.value : undefined;
  const comparator = ['<', '<=', '>=', '>'].includes(quantity.comparator as string) ? quantity.comparator : undefined;
  return {
    value,
    comparator,
    unit: isString(quantity.unit) ? quantity.unit : undefined,
    system: isString(quantity.system) ? quantity.system : undefined,
    code: isString(quantity.code) ? quantity.code : undefined,
  };
}

/** An Identifier as an identifier value; undefined when it has no value. */
export function toIdentifier(identifier: Identifier | undefined | null): IdentifierValue | undefined {
  if (!identifier || !isString(identifier.value)) return undefined;
  const type = toCoded(identifier.type);
  return {
    value: identifier.value,
    system: isString(identifier.system) ? identifier.system : undefined,
    typeCode: type.codings.find((coding) => coding.code)?.code,
    typeLabel: type.text ?? type.codings.find((coding) => coding.display)?.display,
  };
}

/** The `code` of the first coding of a status CodeableConcept (`clinicalStatus`). */
export function statusCode(concept: CodeableConcept | undefined): string | undefined {
  return toCoded(concept).codings.find((coding) => coding.code)?.code;
}

const UNCONFIRMED: readonly Unconfirmed[] = ['unconfirmed', 'provisional', 'differential'];

/**
 * How a record's `verificationStatus` leaves what it states unconfirmed, if it does: the
 * summary's problems and allergies and the banner's allergies read it here.
 */
export function unconfirmedOf(verificationStatus: CodeableConcept | undefined): Unconfirmed | undefined {
  const code = statusCode(verificationStatus);
  return UNCONFIRMED.find((u) => u === code);
}

/** A non-blank string, else undefined (a value of any other JSON type is absent). */
export const str = (value: unknown): string | undefined => (isString(value) ? value : undefined);
/** An array's non-null items, else an empty array. */
export const arr = <T = Record<string, unknown>>(value: unknown): T[] =>
  Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined) : [];
/** A JSON object (not an array), else undefined. */
export const obj = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The resource a local reference (`#med1`) names among `resource.contained`, if any. */
export function containedResource(resource: Resource, reference: Reference | undefined): Resource | undefined {
  const ref = str(reference?.reference);
  if (!ref?.startsWith('#')) return undefined;
  const contained: unknown[] = Array.isArray(resource.contained) ? resource.contained : [];
  return contained.find((r): r is Resource => !!obj(r) && `#${(r as Resource).id}` === ref);
}

/**
 * A resource's security labels (`meta.security`) as codings, for the proxy policy: spread
 * into a domain record, it adds `security` only when the resource has labels.
 */
export function securityOf(resource: unknown): { security?: CodedValue['codings'] } {
  const meta = resource && typeof resource === 'object' ? (resource as { meta?: unknown }).meta : undefined;
  const raw = meta && typeof meta === 'object' ? (meta as { security?: unknown }).security : undefined;
  if (!Array.isArray(raw)) return {};
  const security = toCoded({ coding: raw as Coding[] }).codings.filter((coding) => coding.code);
  return security.length ? { security } : {};
}
