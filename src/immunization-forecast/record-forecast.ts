/**
 * The library's own forecast for a vaccination record: the CDSi engine over the record's doses.
 * The element imports this module on demand (`import()`), so the engine and its supporting
 * data land in their own chunk and load only when the backend has no forecast.
 */
import type { DateValue, ImmunizationForecast, ImmunizationRecord } from '../adapters/ports.js';
import { evaluateAndForecast, ForecastInputError, SUPPORTING_DATA_VERSION } from './index.js';
import { engineInputOf, toImmunizationForecast, type CannotForecast } from './to-forecast.js';

export type { CannotForecast } from './to-forecast.js';

/**
 * The engine's forecast for `record` as of `asOf` (`YYYY-MM-DD`), made at `madeAt`; or
 * `'no-birth-date'` when the patient's birth date is missing or unusable.
 */
export function forecastRecord(record: ImmunizationRecord, asOf: DateValue, madeAt?: DateValue): ImmunizationForecast | CannotForecast {
  const prepared = engineInputOf(record, asOf);
  if (prepared === 'no-birth-date') return prepared;
  try {
    const result = evaluateAndForecast(prepared.input);
    return toImmunizationForecast(result, prepared.doseIds, { asOf, ...(madeAt ? { madeAt } : {}), version: SUPPORTING_DATA_VERSION }, prepared.uncounted);
  } catch (error) {
    // Only an unusable birth or assessment date throws; a birth date after asOf is the one a record can carry.
    if (error instanceof ForecastInputError) return 'no-birth-date';
    throw error;
  }
}
