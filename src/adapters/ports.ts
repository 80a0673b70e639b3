/**
 * Domain types and ports: the whole contract between elements and backends.
 *
 * Elements import only this file (never an adapter); adapters implement any subset of
 * the ports over FHIR, over memory, or over a vendor's own API. Nothing here is FHIR:
 * a vendor without a FHIR server can implement a port over plain objects.
 *
 * Conventions that hold for every port:
 * - Every read takes {@link ReadOptions} with an `AbortSignal`; a cancelled read rejects
 *   with an `EngageError` whose code is `aborted`.
 * - Every write takes {@link WriteOptions} with an idempotency key that names the
 *   content: calling the same write again with the same key returns the first result and
 *   creates nothing new; changed content comes with a new key and `replaces` (the earlier
 *   keys), and updates the earlier record if it landed (docs/write-protocol.md).
 * - A write resolves only with what the backend says it stored; anything else rejects.
 * - Every failure rejects with an `EngageError` (see `src/core/errors.ts`).
 * - Dates are kept as ISO strings exactly as the source gave them: a {@link DateValue}
 *   may be a year, a year-month, a date or a date-time, and is formatted by
 *   `src/core/format.ts` without time-zone shifts for date-only values.
 */

// ---------------------------------------------------------------------------
// Shared value types
// ---------------------------------------------------------------------------

/**
 * A date as the source gave it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a calendar date, no
 * time zone) or a full date-time with offset (`2024-05-01T10:30:00-04:00`).
 */
export type DateValue = string;

/** A reference to a record, written `Type/id` (for example `Patient/123`). */
export type RecordRef = string;

/** One code from a code system. */
export interface Coding {
  /** The code system's URI (for example `http://loinc.org`). */
  system?: string;
  /** The code within that system. */
  code?: string;
  /** The system's own display text for the code. */
  display?: string;
}

/** A coded concept with optional free text, as clinicians and systems record it. */
export interface CodedValue {
  /** Free text as entered or chosen for display; preferred over codings when present. */
  text?: string;
  /** Zero or more codings that mean the same thing. */
  codings: Coding[];
}

/** A measured amount with its unit. */
export interface QuantityValue {
  /** The number, when known. */
  value?: number;
  /**
   * How many decimals the source wrote (`5.10` has 2), so formatting keeps significant
   * zeros that a JavaScript number loses.
   */
  decimals?: number;
  /** `<`, `<=`, `>=` or `>` when the value is a bound rather than exact. */
  comparator?: '<' | '<=' | '>=' | '>';
  /** The unit for display (for example `mg/dL`). */
  unit?: string;
  /** The unit's code system (UCUM for most clinical units). */
  system?: string;
  /** The unit's code in that system. */
  code?: string;
}

/** A person's name in parts, as recorded. */
export interface PersonName {
  /** The full name as one string, when the source has one. */
  text?: string;
  /** Family name (surname). */
  family?: string;
  /** Given names, first first. */
  given: string[];
  /** Titles before the name (Dr., Ms.). */
  prefix: string[];
  /** Titles after the name (Jr., MD). */
  suffix: string[];
  /** What the name is for: `official`, `usual`, `nickname`, `maiden`, `old`, … */
  use?: string;
}

/** An identifier such as a medical record number. */
export interface IdentifierValue {
  /** The identifier system's URI. */
  system?: string;
  /** The identifier itself. */
  value: string;
  /** Short label of the identifier's type (for example `MRN`, `SSN`). */
  typeLabel?: string;
  /** The type's code (`MR` for a medical record number). */
  typeCode?: string;
}

/** A person or group taking part in a conversation or a workflow. */
export interface Participant {
  /** Reference to the person's or group's record. */
  ref: RecordRef;
  /** What kind of participant this is. */
  kind: 'patient' | 'practitioner' | 'related-person' | 'organization' | 'pool' | 'device';
  /** Display name. */
  name: string;
  /** Their role, in words (for example `Primary care physician`, `Mother`). */
  role?: string;
}

