import { viewerDayOf } from '../../core/calendar-date.js';
import { EngageError } from '../../core/errors.js';
import {
  DEFAULT_READING_TYPES,
  type HealthGoal,
  type HealthTrackerPort,
  type ReadOptions,
  type Reading,
  type ReadingQuery,
  type RecordRef,
  type WriteOptions,
} from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

/** What the memory health-tracker port starts with. */
export interface MemoryHealthTrackerOptions {
  /** Readings already recorded (patient-reported and clinic-measured). */
  readings?: readonly Reading[];
  /** Goals agreed with the care team. */
  goals?: readonly HealthGoal[];
  /** Fails only saves with this code (for a "save failed" story), while reads work. */
  failSavesWith?: Simulation['failWith'];
}

/** Readings and goals held in memory. */
export class MemoryHealthTrackerPort implements HealthTrackerPort {
  private readonly readings: Reading[] = [];
  private readonly goals: HealthGoal[];
  private readonly ledger = new IdempotencyLedger();
  private readonly writesByKey = new Map<string, number>();
  private nextId = 1;

  constructor(
    private readonly options: MemoryHealthTrackerOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    for (const reading of options.readings ?? []) this.readings.push(structuredClone({ ...reading, id: reading.id ?? `reading-${this.nextId++}` }));
    this.goals = structuredClone([...(options.goals ?? [])]);
  }

  async listReadings(patient: RecordRef, query: ReadingQuery = {}, options: ReadOptions = {}): Promise<Reading[]> {
    await simulate(this.simulation, options.signal);
    const types = query.types ?? DEFAULT_READING_TYPES;
    const codes = new Set(types.flatMap((t) => [t.code, ...(t.alsoCodes ?? [])]));
    return this.readings
      .filter((r) => r.patient === patient && r.code.code !== undefined && codes.has(r.code.code))
      // the query names the viewer's days; a device time in UTC is on the day it is here (as the entry form reads it)
      .filter((r) => (!query.from || viewerDayOf(r.effective) >= query.from) && (!query.to || viewerDayOf(r.effective) <= query.to))
      // by the moment, as the FHIR port: a time in UTC and one with a local offset differ in their digits
      .sort((a, b) => Date.parse(a.effective) - Date.parse(b.effective) || a.effective.localeCompare(b.effective))
      .map((r) => structuredClone(r));
  }

  async recordReading(reading: Reading, options: WriteOptions): Promise<Reading> {
    await simulate(this.simulation, options.signal);
    if (this.options.failSavesWith) throw new EngageError(this.options.failSavesWith, `Simulated ${this.options.failSavesWith} failure.`);
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    return this.ledger.write(
      options,
      () => {
        const saved = structuredClone({ ...reading, source: 'patient' as const, id: `reading-${this.nextId++}` });
        this.readings.push(saved);
        this.writesByKey.set(options.idempotencyKey, (this.writesByKey.get(options.idempotencyKey) ?? 0) + 1);
        return structuredClone(saved);
      },
      // changed values after a lost save: the reading that landed now holds them
      (earlier) => {
        const saved = structuredClone({ ...reading, source: 'patient' as const, id: earlier.id });
        const index = this.readings.findIndex((r) => r.id === earlier.id);
        if (index >= 0) this.readings[index] = saved;
        return structuredClone(saved);
      },
    );
  }

  /** The next `count` saves are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** How many readings were written under an idempotency key (for tests: never more than 1). */
  writesWithKey(key: string): number {
    return this.writesByKey.get(key) ?? 0;
  }

  async listGoals(_patient: RecordRef, options: ReadOptions = {}): Promise<HealthGoal[]> {
    await simulate(this.simulation, options.signal);
    return structuredClone(this.goals);
  }
}
