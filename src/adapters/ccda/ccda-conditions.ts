/**
 * C-CDA problems and allergies: concern acts and their observations, "no known …"
 * statements (a negated generic code) kept apart from specific negations ("does not have
 * diabetes", "not allergic to peanuts"), and an allergy's severity, criticality and status
 * observations read as details of it, never as allergies of their own.
 */
import type {
  AllergyCriticality,
  AllergyEntry,
  ProblemEntry,
  ReactionSeverity,
} from '../ports.js';
import {
  kid,
  attr,
  text,
  timeOf,
  type Lookup,
  codedOf,
  idOf,
  related,
  hasTemplate,
  statusObservation,
  GENERIC_CODES,
  type Parsed,
} from './ccda-dom.js';
import { absenceLapsed, ccdaEnteredInError, ccdaNegation } from '../negation.js';

export type EncounterDiagnosis = NonNullable<ProblemEntry['encounterDiagnosis']>;

/** A hospital admission (4.34) or discharge (4.33) diagnosis act: which of the two it is. */
function encounterDiagnosisAct(act: Element | undefined): EncounterDiagnosis | undefined {
  if (!act) return undefined;
  const code = attr(kid(act, 'code'), 'code');
  if (code === '46241-6' || hasTemplate(act, '2.16.840.1.113883.10.20.22.4.34')) return 'admission';
  if (code === '11535-2' || hasTemplate(act, '2.16.840.1.113883.10.20.22.4.33')) return 'discharge';
  return undefined;
}

/**
 * Problem concerns and observations; in an admission or discharge diagnosis section
 * (`sectionDiagnosis`), or wrapped in such an act, each is marked as that stay's diagnosis.
 */
export function problems(entries: Element[], lookup: Lookup, sectionDiagnosis?: EncounterDiagnosis): Parsed<'problems'> {
  const out: ProblemEntry[] = [];
  let none = false;
  for (const entry of entries) {
    const concern = entry.localName === 'act' ? entry : undefined;
    const encounterDiagnosis = encounterDiagnosisAct(concern) ?? sectionDiagnosis;
    const observations = concern ? related(concern, 'SUBJ').filter((o) => o.localName === 'observation') : [entry];
    for (const obs of observations) {
      const value = kid(obs, 'value');
      const name = codedOf(value, lookup);
      // the statement's own text often points at a whole table row: only a last resort
      if (!name.text && !name.codings.some((c) => c.display)) name.text = lookup(kid(obs, 'text'));
      const negation = ccdaNegation(obs);
      const enteredInError = ccdaEnteredInError(obs, concern);
      const time = timeOf(kid(obs, 'effectiveTime'));
      const concernStatus = attr(kid(concern, 'statusCode'), 'code');
      const status = statusObservation(obs) ?? (time.end ? 'resolved' : concernStatus === 'completed' ? 'resolved' : 'active');
      // "no known problems" negates the generic Problem code (one recorded in error or no
      // longer of concern says nothing); a specific negation ("does not have diabetes") is
      // listed as such, never as a problem
      if (negation === 'absent' && !name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) {
        if (!absenceLapsed({ status, enteredInError })) none = true;
        continue;
      }
      out.push({
        // one observation may be both the admission and the discharge diagnosis: two entries
        id: idOf(obs, encounterDiagnosis ? `problem-${encounterDiagnosis}` : 'problem'),
        name,
        onset: time.start,
        abatement: time.end,
        status,
        recorded: timeOf(kid(concern, 'effectiveTime')).start,
        negation,
        enteredInError,
        ...(encounterDiagnosis ? { encounterDiagnosis } : {}),
      });
    }
  }
  return { entries: out, none };
}

const CRITICALITY: Record<string, AllergyCriticality> = {
  '24484000': 'high', // severe (older documents used severity codes)
  CRITH: 'high',
  CRITL: 'low',
  CRITU: 'unable-to-assess',
};

function severityOf(el: Element | undefined): ReactionSeverity | undefined {
  const sev = el ? related(el, 'SUBJ').find((o) => attr(kid(o, 'code'), 'code') === 'SEV') : undefined;
  const display = `${attr(kid(sev, 'value'), 'displayName') ?? ''} ${attr(kid(sev, 'value'), 'code') ?? ''}`.toLowerCase();
  if (/severe|24484000/.test(display)) return 'severe';
  if (/moderate|6736007/.test(display)) return 'moderate';
  if (/mild|255604002/.test(display)) return 'mild';
  return undefined;
}

/** Severity (SEV, 4.8), criticality (4.145) or status (4.28) observation: a detail of an allergy. */
function isAllergyDetail(obs: Element): boolean {
  const code = attr(kid(obs, 'code'), 'code');
  return (
    code === 'SEV' ||
    code === '82606-5' ||
    code === '33999-4' ||
    ['2.16.840.1.113883.10.20.22.4.8', '2.16.840.1.113883.10.20.22.4.145', '2.16.840.1.113883.10.20.22.4.28'].some((t) => hasTemplate(obs, t))
  );
}

export function allergies(entries: Element[], lookup: Lookup): Parsed<'allergies'> {
  const out: AllergyEntry[] = [];
  let none = false;
  for (const entry of entries) {
    const concern = entry.localName === 'act' ? entry : undefined;
    // a concern also carries severity, criticality and status observations: they describe
    // the allergy, and are never an allergy of their own
    const observations = concern ? related(concern, 'SUBJ').filter((o) => o.localName === 'observation' && !isAllergyDetail(o)) : [entry];
    for (const obs of observations) {
      const material = kid(obs, 'participant', 'participantRole', 'playingEntity');
      const substance = codedOf(kid(material, 'code'), lookup);
      if (!substance.text && !substance.codings.length) substance.text = text(kid(material, 'name'));
      const negation = ccdaNegation(obs);
      const enteredInError = ccdaEnteredInError(obs, concern);
      const concernStatus = attr(kid(concern, 'statusCode'), 'code');
      const status = statusObservation(obs) ?? (concernStatus === 'completed' ? 'inactive' : 'active');
      // "no known allergies" negates a null or generic substance (one recorded in error or
      // no longer of concern says nothing, as in the banner); "not allergic to peanuts"
      // names one, and is listed as that negated fact
      if (negation === 'absent' && !substance.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) {
        if (!absenceLapsed({ status, enteredInError })) none = true;
        continue;
      }
      const criticalityObs = related(obs, 'SUBJ').find(
        (o) => attr(kid(o, 'code'), 'code') === '82606-5' || hasTemplate(o, '2.16.840.1.113883.10.20.22.4.145'),
      );
      const criticalityCode = attr(kid(criticalityObs, 'value'), 'code');
      const type = codedOf(kid(obs, 'value'), lookup);
      out.push({
        id: idOf(obs, 'allergy'),
        substance,
        type: type.codings[0]?.display,
        category: [],
        criticality: criticalityCode ? CRITICALITY[criticalityCode] : undefined,
        reactions: related(obs, 'MFST').map((reaction) => ({
          manifestation: [codedOf(kid(reaction, 'value'), lookup)],
          severity: severityOf(reaction),
        })),
        onset: timeOf(kid(obs, 'effectiveTime')).start,
        status,
        negation,
        enteredInError,
      });
    }
  }
  return { entries: out, none };
}
