/**
 * FHIR `Immunization`, `ImmunizationRecommendation` and `ImmunizationEvaluation` → the
 * immunization port's domain types. Every field is read through the guards, so messy data
 * reads as absent and nothing here throws. Negations go through `fhirNegation`: a
 * `not-done` record is a vaccination NOT given, never a dose. A "no known immunizations"
 * or "no immunization information" statement (IPS absent/unknown codes, SNOMED CT
 * 787482006) goes through `absence`: it records that none is known, never a vaccination.
 */
import type {
  CodedValue,
  DateValue,
  DoseEvaluation,
  ForecastSource,
  ForecastStatus,
  ImmunizationForecast,
  ImmunizationPatient,
  ImmunizationRecord,
  ImmunizationSource,
  VaccinationRecord,
  VaccineGroupForecast,
} from '../../ports.js';
import { absence, fhirNegation } from '../../negation.js';
import { forecastGroupsOf, isCvxSystem } from '../../vaccine-group-codes.js';
import { formatName } from '../../../core/format.js';
import { securityOf, toCoded, toName } from './common.js';
import { vaccineNamed } from './vaccine-name.js';
import {
  arrayOf,
  booleanOf,
  codeableConceptOf,
  dateOf,
  numberOf,
  objectOf,
  referenceOf,
  refOf,
  resourceOf,
  stringOf,
  type JsonObject,
} from '../guards.js';

/*
 * Reasons that say the patient or guardian refused: v3-ActReason patient objection,
 * religious and philosophical objection, and SNOMED CT 591000119102 "vaccine refused by
 * patient". The CDC NIP002 refusal reasons (00 parental decision, 01 religious exemption,
 * 02 other, 03 patient decision) count only under a NIP002 system, since bare "00"–"03"
 * mean other things elsewhere. Other reasons (immunity, medical precaution, out of stock)
 * make a not-given record but not a refusal.
 */
const REFUSAL_CODES = new Set(['PATOBJ', 'RELIG', 'PHILISOP', '591000119102']);
const NIP002_REFUSALS = new Set(['00', '01', '02', '03']);

const isRefusal = (coding: { system?: string; code?: string }) =>
  coding.code !== undefined && (REFUSAL_CODES.has(coding.code) || (/NIP002/i.test(coding.system ?? '') && NIP002_REFUSALS.has(coding.code)));

/** A coded value from a CodeableConcept read through the guards (absent → undefined). */
function codedOf(value: unknown): CodedValue | undefined {
  const concept = codeableConceptOf(value);
  if (!concept) return undefined;
  const coded = toCoded(concept);
  return coded.text || coded.codings.length ? coded : undefined;
}

/** A positiveInt or string dose field as text. */
function doseText(integer: unknown, text: unknown): string | undefined {
  const n = numberOf(integer);
  return n !== undefined ? String(n) : stringOf(text);
}

/** Who reported the vaccination, from `primarySource` and `reportOrigin`. */
function sourceOf(resource: JsonObject): ImmunizationSource {
  const origin = codedOf(resource.reportOrigin);
  const codes = origin?.codings.map((c) => (/NIP001/i.test(c.system ?? '') ? `NIP001:${c.code}` : c.code)) ?? [];
  const words = `${origin?.text ?? ''} ${origin?.codings.map((c) => c.display ?? '').join(' ') ?? ''}`.toLowerCase();
  // NIP001 05 "from other registry"; a registry named in the origin's words
  if (codes.includes('NIP001:05') || /registry|\biis\b/.test(words)) return 'registry';
  // immunization-origin "recall" / NIP001 04 "from parent's recall", or an origin that names
  // the patient or family in words ("Patient"): what the patient or a parent reports
  if (codes.includes('recall') || codes.includes('NIP001:04') || /\b(patient|parent|guardian|family|recall)\b/.test(words)) return 'patient-reported';
  const primary = booleanOf(resource.primarySource);
  if (primary === true) return 'administered';
  if (primary === false || origin) return 'historical';
  return 'unknown';
}

/**
 * The vaccine groups a dose without a CVX code targets, from `protocolApplied.targetDisease`
 * (SNOMED CT disorders; Canada's CVC Disease value set carries the same codes under its own
 * system), so the record lists it in its groups and a forecast holds back only those.
 */
