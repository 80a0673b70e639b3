/**
 * FHIR ↔ domain mapping for refill requests.
 *
 * - A prescription is a prescriber's signed authorization, a `MedicationRequest` with intent
 *   `order`, `original-order` or `reflex-order` ({@link isPrescriptionOrder}, over the library's
 *   one rule `isPrescriberAuthorization` in `../../negation.ts`: a plan, proposal, option,
 *   filler or instance order is left out even when a server ignores the `intent` filter, and
 *   so is a `draft` — nobody prescribed it — and one entered in error)
 *   with its `dispenseRequest` (`numberOfRepeatsAllowed` — absent means not stated, not 0 —,
 *   `validityPeriod`, `expectedSupplyDuration`, `quantity`) and the `MedicationDispense`s
 *   whose `authorizingPrescription` points at it. Its medicine is a `medicationCodeableConcept`
 *   or a `medicationReference` to a contained or an included `Medication`; a medicine whose
 *   name cannot be resolved is never taken to be "not controlled".
 * - A refill request is a `MedicationRequest` with `intent=proposal`, `priorPrescription`
 *   = the original, `dispenseRequest.performer` = the pharmacy, `note`, and a client
 *   identifier; it is tracked by a `Task` (`focus` = the proposal, `for` = the patient,
 *   `status` requested → accepted / rejected / completed / cancelled, `statusReason` for
 *   a denial, `businessStatus` telling a denial from "needs an appointment").
 * - A pharmacy is an `Organization`; the preferred one comes from the Patient's
 *   `patient-preferredPharmacy` extension (FHIR Extensions Pack).
 *
 * Tolerant: nothing throws on missing or odd fields.
 */
import type {
  CodedValue,
  Participant,
  Pharmacy,
  Prescription,
  QuantityValue,
  RefillRequest,
  RefillRequestStatus,
} from '../../ports.js';
import type { CodeableConcept, Reference, Resource } from '../fhir-types.js';
import { containedResource, securityOf, toCoded, toName, toQuantity } from './common.js';
import { arrayOf, objectOf, refOf as guardedRefOf, resourceOf, stringOf } from '../guards.js';
import { namedText } from '../../../core/format.js';
import { hasPrescriberIntent, isPrescriberAuthorization } from '../../negation.js';

/** Identifier system of a request's client identifier (`urn:uuid:…`). */
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
/** Identifier system grouping the requests of one submission (value: the idempotency key). */
export const SUBMISSION_SYSTEM = 'https://ehr-engage.dev/fhir/NamingSystem/refill-submission';
/** Code system of the tracking Task's `code` and `input`/`output` types. */
export const REFILL_CODES = 'https://ehr-engage.dev/fhir/CodeSystem/refill-request';
/** The patient's preferred pharmacy (FHIR Extensions Pack). */
export const PREFERRED_PHARMACY_URL = 'http://hl7.org/fhir/StructureDefinition/patient-preferredPharmacy';
/** Which hand-overs a pharmacy offers (`pickup`, `mail`); an extension of this project. */
export const PHARMACY_DELIVERY_URL = 'https://ehr-engage.dev/fhir/StructureDefinition/pharmacy-delivery';
/** The `OUTPHARM` role code that marks an Organization as an outpatient pharmacy. */
export const PHARMACY_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode|OUTPHARM';

/**
 * NCI Thesaurus codes for the US DEA schedules (I–V), as used for DEA schedule in SPL
 * and NCPDP SCRIPT. A coding with one of these on the medication marks it controlled.
 */
const DEA_SCHEDULE_CODES = new Set(['C48672', 'C48675', 'C48676', 'C48677', 'C48679']);

/**
 * Ingredients of commonly prescribed US federally controlled substances (schedules
 * II–V). A safety net for records that carry no schedule coding (most do not): a false
 * positive only routes the request to a phone call, a false negative would offer an
 * online refill that the pharmacy must refuse. Not exhaustive — hosts with a drug
 * database should pass their own rule to the element (`controlledRule`).
 */
