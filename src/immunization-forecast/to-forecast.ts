/**
 * Turns a vaccination record into the CDSi engine's input and the engine's result into the
 * port's `ImmunizationForecast`, so the element shows an engine forecast exactly as it shows a
 * server's or a registry's. No DOM, no engine import: `record-forecast.ts` joins the two, and
 * the element loads that module on demand.
 *
 * Status words from the CDSi Logic Specification's definitions (glossary and FORECASTDTREC /
 * FORECASTDTPD):
 * - the *recommended date* is the date from which the next dose is recommended, so on and
 *   after it the patient is **due now**;
 * - the *latest recommended age* is the age *before which* the dose should be given, and the
 *   *past-due date* is that age's date − 1 day, the last day the dose is still on schedule: the
 *   patient is **overdue** only after it (`asOf > pastDueDate`);
 * - before the recommended date the dose is **due later**, even between the earliest and the
 *   recommended date (it may be given, it is not yet due; the clinician view shows the earliest
 *   date). `Not Complete` without a recommended date falls back to the earliest date.
 * Complete, Immune, Contraindicated, Aged Out and Not Recommended map one to one.
 */
import type { DateValue, DoseEvaluation, ForecastStatus, ImmunizationForecast, ImmunizationRecord, VaccinationRecord, VaccineGroupForecast } from '../adapters/ports.js';
import type { ForecastInput, ForecastResult, Forecast, SeriesStatus } from './types.js';
import { groupsOf } from '../core/vaccination-groups.js';

/** The engine input for a record and the record id of each input dose (same index). */
export interface EngineInput {
  input: ForecastInput;
  doseIds: string[];
  /**
   * Doses the record says were given but the engine cannot read: no CVX code (a record
   * coded only in another system) or no full date. The forecast must not claim a dose is
   * due that one of these may have given.
   */
  uncounted: VaccinationRecord[];
}

/** Why the engine cannot forecast a record: the patient's birth date is missing or not a full date. */
export type CannotForecast = 'no-birth-date';

const FULL_DATE = /^(\d{4}-\d{2}-\d{2})/;

/** The calendar date of a `DateValue` (`YYYY-MM-DD` or the date part of a date-time), or undefined when partial. */
function calendarDate(value: DateValue | undefined): string | undefined {
  return value === undefined ? undefined : FULL_DATE.exec(value)?.[1];
}

const GENDER: Readonly<Record<string, string>> = { female: 'F', male: 'M' };

/**
 * The engine input for a record as of `asOf`: every given, full dose that has a CVX code and
 * a full date. Not-given records and refusals are never doses; a partial dose (`partial`) is
 * left out because the engine has no way to mark it sub-standard, and counting it as a full
 * dose could call a series complete that is not. A given dose without a CVX code or a full
 * date is returned as `uncounted`. Returns `'no-birth-date'` when the patient
 * has no full birth date: a forecast is never made up.
 */
export function engineInputOf(record: ImmunizationRecord, asOf: DateValue): EngineInput | CannotForecast {
  const birthDate = calendarDate(record.patient.birthDate);
  if (!birthDate || birthDate !== record.patient.birthDate) return 'no-birth-date';
  const doses: ForecastInput['doses'] = [];
  const doseIds: string[] = [];
  const uncounted: VaccinationRecord[] = [];
  for (const vaccination of record.vaccinations) {
    if (vaccination.status !== 'given' || vaccination.partial) continue;
    const date = calendarDate(vaccination.date);
    if (!vaccination.cvx || !date) {
      uncounted.push(vaccination);
      continue;
    }
    doses.push({ date, cvx: vaccination.cvx, ...(vaccination.mvx ? { mvx: vaccination.mvx } : {}) });
    doseIds.push(vaccination.id);
  }
  const gender = GENDER[record.patient.gender ?? ''];
  return { input: { patient: { birthDate, ...(gender ? { gender } : {}) }, doses, assessmentDate: asOf }, doseIds, uncounted };
}

const DIRECT: Readonly<Record<Exclude<SeriesStatus, 'Not Complete'>, ForecastStatus>> = {
  Complete: 'complete',
  Immune: 'immune',
  Contraindicated: 'contraindicated',
  'Aged Out': 'aged-out',
  'Not Recommended': 'not-recommended',
};

/** The port status of one CDSi forecast as of `asOf` (see the module comment for the rules). */
export function statusOf(forecast: Forecast, asOf: DateValue): ForecastStatus {
  if (forecast.status !== 'Not Complete') return DIRECT[forecast.status] ?? 'unknown';
  const dueFrom = forecast.recommendedDate ?? forecast.earliestDate;
  if (!dueFrom) return 'unknown';
  if (forecast.pastDueDate && asOf > forecast.pastDueDate) return 'overdue';
  return asOf >= dueFrom ? 'due-now' : 'due-later';
}

