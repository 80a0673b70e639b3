/**
 * The records the in-memory scheduling port holds (visit types, slots, appointments) and
 * the steps every write shares: finding a record or refusing with the FHIR port's error,
 * taking a slot or answering "just taken" with the nearest open ones, freeing a slot, and
 * making an appointment as booked. Apart from the port (scheduling.ts) so that the port
 * reads as its writes and reads, each under the write protocol; a base class rather than
 * an object it holds, as every write reads and changes these same records.
 */
import { EngageError } from '../../core/errors.js';
import type { Appointment, RecordRef, Slot, VisitType } from '../ports.js';
import { nearestSlots } from '../scheduling-order.js';
import type { Simulation } from './simulate.js';

/** A slot held in memory, with whether it is taken. */
export interface MemorySlot extends Slot {
  /** `busy` once an appointment holds it. */
  status: 'free' | 'busy';
}

/** Data and behaviour of the in-memory scheduling port. */
export interface MemorySchedulingOptions {
  /** Visit types the clinic offers. */
  visitTypes?: VisitType[];
  /** Slots, free and busy. */
  slots?: MemorySlot[];
  /** Appointments and requests that already exist. */
  appointments?: Appointment[];
  /** Patient display names for the clinic's lists. */
  patientNames?: Record<RecordRef, string>;
  /** Simulation for writes only, instead of the adapter's. */
  writes?: Simulation;
  /** The clock for `created`; default the real one. */
  now?: () => Date;
}

/** A slot without its memory-only status, as the port answers it. */
export function publicSlot(slot: Slot): Slot {
  const rest: Partial<MemorySlot> = { ...slot };
  delete rest.status;
  return rest as Slot;
}

/** Thrown inside a ledger write so that a lost race is not remembered as the key's result. */
export class SlotTaken extends Error {}

/** What the memory scheduling port holds, and how its writes find, take and make records. */
export abstract class SchedulingRecords {
  protected readonly types: VisitType[];
  protected readonly slotList: MemorySlot[];
  protected readonly appointments: Appointment[];
  protected readonly patientNames: Map<RecordRef, string>;
  protected readonly now: () => Date;
  protected sequence = 0;

  constructor(options: MemorySchedulingOptions) {
    this.types = structuredClone(options.visitTypes ?? []);
    this.slotList = structuredClone(options.slots ?? []);
    this.appointments = structuredClone(options.appointments ?? []);
    this.patientNames = new Map(Object.entries(options.patientNames ?? {}));
    this.now = options.now ?? (() => new Date());
  }

  protected visitType(id: string): VisitType {
    const type = this.types.find((t) => t.id === id);
    if (!type) throw new EngageError('invalid', 'Unknown visit type.');
    return type;
  }

  protected slot(id: string): MemorySlot {
    const slot = this.slotList.find((s) => s.id === id);
    if (!slot) throw new EngageError('not-found', 'No such slot.', { status: 404 });
    return slot;
  }

  protected appointment(id: string): Appointment {
    const appointment = this.appointments.find((a) => a.id === id);
    if (!appointment) throw new EngageError('not-found', 'No such appointment.', { status: 404 });
    return appointment;
  }

  protected open(visitType: string, clinician?: RecordRef, location?: RecordRef): MemorySlot[] {
    const now = this.now().getTime();
    return this.slotList.filter(
      (s) =>
        s.status === 'free' &&
        s.visitTypes.includes(visitType) &&
        Date.parse(s.start) > now &&
        (!clinician || s.clinician?.ref === clinician) &&
        (!location || s.location?.ref === location),
    );
  }

  /** The "just taken" answer for `slot`: nearest open slots of the visit type, same clinician first if any. */
  protected taken(slot: Slot, visitType: string): { outcome: 'slot-taken'; alternatives: Slot[] } {
    const same = this.open(visitType, slot.clinician?.ref);
    const alternatives = nearestSlots(slot, same.length ? same : this.open(visitType));
    return { outcome: 'slot-taken', alternatives: structuredClone(alternatives.map(publicSlot)) };
  }

  /** An appointment for `slot`, as booked. */
  protected booked(patient: RecordRef, slot: MemorySlot, type: VisitType, note?: string, base: Partial<Appointment> = {}): Appointment {
    const instructions = [
      type.arriveMinutesEarly ? `Arrive ${type.arriveMinutesEarly} minutes early.` : '',
      type.preparation ?? '',
    ].filter(Boolean);
    return {
      id: `appointment-${++this.sequence}`,
      created: this.now().toISOString(),
      ...base,
      status: 'booked',
      patient,
      patientName: this.patientNames.get(patient),
      start: slot.start,
      end: slot.end,
      visitType: { id: type.id, name: type.name },
      clinician: slot.clinician,
      location: slot.location,
      slotId: slot.id,
      cancelWindowHours: type.cancelWindowHours,
      ...(type.questionnaire ? { questionnaire: type.questionnaire } : {}),
      ...(type.mode === 'video' ? { videoUrl: `https://video.example.org/visit/${slot.id}` } : {}),
      ...(instructions.length ? { instructions: instructions.join(' ') } : {}),
      // every note this port holds is the patient's (booking, request, answer)
      ...(note?.trim() ? { note: note.trim(), noteBy: 'patient' as const } : {}),
      version: String(Number(base.version ?? '0') + 1),
    };
  }

  /** Runs a write whose race may be lost, turning a lost race into its answer. */
  protected async racing<T extends { outcome: string }>(run: () => Promise<T>): Promise<T | { outcome: 'slot-taken'; alternatives: Slot[] }> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SlotTaken) return JSON.parse(error.message) as { outcome: 'slot-taken'; alternatives: Slot[] };
      throw error;
    }
  }

  /** Takes `slot` or throws the "just taken" answer. */
  protected take(slot: MemorySlot, visitType: string): void {
    if (slot.status !== 'free') throw new SlotTaken(JSON.stringify(this.taken(slot, visitType)));
    slot.status = 'busy';
  }

  /** Frees the slot an appointment held. */
  protected release(appointment: Appointment): void {
    const slot = this.slotList.find((s) => s.id === appointment.slotId);
    if (slot) slot.status = 'free';
  }

  /** A request as answered: only the proposed times nobody has taken since. */
  protected withOpenProposals(a: Appointment): Appointment {
    return a.proposals ? { ...a, proposals: a.proposals.filter((p) => this.slotList.find((s) => s.id === p.id)?.status === 'free') } : a;
  }
}

/** What a revision keeps of the record it revises: its identity and version, nothing the user wrote. */
export function kept(appointment: Appointment): Partial<Appointment> {
  return { id: appointment.id, created: appointment.created, version: appointment.version };
}

/** Makes `held` (the record others hold a reference to) exactly `revised`. */
export function replaceWith<T extends object>(held: T, revised: T): void {
  for (const key of Object.keys(held)) if (!(key in revised)) delete (held as Record<string, unknown>)[key];
  Object.assign(held, revised);
}
