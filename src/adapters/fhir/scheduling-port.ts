import { EngageError, isEngageError } from '../../core/errors.js';
import { dayRange } from '../../core/zoned-time.js';
import type {
  Appointment,
  AppointmentRequestDraft,
  BookingDraft,
  BookingOutcome,
  DecisionOutcome,
  ReadOptions,
  RecordRef,
  RequestDecision,
  SchedulingPort,
  Slot,
  SlotQuery,
  VisitType,
  WriteOptions,
} from '../ports.js';
import { nearestSlots, sortAppointments } from '../scheduling-order.js';
import { notStored, type FhirClient } from './client.js';
import type { Bundle, BundleEntry, Reference, Resource } from './fhir-types.js';
import { arrayOf, bundleResources, objectOf, refOf, stringOf } from './guards.js';
import {
  BOOKING_SYSTEM,
  DECISION_SYSTEM,
  EXT,
  SCHEDULING_CODES,
  indexOf,
  proposedSlotIds,
  serviceCoding,
  toAppointment,
  toSlot,
  toVisitType,
  tokenOf,
  type Index,
} from './mapping/scheduling.js';
import { idOf } from './refs.js';
import { filterRefused, securityNot } from './security-filter.js';
import { hasKey, ifNoneExistFor, keyIdentifierFor, keyToken, settleEarlier, type KeyIdentity } from './write-protocol.js';

/** Options of the FHIR scheduling port. */
export interface FhirSchedulingOptions {
  /** The zone of a Location that names none; default `UTC`. */
  defaultTimeZone?: string;
  /** The clock (which slots are still ahead, the alternatives); default the real one. */
  now?: () => Date;
  /** Video links: the URL of a video visit for an appointment id; default none. */
  videoUrl?: (slotId: string) => string | undefined;
}

const BOOKING_KEYS: KeyIdentity = { system: BOOKING_SYSTEM };
const DECISION_KEYS: KeyIdentity = { system: DECISION_SYSTEM };
const APPOINTMENT_INCLUDES = '_include=Appointment:practitioner&_include=Appointment:location&_include=Appointment:patient';

/** A versioned `PUT` of `resource` in a transaction: a concurrent change fails the whole transaction. */
function versionedPut(resource: Resource): BundleEntry {
  return {
    resource,
    request: {
      method: 'PUT',
      url: `${resource.resourceType}/${resource.id}`,
      ...(resource.meta?.versionId ? { ifMatch: `W/"${resource.meta.versionId}"` } : {}),
    },
  };
}

/** A fresh `urn:uuid:` for a transaction entry. */
function uuid(): string {
  return `urn:uuid:${crypto.randomUUID()}`;
}

/**
 * Appointments over FHIR R4 (see `mapping/scheduling.ts` for the model).
 *
 * A booking is one `transaction`: the Appointment, created with `If-None-Exist` on the
 * write's key, and the Slot set to `busy` with `If-Match` on the version just read. Two
 * patients racing for a slot both send the version they read; the server applies the
 * first and answers the second with 412, which rolls its whole transaction back, so the
 * second patient is told the slot was taken and nothing of theirs is stored. A retry
 * after a lost answer finds its own Appointment by the key and returns it.
 */
export class FhirSchedulingPort implements SchedulingPort {
  private readonly zone: string;
  private readonly now: () => Date;

  constructor(
    private readonly client: FhirClient,
    private readonly options: FhirSchedulingOptions = {},
  ) {
    this.zone = options.defaultTimeZone ?? 'UTC';
    this.now = options.now ?? (() => new Date());
  }

  /** HealthcareServices and the Schedules (with their Practitioners and Locations) that offer them. */
  private async catalogue(signal?: AbortSignal): Promise<{ types: VisitType[]; schedules: Resource[]; index: Index }> {
    const [services, schedules] = await Promise.all([
      this.client.searchAll('HealthcareService', { active: 'true', _count: 200 }, { signal }),
      this.client.searchAll('Schedule', { active: 'true', _include: 'Schedule:actor', _count: 500 }, { signal }),
    ]);
    const index = indexOf([...schedules.resources, ...schedules.included]);
    const types = services.resources
      .map((service) => toVisitType(service, schedules.resources, index, this.zone))
      // a service no Schedule offers is not something a patient can book or ask for here
      .filter((t): t is VisitType => Boolean(t) && (t!.clinicians.length > 0 || t!.locations.length > 0));
    return { types, schedules: schedules.resources, index };
  }