function targetGroups(resource: JsonObject): string[] {
  const codings = arrayOf(resource.protocolApplied)
    .flatMap((protocol) => arrayOf(protocol.targetDisease))
    .flatMap((disease) => codedOf(disease)?.codings ?? [])
    .map((coding) => (/snomed|\/Disease$/i.test(coding.system ?? '') ? { ...coding, system: 'http://snomed.info/sct' } : coding));
  return forecastGroupsOf({ codings });
}

/** The administering performer (function `AP`) first, else the first with a name. */
function performerOf(resource: JsonObject): string | undefined {
  const performers = arrayOf(resource.performer);
  const administering = performers.find((p) => codedOf(p.function)?.codings.some((c) => c.code === 'AP'));
  for (const performer of administering ? [administering, ...performers] : performers) {
    const display = referenceOf(performer.actor)?.display;
    if (display) return display;
  }
  return undefined;
}

/** CDC's CVX code for "no vaccine administered". */
const NO_VACCINE_CVX = '998';

/**
 * Whether an Immunization records a vaccination at all (given or not given): not one
 * entered in error, and not a statement that none is known or nothing was recorded
 * ("no known immunizations"), which names no vaccine and must never count as a dose.
 */
export function isVaccinationEvent(value: unknown): boolean {
  const resource = resourceOf(value, 'Immunization');
  if (!resource || stringOf(resource.status) === 'entered-in-error') return false;
  const vaccine = codedOf(resource.vaccineCode) ?? { codings: [] };
  // CVX 998 is "no vaccine administered": a note that none was given, naming no vaccine
  if (vaccine.codings.some((c) => isCvxSystem(c.system) && c.code === NO_VACCINE_CVX)) return false;
  return absence(vaccine) === undefined;
}

/**
 * One `Immunization` as a vaccination record; undefined when it is not an Immunization,
 * was entered in error or only says none is known (those are never returned, see the port).
 */
export function toVaccination(value: unknown, index = 0): VaccinationRecord | undefined {
  if (!isVaccinationEvent(value)) return undefined;
  const resource = resourceOf(value, 'Immunization')!;
  const vaccine = vaccineNamed(codedOf(resource.vaccineCode) ?? { codings: [] });
  const cvx = vaccine.codings.find((c) => isCvxSystem(c.system) && c.code)?.code;
  // without a CVX code, the groups its target diseases name (with one, the element derives them)
  const groups = cvx ? [] : targetGroups(resource);
  const notGiven = fhirNegation(resource) === 'not-done';
  const reason = notGiven ? codedOf(resource.statusReason) : undefined;
  const protocol = arrayOf(resource.protocolApplied)[0];
  const manufacturer = objectOf(resource.manufacturer);
  const mvx = arrayOf(manufacturer?.identifier).find((i) => stringOf(i.system)?.endsWith('/mvx'));
  const notes = arrayOf(resource.note)
    .map((n) => stringOf(n.text))
    .filter((t): t is string => t !== undefined);
  const record: VaccinationRecord = {
    id: stringOf(resource.id) ?? `immunization-${index}`,
    vaccine,
    cvx,
    vaccineGroups: groups.length ? groups : undefined,
    mvx: stringOf(mvx?.value),
    // the date as written: a calendar date stays a calendar date; occurrenceString is the source's words
    date: dateOf(resource.occurrenceDateTime) ?? stringOf(resource.occurrenceString),
    status: notGiven ? 'not-given' : 'given',
    notGivenReason: reason,
    refused: notGiven && reason?.codings.some(isRefusal) ? true : undefined,
    partial: booleanOf(resource.isSubpotent) === true ? true : undefined,
    subpotentReason: booleanOf(resource.isSubpotent) === true ? codedOf(arrayOf(resource.subpotentReason)[0]) : undefined,
    doseNumber: protocol ? doseText(protocol.doseNumberPositiveInt, protocol.doseNumberString) : undefined,
    seriesDoses: protocol ? doseText(protocol.seriesDosesPositiveInt, protocol.seriesDosesString) : undefined,
    source: sourceOf(resource),
    origin: codedOf(resource.reportOrigin),
    location: referenceOf(resource.location)?.display,
    performer: performerOf(resource),
    lotNumber: stringOf(resource.lotNumber),
    manufacturer: referenceOf(resource.manufacturer)?.display,
    site: codedOf(resource.site),
    route: codedOf(resource.route),
    note: notes.length ? notes.join('\n') : undefined,
    ...securityOf(resource),
  };
  for (const key of Object.keys(record) as (keyof VaccinationRecord)[]) if (record[key] === undefined) delete record[key];
  return record;
}

