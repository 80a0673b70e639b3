/**
 * FHIR MedicationRequest and MedicationStatement → medication entries: the medicine's name
 * (coded, contained or referenced), the dose instructions (as structured and as one line),
 * whether it is taken as needed, and who prescribed, proposed or reported it. Apart because the dosage reading is the
 * one part of the summary mapping that knows the Dosage structure.
 */
import type { CodedValue, DoseInstruction, MedicationEntry } from '../../ports.js';
import type { Reference, Resource } from '../fhir-types.js';
import { fhirNegation, isUnorderedRequest, unorderedIntent } from '../../negation.js';
import { spanOf } from '../../periods.js';
import { containedResource } from './common.js';
import { arr, coded, dateOf, idOf, narrativeOf, obj, referenceName, str, type Json, type Resolver } from './summary-fields.js';

function medicationName(resource: Json, resolve: Resolver): CodedValue {
  if (obj(resource.medicationCodeableConcept)) return coded(resource.medicationCodeableConcept);
  const reference = obj(resource.medicationReference);
  // a Medication contained in the request (`#med1`) before one elsewhere in the Bundle
  const medication = containedResource(resource as Resource, reference as Reference | undefined) ?? resolve(reference as Reference | undefined);
  if (medication) return coded(medication.code);
  return { text: str(reference?.display), codings: [] };
}

/** One Dosage as structured: its text when written, else its dose, timing and timing text. */
function doseInstruction(dosage: Json): DoseInstruction {
  if (str(dosage.text)) return { text: dosage.text as string };
  const instruction: DoseInstruction = {};
  const dose = obj(arr(dosage.doseAndRate)[0]?.doseQuantity);
  if (dose && typeof dose.value === 'number') instruction.dose = `${dose.value} ${str(dose.unit) ?? ''}`.trim();
  const repeat = obj(obj(dosage.timing)?.repeat);
  if (repeat && typeof repeat.period === 'number' && str(repeat.periodUnit)) {
    // no frequency means once per period (its meaningWhenMissing in R4): "10, every 2 weeks", never "10"
    const frequency = typeof repeat.frequency === 'number' ? repeat.frequency : repeat.frequency === undefined ? 1 : undefined;
    if (frequency !== undefined) instruction.timing = { frequency, period: repeat.period, periodUnit: repeat.periodUnit as string };
  }
  const timingText = str(obj(obj(dosage.timing)?.code)?.text);
  if (timingText) instruction.timingText = timingText;
  return instruction;
}

/**
 * Dose instructions as structured (for elements to word in the reader's language) and as
 * one compact line (the text when written, else `10 mg, 1×/2wk`) for hosts that read it.
 */
function dosageOf(dosages: unknown): { dosage?: string; doses?: DoseInstruction[] } {
  const doses = arr(dosages)
    .filter((dosage) => obj(dosage))
    .map(doseInstruction)
    .filter((d) => d.text || d.dose || d.timing || d.timingText);
  const line = doses
    .map(({ text, dose, timing, timingText }) => {
      if (text) return text;
      const every = timing && `${timing.frequency}×/${timing.period === 1 ? '' : timing.period}${timing.periodUnit}`;
      return [dose, every, timingText].filter(Boolean).join(', ');
    })
    .filter(Boolean)
    .join('; ');
  return { dosage: line || undefined, doses: doses.length ? doses : undefined };
}

/** Whether any dosage is "as needed" (PRN), with or without a stated reason. */
function asNeeded(dosages: unknown): true | undefined {
  return arr(dosages).some((dosage) => dosage.asNeededBoolean === true || obj(dosage.asNeededCodeableConcept)) || undefined;
}

/** The fields a request and a statement share; who and when differ, and are read by the caller. */
function medicationEntry(resource: Json, resolve: Resolver, index: number, dosages: unknown): MedicationEntry {
  return {
    id: idOf(resource, `medication-${index}`),
    name: medicationName(resource, resolve),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    ...dosageOf(dosages),
    asNeeded: asNeeded(dosages),
    narrative: narrativeOf(resource),
  };
}

/** People who may ask for a medicine but never prescribe one: the patient and their relatives. */
const NOT_PRESCRIBERS = new Set(['Patient', 'RelatedPerson']);

/** The resource type a reference points to: its `type`, its `Type/id`, or what it resolves to. */
function referencedType(reference: Json | undefined, resolve: Resolver): string | undefined {
  if (!reference) return undefined;
  const literal = str(reference.reference)?.match(/(?:^|\/)([A-Z][A-Za-z]+)\/[^/]+$/)?.[1];
  return str(reference.type) ?? literal ?? str(resolve(reference as Reference)?.resourceType);
}

export function toMedicationRequest(resource: Json, resolve: Resolver, index = 0): MedicationEntry {
  // a taper gives each dose its own bounds: the course runs from the first to the last
  const bounds = arr(resource.dosageInstruction).map((dosage) => {
    const period = obj(obj(obj(dosage.timing)?.repeat)?.boundsPeriod);
    return period && { start: str(period.start), end: str(period.end) };
  });
  const entry = medicationEntry(resource, resolve, index, resource.dosageInstruction);
  const requester = obj(resource.requester);
  if (NOT_PRESCRIBERS.has(referencedType(requester, resolve) ?? '')) {
    // a request the patient (or a relative) made is a medicine they reported taking, as
    // US Core's patient-reported MedicationRequest says: no one in this record prescribed
    // it, so it names who reported it and when (`reportedReference` first), never a prescriber
    const by = referenceName(resource.reportedReference, resolve) ?? referenceName(requester, resolve);
    return { ...entry, course: spanOf(bounds), reported: { by, on: str(resource.authoredOn) } };
  }
  if (isUnorderedRequest(resource)) {
    // a draft, a proposal, a plan or an option was not prescribed: who suggested or planned
    // it, and as what, never a prescriber
    const intent = unorderedIntent(resource);
    const proposed = { by: referenceName(requester, resolve), on: str(resource.authoredOn), ...(intent && { intent }) };
    return { ...entry, course: spanOf(bounds), proposed };
  }
  return { ...entry, prescriber: referenceName(requester, resolve), authoredOn: str(resource.authoredOn), course: spanOf(bounds) };
}

export function toMedicationStatement(resource: Json, resolve: Resolver, index = 0): MedicationEntry {
  // What someone reported the patient takes, not a prescription: its source is not a
  // prescriber, and dateAsserted is when it was reported, apart from when it is taken.
  // A period keeps its end: "taken from May 5 to May 10" is not "taken May 5" (nor ongoing).
  const period = obj(resource.effectivePeriod);
  const [start, end] = [str(period?.start), str(period?.end)];
  return {
    ...medicationEntry(resource, resolve, index, resource.dosage),
    taken: period ? undefined : dateOf(resource, 'effective'),
    takenPeriod: start || end ? { start, end } : undefined,
    reported: { by: referenceName(resource.informationSource, resolve), on: str(resource.dateAsserted) },
  };
}
