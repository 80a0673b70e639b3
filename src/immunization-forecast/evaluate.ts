/**
 * Evaluate dose administered (Logic Specification chapter 6): each dose of an antigen is
 * checked against the next target dose of a patient series — conditional skip, inadvertent
 * vaccine, age, preferable and allowable interval, live-virus conflict, preferable and
 * allowable vaccine — and either satisfies it or not.
 */
import { addDuration, codeSet, parseDate, type Day } from './dates.js';
import { ageDate, inAgeRange, type AntigenDose, type Context } from './context.js';
import { list, type RawAge, type RawInterval, type RawSeries, type RawSeriesDose } from './data-types.js';
import { conflictOnDate } from './live-virus.js';
import { isSkipped } from './skip.js';
import { previousDose, type EvaluatedDose, type SeriesEvaluation } from './series-state.js';

/** Picks the row (age or interval) in effect on `date` by its effective/cessation dates. */
export function inEffect<T extends { effectiveDate?: string; cessationDate?: string }>(rows: T[], date: Day): T[] {
  return rows.filter((row) => {
    const from = parseDate(row.effectiveDate);
    const to = parseDate(row.cessationDate);
    return (from === undefined || date >= from) && (to === undefined || date < to);
  });
}

/** The target dose's age row in effect on `date`. */
export function ageRow(target: RawSeriesDose, date: Day): RawAge | undefined {
  return inEffect(list(target.age), date)[0];
}

/**
 * EVALAGE: 'too young' before the absolute minimum age (the minimum age less the 4-day
 * grace period, which CDC's test cases apply whatever the previous dose's status); 'too
 * old' on or after the maximum age; otherwise null.
 */
export function evaluateAge(ctx: Context, target: RawSeriesDose, dose: AntigenDose): 'too young' | 'too old' | null {
  const age = ageRow(target, dose.date);
  if (!age) return null;
  const absMin = ageDate(ctx.patient, age.absMinAge) ?? ctx.patient.birth;
  const max = ageDate(ctx.patient, age.maxAge);
  if (max !== undefined && dose.date >= max) return 'too old';
  if (dose.date < absMin) return 'too young';
  return null;
}

/**
 * The reference date of an interval (EVALINT): the previous dose administered, the dose
 * that satisfied a given target dose, the most recent dose of given vaccine types, or the
 * date of a relevant observation. Undefined when there is none (the interval then does not apply).
 */
export function intervalReference(ctx: Context, interval: RawInterval, state: SeriesEvaluation, before: Day, forecast = false): Day | undefined {
  const prior = state.evaluated.filter((e) => e.dose.date <= before);
  if (interval.fromPrevious === 'Y') return previousDose(prior)?.dose.date;
  if (interval.fromTargetDose) {
    const n = Number(interval.fromTargetDose);
    return state.targets[n - 1]?.satisfiedBy?.dose.date;
  }
  if (interval.fromMostRecent) {
    const cvxs = codeSet(interval.fromMostRecent);
    // Evaluating a dose: doses before it; forecasting: every dose up to the assessment date.
    const hits = ctx.allDoses.filter((d) => (forecast ? d.date <= before : d.date < before) && cvxs.has(d.cvx));
    return hits.length ? hits[hits.length - 1]!.date : undefined;
  }
  if (interval.fromRelevantObs?.code) {
    const obs = ctx.patient.observationDates.get(interval.fromRelevantObs.code);
    return obs;
  }
  return undefined;
}

/**
 * EVALINT: every preferable interval in effect must be met — not before the reference +
 * absolute minimum interval (the minimum interval less the grace period). When they are
 * not, EVALALLOWINT accepts the dose if every allowable interval's absolute minimum is met.
 */
