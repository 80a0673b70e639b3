/** The summary port: the clinical summary and its sections. See `../ports.ts` for the conventions every port follows. */
import type { CodedValue, Coding, DatePeriod, DateValue, QuantityValue, ReadOptions, RecordRef, WriteOptions } from './common.js';
import type { AllergyCriticality, PatientDemographics, ReactionSeverity } from './patient.js';

/** The sections a clinical summary can have, in their default clinical order. */
export const SUMMARY_SECTIONS = [
  'problems',
  'allergies',
  'medications',
  'immunizations',
  'results',
  'vitals',
  'socialHistory',
  'procedures',
  'encounters',
  'carePlan',
  'goals',
  'careTeam',
  'devices',
  'advanceDirectives',
  'documents',
] as const;

/** One of {@link SUMMARY_SECTIONS}. */
export type SummarySectionKey = (typeof SUMMARY_SECTIONS)[number];

/**
 * What a negated entry says, so it is never shown as an ordinary fact:
 * `do-not-perform` an order NOT to give or do (`MedicationRequest.doNotPerform`), or a
 * directive that refuses what it names (a `Consent` whose provision is `deny`);
 * `not-done` not given or not done (`Immunization`/`Procedure.status = not-done`, C-CDA
 * `negationInd` on an act); `not-taken` a medicine recorded as not taken; `cancelled` an
 * observation cancelled before a result; `stopped` started but not finished (`Procedure`
 * `stopped`, C-CDA `aborted`); `absent` a specific finding stated absent ("not allergic to
 * peanuts", "does not have diabetes"; `refuted`).
 */
export type Negation = 'do-not-perform' | 'not-done' | 'not-taken' | 'cancelled' | 'stopped' | 'absent';

/** Fields every summary entry has. */
export interface SummaryEntryBase {
  /** Id of the entry in its source (stable within one summary). */
  id: string;
  /** Clinical status (`active`, `inactive`, `resolved`, `completed`, …) as recorded. */
  status?: string;
  /** True when recorded in error; hidden by default. */
  enteredInError?: boolean;
  /** Set when the record states the opposite of an ordinary fact (see {@link Negation}). */
  negation?: Negation;
  /** Source narrative (untrusted XHTML: render only through the sanitizer). */
  narrative?: string;
  /**
   * Security labels from the record (FHIR `meta.security`: confidentiality such as `R`,
   * sensitivity such as `MH`); the proxy policy (`src/core/proxy-policy.ts`) reads them.
   */
  security?: Coding[];
  /**
   * The language the record's own words (names, notes) are written in, as a BCP 47 tag:
   * the resource's own `language`, else its document's (an IPS `Composition` or `Bundle`);
   * absent when neither states one. Elements mark those words with it (WCAG 2.2 SC 3.1.2).
   */
  language?: string;
}

/**
 * A record that does not confirm what it states (FHIR `verificationStatus`): `unconfirmed`,
 * or for a diagnosis its kinds `provisional` (tentative) and `differential` (one of a set of
 * possible diagnoses). `refuted` is a negation and `entered-in-error` is `enteredInError`.
 */
export type Unconfirmed = 'unconfirmed' | 'provisional' | 'differential';

/** A problem or diagnosis. */
export interface ProblemEntry extends SummaryEntryBase {
  /** What the problem is. */
  name: CodedValue;
  /** Set when the record does not confirm the diagnosis; the element says so in words. */
  unconfirmed?: Unconfirmed;
  /** When it began. */
  onset?: DateValue;
  /** When it resolved. */
  abatement?: DateValue;
  /** When it was recorded. */
  recorded?: DateValue;
  /**
   * Set when the record gives it as a hospital stay's admission or discharge diagnosis
   * (read from C-CDA admission and discharge diagnosis sections and acts; the FHIR route does
   * not set it yet: there it is `Encounter.diagnosis.use` AD or DD of an `encounter-diagnosis`
   * Condition): what the stay was about, not a long-term problem-list item. The element says
   * which it is.
   */
  encounterDiagnosis?: 'admission' | 'discharge';
}

