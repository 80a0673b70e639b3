/**
 * Health-tracker readings and goals over FHIR R4, and why this way:
 *
 * - **A reading is an `Observation`** in the vital-signs profiles' shape: `status`
 *   `final`, `category` from the reading type (`vital-signs`, `activity` or `survey`, in
 *   `http://terminology.hl7.org/CodeSystem/observation-category`), `code` LOINC, `subject`
 *   the patient, `effectiveDateTime` (a date when only the day is known), and the value
 *   as a UCUM `valueQuantity` — or, for blood pressure, the 85354-9 panel with the
 *   8480-6 / 8462-4 `component`s and no value of its own.
 * - **Patient-reported** is carried twice, so any reader sees it: `performer` is the
 *   person who recorded it (the patient, or the caregiver's `RelatedPerson`), which is how
 *   US Core tells patient-entered data apart, and `meta.tag`
 *   `https://ehr-engage.dev/fhir/tag|patient-reported` lets a clinic search for it. R4 has
 *   no dedicated element for it. On read, either marker makes a reading patient-reported;
 *   anything else is clinic-measured.
 * - **Meal context** (glucose) is an extension,
 *   `https://ehr-engage.dev/fhir/StructureDefinition/meal-context`, whose
 *   `valueCodeableConcept` carries our code (`fasting`, `before-meal`, `after-meal`) and,
 *   where one exists, the HL7 v3 TimingEvent code (`AC` before a meal, `PC` after). LOINC's
 *   fasting-specific glucose codes are for laboratory specimens, so the code stays 2339-0.
 * - **The idempotency key** is an `identifier` (`https://ehr-engage.dev/fhir/reading-key`),
 *   so a retry is a conditional create (`If-None-Exist`).
 * - **A goal is a `Goal`**: `description.text`, `lifecycleStatus`, and each `target` with
 *   `measure` (LOINC) and `detailQuantity` or `detailRange` (low / high).
 */
import {
  DEFAULT_READING_TYPES,
  type GoalTarget,
  type HealthGoal,
  type MealContext,
  type QuantityValue,
  type Reading,
  type ReadingType,
  type ReadingValue,
} from '../../ports.js';
import type { Resource } from '../fhir-types.js';
import { arrayOf, codeableConceptOf, dateOf, extensionOf, numberOf, objectOf, refOf, stringOf } from '../guards.js';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const TAG_SYSTEM = 'https://ehr-engage.dev/fhir/tag';
export const PATIENT_REPORTED_TAG = 'patient-reported';
export const MEAL_CONTEXT_URL = 'https://ehr-engage.dev/fhir/StructureDefinition/meal-context';
export const MEAL_CONTEXT_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/meal-context';
export const TIMING_EVENT = 'http://terminology.hl7.org/CodeSystem/v3-TimingEvent';
export const READING_KEY_SYSTEM = 'https://ehr-engage.dev/fhir/reading-key';

const MEAL_CONTEXTS: readonly MealContext[] = ['fasting', 'before-meal', 'after-meal'];
const TIMING_CODE: Partial<Record<MealContext, string>> = { 'before-meal': 'AC', 'after-meal': 'PC' };

function quantityToFhir(q: QuantityValue): Record<string, unknown> {
  return { value: q.value, unit: q.unit ?? q.code, system: UCUM, code: q.code };
}

function quantityFromFhir(value: unknown): QuantityValue | undefined {
  const q = objectOf(value);
  if (!q) return undefined;
  const amount = numberOf(q.value);
  const code = stringOf(q.code);
  const unit = stringOf(q.unit);
  if (amount === undefined && code === undefined && unit === undefined) return undefined;
  const comparator = ['<', '<=', '>=', '>'].find((c) => c === q.comparator) as QuantityValue['comparator'];
  return { value: amount, unit: unit ?? code, code: code ?? unit, system: stringOf(q.system), ...(comparator ? { comparator } : {}) };
}

