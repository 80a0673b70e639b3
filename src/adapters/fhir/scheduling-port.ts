import { EngageError, isEngageError } from '../../core/errors.js';
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
  WriteOptions,
} from '../ports.js';
import { sortAppointments } from '../scheduling-order.js';
import type { Bundle, BundleEntry, Reference, Resource } from './fhir-types.js';
import { arrayOf, bundleResources, objectOf, refOf, stringOf } from './guards.js';
import { EXT, SCHEDULING_CODES, proposedSlotIds, takesPart } from './mapping/scheduling.js';
import { idOf } from './refs.js';
import { APPOINTMENT_INCLUDES, BOOKING_KEYS, contentOf, DECISION_KEYS, FhirSchedulingCore, uuid } from './scheduling-core.js';
import { againstDecision, ANSWER_STATUS, clinicAnswer, holdsEarlierDecision, patientAnswer, withoutEarlierDecision } from './scheduling-revision.js';
import { createOnce, holdSent, ifNoneExistFor, keyIdentifierFor, recordsUnderKey, settleEarlier, versionedPut } from './write-protocol.js';
import { filterRefused, securityNot } from './security-filter.js';

export type { FhirSchedulingOptions } from './scheduling-core.js';

/** Who wrote `Appointment.comment` (R4 does not say): the patient, on the patient's writes. */
const authoredBy = (patientRef: string) => ({ url: EXT.commentAuthor, valueReference: { reference: patientRef } });
/** The patient an appointment names. */
const patientOf = (resource: Resource) =>
  arrayOf(resource.participant)
    .map((p) => refOf(objectOf<Reference>(p.actor)))
    .find((r) => r?.startsWith('Patient/'));
/** The extensions of `resource`, less `url`'s. */
const extensionsBut = (resource: Resource | undefined, url: string) => arrayOf(resource?.extension).filter((e) => e.url !== url);

/**
 * Appointments over FHIR R4 (see `mapping/scheduling.ts` for the model): the writes and
 * lists, over the reads and the booking transaction of {@link FhirSchedulingCore}.
 *
 * A booking is one `transaction`: the Appointment, created with `If-None-Exist` on the
 * write's key, and the Slot set to `busy` with `If-Match` on the version just read. Two
 * patients racing for a slot both send the version they read; the server applies the
 * first and answers the second with 412, which rolls its whole transaction back, so the
 * second patient is told the slot was taken and nothing of theirs is stored. A retry
 * after a lost answer finds its own Appointment by the key and returns it if it still holds
 * this attempt's time (made to hold its note), else answers `conflict` (see `kept`).
 */
export class FhirSchedulingPort extends FhirSchedulingCore implements SchedulingPort {

  async book(patient: RecordRef, draft: BookingDraft, options: WriteOptions): Promise<BookingOutcome> {
    const patientRef = `Patient/${idOf(patient, 'Patient')}`;
    const { current, earlier } = await this.settleBooking(options);
    const landed = earlier.find((a) => a.status === 'booked');
    const identifier = [...(landed ? arrayOf(landed.identifier) : []), keyIdentifierFor(BOOKING_KEYS, options.idempotencyKey)];
    const build = (fields: Resource): Resource => ({
      ...(landed ? { id: landed.id, meta: landed.meta, created: landed.created } : { created: this.now().toISOString() }),
      ...fields,
      identifier,
      status: 'booked',
      participant: [{ actor: { reference: patientRef }, status: 'accepted' }, ...arrayOf(fields.participant)],
      ...(draft.note?.trim() ? { comment: draft.note.trim(), extension: [...arrayOf(fields.extension), authoredBy(patientRef)] } : {}),
    });
    // this very write landed before: the booking it made is the answer only when it holds this
    // attempt's time, and is made to hold its note (scheduling-core's `kept`)
    if (current) return this.take(draft.slotId, draft.visitType, build, options.idempotencyKey, { found: current, signal: options.signal });
    // a changed booking whose earlier attempt landed moves that booking: its old slot is freed in the same transaction
    const release = async (): Promise<BundleEntry[]> => {
      const oldSlot = refOf(arrayOf<Reference>(landed?.slot)[0])?.split('/')[1];
      if (!landed || !oldSlot || oldSlot === draft.slotId) return [];
      const slot = await this.client.read('Slot', oldSlot, { signal: options.signal });
      return [versionedPut({ ...slot, status: 'free' })];
    };
    const extra = await release();
    // a changed booking that keeps its time (a note added or taken out) already holds its slot:
    // the slot is busy by it, not taken by someone else
    const holding = Boolean(landed) && refOf(arrayOf<Reference>(landed?.slot)[0]) === `Slot/${draft.slotId}`;
    return this.take(draft.slotId, draft.visitType, build, options.idempotencyKey, { extra: () => extra, signal: options.signal, holding });
  }