/** Options every read accepts. */
export interface ReadOptions {
  /** Cancels the read; the promise then rejects with an `aborted` EngageError. */
  signal?: AbortSignal;
}

/** Options every write accepts. */
export interface WriteOptions {
  /**
   * Identifies this write across retries. The same key twice never creates two records:
   * the second call returns what the first created. Generate one per user intent (for
   * example when a send button is first pressed) and keep it through retries.
   */
  idempotencyKey: string;
  /**
   * Keys of earlier writes of the same user intent whose content the user has since
   * changed and whose fate is unknown (their answer never came). The port first looks
   * for a record stored under any of them: when one landed, it is updated or superseded
   * to hold this write's content, so exactly one record holds what the user last saw;
   * otherwise the write creates as usual. See docs/write-protocol.md.
   */
  replaces?: readonly string[];
  /** Cancels the write's HTTP request (the server may still have applied it). */
  signal?: AbortSignal;
}

/** One page of a longer list. */
export interface Page<T> {
  /** The items on this page, in the order the method documents. */
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  next?: string;
  /** Total number of items across all pages, when the backend knows it. */
  total?: number;
}

/** Paging request for list methods. */
export interface PageRequest {
  /** Cursor from a previous page's `next`; absent for the first page. */
  cursor?: string;
  /** How many items per page the caller would like (the adapter may cap it). */
  pageSize?: number;
}

// ---------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------

/** Who is using the element, which changes wording, density and permitted actions. */
export type Role = 'patient' | 'caregiver' | 'clinician';

/** The person acting in the element. */
export interface Actor {
  /** Reference to the acting user's record (`Patient/…`, `RelatedPerson/…`, `Practitioner/…`). */
  ref: RecordRef;
  /** Display name of the acting user. */
  name?: string;
}

/**
 * What the host tells every element about the current use: whose record, who is
 * acting, in which role and language. Provided by `<engage-provider>`; a new session is
 * a new object (never mutated) so that elements update.
 */
export interface Session {
  /** The patient whose record is shown (`Patient/123`). */
  patient?: RecordRef;
  /** The acting user; absent when the host has not said. */
  user?: Actor;
  /** Role of the acting user. */
  role: Role;
  /** BCP 47 locale for text, dates and numbers (`en`, `es`, `es-MX`). */
  locale: string;
  /** The clock; tests and stories pass a fixed one. */
  now: () => Date;
}

// ---------------------------------------------------------------------------
// Patient (banner)
// ---------------------------------------------------------------------------

/** Administrative sex as recorded. */
export type AdministrativeSex = 'male' | 'female' | 'other' | 'unknown';

/** Allergy criticality: the potential for a serious reaction. */
export type AllergyCriticality = 'low' | 'high' | 'unable-to-assess';

/** Severity of a reaction that happened. */
export type ReactionSeverity = 'mild' | 'moderate' | 'severe';

/** What is known about the patient's allergies, as the banner shows it. */
export type AllergyStatus =
  /** Nothing recorded: the question may never have been asked. */
  | { kind: 'unrecorded' }
  /** Recorded as "no known allergies". */
  | { kind: 'none-known' }
  /** One or more active allergies; `mostSevere` is the one to show first. */
  | {
      kind: 'recorded';
      /** Number of active allergies and intolerances. */
      count: number;
      /** The allergy with the highest criticality, then the most severe reaction. */
      mostSevere?: {
        /** Substance name. */
        substance: string;
        /** Criticality as recorded. */
        criticality?: AllergyCriticality;
        /** Most severe reaction severity recorded for it. */
        severity?: ReactionSeverity;
      };
    };

