/**
 * Forecast dates and reasons (Logic Specification chapter 8) for one patient series:
 * evidence of immunity, contraindications, determine forecast need (with forecast-context
 * conditional skips), then the earliest, recommended, past-due and latest dates.
 */
import { addDuration, formatDate, latest, parseDate, type Day } from './dates.js';
import { ageDate, inAgeRange, type Context } from './context.js';
import { list, type RawAntigen, type RawInterval, type RawSeriesDose } from './data-types.js';
import { ageRow, inEffect, intervalReference } from './evaluate.js';
import { latestConflictEnd } from './live-virus.js';
import { isSkipped } from './skip.js';
import type { SeriesEvaluation } from './series-state.js';
import type { Forecast } from './types.js';

/** A forecast with no dates. */
export function noDates(status: Forecast['status']): Forecast {
  return { status, forecastDoseNumber: null, earliestDate: null, recommendedDate: null, pastDueDate: null, latestDate: null };
}

/**
 * IMMUNITY (chapter 7, "Evidence of immunity"): a clinical-history observation listed for
 * the antigen, or a birth date before the antigen's immunity birth date when the patient
 * has none of the listed exclusions.
 */
export function isImmune(ctx: Context, antigen: RawAntigen): boolean {
  const immunity = antigen.immunity;
  if (!immunity) return false;
  if (list(immunity.clinicalHistory).some((h) => ctx.patient.observations.has(h.guidelineCode))) return true;
  return list(immunity.dateOfBirth).some((rule) => {
    const cutoff = parseDate(rule.immunityBirthDate);
    if (cutoff === undefined || ctx.patient.birth >= cutoff) return false;
    return !list(rule.exclusion).some((e) => ctx.patient.observations.has(e.exclusionCode));
  });
}

/**
 * CONTRAINDICATION (chapter 8, "Antigen contraindication"): an antigen-wide contraindication
 * observation applies at the assessment date.
 */
export function isContraindicated(ctx: Context, antigen: RawAntigen): boolean {
  return list(antigen.contraindications?.vaccineGroup?.contraindication).some((c) =>
    ctx.patient.observations.has(c.observationCode) && inAgeRange(ctx.patient, ctx.patient.assessment, c.beginAge, c.endAge));
}

/**
 * The number CDC's test cases give the forecast dose: one more than the valid doses so far
 * (not the target dose's number, which counts skipped target doses); for a seasonal dose,
 * only valid doses of the current season count.
 */
function doseNumber(state: SeriesEvaluation, seasonStart: Day | undefined): number {
  return 1 + state.evaluated.filter((e) => e.status === 'Valid' && (seasonStart === undefined || e.dose.date >= seasonStart)).length;
}

/** The target dose's intervals in effect on the assessment date that have a reference dose. */
function referencedIntervals(ctx: Context, state: SeriesEvaluation, raw: RawSeriesDose): { interval: RawInterval; ref: Day }[] {
  const at = ctx.patient.assessment;
  return inEffect(list(raw.interval), at).map((interval) => ({ interval, ref: intervalReference(ctx, interval, state, at, true) }))
    .filter((i): i is { interval: RawInterval; ref: Day } => i.ref !== undefined);
}

/** FORECASTDTCAN: the earliest date the target dose may be given. */
function earliestDate(ctx: Context, state: SeriesEvaluation, raw: RawSeriesDose): Day {
  const patient = ctx.patient;
  const age = ageRow(raw, patient.assessment) ?? {};
  const minIntervalDates = referencedIntervals(ctx, state, raw).map(({ interval, ref }) => addDuration(ref, interval.minInt));
  const forecastCvxs = list(raw.preferableVaccine).map((v) => v.cvx);
  const seasonStart = parseDate(raw.seasonalRecommendation?.startDate);
  // A repeat of a dose that did not count is not due before that dose's own date.
  const lastEvaluated = state.evaluated[state.evaluated.length - 1];
  const lastGiven = lastEvaluated && lastEvaluated.status === 'Not Valid' ? lastEvaluated.dose.date : undefined;
  return latest(ageDate(patient, age.minAge), ...minIntervalDates, latestConflictEnd(ctx.data, ctx.allDoses, forecastCvxs), seasonStart, lastGiven) ?? patient.birth;
}

/**
 * FORECASTNEED: the index of the target dose to forecast (targets.length when none is
 * left). A target dose is skipped if its forecast skip holds on the assessment date or on
 * the earliest date it could be given (a dose due later is judged at that age).
 */
export function forecastTarget(ctx: Context, state: SeriesEvaluation, completedGroups: (groups: string[]) => boolean): number {
  const at = ctx.patient.assessment;
  let next = state.next;
  while (next < state.targets.length) {
    const raw = state.targets[next]!.raw;
    if (isSkipped(ctx, raw, 'Forecast', at, state, completedGroups)) { next++; continue; }
    const when = earliestDate(ctx, state, raw);
    if (when > at && isSkipped(ctx, raw, 'Forecast', when, state, completedGroups)) { next++; continue; }
    break;
  }
  return next;
}

/**
 * FORECASTNEED + FORECASTDT*: the series status and, when a dose is due, its dates.
 * - FORECASTDTCAN: earliest = latest of the minimum age date, every minimum interval date,
 *   the latest live-virus conflict end date and the seasonal start date.
 * - FORECASTDTREC: recommended = the earliest recommended age date, else the latest
 *   earliest-recommended interval date, never before the earliest date.
 * - FORECASTDTPD: past due = the latest recommended age date − 1 day, else the latest
 *   latest-recommended interval date − 1 day, never before the earliest date.
 * - latest = maximum age date − 1 day.
 * When the maximum age is reached the series is 'Aged Out'. `next` is the target dose to
 * forecast (forecastTarget), computed when the caller has not.
 */
export function forecastSeries(ctx: Context, state: SeriesEvaluation, completedGroups: (groups: string[]) => boolean,
  next = forecastTarget(ctx, state, completedGroups)): Forecast {
  const patient = ctx.patient;
  const at = patient.assessment;
  const target = state.targets[next];
  if (!target) return noDates('Complete');
  const raw = target.raw;
  const age = ageRow(raw, at) ?? {};
  const maxAge = ageDate(patient, age.maxAge);
  if (maxAge !== undefined && at >= maxAge) return noDates('Aged Out');

  const intervals = referencedIntervals(ctx, state, raw);
  const seasonStart = parseDate(raw.seasonalRecommendation?.startDate);
  const earliest = earliestDate(ctx, state, raw);

  const recAge = ageDate(patient, age.earliestRecAge);
  const recInterval = latest(...intervals.map(({ interval, ref }) => addDuration(ref, interval.earliestRecInt)));
  const recommended = latest(recAge ?? recInterval ?? earliest, earliest)!;

  const lateAge = ageDate(patient, age.latestRecAge);
  const lateInterval = latest(...intervals.map(({ interval, ref }) => addDuration(ref, interval.latestRecInt)));
  const late = lateAge ?? lateInterval;
  // Never before the earliest date: a catch-up dose is overdue no sooner than it may be given.
  const pastDue = late === undefined ? undefined : Math.max(late - 1, earliest);

  return {
    status: 'Not Complete',
    forecastDoseNumber: doseNumber(state, seasonStart),
    earliestDate: formatDate(earliest),
    recommendedDate: formatDate(recommended),
    pastDueDate: pastDue === undefined ? null : formatDate(pastDue),
    latestDate: maxAge === undefined ? null : formatDate(maxAge - 1),
  };
}
