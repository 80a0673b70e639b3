/**
 * Calendar-day helpers and fixed periods of care-reminder evaluation, over the CDSi date
 * arithmetic (`src/immunization-forecast/dates.ts`): days are numbers, never `Date`s in a
 * local time zone.
 */
import { addDuration, parseDate, type Day } from '../immunization-forecast/dates.js';

/** How long after the due date an item still reads "due now" before it reads "overdue". */
export const GRACE_PERIOD = '3 months';
/** How long a "declined" answer stands when it names no end. */
export const DECLINE_LASTS = '1 year';
/** An age-based rule that starts within this period shows as "due later" instead of "not applicable". */
export const UPCOMING_WINDOW = '1 year';
/** The calendar day a record's date states (`2019-03-04T10:00:00-05:00` → 2019-03-04); `YYYY-MM` and `YYYY` read as their first day. */
export function dayOf(value: unknown): Day | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  return parseDate(`${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`);
}

/** Whole years of age on `day` for someone born on `birth` (a birthday counts on its own day). */
export function ageOn(birth: Day, day: Day): number {
  let years = new Date(day * 86_400_000).getUTCFullYear() - new Date(birth * 86_400_000).getUTCFullYear();
  if (years > 0 && (addDuration(birth, `${years} years`) ?? 0) > day) years -= 1;
  return Math.max(0, years);
}

/** The day someone born on `birth` turns `years`. */
export function birthday(birth: Day, years: number): Day {
  return years === 0 ? birth : addDuration(birth, `${years} years`)!;
}

