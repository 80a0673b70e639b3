/**
 * Vaccine group forecast (Logic Specification chapter 10): the antigens of a vaccine group
 * (Diphtheria, Tetanus and Pertussis for DTaP/Tdap/Td; Measles, Mumps and Rubella for MMR)
 * combined into one forecast per series type.
 */
import { earliest as earliestOf, formatDate, latest, parseDate } from './dates.js';
import type { AntigenResult, Forecast, SeriesType, SeriesTypeForecast, VaccineGroupResult } from './types.js';

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
export function vaccineGroupForecast(vaccineGroup: string, antigens: AntigenResult[], administerFull: boolean, groupAntigens: AntigenResult[] = antigens): VaccineGroupResult {
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
  const lastGiven = latest(...groupAntigens.flatMap((a) => a.evaluations.map((e) => date(e.date))));
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

/** One antigen's results as the vaccine-group forecast sees them. */
export interface AntigenOutcome {
  /** The antigen's result (its prioritized series across all series groups). */
  result: AntigenResult;
  /** Its result per series type, when it has best series of both types. */
  byType: Map<SeriesType, AntigenResult> | undefined;
}

/**
 * Vaccine group forecast per series type (chapter 9 introduction): "only blend best patient
 * series of the same series type (risk with risk, standard with standard)", so a patient may
 * have more than one forecast for the group. Each antigen contributes its best series of
 * each type it has; an antigen with no series (immune, contraindicated, none relevant)
 * contributes to every forecast. With one type there is one forecast, as before; with both,
 * the group's own fields are the risk forecast (the one CDC's underlying-condition cases
 * report) and `forecasts` lists both. The group's most recent dose counts for every forecast.
 */
export function vaccineGroupForecasts(vaccineGroup: string, outcomes: AntigenOutcome[], administerFull: boolean): VaccineGroupResult {
  const all = outcomes.map((o) => o.result);
  const ofType = (o: AntigenOutcome, type: SeriesType): AntigenResult | undefined =>
    (o.byType ? o.byType.get(type) : !o.result.seriesType || o.result.seriesType === type ? o.result : undefined);
  const types = (['Risk', 'Standard'] as const).filter((type) =>
    outcomes.some((o) => (o.byType ? o.byType.has(type) : o.result.seriesType === type)));
  if (types.length < 2) {
    const single = vaccineGroupForecast(vaccineGroup, all, administerFull);
    return types.length ? { ...single, seriesType: types[0] } : single;
  }
  const forecasts: SeriesTypeForecast[] = types.map((seriesType) => {
    const members = outcomes.map((o) => ofType(o, seriesType)).filter((a): a is AntigenResult => !!a);
    const blended = vaccineGroupForecast(vaccineGroup, members, administerFull, all);
    return {
      seriesType, antigens: blended.antigens, status: blended.status, forecastDoseNumber: blended.forecastDoseNumber,
      earliestDate: blended.earliestDate, recommendedDate: blended.recommendedDate, pastDueDate: blended.pastDueDate, latestDate: blended.latestDate,
    };
  });
  // The group's own `antigens` stay every antigen of the group, as with a single forecast.
  const [primary] = forecasts as [SeriesTypeForecast];
  return { ...primary, vaccineGroup, antigens: all.map((a) => a.antigen), forecasts };
}