  async visitTypes(options: ReadOptions = {}): Promise<VisitType[]> {
    return (await this.catalogue(options.signal)).types;
  }

  async slots(query: SlotQuery, options: ReadOptions = {}): Promise<Slot[]> {
    const services = await this.client.searchAll('HealthcareService', { _id: query.visitType, _count: 1 }, { signal: options.signal });
    const service = services.resources[0];
    const coding = service ? serviceCoding(service.type) : undefined;
    if (!service || !coding) throw new EngageError('not-found', 'No such visit type.', { status: 404 });
    return this.openSlots(query, tokenOf(coding), options.signal);
  }

  /** Free slots of a service type in a range, with their Schedules' clinicians and locations. */
  private async openSlots(query: SlotQuery, token: string, signal?: AbortSignal): Promise<Slot[]> {
    const schedules = await this.client.searchAll(
      'Schedule',
      {
        'service-type': token,
        active: 'true',
        actor: [query.clinician, query.location].filter(Boolean).join(',') || undefined,
        _include: 'Schedule:actor',
        _count: 200,
      },
      { signal },
    );
    // a Schedule must hold both a named clinician and a named location
    const fitting = schedules.resources.filter((s) => {
      const actors = arrayOf<Reference>(s.actor).map(refOf);
      return (!query.clinician || actors.includes(query.clinician)) && (!query.location || actors.includes(query.location));
    });
    if (!fitting.length) return [];
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const slots = await this.client.searchAll(
      'Slot',
      { schedule: fitting.map((s) => `Schedule/${s.id}`).join(','), status: 'free', start: [`ge${from}`, `lt${to}`], _count: 1000 },
      { signal, maxResults: 5000 },
    );
    const index = indexOf([...fitting, ...schedules.included]);
    const now = this.now().getTime();
    return slots.resources
      .map((slot) => toSlot(slot, index, () => [query.visitType], this.zone))
      .filter((s): s is Slot => Boolean(s) && Date.parse(s!.start) > now)
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /** The appointment stored under `key`, if one landed. */
  private async byKey(key: string, signal?: AbortSignal): Promise<Resource | undefined> {
    const found = await this.client.search('Appointment', { identifier: keyToken(BOOKING_KEYS, key), _count: 2 }, { signal });
    return bundleResources(found, 'Appointment')[0];
  }

  /** Appointments by id with what the domain type names, mapped. */
  private async read(ids: string[], signal?: AbortSignal): Promise<Appointment[]> {
    const bundle = await this.client.request<Bundle>('GET', `Appointment?_id=${ids.map(encodeURIComponent).join(',')}&${APPOINTMENT_INCLUDES}`, { signal });
    return this.mapped(bundleResources(bundle.body), signal);
  }

  /** Appointments of a search answer mapped, their proposed slots read. */
  private async mapped(resources: Resource[], signal?: AbortSignal): Promise<Appointment[]> {
    const index = indexOf(resources);
    const appointments = resources.filter((r) => r.resourceType === 'Appointment');
    const proposed = [...new Set(appointments.flatMap(proposedSlotIds))];
    let slots: Slot[] = [];
    if (proposed.length) {
      const found = await this.client.searchAll(
        'Slot',
        { _id: proposed.join(','), _include: 'Slot:schedule', '_include:iterate': 'Schedule:actor', _count: 200 },
        { signal },
      );
      const slotIndex = indexOf([...found.resources, ...found.included]);
      slots = found.resources.map((s) => toSlot(s, slotIndex, () => [], this.zone)).filter((s): s is Slot => Boolean(s));
    }
    return appointments
      .map((a) => toAppointment(a, index, this.zone, proposedSlotIds(a).map((id) => slots.find((s) => s.id === id)).filter((s): s is Slot => Boolean(s))))
      .filter((a): a is Appointment => Boolean(a));
  }

  /** The slot with its Schedule, Practitioner and Location, read fresh (its version decides the race). */
  private async slotWithContext(slotId: string, signal?: AbortSignal): Promise<{ slot: Resource; index: Index }> {
    const found = await this.client.searchAll(
      'Slot',
      { _id: slotId, _include: 'Slot:schedule', '_include:iterate': 'Schedule:actor', _count: 1 },
      { signal },
    );
    const slot = found.resources[0];
    if (!slot) throw new EngageError('not-found', 'No such slot.', { status: 404 });
    return { slot, index: indexOf([slot, ...found.included]) };
  }

  private async service(id: string, signal?: AbortSignal): Promise<{ service: Resource; type: VisitType }> {
    const service = await this.client.read('HealthcareService', id, { signal });
    const type = toVisitType(service, [], new Map(), this.zone);
    if (!type) throw new EngageError('invalid', 'The visit type has no code.');
    return { service, type };
  }

  /** The Appointment fields that describe `slot` for visit type `type`. */
  private slotFields(slot: Resource, index: Index, type: VisitType, service: Resource): Resource {
    const schedule = index.get(refOf(objectOf<Reference>(slot.schedule)) ?? '');
    const actors = arrayOf<Reference>(schedule?.actor);
    const instructions = [type.arriveMinutesEarly ? `Arrive ${type.arriveMinutesEarly} minutes early.` : '', type.preparation ?? '']
      .filter(Boolean)
      .join(' ');
    const video = type.mode === 'video' ? this.options.videoUrl?.(String(slot.id)) : undefined;
    return {
      resourceType: 'Appointment',
      start: slot.start,
      end: slot.end,
      minutesDuration: Math.round((Date.parse(String(slot.end)) - Date.parse(String(slot.start))) / 60_000),
      slot: [{ reference: `Slot/${slot.id}` }],
      serviceType: arrayOf(service.type).slice(0, 1),
      participant: actors
        .filter((a) => refOf(a)?.startsWith('Practitioner/') || refOf(a)?.startsWith('Location/'))
        .map((actor) => ({ actor: { reference: refOf(actor), ...(actor.display ? { display: actor.display } : {}) }, status: 'accepted' })),
      ...(instructions ? { patientInstruction: instructions } : {}),
      extension: [
        { url: EXT.visitType, valueReference: { reference: `HealthcareService/${type.id}`, display: type.name } },
        ...(type.cancelWindowHours !== undefined ? [{ url: EXT.cancelWindowHours, valueInteger: type.cancelWindowHours }] : []),
        ...(video ? [{ url: EXT.videoUrl, valueUrl: video }] : []),
      ],
    };
  }

  /** Sends a transaction; returns its entries' resources, in order. */
  private async transaction(entries: BundleEntry[], signal?: AbortSignal): Promise<Resource[]> {
    const { body, status } = await this.client.request<Bundle>('POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      signal,
      idempotent: true,
    });
    if (body?.resourceType !== 'Bundle') throw notStored('Bundle', status, body);
    return arrayOf<BundleEntry>(body.entry).map((e) => objectOf<Resource>(e.resource)!);
  }

