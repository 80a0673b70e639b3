import { EngageError, toEngageError } from '../../core/errors.js';
import type { DateValue, ImmunizationForecast, ImmunizationPort, ImmunizationRecord, ReadOptions, RecordRef } from '../ports.js';
import { iisResponseToRecord, type IisResponse } from './iis-response.js';

/** What the registry immunization port needs from the host. */
export interface RegistryImmunizationOptions {
  /**
   * Asks the state registry about the patient and resolves the HL7 v2.5.1 `RSP^K11` answer
   * as text. The vendor's backend builds the `QBP^Q11` query (Z34 or Z44) and relays it over
   * whatever transport the registry uses (SOAP, MLLP); the browser never talks to the
   * registry itself. Honour `signal`.
   */
  query(patient: RecordRef, options: { signal?: AbortSignal }): Promise<string>;
  /** The registry's name in words (`Wisconsin Immunization Registry`), shown as the source. */
  sourceName?: string;
}

/**
 * An ImmunizationPort over a state Immunization Information System. One registry answer
 * (a Z42 holds both) serves `getRecord` and the next `getForecast` of the same patient, so
 * showing a record and what is due costs one query; `getRecord` always asks anew.
 * A patient the registry does not know (`NF`) or cannot single out (`TM`) is a record with
 * `lookup` set and no vaccinations, not an error; a malformed answer is an `invalid` EngageError.
 */
export function createRegistryImmunizationPort(options: RegistryImmunizationOptions): ImmunizationPort {
  const answers = new Map<RecordRef, Promise<string>>();

  const ask = (patient: RecordRef, signal?: AbortSignal): Promise<string> => {
    if (signal?.aborted) return Promise.reject(new EngageError('aborted', 'The request was cancelled.'));
    const answer = Promise.resolve()
      .then(() => options.query(patient, { signal }))
      .then((text) => {
        if (typeof text !== 'string') throw new EngageError('invalid', 'The registry relay did not answer with message text.');
        return text;
      })
      .catch((error: unknown) => {
        answers.delete(patient);
        throw signal?.aborted ? new EngageError('aborted', 'The request was cancelled.', { cause: error }) : toEngageError(error);
      });
    answers.set(patient, answer);
    return answer;
  };

  const read = (text: string, patient: RecordRef, asOf?: DateValue): IisResponse =>
    iisResponseToRecord(text, { ref: patient, ...(options.sourceName ? { sourceName: options.sourceName } : {}), ...(asOf ? { asOf } : {}) });

  return {
    async getRecord(patient: RecordRef, readOptions: ReadOptions = {}): Promise<ImmunizationRecord> {
      return read(await ask(patient, readOptions.signal), patient).record;
    },
    async getForecast(patient: RecordRef, asOf: DateValue, readOptions: ReadOptions = {}): Promise<ImmunizationForecast | undefined> {
      const text = await (answers.get(patient) ?? ask(patient, readOptions.signal));
      // used once: a later forecast asks the registry again
      answers.delete(patient);
      return read(text, patient, asOf).forecast;
    },
  };
}