const CONTROLLED_INGREDIENTS = [
  'alprazolam', 'amphetamine', 'armodafinil', 'brivaracetam', 'buprenorphine', 'butalbital',
  'butorphanol', 'carisoprodol', 'cenobamate', 'chlordiazepoxide', 'clobazam', 'clonazepam',
  'clorazepate', 'codeine', 'dexmethylphenidate', 'dextroamphetamine', 'diazepam', 'difenoxin',
  'diphenoxylate', 'dronabinol', 'eszopiclone', 'fentanyl', 'hydrocodone', 'hydromorphone',
  'ketamine', 'lacosamide', 'lemborexant', 'levorphanol', 'lisdexamfetamine', 'lorazepam',
  'meperidine', 'methadone', 'methamphetamine', 'methylphenidate', 'midazolam', 'modafinil',
  'morphine', 'nabilone', 'oxandrolone', 'oxazepam', 'oxycodone', 'oxymorphone', 'pentazocine',
  'phenobarbital', 'phentermine', 'pregabalin', 'solriamfetol', 'suvorexant', 'tapentadol',
  'temazepam', 'testosterone', 'tramadol', 'triazolam', 'zaleplon', 'zolpidem',
  // brand names that records often carry without the ingredient
  'adderall', 'ambien', 'ativan', 'concerta', 'dilaudid', 'focalin', 'klonopin', 'lomotil', 'lyrica',
  'norco', 'oxycontin', 'percocet', 'ritalin', 'soma', 'suboxone', 'ultram', 'valium', 'vicodin',
  'vyvanse', 'xanax',
];
const CONTROLLED_PATTERN = new RegExp(`\\b(${CONTROLLED_INGREDIENTS.join('|')})\\b`, 'i');

