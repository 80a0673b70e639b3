import { EngageError } from '../../core/errors.js';
import type {
  Page,
  PageRequest,
  Pharmacy,
  Prescription,
  ReadOptions,
  RecordRef,
  RefillDecision,
  RefillPort,
  RefillRequest,
  RefillRequestDraft,
  RefillRequestStatus,
  WriteOptions,
} from '../ports.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

/** Data and behaviour of the in-memory refill port. */
export interface MemoryRefillOptions {
  /** Each patient's prescriptions (`pendingRequest` is computed from `requests`). */
  prescriptions?: Record<RecordRef, Prescription[]>;
  /** Pharmacies every patient may choose from. */
  pharmacies?: Pharmacy[];
  /** Each patient's preferred pharmacy. */
  preferredPharmacy?: Record<RecordRef, RecordRef>;
  /** Requests that already exist. */
  requests?: RefillRequest[];
  /** Patient display names for the review queue. */
  patientNames?: Record<RecordRef, string>;
  /**
   * Simulation for writes only (submit, cancel, review), instead of the adapter's; the
   * port's `writeSimulation` may be changed later (a test makes a submit fail, then pass).
   */
  writes?: Simulation;
  /** The clock for `created` / `updated`; default the real one. */
  now?: () => Date;
}

const PENDING: readonly RefillRequestStatus[] = ['requested', 'in-review'];

/**
 * The refusal of a submission whose earlier attempt stored a request that was decided since
 * and would have to change (docs/refill-requests.md): nothing is written.
 */
const decidedError = () => new EngageError('conflict', 'This request has already been decided: it was not changed.', { status: 409 });

/** Whether a prescription is shown at all: one entered in error is not (as everywhere in the library). */
const isShown = (prescription: Prescription) => prescription.status !== 'entered-in-error';

/** Refill requests held in memory, following the same contract as the FHIR port. */
export class MemoryRefillPort implements RefillPort {
  private readonly prescriptions: Map<RecordRef, Prescription[]>;
  private readonly pharmacies: Pharmacy[];
  private readonly preferred: Map<RecordRef, RecordRef>;
  private readonly requests: RefillRequest[];
  private readonly patientNames: Map<RecordRef, string>;
  private readonly ledger = new IdempotencyLedger();
  private readonly now: () => Date;
  private sequence = 0;
  /** Simulation applied to writes; change it at any time. */
  writeSimulation: Simulation;

  constructor(
    options: MemoryRefillOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.prescriptions = new Map(Object.entries(structuredClone(options.prescriptions ?? {})));
    this.pharmacies = structuredClone(options.pharmacies ?? []);
    this.preferred = new Map(Object.entries(options.preferredPharmacy ?? {}));
    this.requests = structuredClone(options.requests ?? []);
    this.patientNames = new Map(Object.entries(options.patientNames ?? {}));
    this.writeSimulation = options.writes ?? simulation;
    this.now = options.now ?? (() => new Date());
  }

  /** Runs a write once per key (the ledger), also when the same key arrives again while the first is running. */
  private once<T>(
    keys: string | { idempotencyKey: string; replaces?: readonly string[] },
    write: () => Promise<T>,
    revise?: (earlier: T) => Promise<T>,
  ): Promise<T> {
    return this.ledger.write(typeof keys === 'string' ? { idempotencyKey: keys } : keys, write, revise);
  }

  /** The next `count` writes are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** Every request held, newest first (for tests and stories). */
  get allRequests(): RefillRequest[] {
    return structuredClone(this.sorted(this.requests));
  }

  private sorted(requests: RefillRequest[]): RefillRequest[] {
    return [...requests].sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  }

  private pendingFor(prescriptionId: string): RefillRequest | undefined {
    return this.requests.find((r) => r.prescriptionId === prescriptionId && PENDING.includes(r.status));
  }

  private prescriptionById(id: string): { patient: RecordRef; prescription: Prescription } | undefined {
    for (const [patient, list] of this.prescriptions) {
      const prescription = list.find((p) => p.id === id);
      if (prescription) return { patient, prescription };
    }
    return undefined;
  }

  private withFacts(request: RefillRequest): RefillRequest {
    const found = this.prescriptionById(request.prescriptionId);
    const shown = found && isShown(found.prescription) ? found.prescription : undefined;
    return {
      ...request,
      patientName: request.patientName ?? this.patientNames.get(request.patient),
      // a prescription entered in error is shown nowhere, not even beside a request for it
      prescription: shown
        ? { ...shown, pendingRequest: this.pendingFor(shown.id)?.id }
        : found
          ? undefined
          : request.prescription,
    };
  }

