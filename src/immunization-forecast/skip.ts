/**
 * Conditional skip (Logic Specification chapter 6 "Evaluate conditional skip" and chapter 8
 * "Determine forecast need" — the same sets and conditions, in the Evaluation or Forecast
 * context): a target dose need not be given when its sets of conditions are met.
 */
import { addDuration, codeSet, parseDate, type Day } from './dates.js';
import { inAgeRange, type Context } from './context.js';
import { list, type RawCondition, type RawSeriesDose, type RawSet } from './data-types.js';
import type { SeriesEvaluation } from './series-state.js';

/**
 * CONDSKIP: true when the target dose is skipped in `context` ('Evaluation' with the date
 * of the dose being evaluated, 'Forecast' with the assessment date). Sets combine by the
 * skip's set logic (AND/OR), conditions in a set by the set's condition logic.
 */
export function isSkipped(ctx: Context, target: RawSeriesDose, context: 'Evaluation' | 'Forecast', date: Day,
  state: SeriesEvaluation, completedGroups: (groups: string[]) => boolean): boolean {
  for (const skip of list(target.conditionalSkip)) {
    if (skip.context !== context && skip.context !== 'Both') continue;
    const sets = list(skip.set).filter((set) => setInEffect(set, date));
    if (!sets.length) continue;
    const results = sets.map((set) => setMet(ctx, set, context, date, state, completedGroups));
    const met = (skip.setLogic ?? '').toUpperCase() === 'AND' ? results.every(Boolean) : results.some(Boolean);
    if (met) return true;
  }
  return false;
}

function setInEffect(set: RawSet, date: Day): boolean {
  const from = parseDate(set.effectiveDate);
  const to = parseDate(set.cessationDate);
  return (from === undefined || date >= from) && (to === undefined || date < to);
}

function setMet(ctx: Context, set: RawSet, context: 'Evaluation' | 'Forecast', date: Day, state: SeriesEvaluation,
  completedGroups: (groups: string[]) => boolean): boolean {
  const results = list(set.condition).map((c) => conditionMet(ctx, c, context, date, state, completedGroups));
  return (set.conditionLogic ?? '').toUpperCase() === 'OR' ? results.some(Boolean) : results.every(Boolean);
}

/** CONDSKIP conditions: Age, Interval, Vaccine Count by Age/Date, Completed Series. */
function conditionMet(ctx: Context, c: RawCondition, context: 'Evaluation' | 'Forecast', date: Day, state: SeriesEvaluation,
  completedGroups: (groups: string[]) => boolean): boolean {
  const type = c.conditionType.toLowerCase();
  const patient = ctx.patient;
  if (type === 'age') return inAgeRange(patient, date, c.beginAge, c.endAge);
  if (type === 'interval') {
    let previous;
    for (let i = state.evaluated.length - 1; i >= 0 && !previous; i--) {
      const e = state.evaluated[i]!;
      if (e.dose.date < date || (context === 'Forecast' && e.dose.date <= date)) previous = e;
    }
    if (!previous) return false;
    const end = addDuration(previous.dose.date, c.interval);
    return end !== undefined && date >= end;
  }
  if (type === 'completed series') return completedGroups([...codeSet(c.seriesGroups)]);
  if (type.startsWith('vaccine count')) {
    const cvxs = codeSet(c.vaccineTypes);
    const valid = (c.doseType ?? '').toLowerCase() === 'valid';
    const start = parseDate(c.startDate);
    const end = parseDate(c.endDate);
    const byAge = type.includes('age');
    const byDate = type.includes('date');
    const pool = valid ? state.evaluated.filter((e) => e.status === 'Valid').map((e) => e.dose) : state.doses;
    const count = pool.filter((dose) => {
      const e = { dose };
      // Doses before the date being evaluated; in the forecast, every dose so far.
      if (!(e.dose.date < date || (context === 'Forecast' && e.dose.date <= date))) return false;
      if (cvxs.size && !cvxs.has(e.dose.cvx)) return false;
      if (byAge && !inAgeRange(patient, e.dose.date, c.beginAge, c.endAge)) return false;
      if (byDate && ((start !== undefined && e.dose.date < start) || (end !== undefined && e.dose.date >= end))) return false;
      return true;
    }).length;
    const wanted = Number(c.doseCount ?? 0);
    const logic = (c.doseCountLogic ?? '').toLowerCase();
    if (logic.startsWith('greater')) return count > wanted;
    if (logic.startsWith('less')) return count < wanted;
    return count === wanted;
  }
  return false;
}
