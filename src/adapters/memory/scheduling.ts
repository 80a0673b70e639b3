import { EngageError } from '../../core/errors.js';
import { dayRange } from '../../core/zoned-time.js';
import type {
  Appointment,
  AppointmentRequestDraft,
  BookingDraft,
  BookingOutcome,
  DecisionOutcome,
  ProposalAnswer,
  ReadOptions,
  RecordRef,
  RequestDecision,
  SchedulingPort,
  Slot,
  SlotQuery,
  VisitType,
  WriteOptions,
} from '../ports.js';
import { sortAppointments } from '../scheduling-order.js';
import { conflict, DECIDED, holdsAnswer, standsAt } from './scheduling-retry.js';
import { kept, publicSlot, replaceWith, SchedulingRecords, SlotTaken, type MemorySchedulingOptions, type MemorySlot } from './scheduling-records.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

// the port's data types stay importable from here, where the port is
export type { MemorySchedulingOptions, MemorySlot } from './scheduling-records.js';

/**
 * Appointments held in memory, following the same contract as the FHIR port: a slot is
 * booked by one appointment at most (a second booking answers `slot-taken`), a reschedule
 * moves the appointment in one step, and every write runs once per idempotency key.
 */
export class MemorySchedulingPort extends SchedulingRecords implements SchedulingPort {
  private readonly ledger = new IdempotencyLedger();
  /** Requests as they were before the clinic's first decision, so a changed decision can undo it. */
  private readonly undecided = new Map<string, Appointment>();
  /** Simulation applied to writes; change it at any time. */
  writeSimulation: Simulation;

  constructor(
    options: MemorySchedulingOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    super(options);
    this.writeSimulation = options.writes ?? simulation;
  }

  /** The next `count` writes are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** Every appointment held (tests, stories). */
  get allAppointments(): Appointment[] {
    return structuredClone(this.appointments);
  }

  /** Every slot held, with its status (tests, stories). */
  get allSlots(): MemorySlot[] {
    return structuredClone(this.slotList);
  }

  /** Runs a write once per key (the ledger, which also joins a second arrival of a key under way); a lost race (`SlotTaken`) is answered, never remembered. */
  private once<T>(options: WriteOptions, write: () => Promise<T>, revise?: (earlier: T) => Promise<T>, remembered?: (earlier: T) => Promise<T>): Promise<T> {
    return this.ledger.write(options, write, revise, remembered);
  }

  async visitTypes(options: ReadOptions = {}): Promise<VisitType[]> {
    await simulate(this.simulation, options.signal);
    return structuredClone(this.types);
  }

  async slots(query: SlotQuery, options: ReadOptions = {}): Promise<Slot[]> {
    await simulate(this.simulation, options.signal);
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    return structuredClone(
      this.open(query.visitType, query.clinician, query.location)
        .filter((s) => Date.parse(s.start) >= from && Date.parse(s.start) < to)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
        .map(publicSlot),
    );
  }

  async book(patient: RecordRef, draft: BookingDraft, options: WriteOptions): Promise<BookingOutcome> {
    return this.racing(() =>
      this.once<BookingOutcome>(
        options,
        async () => {
          await simulate(this.writeSimulation, options.signal);
          const type = this.visitType(draft.visitType);
          if (!type.selfSchedulable) throw new EngageError('forbidden', 'This visit type is booked by request only.', { status: 403 });
          const slot = this.slot(draft.slotId);
          this.take(slot, type.id);
          const appointment = this.booked(patient, slot, type, draft.note);
          this.appointments.push(appointment);
          return { outcome: 'booked', appointment: structuredClone(appointment) };
        },
        // a changed booking after a lost answer that landed: move that booking, never add one
        async (earlier) => {
          await simulate(this.writeSimulation, options.signal);
          if (earlier.outcome !== 'booked') throw new EngageError('server', 'Unexpected earlier result.');
          const held = this.appointment(earlier.appointment.id);
          const type = this.visitType(draft.visitType);
          const slot = this.slot(draft.slotId);
          if (held.slotId !== slot.id) {
            this.take(slot, type.id);
            this.release(held);
          }
          // what the user last sent, not what it adds to: a note taken out is gone (as over FHIR)
          replaceWith(held, this.booked(patient, slot, type, draft.note, kept(held)));
          return { outcome: 'booked', appointment: structuredClone(held) };
        },
        // what the ledger remembered for this very key is the answer only when the booking holds this attempt
        (remembered) => this.keptBooking(remembered, draft.slotId, draft.note, options),
      ),
    );
  }

