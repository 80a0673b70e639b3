/**
 * Instants and wall-clock times in a named time zone (IANA), through `Intl` only.
 *
 * A clinic's 9:00 is 9:00 in the clinic's zone whatever zone the viewer's browser is in,
 * and a day in March has 23 hours where the clocks spring forward. So nothing here reads
 * the browser's own zone (`getHours`, `new Date('2027-03-15T09:00')`) or adds hours to a
 * local string: a wall-clock time becomes an instant by asking `Intl` for the zone's
 * offset at that moment. Used by the scheduling adapters (a clinician's day) and the
 * appointments element (labels, the calendar, `.ics`).
 */

import { addDays } from './calendar-date.js';

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC in minutes at `instant` (`-240` for New York in summer). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 0; // "GMT" alone is UTC
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** `+05:30` / `-04:00` for an offset in minutes. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock parts of `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string; weekday: number } {
  const shifted = new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000);
  const iso = shifted.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: shifted.getUTCDay() };
}

/** The calendar date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function dateIn(instant: Date | string, timeZone: string): string {
  return wallClock(typeof instant === 'string' ? new Date(instant) : instant, timeZone).date;
}

/**
 * The instant at wall-clock `date` + `time` (`HH:MM`) in `timeZone`. A time the clocks
 * skip (2:30 on the spring-forward night) is read with the offset before the change, as
 * RFC 5545 does; a time that happens twice is the first of the two.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  // two passes settle on the offset in force at the result (it may differ from the guess's)
  const first = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000;
  const second = asUtc - offsetMinutes(new Date(first), timeZone) * 60_000;
  const earlier = Math.min(first, second);
  return new Date(wallClock(new Date(earlier), timeZone).time === time.slice(0, 5) ? earlier : Math.max(first, second));
}

/** `instant` written with the zone's offset: `2027-03-15T09:00:00-04:00`. */
export function withOffset(instant: Date, timeZone: string): string {
  const { date, time } = wallClock(instant, timeZone);
  const seconds = String(instant.getUTCSeconds()).padStart(2, '0');
  return `${date}T${time}:${seconds}${offsetText(offsetMinutes(instant, timeZone))}`;
}

/** The instants that start and end a calendar day in `timeZone` (23 or 25 hours apart on a change). */
export function dayRange(date: string, timeZone: string): { from: Date; to: Date } {
  return { from: zonedInstant(date, '00:00', timeZone), to: zonedInstant(addDays(date, 1), '00:00', timeZone) };
}
