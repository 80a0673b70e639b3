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
import { randomUUID } from '../../core/compat.js';
import { notStored, type BatchResult, type FhirClient } from './client.js';
import { hasKey, keyIdentifierFor, settleEarlier, type KeyIdentity } from './write-protocol.js';
import { filterRefused, securityNot } from './security-filter.js';
import type { Bundle, BundleEntry, Reference, Resource } from './fhir-types.js';
import {
  PENDING_TASK_STATUSES,
  PHARMACY_TYPE,
  REFILL_CODES,
  SUBMISSION_SYSTEM,
  TASK_STATUSES,
  URI_SYSTEM,
  indexResources,
  preferredPharmacyOf,
  refOf,
  toPharmacy,
  toPrescription,
  toRefillRequest,
  type ResourceIndex,
} from './mapping/refill.js';
import { idOf } from './refs.js';
import { bundleResources, nextLinkOf, numberOf, resourceOf, stringOf } from './guards.js';

const TASK_CODES = `${REFILL_CODES}|refill,${REFILL_CODES}|renewal`;

function resourcesOf(result: BatchResult | undefined): Resource[] {
  if (!result?.ok) throw result?.error ?? new EngageError('server', 'Empty batch answer.');
  return bundleResources(result.resource);
}

/**
 * A deterministic UUID (RFC 9562 version 8 layout) from a string: the same submission
 * key and prescription always give the same client identifier, so a retried submission
 * matches the records the first attempt created. Not a cryptographic hash; the key it
 * derives from is random.
 */
export function derivedUuid(input: string): string {
  const words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    for (let w = 0; w < 4; w++) {
      words[w] = Math.imul(words[w]! ^ c, 0x01000193 + w * 0x2c1b3c6d) >>> 0;
      words[w] = (words[w]! ^ (words[(w + 1) % 4]! >>> 13)) >>> 0;
    }
  }
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How a submission's key is written on its Tasks and proposals. */
const SUBMISSION_KEYS: KeyIdentity = { system: SUBMISSION_SYSTEM };
/**
 * The keys a decision (review or cancel) was written under, kept as Task identifiers, so a
 * changed decision naming them in `replaces` can tell its own unanswered decision (which
 * it revises) from someone else's (a conflict).
 */
const DECISION_KEYS: KeyIdentity = { system: 'https://ehr-engage.dev/fhir/NamingSystem/refill-decision' };

/**
 * A transaction entry that revises an earlier record to the new content: same id, its
 * identifiers kept and the new ones added (so a search by any key of the intent finds it),
 * written with `If-Match` so a concurrent change fails the whole transaction.
 */
function revision(earlier: Resource, next: Resource): BundleEntry {
  const identifiers = [...(Array.isArray(earlier.identifier) ? earlier.identifier : []), ...(next.identifier ?? [])].filter(
    (id, index, all) => all.findIndex((other) => other?.system === id?.system && other?.value === id?.value) === index,
  );
  return versionedPut({ ...next, id: earlier.id, identifier: identifiers }, earlier);
}

/** A versioned `PUT` of `resource` over `earlier` in a transaction. */
function versionedPut(resource: Resource, earlier: Resource): BundleEntry {
  return {
    resource,
    request: {
      method: 'PUT',
      url: `${earlier.resourceType}/${earlier.id}`,
      ...(earlier.meta?.versionId ? { ifMatch: `W/"${earlier.meta.versionId}"` } : {}),
    },
  };
}

/** Medication refill and renewal requests over FHIR (see `mapping/refill.ts` for the model). */
export class FhirRefillPort implements RefillPort {
  constructor(private readonly client: FhirClient) {}