  /**
   * The booking (or move) an earlier attempt under this very key made, as this attempt's answer — the
   * FHIR port's rule (docs/write-protocol.md §3): its time is this attempt's content, so one
   * cancelled since or at another time is a `conflict` (never "booked" for a time it does not
   * hold); one without this attempt's note is made to hold it.
   */
  private async keptBooking(outcome: BookingOutcome, slotId: string, sentNote: string | undefined, options: WriteOptions): Promise<BookingOutcome> {
    if (outcome.outcome !== 'booked') return outcome;
    const held = this.appointment(outcome.appointment.id);
    standsAt(held, slotId);
    await this.holdNote(held, sentNote, options);
    return { outcome: 'booked', appointment: structuredClone(held) };
  }

  /** Makes `held` hold the note this attempt sent, as the patient's (a note edited before a resend under its key). */
  private async holdNote(held: Appointment, sent: string | undefined, options: WriteOptions): Promise<void> {
    const note = sent?.trim();
    if (!note || (held.note === note && held.noteBy === 'patient')) return;
    await simulate(this.writeSimulation, options.signal);
    Object.assign(held, { note, noteBy: 'patient', version: String(Number(held.version ?? '1') + 1) });
  }

  async request(patient: RecordRef, draft: AppointmentRequestDraft, options: WriteOptions): Promise<Appointment> {
    const fill = (base: Partial<Appointment>): Appointment => {
      const type = this.visitType(draft.visitType);
      const clinician = type.clinicians.find((c) => c.ref === draft.clinician);
      const location = type.locations.find((l) => l.ref === draft.location);
      return {
        id: `appointment-${++this.sequence}`,
        created: this.now().toISOString(),
        ...base,
        status: 'requested',
        patient,
        patientName: this.patientNames.get(patient),
        visitType: { id: type.id, name: type.name },
        ...(clinician ? { clinician } : {}),
        ...(location ? { location } : {}),
        preferences: structuredClone(draft.preferences),
        ...(draft.note?.trim() ? { note: draft.note.trim(), noteBy: 'patient' as const } : {}),
        version: String(Number(base.version ?? '0') + 1),
      };
    };
    return this.once(
      options,
      async () => {
        await simulate(this.writeSimulation, options.signal);
        const made = fill({});
        this.appointments.push(made);
        return structuredClone(made);
      },
      async (earlier) => {
        await simulate(this.writeSimulation, options.signal);
        const held = this.appointment(earlier.id);
        // what the user last sent, not what it adds to: a note or clinician taken out is gone (as over FHIR)
        replaceWith(held, fill(kept(held)));
        return structuredClone(held);
      },
    );
  }

  async reschedule(appointmentId: string, slotId: string, options: WriteOptions): Promise<BookingOutcome> {
    return this.racing(() =>
      this.once<BookingOutcome>(
        options,
        async () => {
          await simulate(this.writeSimulation, options.signal);
          const old = this.appointment(appointmentId);
          if (old.status !== 'booked') throw new EngageError('conflict', 'Only a booked appointment can be moved.', { status: 409 });
          const type = this.visitType(old.visitType?.id ?? '');
          const slot = this.slot(slotId);
          this.take(slot, type.id);
          // the new booking and the release of the old one happen together
          const moved = this.booked(old.patient, slot, type, old.note, { replaces: old.id });
          this.appointments.push(moved);
          this.release(old);
          old.status = 'cancelled';
          old.statusReason = 'Rescheduled';
          old.version = String(Number(old.version ?? '1') + 1);
          return { outcome: 'booked', appointment: structuredClone(moved) };
        },
        undefined,
        // a move the ledger remembered is the answer only while the visit still stands at its new time
        (remembered) => this.keptBooking(remembered, slotId, undefined, options),
      ),
    );
  }

  async cancel(appointmentId: string, reason: string | undefined, options: WriteOptions): Promise<Appointment> {
    return this.once(options, async () => {
      await simulate(this.writeSimulation, options.signal);
      const held = this.appointment(appointmentId);
      if (held.status === 'cancelled') return structuredClone(held);
      // as the FHIR port: a visit not confirmed yet (pending) can be cancelled like a booked one
      if (!['booked', 'pending', 'requested', 'proposed'].includes(held.status)) {
        throw new EngageError('conflict', 'This appointment can no longer be cancelled.', { status: 409 });
      }
      this.release(held);
      held.status = 'cancelled';
      if (reason?.trim()) held.statusReason = reason.trim();
      held.version = String(Number(held.version ?? '1') + 1);
      return structuredClone(held);
    });
  }

