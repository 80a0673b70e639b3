/**
 * Negations, in one place for every route (live FHIR, IPS Bundle, C-CDA): a record that
 * states the opposite of an ordinary fact — an order NOT to give a medicine, a vaccine
 * not given, a cancelled test, a procedure stopped before it was finished, "not
 * allergic to peanuts" — is marked with a {@link Negation} so the elements never show
 * it as something that happened or something the patient takes. Pure functions, no I/O.
 *
 * "None known" statements (no known allergies, IPS absent/unknown codes, `emptyReason`)
 * are not entries at all; they make a section `none-known` (see `sectionOf` in the FHIR
 * summary mapping, which uses {@link isNoneKnownCode} / {@link absence}).
 */
import type { CodedValue, Negation } from './ports.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const codeOf = (concept: unknown): string | undefined => {
  const codings = (concept as Json | undefined)?.coding;
  return Array.isArray(codings) ? codings.find((c: Json) => typeof c?.code === 'string')?.code : undefined;
};

/**
 * The negation a FHIR resource states, if any. Wrong JSON types read as absent: only a
 * literal `true` is a `doNotPerform`, only a string is a status.
 */
export function fhirNegation(resource: Json): Negation | undefined {
  if (!resource || typeof resource !== 'object') return undefined;
  const status = typeof resource.status === 'string' ? resource.status : undefined;
  switch (resource.resourceType) {
    case 'MedicationRequest':
    case 'ServiceRequest':
    case 'DeviceRequest':
      return resource.doNotPerform === true ? 'do-not-perform' : undefined;
    case 'MedicationStatement':
      return status === 'not-taken' ? 'not-taken' : undefined;
    case 'MedicationAdministration':
    case 'Immunization':
      return status === 'not-done' ? 'not-done' : undefined;
    case 'Procedure':
      return status === 'not-done' ? 'not-done' : status === 'stopped' ? 'stopped' : undefined;
    case 'Observation':
    case 'DiagnosticReport':
      return status === 'cancelled' ? 'cancelled' : undefined;
    case 'Condition':
    case 'AllergyIntolerance':
      // a refuted condition or allergy is a statement that the patient does NOT have it
      return codeOf(resource.verificationStatus) === 'refuted' ? 'absent' : undefined;
    default:
      return undefined;
  }
}

/**
 * The negation a C-CDA clinical statement states, if any: `negationInd="true"` (on an
 * observation it negates the value — "does not have"; on an act it says the act did not
 * happen, or in an intent mood that it must not), or a `statusCode` of `aborted` (a
 * procedure stopped part way) / `cancelled`.
 */
export function ccdaNegation(statement: Element): Negation | undefined {
  const status = [...statement.children].find((c) => c.localName === 'statusCode')?.getAttribute('code') ?? undefined;
  if (statement.getAttribute('negationInd') === 'true') {
    if (statement.localName === 'observation') return 'absent';
    const mood = statement.getAttribute('moodCode') ?? 'EVN';
    if (mood !== 'EVN') return 'do-not-perform';
    return statement.localName === 'substanceAdministration' && status !== 'cancelled' ? 'not-taken' : 'not-done';
  }
  // an aborted procedure was stopped part way; an aborted medicine or vaccine was taken
  // and then discontinued, which is a status (hidden as inactive), not a negation
  if (status === 'aborted') return statement.localName === 'substanceAdministration' ? undefined : 'stopped';
  if (status === 'cancelled') return statement.localName === 'observation' ? 'cancelled' : 'not-done';
  return undefined;
}

/*
 * Codes that record an absence rather than a fact. SNOMED CT: "no known allergy" and its
 * drug / food / environment / latex variants, "no current problems or disability", the
 * IPS "no known medications / immunizations / device use" situations (IPS value set
 * "Absent or Unknown SNOMED"), "no drug therapy prescribed"; UK "no known medication".
 */
const NONE_KNOWN_CODES = new Set([
  '716186003', '409137002', '429625007', '428607008', '1003774007', // no known allergy
  '160245001', // no current problems or disability
  '787481004', // no known medications
  '787482006', // no known immunizations
  '787483001', // no known device use
  '182849000', // no drug therapy prescribed
  '1240581000000104', // no known medication (UK)
]);
/** Codes that say nothing is known either way ("drug treatment unknown"). */
const UNKNOWN_CODES = new Set(['182904002', '261665006']);

/** Whether a code is one of the "none known" codes above. */
export function isNoneKnownCode(code: string | undefined): boolean {
  return code !== undefined && NONE_KNOWN_CODES.has(code);
}

/**
 * Whether a coded value says "none known" (`none`), "no information" (`unknown`), or
 * neither. The IPS absent-unknown code system: `no-known-…` (and `no-medication-info-none`)
 * are none known, `no-…-info` are not recorded.
 */
export function absence(value: CodedValue): 'none' | 'unknown' | undefined {
  for (const coding of value.codings) {
    const code = coding.code ?? '';
    if (coding.system?.includes('absent-unknown')) {
      if (code.startsWith('no-known') || code === 'no-medication-info-none') return 'none';
      return 'unknown';
    }
    if (NONE_KNOWN_CODES.has(code)) return 'none';
    if (UNKNOWN_CODES.has(code)) return 'unknown';
  }
  return undefined;
}

/**
 * A section-level "why empty" code (`Composition.section.emptyReason`, `List.emptyReason`,
 * list-empty-reason code system) as none known or not recorded: `nilknown` says the
 * record holds nothing; `notasked`, `unavailable`, `withheld`, `notstarted`, `closed` say
 * nothing was recorded.
 */
export function emptyReasonOf(concept: unknown): 'none' | 'unknown' | undefined {
  const code = codeOf(concept);
  if (!code) return undefined;
  return code === 'nilknown' ? 'none' : 'unknown';
}