/** The Observation a patient-reported reading is saved as (no id). */
export function readingToObservation(reading: Reading, type: ReadingType | undefined, idempotencyKey: string): Resource {
  const panel = (type?.parts?.length ?? 0) > 0;
  const observation: Resource = {
    resourceType: 'Observation',
    meta: { tag: [{ system: TAG_SYSTEM, code: PATIENT_REPORTED_TAG, display: 'Patient-reported' }] },
    identifier: [{ system: READING_KEY_SYSTEM, value: idempotencyKey }],
    status: 'final',
    category: [{ coding: [{ system: CATEGORY_SYSTEM, code: type?.category ?? 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: reading.code.code, display: reading.code.display }], text: reading.code.display },
    subject: { reference: reading.patient },
    effectiveDateTime: reading.effective,
  };
  if (reading.performer) observation.performer = [{ reference: reading.performer }];
  if (panel) {
    observation.component = reading.values.map((part) => ({
      code: { coding: [{ system: LOINC, code: part.code }] },
      valueQuantity: quantityToFhir(part.quantity),
    }));
  } else if (reading.values[0]) {
    observation.valueQuantity = quantityToFhir(reading.values[0].quantity);
  }
  if (reading.mealContext) {
    const timing = TIMING_CODE[reading.mealContext];
    observation.extension = [
      {
        url: MEAL_CONTEXT_URL,
        valueCodeableConcept: {
          coding: [{ system: MEAL_CONTEXT_SYSTEM, code: reading.mealContext }, ...(timing ? [{ system: TIMING_EVENT, code: timing }] : [])],
        },
      },
    ];
  }
  if (reading.note) observation.note = [{ text: reading.note }];
  return observation;
}

/** The reading type an Observation's LOINC code belongs to (the type's own code or one of its `alsoCodes`). */
export function typeOfCode(codes: readonly string[], types: readonly ReadingType[] = DEFAULT_READING_TYPES): ReadingType | undefined {
  return types.find((t) => codes.includes(t.code) || (t.alsoCodes ?? []).some((c) => codes.includes(c)));
}

function loincCodes(concept: unknown): string[] {
  return arrayOf(codeableConceptOf(concept)?.coding)
    .filter((c) => !c.system || c.system === LOINC)
    .map((c) => stringOf(c.code))
    .filter((c): c is string => !!c);
}

/** A reading from an Observation; `undefined` when it is none of `types` or has no value. */
export function observationToReading(observation: Resource, types: readonly ReadingType[] = DEFAULT_READING_TYPES): Reading | undefined {
  const status = stringOf(observation.status);
  if (status === 'entered-in-error' || status === 'cancelled') return undefined;
  const codes = loincCodes(observation.code);
  const type = typeOfCode(codes, types);
  if (!type) return undefined;
  const code = codes.find((c) => c === type.code || type.alsoCodes?.includes(c)) ?? type.code;
  const values: ReadingValue[] = [];
  if (type.parts?.length) {
    for (const part of type.parts) {
      const component = arrayOf(observation.component).find((c) => loincCodes(c.code).includes(part.code));
      const quantity = quantityFromFhir(component?.valueQuantity);
      if (quantity?.value !== undefined) values.push({ code: part.code, quantity });
    }
    if (values.length !== type.parts.length) return undefined;
  } else {
    const quantity = quantityFromFhir(observation.valueQuantity);
    if (quantity?.value === undefined) return undefined;
    values.push({ code, quantity });
  }
  // a reading is charted at when it was taken; one known only by when it was released
  // (`issued`) has no place on the time axis, so it is left out rather than misplaced
  const effective = dateOf(observation.effectiveDateTime) ?? dateOf(objectOf(observation.effectivePeriod)?.start);
  if (!effective) return undefined;
  const performer = arrayOf(observation.performer).map(refOf).find((r): r is string => !!r);
  const tagged = arrayOf(objectOf(observation.meta)?.tag).some((t) => t.system === TAG_SYSTEM && t.code === PATIENT_REPORTED_TAG);
  const byPatient = !!performer && /^(Patient|RelatedPerson)\//.test(performer);
  const meal = arrayOf(codeableConceptOf(extensionOf(observation, MEAL_CONTEXT_URL)?.valueCodeableConcept)?.coding)
    .filter((c) => c.system === MEAL_CONTEXT_SYSTEM)
    .map((c) => stringOf(c.code))
    .find((c): c is MealContext => MEAL_CONTEXTS.includes(c as MealContext));
  const note = arrayOf(observation.note).map((n) => stringOf(n.text)).find((t) => !!t);
  return {
    id: stringOf(observation.id),
    typeId: type.id,
    code: { system: LOINC, code, display: codeableConceptOf(observation.code)?.text },
    patient: refOf(observation.subject) ?? '',
    effective,
    values,
    ...(meal ? { mealContext: meal } : {}),
    source: tagged || byPatient ? 'patient' : 'clinic',
    ...(performer ? { performer } : {}),
    ...(note ? { note } : {}),
  };
}

/** A goal from a `Goal`; targets without a LOINC measure are left out. */
export function goalFromFhir(goal: Resource): HealthGoal | undefined {
  const status = stringOf(goal.lifecycleStatus) ?? 'active';
  if (status === 'cancelled' || status === 'entered-in-error' || status === 'rejected') return undefined;
  const targets: GoalTarget[] = [];
  for (const target of arrayOf(goal.target)) {
    const code = loincCodes(target.measure)[0];
    if (!code) continue;
    const range = objectOf(target.detailRange);
    const quantity = quantityFromFhir(target.detailQuantity);
    const low = quantityFromFhir(range?.low);
    let high = quantityFromFhir(range?.high);
    // a single quantity with a comparator: "< 130" is an upper bound, "> 150" a lower one
    let lowFromQuantity: QuantityValue | undefined;
    if (quantity && !range) {
      if (quantity.comparator === '>' || quantity.comparator === '>=') lowFromQuantity = quantity;
      else high = quantity;
    }
    const due = dateOf(target.dueDate);
    targets.push({ code, ...(low ?? lowFromQuantity ? { low: low ?? lowFromQuantity } : {}), ...(high ? { high } : {}), ...(due ? { due } : {}) });
  }
  return {
    id: stringOf(goal.id) ?? '',
    description: stringOf(objectOf(goal.description)?.text) ?? codeableConceptOf(goal.description)?.coding?.[0]?.display ?? '',
    status,
    targets,
  };
}