export function evaluateIntervals(ctx: Context, target: RawSeriesDose, dose: AntigenDose, state: SeriesEvaluation): boolean {
  const preferableOk = inEffect(list(target.interval), dose.date).every((interval) => {
    const ref = intervalReference(ctx, interval, state, dose.date);
    if (ref === undefined) return true;
    return dose.date >= (addDuration(ref, interval.absMinInt) ?? ref);
  });
  if (preferableOk) return true;
  const allowable = inEffect(list(target.allowableInterval), dose.date);
  if (!allowable.length) return false;
  return allowable.every((interval) => {
    const ref = intervalReference(ctx, interval, state, dose.date);
    if (ref === undefined) return true;
    return dose.date >= (addDuration(ref, interval.absMinInt) ?? ref);
  });
}

/** EVALPREFVAC / EVALALLOWVAC: 'preferable', 'allowable' or null for the dose's vaccine. */
export function evaluateVaccine(ctx: Context, target: RawSeriesDose, dose: AntigenDose): 'preferable' | 'allowable' | null {
  const preferable = list(target.preferableVaccine).some((v) => v.cvx === dose.cvx &&
    inAgeRange(ctx.patient, dose.date, v.beginAge, v.endAge) && (!v.mvx || !dose.mvx || v.mvx === dose.mvx));
  if (preferable) return 'preferable';
  const allowable = list(target.allowableVaccine).some((v) => v.cvx === dose.cvx && inAgeRange(ctx.patient, dose.date, v.beginAge, v.endAge));
  return allowable ? 'allowable' : null;
}

/**
 * Evaluates every dose of one antigen against one patient series (chapter 6, in date
 * order), advancing through the target doses. `completedGroups` answers the "Completed
 * Series" skip condition.
 */
export function evaluateSeries(ctx: Context, antigen: string, series: RawSeries, doses: AntigenDose[],
  completedGroups: (groups: string[]) => boolean): SeriesEvaluation {
  const state: SeriesEvaluation = {
    antigen, series, evaluated: [], doses, next: 0,
    targets: list(series.seriesDose).map((raw) => ({ raw, status: 'not satisfied', satisfiedBy: null })),
  };
  for (const dose of doses) {
    state.evaluated.push(evaluateDose(ctx, state, dose, completedGroups));
  }
  return state;
}

function evaluateDose(ctx: Context, state: SeriesEvaluation, dose: AntigenDose, completedGroups: (groups: string[]) => boolean): EvaluatedDose {
  const result = (status: EvaluatedDose['status'], reason: string | null): EvaluatedDose =>
    ({ dose, status, reason, targetDose: null, preferable: false });
  // CONDSKIP (evaluation context): skip target doses that are not needed for this dose.
  while (state.next < state.targets.length &&
    isSkipped(ctx, state.targets[state.next]!.raw, 'Evaluation', dose.date, state, completedGroups)) {
    state.targets[state.next]!.status = 'skipped';
    state.next++;
  }
  const target = state.targets[state.next];
  if (!target) return result('Extraneous', 'Series Already Complete');
  const raw = target.raw;
  if (list(raw.inadvertentVaccine).some((v) => v.cvx === dose.cvx)) return result('Not Valid', 'Inadvertent Vaccine');
  const age = evaluateAge(ctx, raw, dose);
  if (age === 'too old') return result('Extraneous', 'Age: Too Old');
  if (age === 'too young') return result('Not Valid', 'Age: Too Young');
  if (!evaluateIntervals(ctx, raw, dose, state)) return result('Not Valid', 'Interval: too Soon');
  const notValid = (d: AntigenDose): boolean => state.evaluated.some((e) => e.dose === d && e.status === 'Not Valid');
  if (conflictOnDate(ctx.data, ctx.allDoses, dose.cvx, dose.date, notValid)) return result('Not Valid', 'Live Virus Conflict');
  const vaccine = evaluateVaccine(ctx, raw, dose);
  if (!vaccine) return result('Not Valid', 'Not a preferable or allowable vaccine');
  const evaluated: EvaluatedDose = { dose, status: 'Valid', reason: null, targetDose: state.next + 1, preferable: vaccine === 'preferable' };
  target.status = 'satisfied';
  target.satisfiedBy = evaluated;
  if (raw.recurringDose !== 'Yes') state.next++;
  return evaluated;
}
