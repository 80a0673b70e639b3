/**
 * Vaccine group forecast (Logic Specification chapter 10): the antigens of a vaccine group
 * (Diphtheria, Tetanus and Pertussis for DTaP/Tdap/Td; Measles, Mumps and Rubella for MMR)
 * combined into one forecast.
 */
import { earliest as earliestOf, formatDate, parseDate } from './dates.js';
import type { AntigenResult, Forecast, VaccineGroupResult } from './types.js';

const date = (text: string | null): number | undefined => parseDate(text);
const format = (day: number | undefined): string | null => (day === undefined ? null : formatDate(day));

/**
 * VACGROUPFORECAST: status — Immune when every antigen is immune, Contraindicated when any
 * is, Not Complete when any antigen still needs a dose, Complete when all are complete or
 * immune, else the first antigen's status (Aged Out, …). Dates over the antigens still
 * needing a dose: the earliest of theirs (CDC's test cases expect this for both
 * administer-full groups such as MMR and partial ones such as DTaP/Tdap/Td).
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
  return {
    ...base,
    status: 'Not Complete',
    forecastDoseNumber: first.forecastDoseNumber,
    earliestDate: format(earliestOf(...due.map((a) => date(a.earliestDate)))),
    recommendedDate: format(earliestOf(...due.map((a) => date(a.recommendedDate)))),
    pastDueDate: format(earliestOf(...due.map((a) => date(a.pastDueDate)))),
    latestDate: format(earliestOf(...due.map((a) => date(a.latestDate)))),
  };
}
