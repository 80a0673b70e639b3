/**
 * An appointment as an iCalendar file (RFC 5545) to add to a calendar.
 *
 * Times are written as the clinic's wall clock with `TZID` (`DTSTART;TZID=America/New_York:
 * 20270315T090000`), so a calendar shows the clinic's 9:00 and moves it correctly if the
 * event is opened in another zone. RFC 5545 §3.2.19 requires every `TZID` to name a
 * `VTIMEZONE` in the same file, so one is built from `Intl` for the event's year: the
 * offset in force at the start of the year, then one observance per change of offset
 * (found by scanning the year, then narrowing to the minute). No `RRULE`: the file only
 * has to be right for this one event.
 */
import { offsetMinutes, wallClock } from '../../core/zoned-time.js';

/** What the file describes. */
export interface IcsEvent {
  /** Stable id (the appointment id): a second download updates, not duplicates. */
  uid: string;
  /** Start and end instants (with any offset). */
  start: string;
  end: string;
  /** The clinic's IANA zone. */
  timeZone: string;
  /** Title, place and notes (plain text; escaped here). */
  summary: string;
  location?: string;
  description?: string;
  /** When the file is made (`DTSTAMP`). */
  now: Date;
}

/** Text escaped as RFC 5545 §3.3.11 says. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A content line folded at 75 octets (§3.1), continuation lines starting with a space. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const length = new TextEncoder().encode(char).length;
    if (size + length > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += length;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** `20270315T090000` for a wall-clock date and time. */
function local(date: string, time: string, seconds = '00'): string {
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}${seconds}`;
}

/** `20270315T130000Z`. */
function utc(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `-0400` for an offset in minutes. */
function offsetValue(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** Every change of the zone's offset within [from, to): the instant and the offsets either side. */
export function offsetChanges(timeZone: string, from: Date, to: Date): { at: Date; before: number; after: number }[] {
  const changes: { at: Date; before: number; after: number }[] = [];
  const step = 24 * 3600_000;
  let previous = from.getTime();
  let before = offsetMinutes(from, timeZone);
  for (let t = previous + step; t <= to.getTime(); t += step) {
    const after = offsetMinutes(new Date(t), timeZone);
    if (after !== before) {
      // narrow to the minute: the first instant with the new offset
      let low = previous;
      let high = t;
      while (high - low > 60_000) {
        const mid = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetMinutes(new Date(mid), timeZone) === before) low = mid;
        else high = mid;
      }
      changes.push({ at: new Date(high), before, after });
      before = after;
    }
    previous = t;
  }
  return changes;
}

/** The VTIMEZONE lines for `timeZone` over the year of `instant`. */
function vtimezone(timeZone: string, instant: Date): string[] {
  const year = instant.getUTCFullYear();
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const changes = offsetChanges(timeZone, from, to);
  const initial = offsetMinutes(from, timeZone);
  const lowest = Math.min(initial, ...changes.map((c) => c.after));
  const observance = (kind: string, start: string, before: number, after: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetValue(before)}`,
    `TZOFFSETTO:${offsetValue(after)}`,
    `END:${kind}`,
  ];
  const lines = [`BEGIN:VTIMEZONE`, `TZID:${timeZone}`];
  // the offset in force since before the year began (DTSTART is local time in the offset "from")
  lines.push(...observance(initial > lowest ? 'DAYLIGHT' : 'STANDARD', '19700101T000000', initial, initial));
  for (const change of changes) {
    // the wall clock just before the change, read in the offset it had then
    const wall = new Date(change.at.getTime() + change.before * 60_000).toISOString();
    const kind = change.after > change.before ? 'DAYLIGHT' : 'STANDARD';
    lines.push(...observance(kind, local(wall.slice(0, 10), wall.slice(11, 16)), change.before, change.after));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The `.ics` text of one event (CRLF line ends, folded). */
export function toIcs(event: IcsEvent): string {
  const start = new Date(event.start);
  const end = new Date(event.end);
  const at = (instant: Date) => {
    const { date, time } = wallClock(instant, event.timeZone);
    return local(date, time, String(instant.getUTCSeconds()).padStart(2, '0'));
  };
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ehr-engage//appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...vtimezone(event.timeZone, start),
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}@ehr-engage`,
    `DTSTAMP:${utc(event.now)}`,
    `DTSTART;TZID=${event.timeZone}:${at(start)}`,
    `DTEND;TZID=${event.timeZone}:${at(end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
