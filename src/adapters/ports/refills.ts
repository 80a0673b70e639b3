/** The refill port: prescriptions, pharmacies, refill and renewal requests and their review. See `../ports.ts` for the conventions every port follows. */
import type { CodedValue, Coding, DateValue, Page, PageRequest, Participant, QuantityValue, ReadOptions, RecordRef, WriteOptions } from './common.js';

/** A prescription with the facts that decide whether it can be refilled online. */
export interface Prescription {
  /** The prescription's id. */
  id: string;
  /** The medication. */
  medication: CodedValue;
  /** Dose instructions in words. */
  dosage?: string;
  /** Status as recorded (`active`, `completed`, `stopped`, …). */
  status: string;
  /** Who prescribed it. */
  prescriber?: Participant;
  /** When it was written. */
  authoredOn?: DateValue;
  /** Number of refills allowed after the first fill; absent when not stated. */
  refillsAllowed?: number;
  /** Dispenses recorded so far (first fill included), newest first. */
  dispenses: { date: DateValue; quantity?: QuantityValue; daysSupply?: number }[];
  /** The period in which it may be filled. */
  validFrom?: DateValue;
  /** The end of that period. */
  validUntil?: DateValue;
  /** Expected days of supply per fill. */
  daysSupply?: number;
  /** Quantity per fill. */
  quantity?: QuantityValue;
  /**
   * The adapter's view of whether it is a controlled substance; hosts may override. Absent
   * when unknown (the FHIR adapter could not resolve the medicine's name): never read as "not
   * controlled", and such a prescription is not requestable online.
   */
  controlled?: boolean;
  /** An earlier request for it that is still pending, if any. */
  pendingRequest?: string;
  /** An order NOT to give the medicine (`doNotPerform`): never requestable. */
  doNotPerform?: boolean;
  /** Given only in hospital (inpatient category, an infusion): not requestable online. */
  inpatientOnly?: boolean;
  /**
   * Security labels from the record (FHIR `meta.security`: confidentiality such as `R`,
   * sensitivity such as `MH`); the proxy policy (`src/core/proxy-policy.ts`) reads them.
   */
  security?: Coding[];
}

/** A pharmacy. */
export interface Pharmacy {
  /** Reference to the pharmacy. */
  ref: RecordRef;
  /** Display name (untrusted text). */
  name: string;
  /** One-line address. */
  address?: string;
  /** Phone number. */
  phone?: string;
  /** Whether it is the patient's preferred pharmacy. */
  preferred: boolean;
  /** Ways it hands over medications. */
  delivery: ('pickup' | 'mail')[];
}

/** Status of a refill request. */
export type RefillRequestStatus =
  | 'requested'
  | 'in-review'
  | 'approved'
  | 'denied'
  | 'needs-appointment'
  | 'cancelled';

/** A refill or renewal request as stored. */
export interface RefillRequest {
  /** The request's id. */
  id: string;
  /** `refill` goes to the pharmacy; `renewal` goes to the prescriber. */
  kind: 'refill' | 'renewal';
  /** The prescription it asks to refill or renew. */
  prescriptionId: string;
  /** The medication (copied for display). */
  medication: CodedValue;
  /** The patient. */
  patient: RecordRef;
  /** Who asked (patient or caregiver). */
  requester?: Participant;
  /** Where to send it. */
  pharmacy?: Pharmacy;
  /** Pick-up or mail. */
  delivery?: 'pickup' | 'mail';
  /** The requester's note (untrusted text). */
  note?: string;
  /** Current status. */
  status: RefillRequestStatus;
  /** Why it was denied or needs an appointment, in words the patient sees. */
  statusReason?: string;
  /** When it was made. */
  created: DateValue;
  /** When it last changed. */
  updated?: DateValue;
  /** Version tag for optimistic concurrency. */
  version?: string;
  /**
   * The patient's display name, for a clinician's queue that lists many patients
   * (added for the review queue; absent when the backend does not say).
   */
  patientName?: string;
  /**
   * The prescription as it stood when the request was read, so a reviewer sees its last
   * fill and refills used without another lookup (added for the review queue).
   */
  prescription?: Prescription;
  /** The quantity and refills a clinician approved, when they changed them. */
  approved?: { quantity?: number; refills?: number };
  /**
   * Security labels from the record (FHIR `meta.security`: confidentiality such as `R`,
   * sensitivity such as `MH`); the proxy policy (`src/core/proxy-policy.ts`) reads them.
   */
  security?: Coding[];
}

/** What the user submits. */
export interface RefillRequestDraft {
  /** Prescriptions to refill or renew, each with its kind. */
  items: { prescriptionId: string; kind: 'refill' | 'renewal' }[];
  /** The chosen pharmacy. */
  pharmacy: RecordRef;
  /** Pick-up or mail. */
  delivery: 'pickup' | 'mail';
  /** A note for the care team. */
  note?: string;
  /**
   * Who is asking: the patient or a caregiver (`RelatedPerson/…`); default the patient.
   * (Added so a backend can record the caregiver as the requester.)
   */
  requester?: Participant;
}

/** A clinician's decision on a request. */
export type RefillDecision =
  | { action: 'approve'; quantity?: number; refills?: number }
  | { action: 'deny'; reason: string }
  | { action: 'needs-appointment'; reason?: string };

/** Medication refill and renewal requests. */
export interface RefillPort {
  /** The patient's prescriptions with refill facts; active ones first. */
  listPrescriptions(patient: RecordRef, options?: ReadOptions): Promise<Prescription[]>;
  /** Pharmacies to choose from, the patient's preferred pharmacy first. */
  listPharmacies(patient: RecordRef, options?: ReadOptions): Promise<Pharmacy[]>;
  /** Submits one request per item; the idempotency key covers the whole submission. */
  submitRequest(patient: RecordRef, draft: RefillRequestDraft, options: WriteOptions): Promise<RefillRequest[]>;
  /**
   * Requests, newest first: a patient's (when `patient` is given) or the clinic's
   * review queue (clinician role, filtered by `status`).
   */
  listRequests(
    query: PageRequest & { patient?: RecordRef; status?: RefillRequestStatus[] },
    options?: ReadOptions,
  ): Promise<Page<RefillRequest>>;
  /** Cancels a pending request (patient or caregiver). */
  cancelRequest(requestId: string, options: WriteOptions): Promise<RefillRequest>;
  /** Approves, denies or routes a request to an appointment (clinician role). */
  reviewRequest(requestId: string, decision: RefillDecision, options: WriteOptions): Promise<RefillRequest>;
}
