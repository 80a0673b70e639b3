/**
 * Vaccine group forecast (Logic Specification chapter 10): the antigens of a vaccine group
 * (Diphtheria, Tetanus and Pertussis for DTaP/Tdap/Td; Measles, Mumps and Rubella for MMR)
 * combined into one forecast.
 */
import { earliest as earliestOf, formatDate, latest as latestOf, parseDate } from './dates.js';
import type { AntigenResult, Forecast, VaccineGroupResult } from './types.js';

const date = (text: string | null): number | undefined => parseDate(text);
const format = (day: number | undefined): string | null => (day === undefined ? null : formatDate(day));

/**
 * VACGROUPFORECAST: status — Immune when every antigen is immune, Contraindicated when any
 * is, Not Complete when any antigen still needs a dose, Complete when all are complete or
 * immune, else the first antigen's status (Aged Out, …). Dates over the antigens still
 * needing a dose: with "administer full vaccine group" the latest of theirs, otherwise the
 * earliest; the latest date is the earliest of theirs.
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
  // All antigens in one shot (MMR): the dose waits for the last of them. Otherwise
  // (DTaP/Tdap/Td) a dose for any antigen due is a dose for the group: the first of them.
  const pick = administerFull ? latestOf : earliestOf;
  const first = [...due].sort((a, b) => (date(a.earliestDate) ?? 0) - (date(b.earliestDate) ?? 0))[0]!;
  return {
    ...base,
    status: 'Not Complete',
    forecastDoseNumber: (administerFull ? due[0]! : first).forecastDoseNumber,
    earliestDate: format(pick(...due.map((a) => date(a.earliestDate)))),
    recommendedDate: format(pick(...due.map((a) => date(a.recommendedDate)))),
    pastDueDate: format(pick(...due.map((a) => date(a.pastDueDate)))),
    latestDate: format(earliestOf(...due.map((a) => date(a.latestDate)))),
  };
}
