/**
 * The decisions of the FHIR refill port (`../refill-port.ts`): a patient cancelling a
 * pending request and a clinician reviewing one (approve, deny, needs an appointment),
 * each moving the request's Task to a final status under the write protocol
 * (docs/write-protocol.md), then closing its proposal. Apart from the port, whose own
 * body is the reads.
 */
import { EngageError, isEngageError } from '../../../core/errors.js';
import type { RefillDecision, RefillRequest, RefillRequestStatus, WriteOptions } from '../../ports.js';
import type { FhirClient } from '../client.js';
import { hasKey, keyIdentifierFor, type KeyIdentity } from '../write-protocol.js';
import type { Resource } from '../fhir-types.js';
import { PENDING_TASK_STATUSES, REFILL_CODES, indexResources, refOf, toRefillRequest } from '../mapping/refill.js';
import { bundleResources, resourceOf } from '../guards.js';

/**
 * The keys a decision (review or cancel) was written under, kept as Task identifiers, so a
 * changed decision naming them in `replaces` can tell its own unanswered decision (which
 * it revises) from someone else's (a conflict).
 */
const DECISION_KEYS: KeyIdentity = { system: 'https://ehr-engage.dev/fhir/NamingSystem/refill-decision' };

/** `FhirRefillPort.cancelRequest`: the patient withdraws a pending request. */
export async function cancelRefillRequest(client: FhirClient, requestId: string, options: WriteOptions): Promise<RefillRequest> {
  return decideRequest(client, requestId, options, (task) => {
    task.status = 'cancelled';
  }, 'cancelled');
}

/** `FhirRefillPort.reviewRequest`: a clinician's decision on a pending request. */
export async function reviewRefillRequest(
  client: FhirClient,
  requestId: string,
  decision: RefillDecision,
  options: WriteOptions,
): Promise<RefillRequest> {
  const target: RefillRequestStatus =
    decision.action === 'approve' ? 'approved' : decision.action === 'deny' ? 'denied' : 'needs-appointment';
  return decideRequest(
    client,
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
async function closeProposal(
  client: FhirClient,
  proposal: Resource | undefined,
  target: RefillRequestStatus,
  options: WriteOptions,
): Promise<void> {
  if (!proposal?.id || proposal.resourceType !== 'MedicationRequest') return;
  const status = target === 'approved' ? 'completed' : 'cancelled';
  if (proposal.status === status) return;
  try {
    await client.update({ ...proposal, status }, { ifMatch: proposal.meta?.versionId, signal: options.signal });
  } catch (error) {
    if (!isEngageError(error) || error.code === 'aborted') throw error;
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
async function decideRequest(
  client: FhirClient,
  requestId: string,
  options: WriteOptions,
  change: (task: Resource) => void,
  target: RefillRequestStatus,
): Promise<RefillRequest> {
  const load = async () => {
    const bundle = await client.search(
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
    await closeProposal(client, index.get(refOf(task.focus) ?? ''), target, options);
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
    const { body } = await client.update(updated, { ifMatch: task.meta?.versionId, signal: options.signal });
    index.set(`Task/${body.id}`, body);
    await closeProposal(client, index.get(refOf(task.focus) ?? ''), target, options);
    return toRefillRequest(body, index);
  } catch (error) {
    // a retried update whose first attempt did land answers 412: read what is there now
    if (!(isEngageError(error) && error.code === 'conflict')) throw error;
    const again = await load();
    const now = toRefillRequest(again.task, again.index);
    if (now.status === target) return now;
    throw error;
  }
}
