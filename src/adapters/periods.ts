/** Periods as every adapter reads them: comparing dates of any precision, and one span over phases. */
import type { DatePeriod, DateValue } from './ports.js';

/** A date's moment for comparing (a year, a month, a day or a time with its offset); unknown sorts first. */
export const instantOf = (date: DateValue | undefined): number => (date ? Date.parse(date) || 0 : -Infinity);

/**
 * The phases of one course (a taper's doses, an organizer's steps) as one period: from the
 * earliest start to the latest end. An end stays open when any phase's is; nothing is
 * made up when a phase has no period at all.
 */
export function spanOf(periods: readonly (DatePeriod | undefined)[]): DatePeriod | undefined {
  if (!periods.length || periods.some((period) => !period)) return undefined;
  const starts = periods.map((period) => period!.start);
  const ends = periods.map((period) => period!.end);
  const start = starts.every(Boolean) ? starts.reduce((a, b) => (instantOf(b) < instantOf(a) ? b : a)) : undefined;
  const end = ends.every(Boolean) ? ends.reduce((a, b) => (instantOf(b) > instantOf(a) ? b : a)) : undefined;
  return start || end ? { start, end } : undefined;
}