  async listPrescriptions(patient: RecordRef, options: ReadOptions = {}): Promise<Prescription[]> {
    await simulate(this.simulation, options.signal);
    const rank = (status: string) => (status === 'active' ? 0 : 1);
    return structuredClone(
      (this.prescriptions.get(patient) ?? [])
        .filter(isShown)
        .map((p) => ({ ...p, pendingRequest: this.pendingFor(p.id)?.id }))
        .sort((a, b) => rank(a.status) - rank(b.status) || (b.authoredOn ?? '').localeCompare(a.authoredOn ?? '')),
    );
  }

  async listPharmacies(patient: RecordRef, options: ReadOptions = {}): Promise<Pharmacy[]> {
    await simulate(this.simulation, options.signal);
    const preferred = this.preferred.get(patient);
    return structuredClone(
      this.pharmacies
        .map((p) => ({ ...p, preferred: p.ref === preferred }))
        .sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.name.localeCompare(b.name)),
    );
  }

  async submitRequest(patient: RecordRef, draft: RefillRequestDraft, options: WriteOptions): Promise<RefillRequest[]> {
    const check = async () => {
      await simulate(this.writeSimulation, options.signal);
      if (!draft.items.length) throw new EngageError('invalid', 'A refill request needs at least one prescription.');
      const pharmacy = this.pharmacies.find((p) => p.ref === draft.pharmacy);
      if (!pharmacy) throw new EngageError('invalid', 'Unknown pharmacy.');
      for (const item of draft.items) {
        const found = this.prescriptionById(item.prescriptionId);
        if (!found || found.patient !== patient || !isShown(found.prescription)) {
          throw new EngageError('invalid', 'Unknown prescription for this patient.');
        }
        // as the FHIR port: only an active prescription that is not an order NOT to give it
        if (found.prescription.status !== 'active' || found.prescription.doNotPerform) {
          throw new EngageError('invalid', 'A prescription in the request is not an active order that can be refilled.');
        }
      }
      return structuredClone({ ...pharmacy, preferred: pharmacy.ref === this.preferred.get(patient) });
    };
    const now = () => this.now().toISOString();
    /** What the user asked for one item, over `base` (a new request, or one that landed earlier). */
    const fill = (base: Partial<RefillRequest>, item: RefillRequestDraft['items'][number], pharmacy: Pharmacy): RefillRequest => {
      const found = this.prescriptionById(item.prescriptionId)!;
      const time = now();
      return {
        id: `refill-${++this.sequence}-${options.idempotencyKey.slice(0, 8)}`,
        created: time,
        ...base,
        kind: item.kind,
        prescriptionId: item.prescriptionId,
        medication: structuredClone(found.prescription.medication),
        patient,
        requester: draft.requester ?? { ref: patient, kind: 'patient', name: this.patientNames.get(patient) ?? '' },
        pharmacy,
        delivery: draft.delivery,
        note: draft.note?.trim() || undefined,
        status: 'requested',
        updated: time,
        version: String(Number(base.version ?? '0') + 1),
      };
    };
    /** Whether a stored request holds what this submission asks for (as the FHIR adapter's `holdsSent`). */
    const holds = (request: RefillRequest) =>
      request.note === (draft.note?.trim() || undefined) && request.pharmacy?.ref === draft.pharmacy && request.delivery === draft.delivery;
    const answered = await this.once(
      options,
      async () => {
        const pharmacy = await check();
        const made = draft.items.map((item) => fill({}, item, pharmacy));
        this.requests.push(...made);
        return made.map((r) => this.withFacts(structuredClone(r)));
      },
      // an edited submission after a lost answer: revise the requests that landed, withdraw
      // the ones for prescriptions no longer asked for, create only the missing ones
      async (earlier) => {
        const pharmacy = await check();
        const landed = new Map<string, RefillRequest>();
        const kept = new Map<string, RefillRequest>();
        for (const before of earlier) {
          const request = this.requests.find((r) => r.id === before.id);
          if (!request) continue;
          if (PENDING.includes(request.status)) landed.set(request.prescriptionId, request);
          // decided since it landed: never changed (docs/refill-requests.md); it is this
          // attempt's answer only if it holds this content, else nothing is written at all
          else if (draft.items.some((i) => i.prescriptionId === request.prescriptionId) && holds(request)) kept.set(request.prescriptionId, request);
          else throw decidedError();
        }
        const result = draft.items.map((item) => {
          const decided = kept.get(item.prescriptionId);
          if (decided) return decided;
          const request = landed.get(item.prescriptionId);
          landed.delete(item.prescriptionId);
          if (!request) {
            const made = fill({}, item, pharmacy);
            this.requests.push(made);
            return made;
          }
          Object.assign(request, fill(request, item, pharmacy));
          return request;
        });
        for (const request of landed.values()) {
          request.status = 'cancelled';
          request.updated = now();
          request.version = String(Number(request.version ?? '1') + 1);
        }
        return result.map((r) => this.withFacts(structuredClone(r)));
      },
    );
    // the ledger answers a key it has seen with what that write stored then: the answer is the
    // requests as they stand now. One decided since that does not hold this content (the key
    // reused for other content) is refused, as the FHIR adapter does; a pending one is repaired.
    const current = answered.map((r) => this.requests.find((held) => held.id === r.id) ?? r);
    if (current.some((r) => !holds(r) && !PENDING.includes(r.status))) throw decidedError();
    const pharmacy = this.pharmacies.find((p) => p.ref === draft.pharmacy);
    for (const request of current) {
      const item = draft.items.find((it) => it.prescriptionId === request.prescriptionId);
      if (holds(request) || !pharmacy || !item) continue;
      const repaired = fill(request, item, { ...pharmacy, preferred: pharmacy.ref === this.preferred.get(patient) });
      Object.assign(request, { ...repaired, status: request.status });
    }
    return current.map((r) => this.withFacts(structuredClone(r)));
  }

  async listRequests(
    query: PageRequest & { patient?: RecordRef; status?: RefillRequestStatus[] },
    options: ReadOptions = {},
  ): Promise<Page<RefillRequest>> {
    await simulate(this.simulation, options.signal);
    const matching = this.sorted(
      this.requests.filter(
        (r) => (!query.patient || r.patient === query.patient) && (!query.status?.length || query.status.includes(r.status)),
      ),
    );
    const start = Number(query.cursor ?? 0) || 0;
    const size = Math.min(Math.max(query.pageSize ?? 50, 1), 200);
    const items = matching.slice(start, start + size).map((r) => this.withFacts(structuredClone(r)));
    return { items, next: start + size < matching.length ? String(start + size) : undefined, total: matching.length };
  }

  private async change(
    requestId: string,
    options: WriteOptions,
    target: RefillRequestStatus,
    apply: (request: RefillRequest) => void,
  ): Promise<RefillRequest> {
    const decide = (request: RefillRequest) => {
      apply(request);
      request.status = target;
      request.updated = this.now().toISOString();
      request.version = String(Number(request.version ?? '1') + 1);
      return this.withFacts(structuredClone(request));
    };
    const find = async () => {
      await simulate(this.writeSimulation, options.signal);
      const request = this.requests.find((r) => r.id === requestId);
      if (!request) throw new EngageError('not-found', 'No such refill request.', { status: 404 });
      return request;
    };
    return this.once(
      options,
      async () => {
        const request = await find();
        if (request.status === target) return this.withFacts(structuredClone(request));
        if (!PENDING.includes(request.status)) {
          throw new EngageError('conflict', 'This request has already been decided.', { status: 409 });
        }
        return decide(request);
      },
      // a changed decision after an unanswered one that landed: it revises that decision
      async () => {
        const request = await find();
        delete request.statusReason;
        delete request.approved;
        return decide(request);
      },
    );
  }

  async cancelRequest(requestId: string, options: WriteOptions): Promise<RefillRequest> {
    return this.change(requestId, options, 'cancelled', () => undefined);
  }

  async reviewRequest(requestId: string, decision: RefillDecision, options: WriteOptions): Promise<RefillRequest> {
    const target: RefillRequestStatus =
      decision.action === 'approve' ? 'approved' : decision.action === 'deny' ? 'denied' : 'needs-appointment';
    return this.change(requestId, options, target, (request) => {
      if (decision.action === 'approve') {
        if (decision.quantity !== undefined || decision.refills !== undefined) {
          request.approved = { quantity: decision.quantity, refills: decision.refills };
        }
      } else if (decision.reason?.trim()) {
        request.statusReason = decision.reason.trim();
      }
    });
  }
}