/** Demographics and safety facts for a patient banner. */
export interface PatientDemographics {
  /** Reference to the patient (`Patient/123`). */
  ref: RecordRef;
  /** All recorded names; display uses the official/usual one. */
  names: PersonName[];
  /** Date of birth (a calendar date, or a partial date). */
  birthDate?: DateValue;
  /** Administrative sex. */
  sex?: AdministrativeSex;
  /** `true`, or the date-time of death, when the patient has died. */
  deceased?: boolean | DateValue;
  /** All identifiers. */
  identifiers: IdentifierValue[];
  /** The medical record number to show, when one is recognisable. */
  mrn?: IdentifierValue;
  /** Preferred language for communication. */
  preferredLanguage?: CodedValue;
  /** Allergy status; `undefined` when it could not be determined. */
  allergies?: AllergyStatus;
}

/** Reads a patient's demographics for a banner or a header. */
export interface PatientPort {
  /**
   * The patient's demographics and allergy status.
   * Rejects with `not-found` when the patient does not exist.
   */
  getPatient(patient: RecordRef, options?: ReadOptions): Promise<PatientDemographics>;
}

// ---------------------------------------------------------------------------
// Messaging
// ---------------------------------------------------------------------------

/** A group inbox a patient can write to ("Nurse line", "Billing"). */
export interface MessagePool {
  /** Reference to the pool (for example a `Group`, `HealthcareService` or code). */
  ref: RecordRef;
  /** Display name. */
  name: string;
  /** What the pool handles, in plain words. */
  description?: string;
}

/** Who a patient can write to and about what. */
export interface MessagingDirectory {
  /** The patient's care team members who accept messages. */
  careTeam: Participant[];
  /** The practice's message pools. */
  pools: MessagePool[];
  /** Categories a new conversation can have (for example "Medical question"). */
  categories: CodedValue[];
}

/** State of a conversation. */
export type ThreadStatus = 'open' | 'closed';

/** A conversation (its header), as the inbox lists it. */
export interface Thread {
  /** The conversation's id, stable across reads. */
  id: string;
  /** Subject line (untrusted text). */
  subject: string;
  /** Category of the conversation. */
  category?: CodedValue;
  /** Open or closed. */
  status: ThreadStatus;
  /** The patient the conversation is about. */
  patient: RecordRef;
  /** Everyone on the conversation. */
  participants: Participant[];
  /** The pool the conversation was routed to, when routed. */
  pool?: MessagePool;
  /** When it was started. */
  created: DateValue;
  /** When the last message was sent; the inbox sorts on it, newest first. */
  lastActivity: DateValue;
  /** Plain-text preview of the last message (no markup). */
  preview?: string;
  /** Number of messages the acting user has not read. */
  unreadCount: number;
  /** Number of messages in the conversation, when known. */
  messageCount?: number;
  /** Version tag for optimistic concurrency on status changes. */
  version?: string;
}

/** An attachment on a received message. */
export interface MessageAttachment {
  /** Id within the message, stable across reads. */
  id: string;
  /** File name or title (untrusted text). */
  title: string;
  /** MIME type. */
  contentType: string;
  /** Size in bytes, when known. */
  size?: number;
  /** Where to fetch it (pass to {@link MessagingPort.getAttachment}). */
  url?: string;
}

/** A file the user attaches to a message before sending. */
export interface OutgoingAttachment {
  /** File name (untrusted text). */
  title: string;
  /** MIME type. */
  contentType: string;
  /** The content. */
  data: Blob;
}

/** Delivery state of a message from the acting user's point of view. */
export type DeliveryState = 'sent' | 'delivered' | 'read';

/** One message in a conversation. */
export interface Message {
  /** The message's id. */
  id: string;
  /** The conversation it belongs to. */
  threadId: string;
  /** Who wrote it. */
  sender: Participant;
  /** When a caregiver writes for the patient: the patient. */
  onBehalfOf?: Participant;
  /** When it was sent. */
  sent: DateValue;
  /** Body as limited HTML (untrusted: render only through the sanitizer). */
  body: string;
  /** Attachments. */
  attachments: MessageAttachment[];
  /** The message this one answers, when it answers a specific one. */
  inResponseTo?: string;
  /** Delivery state for messages the acting user sent; read state for the others. */
  delivery: DeliveryState;
  /** Whether the acting user has read it (always true for their own). */
  readByMe: boolean;
}