/** An allergy or intolerance. */
export interface AllergyEntry extends SummaryEntryBase {
  /** The substance. */
  substance: CodedValue;
  /** Set when the record does not confirm the allergy (`unconfirmed`); the element says so in words. */
  unconfirmed?: Unconfirmed;
  /** `allergy` or `intolerance`. */
  type?: string;
  /** `food`, `medication`, `environment`, `biologic`. */
  category?: string[];
  /** Criticality as recorded. */
  criticality?: AllergyCriticality;
  /** Reactions in words (untrusted text). */
  reactions: { manifestation: CodedValue[]; severity?: ReactionSeverity }[];
  /** When it began. */
  onset?: DateValue;
}

/**
 * How often a dose is taken, as the record structures it (FHIR `Timing.repeat`):
 * `frequency` times every `period` `periodUnit` (`1`, `2`, `wk` is once every 2 weeks).
 */
export interface DoseTiming {
  /** How many times per period. */
  frequency: number;
  /** The period's length, in `periodUnit`s. */
  period: number;
  /** UCUM unit of time: `s`, `min`, `h`, `d`, `wk`, `mo`, `a`. */
  periodUnit: string;
}

/**
 * One dose instruction as the record structures it, so an element can say it in the
 * reader's language: the record's own text, or the dose, how often and a timing's text.
 */
export interface DoseInstruction {
  /** The instruction as written (FHIR `Dosage.text`); when present, the rest is not read. */
  text?: string;
  /** The dose as recorded (`10 mg`). */
  dose?: string;
  /** How often, when structured. */
  timing?: DoseTiming;
  /** A timing given in words or as a code's text (`Timing.code.text`). */
  timingText?: string;
}

/** A medication the patient takes or was prescribed. */
export interface MedicationEntry extends SummaryEntryBase {
  /** The medication. */
  name: CodedValue;
  /** Dose instructions in words, as one line (the record's text, or one made from its structure). */
  dosage?: string;
  /**
   * The same instructions as structured, one per dosage, when the adapter read the
   * structure (FHIR `dosageInstruction` / `dosage`): elements word them in the reader's
   * language rather than show the compact line of `dosage`.
   */
  doses?: DoseInstruction[];
  /** Taken only when needed (PRN); the element says so in the reader's language. */
  asNeeded?: boolean;
  /** Who prescribed it (a prescription's requester; never who reported it). */
  prescriber?: string;
  /** When it was prescribed (a FHIR MedicationRequest's `authoredOn`; a C-CDA order's author time). */
  authoredOn?: DateValue;
  /**
   * The course a prescription is to be taken over, when it gives one (FHIR
   * `dosageInstruction.timing.repeat.boundsPeriod`; a C-CDA intended medication's
   * effectiveTime): a plan, not a record that it was taken.
   */
  course?: DatePeriod;
  /** When it was taken, when one date or time is recorded (a FHIR MedicationStatement's `effectiveDateTime`). */
  taken?: DateValue;
  /**
   * Or the time over which it is or was taken: `start`, and `end` when it stopped or will
   * stop (a MedicationStatement's `effectivePeriod`; a C-CDA medication history's
   * `effectiveTime` low and high). Never merged into one date: a course that ended is not
   * shown as if it went on.
   */
  takenPeriod?: DatePeriod;
  /**
   * Set when the entry is what someone reported the patient takes (a FHIR MedicationStatement),
   * not a prescription: who reported it (`informationSource`) and when (`dateAsserted`).
   */
  reported?: { by?: string; on?: DateValue };
  /**
   * Set when the entry is a request no one has ordered (a FHIR MedicationRequest in `draft`,
   * or whose intent authorizes no one: `proposal`, `plan`, `option`; a C-CDA medicine in
   * mood `PRP`): who suggested or planned it, when, and that `intent` when it is one of
   * those (a draft order has none). Such an entry has no `prescriber` and no `authoredOn`:
   * it was not prescribed, and an element says so rather than its status alone ("Active").
   */
  proposed?: { by?: string; on?: DateValue; intent?: 'proposal' | 'plan' | 'option' };
  /** When it was last dispensed, when known. */
  lastFilled?: DateValue;
}

