/**
 * The submission of the FHIR refill port (`../refill-port.ts`): a refill or renewal request
 * written as proposals and their Tasks in one transaction, under the write protocol
 * (docs/write-protocol.md): conditional creates keyed by the idempotency key, and an
 * edited retry revising in place what an earlier attempt landed — unless a clinician decided
 * it since (./decided.ts). Apart from the port, whose own body is the reads.
 */
import { EngageError, isEngageError } from '../../../core/errors.js';
import type { RecordRef, RefillRequest, RefillRequestDraft, WriteOptions } from '../../ports.js';
import { randomUUID } from '../../../core/compat.js';
import type { FhirClient } from '../client.js';
import { hasKey, settleEarlier, versionedPut, type KeyIdentity } from '../write-protocol.js';
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
import { SUPERSEDED, isDecided, isDecidedRefusal, keptDecisions, storedOrRefused, type RequestRecords } from './decided.js';

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

/**
 * `FhirRefillPort.submitRequest`: the proposals and their Tasks, in one transaction. When it
 * revised earlier records with `If-Match` and was refused as `conflict` (what it revised
 * changed after it was read), it is tried once more from fresh reads, which find either the
 * write already applied (a request the client retried after losing its answer) or a decision
 * (./decided.ts: then refused, nothing changed). A server's `409` to plain creates stands.
 */
export async function submitRefillRequest(
  client: FhirClient,
  patient: RecordRef,
  draft: RefillRequestDraft,
  options: WriteOptions,
): Promise<RefillRequest[]> {
  const attempt = { versioned: false };
  try {
    return await submitOnce(client, patient, draft, options, attempt);
  } catch (error) {
    if (!attempt.versioned || !isEngageError(error) || error.code !== 'conflict' || isDecidedRefusal(error)) throw error;
    return submitOnce(client, patient, draft, options, attempt);
  }
}

