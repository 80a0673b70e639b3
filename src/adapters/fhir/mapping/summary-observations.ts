/**
 * FHIR Observation and DiagnosticReport → result entries: the value of whichever `value[x]`
 * the record holds, its components and reference range, the abnormal flag (recorded, else
 * read from the value against the range), a report without result Observations as one
 * row, and which section (results, vital signs, social history) an Observation belongs to.
 * Apart because the C-CDA mapping shares `interpretationOf` without the rest of the summary.
 */
import type { CodedValue, InterpretationFlag, ObservationEntry, ObservationValue, QuantityValue } from '../../ports.js';
import { fhirNegation } from '../../negation.js';
import { toQuantity } from './common.js';
import type { Reference } from '../fhir-types.js';
import { arr, coded, dateOf, idOf, narrativeOf, obj, str, type Json, type Resolver } from './summary-fields.js';

function valueOf(holder: Json): ObservationValue | undefined {
  if (obj(holder.valueQuantity)) {
    const quantity = toQuantity(holder.valueQuantity);
    if (quantity) return { kind: 'quantity', quantity };
  }
  if (typeof holder.valueInteger === 'number') return { kind: 'quantity', quantity: { value: holder.valueInteger } };
  if (obj(holder.valueCodeableConcept)) return { kind: 'coded', coded: coded(holder.valueCodeableConcept) };
  if (str(holder.valueString)) return { kind: 'text', text: holder.valueString };
  if (typeof holder.valueBoolean === 'boolean') return { kind: 'boolean', value: holder.valueBoolean };
  if (obj(holder.valueRange)) {
    return { kind: 'range', low: toQuantity(holder.valueRange.low), high: toQuantity(holder.valueRange.high) };
  }
  if (obj(holder.valueRatio)) {
    return {
      kind: 'ratio',
      numerator: toQuantity(holder.valueRatio.numerator),
      denominator: toQuantity(holder.valueRatio.denominator),
    };
  }
  if (str(holder.valueDateTime)) return { kind: 'text', text: holder.valueDateTime };
  return undefined;
}

const INTERPRETATION: Record<string, InterpretationFlag> = {
  N: 'normal',
  L: 'low',
  H: 'high',
  LL: 'critical-low',
  HH: 'critical-high',
  LU: 'critical-low',
  HU: 'critical-high',
  A: 'abnormal',
  AA: 'abnormal',
  '<': 'low',
  '>': 'high',
  POS: 'abnormal',
};

/** The flag from the recorded interpretation, else from the value against the range. */
export function interpretationOf(
  codes: CodedValue,
  value: ObservationValue | undefined,
  range: { low?: QuantityValue; high?: QuantityValue } | undefined,
): InterpretationFlag | undefined {
  for (const coding of codes.codings) {
    const flag = coding.code ? INTERPRETATION[coding.code.toUpperCase()] : undefined;
    if (flag) return flag;
  }
  if (value?.kind !== 'quantity' || value.quantity.value === undefined || !range) return undefined;
  const number = value.quantity.value;
  const sameUnit = (bound?: QuantityValue) =>
    bound?.value !== undefined && (!bound.unit || !value.quantity.unit || bound.unit === value.quantity.unit);
  if (range.low && sameUnit(range.low) && number < range.low.value!) return 'low';
  if (range.high && sameUnit(range.high) && number > range.high.value!) return 'high';
  if ((range.low && sameUnit(range.low)) || (range.high && sameUnit(range.high))) return 'normal';
  return undefined;
}

export function toObservation(resource: Json, index = 0): ObservationEntry {
  const value = valueOf(resource);
  const rawRange = obj(arr(resource.referenceRange)[0]);
  const referenceRange = rawRange
    ? { low: toQuantity(rawRange.low), high: toQuantity(rawRange.high), text: str(rawRange.text) }
    : undefined;
  const interpretationCodes = arr(resource.interpretation).map(coded);
  const flatCodes: CodedValue = { codings: interpretationCodes.flatMap((c) => c.codings) };
  const interpretationText = interpretationCodes.map((c) => c.text ?? c.codings.find((x) => x.display)?.display).find(Boolean);
  return {
    id: idOf(resource, `observation-${index}`),
    code: coded(resource.code),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    effective: dateOf(resource, 'effective'),
    issued: str(resource.issued),
    value,
    components: arr(resource.component)
      .filter((component) => obj(component))
      .map((component) => ({ code: coded(component.code), value: valueOf(component) })),
    referenceRange,
    interpretation: interpretationOf(flatCodes, value, referenceRange),
    interpretationText,
    narrative: narrativeOf(resource),
  };
}

/**
 * The results a panel Observation stands for: one with `hasMember` and no value of its own
 * (IPS "Blood typing", a lab's "Hämatologie" → "Blutbild" → its counts). Each member that
 * can be found, nested panels followed down to their values, with the name of the panel
 * that lists it; empty when the Observation is not a panel or none of its members is found.
 */
export function panelMembers(resource: Json, resolve: Resolver, seen = new Set<Json>()): { member: Json; panel: CodedValue }[] {
  if (resource.resourceType !== 'Observation' || valueOf(resource) || arr(resource.component).some((c) => obj(c) && valueOf(c))) return [];
  seen.add(resource);
  const panel = coded(resource.code);
  const out: { member: Json; panel: CodedValue }[] = [];
  for (const ref of arr(resource.hasMember)) {
    const member = resolve(ref as Reference) as Json | undefined;
    if (member?.resourceType !== 'Observation' || seen.has(member)) continue;
    const nested = panelMembers(member, resolve, seen);
    if (nested.length) out.push(...nested);
    else {
      seen.add(member);
      out.push({ member, panel });
    }
  }
  return out;
}

/** A report without result Observations (a note, an imaging report) as one result row. */
export function toReportResult(resource: Json, index = 0): ObservationEntry {
  const conclusion = str(resource.conclusion) ?? arr(resource.conclusionCode).map((c) => coded(c).text).find(Boolean);
  return {
    id: idOf(resource, `report-${index}`),
    code: coded(resource.code),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    effective: dateOf(resource, 'effective'),
    issued: str(resource.issued),
    value: conclusion ? { kind: 'text', text: conclusion } : undefined,
    components: [],
    narrative: narrativeOf(resource),
  };
}

/** Observation category codes → section. Anything else (labs, imaging, surveys) is a result. */
export function observationSection(resource: Json): 'results' | 'vitals' | 'socialHistory' {
  const codes = arr(resource.category).flatMap((c) => coded(c).codings.map((x) => x.code));
  if (codes.includes('vital-signs')) return 'vitals';
  if (codes.includes('social-history')) return 'socialHistory';
  return 'results';
}
