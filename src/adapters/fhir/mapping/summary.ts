/**
 * FHIR R4 resources → clinical-summary entries and sections. Pure functions with no I/O,
 * shared by the FHIR summary port (live searches) and the IPS mapping
 * (`src/adapters/ips/ips.ts`, which the element loads on demand for a Bundle given as a
 * property). Tolerant: any field may be missing or of the wrong type, nothing throws;
 * what cannot be read is left `undefined` and shows as "unknown".
 */
import type {
  AllergyCriticality,
  AllergyEntry,
  CarePlanEntry,
  ClinicalSummary,
  CodedValue,
  EncounterEntry,
  GoalEntry,
  ImmunizationEntry,
  InterpretationFlag,
  MedicationEntry,
  ObservationEntry,
  ObservationValue,
  ProblemEntry,
  ProcedureEntry,
  QuantityValue,
  ReactionSeverity,
  SummaryEntryMap,
  SummarySection,
  SummarySectionKey,
} from '../../ports.js';
import type { CodeableConcept, Reference, Resource } from '../fhir-types.js';
import { absence, emptyReasonOf, fhirNegation } from '../../negation.js';
import { containedResource, securityOf, statusCode, toCoded, toName, toQuantity } from './common.js';
import { deviceKey, isAdvanceDirective, toAdvanceDirective, toCareTeam, toDevice, toDeviceUse } from './care.js';
import { assignPanels, markReplaced, toDocument, toReportDocument } from './documents.js';

export { absence } from '../../negation.js';
export { isReportDocument, toDocument, toReportDocument } from './documents.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const arr = <T = Json>(value: unknown): T[] =>
  Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined) : [];
const obj = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const coded = (value: unknown): CodedValue => toCoded(obj(value) as CodeableConcept | undefined);
const narrativeOf = (resource: Json): string | undefined => str(obj(resource.text)?.div);

/** Resolves references within a set of resources (a Bundle, or search results with includes). */
export type Resolver = (reference: Reference | undefined) => Resource | undefined;

/** A resolver over resources keyed by `Type/id` and by `fullUrl`. */
export function resolverFor(resources: readonly Resource[], fullUrls: ReadonlyMap<string, Resource> = new Map()): Resolver {
  const byRef = new Map<string, Resource>(fullUrls);
  for (const resource of resources) {
    if (resource?.resourceType && resource.id) byRef.set(`${resource.resourceType}/${resource.id}`, resource);
  }
  return (reference) => {
    const ref = str(obj(reference)?.reference);
    if (!ref) return undefined;
    return byRef.get(ref) ?? byRef.get(ref.split('/').slice(-2).join('/'));
  };
}

/** The display of a reference: its `display`, else the name of what it points to. */
function referenceName(reference: unknown, resolve: Resolver): string | undefined {
  const ref = obj(reference);
  if (!ref) return undefined;
  if (str(ref.display)) return ref.display;
  const target = resolve(ref as Reference);
  if (!target) return undefined;
  if (str(target.name) && typeof target.name === 'string') return target.name;
  const names = arr(target.name);
  if (names.length) {
    const name = toName(names.find((n) => n.use === 'official') ?? names[0]);
    return name.text ?? [...name.prefix, ...name.given, name.family, ...name.suffix].filter(Boolean).join(' ');
  }
  return undefined;
}

const idOf = (resource: Json, fallback: string): string =>
  str(resource.id) ? `${resource.resourceType}/${resource.id}` : fallback;

/** A date-time, a Period's start, or a plain string date: whichever the field holds. */
function dateOf(resource: Json, field: string): string | undefined {
  return (
    str(resource[`${field}DateTime`]) ??
    str(obj(resource[`${field}Period`])?.start) ??
    str(resource[`${field}Instant`]) ??
    str(resource[`${field}Date`]) ??
    str(resource[`${field}String`]) ??
    (typeof resource[field] === 'string' ? str(resource[field]) : undefined)
  );
}

// ---------------------------------------------------------------------------
// One mapper per resource type
// ---------------------------------------------------------------------------