  async listAppointments(patient: RecordRef, options: ReadOptions = {}): Promise<Appointment[]> {
    await simulate(this.simulation, options.signal);
    return structuredClone(sortAppointments(this.appointments.filter((a) => a.patient === patient).map((a) => this.withOpenProposals(a)), this.now()));
  }

  async listRequests(options: ReadOptions = {}): Promise<Appointment[]> {
    await simulate(this.simulation, options.signal);
    return structuredClone(
      this.appointments
        .filter((a) => a.status === 'requested' || a.status === 'proposed')
        .map((a) => this.withOpenProposals(a))
        .sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '')),
    );
  }

  async decide(requestId: string, decision: RequestDecision, options: WriteOptions): Promise<DecisionOutcome> {
    return this.racing(() =>
      this.once<DecisionOutcome>(
        options,
        async () => {
          await simulate(this.writeSimulation, options.signal);
          return this.decideOpen(this.appointment(requestId), decision);
        },
        // a decision changed after a lost answer that landed: that decision is revised
        async (earlier) => {
          await simulate(this.writeSimulation, options.signal);
          if (earlier.outcome !== 'saved') throw new EngageError('server', 'Unexpected earlier result.');
          const held = this.appointment(earlier.appointment.id);
          // changed since by someone else (the patient cancelled, accepted, or answered):
          // theirs stands, and the change is a decision on the request as it now is
          if (held.version !== earlier.appointment.version) return this.decideOpen(held, decision);
          return this.applyDecision(held, decision, this.undecided.get(held.id));
        },
        // what the ledger remembered for this very key is the answer only as the request now holds it
        (remembered) => this.keptDecision(remembered, decision, options),
      ),
    );
  }

  /**
   * A decision that landed under this very key, as this attempt's answer — the FHIR port's
   * rule (docs/write-protocol.md §3): a decision of another kind is a `conflict`; a request
   * answered since (its version moved on: the patient took a time, turned the times down,
   * cancelled) is answered as it now is, never put back; otherwise it is made to hold this
   * decision's words (the reason, the times offered and the message).
   */
  private async keptDecision(outcome: DecisionOutcome, decision: RequestDecision, options: WriteOptions): Promise<DecisionOutcome> {
    if (outcome.outcome !== 'saved') return outcome;
    const landed = outcome.appointment;
    if (landed.status !== DECIDED[decision.action]) throw conflict();
    const held = this.appointment(landed.id);
    if (held.version === landed.version) {
      if (decision.action === 'approve' && held.slotId !== decision.slotId) throw conflict();
      const reason = decision.action === 'decline' ? decision.reason.trim() : decision.action === 'propose' ? decision.message?.trim() : undefined;
      const offered = decision.action === 'propose' ? decision.slotIds : undefined;
      const ids = (list: readonly string[]) => [...list].sort().join();
      if ((reason && held.statusReason !== reason) || (offered && ids(offered) !== ids((held.proposals ?? []).map((p) => p.id)))) {
        await simulate(this.writeSimulation, options.signal);
        if (reason) held.statusReason = reason;
        if (offered) held.proposals = offered.map((id) => publicSlot(this.slot(id)));
        held.version = String(Number(held.version ?? '1') + 1);
      }
    }
    return { outcome: 'saved', appointment: structuredClone(held) };
  }

  /** A decision on a request still open (asked for, or times offered); otherwise a `conflict`. */
  private decideOpen(held: Appointment, decision: RequestDecision): DecisionOutcome {
    if (held.status !== 'requested' && held.status !== 'proposed') {
      throw new EngageError('conflict', 'This request has already been answered.', { status: 409 });
    }
    this.undecided.set(held.id, structuredClone(held));
    return this.applyDecision(held, decision);
  }

  /**
   * Applies a clinic's decision to `held`: everything is checked (the visit type, the
   * slots, the time still free) before anything changes, so a refused decision leaves the
   * request as it was. With `undecided` (the request before an earlier decision of the
   * same intent), that decision is undone first: the slot it booked is freed (unless the
   * new one books it again) and its facts go with it.
   */
  private applyDecision(held: Appointment, decision: RequestDecision, undecided?: Appointment): DecisionOutcome {
    // the clinic's choice for a request that names no visit type, else the request's own; declining needs none
    const typeId = decision.action === 'decline' ? '' : decision.visitType || (undecided ?? held).visitType?.id || '';
    const type = decision.action === 'decline' ? undefined : this.visitType(typeId);
    const slot = decision.action === 'approve' ? this.slot(decision.slotId) : undefined;
    const proposals = decision.action === 'propose' ? decision.slotIds.map((id) => this.slot(id)).map(publicSlot) : undefined;
    const keeps = Boolean(slot && held.status === 'booked' && held.slotId === slot.id);
    if (slot && !keeps) this.take(slot, type!.id);
    if (undecided) {
      if (held.status === 'booked' && !keeps) this.release(held);
      const version = held.version;
      for (const field of Object.keys(held)) delete (held as unknown as Record<string, unknown>)[field];
      Object.assign(held, structuredClone(undecided), { version });
    }
    if (slot) {
      Object.assign(held, this.booked(held.patient, slot, type!, held.note, held));
    } else {
      if (proposals) {
        held.visitType = { id: type!.id, name: type!.name };
        held.status = 'proposed';
        held.proposals = proposals;
        if (decision.action === 'propose' && decision.message?.trim()) held.statusReason = decision.message.trim();
      } else if (decision.action === 'decline') {
        held.status = 'declined';
        held.statusReason = decision.reason.trim();
      }
      held.version = String(Number(held.version ?? '1') + 1);
    }
    return { outcome: 'saved', appointment: structuredClone(held) };
  }

  async answerProposal(requestId: string, answer: ProposalAnswer, options: WriteOptions): Promise<DecisionOutcome> {
    return this.racing(() =>
      this.once<DecisionOutcome>(
        options,
        async () => {
          await simulate(this.writeSimulation, options.signal);
          const held = this.appointment(requestId);
          if (held.status !== 'proposed') throw new EngageError('conflict', 'There are no proposed times to answer.', { status: 409 });
          const proposals = held.proposals ?? [];
          if (answer.action === 'accept') {
            if (!proposals.some((p) => p.id === answer.slotId)) throw new EngageError('invalid', 'That is not a time the clinic proposed.');
            const slot = this.slot(answer.slotId);
            if (slot.status !== 'free') {
              // the clinic chose these times: only its other proposals are offered instead
              const free = proposals.filter((p) => p.id !== slot.id && this.slot(p.id).status === 'free');
              throw new SlotTaken(JSON.stringify({ outcome: 'slot-taken', alternatives: free }));
            }
            slot.status = 'busy';
            Object.assign(held, this.booked(held.patient, slot, this.visitType(held.visitType?.id ?? ''), held.note, held));
          } else {
            held.status = 'requested';
            if (answer.note?.trim()) Object.assign(held, { note: answer.note.trim(), noteBy: 'patient' });
            held.version = String(Number(held.version ?? '1') + 1);
          }
          delete held.proposals;
          delete held.statusReason;
          return { outcome: 'saved', appointment: structuredClone(held) };
        },
        undefined,
        (remembered) => this.keptAnswer(remembered, answer, options),
      ),
    );
  }

  /**
   * An answer the ledger remembered for this very key, as this attempt's answer only as the
   * request now holds it; a decline's note edited before it was resent under the key is put
   * on the request.
   */
  private async keptAnswer(outcome: DecisionOutcome, answer: ProposalAnswer, options: WriteOptions): Promise<DecisionOutcome> {
    if (outcome.outcome !== 'saved') return outcome;
    const held = this.appointment(outcome.appointment.id);
    holdsAnswer(outcome.appointment, held, answer);
    await this.holdNote(held, answer.action === 'decline' ? answer.note : undefined, options);
    return { outcome: 'saved', appointment: structuredClone(held) };
  }

  async dayList(clinician: RecordRef, date: string, timeZone: string, options: ReadOptions = {}): Promise<Appointment[]> {
    await simulate(this.simulation, options.signal);
    const { from, to } = dayRange(date, timeZone);
    // `clinician` is who takes part (as the FHIR mapping reads it: never one who declined)
    return structuredClone(
      this.appointments
        .filter((a) => a.clinician?.ref === clinician && a.start && ['booked', 'arrived', 'fulfilled', 'noshow'].includes(a.status))
        .filter((a) => Date.parse(a.start!) >= from.getTime() && Date.parse(a.start!) < to.getTime())
        .sort((a, b) => Date.parse(a.start!) - Date.parse(b.start!)),
    );
  }
}