  /** The "just taken" answer: nearest open slots of the visit type, the same clinician's first. */
  private async taken(slot: Resource, index: Index, visitType: string, signal?: AbortSignal): Promise<{ outcome: 'slot-taken'; alternatives: Slot[] }> {
    const at = Date.parse(String(slot.start));
    const day = 24 * 3600_000;
    const range = { visitType, from: new Date(Math.max(at - 7 * day, this.now().getTime())).toISOString(), to: new Date(at + 21 * day).toISOString() };
    const schedule = index.get(refOf(objectOf<Reference>(slot.schedule)) ?? '');
    const clinician = arrayOf<Reference>(schedule?.actor).map(refOf).find((r) => r?.startsWith('Practitioner/'));
    const same = clinician ? await this.slots({ ...range, clinician }, { signal }) : [];
    const open = same.filter((s) => s.id !== slot.id);
    const alternatives = nearestSlots({ start: String(slot.start) }, open.length ? open : (await this.slots(range, { signal })).filter((s) => s.id !== slot.id));
    return { outcome: 'slot-taken', alternatives };
  }

  /**
   * Books `slotId` for `patient` as the transaction the class comment describes, with
   * `extra` entries (releasing an old booking) in the same transaction. Answers the
   * appointment stored under the key, or "just taken".
   */
  private async take(
    slotId: string,
    visitTypeId: string,
    appointment: (fields: Resource) => Resource,
    key: string,
    extra: (fields: Resource) => BundleEntry[],
    signal?: AbortSignal,
  ): Promise<BookingOutcome> {
    const [{ slot, index }, { service, type }] = await Promise.all([this.slotWithContext(slotId, signal), this.service(visitTypeId, signal)]);
    const mine = async () => {
      const landed = await this.byKey(key, signal);
      return landed ? ({ outcome: 'booked', appointment: (await this.read([landed.id!], signal))[0]! } as const) : undefined;
    };
    if (slot.status !== 'free') return (await mine()) ?? this.taken(slot, index, visitTypeId, signal);
    const fields = this.slotFields(slot, index, type, service);
    const entries: BundleEntry[] = [
      ...extra(fields),
      versionedPut({ ...slot, status: 'busy' }),
    ];
    const created = appointment(fields);
    if (!created.id) entries.unshift({ fullUrl: uuid(), resource: created, request: { method: 'POST', url: 'Appointment', ifNoneExist: ifNoneExistFor(BOOKING_KEYS, key) } });
    else entries.unshift(versionedPut(created));
    try {
      const stored = await this.transaction(entries, signal);
      const booked = stored.find((r) => r?.resourceType === 'Appointment' && hasKey(r, BOOKING_KEYS, key));
      if (!booked?.id) throw new EngageError('server', 'The server did not return the appointment.');
      return { outcome: 'booked', appointment: (await this.read([booked.id], signal))[0]! };
    } catch (error) {
      // 412 on the slot: someone else took it first (or our own earlier attempt did)
      if (isEngageError(error) && error.code === 'conflict') return (await mine()) ?? this.taken(slot, index, visitTypeId, signal);
      throw error;
    }
  }

