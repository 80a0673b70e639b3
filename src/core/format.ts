/**
 * Formatting of clinical values for display, all through `Intl` so that every locale
 * gets its own conventions. Nothing here throws on odd input: a value that cannot be
 * understood formats as the empty string (or as the raw text, where that is more useful).
 */
import type { CodedValue, DateValue, PersonName, QuantityValue } from '../adapters/ports.js';

// ---------------------------------------------------------------------------
// Intl formatters
// ---------------------------------------------------------------------------

/*
 * Building an Intl formatter costs far more than using one, and a long record formats
 * thousands of dates and numbers: each kind, locale and options is built once per page.
 * The keys stay few (a page shows one or two locales and a handful of styles).
 */
const formatters = new Map<string, unknown>();

/** The `Kind` formatter (`Intl.DateTimeFormat`, `Intl.NumberFormat`, …) for `locale` and `options`, built once. */
export function intlFormat<O, T>(Kind: new (locale: string, options: O) => T, locale: string, options: O): T {
  const key = `${Kind.name}|${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key) as T | undefined;
  if (made === undefined) {
    made = new Kind(locale, options);
    formatters.set(key, made);
  }
  return made;
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/** A FHIR `date`, `dateTime` or `instant` split into what it actually states. */
export interface ParsedDate {
  /** How much the value states: a year, a month, a calendar day or a moment in time. */
  precision: 'year' | 'month' | 'day' | 'time';
  year: number;
  /** 1–12, when stated. */
  month?: number;
  /** 1–31, when stated. */
  day?: number;
  /** The moment, for values with a time. */
  instant?: Date;
  /** The date and time as written (in the source's own offset), as a UTC `Date`, for values with a time. */
  wall?: Date;
  /** The source's offset from UTC in minutes, when the value writes one (`Z` is 0). */
  offset?: number;
}

const FHIR_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Parses a FHIR date or date-time; `undefined` for anything else. */
export function parseDate(value: DateValue | undefined | null): ParsedDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = FHIR_DATE.exec(value.trim());
  if (!match) return undefined;
  const [, y, m, d, hh, mi, ss, zone] = match;
  const year = Number(y);
  const month = m === undefined ? undefined : Number(m);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > daysInMonth(year, month ?? 1))) return undefined;
  if (hh === undefined) {
    return { precision: day !== undefined ? 'day' : month !== undefined ? 'month' : 'year', year, month, day };
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return undefined;
  const wall = calendarDate(year, month, day);
  wall.setUTCHours(Number(hh), Number(mi), Number(ss ?? 0));
  const offset = zone === undefined ? undefined : zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return { precision: 'time', year, month, day, instant, wall, offset };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface DateFormatOptions {
  /** Length of the month and weekday names; default `medium` (Mar 4, 1963). */
  dateStyle?: 'short' | 'medium' | 'long' | 'full';
  /** Whether to show the time of values that have one; default false. */
  withTime?: boolean;
  /** Time zone for values with a time; default the viewer's. Never used for date-only values. */
  timeZone?: string;
}

/*
 * A date-only value is a calendar date, not a moment: format it as that date in UTC
 * from a UTC midnight, so no viewer's offset can move it to the day before or after.
 */
function calendarDate(year: number, month = 1, day = 1): Date {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return date;
}

/** A UTC offset as people write it: `UTC`, `UTC+2`, `UTC−5`, `UTC+5:30`. */
function offsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${minutes < 0 ? '−' : '+'}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/**
 * Formats a FHIR date or date-time for `locale`. Date-only values (`1963-03-04`,
 * `1963-03`, `1963`) show exactly the date they state in every time zone. A value with a
 * time records where the act happened: it shows the date (and time) written in its own
 * offset, never the viewer's local day, and a time shown names its zone when that is
 * not the viewer's offset at that moment. With `timeZone`, the moment is shown in that zone.
 * Unparseable input is returned unchanged, so a malformed date is still visible.
 */
export function formatDate(value: DateValue | undefined | null, locale: string, options: DateFormatOptions = {}): string {
  if (value === undefined || value === null || value === '') return '';
  const parsed = parseDate(value);
  if (!parsed) return String(value);
  const dateStyle = options.dateStyle ?? 'medium';
  const month = dateStyle === 'short' ? 'numeric' : dateStyle === 'medium' ? 'short' : 'long';
  switch (parsed.precision) {
    case 'year':
      return intlFormat(Intl.DateTimeFormat, locale, { year: 'numeric', timeZone: 'UTC' }).format(calendarDate(parsed.year));
    case 'month':
      return intlFormat(Intl.DateTimeFormat, locale, { year: 'numeric', month, timeZone: 'UTC' }).format(
        calendarDate(parsed.year, parsed.month),
      );
    case 'day':
      return intlFormat(Intl.DateTimeFormat, locale, { dateStyle, timeZone: 'UTC' }).format(
        calendarDate(parsed.year, parsed.month, parsed.day),
      );
    case 'time': {
      if (options.timeZone) {
        return intlFormat(Intl.DateTimeFormat, locale, {
          dateStyle,
          ...(options.withTime ? { timeStyle: 'short' } : {}),
          timeZone: options.timeZone,
        }).format(parsed.instant);
      }
      // the written wall clock, formatted in UTC so that no viewer's offset moves it
      const text = intlFormat(Intl.DateTimeFormat, locale, {
        dateStyle,
        ...(options.withTime ? { timeStyle: 'short' } : {}),
        timeZone: 'UTC',
      }).format(parsed.wall);
      const viewer = -parsed.instant!.getTimezoneOffset();
      return options.withTime && parsed.offset !== undefined && parsed.offset !== viewer
        ? `${text} ${offsetText(parsed.offset)}`
        : text;
    }
  }
}

/** A calendar day as numbers. */
interface Day {
  year: number;
  month: number;
  day: number;
}

/** The calendar day `now` falls on in the viewer's time zone. */
function localDay(now: Date): Day {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

/** The day a record's date states: a date-time's own date, as `formatDate` shows it (not the viewer's day of that moment). */
function dayOf(parsed: ParsedDate): Day {
  return { year: parsed.year, month: parsed.month ?? 1, day: parsed.day ?? 1 };
}

/** An age in whole units, as a clinician would state it. */
export interface Age {
  value: number;
  unit: 'year' | 'month' | 'week' | 'day';
}

/**
 * Age on a given day from a birth date, counted on calendar days (a person born on
 * 2000-03-04 turns 24 on 2024-03-04 wherever the viewer is). Pediatric convention:
 * days under 4 weeks, weeks under 3 months, months under 2 years, then years.
 * `until` is the date of death for a deceased patient. `undefined` when unknown.
 */
export function ageOf(birthDate: DateValue | undefined, now: Date, until?: DateValue): Age | undefined {
  const born = parseDate(birthDate);
  if (!born) return undefined;
  const endParsed = until ? parseDate(until) : undefined;
  const end = endParsed ? dayOf(endParsed) : localDay(now);
  const start = dayOf(born);
  let months = (end.year - start.year) * 12 + (end.month - start.month);
  if (end.day < start.day) months -= 1;
  if (months < 0) return undefined;
  if (born.precision === 'year' || months >= 24) return { value: Math.floor(months / 12), unit: 'year' };
  if (born.precision === 'month' || months >= 3) return { value: months, unit: 'month' };
  const days = Math.round(
    (Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day)) / 86_400_000,
  );
  if (days >= 28) return { value: Math.floor(days / 7), unit: 'week' };
  return { value: days, unit: 'day' };
}

/** An age as words: `61 years`, `5 months`, `3 días`. */
export function formatAge(age: Age | undefined, locale: string, unitDisplay: 'long' | 'short' = 'long'): string {
  if (!age) return '';
  return intlFormat(Intl.NumberFormat, locale, { style: 'unit', unit: age.unit, unitDisplay }).format(age.value);
}

// ---------------------------------------------------------------------------
// Names, codes, languages
// ---------------------------------------------------------------------------

const NAME_USE_ORDER = ['usual', 'official', undefined, 'temp', 'nickname', 'anonymous', 'maiden', 'old'];

/** The name to show from several: the usual one, then official, never an old one first. */
export function preferredName(names: readonly PersonName[] | undefined): PersonName | undefined {
  if (!names?.length) return undefined;
  const rank = (name: PersonName) => {
    const index = NAME_USE_ORDER.indexOf(name.use);
    return index === -1 ? NAME_USE_ORDER.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * A person's name for display. `natural`: "Dr. Maria José Echevarría Jr."; `sortable`:
 * "ECHEVARRÍA, Maria José" (as EHR banners and lists show it).
 */
export function formatName(
  name: PersonName | readonly PersonName[] | undefined,
  style: 'natural' | 'sortable' = 'natural',
  locale?: string,
): string {
  const chosen = Array.isArray(name) ? preferredName(name) : (name as PersonName | undefined);
  if (!chosen) return '';
  const given = chosen.given.filter(Boolean).join(' ');
  const family = chosen.family?.trim() ?? '';
  if (style === 'sortable' && family) {
    const upper = locale ? family.toLocaleUpperCase(locale) : family.toUpperCase();
    return given ? `${upper}, ${given}` : upper;
  }
  if (chosen.text?.trim()) return chosen.text.trim();
  return [...chosen.prefix, given, family, ...chosen.suffix].filter(Boolean).join(' ');
}

/**
 * A coded value's name in words a person can read: its text, else a coding's display;
 * undefined when it has only codes (a medicine known by "197380" is not named).
 */
export function namedText(value: CodedValue | undefined): string | undefined {
  return value?.text?.trim() || value?.codings.find((coding) => coding.display?.trim())?.display?.trim() || undefined;
}

/** Text for a coded value: its text, else the first coding's display, else the code. */
export function codedText(value: CodedValue | undefined, fallback = ''): string {
  if (!value) return fallback;
  if (value.text?.trim()) return value.text.trim();
  for (const coding of value.codings) if (coding.display?.trim()) return coding.display.trim();
  for (const coding of value.codings) if (coding.code?.trim()) return coding.code.trim();
  return fallback;
}

/**
 * A language's name in the viewer's language: `es` → "Spanish" / "español".
 * Falls back to the recorded text when the code is not a language tag.
 */
export function languageName(value: CodedValue | undefined, locale: string): string {
  if (!value) return '';
  const code = value.codings.find((c) => c.code && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(c.code))?.code;
  if (code) {
    try {
      const name = intlFormat(Intl.DisplayNames, locale, { type: 'language' }).of(code);
      if (name && name !== code) return name;
    } catch {
      // not a valid BCP 47 tag after all; use the recorded text
    }
  }
  return codedText(value);
}

// ---------------------------------------------------------------------------
// Numbers and quantities
// ---------------------------------------------------------------------------

/** UCUM codes whose printed form differs from what people read. */
const UCUM_DISPLAY: Record<string, string> = {
  'mm[Hg]': 'mmHg',
  '[lb_av]': 'lb',
  '[in_i]': 'in',
  '[ft_i]': 'ft',
  '[oz_av]': 'oz',
  Cel: '°C',
  '[degF]': '°F',
  'kg/m2': 'kg/m²',
  '/min': '/min',
  '{beats}/min': 'beats/min',
  '{breaths}/min': 'breaths/min',
  '%': '%',
  '1': '',
};

/** A unit as people read it: UCUM annotations (`{score}`) and bracket codes tidied. */
export function unitText(quantity: Pick<QuantityValue, 'unit' | 'code'>): string {
  const raw = quantity.unit ?? quantity.code ?? '';
  if (raw in UCUM_DISPLAY) return UCUM_DISPLAY[raw] ?? '';
  if (/^\{[^}]*\}$/.test(raw)) return raw.slice(1, -1);
  return raw;
}

/** A number in the locale's format, keeping the number of decimals the source wrote. */
export function formatNumber(value: number, locale: string, decimals?: number): string {
  return intlFormat(Intl.NumberFormat, locale, {
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: decimals ?? 3,
  }).format(value);
}

/** A quantity with its comparator and unit: `< 5.0 mg/dL`, `120 mmHg`. */
export function formatQuantity(quantity: QuantityValue | undefined, locale: string): string {
  if (!quantity) return '';
  const unit = unitText(quantity);
  if (quantity.value === undefined || !Number.isFinite(quantity.value)) return unit;
  const number = formatNumber(quantity.value, locale, quantity.decimals);
  const spacer = unit === '%' || unit.startsWith('°') ? '' : ' ';
  return [quantity.comparator, `${number}${unit ? spacer + unit : ''}`].filter(Boolean).join(' ');
}

/** Bytes as words: `2.5 MB`. */
export function formatBytes(bytes: number | undefined, locale: string): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '';
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  // 1024-based, as file managers show sizes: the default 10 MB limit reads "10 MB"
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return intlFormat(Intl.NumberFormat, locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
