/**
 * Negations, in one place for every route (live FHIR, IPS Bundle, C-CDA): a record that
 * states the opposite of an ordinary fact — an order NOT to give a medicine, a vaccine
 * not given, a cancelled test, a procedure stopped before it was finished, "not
 * allergic to peanuts" — is marked with a {@link Negation} so the elements never show
 * it as something that happened or something the patient takes. Pure functions, no I/O.
 *
 * "None known" statements (no known allergies, IPS absent/unknown codes, `emptyReason`)
 * are not entries at all; they make a section `none-known` (see `sectionOf` in the FHIR
 * summary mapping) and the banner's allergies "none known", both through
 * {@link currentAbsence}; a "no known immunizations" statement is no vaccination.
 *
 * Record statuses that change what an entry is live here too: a C-CDA statement recorded
 * in error ({@link ccdaEnteredInError}), a medicine request nobody ordered
 * ({@link isUnorderedRequest}) and the one a prescriber authorized ({@link isPrescriberAuthorization}),
 * a Consent that denies ({@link consentProvision}).
 */
import type { CodedValue, MedicationEntry, Negation } from './ports.js';

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
    case 'Consent':
      // a directive that denies what it names ("deny" CPR) is a refusal, never a permission
      return consentProvision(resource)?.type === 'deny' ? 'do-not-perform' : undefined;
    default:
      return undefined;
  }
}

/**
 * The provision of a Consent that says what was decided: the root one when it names
 * something (a code) or takes a side (a type), else one of the nested rules that name
 * something (R4 gives a root rule no type: its rules sit beside each other inside it) — a
 * refusal first, so a "deny CPR" beside a "permit antibiotics" leads as the refusal it is,
 * whatever their order. Undefined without provisions.
 */
export function consentProvision(resource: Json): Json | undefined {
  const root = resource?.provision;
  if (!root || typeof root !== 'object') return undefined;
  if (Array.isArray(root.code) && root.code.length) return root;
  if (typeof root.type === 'string') return root;
  const named = Array.isArray(root.provision) ? root.provision.filter((p: Json) => Array.isArray(p?.code) && p.code.length) : [];
  return named.find((p: Json) => p.type === 'deny') ?? named[0] ?? root;
}

/*
 * MedicationRequest.intent codes that authorize no one to act (R4 medicationrequest-intent):
 * a `proposal` is "a suggestion … without providing an authorization to act", a `plan` "an
 * intention to ensure something occurs without providing an authorization for others to act",
 * an `option` "a component or option for a RequestGroup" (one choice in a set). `order` and
 * the codes under it (original-, reflex-, filler-, instance-order) are authorizations.
 */
const NOT_ORDERS = new Set<unknown>(['proposal', 'plan', 'option']);

/** What a request that is no order is: a proposal, a plan or one option of a set. */
export type UnorderedIntent = NonNullable<NonNullable<MedicationEntry['proposed']>['intent']>;

/** The intent of a MedicationRequest when it authorizes nothing (see NOT_ORDERS), else undefined. */
export function unorderedIntent(resource: Json): UnorderedIntent | undefined {
  return NOT_ORDERS.has(resource?.intent) ? resource.intent : undefined;
}

/**
 * Whether a MedicationRequest is not (yet) an order anyone prescribed: a `draft`, or a
 * request whose intent authorizes nothing ({@link unorderedIntent}: a proposal, a plan, an
 * option). Its requester suggested or planned it; it is never shown as prescribed by them,
 * nor listed or requested as a prescription.
 */
export function isUnorderedRequest(resource: Json): boolean {
  return resource?.status === 'draft' || unorderedIntent(resource) !== undefined;
}

/*
 * The MedicationRequest.intent codes by which a prescriber authorizes a medicine, so a
 * prescription a patient may hold and ask to refill (R4 medicationrequest-intent, and
 * request-intent's hierarchy under `order`): an `order`, an `original-order` ("the original
 * authorization for a medication request") and a `reflex-order` ("an automatically generated
 * supplemental order … based on a parent order" — MEDITECH records an ordinary outpatient
 * prescription this way, with no parent). Left out, although they sit under `order` too:
 * a `filler-order`, the fulfilling system's (a pharmacy's) own record of an order it received
 * — the authorization is the prescriber's order it fills: listing the pharmacy's copy too
 * would show one prescription twice, and a refill asked of it would reach no prescriber — and
 * an `instance-order`, one administration (a dose given), which nobody refills.
 */
