/**
 * The care-reminder port: what preventive and follow-up care is due for a patient, the
 * patient's and clinician's answers to it, a worklist across patients and reminder
 * messages. See `../ports.ts` for the conventions every port follows.
 *
 * The rules are data (`rules/preventive-care.json`, schema `schemas/care-reminder-rules.schema.json`);
 * the types below mirror that JSON. Evaluation is pure (`src/reminders/evaluate.ts`) over a
 * {@link ReminderRecord}, a backend-neutral digest of the patient's chart.
 */
import type { Coding, DateValue, ReadOptions, RecordRef, WriteOptions } from './common.js';
import type { ForecastSource } from './immunizations.js';

/** Text in the languages the rules ship (`en` always; `es` for the shipped rules). */
export interface LocalizedText {
  en: string;
  es?: string;
  [language: string]: string | undefined;
}

/** A named list of codes (LOINC, SNOMED CT, CPT …) and where the list comes from. */
export interface ReminderCodeSet {
  title: string;
  /** Where the codes come from (terminology, and the records they were seen in). */
  source: string;
  codes: Coding[];
}

/** A fact about the patient a rule depends on: an observation with a value. */
export interface ReminderFinding {
  /** Code set of the observation (for example `bmi`). */
  codeSet: string;
  /** The observation's coded value must be in this code set (for example `current-smoker`). */
  valueCodeSet?: string;
  /** The observation's numeric value must be at least this. */
  minValue?: number;
  /** Only the most recent such observation counts. */
  latest?: boolean;
  /** Only observations within this period before the as-of date count (`15 years`). */
  within?: string;
}

/** Who a rule applies to. Ages are whole years on the as-of date, both bounds inclusive. */
export interface ReminderAppliesTo {
  minAge?: number;
  maxAge?: number;
  /** Sex at birth (US Core birth sex, else administrative gender). */
  sexAtBirth?: ('female' | 'male')[];
  /** Code sets of conditions the patient must have (any one, active). */
  conditionsPresent?: string[];
  /** Code sets of conditions the patient must not have (active). */
  conditionsAbsent?: string[];
  /** Findings that must all hold. */
  findings?: ReminderFinding[];
}

/** One way to meet a rule: records of these types coded in this set, within the look-back. */
export interface ReminderSatisfier {
  codeSet: string;
  /** FHIR resource types (or the adapter's equivalents) that count. */
  resourceTypes: string[];
  /** How long a record counts (`10 years`, `6 months`); absent on a `once` rule. */
  lookBack?: string;
  /** This way counts only from / until this age (cervical: HPV test from 30). */
  minAge?: number;
  maxAge?: number;
  /** What the record is, in plain words ("Colonoscopy"). */
  label: LocalizedText;
}

/** The recommendation a rule summarises. */
export interface ReminderSource {
  organisation: string;
  topic: string;
  grade: string;
  year: number;
  url: string;
}

/**
 * Where a rule's look-back comes from when the recommendation in its `source` does not state
 * one: another published recommendation, and what it says of the interval.
 */
export interface ReminderIntervalSource {
  organisation: string;
  topic: string;
  year: number;
  url: string;
  /** What the recommendation says of the interval, in words. */
  interval: string;
}

/** One rule of a rule set. */
export interface ReminderRule {
  id: string;
  /** `screening` (preventive) or `follow-up` (chronic care, open orders, care plans). */
  kind: 'screening' | 'follow-up';
  /** Always `true` for the shipped rules: for demonstration, not clinically reviewed. */
  demonstration?: boolean;
  title: LocalizedText;
  /** Why it applies, in plain words ("Recommended for adults 45 to 75."). */
  why: LocalizedText;
  appliesTo: ReminderAppliesTo;
  satisfiedBy: ReminderSatisfier[];
  /** Met once for life (hepatitis C, HIV, aortic aneurysm). */
  once?: boolean;
  /** Items taken from the record itself instead of code sets. */
  followUp?: 'service-request' | 'care-plan-activity';
  /** Id of a decision aid about this choice (`aids/<id>.json`). */
  decisionAid?: string;
  source: ReminderSource;
  /** Where the look-back comes from, when `source` does not state it. */
  intervalSource?: ReminderIntervalSource;
  /** A reading of the source the rule had to make, stated for reviewers. */
  note?: string;
  /**
   * What the rule screens for is sensitive (`meta.security`-style labels, HL7 v3 ActCode
   * `HIV`, `STD`, `MH` …): a proxy policy that withholds the label withholds the reminder.
   */
  sensitivity?: Coding[];
}

/** A rule set as shipped in `rules/*.json`. */
export interface ReminderRuleSet {
  id: string;
  version: string;
  status: 'demonstration' | 'active';
  disclaimer: string;
  codeSets: Record<string, ReminderCodeSet>;
  rules: ReminderRule[];
}