  /**
   * What earlier attempts of a booking stored: the record under this very key (`current`), or
   * those under the keys it replaces. The key's own record is looked for on a first attempt
   * too: the booking transaction's conditional create would match it, but only after the same
   * transaction set the slot busy again — for a booking cancelled since, a slot nobody holds.
   */
  private async settleBooking(options: WriteOptions): Promise<{ current: Resource | undefined; earlier: Resource[] }> {
    if ((options.replaces ?? []).some((key) => key && key !== options.idempotencyKey)) {
      return settleEarlier(this.client, 'Appointment', BOOKING_KEYS, options, options.signal);
    }
    return { current: await this.byKey(options.idempotencyKey, options.signal), earlier: [] };
  }

  async request(patient: RecordRef, draft: AppointmentRequestDraft, options: WriteOptions): Promise<Appointment> {
    const patientRef = `Patient/${idOf(patient, 'Patient')}`;
    const { current, earlier } = await settleEarlier(this.client, 'Appointment', BOOKING_KEYS, options, options.signal);
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
        ...(draft.note?.trim() ? [authoredBy(patientRef)] : []),
      ],
    };
    // what a request stored under this key must hold: the note and the times asked for
    const hold = { content: contentOf('Appointment')!, signal: options.signal };
    const stored = current?.id
      ? await holdSent(this.client, current, resource, hold)
      : landed
        ? (await this.client.update(resource, { ifMatch: landed.meta?.versionId, signal: options.signal })).body
        : await createOnce(this.client, resource, BOOKING_KEYS, options.idempotencyKey, hold);
    return (await this.read([stored.id!], options.signal))[0]!;
  }

  async reschedule(appointmentId: string, slotId: string, options: WriteOptions): Promise<BookingOutcome> {
    // a move that landed under this very key is the answer only while the visit it booked still
    // stands at this attempt's time (scheduling-core's `kept`): cancelled or moved since is a conflict
    const landed = await this.byKey(options.idempotencyKey, options.signal);
    if (landed) return this.kept(landed, slotId, landed, options.signal);
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
      extension: [
        ...arrayOf(fields.extension),
        { url: EXT.rescheduledFrom, valueReference: { reference: `Appointment/${old.id}` } },
        // the note moves with who wrote it
        ...(stringOf(old.comment) ? arrayOf(old.extension).filter((e) => e.url === EXT.commentAuthor) : []),
      ],
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
    return this.take(slotId, visitType.split('/')[1]!, build, options.idempotencyKey, { extra: release, signal: options.signal });
  }

  async cancel(appointmentId: string, reason: string | undefined, options: WriteOptions): Promise<Appointment> {
    const held = await this.client.read('Appointment', appointmentId, { signal: options.signal });
    if (held.status === 'cancelled') return (await this.read([appointmentId], options.signal))[0]!;
    if (!['booked', 'proposed', 'pending'].includes(String(held.status))) {
      throw new EngageError('conflict', 'This appointment can no longer be cancelled.', { status: 409 });
    }
    const slotId = refOf(arrayOf<Reference>(held.slot)[0])?.split('/')[1];
    // a booked or pending visit holds its slot: cancelling frees it (a slot the server no
    // longer has frees nothing, and never stops the cancellation)
    const slot =
      slotId && (held.status === 'booked' || held.status === 'pending')
        ? await this.client.read('Slot', slotId, { signal: options.signal }).catch((error: unknown) => {
            if (isEngageError(error) && error.code === 'not-found') return undefined;
            throw error;
          })
        : undefined;
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
    // a decision that landed under this very key is never applied again: it is the answer,
    // made to hold this attempt (`decisionHeld`); looked for beside the request's read
    const [stored, landed] = await Promise.all([
      this.client.read('Appointment', requestId, { signal: options.signal }),
      this.decisionUnder(options.idempotencyKey, options.signal),
    ]);
    if (landed) return this.decisionHeld(requestId, landed, decision, options);
    const decided = async (): Promise<DecisionOutcome | undefined> => {
      const found = await this.decisionUnder(options.idempotencyKey, options.signal);
      return found ? this.decisionHeld(requestId, found, decision, options) : undefined;
    };
    let held = stored;
    // the slot an earlier decision of this intent booked, freed unless the new one keeps it
    let bookedSlot: string | undefined;
    if (stored.status !== 'proposed' && stored.status !== 'pending') {
      // a decision changed after a lost answer revises the one that landed under a key it replaces
      const replaces = options.replaces ?? [];
      const { current, earlier } = await settleEarlier(this.client, 'AppointmentResponse', DECISION_KEYS, options, options.signal);
      if (current) return this.decisionHeld(requestId, current, decision, options);
      if (!holdsEarlierDecision(stored, earlier, replaces, { booking: BOOKING_KEYS, decision: DECISION_KEYS })) {
        const done = await decided();
        if (done) return done;
        throw new EngageError('conflict', 'This request has already been answered.', { status: 409 });
      }
      held = withoutEarlierDecision(stored, replaces, BOOKING_KEYS);
      if (stored.status === 'booked') bookedSlot = refOf(arrayOf<Reference>(stored.slot)[0])?.split('/')[1];
    }
    const keeps = decision.action === 'approve' && bookedSlot === decision.slotId;
    const release = async (): Promise<BundleEntry[]> => {
      if (!bookedSlot || keeps) return [];
      const slot = await this.client.read('Slot', bookedSlot, { signal: options.signal });
      return [versionedPut({ ...slot, status: 'free' })];
    };
    const released = await release();
    const response: BundleEntry = {
      fullUrl: uuid(),
      resource: clinicAnswer(requestId, keyIdentifierFor(DECISION_KEYS, options.idempotencyKey), decision),
      request: { method: 'POST', url: 'AppointmentResponse', ifNoneExist: ifNoneExistFor(DECISION_KEYS, options.idempotencyKey) },
    };
    const withoutDecision = (resource: Resource): Resource => ({
      ...resource,
      extension: arrayOf(resource.extension).filter((e) => e.url !== EXT.proposedSlot && e.url !== EXT.clinicMessage),
    });
    // the clinic's choice for a request that names no visit type, else the request's own
    const ownType = refOf(objectOf<Reference>(arrayOf(held.extension).find((e) => e.url === EXT.visitType)?.valueReference))?.split('/')[1];
    const visitType = decision.action === 'decline' ? undefined : (decision.visitType ?? ownType);
    if (decision.action === 'approve') {
      if (!visitType) throw new EngageError('invalid', 'The request names no visit type.');
      const build = (fields: Resource): Resource => ({
        ...withoutDecision(held),
        ...fields,
        identifier: [...arrayOf(held.identifier), keyIdentifierFor(BOOKING_KEYS, options.idempotencyKey)],
        status: 'booked',
        participant: [...arrayOf(held.participant).filter((p) => refOf(objectOf(p.actor))?.startsWith('Patient/')), ...arrayOf(fields.participant)],
        // the visit type booked (the slot fields') replaces the request's
        extension: [...extensionsBut(withoutDecision(held), EXT.visitType), ...arrayOf(fields.extension)],
      });
      const outcome = await this.take(decision.slotId, visitType, build, options.idempotencyKey, { extra: () => [...released, response], signal: options.signal, holding: keeps });
      if (outcome.outcome === 'slot-taken') return outcome;
      return { outcome: 'saved', appointment: outcome.appointment };
    }
    if (decision.action === 'propose') {
      // every time offered must exist before any is stored (as the memory port checks): an
      // offer of a time that is gone would leave the patient nothing to choose
      const found = await this.client.searchAll('Slot', { _id: decision.slotIds.join(','), _count: 100 }, { signal: options.signal });
      const ids = new Set(found.resources.map((slot) => slot.id));
      if (decision.slotIds.some((id) => !ids.has(id))) throw new EngageError('not-found', 'No such slot.', { status: 404 });
    }
    // times offered in a visit type the clinic chose: the request holds that type from now on
    const chosen = decision.action === 'propose' && decision.visitType && decision.visitType !== ownType ? await this.service(decision.visitType, options.signal) : undefined;
    const typed: Resource = chosen
      ? {
          ...withoutDecision(held),
          serviceType: arrayOf(chosen.service.type).slice(0, 1),
          extension: [
            ...extensionsBut(withoutDecision(held), EXT.visitType),
            { url: EXT.visitType, valueReference: { reference: `HealthcareService/${chosen.type.id}`, display: chosen.type.name } },
          ],
        }
      : withoutDecision(held);
    const updated: Resource =
      decision.action === 'propose'
        ? {
            // still `proposed` in FHIR: R4's app-3 wants a start and end on a `pending` one;
            // the proposed-slot extensions mark the clinic's answer (mapping/scheduling.ts)
            ...typed,
            status: 'proposed',
            extension: [
              ...(typed.extension as never[]),
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
      await this.transaction([versionedPut(updated), ...released, response], options.signal);
    } catch (error) {
      if (!(isEngageError(error) && error.code === 'conflict')) throw error;
      const done = await decided();
      if (!done) throw error;
      return done;
    }
    return { outcome: 'saved', appointment: (await this.read([requestId], options.signal))[0]! };
  }

  /** The answer (the clinic's decision, or the patient's to offered times) stored under `key`, if one landed. */
  private async decisionUnder(key: string, signal?: AbortSignal): Promise<Resource | undefined> {
    return (await recordsUnderKey(this.client, 'AppointmentResponse', DECISION_KEYS, key, signal))[0];
  }

  /**
   * A decision that landed under this attempt's key (its `AppointmentResponse`), as this
   * attempt's answer (docs/write-protocol.md §3). A decision of another kind under the key
   * cannot be made this one: `conflict`. Otherwise the response is made to hold this
   * decision's words (`holdSent`), and so is the request, with `If-Match`, unless someone
   * answered it since (see `againstDecision`): then it is answered as it now is.
   */
  private async decisionHeld(requestId: string, landed: Resource, decision: RequestDecision, options: WriteOptions): Promise<DecisionOutcome> {
    const { signal, idempotencyKey: key } = options;
    if (landed.participantStatus !== ANSWER_STATUS[decision.action]) {
      throw new EngageError('conflict', 'This request was answered otherwise under this key.', { status: 409 });
    }
    // the patient's answer (or a later decision) since is a later response on the request
    const [request, answers] = await Promise.all([
      this.client.read('Appointment', requestId, { signal }),
      decision.action === 'approve'
        ? undefined
        : this.client.searchAll('AppointmentResponse', { appointment: `Appointment/${requestId}`, _count: 100 }, { signal, maxResults: 500 }),
    ]);
    const when = (r: Resource) => Date.parse(String(objectOf(r.meta)?.lastUpdated ?? ''));
    const answeredSince = (answers?.resources ?? []).some((r) => r.id !== landed.id && when(r) > when(landed));
    const stands = againstDecision(request, decision, key, BOOKING_KEYS, answeredSince);
    if (stands === 'other') throw new EngageError('conflict', 'The booking made under this key holds another time.', { status: 409 });
    const sent = clinicAnswer(requestId, keyIdentifierFor(DECISION_KEYS, key), decision);
    await holdSent(this.client, landed, sent, { content: contentOf('AppointmentResponse')!, signal });
    if (typeof stands === 'object') await this.client.update(stands, { ifMatch: request.meta?.versionId, signal });
    return { outcome: 'saved', appointment: (await this.read([requestId], signal))[0]! };
  }

  /**
   * The patient's answer to proposed times. Accepting is the booking transaction on the
   * request itself (it becomes `booked`, its proposed-slot extensions dropped) with the
   * patient's `AppointmentResponse` (`accepted`); declining puts the request back to the
   * clinic (proposals dropped) with a `declined` response. Both carry the write's key, so a
   * retry after a lost answer finds what landed, and judges it ({@link answerHeld}).
   */
  async answerProposal(requestId: string, answer: ProposalAnswer, options: WriteOptions): Promise<DecisionOutcome> {
    const { signal, idempotencyKey: key } = options;
    // an answer that landed under this very key is never applied again: it is judged (`answerHeld`)
    const [held, landed] = await Promise.all([this.client.read('Appointment', requestId, { signal }), this.decisionUnder(key, signal)]);
    if (landed) return this.answerHeld(held, landed, answer, key, signal);
    const answered = async (): Promise<DecisionOutcome | undefined> => {
      const found = await this.decisionUnder(key, signal);
      return found ? this.answerHeld(await this.client.read('Appointment', requestId, { signal }), found, answer, key, signal) : undefined;
    };
    const proposals = proposedSlotIds(held);
    if (held.status !== 'proposed' || !proposals.length) {
      const done = await answered();
      if (done) return done;
      throw new EngageError('conflict', 'There are no proposed times to answer.', { status: 409 });
    }
    const patient = patientOf(held);
    const response = (status: 'accepted' | 'declined', comment?: string): BundleEntry => ({
      fullUrl: uuid(),
      resource: patientAnswer(requestId, keyIdentifierFor(DECISION_KEYS, key), status, patient, comment),
      request: { method: 'POST', url: 'AppointmentResponse', ifNoneExist: ifNoneExistFor(DECISION_KEYS, key) },
    });
    const withoutProposals: Resource = {
      ...held,
      extension: arrayOf(held.extension).filter((e) => e.url !== EXT.proposedSlot && e.url !== EXT.clinicMessage),
    };
    if (answer.action === 'decline') {
      const note = answer.note?.trim();
      try {
        // the note is now the patient's: any earlier author goes with the earlier note
        const noted = note ? { comment: note, extension: [...extensionsBut(withoutProposals, EXT.commentAuthor), ...(patient ? [authoredBy(patient)] : [])] } : {};
        await this.transaction([versionedPut({ ...withoutProposals, ...noted }), response('declined', note)], signal);
      } catch (error) {
        const done = isEngageError(error) && error.code === 'conflict' ? await answered() : undefined;
        if (!done) throw error;
        return done;
      }
      return { outcome: 'saved', appointment: (await this.read([requestId], signal))[0]! };
    }
    if (!proposals.includes(answer.slotId)) throw new EngageError('invalid', 'That is not a time the clinic proposed.');
    const visitType = refOf(objectOf<Reference>(arrayOf(held.extension).find((e) => e.url === EXT.visitType)?.valueReference));
    if (!visitType) throw new EngageError('invalid', 'The request names no visit type.');
    const build = (fields: Resource): Resource => ({
      ...withoutProposals,
      ...fields,
      identifier: [...arrayOf(held.identifier), keyIdentifierFor(BOOKING_KEYS, key)],
      status: 'booked',
      participant: [...arrayOf(held.participant).filter((p) => refOf(objectOf(p.actor))?.startsWith('Patient/')), ...arrayOf(fields.participant)],
      extension: [...arrayOf(withoutProposals.extension), ...arrayOf(fields.extension).filter((e) => e.url !== EXT.visitType)],
    });
    const outcome = await this.take(answer.slotId, visitType.split('/')[1]!, build, key, { extra: () => [response('accepted')], signal });
    if (outcome.outcome === 'booked') return { outcome: 'saved', appointment: outcome.appointment };
    // the clinic chose these times: only its other proposals that are still free are offered
    const others = proposals.filter((id) => id !== answer.slotId);
    const free = others.length ? await this.client.searchAll('Slot', { _id: others.join(','), status: 'free', _count: 100 }, { signal }) : undefined;
    const freeIds = new Set((free?.resources ?? []).map((r) => r.id));
    const request = (await this.read([requestId], signal))[0];
    return { outcome: 'slot-taken', alternatives: (request?.proposals ?? []).filter((p) => freeIds.has(p.id)) };
  }

  /**
   * The patient's answer that landed under this attempt's key (its `AppointmentResponse`), as
   * this attempt's answer (docs/write-protocol.md §3). Another answer under the key (an accept
   * where this turns the times down, or the reverse) cannot be made this one: `conflict`. An
   * accept holds while the visit it booked stands at the chosen time (`kept`); a decline while
   * the request is still back with the clinic (no times offered again, not cancelled or decided
   * since), and is made to hold its note (`holdSent` on the response and the request).
   */
  private async answerHeld(request: Resource, landed: Resource, answer: ProposalAnswer, key: string, signal?: AbortSignal): Promise<DecisionOutcome> {
    const status = answer.action === 'accept' ? 'accepted' : 'declined';
    if (landed.participantStatus !== status) throw new EngageError('conflict', 'These times were answered otherwise under this key.', { status: 409 });
    if (answer.action === 'accept') {
      // the request is the booking: nothing of it is this attempt's to repair, only its time to check
      const booked = await this.kept(request, answer.slotId, request, signal);
      if (booked.outcome === 'booked') return { outcome: 'saved', appointment: booked.appointment };
      return booked;
    }
    if (request.status !== 'proposed' || proposedSlotIds(request).length) {
      throw new EngageError('conflict', 'The request was answered or cancelled since these times were turned down.', { status: 409 });
    }
    const note = answer.note?.trim();
    const patient = patientOf(request);
    const sent = patientAnswer(request.id!, keyIdentifierFor(DECISION_KEYS, key), status, patient, note);
    await holdSent(this.client, landed, sent, { content: contentOf('AppointmentResponse')!, signal });
    if (note) {
      const noted: Resource = { ...request, comment: note, extension: [...extensionsBut(request, EXT.commentAuthor), ...(patient ? [authoredBy(patient)] : [])] };
      await holdSent(this.client, request, noted, { content: contentOf('Appointment')!, signal });
    }
    return { outcome: 'saved', appointment: (await this.read([request.id!], signal))[0]! };
  }

  async dayList(clinician: RecordRef, date: string, timeZone: string, options: ReadOptions = {}): Promise<Appointment[]> {
    const { from, to } = dayRange(date, timeZone);
    // a visit may name the clinician through one of their roles (PractitionerRole.practitioner)
    const roles = await this.client.searchAll('PractitionerRole', { practitioner: clinician, _count: 100 }, { signal: options.signal });
    const actors = [clinician, ...roles.resources.map((role) => `PractitionerRole/${role.id}`)];
    const query = [
      `actor=${actors.map(encodeURIComponent).join(',')}`,
      `date=ge${from.toISOString()}`,
      `date=lt${to.toISOString()}`,
      'status=booked,arrived,checked-in,fulfilled,noshow',
      '_count=200',
      APPOINTMENT_INCLUDES,
    ].join('&');
    const bundle = await this.client.request<Bundle>('GET', `Appointment?${query}`, { signal: options.signal });
    // the search also finds visits the clinician declined: those are not theirs to see
    const found = bundleResources(bundle.body).filter((r) => r.resourceType !== 'Appointment' || actors.some((actor) => takesPart(r, actor)));
    return (await this.mapped(found, options.signal)).sort((a, b) => Date.parse(a.start ?? '') - Date.parse(b.start ?? ''));
  }
}