  async book(patient: RecordRef, draft: BookingDraft, options: WriteOptions): Promise<BookingOutcome> {
    const patientRef = `Patient/${idOf(patient, 'Patient')}`;
    const { current, earlier } = await settleEarlier(this.client, 'Appointment', BOOKING_KEYS, options, options.signal);
    if (current?.id) return { outcome: 'booked', appointment: (await this.read([current.id], options.signal))[0]! };
    const landed = earlier.find((a) => a.status === 'booked');
    const identifier = [...(landed ? arrayOf(landed.identifier) : []), keyIdentifierFor(BOOKING_KEYS, options.idempotencyKey)];
    const build = (fields: Resource): Resource => ({
      ...(landed ? { id: landed.id, meta: landed.meta, created: landed.created } : { created: this.now().toISOString() }),
      ...fields,
      identifier,
      status: 'booked',
      participant: [{ actor: { reference: patientRef }, status: 'accepted' }, ...arrayOf(fields.participant)],
      ...(draft.note?.trim() ? { comment: draft.note.trim() } : {}),
    });
    // a changed booking whose earlier attempt landed moves that booking: its old slot is freed in the same transaction
    const release = async (): Promise<BundleEntry[]> => {
      const oldSlot = refOf(arrayOf<Reference>(landed?.slot)[0])?.split('/')[1];
      if (!landed || !oldSlot || oldSlot === draft.slotId) return [];
      const slot = await this.client.read('Slot', oldSlot, { signal: options.signal });
      return [versionedPut({ ...slot, status: 'free' })];
    };
    const extra = await release();
    return this.take(draft.slotId, draft.visitType, build, options.idempotencyKey, () => extra, options.signal);
  }