/** A vaccination given (or recorded as not given). */
export interface ImmunizationEntry extends SummaryEntryBase {
  /** The vaccine. */
  vaccine: CodedValue;
  /**
   * When it was given (FHIR `occurrence[x]`; `occurrenceString` as written), never when the
   * record was made (`recorded`). Absent when the record does not say.
   */
  date?: DateValue;
  /** Dose number in the series, in words or digits. */
  doseNumber?: string;
  /** Number of doses in the series. */
  seriesDoses?: string;
  /** Why it was not given, when `status` is `not-done`. */
  statusReason?: CodedValue;
  /**
   * Given, but not a full (potent) dose (FHIR `isSubpotent`: a partial dose, a break in the
   * cold chain, a recalled lot), with the record's reason when it gives one.
   */
  subpotent?: { reason?: CodedValue };
}

/** An observation value of any type. */
export type ObservationValue =
  | { kind: 'quantity'; quantity: QuantityValue }
  | { kind: 'coded'; coded: CodedValue }
  | { kind: 'text'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'range'; low?: QuantityValue; high?: QuantityValue }
  | { kind: 'ratio'; numerator?: QuantityValue; denominator?: QuantityValue };

/** How a result compares with its reference range. */
export type InterpretationFlag = 'normal' | 'low' | 'high' | 'critical-low' | 'critical-high' | 'abnormal';

/** A lab result, vital sign or social-history observation. */
export interface ObservationEntry extends SummaryEntryBase {
  /** What was measured. */
  code: CodedValue;
  /** When it was measured or observed (the specimen taken, the reading made); absent when the record does not say. */
  effective?: DateValue;
  /**
   * When the result was released (FHIR `issued`). Shown as such, never as when it was
   * measured: a result without `effective[x]` is not dated by its report.
   */
  issued?: DateValue;
  /** The value; absent when none was recorded. */
  value?: ObservationValue;
  /** Components (blood pressure has systolic and diastolic). */
  components: { code: CodedValue; value?: ObservationValue }[];
  /** Reference range: bounds and/or text. */
  referenceRange?: { low?: QuantityValue; high?: QuantityValue; text?: string };
  /** Interpretation as a flag, when one was recorded or can be derived from the range. */
  interpretation?: InterpretationFlag;
  /** The interpretation as recorded, for display. */
  interpretationText?: string;
  /** The report (panel) this result belongs to, such as "Lipid panel", when recorded. */
  panel?: CodedValue;
}

/** A procedure performed. */
export interface ProcedureEntry extends SummaryEntryBase {
  /** What was done. */
  name: CodedValue;
  /** When it was done. */
  performed?: DateValue;
}

/** A visit. */
export interface EncounterEntry extends SummaryEntryBase {
  /** Kind of visit. */
  type: CodedValue;
  /** Start of the visit. */
  start?: DateValue;
  /** End of the visit. */
  end?: DateValue;
  /** Reasons for the visit. */
  reasons: CodedValue[];
  /** Where it took place. */
  location?: string;
  /** Main clinician seen. */
  practitioner?: string;
}

/** A care plan. */
export interface CarePlanEntry extends SummaryEntryBase {
  /** Title or category of the plan. */
  title: CodedValue;
  /** Planned activities in words. */
  activities: string[];
  /** Activities the plan says NOT to do (`activity.detail.doNotPerform`), in words. */
  notToDo?: string[];
  /** When the plan runs from. */
  start?: DateValue;
  /** When the plan runs to. */
  end?: DateValue;
}