export function toProblem(resource: Json, index = 0): ProblemEntry {
  const verification = statusCode(resource.verificationStatus);
  return {
    id: idOf(resource, `problem-${index}`),
    name: coded(resource.code),
    status: statusCode(resource.clinicalStatus),
    enteredInError: verification === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    onset: dateOf(resource, 'onset'),
    abatement: dateOf(resource, 'abatement'),
    recorded: str(resource.recordedDate),
    narrative: narrativeOf(resource),
  };
}

const CRITICALITIES: readonly AllergyCriticality[] = ['low', 'high', 'unable-to-assess'];
const SEVERITIES: readonly ReactionSeverity[] = ['mild', 'moderate', 'severe'];

export function toAllergy(resource: Json, index = 0): AllergyEntry {
  const verification = statusCode(resource.verificationStatus);
  return {
    id: idOf(resource, `allergy-${index}`),
    substance: coded(resource.code),
    status: statusCode(resource.clinicalStatus),
    enteredInError: verification === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    type: str(resource.type),
    category: arr<string>(resource.category).filter((c) => typeof c === 'string'),
    criticality: CRITICALITIES.find((c) => c === resource.criticality),
    reactions: arr(resource.reaction)
      .filter((reaction) => obj(reaction))
      .map((reaction) => ({
        manifestation: arr(reaction.manifestation).map(coded),
        severity: SEVERITIES.find((s) => s === reaction.severity),
      })),
    onset: dateOf(resource, 'onset'),
    narrative: narrativeOf(resource),
  };
}

function medicationName(resource: Json, resolve: Resolver): CodedValue {
  if (obj(resource.medicationCodeableConcept)) return coded(resource.medicationCodeableConcept);
  const reference = obj(resource.medicationReference);
  // a Medication contained in the request (`#med1`) before one elsewhere in the Bundle
  const medication = containedResource(resource as Resource, reference as Reference | undefined) ?? resolve(reference as Reference | undefined);
  if (medication) return coded(medication.code);
  return { text: str(reference?.display), codings: [] };
}

/** Dose instructions: the text when written, else what can be read from the structure. */
function dosageText(dosages: unknown): string | undefined {
  const texts = arr(dosages).map((dosage) => {
    if (str(dosage.text)) return dosage.text as string;
    const parts: string[] = [];
    const dose = obj(arr(dosage.doseAndRate)[0]?.doseQuantity);
    if (dose && typeof dose.value === 'number') parts.push(`${dose.value} ${str(dose.unit) ?? ''}`.trim());
    const repeat = obj(obj(dosage.timing)?.repeat);
    if (repeat && typeof repeat.frequency === 'number' && typeof repeat.period === 'number' && str(repeat.periodUnit)) {
      parts.push(`${repeat.frequency}×/${repeat.period === 1 ? '' : repeat.period}${repeat.periodUnit}`);
    }
    const timingText = str(obj(obj(dosage.timing)?.code)?.text);
    if (timingText) parts.push(timingText);
    return parts.join(', ');
  });
  return texts.filter(Boolean).join('; ') || undefined;
}

/** Whether any dosage is "as needed" (PRN), with or without a stated reason. */
function asNeeded(dosages: unknown): true | undefined {
  return arr(dosages).some((dosage) => dosage.asNeededBoolean === true || obj(dosage.asNeededCodeableConcept)) || undefined;
}

export function toMedicationRequest(resource: Json, resolve: Resolver, index = 0): MedicationEntry {
  return {
    id: idOf(resource, `medication-${index}`),
    name: medicationName(resource, resolve),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    dosage: dosageText(resource.dosageInstruction),
    asNeeded: asNeeded(resource.dosageInstruction),
    prescriber: referenceName(resource.requester, resolve),
    authoredOn: str(resource.authoredOn),
    narrative: narrativeOf(resource),
  };
}

export function toMedicationStatement(resource: Json, resolve: Resolver, index = 0): MedicationEntry {
  return {
    id: idOf(resource, `medication-${index}`),
    name: medicationName(resource, resolve),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    dosage: dosageText(resource.dosage),
    asNeeded: asNeeded(resource.dosage),
    prescriber: referenceName(resource.informationSource, resolve),
    authoredOn: dateOf(resource, 'effective') ?? str(resource.dateAsserted),
    narrative: narrativeOf(resource),
  };
}

