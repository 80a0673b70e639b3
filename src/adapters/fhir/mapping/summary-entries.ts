/**
 * FHIR Condition, AllergyIntolerance, Immunization, Procedure, Encounter, CarePlan and Goal
 * → summary entries, one mapper per resource type. Medicines (`summary-medications.ts`),
 * results (`summary-observations.ts`), notes (`documents.ts`) and care teams, devices and
 * advance directives (`care.ts`) have modules of their own.
 */
import type {
  AllergyCriticality,
  AllergyEntry,
  CarePlanEntry,
  CodedValue,
  EncounterEntry,
  GoalEntry,
  ImmunizationEntry,
  ProblemEntry,
  ProcedureEntry,
  ReactionSeverity,
} from '../../ports.js';
import { fhirNegation } from '../../negation.js';
import { statusCode, unconfirmedOf } from './common.js';
import { vaccineNamed } from './vaccine-name.js';
import { arr, coded, dateOf, idOf, narrativeOf, obj, referenceName, str, type Json, type Resolver } from './summary-fields.js';

export function toProblem(resource: Json, index = 0): ProblemEntry {
  const verification = statusCode(resource.verificationStatus);
  return {
    id: idOf(resource, `problem-${index}`),
    name: coded(resource.code),
    status: statusCode(resource.clinicalStatus),
    enteredInError: verification === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    // not confirmed is not an ordinary active problem (refuted is a negation, read above)
    unconfirmed: unconfirmedOf(resource.verificationStatus),
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
    unconfirmed: unconfirmedOf(resource.verificationStatus),
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

export function toImmunization(resource: Json, index = 0): ImmunizationEntry {
  const protocol = arr(resource.protocolApplied)[0] ?? {};
  const dose = protocol.doseNumberPositiveInt ?? protocol.doseNumberString;
  const series = protocol.seriesDosesPositiveInt ?? protocol.seriesDosesString;
  return {
    id: idOf(resource, `immunization-${index}`),
    vaccine: vaccineNamed(coded(resource.vaccineCode)),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    // `recorded` is when the record was made, never when the vaccine was given: no occurrence, no date
    date: str(resource.occurrenceDateTime) ?? str(resource.occurrenceString),
    doseNumber: dose === undefined || dose === null ? undefined : String(dose),
    seriesDoses: series === undefined || series === null ? undefined : String(series),
    statusReason: obj(resource.statusReason) ? coded(resource.statusReason) : undefined,
    subpotent: resource.isSubpotent === true ? { reason: arr(resource.subpotentReason).map(coded)[0] } : undefined,
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

/** The category every US Core CarePlan carries, with its code system's display. */
const ASSESS_PLAN = { code: 'assess-plan', display: 'Assessment and Plan of Treatment' };

export function toCarePlan(resource: Json, index = 0): CarePlanEntry {
  const categories = arr(resource.category).map(coded);
  const generic = (c: CodedValue) => c.codings.some((x) => x.code === ASSESS_PLAN.code);
  // Synthea puts the generic category first and the specific plan after it; a plan with only
  // the generic one (US Core's minimum) is named by its display, which records often leave out
  const first = categories[0];
  const specific =
    categories.filter((c) => !generic(c)).at(-1) ??
    (first && { ...first, codings: first.codings.map((x) => (x.code === ASSESS_PLAN.code && !x.display ? { ...x, display: ASSESS_PLAN.display } : x)) });
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