/** A message the acting user is about to send. */
export interface MessageDraft {
  /** Body as limited HTML or plain text. */
  body: string;
  /** Files to attach. */
  attachments: OutgoingAttachment[];
  /** Id of the message being answered, when answering a specific one. */
  inResponseTo?: string;
}

/** A new conversation. */
export interface ThreadDraft {
  /** Subject line. */
  subject: string;
  /** Category chosen from {@link MessagingDirectory.categories}. */
  category?: CodedValue;
  /** A care-team member or a pool. */
  recipient: Participant | MessagePool;
  /** The first message. */
  message: MessageDraft;
}

/** Query for the inbox. */
export interface ThreadQuery extends PageRequest {
  /** Whose conversations. */
  patient: RecordRef;
  /** Which conversations; default `open`. */
  status?: ThreadStatus | 'all';
}

/**
 * Who is reading or writing, for messaging, whose answers depend on it: read state and
 * unread counts are per reader, and a sent message needs its sender. Elements pass the
 * session's user and role; a port without it may fall back to its own notion of the user.
 * (Added to the port's options, not to its methods, so the port keeps its shape.)
 */
export interface ActingAs {
  /** The acting user (`Patient/…`, `RelatedPerson/…`, `Practitioner/…`) and their name. */
  user: Actor;
  /** Their role. */
  role: Role;
}

/** {@link ReadOptions} for messaging: who is reading. */
export interface MessagingReadOptions extends ReadOptions {
  /** The reader, for `readByMe`, `delivery` and `unreadCount`. */
  as?: ActingAs;
}

/** {@link WriteOptions} for messaging: who is writing. */
export interface MessagingWriteOptions extends WriteOptions {
  /** The sender or reader. */
  as?: ActingAs;
}

/** Secure messaging between a patient (or caregiver) and the care team. */
export interface MessagingPort {
  /** Conversations, newest activity first. */
  listThreads(query: ThreadQuery, options?: MessagingReadOptions): Promise<Page<Thread>>;
  /** One conversation's header. Rejects with `not-found` when it does not exist. */
  getThread(threadId: string, options?: MessagingReadOptions): Promise<Thread>;
  /**
   * Messages in a conversation, oldest first. The first page without a cursor holds
   * the oldest messages; follow `next` for newer ones.
   */
  listMessages(threadId: string, page?: PageRequest, options?: MessagingReadOptions): Promise<Page<Message>>;
  /** Care team, pools and categories the patient may write to. */
  getDirectory(patient: RecordRef, options?: ReadOptions): Promise<MessagingDirectory>;
  /** Starts a conversation with its first message. */
  startThread(
    patient: RecordRef,
    draft: ThreadDraft,
    options: MessagingWriteOptions,
  ): Promise<{ thread: Thread; message: Message }>;
  /** Adds a message to a conversation. */
  sendMessage(threadId: string, draft: MessageDraft, options: MessagingWriteOptions): Promise<Message>;
  /** Records that the acting user has read these messages. Safe to repeat. */
  markRead(threadId: string, messageIds: string[], options: MessagingWriteOptions): Promise<void>;
  /** Closes or reopens a conversation (clinician role). */
  setThreadStatus(threadId: string, status: ThreadStatus, options: MessagingWriteOptions): Promise<Thread>;
  /** The content of a received attachment. */
  getAttachment(attachment: MessageAttachment, options?: ReadOptions): Promise<Blob>;
  /**
   * Optional: calls `onMessages` with messages that arrive after the call, until the
   * signal aborts. Adapters without push may poll. Elements fall back to reloading
   * when it is absent.
   */
  subscribe?(threadId: string, onMessages: (messages: Message[]) => void, options: { signal: AbortSignal; as?: ActingAs }): void;
}

