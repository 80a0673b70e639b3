/**
 * Evaluate live virus conflict (Logic Specification chapter 6, LVCONFLICT): two live
 * vaccines not given on the same day must be a minimum interval apart.
 */
import { addDuration, type Day } from './dates.js';
import { list, type RawLiveVirusConflict, type RawSupportingData } from './data-types.js';
import type { AntigenDose } from './context.js';

const indexes = new WeakMap<RawSupportingData, Map<string, RawLiveVirusConflict[]>>();

/** Conflicts keyed by the current vaccine's CVX. */
function conflictsFor(data: RawSupportingData, cvx: string): RawLiveVirusConflict[] {
  let index = indexes.get(data);
  if (!index) {
    index = new Map();
    for (const c of list(data.schedule.liveVirusConflicts?.liveVirusConflict)) {
      const key = c.current.cvx;
      index.set(key, [...(index.get(key) ?? []), c]);
    }
    indexes.set(data, index);
  }
  return index.get(cvx) ?? [];
}

/**
 * LVCONFLICT-1..3: the end of the latest conflict window that a dose of `cvx` given on
 * `date` falls into, or undefined when none. The window begins at the previous live dose
 * + conflict begin interval and ends at + minimum conflict end interval (evaluation, the
 * grace period applied) unless the previous dose was itself not valid, when the full
 * conflict end interval applies.
 */
export function conflictOnDate(data: RawSupportingData, all: AntigenDose[], cvx: string, date: Day, notValid: (dose: AntigenDose) => boolean): boolean {
  for (const conflict of conflictsFor(data, cvx)) {
    for (const previous of all) {
      if (previous.date >= date || previous.cvx !== conflict.previous.cvx) continue;
      const begin = addDuration(previous.date, conflict.conflictBeginInterval);
      const end = addDuration(previous.date, notValid(previous) ? conflict.conflictEndInterval : conflict.minConflictEndInterval);
      if (begin !== undefined && end !== undefined && date >= begin && date < end) return true;
    }
  }
  return false;
}

/** FORECASTDTCAN: the latest end of a conflict window a dose of any of `cvxs` would fall into after `all`. */
export function latestConflictEnd(data: RawSupportingData, all: AntigenDose[], cvxs: string[]): Day | undefined {
  let result: Day | undefined;
  for (const cvx of cvxs) {
    for (const conflict of conflictsFor(data, cvx)) {
      for (const previous of all) {
        if (previous.cvx !== conflict.previous.cvx) continue;
        const end = addDuration(previous.date, conflict.conflictEndInterval);
        if (end !== undefined && (result === undefined || end > result)) result = end;
      }
    }
  }
  return result;
}
