/**
 * The health-tracker port over FHIR R4: readings are `Observation`s (patient-reported ones
 * written with a conditional create on the idempotency key), goals are `Goal`s. See
 * `mapping/health-tracker.ts` for the modelling and why.
 */
import { addDays, viewerDayOf } from '../../core/calendar-date.js';
import { EngageError } from '../../core/errors.js';
import {
  DEFAULT_READING_TYPES,
  type HealthGoal,
  type HealthTrackerPort,
  type ReadOptions,
  type Reading,
  type ReadingQuery,
  type ReadingType,
  type RecordRef,
  type WriteOptions,
} from '../ports.js';
import type { FhirClient } from './client.js';
import type { Resource } from './fhir-types.js';
import {
  LOINC,
  READING_KEY_SYSTEM,
  goalFromFhir,
  observationToReading,
  readingToObservation,
} from './mapping/health-tracker.js';
import { createOnce, holdSent, rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';

const READING_KEYS: KeyIdentity = { system: READING_KEY_SYSTEM };

export class FhirHealthTrackerPort implements HealthTrackerPort {
  constructor(
    private readonly client: FhirClient,
    /** Reading types a host adds beside the built-in ones, so their Observations map back. */
    private readonly extraTypes: readonly ReadingType[] = [],
  ) {}

  async listReadings(patient: RecordRef, query: ReadingQuery = {}, options: ReadOptions = {}): Promise<Reading[]> {
    const types = query.types ?? DEFAULT_READING_TYPES;
    const codes = types.flatMap((t) => [t.code, ...(t.alsoCodes ?? [])]).map((c) => `${LOINC}|${c}`);
    // the query names the viewer's days; the server reads a day in its own zone, so ask a day wider
    // on each side and keep the readings on those days where the viewer is (as the memory port does)
    const dates = [...(query.from ? [`ge${addDays(query.from, -1)}`] : []), ...(query.to ? [`le${addDays(query.to, 1)}`] : [])];
    const { resources } = await this.client.searchAll(
      'Observation',
      { subject: patient, code: codes.join(','), ...(dates.length ? { date: dates } : {}), _sort: 'date', _count: 200 },
      { signal: options.signal, maxResults: 5000 },
    );
    return resources
      .map((o) => observationToReading(o, types))
      .filter((r): r is Reading => r !== undefined && (!query.from || viewerDayOf(r.effective) >= query.from) && (!query.to || viewerDayOf(r.effective) <= query.to))
      .sort((a, b) => Date.parse(a.effective) - Date.parse(b.effective) || a.effective.localeCompare(b.effective));
  }

  async recordReading(reading: Reading, options: WriteOptions): Promise<Reading> {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    const types = [...DEFAULT_READING_TYPES, ...this.extraTypes];
    const type = types.find((t) => t.id === reading.typeId);
    const resource = readingToObservation(reading, type, options.idempotencyKey);
    const back = (stored: Resource): Reading => {
      const mapped = observationToReading(stored, type ? [type] : types);
      if (!mapped) throw new EngageError('server', 'The server did not return the reading it stored.');
      return mapped;
    };
    // the write protocol: changed values after a lost save update the reading that landed
    const settled = await settleEarlier(this.client, 'Observation', READING_KEYS, options, options.signal);
    // what a reading stored under this key must hold: its time, values, meal context and note
    const hold = { content: ['effectiveDateTime', 'valueQuantity', 'component', 'extension', 'note'], signal: options.signal } as const;
    if (settled.current) return back(await holdSent(this.client, settled.current, resource, hold));
    const earlier = settled.earlier.find((o) => o.subject?.reference === reading.patient);
    if (earlier) {
      const revise = (stored: Resource): Resource => ({ ...resource, id: stored.id });
      return back(await rekey(this.client, earlier, READING_KEYS, options.idempotencyKey, revise, options.signal));
    }
    return back(await createOnce(this.client, resource, READING_KEYS, options.idempotencyKey, hold));
  }

  async listGoals(patient: RecordRef, options: ReadOptions = {}): Promise<HealthGoal[]> {
    const { resources } = await this.client.searchAll('Goal', { subject: patient, _count: 100 }, { signal: options.signal, maxResults: 500 });
    return resources.map(goalFromFhir).filter((g): g is HealthGoal => g !== undefined);
  }
}
