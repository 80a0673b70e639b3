/**
 * How long ago a moment is, in words (the inbox's "5 minutes ago"). Apart from
 * `format.ts` so that only a page that shows it carries it: the formatting module is
 * shared by every element.
 */
import type { DateValue } from '../adapters/ports.js';
import { formatDate, intlFormat, parseDate } from './format.js';
import { viewerTimeZone } from './lang.js';

/** Under a day: the elapsed time in the largest unit that fits. */
const TIME_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
];

/** A moment's calendar day in the viewer's time zone, as a day count. */
const viewerDay = (instant: Date): number => Date.UTC(instant.getFullYear(), instant.getMonth(), instant.getDate()) / 86_400_000;

/**
 * How long ago (or until) a moment is, in words: `5 minutes ago`, `yesterday`. A day or
 * more counts calendar days where the viewer is (Monday 23:00 is "2 days ago" on
 * Wednesday morning, not "yesterday"). Beyond a week, the date itself reads better than
 * `5 weeks ago`, so it is used instead, on the viewer's day.
 */
export function formatRelative(value: DateValue | undefined, now: Date, locale: string): string {
  const parsed = parseDate(value);
  if (!parsed) return value ?? '';
  if (!parsed.instant) return formatDate(value, locale);
  const format = intlFormat(Intl.RelativeTimeFormat, locale, { numeric: 'auto' });
  let amount = (parsed.instant.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of TIME_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  const days = viewerDay(parsed.instant) - viewerDay(now);
  if (Math.abs(days) < 7) return format.format(days, 'day');
  return formatDate(value, locale, { timeZone: viewerTimeZone() });
}
