/**
 * Vaccine group forecast (Logic Specification chapter 10): the antigens of a vaccine group
 * (Diphtheria, Tetanus and Pertussis for DTaP/Tdap/Td; Measles, Mumps and Rubella for MMR)
 * combined into one forecast.
 */
import { earliest as earliestOf, formatDate, latest, parseDate } from './dates.js';
import type { AntigenResult, Forecast, VaccineGroupResult } from './types.js';

const date = (text: string | null): number | undefined => parseDate(text);
const format = (day: number | undefined): string | null => (day === undefined ? null : formatDate(day));

/**
 * VACGROUPFORECAST: status — Immune when every antigen is immune, Contraindicated when any
 * is, Not Complete when any antigen still needs a dose, Complete when all are complete or
 * immune, else the first antigen's status (Aged Out, …). Dates over the antigens still
 * needing a dose: the earliest date is the earliest of theirs for a partial group
 * (DTaP/Tdap/Td: a single-antigen or partial vaccine can be given) but the latest of theirs
 * for a group administered in full (MMR: the combined vaccine must be valid for every
 * antigen due), and never before the group's most recent dose (a DT dose after which the
 * pertussis dose still owed is due at once, not on a date already past the DT dose); the
 * recommended and past-due dates are the earliest of theirs, never before the group's
 * earliest date.
 */
export function vaccineGroupForecast(vaccineGroup: string, antigens: AntigenResult[], administerFull: boolean): VaccineGroupResult {
  const names = antigens.map((a) => a.antigen);
  const base = { vaccineGroup, antigens: names };
  const of = (status: Forecast['status']): VaccineGroupResult =>
    ({ ...base, status, forecastDoseNumber: null, earliestDate: null, recommendedDate: null, pastDueDate: null, latestDate: null });
  if (!antigens.length) return of('Not Recommended');
  if (antigens.every((a) => a.status === 'Immune')) return of('Immune');
  if (antigens.some((a) => a.status === 'Contraindicated')) return of('Contraindicated');
  const due = antigens.filter((a) => a.status === 'Not Complete');
  if (!due.length) {
    if (antigens.every((a) => a.status === 'Complete' || a.status === 'Immune')) return of('Complete');
    return of(antigens.find((a) => a.status !== 'Complete' && a.status !== 'Immune')!.status);
  }
  // A dose for the group is due as soon as any antigen needs one (a combination vaccine
  // covers the others).
  // The dose number: when the whole group is given at once (MMR), that of the antigen whose
  // dose is recommended first; otherwise (DTaP/Tdap/Td) that of the first antigen of the
  // group still due (Diphtheria before Pertussis).
  const key = (a: AntigenResult): number => date(a.recommendedDate) ?? date(a.earliestDate) ?? Number.MAX_SAFE_INTEGER;
  const first = administerFull ? due.reduce((best, a) => (key(a) < key(best) ? a : best)) : due[0]!;
  // A group given all at once (MMR) cannot be given before every antigen due may have it.
  const lastGiven = latest(...antigens.flatMap((a) => a.evaluations.map((e) => date(e.date))));
  const earliest = latest((administerFull ? latest : earliestOf)(...due.map((a) => date(a.earliestDate))), lastGiven);
  const notBefore = (day: number | undefined): number | undefined => (day === undefined ? undefined : latest(day, earliest));
  return {
    ...base,
    status: 'Not Complete',
    forecastDoseNumber: first.forecastDoseNumber,
    earliestDate: format(earliest),
    recommendedDate: format(notBefore(earliestOf(...due.map((a) => date(a.recommendedDate))))),
    pastDueDate: format(notBefore(earliestOf(...due.map((a) => date(a.pastDueDate))))),
    latestDate: format(earliestOf(...due.map((a) => date(a.latestDate)))),
  };
}
