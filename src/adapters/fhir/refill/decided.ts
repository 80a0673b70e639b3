/**
 * A refill request decided before the patient's retry (docs/refill-requests.md, "A request
 * decided before the retry"). An attempt whose answer never came (or that was refused for a
 * note the server dropped) may have stored a request that a clinician approved, denied or
 * sent to an appointment — or that the patient cancelled elsewhere — before the retry comes.
 * The decision was made on what that request held, so the retry never changes it: not by an
 * edited retry revising it, not by repairing this attempt's content onto it. When the
 * request already holds this attempt's content (an unchanged retry), it is the stored answer,
 * as decided; otherwise the submission is refused with `conflict` and nothing is written, so
 * the patient learns it was decided and keeps what they typed, to send as a new request.
 */
import { EngageError } from '../../../core/errors.js';
import type { FhirClient } from '../client.js';
import type { Bundle, BundleEntry, Resource } from '../fhir-types.js';
import { contentNotHeld, transactionStored, versionedPut, type ContentElements } from '../write-protocol.js';
import { PENDING_TASK_STATUSES, REFILL_CODES, refOf } from '../mapping/refill.js';
import { arrayOf, objectOf } from '../guards.js';

/** One request: its tracking Task and its proposal. */
export interface RequestRecords {
  task: Resource;
  proposal: Resource;
}

/**
 * The `businessStatus` of a request an edited submission withdrew itself (its prescription no
 * longer asked for): cancelled by the patient's own later content, not decided by anyone, so
 * a later attempt of the same submission may ask for that prescription again.
 */
export const SUPERSEDED = {
  coding: [{ system: REFILL_CODES, code: 'superseded', display: 'Replaced by an edited request' }],
  text: 'Replaced by an edited request',
};

/** Whether a request's Task is no longer waiting for a decision, other than withdrawn by its own submission. */
export function isDecided(task: Resource): boolean {
  if (PENDING_TASK_STATUSES.includes(String(task.status))) return false;
  const codings = arrayOf<{ system?: unknown; code?: unknown }>(objectOf(task.businessStatus)?.coding);
  return !codings.some((c) => c.system === REFILL_CODES && c.code === 'superseded');
}

/** What the patient chose and wrote on a request (docs/write-protocol.md §3): the note, the pharmacy, how it is collected. */
const CONTENT: Record<string, ContentElements> = { MedicationRequest: ['note', 'dispenseRequest'], Task: ['input'] };

/** A resource as its content is compared: a note's `time` is when each attempt sent it, not what the patient wrote. */
function compared(resource: Resource): Resource {
  if (!Array.isArray(resource.note)) return resource;
  const note = resource.note.map((item: unknown) => {
    if (!item || typeof item !== 'object') return item;
    const words: Record<string, unknown> = { ...item };
    delete words.time;
    return words;
  });
  return { ...resource, note };
}

/**
 * Whether a stored request holds what this attempt sends for it, and nothing else there: a
 * note the stored request has and this attempt has not (the patient took it out) is a change.
 */
export function holdsSent(sent: RequestRecords, stored: RequestRecords): boolean {
  const held = (type: 'task' | 'proposal') => {
    const content = CONTENT[sent[type].resourceType] ?? [];
    const extra = content.some((name) => sent[type][name] === undefined && stored[type][name] !== undefined);
    return !extra && contentNotHeld(sent[type], stored[type], content, compared).length === 0;
  };
  return held('proposal') && held('task');
}

/** The refusals made here, told apart from a server's `409`/`412` (see {@link isDecidedRefusal}). */
const refusals = new WeakSet<EngageError>();

/** The refusal: the request was decided before this attempt, and nothing was changed. */
export function decidedError(): EngageError {
  const error = new EngageError('conflict', 'This request has already been decided: it was not changed.', { status: 409 });
  refusals.add(error);
  return error;
}