/** One clinical record in a {@link ReminderRecord}. */
export interface RecordEntry {
  /** Where it lives (`Procedure/123`). */
  ref?: RecordRef;
  /** FHIR resource type, or `CarePlanActivity` for one activity of a care plan. */
  type: string;
  codings: Coding[];
  /** Display text for the record (untrusted). */
  text?: string;
  /** When it happened (performed, effective, onset, scheduled, requested). */
  date?: DateValue;
  /** The record's status as the source gave it (`completed`, `active`, …). */
  status?: string;
  /** A condition that is not active (resolved, refuted, entered in error). */
  inactive?: boolean;
  /** Numeric value of an observation. */
  value?: number;
  /** Coded value of an observation. */
  valueCodings?: Coding[];
  /** Requests this record fulfils (`ServiceRequest/9`). */
  basedOn?: RecordRef[];
  /** Said by the patient and not yet reviewed by the clinic. */
  pendingReview?: boolean;
  /** Where it was done, when the patient reported it (untrusted text). */
  where?: string;
  /** The record's security labels (`meta.security`), for the proxy policy. */
  security?: Coding[];
}

/** What someone said about a reminder. */
export type ReminderActionKind = 'done-elsewhere' | 'snoozed' | 'declined' | 'not-applicable' | 'ordered';

/** An answer to a reminder, as stored. */
export interface ReminderAction {
  ref?: RecordRef;
  kind: ReminderActionKind;
  /** The rule (or follow-up item) it answers. */
  ruleId: string;
  /** When it was recorded (a calendar date). */
  recorded: DateValue;
  /** done-elsewhere: when it was done. */
  performed?: DateValue;
  /** done-elsewhere: where (untrusted text). */
  where?: string;
  /** snoozed: until when; declined: until when it stands (default a year). */
  until?: DateValue;
  /** not-applicable / declined: the reason, in words (untrusted text). */
  reason?: string;
  /** Who recorded it. */
  by?: RecordRef;
}

/** A backend-neutral digest of the chart, all the evaluator reads. */
export interface ReminderRecord {
  patient: RecordRef;
  /** Display name (untrusted). */
  name?: string;
  birthDate?: DateValue;
  sexAtBirth?: 'female' | 'male' | 'other' | 'unknown';
  /** Date of death, or `true` when known dead without a date. */
  deceased?: DateValue | boolean;
  entries: RecordEntry[];
  actions: ReminderAction[];
}

/**
 * Where a reminder stands on the as-of date. `unknown`: the source cannot say whether it is
 * due (the vaccine groups whose forecast is `unknown`, as when the record holds a dose the
 * forecast could not read, gathered in one reminder): the record needs a check with the care
 * team. It has no due date, and nothing about it can be answered done, declined or put off.
 */
export type ReminderStatus =
  | 'due-now'
  | 'overdue'
  | 'due-later'
  | 'done'
  | 'not-applicable'
  | 'declined'
  | 'done-elsewhere-pending'
  | 'unknown';

/** A record that counted for (or against, or did not count toward) a rule. */
export interface ReminderEvidence {
  ref?: RecordRef;
  type: string;
  date?: DateValue;
  /** The record's code display or text (untrusted). */
  display: string;
  /**
   * `satisfies` it meets the rule now; `expired` it met the rule but is too old;
   * `applies` it makes the rule apply (a condition, a finding); `excludes` it makes the
   * rule not apply; `reported` the patient said so, not reviewed yet.
   */
  role: 'satisfies' | 'expired' | 'applies' | 'excludes' | 'reported';
  /** The record's security labels, for the proxy policy. */
  security?: Coding[];
}

/** Why a rule does not apply. */
export type NotApplicableReason = 'age' | 'sex' | 'condition' | 'finding' | 'deceased' | 'marked';

/** One reminder for one patient on one date. */
export interface CareReminder {
  /** Rule id; for record-driven follow-ups `<rule id>:<record ref>`. */
  id: string;
  ruleId: string;
  kind: 'screening' | 'follow-up' | 'immunization';
  title: LocalizedText;
  why: LocalizedText;
  status: ReminderStatus;
  /** due-now / overdue: when it became due; due-later: when it will be; done: when next due; unknown: never. */
  dueDate?: DateValue;
  /** The last record that met the rule, and what it was. */
  lastDone?: { date: DateValue; what: LocalizedText | string; ref?: RecordRef };
  /** not-applicable: why. */
  notApplicable?: NotApplicableReason;
  /** The answer that decided the status (declined, marked not applicable, snoozed, reported done elsewhere). */
  action?: ReminderAction;
  /** When a clinician marked it ordered, if they did and it is still open. */
  ordered?: DateValue;
  evidence: ReminderEvidence[];
  source?: ReminderSource;
  /** Where the rule's look-back comes from, when its source does not state it. */
  intervalSource?: ReminderIntervalSource;
  decisionAid?: string;
  /** For record-driven follow-ups: the record (`ServiceRequest/9`). */
  ref?: RecordRef;
  /** For a vaccine due (kind `immunization`): the forecast it comes from. */
  immunization?: ReminderImmunization;
  /**
   * Security labels: the rule's `sensitivity`, and for a record-driven follow-up the
   * record's own labels. The proxy policy withholds a reminder by these and its evidence's.
   */
  security?: Coding[];
}

