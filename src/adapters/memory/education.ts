/** The education port over plain objects: assigned materials and read markers. */
import { viewerDayOf } from '../../core/calendar-date.js';
import { EngageError } from '../../core/errors.js';
import type { AssignedMaterial, EducationPort, MaterialDraft, Period, ReadOptions, RecordRef, WriteOptions } from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

export interface MemoryEducationOptions {
  /** Materials already assigned. */
  materials?: AssignedMaterial[];
  /** Name recorded as the assigner of new materials. */
  assignedBy?: string;
  /** The clock for `assigned` and `readAt` (default now). */
  now?: () => Date;
}

/**
 * Whether a date or date-time falls inside a period (inclusive, compared as calendar days): a
 * moment on the day it is where the viewer is, whose days the period names (a leaflet assigned
 * at 21:00 in New York, stamped 02:00 UTC the next day, was given that evening).
 */
export function inPeriod(date: string, period: Period): boolean {
  const day = viewerDayOf(date);
  return day >= period.start.slice(0, 10) && day <= period.end.slice(0, 10);
}

/** Assigned education materials held in memory. */
export class MemoryEducationPort implements EducationPort {
  private readonly materials: AssignedMaterial[];
  private readonly ledger = new IdempotencyLedger();
  private nextId = 1;

  constructor(
    private readonly options: MemoryEducationOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.materials = structuredClone(options.materials ?? []);
  }

  /** The next `count` writes are applied, then answered with a `network` error. */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** Every material held, for tests. */
  get all(): readonly AssignedMaterial[] {
    return structuredClone(this.materials);
  }

  private now(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  async listAssigned(patient: RecordRef, options: ReadOptions = {}): Promise<AssignedMaterial[]> {
    await simulate(this.simulation, options.signal);
    return structuredClone(this.materials.filter((m) => m.patient === patient)).sort((a, b) => b.assigned.localeCompare(a.assigned));
  }

  async assign(patient: RecordRef, draft: MaterialDraft, options: WriteOptions): Promise<AssignedMaterial> {
    await simulate(this.simulation, options.signal);
    if (!draft.title.trim() || (!draft.url && !draft.attachment?.url && !draft.attachment?.data)) {
      throw new EngageError('invalid', 'A material needs a title and a link or an attachment.');
    }
    return this.ledger.write(
      options,
      () => {
        const material: AssignedMaterial = {
          ...structuredClone(draft),
          id: `edu-${this.nextId++}`,
          patient,
          assigned: this.now(),
          ...(this.options.assignedBy ? { assignedBy: this.options.assignedBy } : {}),
        };
        this.materials.push(material);
        return structuredClone(material);
      },
      (earlier) => {
        // the material as last sent: a reason or a language taken out is gone, and a changed
        // material is unread again (as over FHIR, which writes the Communication anew)
        const index = this.materials.findIndex((m) => m.id === earlier.id);
        const { id, patient: owner, assigned, assignedBy, security } = this.materials[index]!;
        this.materials[index] = {
          ...structuredClone(draft),
          id,
          patient: owner,
          assigned,
          ...(assignedBy ? { assignedBy } : {}),
          ...(security ? { security } : {}),
        };
        return structuredClone(this.materials[index]!);
      },
    );
  }

  async markRead(id: string, options: WriteOptions): Promise<AssignedMaterial> {
    await simulate(this.simulation, options.signal);
    return this.ledger.write(options, () => {
      const stored = this.materials.find((m) => m.id === id);
      if (!stored) throw new EngageError('not-found', `No material ${id}.`);
      // marking read twice keeps the first time it was read
      stored.readAt ??= this.now();
      return structuredClone(stored);
    });
  }

  async countPatientsEducated(period: Period, options: ReadOptions = {}): Promise<number> {
    await simulate(this.simulation, options.signal);
    return new Set(this.materials.filter((m) => inPeriod(m.assigned, period)).map((m) => m.patient)).size;
  }
}