  async request(patient: RecordRef, draft: AppointmentRequestDraft, options: WriteOptions): Promise<Appointment> {
    const patientRef = `Patient/${idOf(patient, 'Patient')}`;
    const { current, earlier } = await settleEarlier(this.client, 'Appointment', BOOKING_KEYS, options, options.signal);
    if (current?.id) return (await this.read([current.id], options.signal))[0]!;
    const { service, type } = await this.service(draft.visitType, options.signal);
    const landed = earlier.find((a) => a.status === 'proposed');
    const resource: Resource = {
      resourceType: 'Appointment',
      ...(landed ? { id: landed.id, meta: landed.meta } : {}),
      identifier: [...(landed ? arrayOf(landed.identifier) : []), keyIdentifierFor(BOOKING_KEYS, options.idempotencyKey)],
      status: 'proposed',
      created: stringOf(landed?.created) ?? this.now().toISOString(),
      serviceType: arrayOf(service.type).slice(0, 1),
      participant: [
        { actor: { reference: patientRef }, status: 'accepted' },
        ...(draft.clinician ? [{ actor: { reference: draft.clinician }, status: 'needs-action' }] : []),
        ...(draft.location ? [{ actor: { reference: draft.location }, status: 'needs-action' }] : []),
      ],
      ...(draft.note?.trim() ? { comment: draft.note.trim() } : {}),
      extension: [
        { url: EXT.visitType, valueReference: { reference: `HealthcareService/${type.id}`, display: type.name } },
        ...[...draft.preferences.days, ...draft.preferences.times].map((code) => ({ url: EXT.preference, valueCode: code })),
      ],
    };
    const stored = landed
      ? (await this.client.update(resource, { ifMatch: landed.meta?.versionId, signal: options.signal })).body
      : (await this.client.create(resource, { ifNoneExist: ifNoneExistFor(BOOKING_KEYS, options.idempotencyKey), signal: options.signal })).body;
    return (await this.read([stored.id!], options.signal))[0]!;
  }

  async reschedule(appointmentId: string, slotId: string, options: WriteOptions): Promise<BookingOutcome> {
    const landed = await this.byKey(options.idempotencyKey, options.signal);
    if (landed?.id) return { outcome: 'booked', appointment: (await this.read([landed.id], options.signal))[0]! };
    const old = await this.client.read('Appointment', appointmentId, { signal: options.signal });
    if (old.status !== 'booked') throw new EngageError('conflict', 'Only a booked appointment can be moved.', { status: 409 });
    const visitType = refOf(objectOf<Reference>(arrayOf(old.extension).find((e) => e.url === EXT.visitType)?.valueReference));
    if (!visitType) throw new EngageError('invalid', 'The appointment names no visit type.');
    const oldSlotId = refOf(arrayOf<Reference>(old.slot)[0])?.split('/')[1];
    const oldSlot = oldSlotId ? await this.client.read('Slot', oldSlotId, { signal: options.signal }) : undefined;
    const now = this.now().toISOString();
    const build = (fields: Resource): Resource => ({
      ...fields,
      identifier: [keyIdentifierFor(BOOKING_KEYS, options.idempotencyKey)],
      status: 'booked',
      created: now,
      participant: [...arrayOf(old.participant).filter((p) => refOf(objectOf(p.actor))?.startsWith('Patient/')), ...arrayOf(fields.participant)],
      ...(stringOf(old.comment) ? { comment: old.comment } : {}),
      extension: [...arrayOf(fields.extension), { url: EXT.rescheduledFrom, valueReference: { reference: `Appointment/${old.id}` } }],
    });
    // the new booking and the release of the old one: one transaction, so never none or two
    const release = (): BundleEntry[] => [
      versionedPut({
        ...old,
        status: 'cancelled',
        cancelationReason: { coding: [{ system: SCHEDULING_CODES, code: 'rescheduled' }], text: 'Rescheduled' },
      }),
      ...(oldSlot ? [versionedPut({ ...oldSlot, status: 'free' })] : []),
    ];
    return this.take(slotId, visitType.split('/')[1]!, build, options.idempotencyKey, release, options.signal);
  }

