/**
 * Turning what a person typed (or a CSV row held) into a {@link Reading}: numbers parsed,
 * the unit converted to the type's stored UCUM unit, the date kept as a date when no time
 * was given (a date-only reading never shifts with the time zone), and plausibility
 * checked. No DOM; the form and the CSV import share it, so both give the same reading
 * for the same input.
 */
import type { MealContext, Reading, ReadingType, RecordRef } from '../../adapters/ports.js';
import { calendarDayOf, viewerDayOf } from '../../core/calendar-date.js';
import { convertUnit, roundTo } from './units.js';

/** Why an entry cannot become a reading (the element words each). */
export type EntryProblem = 'missing-value' | 'not-a-number' | 'implausible' | 'unknown-unit' | 'bad-date' | 'future-date';

/** What a person entered for one reading. */
export interface ReadingEntry {
  type: ReadingType;
  /** One text per part (two for blood pressure), as typed. */
  values: readonly string[];
  /** UCUM unit the values are in (default: the type's first entry unit, else its unit). */
  unit?: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM` in the viewer's time zone, or empty for "time not known". */
  time?: string;
  mealContext?: MealContext;
  /** A full date-time with its own offset (a CSV export's), used as written instead of date + time. */
  moment?: string;
  patient: RecordRef;
  performer?: RecordRef;
}

/** A number as typed, with a comma accepted as the decimal mark (`5,6`). */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return undefined;
  return Number(t.replace(',', '.'));
}

/** `+HH:MM` / `-HH:MM` offset of the viewer's time zone at `moment`. */
function offsetOf(moment: Date): string {
  const minutes = -moment.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The FHIR date or date-time of a date and optional local time: `2024-06-15` stays a
 * date; `2024-06-15` + `08:30` becomes `2024-06-15T08:30:00-04:00` with the viewer's offset
 * on that day. `undefined` when the date is not a real calendar day.
 */
export function effectiveOf(date: string, time = ''): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!d) return undefined;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const t = time.trim();
  if (!t) return date.trim();
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  const local = new Date(year, month - 1, day, Number(m[1]), Number(m[2]), Number(m[3] ?? 0));
  return `${date.trim()}T${m[1]}:${m[2]}:${m[3] ?? '00'}${offsetOf(local)}`;
}

/** The reading an entry makes, or the first problem with it. */
export function readingFromEntry(entry: ReadingEntry, now: Date): { reading: Reading } | { problem: EntryProblem } {
  const { type } = entry;
  const unit = entry.unit ?? type.entryUnits?.[0] ?? type.unit;
  const parts = type.parts?.length ? type.parts.map((p) => p.code) : [type.code];
  if (entry.values.length < parts.length || entry.values.slice(0, parts.length).some((v) => !v.trim())) return { problem: 'missing-value' };
  const values: Reading['values'] = [];
  for (const [i, code] of parts.entries()) {
    const typed = parseNumber(entry.values[i]!);
    if (typed === undefined) return { problem: 'not-a-number' };
    const converted = convertUnit(typed, unit, type.unit);
    if (converted === undefined) return { problem: 'unknown-unit' };
    const value = roundTo(converted, type.decimals ?? 0);
    if (type.plausible && (converted < type.plausible.min || converted > type.plausible.max)) return { problem: 'implausible' };
    values.push({ code, quantity: { value, unit: type.unit, code: type.unit, system: 'http://unitsofmeasure.org' } });
  }
  const effective = entry.moment && !Number.isNaN(Date.parse(entry.moment)) ? entry.moment : effectiveOf(entry.date, entry.time);
  if (!effective) return { problem: 'bad-date' };
  // a reading cannot be from tomorrow (compared by calendar day, in the viewer's zone: a
  // device time in UTC is on the day it falls on here, not on the digits of its date)
  if (viewerDayOf(effective) > calendarDayOf(now)) return { problem: 'future-date' };
  return {
    reading: {
      typeId: type.id,
      code: { system: 'http://loinc.org', code: type.code, display: type.name },
      patient: entry.patient,
      effective,
      values,
      ...(type.mealContext && entry.mealContext ? { mealContext: entry.mealContext } : {}),
      source: 'patient',
      ...(entry.performer ? { performer: entry.performer } : {}),
    },
  };
}