/** A goal. */
export interface GoalEntry extends SummaryEntryBase {
  /** What the goal is. */
  description: CodedValue;
  /** Target date, when set. */
  due?: DateValue;
}

/** A clinical document (a note, a discharge summary). */
export interface DocumentEntry extends SummaryEntryBase {
  /** Title. */
  title: string;
  /** Kind of document. */
  type?: CodedValue;
  /** When it was written. */
  date?: DateValue;
  /** MIME type of its content. */
  contentType?: string;
  /** Where the content is (pass to the port to fetch). */
  url?: string;
  /** `note` (a DocumentReference, a C-CDA document) or `report` (a DiagnosticReport's presented form). */
  kind?: 'note' | 'report';
  /** The content itself: inline text or bytes, or a link to a file (untrusted). */
  contents?: DocumentContent[];
  /** A newer document replaces this one (`status = superseded`, or a newer one's `relatesTo.code = replaces`). */
  superseded?: boolean;
  /** The document's own status: `preliminary`, `final`, `amended`, as recorded. */
  docStatus?: string;
}

/** One piece of a document's content (a FHIR Attachment). */
export interface DocumentContent {
  /** MIME type, as recorded (`text/plain`, `text/html`, `application/pdf`, …). */
  contentType?: string;
  /** Inline content, base64 as recorded (`attachment.data`). */
  data?: string;
  /** Where the content is: a URL or a `Binary` reference (untrusted). */
  url?: string;
  /** The attachment's own title. */
  title?: string;
}

/** A way to reach someone: a phone number, an email address, a fax, a web page. */
export interface ContactValue {
  /** `phone`, `email`, `fax`, `url`, `sms`, `pager`, `other`, when known. */
  system?: string;
  /** The number or address as recorded (untrusted text). */
  value: string;
  /** `work`, `home`, `mobile`, … as recorded. */
  use?: string;
}

/** One member of a care team: a person or an organization, and their part in the care. */
export interface CareTeamMember {
  /** Who (a person's or an organization's name). */
  name?: string;
  /** Their role on the team (primary care provider, caregiver, …). */
  role?: CodedValue;
  /** The organization they act for, when recorded. */
  organization?: string;
  /** How to reach them. */
  contacts: ContactValue[];
}

/** A care team: the people and organizations who look after the patient. */
export interface CareTeamEntry extends SummaryEntryBase {
  /** The team's name or category, when recorded. */
  name: CodedValue;
  /** Who is on it. */
  members: CareTeamMember[];
  /** What the team cares for (reasons), in words. */
  reasons: CodedValue[];
  /** Since when. */
  start?: DateValue;
  /** Until when. */
  end?: DateValue;
}

/** A device the patient has or uses: an implant or a piece of equipment. */
export interface DeviceEntry extends SummaryEntryBase {
  /** What the device is. */
  name: CodedValue;
  /** True for an implant, false for equipment, absent when the source does not say. */
  implant?: boolean;
  /** Maker, model or brand name, as recorded. */
  maker?: string;
  /** The human-readable UDI, when recorded. */
  udi?: string;
  /** When it was placed or first used. */
  start?: DateValue;
  /** When it was removed or last used. */
  end?: DateValue;
}

/** An advance directive: what the patient decided ahead (do not resuscitate, a living will). */
export interface AdvanceDirectiveEntry extends SummaryEntryBase {
  /** What the directive says ("Not for resuscitation"). */
  name: CodedValue;
  /** Further things the same decision names (a refusal of resuscitation and of intubation). */
  more?: CodedValue[];
  /** What the directive excepts: its rules that decide the other way ("treat, except intubation"). */
  exceptions?: CodedValue[];
  /** The kind of directive ("Do Not Resuscitate", "Advance directive status"). */
  kind?: CodedValue;
  /** When it was made or takes effect from. */
  date?: DateValue;
}