/**
 * Where a vaccine reminder comes from: one vaccine group of an immunization forecast, or, for
 * the one reminder of status `unknown` (check the vaccine record), every group the forecast
 * could not judge.
 */
export interface ReminderImmunization {
  /**
   * The CDSi vaccine group name (`Zoster`, `DTaP/Tdap/Td`) of a vaccine due. Absent on the
   * `unknown` record check, which is no one group's: see `vaccineGroups`.
   */
  vaccineGroup?: string;
  /** The `unknown` record check only: the vaccine groups the forecast could not judge, in its order. */
  vaccineGroups?: string[];
  /**
   * Where the forecast came from (the EHR, a registry, the library's CDSi engine). Absent on
   * the record check made when no forecast could be made (a record the registry did not
   * match, or one without a birth date): then `vaccineGroups` is empty.
   */
  source?: ForecastSource;
  /** The source's name and version in words. */
  sourceName?: string;
  /** Number of the dose due (absent when the status is `unknown`: the dose due may be one not counted). */
  doseNumber?: number;
}

/** A patient's reminders on one date. */
export interface CareReminderList {
  patient: RecordRef;
  asOf: DateValue;
  reminders: CareReminder[];
  /** The rule set's disclaimer, shown with the list. */
  disclaimer?: string;
}

/** What a patient or clinician says about a reminder. */
export type ReminderAnswer =
  | { kind: 'done-elsewhere'; performed: DateValue; where: string }
  | { kind: 'snoozed'; until: DateValue }
  | { kind: 'declined'; reason?: string }
  | { kind: 'not-applicable'; reason: string }
  | { kind: 'ordered' };

/** Worklist filters. */
export interface WorklistFilter {
  /** Only patients with this rule overdue (or due, see `overdueOnly`). */
  ruleId?: string;
  /** Only overdue items (else due-now and overdue). */
  overdueOnly?: boolean;
  minAge?: number;
  maxAge?: number;
}

/** One patient on the worklist. */
export interface WorklistRow {
  patient: RecordRef;
  /** Display name (untrusted). */
  name?: string;
  /** Age in whole years on the as-of date. */
  age?: number;
  /** The due and overdue reminders that match the filter. */
  due: CareReminder[];
  /** Rule ids this patient was reminded about in the as-of month. */
  remindedThisPeriod: string[];
}

/** The worklist across a panel. */
export interface Worklist {
  asOf: DateValue;
  /** Reporting period (`YYYY-MM`). */
  period: string;
  rows: WorklistRow[];
  /** Per rule: patients due now, overdue, and reminded this period. */
  counts: Record<string, { due: number; overdue: number; reminded: number }>;
  /** Patients reminded (about any rule) in the period. */
  remindedThisPeriod: number;
  /** The rules counted, in the rule set's order, with their titles. */
  rules: { id: string; title: LocalizedText; kind: ReminderRule['kind'] }[];
}

/** A panel: a `Group`, a practitioner's patients, or everyone the backend holds. */
export type Panel = { group: RecordRef } | { practitioner: RecordRef } | { all: true };

/** The outcome of sending one reminder. */
export interface ReminderSendResult {
  patient: RecordRef;
  ok: boolean;
  /** The message's reference when sent. */
  ref?: RecordRef;
  /** The failure, when not sent. */
  error?: { code: string; message: string };
}

/** Options of {@link CareReminderPort.sendReminders}. */
export interface SendRemindersOptions extends ReadOptions {
  /** Called after each patient, for progress. */
  onProgress?: (result: ReminderSendResult, done: number, total: number) => void;
  /** The acting clinician. */
  sender?: RecordRef;
}

/** The care-reminder port. */
export interface CareReminderPort {
  /** The patient's reminders on `asOf` (`YYYY-MM-DD`). */
  getReminders(patient: RecordRef, asOf: DateValue, options?: ReadOptions): Promise<CareReminderList>;
  /** Stores an answer to a reminder (one record per idempotency key). */
  answer(patient: RecordRef, reminderId: string, answer: ReminderAnswer, options: WriteOptions): Promise<ReminderAction>;
  /** Due and overdue patients of a panel. */
  worklist(panel: Panel, asOf: DateValue, filter?: WorklistFilter, options?: ReadOptions): Promise<Worklist>;
  /**
   * Sends a reminder message about `ruleId` to each patient, at most one per patient,
   * rule and `period` (`YYYY-MM`) however often it is called; resolves with one result
   * per patient (failures included, never thrown for a single patient).
   */
  sendReminders(patients: readonly RecordRef[], ruleId: string, period: string, options?: SendRemindersOptions): Promise<ReminderSendResult[]>;
}
