import { EngageError, isEngageError } from '../../core/errors.js';
import type { Appointment, BookingOutcome, ReadOptions, Slot, SlotQuery, VisitType } from '../ports.js';
import { nearestSlots } from '../scheduling-order.js';
import type { FhirClient } from './client.js';
import type { Bundle, BundleEntry, Reference, Resource } from './fhir-types.js';
import { arrayOf, bundleResources, objectOf, refOf } from './guards.js';
import {
  BOOKING_SYSTEM,
  DECISION_SYSTEM,
  EXT,
  indexOf,
  proposedSlotIds,
  serviceCoding,
  toAppointment,
  toSlot,
  toVisitType,
  tokenOf,
  type Index,
} from './mapping/scheduling.js';
import { hasKey, holdSent, ifNoneExistFor, recordsUnderKey, transactionHeld, versionedPut, type KeyIdentity } from './write-protocol.js';

/** Options of the FHIR scheduling port. */
export interface FhirSchedulingOptions {
  /** The zone of a Location that names none; default `UTC`. */
  defaultTimeZone?: string;
  /** The clock (which slots are still ahead, the alternatives); default the real one. */
  now?: () => Date;
  /** Video links: the URL of a video visit for an appointment id; default none. */
  videoUrl?: (slotId: string) => string | undefined;
}

export const BOOKING_KEYS: KeyIdentity = { system: BOOKING_SYSTEM };
export const DECISION_KEYS: KeyIdentity = { system: DECISION_SYSTEM };
/**
 * What a record an earlier attempt of a key stored must hold of what was sent (the write
 * protocol's `holdSent`): an appointment its note and its extensions (visit type, times
 * asked for, who wrote the note); a clinic's answer its decision and note.
 */
export const contentOf = (type: string) =>
  type === 'Appointment' ? ['comment', 'extension'] : type === 'AppointmentResponse' ? ['participantStatus', 'comment'] : undefined;

/**
 * The states of a booking that still stands at its time: the visit is set (or has happened).
 * A retry under the key of a booking in any other state (cancelled, entered in error) did
 * not book what it asks for.
 */
const STANDING: ReadonlySet<string> = new Set(['booked', 'pending', 'arrived', 'checked-in', 'fulfilled', 'noshow']);

/** How {@link FhirSchedulingCore.take} books, beyond the slot, visit type, appointment and key. */
export interface TakeOptions {
  /** Entries written in the same transaction (releasing an old booking), given the slot's fields. */
  extra?: (fields: Resource) => BundleEntry[];
  signal?: AbortSignal;
  /** The appointment written already holds the slot (a changed decision that keeps its time). */
  holding?: boolean;
  /** What an earlier attempt under this very key stored: judged, never written again. */
  found?: Resource;
}

export const APPOINTMENT_INCLUDES = '_include=Appointment:practitioner&_include=Appointment:location&_include=Appointment:patient';

/** A fresh `urn:uuid:` for a transaction entry. */
export function uuid(): string {
  return `urn:uuid:${crypto.randomUUID()}`;
}

/**
 * The reads and the booking transaction the FHIR scheduling port is built on (the port's
 * writes are in `scheduling-port.ts`; see `mapping/scheduling.ts` for the model).
 *
 * A booking is one `transaction`: the Appointment, created with `If-None-Exist` on the
 * write's key, and the Slot set to `busy` with `If-Match` on the version just read. Two
 * patients racing for a slot both send the version they read; the server applies the
 * first and answers the second with 412, which rolls its whole transaction back, so the
 * second patient is told the slot was taken and nothing of theirs is stored. A retry
 * after a lost answer finds its own Appointment by the key and returns it if it still holds
 * this attempt's time (made to hold its note), else answers `conflict` (see `kept`).
 */
export class FhirSchedulingCore {
  protected readonly zone: string;
  protected readonly now: () => Date;

  constructor(
    protected readonly client: FhirClient,
    protected readonly options: FhirSchedulingOptions = {},
  ) {
    this.zone = options.defaultTimeZone ?? 'UTC';
    this.now = options.now ?? (() => new Date());
  }