/** Entry type for each section key. */
export interface SummaryEntryMap {
  problems: ProblemEntry;
  allergies: AllergyEntry;
  medications: MedicationEntry;
  immunizations: ImmunizationEntry;
  results: ObservationEntry;
  vitals: ObservationEntry;
  socialHistory: ObservationEntry;
  procedures: ProcedureEntry;
  encounters: EncounterEntry;
  carePlan: CarePlanEntry;
  goals: GoalEntry;
  careTeam: CareTeamEntry;
  devices: DeviceEntry;
  advanceDirectives: AdvanceDirectiveEntry;
  documents: DocumentEntry;
}

/**
 * One source section's narrative (a C-CDA section's `<text>`, an IPS section's `text.div`)
 * with the security labels of where it came from: its document's or its section's
 * confidentiality, and the labels of the entries it describes. The proxy policy withholds it
 * by them, as it withholds an entry.
 */
export interface NarrativePart {
  /** The narrative (untrusted XHTML: render only through the sanitizer). */
  html: string;
  /** Its labels (FHIR `meta.security` codings); empty when nothing restricts it. */
  security: Coding[];
}

/** The narrative a section carries, from one or more source sections. */
export interface SectionNarrative {
  /** Source narrative (untrusted XHTML: render only through the sanitizer). */
  narrative?: string;
  /**
   * The parts `narrative` was joined from, each with its labels; set only when a part
   * carries a label (a restricted section or document), so the proxy policy can drop
   * that part and keep the others.
   */
  narrativeParts?: NarrativePart[];
}

/**
 * One section of a summary. `none-known` (the record says "none", such as no known
 * allergies) is different from `not-recorded` (nothing was recorded at all).
 */
export type SummarySection<K extends SummarySectionKey> =
  | ({
      state: 'entries';
      entries: SummaryEntryMap[K][];
      truncated?: boolean;
      /** The record also says "none known" (its only entries are negated facts). */
      noneKnown?: boolean;
    } & SectionNarrative)
  | ({ state: 'none-known' } & SectionNarrative)
  | ({ state: 'not-recorded' } & SectionNarrative)
  | { state: 'error'; error: { code: string; message: string } };

/** A patient's clinical summary, from any source. */
export interface ClinicalSummary {
  /** Where it came from. */
  source: 'live' | 'ips' | 'ccda';
  /** When the source document or query was produced. */
  generated?: DateValue;
  /** The patient, when the source names one. */
  patient?: PatientDemographics;
  /** The sections present; a missing key means the section was not asked for. */
  sections: { [K in SummarySectionKey]?: SummarySection<K> };
}

/** Reads and transmits a patient's clinical summary. */
export interface SummaryPort {
  /**
   * The patient's summary. A failure in one section is reported in that section
   * (`state: 'error'`) and does not reject the whole call.
   */
  getSummary(
    patient: RecordRef,
    query?: { sections?: readonly SummarySectionKey[] },
    options?: ReadOptions,
  ): Promise<ClinicalSummary>;
  /** Optional: the summary as an exchangeable document (an IPS Bundle for FHIR). */
  getDocument?(patient: RecordRef, options?: ReadOptions): Promise<unknown>;
  /**
   * Optional: the content of a file a note or report points at but does not hold (a
   * `Binary` reference, or a relative or same-server URL), read with the port's own
   * authorization. Resolves to the bytes (base64 `data`) and their `contentType`; rejects
   * with an EngageError (`not-found`, `invalid` for a place the port will not read, …).
   */
  getAttachment?(url: string, options?: ReadOptions): Promise<DocumentContent>;
  /** Optional: sends the summary document to a destination the port knows. */
  transmit?(
    patient: RecordRef,
    request: { document: unknown; recipient?: string; note?: string },
    options: WriteOptions,
  ): Promise<{ id: string }>;
}
