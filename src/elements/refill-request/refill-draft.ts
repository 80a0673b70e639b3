/**
 * The data of <engage-refill-request> and what is computed from it without rendering:
 * loading it, the prescriptions sorted by eligibility, the request draft the patient's
 * choices make, and the loaded data after a send or a cancel. Plain functions of their
 * arguments, so the element keeps only state and wiring and the draft can be read on its
 * own.
 */
import type { Participant, Pharmacy, Prescription, RecordRef, RefillPort, RefillRequest, RefillRequestDraft, Session } from '../../adapters/ports.js';
import { EngageError } from '../../core/errors.js';
import { calendarToday, classify, type Classified, type ControlledRule, type RefillCategory } from './eligibility.js';
import { medicationName, PENDING } from './refill-labels.js';

/** What the element loads for a patient. */
export interface RefillData {
  prescriptions: Prescription[];
  pharmacies: Pharmacy[];
  requests: RefillRequest[];
}

/** Loads `patient`'s prescriptions, pharmacies and latest requests together. */
export async function loadRefillData(port: RefillPort, patient: string, signal: AbortSignal): Promise<RefillData> {
  const [prescriptions, pharmacies, requests] = await Promise.all([
    port.listPrescriptions(patient, { signal }),
    port.listPharmacies(patient, { signal }),
    port.listRequests({ patient, pageSize: 50 }, { signal }),
  ]);
  return { prescriptions, pharmacies, requests: requests.items };
}

/** The host's rules for sorting prescriptions (the element's properties) and the clinic's clock. */
export interface EligibilityRules {
  now: Date;
  controlledRule?: ControlledRule;
  refillWindow: number;
}

/** The patient's choices, as the element holds them. */
export interface Choices {
  selected: ReadonlySet<string>;
  pharmacyRef?: RecordRef;
  delivery: 'pickup' | 'mail';
  note: string;
  /** Who asks on the patient's behalf, if not the patient. */
  requester?: Participant;
}

/** The latest approval date of each prescription's requests. */
function approvalsOf(requests: readonly RefillRequest[]): Record<string, string> {
  const approvals: Record<string, string> = {};
  for (const request of requests) {
    if (request.status !== 'approved') continue;
    const date = request.updated ?? request.created;
    const known = approvals[request.prescriptionId];
    // the latest by the moment, not by its text (offsets differ)
    if (date && (!known || (Date.parse(date) || 0) > (Date.parse(known) || 0))) approvals[request.prescriptionId] = date;
  }
  return approvals;
}

/** The prescriptions sorted into ready to refill, needs renewal and unavailable (eligibility.ts). */
export function classifiedOf(data: RefillData, rules: EligibilityRules): Record<RefillCategory, Classified[]> {
  return classify(
    data.prescriptions,
    {
      today: calendarToday(rules.now),
      isControlled: rules.controlledRule,
      refillWindow: rules.refillWindow,
      approvals: approvalsOf(data.requests),
    },
    (p) => medicationName(p),
  );
}

/** Who asks on the patient's behalf (a caregiver or a clinician), or `undefined` when the patient asks. */
export function requesterOf({ user, role, patient }: Session): Participant | undefined {
  if (!user?.ref || user.ref === patient) return undefined;
  return { ref: user.ref, kind: role === 'caregiver' ? 'related-person' : 'practitioner', name: user.name ?? '' };
}

/** The draft the choices make (what would be sent), or `undefined` when nothing requestable is chosen. */
export function draftOf(data: RefillData | undefined, rules: EligibilityRules, choices: Choices): RefillRequestDraft | undefined {
  if (!data || !choices.selected.size || !choices.pharmacyRef) return undefined;
  const groups = classifiedOf(data, rules);
  const items = [...groups.refill, ...groups.renewal]
    .filter((c) => choices.selected.has(c.prescription.id))
    .map((c) => ({ prescriptionId: c.prescription.id, kind: c.eligibility.category as 'refill' | 'renewal' }));
  if (!items.length) return undefined;
  const { requester } = choices;
  return {
    items,
    pharmacy: choices.pharmacyRef,
    delivery: choices.delivery,
    ...(choices.note.trim() ? { note: choices.note.trim() } : {}),
    ...(requester ? { requester } : {}),
  };
}

/**
 * The data after `requests` were sent: each prescription points at its request while it is
 * pending (an unchanged retry may answer with one the care team already decided), and the
 * requests lead the history.
 */
export function withSent(data: RefillData, requests: readonly RefillRequest[]): RefillData {
  const pending = new Map(requests.filter((r) => PENDING.includes(r.status)).map((r) => [r.prescriptionId, r.id]));
  return {
    ...data,
    prescriptions: data.prescriptions.map((p) => (pending.has(p.id) ? { ...p, pendingRequest: pending.get(p.id) } : p)),
    requests: [...requests, ...data.requests.filter((r) => !requests.some((n) => n.id === r.id))],
  };
}

/** The data after the request `cancelledId` was cancelled, as the server answered (`updated`). */
export function withCancelled(data: RefillData, cancelledId: string, updated: RefillRequest): RefillData {
  return {
    ...data,
    requests: data.requests.map((r) => (r.id === updated.id ? { ...r, ...updated } : r)),
    prescriptions: data.prescriptions.map((p) => (p.pendingRequest === cancelledId ? { ...p, pendingRequest: undefined } : p)),
  };
}

/**
 * The requests a port answered a send with, checked: a port must answer with what it
 * stored, one request per medication, or the send failed.
 */
export function storedRequests(requests: unknown, draft: RefillRequestDraft): RefillRequest[] {
  if (!Array.isArray(requests) || requests.length !== draft.items.length || requests.some((r: RefillRequest | undefined) => !r?.id)) {
    throw new EngageError('server', 'The request was not stored.');
  }
  return requests as RefillRequest[];
}

/**
 * The choices a browser restores into the form control (its saved value, a draft as
 * JSON); what this version cannot read is left out.
 */
export function choicesFromState(state: string): Partial<Choices> {
  try {
    const draft = JSON.parse(state) as Partial<RefillRequestDraft>;
    return {
      selected: new Set((draft.items ?? []).map((item) => item.prescriptionId)),
      ...(draft.pharmacy ? { pharmacyRef: draft.pharmacy } : {}),
      ...(draft.delivery === 'mail' || draft.delivery === 'pickup' ? { delivery: draft.delivery } : {}),
      note: draft.note ?? '',
    };
  } catch {
    // a state this version cannot read is ignored
    return {};
  }
}
