/**
 * The record sorted for display: vaccinations grouped by CDSi vaccine group in the schedule's
 * order, newest first within a group, each group joined with its forecast. No DOM.
 */
import type {
  DoseEvaluation,
  ImmunizationForecast,
  ImmunizationRecord,
  VaccinationRecord,
  VaccineGroupForecast,
} from '../../adapters/ports.js';
import { vaccineGroupRank } from '../../core/vaccine-groups.generated.js';
import { groupsOf } from '../../core/vaccination-groups.js';

/** The group of vaccinations no code places (no CVX, or a code the supporting data lacks). */
export const OTHER_GROUP = '';

/** One vaccine group as shown. */
export interface ShownGroup {
  /** CDSi vaccine group name; `OTHER_GROUP` for vaccinations no code places. */
  name: string;
  /** Vaccinations of the group, newest first (undated last); not-given records included, marked. */
  vaccinations: VaccinationRecord[];
  /**
   * The group's forecasts, in the source's order: none, one, or one per series type (a risk
   * series beside the routine one, see `VaccineGroupForecast.seriesType`).
   */
  forecasts: VaccineGroupForecast[];
}

/** Sort key of a date value: its calendar part (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); '' when absent. */
function dateKey(vaccination: VaccinationRecord): string {
  return /^\d{4}(-\d{2}){0,2}/.exec(vaccination.date ?? '')?.[0] ?? '';
}

function newestFirst(a: VaccinationRecord, b: VaccinationRecord): number {
  const ka = dateKey(a);
  const kb = dateKey(b);
  if (ka === kb) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  if (!ka) return 1;
  if (!kb) return -1;
  return ka < kb ? 1 : -1;
}

/** Whether a forecast group is worth a row: anything but "not recommended" and "aged out" with no dose on record. */
function worthShowing(forecast: VaccineGroupForecast, hasRecords: boolean): boolean {
  return hasRecords || (forecast.status !== 'not-recommended' && forecast.status !== 'aged-out');
}

/**
 * The record's groups in display order (the childhood schedule order, then the rest, then
 * "other"), each with its vaccinations newest first and its forecast. A group with a forecast
 * but no records is included when the forecast says something to act on.
 */
export function groupRecord(record: ImmunizationRecord, forecast?: ImmunizationForecast): ShownGroup[] {
  const byName = new Map<string, VaccinationRecord[]>();
  for (const vaccination of record.vaccinations) {
    const names = groupsOf(vaccination);
    for (const name of names.length ? names : [OTHER_GROUP]) {
      const list = byName.get(name) ?? [];
      list.push(vaccination);
      byName.set(name, list);
    }
  }
  const forecasts = new Map<string, VaccineGroupForecast[]>();
  for (const g of forecast?.groups ?? []) forecasts.set(g.vaccineGroup, [...(forecasts.get(g.vaccineGroup) ?? []), g]);
  const names = new Set([...byName.keys()]);
  for (const [name, list] of forecasts) if (list.some((g) => worthShowing(g, byName.has(name)))) names.add(name);
  const rank = (name: string) => (name === OTHER_GROUP ? Number.MAX_SAFE_INTEGER : vaccineGroupRank(name));
  return [...names]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => {
      const hasRecords = byName.has(name);
      const shown = (forecasts.get(name) ?? []).filter((g) => worthShowing(g, hasRecords));
      return { name, vaccinations: (byName.get(name) ?? []).sort(newestFirst), forecasts: shown };
    });
}

/** The forecast source's evaluation of one vaccination in one group, when it gave one. */
export function evaluationOf(
  forecast: ImmunizationForecast | undefined,
  vaccinationId: string,
  group: string,
): DoseEvaluation | undefined {
  return forecast?.evaluations.find((e) => e.vaccinationId === vaccinationId && e.vaccineGroup === group);
}

/** Doses given (not-given records, refusals and doses that are not full ones never count). */
export function givenCount(vaccinations: readonly VaccinationRecord[]): number {
  return vaccinations.filter((v) => v.status === 'given' && !v.partial).length;
}