export function toImmunization(resource: Json, index = 0): ImmunizationEntry {
  const protocol = arr(resource.protocolApplied)[0] ?? {};
  const dose = protocol.doseNumberPositiveInt ?? protocol.doseNumberString;
  const series = protocol.seriesDosesPositiveInt ?? protocol.seriesDosesString;
  return {
    id: idOf(resource, `immunization-${index}`),
    vaccine: coded(resource.vaccineCode),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    date: str(resource.occurrenceDateTime) ?? str(resource.occurrenceString) ?? str(resource.recorded),
    doseNumber: dose === undefined || dose === null ? undefined : String(dose),
    seriesDoses: series === undefined || series === null ? undefined : String(series),
    statusReason: obj(resource.statusReason) ? coded(resource.statusReason) : undefined,
    narrative: narrativeOf(resource),
  };
}

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
    effective: dateOf(resource, 'effective') ?? str(resource.issued),
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

/** A report without result Observations (a note, an imaging report) as one result row. */
export function toReportResult(resource: Json, index = 0): ObservationEntry {
  const conclusion = str(resource.conclusion) ?? arr(resource.conclusionCode).map((c) => coded(c).text).find(Boolean);
  return {
    id: idOf(resource, `report-${index}`),
    code: coded(resource.code),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    effective: dateOf(resource, 'effective') ?? str(resource.issued),
    value: conclusion ? { kind: 'text', text: conclusion } : undefined,
    components: [],
    narrative: narrativeOf(resource),
  };
}

export function toProcedure(resource: Json, index = 0): ProcedureEntry {
  return {
    id: idOf(resource, `procedure-${index}`),
    name: coded(resource.code),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    performed: dateOf(resource, 'performed'),
    narrative: narrativeOf(resource),
  };
}

export function toEncounter(resource: Json, resolve: Resolver, index = 0): EncounterEntry {
  const period = obj(resource.period) ?? {};
  const type = arr(resource.type)[0];
  const klass = obj(resource.class);
  return {
    id: idOf(resource, `encounter-${index}`),
    type: coded(type ?? klass),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    start: str(period.start),
    end: str(period.end),
    reasons: arr(resource.reasonCode).map(coded),
    location: referenceName(arr(resource.location)[0]?.location, resolve) ?? referenceName(resource.serviceProvider, resolve),
    practitioner: referenceName(arr(resource.participant)[0]?.individual, resolve),
    narrative: narrativeOf(resource),
  };
}

/** A care plan's activity names: those to do, or (`prohibited`) those marked `doNotPerform`. */
function activityNames(resource: Json, prohibited: boolean): string[] {
  return arr(resource.activity)
    .filter((activity) => (obj(activity.detail)?.doNotPerform === true) === prohibited)
    .map((activity) => {
      const detail = obj(activity.detail);
      const code = detail ? coded(detail.code) : { codings: [] };
      return code.text ?? code.codings.find((c) => c.display)?.display ?? str(detail?.description) ?? '';
    })
    .filter(Boolean);
}

export function toCarePlan(resource: Json, index = 0): CarePlanEntry {
  const categories = arr(resource.category).map(coded);
  // Synthea puts a generic "assess-plan" first and the specific plan after it
  const specific = categories.filter((c) => !c.codings.some((x) => x.code === 'assess-plan')).at(-1) ?? categories[0];
  const title: CodedValue = str(resource.title) ? { text: resource.title, codings: [] } : (specific ?? { codings: [] });
  const period = obj(resource.period) ?? {};
  return {
    id: idOf(resource, `careplan-${index}`),
    title,
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    activities: activityNames(resource, false),
    // an activity the plan prohibits is never listed as one to do
    notToDo: activityNames(resource, true),
    start: str(period.start),
    end: str(period.end),
    narrative: narrativeOf(resource),
  };
}

