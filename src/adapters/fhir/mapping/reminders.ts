/**
 * FHIR R4 → {@link ReminderRecord}: the digest of a chart the care-reminder evaluator reads,
 * and the FHIR shape of the answers to reminders.
 *
 * Answers are stored as FHIR resources so that the clinic's own EHR sees them:
 * - "I had this done elsewhere" → a `Procedure` (status `completed`, `asserter` the patient,
 *   code = the rule in {@link REMINDER_RULE_SYSTEM}, `location.display` = where, tagged
 *   {@link NEEDS_REVIEW_TAG} until a clinician reviews it). It never satisfies a rule by
 *   itself: the reminder reads "done elsewhere, waiting for review".
 * - "Remind me later", "declined", "not applicable", "ordered" → a `Flag` (status `active`,
 *   `code` = the rule + the answer in {@link REMINDER_ANSWER_SYSTEM}, `code.text` = the
 *   reason, `period` = recorded .. until).
 * Every field is read through typed guards: a value of the wrong JSON type is absent.
 */
import type { Coding, RecordEntry, ReminderAction, ReminderActionKind, ReminderRecord } from '../../ports.js';
import { securityOf } from './common.js';
import { arrayOf, codeableConceptOf, dateOf, extensionOf, isObject, numberOf, objectOf, refOf, stringOf, type JsonObject } from '../guards.js';

/** Code system of rule ids (`colorectal-cancer-screening`). */
export const REMINDER_RULE_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/care-reminder-rule';
/** Code system of answers (`snoozed`, `declined`, `not-applicable`, `ordered`, `done-elsewhere`). */
export const REMINDER_ANSWER_SYSTEM = 'https://ehr-engage.dev/fhir/CodeSystem/care-reminder-answer';
/** Tag on a patient-reported record a clinician has not reviewed yet. */
export const NEEDS_REVIEW_TAG = { system: 'https://ehr-engage.dev/fhir/tag', code: 'patient-reported-needs-review' } as const;

const BIRTH_SEX = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex';
/**
 * When a "done elsewhere" answer was given: R5's `Procedure.recorded`, which R4 lacks, as
 * its R4 cross-version extension. Written by the reminder port, read before the date done.
 */
export const PROCEDURE_RECORDED = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Procedure.recorded';
const ANSWERS: readonly ReminderActionKind[] = ['done-elsewhere', 'snoozed', 'declined', 'not-applicable', 'ordered'];

/** The strings of a JSON array (anything else left out). */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => stringOf(v)).filter((v): v is string => v !== undefined) : [];
}

function codingsOf(concept: unknown): Coding[] {
  return (codeableConceptOf(concept)?.coding ?? [])
    .map((c) => ({ system: stringOf(c.system), code: stringOf(c.code), display: stringOf(c.display) }))
    .filter((c) => c.code !== undefined);
}

function textOf(concept: unknown): string | undefined {
  const cc = codeableConceptOf(concept);
  return stringOf(cc?.text) ?? cc?.coding?.map((c) => stringOf(c.display)).find(Boolean);
}

function statusCodeOf(concept: unknown): string | undefined {
  return codingsOf(concept)[0]?.code;
}

function periodStart(value: unknown): string | undefined {
  return isObject(value) ? dateOf(value.start) ?? dateOf(value.end) : undefined;
}

function needsReview(resource: JsonObject): boolean {
  const meta = isObject(resource.meta) ? resource.meta : undefined;
  return arrayOf(meta?.tag).some((t) => t.system === NEEDS_REVIEW_TAG.system && t.code === NEEDS_REVIEW_TAG.code);
}

function ruleIdOf(concept: unknown): string | undefined {
  return codingsOf(concept).find((c) => c.system === REMINDER_RULE_SYSTEM)?.code;
}

function refFor(resource: JsonObject): string | undefined {
  const id = stringOf(resource.id);
  const type = stringOf(resource.resourceType);
  return id && type ? `${type}/${id}` : undefined;
}

/** A stored answer, when the resource is one. */
export function toReminderAction(resource: unknown): ReminderAction | undefined {
  if (!isObject(resource)) return undefined;
  if (resource.resourceType === 'Flag') {
    const ruleId = ruleIdOf(resource.code);
    const kind = codingsOf(resource.code).find((c) => c.system === REMINDER_ANSWER_SYSTEM)?.code as ReminderActionKind | undefined;
    if (!ruleId || !kind || !ANSWERS.includes(kind) || resource.status !== 'active') return undefined;
    const period = isObject(resource.period) ? resource.period : {};
    return {
      ref: refFor(resource),
      kind,
      ruleId,
      recorded: dateOf(period.start) ?? '',
      until: dateOf(period.end),
      reason: stringOf(codeableConceptOf(resource.code)?.text),
      by: refOf(resource.author),
    };
  }
  if (resource.resourceType === 'Procedure' && needsReview(resource)) {
    const ruleId = ruleIdOf(resource.code);
    if (!ruleId || resource.status === 'entered-in-error') return undefined;
    const location = isObject(resource.location) ? stringOf(resource.location.display) : undefined;
    return {
      ref: refFor(resource),
      kind: 'done-elsewhere',
      ruleId,
      // when the patient said so, not when the test was done: the newest answer wins
      recorded: dateOf(resource.recorded) ?? dateOf(extensionOf(resource, PROCEDURE_RECORDED)?.valueDateTime) ?? dateOf(objectOf(resource.meta)?.lastUpdated) ?? dateOf(resource.performedDateTime) ?? '',
      performed: dateOf(resource.performedDateTime) ?? periodStart(resource.performedPeriod),
      where: location,
      by: refOf(resource.asserter),
    };
  }
  return undefined;
}