async function submitOnce(
  client: FhirClient,
  patient: RecordRef,
  draft: RefillRequestDraft,
  options: WriteOptions,
  attempt: { versioned: boolean },
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
    // a draft, a plan, a pharmacy's filler-order, a stopped order or an order NOT to give it is never asked for, whoever calls
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
  // this attempt's request for each medication, as it would be created
  const sent = new Map<string, RequestRecords & { proposalUrl: string; ifNoneExist: string }>();
  draft.items.forEach((item, i) => {
    const original = originals[i]!;
    const clientId = `urn:uuid:${derivedUuid(`${options.idempotencyKey}|${item.prescriptionId}`)}`;
    const identifier = [
      { system: URI_SYSTEM, value: clientId },
      { system: SUBMISSION_SYSTEM, value: options.idempotencyKey },
    ];
    // the bundle-local id must not appear in any other string (the server rewrites it everywhere)
    const proposalUrl = `urn:uuid:${randomUUID()}`;
    const dispenseRequest = (original.dispenseRequest ?? {}) as Record<string, unknown>;
    const proposal: Resource = {
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
    };
    const task: Resource = {
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
    };
    const ifNoneExist = `identifier=${encodeURIComponent(`${URI_SYSTEM}|${clientId}`)}`;
    sent.set(item.prescriptionId, { proposal, task, proposalUrl, ifNoneExist });
  });
  // a request decided since an earlier attempt stored it is never changed (./decided.ts):
  // kept as this attempt's answer when it holds this content, otherwise nothing is written
  const kept = keptDecisions(earlier.decided, sent);
  const entries: BundleEntry[] = [];
  /** The entry indexes of each request's proposal and Task. */
  const requests: [number, number][] = [];
  for (const item of draft.items) {
    if (kept.has(item.prescriptionId)) continue;
    const { proposal, task, proposalUrl, ifNoneExist } = sent.get(item.prescriptionId)!;
    const before = earlier.pending.get(item.prescriptionId);
    requests.push([entries.length, entries.length + 1]);
    entries.push(
      ...(before
        ? // revise the earlier proposal and Task in place (PUT), instead of creating beside them
          [
            revision(before.proposal, proposal),
            revision(before.task, { ...task, focus: { reference: `MedicationRequest/${before.proposal.id}` } }),
          ]
        : [
            { fullUrl: proposalUrl, resource: proposal, request: { method: 'POST', url: 'MedicationRequest', ifNoneExist } },
            { fullUrl: `urn:uuid:${randomUUID()}`, resource: task, request: { method: 'POST', url: 'Task', ifNoneExist } },
          ]),
    );
  }
  // what landed earlier for a prescription the user no longer asks for is withdrawn, as
  // replaced by the patient's own later content (not a decision: ./decided.ts)
  for (const [prescriptionId, before] of earlier.pending) {
    if (sent.has(prescriptionId)) continue;
    entries.push(
      versionedPut({ ...before.task, status: 'cancelled', businessStatus: SUPERSEDED, lastModified: now }, before.task),
      versionedPut({ ...before.proposal, status: 'cancelled' }, before.proposal),
    );
  }
  // one transaction: the proposals and their Tasks land together or not at all;
  // every entry is a conditional create or a versioned update, so repeating it is harmless
  let created: Resource[] = [];
  if (entries.length) {
    attempt.versioned = entries.some((entry) => entry.request?.method === 'PUT');
    const answer = await client.request<Bundle>('POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      signal: options.signal,
      idempotent: true,
    });
    // what an earlier attempt of this very key stored must hold this content, unless decided since (./decided.ts)
    attempt.versioned = true; // a repair of what an earlier attempt stored is versioned too
    const stored = await storedOrRefused(client, entries, answer, requests, options.signal);
    created = stored.filter((r): r is Resource => Boolean(r?.resourceType));
  }
  const keptRecords = [...kept.values()].flatMap((r) => [r.task, r.proposal]);
  const index = indexResources([...created, ...keptRecords, ...originals, pharmacy, ...medications]);
  const tasks = [
    ...created.filter((r) => r.resourceType === 'Task' && hasKey(r, SUBMISSION_KEYS, options.idempotencyKey)),
    ...[...kept.values()].map((r) => r.task),
  ];
  if (tasks.length !== draft.items.length) throw new EngageError('server', 'The server did not return every request.');
  return tasks.map((task) => withPrescription(toRefillRequest(task, index), index));
}

/**
 * What the earlier attempts of this submission (the keys it `replaces`) stored for this
 * patient: the requests still waiting for a decision, by prescription, and those decided
 * since ({@link isDecided}); both empty when there is nothing to settle.
 */
async function earlierSubmission(
  client: FhirClient,
  patientId: string,
  options: WriteOptions,
): Promise<{ pending: Map<string, RequestRecords>; decided: RequestRecords[] }> {
  const pending = new Map<string, RequestRecords>();
  const decided: RequestRecords[] = [];
  const settled = await settleEarlier(client, 'Task', SUBMISSION_KEYS, options, options.signal);
  const tasks = settled.earlier.filter(
    (t) => refOf(t.for) === `Patient/${patientId}` && (PENDING_TASK_STATUSES.includes(String(t.status)) || isDecided(t)),
  );
  const proposalIds = tasks.map((t) => refOf(t.focus)?.split('/')[1]).filter((id): id is string => Boolean(id));
  if (!proposalIds.length) return { pending, decided };
  const { resources } = await client.searchAll('MedicationRequest', { _id: proposalIds.join(','), _count: 100 }, { signal: options.signal });
  for (const task of tasks) {
    const proposal = resources.find((r) => `MedicationRequest/${r.id}` === refOf(task.focus));
    const prescription = refOf(proposal?.priorPrescription)?.split('/')[1];
    if (!proposal || !prescription) continue;
    if (isDecided(task)) decided.push({ task, proposal });
    else if (!pending.has(prescription)) pending.set(prescription, { task, proposal });
  }
  return { pending, decided };
}
