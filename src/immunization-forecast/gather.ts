/**
 * Gather necessary data (Logic Specification chapter 4): map each dose administered to its
 * antigens through the CVX-to-antigen map, and select the antigen's relevant patient series
 * (chapter 5, "Organize immunization history"; chapter 6, "Select relevant patient series").
 */
import { list, type RawSeries, type RawSupportingData } from './data-types.js';
import { inAgeRange, type AntigenDose, type Patient } from './context.js';
import { parseDate } from './dates.js';
import type { AdministeredDose } from './types.js';

/** Normalises a CVX code the way CDC writes them (at least two digits: '3' → '03'). */
export function normaliseCvx(cvx: string): string {
  const trimmed = String(cvx ?? '').trim();
  return /^\d$/.test(trimmed) ? `0${trimmed}` : trimmed;
}

/**
 * ORGANIZEHIST: the dose list, cleaned (dates parsed, CVX normalised), in date order; doses
 * that cannot be used are reported in `warnings` (unknown CVX, unreadable date, dose after
 * the assessment date).
 */
export function cleanDoses(data: RawSupportingData, patient: Patient, doses: AdministeredDose[], warnings: string[]): AntigenDose[] {
  const known = cvxIndex(data);
  const result: AntigenDose[] = [];
  doses.forEach((dose, index) => {
    const date = parseDate(dose?.date);
    const cvx = normaliseCvx(dose?.cvx);
    if (date === undefined) { warnings.push(`dose ${index}: unreadable date`); return; }
    if (!known.has(cvx)) { warnings.push(`dose ${index}: unknown CVX ${cvx}`); return; }
    if (date > patient.assessment) { warnings.push(`dose ${index}: after the assessment date, ignored`); return; }
    if (date < patient.birth) warnings.push(`dose ${index}: before the birth date`);
    result.push({ index, date, cvx, mvx: dose.mvx ?? null });
  });
  return result.sort((a, b) => a.date - b.date || a.index - b.index);
}

const cvxIndexes = new WeakMap<RawSupportingData, Map<string, { antigen: string; begin?: string; end?: string }[]>>();

/** CVX → antigen associations (ScheduleSupportingData cvxToAntigenMap). */
export function cvxIndex(data: RawSupportingData): Map<string, { antigen: string; begin?: string; end?: string }[]> {
  let index = cvxIndexes.get(data);
  if (!index) {
    index = new Map();
    for (const map of list(data.schedule.cvxToAntigenMap.cvxMap)) {
      index.set(map.cvx, list(map.association).map((a) => ({ antigen: a.antigen, begin: a.associationBeginAge, end: a.associationEndAge })));
    }
    cvxIndexes.set(data, index);
  }
  return index;
}

/** ORGANIZEHIST: the doses that carry `antigen` (association age range respected). */
export function dosesForAntigen(data: RawSupportingData, patient: Patient, doses: AntigenDose[], antigen: string): AntigenDose[] {
  const index = cvxIndex(data);
  return doses.filter((dose) => (index.get(dose.cvx) ?? []).some((a) => a.antigen === antigen && inAgeRange(patient, dose.date, a.begin, a.end)));
}

/**
 * Select relevant patient series (chapter 6): standard and evaluation-only series always;
 * a risk series when the patient has one of its indications at an age inside the
 * indication's range on the assessment date (with `beforeBeginAge`, also before the range
 * begins); a series with a required gender only for that gender.
 */
export function relevantSeries(series: RawSeries[], patient: Patient, beforeBeginAge = false): RawSeries[] {
  return series.filter((s) => {
    const genders = list(s.requiredGender).map((g) => g.toLowerCase());
    if (genders.length) {
      const g = patient.gender.toUpperCase();
      const own = g === 'F' ? 'female' : g === 'M' ? 'male' : 'unknown';
      if (!genders.includes(own)) return false;
    }
    if (s.seriesType.toLowerCase() !== 'risk') return true;
    return isIndicated(s, patient, beforeBeginAge);
  });
}

/** True when a risk series' indication applies to the patient (SELECTRELEVANT). */
export function isIndicated(series: RawSeries, patient: Patient, beforeBeginAge = false): boolean {
  return list(series.indication).some((ind) => {
    const code = ind.observationCode?.code;
    return code !== undefined && patient.observations.has(code) &&
      inAgeRange(patient, patient.assessment, beforeBeginAge ? undefined : ind.beginAge, ind.endAge);
  });
}