// ---------------------------------------------------------------------------
// Clinical summary
// ---------------------------------------------------------------------------

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
 * `do-not-perform` an order NOT to give or do (`MedicationRequest.doNotPerform`);
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
}

/** A problem or diagnosis. */
export interface ProblemEntry extends SummaryEntryBase {
  /** What the problem is. */
  name: CodedValue;
  /** When it began. */
  onset?: DateValue;
  /** When it resolved. */
  abatement?: DateValue;
  /** When it was recorded. */
  recorded?: DateValue;
}

/** An allergy or intolerance. */
export interface AllergyEntry extends SummaryEntryBase {
  /** The substance. */
  substance: CodedValue;
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

/** A medication the patient takes or was prescribed. */
export interface MedicationEntry extends SummaryEntryBase {
  /** The medication. */
  name: CodedValue;
  /** Dose instructions in words. */
  dosage?: string;
  /** Taken only when needed (PRN); the element says so in the reader's language. */
  asNeeded?: boolean;
  /** Who prescribed it. */
  prescriber?: string;
  /** When it was prescribed. */
  authoredOn?: DateValue;
  /** When it was last dispensed, when known. */
  lastFilled?: DateValue;
}

/** A vaccination given (or recorded as not given). */
export interface ImmunizationEntry extends SummaryEntryBase {
  /** The vaccine. */
  vaccine: CodedValue;
  /** When it was given. */
  date?: DateValue;
  /** Dose number in the series, in words or digits. */
  doseNumber?: string;
  /** Number of doses in the series. */
  seriesDoses?: string;
  /** Why it was not given, when `status` is `not-done`. */
  statusReason?: CodedValue;
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
  /** When it was measured or observed. */
  effective?: DateValue;
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
 * One section of a summary. `none-known` (the record says "none", such as no known
 * allergies) is different from `not-recorded` (nothing was recorded at all).
 */
export type SummarySection<K extends SummarySectionKey> =
  | {
      state: 'entries';
      entries: SummaryEntryMap[K][];
      narrative?: string;
      truncated?: boolean;
      /** The record also says "none known" (its only entries are negated facts). */
      noneKnown?: boolean;
    }
  | { state: 'none-known'; narrative?: string }
  | { state: 'not-recorded'; narrative?: string }
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
  /** Optional: sends the summary document to a destination the port knows. */
  transmit?(
    patient: RecordRef,
    request: { document: unknown; recipient?: string; note?: string },
    options: WriteOptions,
  ): Promise<{ id: string }>;
}

// ---------------------------------------------------------------------------
// Refills
// ---------------------------------------------------------------------------

/** A prescription with the facts that decide whether it can be refilled online. */
export interface Prescription {
  /** The prescription's id. */
  id: string;
  /** The medication. */
  medication: CodedValue;
  /** Dose instructions in words. */
  dosage?: string;
  /** Status as recorded (`active`, `completed`, `stopped`, …). */
  status: string;
  /** Who prescribed it. */
  prescriber?: Participant;
  /** When it was written. */
  authoredOn?: DateValue;
  /** Number of refills allowed after the first fill; absent when not stated. */
  refillsAllowed?: number;
  /** Dispenses recorded so far (first fill included), newest first. */
  dispenses: { date: DateValue; quantity?: QuantityValue; daysSupply?: number }[];
  /** The period in which it may be filled. */
  validFrom?: DateValue;
  /** The end of that period. */
  validUntil?: DateValue;
  /** Expected days of supply per fill. */
  daysSupply?: number;
  /** Quantity per fill. */
  quantity?: QuantityValue;
  /** The adapter's view of whether it is a controlled substance; hosts may override. */
  controlled?: boolean;
  /** An earlier request for it that is still pending, if any. */
  pendingRequest?: string;
  /** An order NOT to give the medicine (`doNotPerform`): never requestable. */
  doNotPerform?: boolean;
  /** Given only in hospital (inpatient category, an infusion): not requestable online. */
  inpatientOnly?: boolean;
}

/** A pharmacy. */
export interface Pharmacy {
  /** Reference to the pharmacy. */
  ref: RecordRef;
  /** Display name (untrusted text). */
  name: string;
  /** One-line address. */
  address?: string;
  /** Phone number. */
  phone?: string;
  /** Whether it is the patient's preferred pharmacy. */
  preferred: boolean;
  /** Ways it hands over medications. */
  delivery: ('pickup' | 'mail')[];
}

/** Status of a refill request. */
export type RefillRequestStatus =
  | 'requested'
  | 'in-review'
  | 'approved'
  | 'denied'
  | 'needs-appointment'
  | 'cancelled';

/** A refill or renewal request as stored. */
export interface RefillRequest {
  /** The request's id. */
  id: string;
  /** `refill` goes to the pharmacy; `renewal` goes to the prescriber. */
  kind: 'refill' | 'renewal';
  /** The prescription it asks to refill or renew. */
  prescriptionId: string;
  /** The medication (copied for display). */
  medication: CodedValue;
  /** The patient. */
  patient: RecordRef;
  /** Who asked (patient or caregiver). */
  requester?: Participant;
  /** Where to send it. */
  pharmacy?: Pharmacy;
  /** Pick-up or mail. */
  delivery?: 'pickup' | 'mail';
  /** The requester's note (untrusted text). */
  note?: string;
  /** Current status. */
  status: RefillRequestStatus;
  /** Why it was denied or needs an appointment, in words the patient sees. */
  statusReason?: string;
  /** When it was made. */
  created: DateValue;
  /** When it last changed. */
  updated?: DateValue;
  /** Version tag for optimistic concurrency. */
  version?: string;
  /**
   * The patient's display name, for a clinician's queue that lists many patients
   * (added for the review queue; absent when the backend does not say).
   */
  patientName?: string;
  /**
   * The prescription as it stood when the request was read, so a reviewer sees its last
   * fill and refills used without another lookup (added for the review queue).
   */
  prescription?: Prescription;
  /** The quantity and refills a clinician approved, when they changed them. */
  approved?: { quantity?: number; refills?: number };
}

/** What the user submits. */
export interface RefillRequestDraft {
  /** Prescriptions to refill or renew, each with its kind. */
  items: { prescriptionId: string; kind: 'refill' | 'renewal' }[];
  /** The chosen pharmacy. */
  pharmacy: RecordRef;
  /** Pick-up or mail. */
  delivery: 'pickup' | 'mail';
  /** A note for the care team. */
  note?: string;
  /**
   * Who is asking: the patient or a caregiver (`RelatedPerson/…`); default the patient.
   * (Added so a backend can record the caregiver as the requester.)
   */
  requester?: Participant;
}

/** A clinician's decision on a request. */
export type RefillDecision =
  | { action: 'approve'; quantity?: number; refills?: number }
  | { action: 'deny'; reason: string }
  | { action: 'needs-appointment'; reason?: string };

/** Medication refill and renewal requests. */
export interface RefillPort {
  /** The patient's prescriptions with refill facts; active ones first. */
  listPrescriptions(patient: RecordRef, options?: ReadOptions): Promise<Prescription[]>;
  /** Pharmacies to choose from, the patient's preferred pharmacy first. */
  listPharmacies(patient: RecordRef, options?: ReadOptions): Promise<Pharmacy[]>;
  /** Submits one request per item; the idempotency key covers the whole submission. */
  submitRequest(patient: RecordRef, draft: RefillRequestDraft, options: WriteOptions): Promise<RefillRequest[]>;
  /**
   * Requests, newest first: a patient's (when `patient` is given) or the clinic's
   * review queue (clinician role, filtered by `status`).
   */
  listRequests(
    query: PageRequest & { patient?: RecordRef; status?: RefillRequestStatus[] },
    options?: ReadOptions,
  ): Promise<Page<RefillRequest>>;
  /** Cancels a pending request (patient or caregiver). */
  cancelRequest(requestId: string, options: WriteOptions): Promise<RefillRequest>;
  /** Approves, denies or routes a request to an appointment (clinician role). */
  reviewRequest(requestId: string, decision: RefillDecision, options: WriteOptions): Promise<RefillRequest>;
}

// ---------------------------------------------------------------------------
// Decision aids
// ---------------------------------------------------------------------------

/** A listing entry for a decision aid. */
export interface DecisionAidInfo {
  /** The aid's id. */
  id: string;
  /** Content version. */
  version: string;
  /** Title in plain words. */
  title: string;
}

/**
 * A decision aid as loaded: its content is validated by the element against the
 * published JSON Schema before use, so the port passes it through untyped.
 */
export interface DecisionAid extends DecisionAidInfo {
  /** The aid content in the documented JSON content format. */
  content: unknown;
}

/** What a patient answered and saw in a decision aid. */
export interface DecisionAidResponse {
  /** Id of the saved response; absent until saved. */
  id?: string;
  /** The aid's id. */
  aidId: string;
  /** The aid's content version. */
  aidVersion: string;
  /** The patient. */
  patient: RecordRef;
  /** Ids of the options shown. */
  optionsShown: string[];
  /** Personalized numbers shown: outcome id, option id, numerator and denominator. */
  numbersShown: { outcomeId: string; optionId: string; numerator: number; denominator: number }[];
  /** Risk inputs used to personalize (input id to value). */
  riskInputs: Record<string, number | string | boolean>;
  /** Values-clarification answers (item id to position on the scale). */
  values: Record<string, number>;
  /** Knowledge-check answers (item id to chosen answer id) and the score. */
  knowledge: { answers: Record<string, string>; correct: number; total: number };
  /** The four SURE items (true = yes) and the score (0–4). */
  sure: { items: [boolean, boolean, boolean, boolean]; score: number } | null;
  /** The option the patient leans to, or `unsure`. */
  leaning: string | 'unsure';
  /** Questions the patient wants to ask the clinician (untrusted text). */
  questions: string;
  /** When the patient started and finished. */
  started: DateValue;
  /** When the patient finished. */
  completed?: DateValue;
}

/** Loads decision aids and saves the patient's responses. */
export interface DecisionAidPort {
  /** The aids this port offers. */
  listAids(options?: ReadOptions): Promise<DecisionAidInfo[]>;
  /** One aid's content. Rejects with `not-found` for an unknown id. */
  getAid(id: string, options?: ReadOptions): Promise<DecisionAid>;
  /** Saves a response and returns it with its id. */
  saveResponse(response: DecisionAidResponse, options: WriteOptions): Promise<DecisionAidResponse>;
  /** One saved response. */
  getResponse(id: string, options?: ReadOptions): Promise<DecisionAidResponse>;
  /** A patient's saved responses, newest first. */
  listResponses(patient: RecordRef, query?: { aidId?: string }, options?: ReadOptions): Promise<DecisionAidResponse[]>;
}

// ---------------------------------------------------------------------------
// Adapter
// ---------------------------------------------------------------------------

/**
 * What an element receives from the provider: any subset of the ports. An element
 * whose port is missing shows a "not configured" state naming it.
 */
export interface EngageAdapter {
  /** Patient demographics for banners. */
  patient?: PatientPort;
  /** Secure messaging. */
  messaging?: MessagingPort;
  /** Clinical summary. */
  summary?: SummaryPort;
  /** Refill requests. */
  refills?: RefillPort;
  /** Decision aids. */
  decisionAids?: DecisionAidPort;
}

/** Names of the ports an adapter may have. */
export type PortName = keyof EngageAdapter;