export function toGoal(resource: Json, index = 0): GoalEntry {
  return {
    id: idOf(resource, `goal-${index}`),
    description: coded(resource.description),
    status: str(resource.lifecycleStatus),
    enteredInError: resource.lifecycleStatus === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    due: str(arr(resource.target)[0]?.dueDate),
    narrative: narrativeOf(resource),
  };
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

/** The name shown for an entry, for absence checks. */
function entryConcept(key: SummarySectionKey, entry: Json): CodedValue {
  switch (key) {
    case 'allergies':
      return entry.substance;
    case 'immunizations':
      return entry.vaccine;
    case 'results':
    case 'vitals':
    case 'socialHistory':
      return entry.code;
    case 'encounters':
      return entry.type;
    case 'carePlan':
      return entry.title;
    case 'goals':
      return entry.description;
    case 'documents':
      return entry.type ?? { codings: [] };
    case 'careTeam':
    case 'devices':
    case 'advanceDirectives':
      return entry.name;
    default:
      return entry.name;
  }
}

/**
 * A section from mapped entries: entries that only record an absence ("no known
 * allergies") make the section `none-known` or `not-recorded` when nothing else is there.
 */
export function sectionOf<K extends SummarySectionKey>(
  key: K,
  entries: SummaryEntryMap[K][],
  extra: { narrative?: string; truncated?: boolean; emptyReason?: 'none' | 'unknown' } = {},
): SummarySection<K> {
  const real: SummaryEntryMap[K][] = [];
  let noneKnown = extra.emptyReason === 'none';
  for (const entry of entries) {
    const kind = absence(entryConcept(key, entry as Json) ?? { codings: [] });
    if (kind === 'none' && !(entry as Json).enteredInError) noneKnown = true;
    else if (kind === undefined) real.push(entry);
  }
  const narrative = extra.narrative;
  if (real.length) {
    // "no known allergies" beside only negated facts ("not allergic to peanuts") still says none known
    const onlyNegated = noneKnown && real.every((entry) => (entry as Json).negation);
    return {
      state: 'entries',
      entries: real,
      ...(narrative ? { narrative } : {}),
      ...(extra.truncated ? { truncated: true } : {}),
      ...(onlyNegated ? { noneKnown: true } : {}),
    };
  }
  if (noneKnown) return { state: 'none-known', ...(narrative ? { narrative } : {}) };
  return { state: 'not-recorded', ...(narrative ? { narrative } : {}) };
}

/** `List.code`s (LOINC section codes and the FHIR example list codes) → section. */
const LIST_CODES: Record<string, SummarySectionKey> = {
  '11450-4': 'problems', '48765-2': 'allergies', '10160-0': 'medications', '11369-6': 'immunizations', '47519-4': 'procedures',
  problems: 'problems', allergies: 'allergies', medications: 'medications',
};

/** Observation category codes → section. Anything else (labs, imaging, surveys) is a result. */
export function observationSection(resource: Json): 'results' | 'vitals' | 'socialHistory' {
  const codes = arr(resource.category).flatMap((c) => coded(c).codings.map((x) => x.code));
  if (codes.includes('vital-signs')) return 'vitals';
  if (codes.includes('social-history')) return 'socialHistory';
  return 'results';
}

/**
 * Maps a patient's resources (of any of the summary types, in any order) into sections.
 * `failed` names sections whose query failed; `truncated` those cut short by a cap.
 * `wanted` limits which sections are built.
 */
export function summaryFromResources(
  resources: readonly Resource[],
  options: {
    source?: ClinicalSummary['source'];
    wanted?: readonly SummarySectionKey[];
    failed?: Partial<Record<SummarySectionKey, { code: string; message: string }>>;
    truncated?: ReadonlySet<SummarySectionKey>;
    generated?: string;
    resolve?: Resolver;
  } = {},
): ClinicalSummary {
  const resolve = options.resolve ?? resolverFor(resources);
  const lists: { [K in SummarySectionKey]: SummaryEntryMap[K][] } = {
    problems: [], allergies: [], medications: [], immunizations: [], results: [], vitals: [],
    socialHistory: [], procedures: [], encounters: [], carePlan: [], goals: [], careTeam: [], devices: [], advanceDirectives: [], documents: [],
  };
  const emptyReasons: Partial<Record<SummarySectionKey, 'none' | 'unknown'>> = {};
  // a Device its DeviceUseStatement points to is shown once, through the statement
  const devices: { key: string; entry: SummaryEntryMap['devices'] }[] = [];
  const usedDevices = new Set<string>();
  const lastFilled = new Map<string, string>();
  const seenObservations = new Set<string>();
  const keys = Object.keys(lists) as SummarySectionKey[];
  resources.forEach((resource, index) => {
    if (!resource || typeof resource !== 'object') return;
    const r = resource as Json;
    // every entry this resource adds carries its security labels (one hook, not one per mapper)
    const labels = securityOf(r);
    if (labels.security) {
      const before = keys.map((key) => lists[key].length);
      const devicesBefore = devices.length;
      mapResource(r, index);
      keys.forEach((key, i) => lists[key].slice(before[i]).forEach((entry) => Object.assign(entry, labels)));
      devices.slice(devicesBefore).forEach((device) => Object.assign(device.entry, labels));
    } else mapResource(r, index);
  });
  function mapResource(r: Json, index: number): void {
    switch (r.resourceType) {
      case 'Condition':
        lists.problems.push(toProblem(r, index));
        break;
      case 'AllergyIntolerance':
        lists.allergies.push(toAllergy(r, index));
        break;
      case 'MedicationRequest':
        lists.medications.push(toMedicationRequest(r, resolve, index));
        break;
      case 'MedicationStatement':
        lists.medications.push(toMedicationStatement(r, resolve, index));
        break;
      case 'MedicationDispense': {
        const when = str(r.whenHandedOver) ?? str(r.whenPrepared);
        for (const prescription of arr(r.authorizingPrescription)) {
          const ref = str(prescription.reference);
          if (ref && when && (!lastFilled.has(ref) || lastFilled.get(ref)! < when)) lastFilled.set(ref, when);
        }
        break;
      }
      case 'Immunization':
        lists.immunizations.push(toImmunization(r, index));
        break;
      case 'Observation': {
        const entry = toObservation(r, index);
        if (seenObservations.has(entry.id)) break;
        seenObservations.add(entry.id);
        lists[observationSection(r)].push(entry);
        break;
      }
      case 'DiagnosticReport': {
        // a report as written (a consult note) is a document, never a result without a value;
        // reports with result Observations are shown through those Observations
        const written = toReportDocument(r, index);
        if (written) lists.documents.push(written);
        else if (arr(r.result).length === 0) lists.results.push(toReportResult(r, index));
        break;
      }
      case 'Procedure':
        lists.procedures.push(toProcedure(r, index));
        break;
      case 'Encounter':
        lists.encounters.push(toEncounter(r, resolve, index));
        break;
      case 'CarePlan':
        lists.carePlan.push(toCarePlan(r, index));
        break;
      case 'Goal':
        lists.goals.push(toGoal(r, index));
        break;
      case 'DocumentReference':
        lists.documents.push(toDocument(r, index));
        break;
      case 'List': {
        // an empty List with a reason ("nil known") says the section is none known or not recorded
        const key = LIST_CODES[coded(r.code).codings.find((c) => c.code && LIST_CODES[c.code])?.code ?? ''];
        const reason = arr(r.entry).length ? undefined : emptyReasonOf(r.emptyReason);
        if (key && reason && emptyReasons[key] !== 'none') emptyReasons[key] = reason;
        break;
      }
      case 'CareTeam':
        lists.careTeam.push(toCareTeam(r, resolve, index));
        break;
      case 'Device':
        // only the patient's own devices: not the software that wrote the document
        if (obj(r.patient)) devices.push({ key: `Device/${r.id}`, entry: toDevice(r, index) });
        break;
      case 'Consent':
        if (isAdvanceDirective(r)) lists.advanceDirectives.push(toAdvanceDirective(r, index));
        break;
      case 'DeviceUseStatement': {
        const used = deviceKey(r.device, resolve);
        if (used) usedDevices.add(used);
        lists.devices.push(toDeviceUse(r, resolve, index));
        break;
      }
    }
  }
  for (const device of devices) if (!usedDevices.has(device.key)) lists.devices.push(device.entry);
  markReplaced(lists.documents, resources, resolve);
  assignPanels(lists.results, resources, resolve);
  for (const medication of lists.medications) {
    const filled = lastFilled.get(medication.id);
    if (filled) medication.lastFilled = filled;
  }
  const sections: ClinicalSummary['sections'] = {};
  for (const key of options.wanted ?? (Object.keys(lists) as SummarySectionKey[])) {
    const failure = options.failed?.[key];
    (sections as Json)[key] = failure
      ? { state: 'error', error: failure }
      : sectionOf(key, lists[key] as never, { truncated: options.truncated?.has(key), emptyReason: emptyReasons[key] });
  }
  return { source: options.source ?? 'live', generated: options.generated, sections };
}
