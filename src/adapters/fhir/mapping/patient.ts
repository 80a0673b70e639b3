/** FHIR Patient (+ AllergyIntolerance) → the banner's demographics. */
import type {
  AdministrativeSex,
  AllergyCriticality,
  AllergyItem,
  AllergyStatus,
  PatientDemographics,
  ReactionSeverity,
} from '../../ports.js';
import type { AllergyIntolerance, Patient } from '../fhir-types.js';
import { securityOf, statusCode, toCoded, toIdentifier, toName, unconfirmedOf } from './common.js';
import { recordedAllergies } from '../../../core/allergy-status.js';
import { currentAbsence, fhirNegation } from '../../negation.js';
import { arrayOf, objectOf, resourceOf, stringOf } from '../guards.js';

const SEXES: readonly AdministrativeSex[] = ['male', 'female', 'other', 'unknown'];
const SEVERITY_RANK: Record<string, number> = { severe: 3, moderate: 2, mild: 1 };

function isActive(allergy: AllergyIntolerance): boolean {
  const clinical = statusCode(allergy.clinicalStatus);
  const verification = statusCode(allergy.verificationStatus);
  if (verification === 'entered-in-error' || verification === 'refuted') return false;
  return clinical === undefined || clinical === 'active';
}

/**
 * Summarizes allergy records into what a banner shows (each allergy with its security
 * labels). "None known" follows the summary's one rule (`currentAbsence` in
 * src/adapters/negation.ts): a current "no known allergy" statement makes it none known;
 * an inactive, refuted or entered-in-error one, or an IPS "no information" code, says nothing.
 */
export function allergyStatus(allergies: readonly AllergyIntolerance[]): AllergyStatus {
  let noneKnown = false;
  const real: AllergyIntolerance[] = [];
  for (const allergy of allergies) {
    if (!resourceOf(allergy)) continue;
    const verification = statusCode(allergy.verificationStatus);
    const kind = currentAbsence(toCoded(allergy.code), {
      status: statusCode(allergy.clinicalStatus),
      enteredInError: verification === 'entered-in-error',
      negation: fhirNegation(allergy as never),
    });
    if (kind === 'none') noneKnown = true;
    else if (kind === undefined && isActive(allergy)) real.push(allergy);
  }
  if (real.length === 0) return noneKnown ? { kind: 'none-known' } : { kind: 'unrecorded' };
  return recordedAllergies(
    real.map((allergy): AllergyItem => {
      const severity = arrayOf<{ severity?: unknown }>(allergy.reaction)
        .map((reaction) => stringOf(reaction.severity))
        .filter((value): value is string => value !== undefined)
        .sort((a, b) => (SEVERITY_RANK[b] ?? 0) - (SEVERITY_RANK[a] ?? 0))[0];
      const substance = toCoded(allergy.code);
      return {
        substance: substance.text ?? substance.codings.find((c) => c.display)?.display ?? substance.codings[0]?.code ?? '',
        criticality: stringOf(allergy.criticality) as AllergyCriticality | undefined,
        severity: severity as ReactionSeverity | undefined,
        ...(unconfirmedOf(allergy.verificationStatus) ? { unconfirmed: true } : {}),
        ...securityOf(allergy),
      };
    }),
  );
}

/** Maps a Patient and (optionally) their AllergyIntolerance records. */
export function toPatientDemographics(patient: Patient, allergies?: readonly AllergyIntolerance[]): PatientDemographics {
  const identifiers = (Array.isArray(patient.identifier) ? patient.identifier : [])
    .map(toIdentifier)
    .filter((identifier) => identifier !== undefined);
  const communication = arrayOf<{ language?: unknown; preferred?: unknown }>(patient.communication);
  const language = communication.find((c) => c.preferred === true) ?? communication[0];
  const sex = SEXES.find((s) => s === patient.gender);
  return {
    ref: `Patient/${stringOf(patient.id) ?? ''}`,
    names: (Array.isArray(patient.name) ? patient.name : []).map(toName),
    birthDate: typeof patient.birthDate === 'string' ? patient.birthDate : undefined,
    sex,
    deceased:
      typeof patient.deceasedDateTime === 'string'
        ? patient.deceasedDateTime
        : patient.deceasedBoolean === true
          ? true
          : undefined,
    identifiers,
    // MR is the HL7 v2 identifier type for a medical record number
    mrn: identifiers.find((identifier) => identifier.typeCode === 'MR'),
    preferredLanguage: objectOf(language?.language) ? toCoded(language!.language as never) : undefined,
    allergies: allergies ? allergyStatus(allergies) : undefined,
  };
}