  async cancel(appointmentId: string, reason: string | undefined, options: WriteOptions): Promise<Appointment> {
    const held = await this.client.read('Appointment', appointmentId, { signal: options.signal });
    if (held.status === 'cancelled') return (await this.read([appointmentId], options.signal))[0]!;
    if (!['booked', 'proposed', 'pending'].includes(String(held.status))) {
      throw new EngageError('conflict', 'This appointment can no longer be cancelled.', { status: 409 });
    }
    const slotId = refOf(arrayOf<Reference>(held.slot)[0])?.split('/')[1];
    const slot = slotId && held.status === 'booked' ? await this.client.read('Slot', slotId, { signal: options.signal }) : undefined;
    const entries: BundleEntry[] = [
      versionedPut({
        ...held,
        status: 'cancelled',
        cancelationReason: { coding: [{ system: SCHEDULING_CODES, code: 'patient' }], ...(reason?.trim() ? { text: reason.trim() } : {}) },
      }),
      ...(slot ? [versionedPut({ ...slot, status: 'free' })] : []),
    ];
    try {
      await this.transaction(entries, options.signal);
    } catch (error) {
      // a retry after a lost answer finds it cancelled already: the cancellation landed
      if (!(isEngageError(error) && error.code === 'conflict')) throw error;
      const now = await this.client.read('Appointment', appointmentId, { signal: options.signal });
      if (now.status !== 'cancelled') throw error;
    }
    return (await this.read([appointmentId], options.signal))[0]!;
  }

  async listAppointments(patient: RecordRef, options: ReadOptions = {}): Promise<Appointment[]> {
    const ref = `Patient/${idOf(patient, 'Patient')}`;
    // withheld labels (a proxy's) are left out on the server where it can (./security-filter.ts)
    const filter = securityNot(this.client, options);
    let bundle: { body: Bundle };
    try {
      bundle = await this.client.request<Bundle>('GET', `Appointment?patient=${encodeURIComponent(ref)}&_count=200&${APPOINTMENT_INCLUDES}${filter}`, {
        signal: options.signal,
      });
    } catch (error) {
      if (filterRefused(this.client, filter, { error })) return this.listAppointments(patient, options);
      throw error;
    }
    return sortAppointments(await this.mapped(bundleResources(bundle.body), options.signal), this.now());
  }

  async listRequests(options: ReadOptions = {}): Promise<Appointment[]> {
    const bundle = await this.client.request<Bundle>('GET', `Appointment?status=proposed,pending&_count=200&${APPOINTMENT_INCLUDES}`, {
      signal: options.signal,
    });
    return (await this.mapped(bundleResources(bundle.body), options.signal)).sort((a, b) => (a.created ?? '').localeCompare(b.created ?? ''));
  }