/** The adapter's default controlled-substance rule over a medication's codings and names. */
export function isControlledMedication(medication: CodedValue): boolean {
  if (medication.codings.some((coding) => coding.code && DEA_SCHEDULE_CODES.has(coding.code))) return true;
  const names = [medication.text, ...medication.codings.map((coding) => coding.display)].filter(Boolean).join(' ');
  return CONTROLLED_PATTERN.test(names);
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** `Type/id` of a reference (absolute URLs allowed); undefined when it has none. */
export function refOf(reference: Reference | undefined): string | undefined {
  return guardedRefOf(reference);
}

/** A Duration (`expectedSupplyDuration`, `daysSupply`) in days. */
export function durationDays(duration: { value?: unknown; unit?: unknown; code?: unknown } | undefined): number | undefined {
  const value = num(objectOf(duration)?.value);
  if (value === undefined) return undefined;
  const unit = (stringOf(duration?.code) ?? stringOf(duration?.unit) ?? 'd').toLowerCase();
  if (/^(d|day|days)$/.test(unit)) return value;
  if (/^(wk|w|week|weeks)$/.test(unit)) return value * 7;
  if (/^(mo|month|months)$/.test(unit)) return value * 30;
  if (/^(a|y|yr|year|years)$/.test(unit)) return value * 365;
  if (/^(h|hr|hour|hours)$/.test(unit)) return value / 24;
  return undefined;
}

/** Index of resources by `Type/id`. */
export type ResourceIndex = Map<string, Resource>;

export function indexResources(resources: readonly Resource[]): ResourceIndex {
  return new Map(
    resources
      .filter((r) => resourceOf(r) && stringOf(r.id))
      .map((r) => [`${r.resourceType}/${r.id}`, r]),
  );
}

/**
 * Whether a MedicationRequest is a prescription to list: a signed order — a prescriber's
 * authorization (intent `order`, `original-order` or `reflex-order`) that is not a `draft`,
 * the library's one rule {@link isPrescriberAuthorization} — not entered in error. A `plan`,
 * `proposal`, `option`, `filler-order` (the pharmacy's copy of an order) or `instance-order`
 * (one dose) is not, whatever a server answered to the `intent` search. Its status (stopped,
 * on-hold, completed …) is shown for what it is; only {@link isRequestablePrescription} may
 * be asked for.
 */
export function isPrescriptionOrder(resource: Resource): boolean {
  return isPrescriberAuthorization(resource) && resource.status !== 'entered-in-error';
}

/**
 * Whether a MedicationRequest is shown beside a request that names it (the review queue): a
 * prescriber's authorization ({@link hasPrescriberIntent}: `order`, `original-order`,
 * `reflex-order`) not entered in error, a `draft` one too — with its status `draft` and no
 * prescriber, so the reviewer sees it was never signed. A plan, a proposal, a filler or
 * instance order is no prescription, and one entered in error is shown nowhere.
 */
export function isOrderOnRecord(resource: Resource): boolean {
  return hasPrescriberIntent(resource) && resource.status !== 'entered-in-error';
}

/**
 * Whether a refill or renewal may be asked for it: a prescription that is `active` and is
 * not an order NOT to give the medicine (`doNotPerform`). The submission refuses anything
 * else, whatever a caller passes (eligibility.ts rules 0 and 1 are the element's side).
 */
export function isRequestablePrescription(resource: Resource): boolean {
  return isPrescriptionOrder(resource) && resource.status === 'active' && resource.doNotPerform !== true;
}

/** The medication of a MedicationRequest/Dispense: its concept, a referenced Medication's code, or the reference's display. */
export function medicationOf(resource: Resource, index: ResourceIndex): CodedValue {
  if (objectOf(resource.medicationCodeableConcept)) return toCoded(resource.medicationCodeableConcept as CodeableConcept);
  const reference = objectOf<Reference>(resource.medicationReference);
  const ref = refOf(reference);
  const medication = ref ? index.get(ref) : undefined;
  const contained = containedResource(resource, reference);
  const code = toCoded((medication ?? contained)?.code as CodeableConcept | undefined);
  return { ...code, text: code.text ?? str(reference?.display) };
}

/** A person or organization reference as a participant, named from an included resource when possible. */
export function participantOf(reference: Reference | undefined, index: ResourceIndex): Participant | undefined {
  const ref = refOf(reference);
  if (!ref && !str(reference?.display)) return undefined;
  const resource = ref ? index.get(ref) : undefined;
  const type = ref?.split('/')[0];
  const kind: Participant['kind'] =
    type === 'Patient' ? 'patient' : type === 'RelatedPerson' ? 'related-person' : type === 'Organization' ? 'organization' : 'practitioner';
  let name = str(reference?.display) ?? '';
  if (resource?.resourceType === 'Organization') name = str(resource.name) ?? name;
  else if (Array.isArray(resource?.name) && resource.name[0]) {
    const parts = toName(resource.name[0]);
    name = parts.text ?? [...parts.prefix, ...parts.given, parts.family].filter(Boolean).join(' ') ?? name;
  }
  return { ref: ref ?? '', kind, name };
}

/** The dosage instructions in words. */
function dosageText(resource: Resource): string | undefined {
  const texts = (Array.isArray(resource.dosageInstruction) ? resource.dosageInstruction : [])
    .map((dosage: { text?: unknown; patientInstruction?: unknown }) => str(dosage?.patientInstruction) ?? str(dosage?.text))
    .filter(Boolean);
  return texts.length ? texts.join('; ').trim() : undefined;
}

/** The dispenses that count as fills: completed (or without status), with a date. */
export function dispensesOf(dispenses: readonly Resource[]): Prescription['dispenses'] {
  return dispenses
    .filter((d) => d.status === undefined || d.status === 'completed')
    .map((d) => ({
      date: str(d.whenHandedOver) ?? str(d.whenPrepared) ?? '',
      quantity: toQuantity(d.quantity),
      daysSupply: durationDays(d.daysSupply),
    }))
    .filter((d) => d.date !== '')
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** SNOMED CT intravenous routes (intravenous, continuous / intermittent infusion). */
const INTRAVENOUS_ROUTES = new Set(['47625008', '255560000', '418114005']);
const INFUSION_WORDS = /\b(infusion|intravenous|iv drip|i\.v\.)\b/i;

/**
 * Whether an order is for use in hospital only, so not something a patient refills: its
 * category or course of therapy is `inpatient`, or it is given by intravenous infusion.
 */
export function isInpatientOnly(request: Resource, medication: CodedValue): boolean {
  const concepts = [...(Array.isArray(request.category) ? request.category : []), request.courseOfTherapyType];
  if (concepts.some((concept) => toCoded(concept as CodeableConcept | undefined).codings.some((c) => c.code === 'inpatient'))) return true;
  for (const dosage of Array.isArray(request.dosageInstruction) ? request.dosageInstruction : []) {
    const route = toCoded(dosage?.route as CodeableConcept | undefined);
    if (route.codings.some((c) => c.code && INTRAVENOUS_ROUTES.has(c.code))) return true;
    const words = [route.text, ...route.codings.map((c) => c.display), str(dosage?.text)].filter(Boolean).join(' ');
    if (INFUSION_WORDS.test(words)) return true;
  }
  return INFUSION_WORDS.test([medication.text, ...medication.codings.map((c) => c.display)].filter(Boolean).join(' '));
}

/** A MedicationRequest order with its dispenses as a prescription. */
export function toPrescription(
  request: Resource,
  dispenses: readonly Resource[],
  index: ResourceIndex,
  pendingRequest?: string,
): Prescription {
  const dispense = objectOf(request.dispenseRequest) ?? {};
  const validity = objectOf<{ start?: unknown; end?: unknown }>(dispense.validityPeriod) ?? {};
  const medication = medicationOf(request, index);
  const repeats = num(dispense.numberOfRepeatsAllowed);
  return {
    id: str(request.id) ?? '',
    medication,
    dosage: dosageText(request),
    status: str(request.status) ?? 'unknown',
    // a draft or a request that is no prescriber's authorization was never prescribed: its requester is no prescriber
    prescriber: isPrescriberAuthorization(request) ? participantOf(request.requester as Reference | undefined, index) : undefined,
    authoredOn: str(request.authoredOn),
    refillsAllowed: repeats === undefined ? undefined : Math.max(0, Math.floor(repeats)),
    dispenses: dispensesOf(dispenses),
    validFrom: str(validity.start),
    validUntil: str(validity.end),
    daysSupply: durationDays(dispense.expectedSupplyDuration as never),
    quantity: toQuantity(dispense.quantity as never),
    // a medicine without a name is not known to be uncontrolled: absent (unknown), never
    // false, unless a schedule coding says it is controlled (eligibility.ts: `unnamed`)
    ...(isControlledMedication(medication) ? { controlled: true } : namedText(medication) ? { controlled: false } : {}),
    pendingRequest,
    // an order NOT to give it is never a prescription to refill
    ...(request.doNotPerform === true ? { doNotPerform: true } : {}),
    ...(isInpatientOnly(request, medication) ? { inpatientOnly: true } : {}),
    ...securityOf(request),
  };
}

/** The one-line address of an Organization. */
function addressText(resource: Resource): string | undefined {
  const address = Array.isArray(resource.address) ? resource.address[0] : undefined;
  if (!address) return undefined;
  if (str(address.text)) return address.text;
  const lines = Array.isArray(address.line) ? address.line.filter(str) : [];
  const cityLine = [str(address.city), [str(address.state), str(address.postalCode)].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [...lines, cityLine].filter(Boolean).join(', ') || undefined;
}

/** An Organization as a pharmacy. */
export function toPharmacy(organization: Resource, preferredRef?: string): Pharmacy {
  const ref = `Organization/${organization.id}`;
  const declared = (Array.isArray(organization.extension) ? organization.extension : [])
    .filter((ext: { url?: string }) => ext?.url === PHARMACY_DELIVERY_URL)
    .map((ext: { valueCode?: string }) => ext.valueCode)
    .filter((code: unknown): code is 'pickup' | 'mail' => code === 'pickup' || code === 'mail');
  const phone = (Array.isArray(organization.telecom) ? organization.telecom : []).find(
    (t: { system?: string }) => t?.system === 'phone',
  );
  return {
    ref,
    name: str(organization.name) ?? ref,
    address: addressText(organization),
    phone: str(phone?.value),
    preferred: ref === preferredRef,
    delivery: declared.length ? [...new Set<'pickup' | 'mail'>(declared)] : ['pickup'],
  };
}

/** The preferred pharmacy reference from a Patient's extension (complex or simple form). */
export function preferredPharmacyOf(patient: Resource | undefined): string | undefined {
  for (const ext of Array.isArray(patient?.extension) ? patient.extension : []) {
    if (ext?.url !== PREFERRED_PHARMACY_URL) continue;
    const direct = refOf(ext.valueReference);
    if (direct) return direct;
    const nested = (Array.isArray(ext.extension) ? ext.extension : []).find(
      (sub: { url?: string; valueReference?: Reference }) => sub?.url === 'pharmacy' && sub.valueReference,
    );
    const ref = refOf(nested?.valueReference);
    if (ref) return ref;
  }
  return undefined;
}

/** Task statuses for each request status (several Task statuses read as "in review"). */
export const TASK_STATUSES: Record<RefillRequestStatus, string[]> = {
  requested: ['requested', 'received'],
  'in-review': ['accepted', 'in-progress', 'ready', 'on-hold'],
  approved: ['completed'],
  denied: ['rejected', 'failed'],
  'needs-appointment': ['rejected'],
  cancelled: ['cancelled', 'entered-in-error'],
};

/** Statuses of a Task that is still waiting for a decision. */
export const PENDING_TASK_STATUSES = [...TASK_STATUSES.requested, ...TASK_STATUSES['in-review'], 'draft'];

function codeIn(concept: CodeableConcept | undefined, system: string): string | undefined {
  return str(arrayOf<{ system?: unknown; code?: unknown }>(objectOf(concept)?.coding).find((coding) => coding.system === system)?.code);
}

/** The request status of a tracking Task. */
export function requestStatusOf(task: Resource): RefillRequestStatus {
  const status = String(task.status ?? '');
  if (status === 'rejected' || status === 'failed') {
    return codeIn(task.businessStatus, REFILL_CODES) === 'needs-appointment' ? 'needs-appointment' : 'denied';
  }
  for (const [key, statuses] of Object.entries(TASK_STATUSES) as [RefillRequestStatus, string[]][]) {
    if (statuses.includes(status)) return key;
  }
  return 'requested';
}

function inputValue(task: Resource, field: 'input' | 'output', code: string): Record<string, unknown> | undefined {
  return (Array.isArray(task[field]) ? task[field] : []).find(
    (item: { type?: CodeableConcept }) => codeIn(item?.type, REFILL_CODES) === code,
  );
}

/** A tracking Task and its proposal (and whatever was included) as a refill request. */
export function toRefillRequest(task: Resource, index: ResourceIndex): RefillRequest {
  const proposal = index.get(refOf(task.focus) ?? '') ?? { resourceType: 'MedicationRequest' };
  const performer = objectOf<Reference>(objectOf(proposal.dispenseRequest)?.performer);
  const pharmacyRef = refOf(performer);
  const pharmacyResource = pharmacyRef ? index.get(pharmacyRef) : undefined;
  const pharmacy: Pharmacy | undefined = pharmacyResource
    ? toPharmacy(pharmacyResource)
    : pharmacyRef
      ? { ref: pharmacyRef, name: str(performer?.display) ?? pharmacyRef, preferred: false, delivery: ['pickup'] }
      : undefined;
  const delivery = inputValue(task, 'input', 'delivery')?.valueCode;
  const kind = codeIn(task.code, REFILL_CODES) === 'renewal' ? 'renewal' : 'refill';
  const patientRef = refOf(task.for) ?? refOf(proposal.subject) ?? '';
  const patientResource = index.get(patientRef);
  const patientName =
    Array.isArray(patientResource?.name) && patientResource.name[0]
      ? (() => {
          const n = toName(patientResource.name[0]);
          return n.text ?? [...n.given, n.family].filter(Boolean).join(' ');
        })()
      : str((task.for as Reference | undefined)?.display);
  const notes = (Array.isArray(proposal.note) ? proposal.note : [])
    .map((note: { text?: unknown }) => str(note?.text))
    .filter(Boolean);
  const quantity = (inputValue(task, 'output', 'approved-quantity')?.valueQuantity as { value?: unknown } | undefined)?.value;
  const refills = inputValue(task, 'output', 'approved-refills')?.valueUnsignedInt;
  const approved =
    num(quantity) !== undefined || num(refills) !== undefined ? { quantity: num(quantity), refills: num(refills) } : undefined;
  return {
    id: str(task.id) ?? '',
    kind,
    prescriptionId: refOf(proposal.priorPrescription)?.split('/')[1] ?? '',
    medication: medicationOf(proposal, index),
    patient: patientRef,
    patientName: patientName || undefined,
    requester: participantOf((task.requester ?? proposal.requester) as Reference | undefined, index),
    pharmacy,
    delivery: delivery === 'mail' || delivery === 'pickup' ? delivery : undefined,
    note: notes.length ? notes.join('\n') : undefined,
    status: requestStatusOf(task),
    statusReason: str(objectOf(task.statusReason)?.text),
    created: str(task.authoredOn) ?? str(proposal.authoredOn) ?? '',
    updated: str(task.lastModified) ?? str(task.meta?.lastUpdated),
    version: str(task.meta?.versionId),
    approved,
    // the request carries its own labels and those of the prescription it proposes to refill
    ...securityOf({ meta: { security: [...arrayOf(objectOf(task.meta)?.security), ...arrayOf(objectOf(proposal.meta)?.security)] } }),
  };
}

/** Quantity value in FHIR form. */
export function toFhirQuantity(quantity: QuantityValue | undefined): Record<string, unknown> | undefined {
  if (!quantity || quantity.value === undefined) return undefined;
  return { value: quantity.value, unit: quantity.unit, system: quantity.system, code: quantity.code };
}