/** The Patient as the port's patient (name, birth date, gender). */
export function toImmunizationPatient(ref: string, value: unknown): ImmunizationPatient {
  const patient = resourceOf(value, 'Patient');
  const name = formatName(arrayOf(patient?.name).map(toName));
  const birthDate = dateOf(patient?.birthDate);
  const gender = stringOf(patient?.gender);
  return { ref, ...(name ? { name } : {}), ...(birthDate ? { birthDate } : {}), ...(gender ? { gender } : {}) };
}

/** Immunizations (and anything else, ignored) as the patient's record. */
export function recordFromResources(patient: ImmunizationPatient, resources: readonly unknown[], retrievedAt?: DateValue): ImmunizationRecord {
  const vaccinations = resources
    .map((resource, index) => toVaccination(resource, index))
    .filter((v): v is VaccinationRecord => v !== undefined);
  return { patient, vaccinations, ...(retrievedAt ? { retrievedAt } : {}) };
}

/*
 * `dateCriterion` codes: LOINC (the R4 example value set) and the short codes the spec's
 * own example uses.
 */
const DATE_CRITERIA: Record<string, 'recommendedDate' | 'earliestDate' | 'latestDate' | 'pastDueDate'> = {
  '30980-7': 'recommendedDate',
  '30981-5': 'earliestDate',
  '59777-3': 'latestDate',
  '59778-1': 'pastDueDate',
  recommended: 'recommendedDate',
  due: 'recommendedDate',
  earliest: 'earliestDate',
  latest: 'latestDate',
  overdue: 'pastDueDate',
};

/** The date part of a date or date-time (`2015-12-01T00:00:00-05:00` → `2015-12-01`). */
const dayOf = (value: DateValue | undefined) => value?.slice(0, 10);

/**
 * A `forecastStatus` as ours. `due` is split by the recommended date: on or before `asOf`
 * a dose is due now; after it, the patient is up to date until then. The ImmDS forecast
 * IG's extra words (aged out, not recommended) are read too; any other code is `unknown`.
 */
function statusOf(code: string | undefined, recommended: DateValue | undefined, asOf: DateValue): ForecastStatus {
  switch (code?.toLowerCase().replace(/[\s_-]/g, '')) {
    case 'due':
      return recommended && dayOf(recommended)! > asOf ? 'due-later' : 'due-now';
    case 'overdue':
      return 'overdue';
    case 'immune':
      return 'immune';
    case 'contraindicated':
      return 'contraindicated';
    case 'complete':
      return 'complete';
    case 'agedout':
      return 'aged-out';
    case 'notrecommended':
      return 'not-recommended';
    default:
      return 'unknown';
  }
}