/**
 * Whether `error` is this module's refusal; any other `conflict` of a submission is a
 * versioned write refused because what it revised changed after it was read — a decision, or
 * the same write applied by a retried request whose answer was lost — so the submission
 * reads again and judges what it finds.
 */
export function isDecidedRefusal(error: unknown): boolean {
  return error instanceof EngageError && refusals.has(error);
}

/**
 * For an edited submission, the decided requests its earlier attempts stored that already
 * hold this attempt's content for their prescription (kept as they are, as this attempt's
 * answer), by prescription id. Any other decided request — one that would have to change, or
 * whose prescription is no longer asked for — refuses the whole submission before anything
 * is written.
 */
export function keptDecisions(decided: readonly RequestRecords[], sent: ReadonlyMap<string, RequestRecords>): Map<string, RequestRecords> {
  const kept = new Map<string, RequestRecords>();
  for (const earlier of decided) {
    const prescription = refOf(earlier.proposal.priorPrescription)?.split('/')[1] ?? '';
    const mine = sent.get(prescription);
    if (!mine || kept.has(prescription) || !holdsSent(mine, earlier)) throw decidedError();
    kept.set(prescription, earlier);
  }
  return kept;
}

/** The status of a transaction answer's entry, as a number (`201 Created` → 201). */
function statusOf(answer: BundleEntry | undefined): number {
  return Number.parseInt(String(answer?.response?.status ?? ''), 10);
}

/** `stored` made to hold `sent`'s content elements, written over it with `If-Match`. */
function repairOf(stored: Resource, sent: Resource): BundleEntry {
  const repaired = structuredClone(stored);
  for (const name of CONTENT[sent.resourceType] ?? []) {
    if (sent[name] === undefined) delete repaired[name];
    else repaired[name] = structuredClone(sent[name]);
  }
  return versionedPut(repaired, stored);
}

/**
 * The resources the submission's transaction stored, in the order of `entries`, after the
 * write protocol's check (`transactionStored`) and this rule: a request an earlier attempt of
 * this very key stored (its conditional creates answered `200`) that does not hold this
 * attempt's content is repaired if it still waits for a decision — its proposal and Task in
 * one transaction, each with `If-Match`, so a decision made meanwhile fails the repair
 * (`conflict`) instead of being changed under it — and refused if it was decided.
 * `requests` gives the entry indexes of each request's proposal and Task.
 */
export async function storedOrRefused(
  client: FhirClient,
  entries: BundleEntry[],
  answer: { body: Bundle | undefined; status: number },
  requests: readonly [proposal: number, task: number][],
  signal?: AbortSignal,
): Promise<Resource[]> {
  const stored = transactionStored(entries, answer.body, answer.status);
  const answers: BundleEntry[] = Array.isArray(answer.body?.entry) ? answer.body.entry : [];
  const matched = (index: number) => entries[index]?.request?.method === 'POST' && statusOf(answers[index]) === 200;
  const repairs: BundleEntry[] = [];
  const repairedAt: number[] = [];
  for (const [p, t] of requests) {
    if (!matched(p) && !matched(t)) continue;
    const sent = { proposal: entries[p]!.resource!, task: entries[t]!.resource! };
    const found = { proposal: stored[p]!, task: stored[t]! };
    if (holdsSent(sent, found)) continue;
    if (isDecided(found.task)) throw decidedError();
    repairs.push(repairOf(found.proposal, sent.proposal), repairOf(found.task, sent.task));
    repairedAt.push(p, t);
  }
  if (!repairs.length) return stored;
  // not retried by the client: a lost answer is the patient's to retry, which then finds the content held
  const { body, status } = await client.request<Bundle>('POST', '', {
    body: { resourceType: 'Bundle', type: 'transaction', entry: repairs },
    signal,
  });
  const repaired = transactionStored(repairs, body, status);
  repairedAt.forEach((index, i) => (stored[index] = repaired[i]!));
  return stored;
}