/** One port group from one CDSi forecast (the group's own, or one of its per-type forecasts). */
function portGroup(
  vaccineGroup: string,
  forecast: Forecast,
  asOf: DateValue,
  series: string | undefined,
  seriesType?: VaccineGroupForecast['seriesType'],
): VaccineGroupForecast {
  return {
    vaccineGroup,
    status: statusOf(forecast, asOf),
    sourceStatus: forecast.status,
    ...(forecast.forecastDoseNumber !== null ? { doseNumber: forecast.forecastDoseNumber } : {}),
    ...(forecast.earliestDate ? { earliestDate: forecast.earliestDate } : {}),
    ...(forecast.recommendedDate ? { recommendedDate: forecast.recommendedDate } : {}),
    ...(forecast.pastDueDate ? { pastDueDate: forecast.pastDueDate } : {}),
    ...(forecast.latestDate ? { latestDate: forecast.latestDate } : {}),
    ...(series ? { series } : {}),
    ...(seriesType ? { seriesType } : {}),
  };
}

/** What `toImmunizationForecast` needs besides the engine result. */
export interface EngineForecastMeta {
  /** The date forecast for (the engine's assessment date). */
  asOf: DateValue;
  /** When the forecast was made (date-time). */
  madeAt?: DateValue;
  /** The supporting data version the engine carries. */
  version: string;
}

/**
 * The port forecast of an engine result: one group per CDSi vaccine group (two, risk first,
 * when the engine forecasts the group's risk and standard series apart), and one dose
 * evaluation per (recorded dose, vaccine group) — the evaluation of the group's first antigen
 * that evaluated the dose, as CDC's test cases report one status per dose and group.
 */
export function toImmunizationForecast(
  result: ForecastResult,
  doseIds: readonly string[],
  meta: EngineForecastMeta,
  uncounted: readonly VaccinationRecord[] = [],
): ImmunizationForecast {
  const groups: VaccineGroupForecast[] = [];
  const evaluations: DoseEvaluation[] = [];
  for (const group of Object.values(result.vaccineGroups)) {
    const antigens = group.antigens.map((name) => result.antigens[name]).filter((a) => a !== undefined);
    if (group.forecasts && group.forecasts.length > 1) {
      // a risk forecast beside the standard one (CDSi blends only series of one type): both
      // are shown, so a pregnancy's Tdap never hides a tetanus series long past due
      for (const typed of group.forecasts) {
        const series = antigens.find((a) => a.series && a.seriesType === typed.seriesType)?.series ?? undefined;
        groups.push(portGroup(group.vaccineGroup, typed, meta.asOf, series, typed.seriesType === 'Risk' ? 'risk' : 'standard'));
      }
    } else {
      groups.push(portGroup(group.vaccineGroup, group, meta.asOf, antigens.find((a) => a.series)?.series ?? undefined));
    }
    const seen = new Set<number>();
    for (const antigen of antigens) {
      for (const evaluation of antigen.evaluations) {
        const id = doseIds[evaluation.doseIndex];
        if (id === undefined || seen.has(evaluation.doseIndex)) continue;
        seen.add(evaluation.doseIndex);
        const valid = evaluation.status === 'Valid';
        evaluations.push({
          vaccinationId: id,
          vaccineGroup: group.vaccineGroup,
          valid,
          sourceStatus: evaluation.status,
          ...(!valid && evaluation.reason ? { reason: evaluation.reason } : {}),
          ...(valid && evaluation.targetDose !== null ? { doseNumber: evaluation.targetDose } : {}),
        });
      }
    }
  }
  return {
    source: 'engine',
    sourceName: `CDC CDSi supporting data ${meta.version}`,
    asOf: meta.asOf,
    ...(meta.madeAt ? { madeAt: meta.madeAt } : {}),
    groups: groups.map((group) => withUncounted(group, uncounted)),
    evaluations,
  };
}

/** Statuses a dose the engine could not read may have changed: it may already have been given. */
const OPEN: ReadonlySet<ForecastStatus> = new Set(['due-now', 'overdue', 'due-later']);

/**
 * A group whose next dose may be one of the doses the engine could not read (a dose of the
 * group, by the record's groups or its CVX code; any dose whose groups are unknown) is not
 * forecast: its status is `unknown` and it lists those doses, so no one is told a dose is
 * due or late that the record says was given. A group no such dose can belong to keeps its
 * forecast: one unreadable flu shot never holds back the MMR forecast.
 */
function withUncounted(group: VaccineGroupForecast, uncounted: readonly VaccinationRecord[]): VaccineGroupForecast {
  if (!OPEN.has(group.status)) return group;
  const concerned = uncounted.filter((v) => {
    const groups = groupsOf(v);
    return !groups.length || groups.includes(group.vaccineGroup);
  });
  return concerned.length ? { ...group, status: 'unknown', uncounted: concerned.map((v) => v.id) } : group;
}