  async listPrescriptions(patient: RecordRef, options: ReadOptions = {}): Promise<Prescription[]> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    // withheld labels are left out on the server where it can (./security-filter.ts)
    const filter = securityNot(this.client, options);
    const requests = [
      {
        method: 'GET',
        url: `MedicationRequest?patient=Patient/${id}&intent=order&_count=500&_include=MedicationRequest:medication&_include=MedicationRequest:requester${filter}`,
      },
      { method: 'GET', url: `MedicationDispense?patient=Patient/${id}&_count=1000${filter}` },
      {
        method: 'GET',
        url: `Task?patient=Patient/${id}&code=${encodeURIComponent(TASK_CODES)}&status=${PENDING_TASK_STATUSES.join(',')}&_include=Task:focus&_count=500`,
      },
    ];
    let results: BatchResult[];
    try {
      results = await this.client.batch(requests, { signal: options.signal });
    } catch (error) {
      if (filterRefused(this.client, filter, { error })) return this.listPrescriptions(patient, options);
      throw error;
    }
    if (filterRefused(this.client, filter, { results: results.slice(0, 2) })) return this.listPrescriptions(patient, options);
    const [orders, dispenses, tasks] = results;
    const orderResources = resourcesOf(orders);
    const dispenseResources = resourcesOf(dispenses).filter((r) => r.resourceType === 'MedicationDispense');
    const taskResources = resourcesOf(tasks);
    const index = indexResources([...orderResources, ...taskResources]);
    const pendingByPrescription = new Map<string, string>();
    for (const task of taskResources.filter((r) => r.resourceType === 'Task')) {
      const proposal = index.get(refOf(task.focus) ?? '');
      const prior = refOf(proposal?.priorPrescription);
      if (prior && task.id) pendingByPrescription.set(prior, task.id);
    }
    const dispensesOf = (ref: string) =>
      dispenseResources.filter((d) =>
        (Array.isArray(d.authorizingPrescription) ? d.authorizingPrescription : []).some((a: Reference) => refOf(a) === ref),
      );
    const rank = (status: string) => (status === 'active' ? 0 : status === 'on-hold' ? 1 : 2);
    return orderResources
      .filter((r) => r.resourceType === 'MedicationRequest')
      .map((r) => {
        const ref = `MedicationRequest/${r.id}`;
        return toPrescription(r, dispensesOf(ref), index, pendingByPrescription.get(ref));
      })
      .sort((a, b) => rank(a.status) - rank(b.status) || (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''));
  }

  async listPharmacies(patient: RecordRef, options: ReadOptions = {}): Promise<Pharmacy[]> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    const [patientResult, orgs] = await this.client.batch(
      [
        { method: 'GET', url: `Patient/${id}` },
        { method: 'GET', url: `Organization?type=${encodeURIComponent(PHARMACY_TYPE)}&active=true&_count=100` },
      ],
      // shared: the refill form's deceased check reads the same Patient through the patient port
      { signal: options.signal, shared: true },
    );
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const preferred = preferredPharmacyOf(resourceOf(patientResult.resource));
    const organizations = resourcesOf(orgs).filter((r) => r.resourceType === 'Organization');
    if (preferred && !organizations.some((o) => `Organization/${o.id}` === preferred)) {
      try {
        organizations.push(await this.client.read('Organization', idOf(preferred, 'Organization'), { signal: options.signal }));
      } catch (error) {
        // a preferred pharmacy that no longer exists is left out, not an error
        if (!(error instanceof EngageError && error.code === 'not-found')) throw error;
      }
    }
    return organizations
      .map((o) => toPharmacy(o, preferred))
      .sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.name.localeCompare(b.name));
  }

  async submitRequest(patient: RecordRef, draft: RefillRequestDraft, options: WriteOptions): Promise<RefillRequest[]> {
    const patientId = idOf(patient, 'Patient');
    if (!draft.items.length) throw new EngageError('invalid', 'A refill request needs at least one prescription.');
    const pharmacyId = idOf(draft.pharmacy, 'Organization');
    // read the originals and the pharmacy in one round trip (safe to repeat)
    const reads = await this.client.batch(
      [
        ...draft.items.map((item) => ({
          method: 'GET',
          url: `MedicationRequest/${encodeURIComponent(item.prescriptionId)}`,
        })),
        { method: 'GET', url: `Organization/${encodeURIComponent(pharmacyId)}` },
      ],
      { signal: options.signal },
    );
    const failed = reads.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    const originals = reads.slice(0, -1).map((r) => (r as { resource: Resource }).resource);
    const pharmacy = (reads.at(-1) as { resource: Resource }).resource;
    for (const original of originals) {
      if (refOf(original.subject) !== `Patient/${patientId}`) {
        throw new EngageError('invalid', 'A prescription in the request belongs to another patient.');
      }
    }

    const now = new Date().toISOString();
    const requester = draft.requester?.ref
      ? { reference: draft.requester.ref, display: draft.requester.name || undefined }
      : { reference: `Patient/${patientId}` };
    // the write protocol: an edited submission after a lost answer revises what landed
    const earlier = await this.earlierSubmission(patientId, options);
    const entries: BundleEntry[] = [];
    const matched = new Set<string>();
    draft.items.forEach((item, i) => {
      const original = originals[i]!;
      const clientId = `urn:uuid:${derivedUuid(`${options.idempotencyKey}|${item.prescriptionId}`)}`;
      const identifier = [
        { system: URI_SYSTEM, value: clientId },
        { system: SUBMISSION_SYSTEM, value: options.idempotencyKey },
      ];
      const ifNoneExist = `identifier=${encodeURIComponent(`${URI_SYSTEM}|${clientId}`)}`;
      // the bundle-local id must not appear in any other string (the server rewrites it everywhere)
      const proposalUrl = `urn:uuid:${randomUUID()}`;
      const dispenseRequest = (original.dispenseRequest ?? {}) as Record<string, unknown>;
      entries.push({
        fullUrl: proposalUrl,
        resource: {
          resourceType: 'MedicationRequest',
          identifier,
          status: 'active',
          intent: 'proposal',
          ...(original.medicationCodeableConcept
            ? { medicationCodeableConcept: original.medicationCodeableConcept }
            : { medicationReference: original.medicationReference }),
          subject: { reference: `Patient/${patientId}` },
          authoredOn: now,
          requester,
          priorPrescription: { reference: `MedicationRequest/${original.id}` },
          ...(original.dosageInstruction ? { dosageInstruction: original.dosageInstruction } : {}),
          dispenseRequest: {
            ...(dispenseRequest.quantity ? { quantity: dispenseRequest.quantity } : {}),
            ...(dispenseRequest.expectedSupplyDuration ? { expectedSupplyDuration: dispenseRequest.expectedSupplyDuration } : {}),
            performer: { reference: `Organization/${pharmacy.id}`, display: pharmacy.name },
          },
          ...(draft.note?.trim() ? { note: [{ text: draft.note.trim(), time: now }] } : {}),
        },
        request: { method: 'POST', url: 'MedicationRequest', ifNoneExist },
      });
      entries.push({
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'Task',
          identifier,
          status: 'requested',
          intent: 'proposal',
          priority: 'routine',
          code: {
            coding: [{ system: REFILL_CODES, code: item.kind, display: item.kind === 'renewal' ? 'Renewal request' : 'Refill request' }],
          },
          focus: { reference: proposalUrl },
          for: { reference: `Patient/${patientId}` },
          authoredOn: now,
          lastModified: now,
          requester,
          ...(original.requester ? { owner: original.requester } : {}),
          performerType: [
            { coding: [{ system: 'http://hl7.org/fhir/task-performer-type', code: 'reviewer', display: 'Reviewer' }] },
          ],
          input: [{ type: { coding: [{ system: REFILL_CODES, code: 'delivery' }] }, valueCode: draft.delivery }],
        },
        request: { method: 'POST', url: 'Task', ifNoneExist },
      });
      const before = earlier.get(item.prescriptionId);
      if (before) {
        // revise the earlier proposal and Task in place (PUT), instead of creating beside them
        matched.add(item.prescriptionId);
        const [proposalEntry, taskEntry] = entries.splice(-2) as [BundleEntry, BundleEntry];
        entries.push(
          revision(before.proposal, proposalEntry.resource!),
          revision(before.task, { ...taskEntry.resource!, focus: { reference: `MedicationRequest/${before.proposal.id}` } }),
        );
      }
    });
    // what landed earlier for a prescription the user no longer asks for is withdrawn
    for (const [prescriptionId, before] of earlier) {
      if (matched.has(prescriptionId)) continue;
      entries.push(
        versionedPut({ ...before.task, status: 'cancelled', lastModified: now }, before.task),
        versionedPut({ ...before.proposal, status: 'cancelled' }, before.proposal),
      );
    }
    // one transaction: the proposals and their Tasks land together or not at all;
    // every entry is a conditional create or a versioned update, so repeating it is harmless
    const { body, status } = await this.client.request<Bundle>('POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      signal: options.signal,
      idempotent: true,
    });
    if (body?.resourceType !== 'Bundle') throw notStored('Bundle', status, body);
    const created = (Array.isArray(body.entry) ? body.entry : []).map((e) => e?.resource).filter((r): r is Resource => Boolean(r?.resourceType));
    const index = indexResources([...created, ...originals, pharmacy]);
    const tasks = created.filter((r) => r.resourceType === 'Task' && hasKey(r, SUBMISSION_KEYS, options.idempotencyKey));
    if (tasks.length !== draft.items.length) throw new EngageError('server', 'The server did not return every request.');
    return tasks.map((task) => this.withPrescription(toRefillRequest(task, index), index));
  }

  /**
   * The pending requests an earlier attempt of this submission (the keys it `replaces`)
   * left, by prescription, with their proposals; empty when there is nothing to settle.
   */
  private async earlierSubmission(
    patientId: string,
    options: WriteOptions,
  ): Promise<Map<string, { task: Resource; proposal: Resource }>> {
    const found = new Map<string, { task: Resource; proposal: Resource }>();
    const settled = await settleEarlier(this.client, 'Task', SUBMISSION_KEYS, options, options.signal);
    const tasks = settled.earlier.filter(
      (t) => refOf(t.for) === `Patient/${patientId}` && PENDING_TASK_STATUSES.includes(String(t.status)),
    );
    const proposalIds = tasks.map((t) => refOf(t.focus)?.split('/')[1]).filter((id): id is string => Boolean(id));
    if (!proposalIds.length) return found;
    const { resources } = await this.client.searchAll('MedicationRequest', { _id: proposalIds.join(','), _count: 100 }, { signal: options.signal });
    for (const task of tasks) {
      const proposal = resources.find((r) => `MedicationRequest/${r.id}` === refOf(task.focus));
      const prescription = refOf(proposal?.priorPrescription)?.split('/')[1];
      if (proposal && prescription && !found.has(prescription)) found.set(prescription, { task, proposal });
    }
    return found;
  }

  async listRequests(
    query: PageRequest & { patient?: RecordRef; status?: RefillRequestStatus[] },
    options: ReadOptions = {},
  ): Promise<Page<RefillRequest>> {
    let bundle: Bundle;
    if (query.cursor) {
      bundle = (await this.client.request<Bundle>('GET', query.cursor, { signal: options.signal })).body;
    } else {
      const statuses = query.status?.length ? [...new Set(query.status.flatMap((s) => TASK_STATUSES[s]))] : undefined;
      bundle = await this.client.search(
        'Task',
        {
          code: TASK_CODES,
          patient: query.patient ? `Patient/${idOf(query.patient, 'Patient')}` : undefined,
          status: statuses?.join(','),
          _sort: '-authored-on',
          _count: Math.min(Math.max(query.pageSize ?? 50, 1), 200),
          _include: ['Task:focus', 'Task:patient'],
        },
        { signal: options.signal },
      );
    }
    if (!resourceOf(bundle, 'Bundle')) throw new EngageError('server', 'The refill requests answer is not a Bundle.');
    const resources = bundleResources(bundle);
    const index = indexResources(resources);
    const tasks = resources.filter((r) => r.resourceType === 'Task');
    await this.addPrescriptions(tasks, index, options);
    const wanted = query.status?.length ? new Set(query.status) : undefined;
    const items = tasks
      .map((task) => this.withPrescription(toRefillRequest(task, index), index))
      // denied and needs-appointment share a Task status; keep only what was asked for
      .filter((request) => !wanted || wanted.has(request.status));
    const next = nextLinkOf(bundle);
    // denied and needs-appointment share the Task status `rejected`: asked for only one of
    // them, the server's total also counts the other, so it is not reported
    const split = wanted && wanted.has('denied') !== wanted.has('needs-appointment');
    const total = numberOf(bundle.total);
    return { items, next, total: split ? undefined : total };
  }

  /** Adds the original prescriptions and their dispenses to the index, in one round trip. */
  private async addPrescriptions(tasks: Resource[], index: ResourceIndex, options: ReadOptions): Promise<void> {
    const priors = [
      ...new Set(
        tasks
          .map((task) => refOf(index.get(refOf(task.focus) ?? '')?.priorPrescription))
          .filter((ref): ref is string => Boolean(ref)),
      ),
    ];
    if (!priors.length) return;
    const [orders, dispenses] = await this.client.batch(
      [
        { method: 'GET', url: `MedicationRequest?_id=${priors.map((p) => encodeURIComponent(p.split('/')[1]!)).join(',')}&_count=500` },
        { method: 'GET', url: `MedicationDispense?prescription=${priors.map(encodeURIComponent).join(',')}&_count=1000` },
      ],
      { signal: options.signal },
    );
    for (const resource of [...resourcesOf(orders), ...resourcesOf(dispenses)]) {
      if (stringOf(resource.id)) index.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }

  /** Attaches the original prescription (with its dispenses) when the index holds it. */
  private withPrescription(request: RefillRequest, index: ResourceIndex): RefillRequest {
    const original = index.get(`MedicationRequest/${request.prescriptionId}`);
    if (!original) return request;
    const ref = `MedicationRequest/${original.id}`;
    const dispenses = [...index.values()].filter(
      (r) =>
        r.resourceType === 'MedicationDispense' &&
        (Array.isArray(r.authorizingPrescription) ? r.authorizingPrescription : []).some((a: Reference) => refOf(a) === ref),
    );
    return { ...request, prescription: toPrescription(original, dispenses, index) };
  }

  async cancelRequest(requestId: string, options: WriteOptions): Promise<RefillRequest> {
    return this.decide(requestId, options, (task) => {
      task.status = 'cancelled';
    }, 'cancelled');
  }

  async reviewRequest(requestId: string, decision: RefillDecision, options: WriteOptions): Promise<RefillRequest> {
    const target: RefillRequestStatus =
      decision.action === 'approve' ? 'approved' : decision.action === 'deny' ? 'denied' : 'needs-appointment';
    return this.decide(
      requestId,
      options,
      (task) => {
        const business = (code: string, display: string) => ({ coding: [{ system: REFILL_CODES, code, display }], text: display });
        if (decision.action === 'approve') {
          task.status = 'completed';
          task.businessStatus = business('approved', 'Approved');
          const output: unknown[] = [];
          if (decision.quantity !== undefined) {
            output.push({ type: { coding: [{ system: REFILL_CODES, code: 'approved-quantity' }] }, valueQuantity: { value: decision.quantity } });
          }
          if (decision.refills !== undefined) {
            output.push({ type: { coding: [{ system: REFILL_CODES, code: 'approved-refills' }] }, valueUnsignedInt: decision.refills });
          }
          if (output.length) task.output = output;
        } else if (decision.action === 'deny') {
          task.status = 'rejected';
          task.businessStatus = business('denied', 'Denied');
          task.statusReason = { text: decision.reason };
        } else {
          task.status = 'rejected';
          task.businessStatus = business('needs-appointment', 'Needs an appointment');
          if (decision.reason?.trim()) task.statusReason = { text: decision.reason.trim() };
        }
      },
      target,
    );
  }

  /**
   * Brings the proposal's own status in line with its Task (approved → `completed`,
   * otherwise `cancelled`), so systems that read MedicationRequests alone do not see it
   * as still open. The Task is the record of the decision: if this update fails (or
   * someone changed the proposal meanwhile), the decision still stands.
   */
  private async closeProposal(proposal: Resource | undefined, target: RefillRequestStatus, options: WriteOptions): Promise<void> {
    if (!proposal?.id || proposal.resourceType !== 'MedicationRequest') return;
    const status = target === 'approved' ? 'completed' : 'cancelled';
    if (proposal.status === status) return;
    try {
      await this.client.update({ ...proposal, status }, { ifMatch: proposal.meta?.versionId, signal: options.signal });
    } catch (error) {
      if (!(error instanceof EngageError) || error.code === 'aborted') throw error;
    }
  }

  /**
   * Moves a pending request's Task to a final status with `If-Match`, recording the
   * write's key on it (docs/write-protocol.md). Repeating the same decision (a retry after
   * a lost answer) returns the request as it now stands. A changed decision whose
   * `replaces` names the key the Task was decided under revises that decision (the user
   * last saw it as not saved); any other decision on a request that is no longer pending
   * is a `conflict`.
   */
  private async decide(
    requestId: string,
    options: WriteOptions,
    change: (task: Resource) => void,
    target: RefillRequestStatus,
  ): Promise<RefillRequest> {
    const load = async () => {
      const bundle = await this.client.search(
        'Task',
        { _id: requestId, _include: ['Task:focus', 'Task:patient'] },
        { signal: options.signal },
      );
      if (!resourceOf(bundle, 'Bundle')) throw new EngageError('server', 'The refill requests answer is not a Bundle.');
    const resources = bundleResources(bundle);
      const task = resources.find((r) => r.resourceType === 'Task' && r.id === requestId);
      if (!task) throw new EngageError('not-found', 'No such refill request.', { status: 404 });
      return { task, index: indexResources(resources) };
    };
    const { task, index } = await load();
    const current = toRefillRequest(task, index);
    const pending = PENDING_TASK_STATUSES.includes(String(task.status));
    const landed = hasKey(task, DECISION_KEYS, options.idempotencyKey);
    const revising = !pending && !landed && (options.replaces ?? []).some((key) => hasKey(task, DECISION_KEYS, key));
    if (landed || (current.status === target && !revising)) {
      // a retry after a lost answer: finish what the first attempt may have left undone
      await this.closeProposal(index.get(refOf(task.focus) ?? ''), target, options);
      return current;
    }
    if (!pending && !revising) {
      throw new EngageError('conflict', 'This request has already been decided.', { status: 409 });
    }
    const updated = structuredClone(task);
    if (revising) {
      // the earlier decision's facts go with it
      delete updated.businessStatus;
      delete updated.statusReason;
      delete updated.output;
    }
    change(updated);
    const ids: unknown = updated.identifier;
    updated.identifier = [...(Array.isArray(ids) ? ids : ids ? [ids] : []), keyIdentifierFor(DECISION_KEYS, options.idempotencyKey)];
    updated.lastModified = new Date().toISOString();
    try {
      const { body } = await this.client.update(updated, { ifMatch: task.meta?.versionId, signal: options.signal });
      index.set(`Task/${body.id}`, body);
      await this.closeProposal(index.get(refOf(task.focus) ?? ''), target, options);
      return toRefillRequest(body, index);
    } catch (error) {
      // a retried update whose first attempt did land answers 412: read what is there now
      if (!(error instanceof EngageError && error.code === 'conflict')) throw error;
      const again = await load();
      const now = toRefillRequest(again.task, again.index);
      if (now.status === target) return now;
      throw error;
    }
  }
}
