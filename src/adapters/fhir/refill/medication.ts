/**
 * The medicine a refill proposal names (`./submit.ts`), written so that whoever reads the
 * proposal can resolve it as well as they could resolve the original prescription.
 *
 * A prescription names its medicine by `medicationCodeableConcept`, or by
 * `medicationReference` to a contained Medication (`#med0320`) or to a Medication resource.
 * The proposal keeps the same form rather than flattening it to a CodeableConcept:
 *
 * - a **contained** Medication is copied into the proposal's own `contained` (with any
 *   contained resource it points at in turn), under the same local id. A local reference
 *   names a resource *inside the resource that holds it*, so copying the reference alone
 *   breaks FHIR invariant ref-1 (a validating server rejects the transaction) and leaves
 *   the request nameless. The copy keeps everything the prescription says of the medicine —
 *   form, ingredients and strength, not only its code — so the pharmacy and the reviewer
 *   see the same medicine as on the prescription, and the controlled-substance check reads
 *   the same words;
 * - a **Medication resource** stays a reference to that same resource (resolvable by
 *   `_include=MedicationRequest:medication`, and the same record the prescription names);
 * - either way the reference gets a `display` with the medicine's name when the reader
 *   could resolve it, so a reader that cannot resolve it (no `_include`, a Medication it
 *   may not read) still names the medicine.
 */
import { EngageError, isEngageError } from '../../../core/errors.js';
import type { FhirClient } from '../client.js';
import type { Reference, Resource } from '../fhir-types.js';
import { arrayOf, bundleResources, objectOf, resourceOf, stringOf } from '../guards.js';
import { medicationOf, type ResourceIndex } from '../mapping/refill.js';
import { namedText } from '../../../core/format.js';

/** A Medication resource reference on this server (`Medication/<id>`), not a local or an absolute one. */
const SERVER_MEDICATION = /^Medication\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The Medication resources the originals name by reference, read in one search so the
 * proposals and the answer can name them. Only a name is at stake: a Medication the user
 * may not read, or a failed read, leaves the reference as the prescription wrote it.
 */
export async function referencedMedications(
  client: FhirClient,
  originals: readonly Resource[],
  signal: AbortSignal | undefined,
): Promise<Resource[]> {
  const ids = new Set<string>();
  for (const original of originals) {
    if (objectOf(original.medicationCodeableConcept)) continue;
    const id = SERVER_MEDICATION.exec(stringOf(objectOf<Reference>(original.medicationReference)?.reference) ?? '')?.[1];
    if (id) ids.add(id);
  }
  if (!ids.size) return [];
  try {
    const bundle = await client.search('Medication', { _id: [...ids].join(','), _count: ids.size }, { signal });
    return bundleResources(bundle, 'Medication');
  } catch (error) {
    if (isEngageError(error) && error.code !== 'aborted') return [];
    throw error;
  }
}

/** Every local reference (`#id`) in a JSON value. */
function localIds(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) localIds(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'reference' && typeof item === 'string' && item.length > 1 && item.startsWith('#')) found.add(item.slice(1));
      else localIds(item, found);
    }
  }
  return found;
}

/** The contained resource `#id` names in `container`, and the contained ones it names in turn. */
function containedFrom(container: Resource, id: string): Resource[] {
  const contained = arrayOf<Resource>(container.contained).filter((r) => resourceOf(r) && stringOf(r.id));
  const picked = new Map<string, Resource>();
  const visit = (next: string) => {
    const found = picked.has(next) ? undefined : contained.find((r) => r.id === next);
    if (!found) return;
    picked.set(next, found);
    for (const inner of localIds(found)) visit(inner);
  };
  visit(id);
  return [...picked.values()];
}

/**
 * The fields naming the medicine of a proposal for `original`: `medicationCodeableConcept`,
 * or `medicationReference` (with a `display`) and, for a contained Medication, `contained`.
 * Throws `invalid` when the prescription names no medicine at all (a proposal must).
 */
export function proposalMedication(original: Resource, index: ResourceIndex): Record<string, unknown> {
  if (objectOf(original.medicationCodeableConcept)) return { medicationCodeableConcept: original.medicationCodeableConcept };
  const reference = objectOf<Reference>(original.medicationReference);
  const medication = medicationOf(original, index);
  const name = namedText(medication);
  const named = (ref: Reference) => (name && !stringOf(ref.display) ? { ...ref, display: name } : ref);
  const target = stringOf(reference?.reference);
  if (reference && target?.startsWith('#')) {
    const contained = containedFrom(original, target.slice(1));
    if (contained.length) return { contained, medicationReference: named(reference) };
    // the prescription's own local reference resolves to nothing: keep what still names it
    const rest: Reference = { ...reference };
    delete rest.reference;
    if (stringOf(rest.display) || name || objectOf(rest.identifier)) return { medicationReference: named(rest) };
  } else if (reference && (target || stringOf(reference.display) || objectOf(reference.identifier))) {
    return { medicationReference: named(reference) };
  }
  throw new EngageError('invalid', 'A prescription in the request does not name its medicine.');
}
