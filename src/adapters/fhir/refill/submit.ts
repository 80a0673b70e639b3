/**
 * The submission of the FHIR refill port (`../refill-port.ts`): a refill or renewal request
 * written as proposals and their Tasks in one transaction, under the write protocol
 * (docs/write-protocol.md): conditional creates keyed by the idempotency key, and an
 * edited retry revising in place what an earlier attempt landed. Apart from the port,
 * whose own body is the reads.
 */
import { EngageError } from '../../../core/errors.js';
import type { RecordRef, RefillRequest, RefillRequestDraft, WriteOptions } from '../../ports.js';
import { randomUUID } from '../../../core/compat.js';
import type { FhirClient } from '../client.js';
import { hasKey, settleEarlier, transactionHeld, versionedPut, type KeyIdentity } from '../write-protocol.js';
import type { Bundle, BundleEntry, Resource } from '../fhir-types.js';
import {
  PENDING_TASK_STATUSES,
  REFILL_CODES,
  SUBMISSION_SYSTEM,
  URI_SYSTEM,
  indexResources,
  isRequestablePrescription,
  refOf,
  toRefillRequest,
} from '../mapping/refill.js';
import { idOf } from '../refs.js';
import { withPrescription } from './shared.js';
import { proposalMedication, referencedMedications } from './medication.js';

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

/** `FhirRefillPort.submitRequest`: the proposals and their Tasks, in one transaction. */
export async function submitRefillRequest(
  client: FhirClient,
  patient: RecordRef,
  draft: RefillRequestDraft,
  options: WriteOptions,
): Promise<RefillRequest[]> {
  const patientId = idOf(patient, 'Patient');
  if (!draft.items.length) throw new EngageError('invalid', 'A refill request needs at least one prescription.');
  const pharmacyId = idOf(draft.pharmacy, 'Organization');
  // read the originals and the pharmacy in one round trip (safe to repeat)
  const reads = await client.batch(
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
    // a draft, a plan, a stopped order or an order NOT to give it is never asked for, whoever calls
    if (!isRequestablePrescription(original)) {
      throw new EngageError('invalid', 'A prescription in the request is not an active order that can be refilled.');
    }
  }

  // the Medications named by reference, so each proposal (and the answer) names its medicine
  const medications = await referencedMedications(client, originals, options.signal);
  // before anything is written: a prescription that names no medicine cannot be proposed
  const medicationIndex = indexResources(medications);
  const named = originals.map((original) => proposalMedication(original, medicationIndex));

  const now = new Date().toISOString();
  const requester = draft.requester?.ref
    ? { reference: draft.requester.ref, display: draft.requester.name || undefined }
    : { reference: `Patient/${patientId}` };
  // the write protocol: an edited submission after a lost answer revises what landed
  const earlier = await earlierSubmission(client, patientId, options);
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
        // named the way the record can resolve it: a contained Medication comes along (./medication.ts)
        ...named[i],
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
  const { body, status } = await client.request<Bundle>('POST', '', {
    body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
    signal: options.signal,
    idempotent: true,
  });
  // what a request an earlier attempt of this key stored must hold: the note, the pharmacy, how it is collected
  const content = (type: string) => (type === 'MedicationRequest' ? ['note', 'dispenseRequest'] : type === 'Task' ? ['input'] : undefined);
  const created = (await transactionHeld(client, entries, body, status, content, options.signal)).filter((r): r is Resource => Boolean(r?.resourceType));
  const index = indexResources([...created, ...originals, pharmacy, ...medications]);
  const tasks = created.filter((r) => r.resourceType === 'Task' && hasKey(r, SUBMISSION_KEYS, options.idempotencyKey));
  if (tasks.length !== draft.items.length) throw new EngageError('server', 'The server did not return every request.');
  return tasks.map((task) => withPrescription(toRefillRequest(task, index), index));
}

/**
 * The pending requests an earlier attempt of this submission (the keys it `replaces`)
 * left, by prescription, with their proposals; empty when there is nothing to settle.
 */
async function earlierSubmission(
  client: FhirClient,
  patientId: string,
  options: WriteOptions,
): Promise<Map<string, { task: Resource; proposal: Resource }>> {
  const found = new Map<string, { task: Resource; proposal: Resource }>();
  const settled = await settleEarlier(client, 'Task', SUBMISSION_KEYS, options, options.signal);
  const tasks = settled.earlier.filter(
    (t) => refOf(t.for) === `Patient/${patientId}` && PENDING_TASK_STATUSES.includes(String(t.status)),
  );
  const proposalIds = tasks.map((t) => refOf(t.focus)?.split('/')[1]).filter((id): id is string => Boolean(id));
  if (!proposalIds.length) return found;
  const { resources } = await client.searchAll('MedicationRequest', { _id: proposalIds.join(','), _count: 100 }, { signal: options.signal });
  for (const task of tasks) {
    const proposal = resources.find((r) => `MedicationRequest/${r.id}` === refOf(task.focus));
    const prescription = refOf(proposal?.priorPrescription)?.split('/')[1];
    if (proposal && prescription && !found.has(prescription)) found.set(prescription, { task, proposal });
  }
  return found;
}