  async decide(requestId: string, decision: RequestDecision, options: WriteOptions): Promise<DecisionOutcome> {
    const held = await this.client.read('Appointment', requestId, { signal: options.signal });
    const decided = async (): Promise<DecisionOutcome | undefined> => {
      const found = await this.client.search('AppointmentResponse', { identifier: keyToken(DECISION_KEYS, options.idempotencyKey), _count: 1 }, { signal: options.signal });
      if (!bundleResources(found, 'AppointmentResponse').length) return undefined;
      return { outcome: 'saved', appointment: (await this.read([requestId], options.signal))[0]! };
    };
    if (held.status !== 'proposed' && held.status !== 'pending') {
      const done = await decided();
      if (done) return done;
      throw new EngageError('conflict', 'This request has already been answered.', { status: 409 });
    }
    const response = (status: string, comment?: string): BundleEntry => ({
      fullUrl: uuid(),
      resource: {
        resourceType: 'AppointmentResponse',
        identifier: [keyIdentifierFor(DECISION_KEYS, options.idempotencyKey)],
        appointment: { reference: `Appointment/${requestId}` },
        participantStatus: status,
        // the clinic answers (apr-1 wants a participant type or an actor)
        participantType: [{ coding: [{ system: SCHEDULING_CODES, code: 'clinic', display: 'Clinic' }] }],
        ...(comment ? { comment } : {}),
      },
      request: { method: 'POST', url: 'AppointmentResponse', ifNoneExist: ifNoneExistFor(DECISION_KEYS, options.idempotencyKey) },
    });
    const withoutDecision = (resource: Resource): Resource => ({
      ...resource,
      extension: arrayOf(resource.extension).filter((e) => e.url !== EXT.proposedSlot && e.url !== EXT.clinicMessage),
    });
    if (decision.action === 'approve') {
      const visitType = refOf(objectOf<Reference>(arrayOf(held.extension).find((e) => e.url === EXT.visitType)?.valueReference));
      if (!visitType) throw new EngageError('invalid', 'The request names no visit type.');
      const build = (fields: Resource): Resource => ({
        ...withoutDecision(held),
        ...fields,
        identifier: [...arrayOf(held.identifier), keyIdentifierFor(BOOKING_KEYS, options.idempotencyKey)],
        status: 'booked',
        participant: [...arrayOf(held.participant).filter((p) => refOf(objectOf(p.actor))?.startsWith('Patient/')), ...arrayOf(fields.participant)],
        extension: [...withoutDecision(held).extension as never[], ...arrayOf(fields.extension).filter((e) => e.url !== EXT.visitType)],
      });
      const outcome = await this.take(decision.slotId, visitType.split('/')[1]!, build, options.idempotencyKey, () => [response('accepted')], options.signal);
      if (outcome.outcome === 'slot-taken') return outcome;
      return { outcome: 'saved', appointment: outcome.appointment };
    }
    const updated: Resource =
      decision.action === 'propose'
        ? {
            // still `proposed` in FHIR: R4's app-3 wants a start and end on a `pending` one;
            // the proposed-slot extensions mark the clinic's answer (mapping/scheduling.ts)
            ...withoutDecision(held),
            status: 'proposed',
            extension: [
              ...(withoutDecision(held).extension as never[]),
              ...decision.slotIds.map((id) => ({ url: EXT.proposedSlot, valueReference: { reference: `Slot/${id}` } })),
              ...(decision.message?.trim() ? [{ url: EXT.clinicMessage, valueString: decision.message.trim() }] : []),
            ],
          }
        : {
            ...withoutDecision(held),
            status: 'cancelled',
            cancelationReason: { coding: [{ system: SCHEDULING_CODES, code: 'declined' }], text: decision.reason.trim() },
          };
    try {
      await this.transaction(
        [versionedPut(updated), response(decision.action === 'propose' ? 'tentative' : 'declined', decision.action === 'propose' ? decision.message : decision.reason)],
        options.signal,
      );
    } catch (error) {
      if (!(isEngageError(error) && error.code === 'conflict')) throw error;
      const done = await decided();
      if (!done) throw error;
      return done;
    }
    return { outcome: 'saved', appointment: (await this.read([requestId], options.signal))[0]! };
  }

  async dayList(clinician: RecordRef, date: string, timeZone: string, options: ReadOptions = {}): Promise<Appointment[]> {
    const { from, to } = dayRange(date, timeZone);
    const query = [
      `practitioner=${encodeURIComponent(clinician)}`,
      `date=ge${from.toISOString()}`,
      `date=lt${to.toISOString()}`,
      'status=booked,arrived,checked-in,fulfilled,noshow',
      '_count=200',
      APPOINTMENT_INCLUDES,
    ].join('&');
    const bundle = await this.client.request<Bundle>('GET', `Appointment?${query}`, { signal: options.signal });
    return (await this.mapped(bundleResources(bundle.body), options.signal)).sort((a, b) => Date.parse(a.start ?? '') - Date.parse(b.start ?? ''));
  }
}