export const PRESCRIBER_INTENTS: readonly string[] = ['order', 'original-order', 'reflex-order'];
const PRESCRIBER_INTENT_SET = new Set<unknown>(PRESCRIBER_INTENTS);

/**
 * Whether a MedicationRequest's intent is that of a prescriber's authorization (`order`,
 * `original-order`, `reflex-order`), whatever its status: a `draft` one is still unsigned
 * ({@link isPrescriberAuthorization}). A value of the wrong JSON type is no intent.
 */
export function hasPrescriberIntent(resource: Json): boolean {
  return PRESCRIBER_INTENT_SET.has(resource?.intent);
}

/**
 * Whether a MedicationRequest is a prescriber's authorization: its intent is one
 * ({@link hasPrescriberIntent}) and it is not a `draft` ({@link isUnorderedRequest}: nobody
 * signed it). Only such a request names a prescriber in the refill tools; its status
 * (entered in error, active, stopped …) is for the caller to weigh.
 */
export function isPrescriberAuthorization(resource: Json): boolean {
  return hasPrescriberIntent(resource) && !isUnorderedRequest(resource);
}

/**
 * The C-CDA counterpart: a substanceAdministration in mood `PRP` (HL7 v3 ActMood "proposal")
 * is a proposal. `INT` is what a Medication Activity prescribes (C-CDA on FHIR maps it to
 * intent `order`), and `RQO` a request, that is an order.
 */
export function ccdaUnorderedIntent(statement: Element): UnorderedIntent | undefined {
  return statement.getAttribute('moodCode') === 'PRP' ? 'proposal' : undefined;
}

/**
 * Whether a C-CDA statement was recorded in error: its own `statusCode` or that of an act
 * it sits in (a concern act, an organizer) is `nullified`. Such entries are marked
 * `enteredInError` (hidden like FHIR's entered-in-error), and a "none known" statement
 * recorded in error says nothing.
 */
export function ccdaEnteredInError(...statements: (Element | undefined)[]): true | undefined {
  return statements.some((s) => s !== undefined && statusCodeOf(s) === 'nullified') || undefined;
}

const statusCodeOf = (statement: Element) => [...statement.children].find((c) => c.localName === 'statusCode')?.getAttribute('code') ?? undefined;

/**
 * The negation a C-CDA clinical statement states, if any: `negationInd="true"` (on an
 * observation it negates the value — "does not have"; on an act it says the act did not
 * happen, or in an intent mood that it must not), or a `statusCode` of `aborted` (a
 * procedure stopped part way) / `cancelled`.
 */
export function ccdaNegation(statement: Element): Negation | undefined {
  const status = statusCodeOf(statement);
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

/*
 * Statuses under which a "none known" statement no longer says so: an allergy or problem
 * statement (clinicalStatus) that is inactive, resolved or in remission.
 */
const LAPSED_STATUSES = new Set(['inactive', 'resolved', 'remission', 'entered-in-error']);

/**
 * What an entry says about the absence of its kind now, the one rule for every view (the
 * summary's sections and the patient banner): `none` a current "none known" statement;
 * `unknown` a "no information" statement; `lapsed` a "none known" or "no information"
 * statement that no longer holds (inactive, resolved, refuted, entered in error), which
 * says nothing; undefined when the entry is an ordinary fact (or a negated one).
 */
export function currentAbsence(
  concept: CodedValue,
  record: { status?: string; enteredInError?: boolean; negation?: Negation },
): 'none' | 'unknown' | 'lapsed' | undefined {
  const kind = absence(concept);
  if (!kind) return undefined;
  return absenceLapsed(record) ? 'lapsed' : kind;
}

/**
 * Whether a "none known" statement no longer holds: entered in error, refuted (a refuted
 * "no known allergy" says the patient has one), or inactive / resolved. The C-CDA reader
 * asks it of a negated "no known …" observation, which names no absence code.
 */
export function absenceLapsed(record: { status?: string; enteredInError?: boolean; negation?: Negation }): boolean {
  return !!record.enteredInError || record.negation === 'absent' || LAPSED_STATUSES.has(record.status ?? '');
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
