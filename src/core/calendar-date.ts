/**
 * Calendar dates as `YYYY-MM-DD` text: the viewer's "today", and day and month arithmetic.
 *
 * A calendar date names a day, not an instant. So the arithmetic runs on UTC midnights (no
 * zone, no daylight-saving hour to gain or lose), and only "today" reads the viewer's own
 * zone: at 8 pm in New York it is still today there, though in UTC it is already tomorrow.
 * Never take "today" from `toISOString()`.
 */
const DAY_MS = 86_400_000;
/** The latest and earliest dates the arithmetic yields (four-digit years only). */
const LAST_DAY = Date.UTC(9999, 11, 31);
const FIRST_DAY = -62_167_219_200_000; // 0000-01-01

const pad = (n: number) => String(n).padStart(2, '0');
const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** The calendar day an instant falls on in the viewer's time zone (of now: the patient's "today"). */
export function calendarDayOf(instant: Date): string {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/**
 * The calendar day a FHIR date or date-time falls on for the viewer: a date (or a time written
 * without an offset) is the day it states; a moment with an offset is the day it is in the
 * viewer's zone, as for "today" (`2026-12-04T02:00:00Z` is 3 December in New York). For
 * comparing moments the library stamps (in UTC) with the viewer's days.
 */
export function viewerDayOf(value: string): string {
  return /T.*(Z|[+-]\d\d:?\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)) ? calendarDayOf(new Date(value)) : value.slice(0, 10);
}

/**
 * A calendar date plus (or minus) a number of days. Absurd inputs (a days' supply of 10^20,
 * a non-number) are clamped to four-digit years rather than throwing `Invalid time value`.
 */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const time = Date.UTC(y, m - 1, d) + (Number.isFinite(days) ? days : 0) * DAY_MS;
  if (!Number.isFinite(time)) return date;
  return new Date(Math.min(LAST_DAY, Math.max(FIRST_DAY, time))).toISOString().slice(0, 10);
}

/** The same day `months` calendar months later (or earlier), clamped to the month's length (Jan 31 + 1 → Feb 28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}
