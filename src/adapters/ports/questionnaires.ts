/**
 * The questionnaire port: forms the care team sends (FHIR `Questionnaire`, with the SDC
 * extensions real forms use) and the patient's answers (`QuestionnaireResponse`), saved as
 * a draft (`in-progress`) and submitted (`completed`). See `../ports.ts` for the
 * conventions every port follows.
 *
 * Unlike the other ports, the form itself is the content format: a questionnaire is
 * authored once as a FHIR R4 `Questionnaire` (LOINC panels, LHC-Forms, vendor form
 * builders all publish them), so the port passes that JSON through and the element reads
 * it with typed guards. A vendor without a FHIR server still stores and returns plain
 * objects of these shapes; nothing here needs a FHIR server.
 */
import type { Coding, ReadOptions, RecordRef, WriteOptions } from './common.js';

/** An extension as FHIR writes it; only the value types forms use are named. */
export interface QExtension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueDecimal?: number;
  valueCoding?: Coding;
  valueCodeableConcept?: { coding?: Coding[]; text?: string };
  valueExpression?: { name?: string; language?: string; expression?: string; description?: string };
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueQuantity?: QQuantity;
  valueMarkdown?: string;
  extension?: QExtension[];
}

/** A quantity answer (value and UCUM unit). */
export interface QQuantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
  comparator?: string;
}

/** An attachment answer (a file the patient adds). */
export interface QAttachment {
  contentType?: string;
  data?: string;
  url?: string;
  title?: string;
  size?: number;
}

/** A string element's companion (`_text`, `_prefix`) that carries rendering extensions. */
export interface QElement {
  extension?: QExtension[];
}

/** One `answer[x]` value (also `initial[x]`, `answerOption.value[x]`, `enableWhen.answer[x]`). */
export interface QValue {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueString?: string;
  valueUri?: string;
  valueCoding?: Coding;
  valueQuantity?: QQuantity;
  valueAttachment?: QAttachment;
  valueReference?: { reference?: string; display?: string };
}

/** A permitted answer of a choice item. */
export interface QAnswerOption extends QValue {
  initialSelected?: boolean;
  extension?: QExtension[];
  _valueString?: QElement;
}

/** An enableWhen condition. */
export interface QEnableWhen {
  question: string;
  operator: 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerDateTime?: string;
  answerTime?: string;
  answerString?: string;
  answerCoding?: Coding;
  answerQuantity?: QQuantity;
  answerReference?: { reference?: string };
}

/** The item types of FHIR R4. */
export type QItemType =
  | 'group'
  | 'display'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'date'
  | 'dateTime'
  | 'time'
  | 'string'
  | 'text'
  | 'url'
  | 'choice'
  | 'open-choice'
  | 'attachment'
  | 'reference'
  | 'quantity'
  | 'question';

/** One item of a questionnaire (a question, a group or a display text). */
export interface QuestionnaireItem {
  linkId: string;
  type: QItemType;
  text?: string;
  _text?: QElement;
  prefix?: string;
  _prefix?: QElement;
  code?: Coding[];
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  answerValueSet?: string;
  answerOption?: QAnswerOption[];
  initial?: QValue[];
  enableWhen?: QEnableWhen[];
  enableBehavior?: 'all' | 'any';
  extension?: QExtension[];
  item?: QuestionnaireItem[];
}

/** A FHIR R4 `Questionnaire` (the fields a renderer reads). */
export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  url?: string;
  version?: string;
  name?: string;
  title?: string;
  status?: string;
  description?: string;
  language?: string;
  code?: Coding[];
  extension?: QExtension[];
  contained?: { resourceType: string; id?: string; [key: string]: unknown }[];
  item?: QuestionnaireItem[];
  meta?: { versionId?: string; lastUpdated?: string; [key: string]: unknown };
}

/** One answer in a response. */
export interface QResponseAnswer extends QValue {
  item?: QResponseItem[];
}

/** One item of a response. */
export interface QResponseItem {
  linkId: string;
  text?: string;
  answer?: QResponseAnswer[];
  item?: QResponseItem[];
}

/** A FHIR R4 `QuestionnaireResponse`. */
export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string; [key: string]: unknown };
  identifier?: { system?: string; value?: string };
  /** The questionnaire's canonical URL (with `|version` when known), or `Questionnaire/id`. */
  questionnaire?: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  subject?: { reference?: string; display?: string };
  authored?: string;
  author?: { reference?: string; display?: string };
  source?: { reference?: string; display?: string };
  item?: QResponseItem[];
  extension?: QExtension[];
}

/** A questionnaire the patient has been asked to fill in, or has started. */
export interface QuestionnaireAssignment {
  /** The questionnaire, as its canonical URL or `Questionnaire/id`: pass it to `getQuestionnaire`. */
  questionnaire: string;
  /** Its title, when the port knows it without loading the form. */
  title?: string;
  /** `assigned` (not started) or `in-progress` (a draft exists). */
  status: 'assigned' | 'in-progress';
  /** The draft response's id, for `in-progress`. */
  responseId?: string;
  /** When it was assigned or last saved. */
  date?: string;
}

/** A page of a value set expansion (answers of a choice or open-choice item). */
export interface ValueSetExpansion {
  /** The codes, in the value set's order. */
  codes: Coding[];
  /** Whether the server cut the list short (an autocomplete asks again with a filter). */
  truncated?: boolean;
}

/** Loads forms and saves the patient's answers. */
export interface QuestionnairePort {
  /**
   * A questionnaire by id, by `Questionnaire/id`, or by canonical URL (`url` or
   * `url|version`; without a version the newest active one). Rejects with `not-found`.
   */
  getQuestionnaire(ref: string, options?: ReadOptions): Promise<Questionnaire>;
  /**
   * The codes of a value set (`answerValueSet` that is not contained in the form), with
   * an optional text filter for an autocomplete.
   */
  expandValueSet(url: string, query?: { filter?: string; count?: number }, options?: ReadOptions): Promise<ValueSetExpansion>;
  /** The questionnaires a patient is asked to fill in or has started, newest first. */
  listAssigned(patient: RecordRef, options?: ReadOptions): Promise<QuestionnaireAssignment[]>;
  /**
   * Saves answers as a draft (`status` becomes `in-progress`) and returns the stored
   * response. A response with an `id` updates that draft; without one a new draft is
   * created once per idempotency key.
   */
  saveDraft(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse>;
  /** Submits answers (`status` becomes `completed`); the same rules as `saveDraft`. */
  submit(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse>;
  /** One saved response. Rejects with `not-found`. */
  getResponse(id: string, options?: ReadOptions): Promise<QuestionnaireResponse>;
  /**
   * Runs an SDC FHIR query (`application/x-fhir-query`, its `{{ }}` already filled in) and
   * returns what the server answered (a `Bundle` for a search, a `ValueSet` for
   * `$expand`, `Parameters` for an operation…). Only queries on the adapter's own server:
   * relative to its base, or an absolute URL under that base; anything else rejects with
   * `invalid` and is never sent. Optional: without it, forms that use queries show no
   * query results.
   */
  runQuery?(query: string, options?: ReadOptions): Promise<unknown>;
  /** A patient's responses, newest first, optionally to one questionnaire or of one status. */
  listResponses(
    patient: RecordRef,
    query?: { questionnaire?: string; status?: QuestionnaireResponse['status'] },
    options?: ReadOptions,
  ): Promise<QuestionnaireResponse[]>;
}