/** One clinical resource as a record entry; undefined for types reminders never read. */
export function toRecordEntry(resource: unknown): RecordEntry | undefined {
  if (!isObject(resource)) return undefined;
  const type = stringOf(resource.resourceType);
  const ref = refFor(resource);
  const status = stringOf(resource.status);
  const basedOn = arrayOf(resource.basedOn).map((r) => refOf(r)).filter((r): r is string => !!r);
  const common = { ref, status, codings: codingsOf(resource.code), text: textOf(resource.code), ...(basedOn.length ? { basedOn } : {}), ...securityOf(resource) };
  switch (type) {
    case 'Condition': {
      const clinical = statusCodeOf(resource.clinicalStatus);
      const verification = statusCodeOf(resource.verificationStatus);
      const inactive =
        (clinical !== undefined && !['active', 'recurrence', 'relapse'].includes(clinical)) ||
        verification === 'refuted' || verification === 'entered-in-error';
      return { ...common, type, status: verification === 'entered-in-error' ? 'entered-in-error' : status, inactive, date: dateOf(resource.onsetDateTime) ?? periodStart(resource.onsetPeriod) ?? dateOf(resource.recordedDate) };
    }
    case 'Procedure':
      if (needsReview(resource)) return undefined; // an answer, read by toReminderAction
      return { ...common, type, date: dateOf(resource.performedDateTime) ?? periodStart(resource.performedPeriod) };
    // A test known only by when its result was released (`issued`) is dated by that: no
    // earlier than it was done, so a reminder comes at most days late, and a test that was
    // done is never counted as missing (the summary, which shows dates, does not do this).
    case 'Observation': {
      const quantity = isObject(resource.valueQuantity) ? resource.valueQuantity : undefined;
      return {
        ...common,
        type,
        date: dateOf(resource.effectiveDateTime) ?? periodStart(resource.effectivePeriod) ?? dateOf(resource.effectiveInstant) ?? dateOf(resource.issued),
        value: numberOf(quantity?.value),
        valueCodings: codingsOf(resource.valueCodeableConcept),
      };
    }
    case 'DiagnosticReport':
      return { ...common, type, date: dateOf(resource.effectiveDateTime) ?? periodStart(resource.effectivePeriod) ?? dateOf(resource.issued) };
    case 'Immunization':
      return { ...common, type, codings: codingsOf(resource.vaccineCode), text: textOf(resource.vaccineCode), date: dateOf(resource.occurrenceDateTime) };
    case 'ImagingStudy': {
      const procedures = arrayOf(resource.procedureCode).flatMap((c) => codingsOf(c));
      return { ...common, type, codings: procedures, text: stringOf(resource.description), date: dateOf(resource.started) };
    }
    case 'ServiceRequest':
      if (resource.doNotPerform === true) return undefined;
      return { ...common, type, date: dateOf(resource.occurrenceDateTime) ?? periodStart(resource.occurrencePeriod) ?? dateOf(resource.authoredOn) };
    default:
      return undefined;
  }
}

/** The open, scheduled activities of a care plan, one entry each. */
function carePlanActivities(plan: JsonObject): RecordEntry[] {
  if (plan.status !== 'active') return [];
  const ref = refFor(plan);
  return arrayOf(plan.activity).flatMap((activity, i) => {
    const detail = isObject(activity.detail) ? activity.detail : undefined;
    // an activity the plan says NOT to do is never a reminder to do it
    if (!detail || detail.doNotPerform === true) return [];
    const timing = isObject(detail.scheduledTiming) ? detail.scheduledTiming : undefined;
    const date = periodStart(detail.scheduledPeriod) ?? strings(timing?.event).map((e) => dateOf(e)).find(Boolean) ?? dateOf(detail.scheduledString);
    if (!date) return [];
    return [{
      ref: ref ? `${ref}#activity-${i}` : undefined,
      type: 'CarePlanActivity',
      status: stringOf(detail.status),
      codings: codingsOf(detail.code),
      text: textOf(detail.code) ?? stringOf(detail.description),
      date,
    }];
  });
}

/** Builds the record from a patient resource and the resources of their chart (any order, any extra types). */
export function toReminderRecord(resources: readonly unknown[]): ReminderRecord {
  const patient = resources.find((r) => isObject(r) && r.resourceType === 'Patient') as JsonObject | undefined;
  const birthSex = stringOf(extensionOf(patient, BIRTH_SEX)?.valueCode);
  const gender = stringOf(patient?.gender);
  const sexAtBirth = birthSex === 'F' ? 'female' : birthSex === 'M' ? 'male' : gender === 'female' || gender === 'male' ? gender : gender ? 'other' : undefined;
  const names = arrayOf(patient?.name)[0];
  const name = names ? [...strings(names.given), stringOf(names.family)].filter(Boolean).join(' ') : undefined;
  const entries: RecordEntry[] = [];
  const actions: ReminderAction[] = [];
  for (const resource of resources) {
    if (!isObject(resource)) continue;
    const action = toReminderAction(resource);
    if (action) actions.push(action);
    else if (resource.resourceType === 'CarePlan') entries.push(...carePlanActivities(resource));
    else {
      const entry = toRecordEntry(resource);
      if (entry) entries.push(entry);
    }
  }
  return {
    patient: patient ? refFor(patient) ?? '' : '',
    name: name || undefined,
    birthDate: dateOf(patient?.birthDate),
    sexAtBirth,
    deceased: patient?.deceasedBoolean === true ? true : dateOf(patient?.deceasedDateTime),
    entries,
    actions,
  };
}