/** One `recommendation` line as a vaccine group's forecast. */
function toGroupForecast(line: JsonObject, asOf: DateValue): VaccineGroupForecast {
  const disease = codedOf(line.targetDisease);
  const vaccines = arrayOf(line.vaccineCode)
    .map(codedOf)
    .filter((v): v is CodedValue => v !== undefined);
  const groups = [...forecastGroupsOf(disease), ...vaccines.flatMap(forecastGroupsOf)];
  const words = (value: CodedValue | undefined) => value?.text ?? value?.codings.find((c) => c.display)?.display ?? value?.codings.find((c) => c.code)?.code;
  const dates: Partial<Record<'recommendedDate' | 'earliestDate' | 'latestDate' | 'pastDueDate', DateValue>> = {};
  for (const criterion of arrayOf(line.dateCriterion)) {
    const field = codedOf(criterion.code)
      ?.codings.map((c) => (c.code ? DATE_CRITERIA[c.code] : undefined))
      .find((f) => f !== undefined);
    const date = dateOf(criterion.value);
    if (field && date && !dates[field]) dates[field] = date;
  }
  const status = codedOf(line.forecastStatus);
  const statusCode = status?.codings.find((c) => c.code)?.code;
  const dose = numberOf(line.doseNumberPositiveInt) ?? Number.parseInt(stringOf(line.doseNumberString) ?? '', 10);
  const reason = arrayOf(line.forecastReason)
    .map((r) => words(codedOf(r)))
    .filter((t): t is string => t !== undefined)
    .join('; ');
  const forecast: VaccineGroupForecast = {
    // a line this library cannot place keeps the source's own words as its group
    vaccineGroup: groups[0] ?? words(disease) ?? words(vaccines[0]) ?? 'Unknown',
    vaccine: vaccines[0],
    status: statusOf(statusCode ?? status?.text, dates.recommendedDate, asOf),
    sourceStatus: statusCode ?? status?.text,
    doseNumber: Number.isInteger(dose) && dose > 0 ? dose : undefined,
    ...dates,
    series: stringOf(line.series),
    reason: reason || stringOf(line.description),
  };
  for (const key of Object.keys(forecast) as (keyof VaccineGroupForecast)[]) if (forecast[key] === undefined) delete forecast[key];
  return forecast;
}

/** One `ImmunizationEvaluation` as a dose evaluation; undefined when it names no dose. */
export function toDoseEvaluation(value: unknown): DoseEvaluation | undefined {
  const resource = resourceOf(value, 'ImmunizationEvaluation');
  const dose = refOf(resource?.immunizationEvent);
  if (!resource || !dose || stringOf(resource.status) === 'entered-in-error') return undefined;
  const status = codedOf(resource.doseStatus);
  const code = status?.codings.find((c) => c.code)?.code;
  const disease = codedOf(resource.targetDisease);
  const reasons = arrayOf(resource.doseStatusReason)
    .map(codedOf)
    .map((r) => r?.text ?? r?.codings.find((c) => c.display)?.display ?? r?.codings.find((c) => c.code)?.code)
    .filter((t): t is string => t !== undefined);
  const number = numberOf(resource.doseNumberPositiveInt) ?? Number.parseInt(stringOf(resource.doseNumberString) ?? '', 10);
  const valid = code === 'valid';
  return {
    vaccinationId: dose.split('/')[1]!,
    vaccineGroup: forecastGroupsOf(disease)[0] ?? disease?.text ?? disease?.codings.find((c) => c.display)?.display ?? 'Unknown',
    valid,
    ...(code || status?.text ? { sourceStatus: code ?? status?.text } : {}),
    ...(!valid && reasons.length ? { reason: reasons.join('; ') } : {}),
    ...(valid && Number.isInteger(number) && number > 0 ? { doseNumber: number } : {}),
  };
}

/**
 * An `ImmunizationRecommendation` (and the evaluations that came with it) as a forecast;
 * undefined when it is not one.
 */
export function forecastFromRecommendation(
  value: unknown,
  asOf: DateValue,
  source: ForecastSource,
  evaluations: readonly unknown[] = [],
): ImmunizationForecast | undefined {
  const recommendation = resourceOf(value, 'ImmunizationRecommendation');
  if (!recommendation) return undefined;
  const madeAt = dateOf(recommendation.date);
  const sourceName = referenceOf(recommendation.authority)?.display;
  return {
    source,
    ...(sourceName ? { sourceName } : {}),
    asOf,
    ...(madeAt ? { madeAt } : {}),
    groups: arrayOf(recommendation.recommendation).map((line) => toGroupForecast(line, asOf)),
    evaluations: evaluations.map(toDoseEvaluation).filter((e): e is DoseEvaluation => e !== undefined),
  };
}

/** The newest recommendation of several (by `date`; one without a date is oldest). */
export function newestRecommendation(resources: readonly unknown[]): JsonObject | undefined {
  const recommendations = resources
    .map((r) => resourceOf(r, 'ImmunizationRecommendation'))
    .filter((r): r is NonNullable<typeof r> => r !== undefined);
  const time = (r: JsonObject) => {
    const date = dateOf(r.date);
    return date ? Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date) : Number.NEGATIVE_INFINITY;
  };
  return recommendations.reduce<JsonObject | undefined>((best, r) => (best === undefined || time(r) > time(best) ? r : best), undefined);
}
