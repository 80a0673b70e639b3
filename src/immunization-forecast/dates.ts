/**
 * CDSi date arithmetic (Logic Specification chapter 3, "Calculating dates"): calendar dates
 * only, no times or time zones. Dates are held as day numbers (days since 1970-01-01, UTC
 * calendar) so comparisons are plain number comparisons.
 */

/** A calendar date as days since 1970-01-01. */
export type Day = number;

const MS_PER_DAY = 86_400_000;

const parsed = new Map<string, Day | undefined>();

/** Parses 'YYYY-MM-DD' (or CDC's 'YYYYMMDD' and 'MM/DD/YYYY'); undefined when not a real date. */
export function parseDate(text: string | null | undefined): Day | undefined {
  if (!text || typeof text !== 'string') return undefined;
  if (parsed.has(text)) return parsed.get(text);
  const day = parseUncached(text);
  if (parsed.size > 50_000) parsed.clear(); // bounded: callers may pass arbitrary input
  parsed.set(text, day);
  return day;
}

function parseUncached(text: string): Day | undefined {
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  let y: number, mo: number, d: number;
  if (m) { y = +m[1]!; mo = +m[2]!; d = +m[3]!; } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    if (!m) return undefined;
    y = +m[3]!; mo = +m[1]!; d = +m[2]!;
  }
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(ms / MS_PER_DAY);
}

/** Formats a day as 'YYYY-MM-DD'. */
export function formatDate(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** One term of a CDSi duration such as "4 months - 4 days". */
interface Term { sign: 1 | -1; amount: number; unit: 'year' | 'month' | 'week' | 'day' }

const cache = new Map<string, Term[] | null>();

/**
 * Parses a CDSi duration ("6 weeks - 4 days", "12 months + 4 weeks", "1 year"); null when
 * the text is not a duration. CALCDT-1: durations are combinations of years, months, weeks
 * and days joined by + or -.
 */
export function parseDuration(text: string | undefined): Term[] | null {
  if (!text) return null;
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const terms: Term[] = [];
  const re = /([+-])?\s*(\d+)\s*(year|month|week|day)s?/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    terms.push({ sign: m[1] === '-' ? -1 : 1, amount: +m[2]!, unit: m[3]!.toLowerCase() as Term['unit'] });
  }
  const result = terms.length ? terms : null;
  cache.set(text, result);
  return result;
}

/**
 * Adds a CDSi duration to a date (CALCDT-2..5): years, months and weeks/days are applied in
 * the order written; adding years or months keeps the day of month, and when that day does
 * not exist in the target month the result is the first day of the following month
 * (e.g. 31 Jan + 1 month = 1 Mar); weeks are 7 days. Undefined when the text is no duration.
 */
export function addDuration(day: Day, text: string | undefined): Day | undefined {
  const terms = parseDuration(text);
  if (!terms) return undefined;
  // Same birth date + same age text recurs thousands of times per forecast.
  let byDay = sums.get(text!);
  if (!byDay) sums.set(text!, (byDay = new Map()));
  const hit = byDay.get(day);
  if (hit !== undefined) return hit;
  const result = addTerms(day, terms);
  if (byDay.size > 20_000) byDay.clear(); // bounded: callers may pass arbitrary dates
  byDay.set(day, result);
  return result;
}

const sums = new Map<string, Map<Day, Day>>();

const codeLists = new Map<string, Set<string>>();

/** A CDC code list such as "01;09; 20" as a set (cached: the same lists recur). */
export function codeSet(text: string | undefined): Set<string> {
  const key = text ?? '';
  let set = codeLists.get(key);
  if (!set) codeLists.set(key, (set = new Set(key.split(/[;,]/).map((s) => s.trim()).filter(Boolean))));
  return set;
}

function addTerms(day: Day, terms: Term[]): Day {
  let result = day;
  for (const term of terms) {
    const n = term.sign * term.amount;
    if (term.unit === 'day') result += n;
    else if (term.unit === 'week') result += 7 * n;
    else result = addMonths(result, term.unit === 'year' ? 12 * n : n);
  }
  return result;
}

function addMonths(day: Day, months: number): Day {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const d = date.getUTCDate();
  // Date.UTC rolls an impossible day (Feb 30) into the next month; CDSi wants the 1st of it.
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const ms = d > lastDay
    ? Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 1)
    : Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), d);
  return Math.round(ms / MS_PER_DAY);
}

/** The latest of some dates, ignoring missing ones. */
export function latest(...days: (Day | undefined)[]): Day | undefined {
  let result: Day | undefined;
  for (const d of days) if (d !== undefined && (result === undefined || d > result)) result = d;
  return result;
}

/** The earliest of some dates, ignoring missing ones. */
export function earliest(...days: (Day | undefined)[]): Day | undefined {
  let result: Day | undefined;
  for (const d of days) if (d !== undefined && (result === undefined || d < result)) result = d;
  return result;
}
