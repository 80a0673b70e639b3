/**
 * The vaccine forecast that the summary views (care reminders, the portal's home page) show
 * for a patient: the backend's, else the library's CDSi engine over the patient's record.
 * Both views read it here, and decide as `<engage-immunizations>` does (the record's registry
 * lookup first, then the backend's forecast, then the engine), so no two views disagree
 * about what is due.
 *
 * Sometimes no forecast can be made, and then no view may say what is due:
 * - the registry could not match the record to the patient (`lookup` `not-found` or
 *   `too-many`): the record is empty or not this patient's, and the engine would call every
 *   vaccine due for someone who may have had them all;
 * - the record has no full birth date: every CDC rule starts from the patient's age.
 * The views ask the patient to check the vaccine record with the care team instead.
 *
 * The engine and CDC's supporting data load on demand (`import()`) only when the backend
 * has no forecast, so they stay out of the views' own chunks.
 */
import type { DateValue, ImmunizationForecast, ImmunizationPort, ImmunizationRecord, RecordRef } from '../adapters/ports.js';
import { isEngageError } from '../core/errors.js';

/** Why no forecast could be made: the registry did not match the record, or it has no birth date. */
export type NoForecast = 'record-not-matched' | 'no-birth-date';

/**
 * The forecast for `patient` as of `asOf` (`YYYY-MM-DD`), made at `madeAt`: the port's own,
 * else the engine's over the port's record; or why there can be none. The record and the
 * forecast are asked for together: one round trip, and one query where a registry answers
 * both at once (the HL7 v2 port). A failed read throws, unless the record alone failed and
 * the backend's forecast came: that still tells what is due.
 */
export async function patientForecast(
  port: ImmunizationPort,
  patient: RecordRef,
  asOf: DateValue,
  madeAt: DateValue,
  signal?: AbortSignal,
): Promise<ImmunizationForecast | NoForecast> {
  const recordRead = port.getRecord(patient, { signal });
  const servedRead = port.getForecast(patient, asOf, { signal });
  servedRead.catch(() => undefined); // awaited below unless the record settles it first
  let record: ImmunizationRecord;
  try {
    record = await recordRead;
  } catch (error) {
    if (isEngageError(error) && error.code === 'aborted') throw error;
    const served = await servedRead.catch(() => undefined);
    if (served) return served;
    throw error;
  }
  // an empty record, or someone else's: a forecast for it would not be this patient's
  if (record.lookup && record.lookup !== 'found') return 'record-not-matched';
  const served = await servedRead;
  if (served) return served;
  if (!record.patient.birthDate) return 'no-birth-date';
  const { forecastRecord } = await import('./record-forecast.js');
  return forecastRecord(record, asOf, madeAt);
}
