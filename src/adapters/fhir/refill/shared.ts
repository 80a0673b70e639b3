/**
 * What the reads and the submission of the FHIR refill port (`../refill-port.ts`) both
 * use: attaching a request's original prescription from the resources at hand. Apart so
 * the submission's module can use it without importing the port.
 */
import type { RefillRequest } from '../../ports.js';
import type { Reference } from '../fhir-types.js';
import { namedText } from '../../../core/format.js';
import { isOrderOnRecord, refOf, toPrescription, type ResourceIndex } from '../mapping/refill.js';

/**
 * Attaches the original prescription (with its dispenses) when the index holds it and it is
 * a prescriber's order ({@link isOrderOnRecord}: a draft one says `draft` and names no
 * prescriber); a request another system wrote for a plan, a proposal, a filler or instance
 * order or an order entered in error carries no prescription, so the queue never shows one.
 * A request whose own medicine has no name (a proposal written before proposals carried
 * their Medication) is named from its prescription.
 */
export function withPrescription(request: RefillRequest, index: ResourceIndex): RefillRequest {
  const original = index.get(`MedicationRequest/${request.prescriptionId}`);
  if (!original || !isOrderOnRecord(original)) return request;
  const ref = `MedicationRequest/${original.id}`;
  const dispenses = [...index.values()].filter(
    (r) =>
      r.resourceType === 'MedicationDispense' &&
      (Array.isArray(r.authorizingPrescription) ? r.authorizingPrescription : []).some((a: Reference) => refOf(a) === ref),
  );
  const prescription = toPrescription(original, dispenses, index);
  const medication = namedText(request.medication) ? request.medication : prescription.medication;
  return { ...request, medication, prescription };
}
