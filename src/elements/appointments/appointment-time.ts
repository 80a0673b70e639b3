/**
 * Time labels of appointments: the clinic's wall clock with its zone named, and the
 * viewer's own when it differs, both through `Intl` with `timeZone` (never `Date` math on
 * local strings, never the browser's zone for the clinic's time).
 */
import { offsetMinutes } from '../../core/zoned-time.js';

/** `Mon, Mar 15, 9:00 AM EDT` in `timeZone`. */
export function dateTimeIn(instant: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** `9:00 AM` in `timeZone`. */
export function timeIn(instant: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(instant));
}

/** `Monday, March 15` for a calendar date (no zone: the date is already the clinic's). */
export function longDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Whether the viewer's clock reads differently from the clinic's at `instant`. */
export function zonesDiffer(instant: string, clinicZone: string, ownZone: string): boolean {
  const at = new Date(instant);
  return offsetMinutes(at, clinicZone) !== offsetMinutes(at, ownZone);
}
