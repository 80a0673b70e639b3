/**
 * Select patient series (Logic Specification chapter 9, "Select best patient series"):
 * within each series group the best series is chosen by scoring, then the prioritized
 * series across groups; series groups not declared equivalent keep a best series each, by
 * series type (`bestByType`).
 */
import { parseDate, type Day } from './dates.js';
import { inAgeRange, type Context } from './context.js';
import { list, type RawSeries } from './data-types.js';
import { validCount, type SeriesEvaluation } from './series-state.js';
import type { Forecast, SeriesType } from './types.js';

/** A series with its forecast, as the selection sees it. */
export interface Candidate {
  evaluation: SeriesEvaluation;
  forecast: Forecast;
  /** Index of the target dose forecast (FORECASTNEED, after skips). */
  target: number;
}

const complete = (c: Candidate): boolean => c.forecast.status === 'Complete';
const day = (text: string | null): Day => parseDate(text) ?? Number.MAX_SAFE_INTEGER;

/**
 * SELECTBEST-1..4 within one series group: among series with valid doses only those of the
 * highest series priority compete; a complete series first (the most valid doses,
 * then a product-path series); then the series with the most valid doses, the fewest target doses
 * remaining, the earliest next dose; ties go to the series preference. With no valid dose
 * anywhere, the default series of a standard group, or a risk series the patient may start
 * at today's age — preferring one the patient starts at its first target dose over one
 * whose first doses are skipped for the patient's age (CDC's meningococcal outbreak and
 * travel cases: a 60-year-old gets the 1-dose series, not the 2–23-month series' booster).
 */
export function bestInGroup(ctx: Context, all: Candidate[]): Candidate | undefined {
  if (!all.length) return undefined;
  // Within a group a higher series priority ('A') outranks completeness (dialysis HepB).
  const priority = (c: Candidate): string => c.evaluation.series.selectSeries.seriesPriority ?? 'Z';
  const withValid = all.filter((c) => validCount(c.evaluation) > 0);
  const top = withValid.length ? withValid.map(priority).sort()[0]! : undefined;
  const candidates = top ? all.filter((c) => priority(c) === top || validCount(c.evaluation) === 0) : all;
  const pref = (c: Candidate): number => Number(c.evaluation.series.selectSeries.seriesPreference ?? 99);
  // A complete series counts only if it was started before its maximum age to start (its
  // minimum age to start may have been added after the doses were given, as for HPV).
  const done = candidates.filter((c) => complete(c) && validCount(c.evaluation) > 0 && startedInTime(ctx, c));
  if (done.length) {
    const product = (c: Candidate): number => (c.evaluation.series.selectSeries.productPath === 'Yes' && allPreferable(c) ? 1 : 0);
    return [...done].sort((a, b) => validCount(b.evaluation) - validCount(a.evaluation) || product(b) - product(a) || pref(a) - pref(b))[0];
  }
  const started = candidates.filter((c) => validCount(c.evaluation) > 0);
  const inTime = started.filter((c) => canStart(ctx, c));
  // Doses given before every series' minimum age to start (a child's dose in an adult risk
  // series) still put those series in process: the patient has started them.
  const withDoses = inTime.length ? inTime : started.filter((c) => startedInTime(ctx, c));
  if (!withDoses.length) {
    // SELECTBEST with no valid dose: a standard group's default series (CDC's cases forecast
    // it even past its maximum age to start); a risk series the patient can start.
    if (!candidates.every(isRisk)) {
      const fallback = candidates.find((c) => isDefault(c) === 1);
      if (fallback) return fallback;
    }
    const startable = candidates.filter((c) => canStart(ctx, c));
    // A risk group the patient cannot start (too young or too old for every series) is out.
    if (!startable.length && candidates.every(isRisk)) return undefined;
    const pool = startable.length ? startable : candidates;
    const agedOut = (c: Candidate): number => (c.forecast.status === 'Aged Out' ? 1 : 0);
    // A series whose first target doses are skipped for the patient's age was meant for a
    // patient who started it younger; one the patient starts from its first dose fits better.
    const skipsStart = (c: Candidate): number => (c.target > 0 ? 1 : 0);
    return [...pool].sort((a, b) => agedOut(a) - agedOut(b) || isDefault(b) - isDefault(a) || skipsStart(a) - skipsStart(b) || pref(a) - pref(b))[0];
  }
  const remaining = (c: Candidate): number => c.evaluation.targets.length - c.evaluation.next;
  return [...withDoses].sort((a, b) =>
    validCount(b.evaluation) - validCount(a.evaluation) || remaining(a) - remaining(b) ||
    day(a.forecast.earliestDate) - day(b.forecast.earliestDate) || pref(a) - pref(b))[0];
}

function isRisk(c: Candidate): boolean {
  return c.evaluation.series.seriesType.toLowerCase() === 'risk';
}

