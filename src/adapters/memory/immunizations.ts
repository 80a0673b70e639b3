import { EngageError } from '../../core/errors.js';
import type { DateValue, ImmunizationForecast, ImmunizationPort, ImmunizationRecord, ReadOptions, RecordRef } from '../ports.js';
import { simulate, type Simulation } from './simulate.js';

/** What the memory immunization port holds. */
export interface MemoryImmunizationOptions {
  /** One record per patient, keyed by the patient's reference (`Patient/123`). */
  records?: readonly ImmunizationRecord[];
  /**
   * The backend's own forecasts, keyed by patient reference. A patient without one gets
   * `undefined` from `getForecast`, so the element computes a forecast with the CDSi engine.
   */
  forecasts?: Readonly<Record<RecordRef, ImmunizationForecast>>;
}

/** Vaccination records and forecasts held in memory. */
export class MemoryImmunizationPort implements ImmunizationPort {
  private readonly records: Map<RecordRef, ImmunizationRecord>;
  private readonly forecasts: Map<RecordRef, ImmunizationForecast>;

  constructor(
    options: MemoryImmunizationOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.records = new Map((options.records ?? []).map((record) => [record.patient.ref, structuredClone(record)]));
    this.forecasts = new Map(Object.entries(options.forecasts ?? {}).map(([ref, forecast]) => [ref, structuredClone(forecast)]));
  }

  async getRecord(patient: RecordRef, options: ReadOptions = {}): Promise<ImmunizationRecord> {
    await simulate(this.simulation, options.signal);
    const found = this.records.get(patient);
    if (!found) throw new EngageError('not-found', 'No such patient.', { status: 404 });
    return structuredClone(found);
  }

  async getForecast(patient: RecordRef, asOf: DateValue, options: ReadOptions = {}): Promise<ImmunizationForecast | undefined> {
    await simulate(this.simulation, options.signal);
    if (!this.records.has(patient)) throw new EngageError('not-found', 'No such patient.', { status: 404 });
    const forecast = this.forecasts.get(patient);
    // A stored forecast is for the date it was made; asking for another date is asking for a new one.
    return forecast && forecast.asOf === asOf ? structuredClone(forecast) : undefined;
  }
}