  /** HealthcareServices and the Schedules (with their Practitioners and Locations) that offer them. */
  protected async catalogue(signal?: AbortSignal): Promise<{ types: VisitType[]; schedules: Resource[]; index: Index }> {
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
  protected async openSlots(query: SlotQuery, token: string, signal?: AbortSignal): Promise<Slot[]> {
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
  protected async byKey(key: string, signal?: AbortSignal): Promise<Resource | undefined> {
    return (await recordsUnderKey(this.client, 'Appointment', BOOKING_KEYS, key, signal))[0];
  }

  /** Appointments by id with what the domain type names, mapped. */
  protected async read(ids: string[], signal?: AbortSignal): Promise<Appointment[]> {
    const bundle = await this.client.request<Bundle>('GET', `Appointment?_id=${ids.map(encodeURIComponent).join(',')}&${APPOINTMENT_INCLUDES}`, { signal });
    return this.mapped(bundleResources(bundle.body), signal);
  }

  /** Appointments of a search answer mapped, their proposed slots read. */
  protected async mapped(resources: Resource[], signal?: AbortSignal): Promise<Appointment[]> {
    const index = indexOf(resources);
    const appointments = resources.filter((r) => r.resourceType === 'Appointment');
    const proposed = [...new Set(appointments.flatMap(proposedSlotIds))];
    let slots: Slot[] = [];
    if (proposed.length) {
      const found = await this.client.searchAll(
        'Slot',
        // only the proposed times nobody has taken since
        { _id: proposed.join(','), status: 'free', _include: 'Slot:schedule', '_include:iterate': 'Schedule:actor', _count: 200 },
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
  protected async slotWithContext(slotId: string, signal?: AbortSignal): Promise<{ slot: Resource; index: Index }> {
    const found = await this.client.searchAll(
      'Slot',
      { _id: slotId, _include: 'Slot:schedule', '_include:iterate': 'Schedule:actor', _count: 1 },
      { signal },
    );
    const slot = found.resources[0];
    if (!slot) throw new EngageError('not-found', 'No such slot.', { status: 404 });
    return { slot, index: indexOf([slot, ...found.included]) };
  }

  protected async service(id: string, signal?: AbortSignal): Promise<{ service: Resource; type: VisitType }> {
    const service = await this.client.read('HealthcareService', id, { signal });
    const type = toVisitType(service, [], new Map(), this.zone);
    if (!type) throw new EngageError('invalid', 'The visit type has no code.');
    return { service, type };
  }

  /** The Appointment fields that describe `slot` for visit type `type`. */
  protected slotFields(slot: Resource, index: Index, type: VisitType, service: Resource): Resource {
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
        // the visit type's pre-visit questionnaire, kept with the booking as its cancellation window is
        ...(type.questionnaire ? [{ url: EXT.questionnaire, valueCanonical: type.questionnaire }] : []),
      ],
    };
  }

  /** Sends a transaction; returns its entries' resources, in order. */
  protected async transaction(entries: BundleEntry[], signal?: AbortSignal): Promise<Resource[]> {
    const { body, status } = await this.client.request<Bundle>('POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      signal,
      idempotent: true,
    });
    return (await transactionHeld(this.client, entries, body, status, contentOf, signal)).map((r) => objectOf<Resource>(r)!);
  }

  /** The "just taken" answer: nearest open slots of the visit type, the same clinician's first. */
  protected async taken(slot: Resource, index: Index, visitType: string, signal?: AbortSignal): Promise<{ outcome: 'slot-taken'; alternatives: Slot[] }> {
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
   * The booking an earlier attempt under this write's key made, as this attempt's answer
   * (docs/write-protocol.md §3). Its time is this attempt's content, and no update puts a
   * time right: a booking cancelled since (by the patient elsewhere, by the clinic) or holding
   * another slot (moved since, or a caller that reused the key for another time) is a
   * `conflict` — never "booked" for a time the record does not hold, and nothing done since
   * is undone behind whoever did it. Otherwise it is made to hold what this attempt sends
   * (the note: `holdSent`, a versioned update).
   */
  protected async kept(landed: Resource, slotId: string, sent: Resource, signal?: AbortSignal): Promise<BookingOutcome> {
    const at = refOf(arrayOf<Reference>(landed.slot)[0]);
    if (!STANDING.has(String(landed.status)) || at !== `Slot/${slotId}`) {
      throw new EngageError('conflict', 'The booking made under this key was cancelled or moved since.', { status: 409 });
    }
    const held = await holdSent(this.client, landed, sent, { content: contentOf('Appointment')!, signal });
    return { outcome: 'booked', appointment: (await this.read([held.id!], signal))[0]! };
  }

  /**
   * Books `slotId` for `patient` as the transaction the class comment describes, with
   * `extra` entries (releasing an old booking) in the same transaction. Answers the
   * appointment stored under the key (see {@link kept}), or "just taken". With `holding`, the
   * appointment written already holds the slot (a changed decision that keeps its time): the
   * slot is busy by it and stays so. With `found` (what an earlier attempt under this very key
   * stored), nothing is written but the repair {@link kept} makes.
   */
  protected async take(
    slotId: string,
    visitTypeId: string,
    appointment: (fields: Resource) => Resource,
    key: string,
    { extra = () => [], signal, holding = false, found }: TakeOptions = {},
  ): Promise<BookingOutcome> {
    const [{ slot, index }, { service, type }] = await Promise.all([this.slotWithContext(slotId, signal), this.service(visitTypeId, signal)]);
    const fields = this.slotFields(slot, index, type, service);
    const created = appointment(fields);
    if (found) return this.kept(found, slotId, created, signal);
    const mine = async () => {
      const landed = await this.byKey(key, signal);
      return landed ? this.kept(landed, slotId, created, signal) : undefined;
    };
    if (slot.status !== 'free' && !holding) return (await mine()) ?? this.taken(slot, index, visitTypeId, signal);
    const entries: BundleEntry[] = [
      ...extra(fields),
      ...(holding ? [] : [versionedPut({ ...slot, status: 'busy' })]),
    ];
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
}