/** The CDSi series type of a candidate's series ('Evaluation Only' counts as standard). */
export function seriesTypeOf(c: Candidate): SeriesType {
  return isRisk(c) ? 'Risk' : 'Standard';
}

function isDefault(c: Candidate): number {
  return c.evaluation.series.selectSeries.defaultSeries === 'Yes' ? 1 : 0;
}

function allPreferable(c: Candidate): boolean {
  return c.evaluation.evaluated.filter((e) => e.status === 'Valid').every((e) => e.preferable);
}

/** True when the series' first valid dose came before its maximum age to start. */
function startedInTime(ctx: Context, c: Candidate): boolean {
  const first = c.evaluation.evaluated.find((e) => e.status === 'Valid');
  return !first || inAgeRange(ctx.patient, first.dose.date, undefined, c.evaluation.series.selectSeries.maxAgeToStart);
}

/**
 * SELECTBEST: a series can be used when the patient's age at its first valid dose (or, with
 * none, on the assessment date) is within its minimum and maximum age to start.
 */
export function canStart(ctx: Context, c: Candidate): boolean {
  const select = c.evaluation.series.selectSeries;
  const first = c.evaluation.evaluated.find((e) => e.status === 'Valid');
  if (!first) return inAgeRange(ctx.patient, ctx.patient.assessment, select.minAgeToStart, select.maxAgeToStart);
  // A dose given within the 4-day grace period before the minimum age to start counts.
  const minStart = select.minAgeToStart ? `${select.minAgeToStart} - 4 days` : undefined;
  return inAgeRange(ctx.patient, first.dose.date, minStart, select.maxAgeToStart);
}

/**
 * SELECTPRIORITIZED: a risk series the patient is indicated for wins over the standard
 * ones; among the best series of the groups left, the one of highest series priority ('A'
 * before 'B'); at equal priority a complete one, then one in progress, then one not
 * started, an aged-out one last; then the lowest group number.
 */
export function prioritized(all: Candidate[]): Candidate | undefined {
  const risk = all.filter(isRisk);
  const best = risk.length ? risk : all;
  const rank = (c: Candidate): number =>
    (c.forecast.status === 'Aged Out' ? 3 : complete(c) ? 0 : validCount(c.evaluation) > 0 ? 1 : 2);
  const priority = (c: Candidate): string => c.evaluation.series.selectSeries.seriesPriority ?? 'Z';
  const group = (c: Candidate): number => Number(c.evaluation.series.selectSeries.seriesGroup ?? 99);
  return [...best].sort((a, b) => priority(a).localeCompare(priority(b)) || rank(a) - rank(b) || group(a) - group(b))[0];
}

const groupOf = (c: Candidate): string => c.evaluation.series.selectSeries.seriesGroup ?? '';

/**
 * Series groups declared equivalent (`equivalentSeriesGroups`): returns a function mapping a
 * series group to a representative of its class. The declaration is read from every series
 * of the antigen, relevant to the patient or not, and in both directions (CDC declares it on
 * one side only in places: RSV's risk group names group 3, groups 1 and 3 name group 2).
 */
export function equivalentGroups(series: RawSeries[]): (group: string) => string {
  const parent = new Map<string, string>();
  const find = (group: string): string => {
    let root = group;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const s of series) {
    const group = s.selectSeries.seriesGroup ?? '';
    for (const other of list(s.equivalentSeriesGroups)) {
      const [a, b] = [find(group), find(String(other).trim())];
      if (a !== b) parent.set(b, a);
    }
  }
  return find;
}

/**
 * Best patient series per series type (chapter 9 introduction and "identify the best patient
 * series"): series groups declared equivalent yield one best series between them (the
 * prioritized one, a risk series over the standard one it replaces); series groups that are
 * not equivalent each keep theirs, so an antigen can have a best standard series and a best
 * risk series (pertussis for a pregnant patient). Returns the prioritized series of each type
 * present, or undefined when there is only one type (the usual case).
 */
export function bestByType(groupBests: Candidate[], rootOf: (group: string) => string): Map<SeriesType, Candidate> | undefined {
  const classes = new Map<string, Candidate[]>();
  for (const c of groupBests) {
    const root = rootOf(groupOf(c));
    classes.set(root, [...(classes.get(root) ?? []), c]);
  }
  const classBests = [...classes.values()].map((members) => prioritized(members)).filter((c): c is Candidate => !!c);
  const types = new Set(classBests.map(seriesTypeOf));
  if (types.size < 2) return undefined;
  const byType = new Map<SeriesType, Candidate>();
  for (const type of ['Risk', 'Standard'] as const) {
    const best = prioritized(classBests.filter((c) => seriesTypeOf(c) === type));
    if (best) byType.set(type, best);
  }
  return byType;
}
