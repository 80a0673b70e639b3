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
 * needing a dose: earliest, recommended and past due are the latest of theirs, the latest
 * date the earliest; the dose number is the first such antigen's.
 */
export function vaccineGroupForecast(vaccineGroup: string, antigens: AntigenResult[]): VaccineGroupResult {
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
  return {
    ...base,
    status: 'Not Complete',
    forecastDoseNumber: due[0]!.forecastDoseNumber,
    earliestDate: format(latestOf(...due.map((a) => date(a.earliestDate)))),
    recommendedDate: format(latestOf(...due.map((a) => date(a.recommendedDate)))),
    pastDueDate: format(latestOf(...due.map((a) => date(a.pastDueDate)))),
    latestDate: format(earliestOf(...due.map((a) => date(a.latestDate)))),
  };
}
