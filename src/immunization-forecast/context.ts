/**
 * The patient, dose and supporting-data context shared by every step of the pipeline
 * (Logic Specification chapter 4, "Gather necessary data").
 */
import { addDuration, type Day } from './dates.js';
import type { RawSupportingData } from './data-types.js';

/** The patient as the engine sees it: dates as day numbers, observations as a code set. */
export interface Patient {
  birth: Day;
  gender: string;
  observations: Set<string>;
  /** Date of each observation, when known (intervals from a relevant observation). */
  observationDates: Map<string, Day>;
  assessment: Day;
}

/** One dose administered, as mapped to one antigen (CDSi "antigen administered record"). */
export interface AntigenDose {
  /** Index in the caller's dose list. */
  index: number;
  date: Day;
  cvx: string;
  mvx: string | null;
}

/** Everything a rule needs. */
export interface Context {
  data: RawSupportingData;
  patient: Patient;
  /** All doses administered (every antigen), by date, for live-virus conflicts. */
  allDoses: AntigenDose[];
}

/** The date the patient reaches an age given as a CDSi duration, undefined when none. */
export function ageDate(patient: Patient, age: string | undefined): Day | undefined {
  return addDuration(patient.birth, age);
}

/** True when `date` lies in [birth + begin, birth + end) (a missing bound is open). */
export function inAgeRange(patient: Patient, date: Day, begin: string | undefined, end: string | undefined): boolean {
  const from = ageDate(patient, begin);
  const to = ageDate(patient, end);
  return (from === undefined || date >= from) && (to === undefined || date < to);
}
