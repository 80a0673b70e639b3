/**
 * The vaccine forecast that the summary views (care reminders, the portal's home page) show
 * for a patient: the backend's, else the library's CDSi engine over the patient's record.
 * Both views read it here, so they never disagree about what is due.
 *
 * Sometimes no forecast can be made, and then no view may say what is due:
 * - the registry could not match the record to the patient (`lookup` `not-found` or
 *   `too-many`): the record is empty or not this patient's, and the engine would call every
 *   vaccine due for someone who may have had them all;
 * - the record has no usable birth date: every CDC rule starts from the patient's age.
 * The views ask the patient to check the vaccine record with the care team instead.
 *
 * The engine and CDC's supporting data load on demand (`import()`) only when the backend
 * has no forecast, so they stay out of the views' own chunks.
 */
import type { DateValue, ImmunizationForecast, ImmunizationPort, RecordRef } from '../adapters/ports.js';

/** Why no forecast could be made: the registry did not match the record, or it has no birth date. */
export type NoForecast = 'record-not-matched' | 'no-birth-date';

/**
 * The forecast for `patient` as of `asOf` (`YYYY-MM-DD`), made at `madeAt`: the port's own,
 * else the engine's over the port's record; or why there can be none. A failed read throws.
 */
export async function patientForecast(
  port: ImmunizationPort,
  patient: RecordRef,
  asOf: DateValue,
  madeAt: DateValue,
  signal?: AbortSignal,
): Promise<ImmunizationForecast | NoForecast> {
  const served = await port.getForecast(patient, asOf, { signal });
  if (served) return served;
  const record = await port.getRecord(patient, { signal });
  if (record.lookup && record.lookup !== 'found') return 'record-not-matched';
  if (!record.patient.birthDate) return 'no-birth-date';
  const { forecastRecord } = await import('./record-forecast.js');
  return forecastRecord(record, asOf, madeAt);
}
