/**
 * Patient education: infobutton look-ups in a knowledge service, and the materials a care
 * team assigns. See `../ports.ts` for the conventions every port follows.
 *
 * Two ports, because they are two backends: a knowledge service (MedlinePlus Connect, a
 * vendor's own) answers `lookup` from a code, with no patient record behind it; the
 * record server keeps what was assigned and read. An adapter offers either or both
 * (`knowledge` and `education` on {@link EngageAdapter}).
 */
import type { Coding, DateValue, ReadOptions, RecordRef, WriteOptions } from './common.js';
import type { AdministrativeSex } from './patient.js';

/** Who the information is for (HL7 infobutton `informationRecipient`: `PAT` or `PROV`). */
export type InfobuttonRecipient = 'patient' | 'provider';

/** The languages knowledge services answer in. */
export type InfobuttonLanguage = 'en' | 'es';

/** An age as the infobutton request carries it: years (`a`) or, for young children, months (`mo`). */
export interface InfobuttonAge {
  /** Whole years or months. */
  value: number;
  /** UCUM unit: `a` (years) or `mo` (months). */
  unit: 'a' | 'mo';
}

/** What to look up: one coded problem, medicine or test, in the context of one patient. */
export interface InfobuttonQuery {
  /** The code. */
  code: string;
  /**
   * Its code system: a FHIR system URI (`http://snomed.info/sct`) or an OID
   * (`2.16.840.1.113883.6.96`, with or without `urn:oid:`).
   */
  system: string;
  /** The code's display text, sent as `mainSearchCriteria.v.dn`. */
  display?: string;
  /** Who reads the answer. */
  recipient: InfobuttonRecipient;
  /** Language of the answer. */
  language: InfobuttonLanguage;
  /** The patient's age, when known. */
  age?: InfobuttonAge;
  /** The patient's administrative sex, when known. */
  sex?: AdministrativeSex;
}

/** One piece of information a knowledge service returned. */
export interface KnowledgeEntry {
  /** Title (untrusted text). */
  title: string;
  /** Summary as HTML from the service (untrusted: render only through the sanitizer). */
  summaryHtml?: string;
  /** Link to the full page; only `http(s)` links are kept. */
  url?: string;
}

/** The answer to a look-up. Never a rejection for a service fault: `unavailable` instead. */
export type InfobuttonResult =
  | {
      status: 'found';
      entries: KnowledgeEntry[];
      /**
       * Who the information is from, as its publisher asks to be credited: `medlineplus`
       * (the library says the line MedlinePlus's terms ask for, in the reader's language) or
       * a host's own line for another service. Absent: no credit line.
       */
      attribution?: 'medlineplus' | { text: string };
    }
  /** The service answered, and has nothing for this code. */
  | { status: 'none-found' }
  /** The service could not be reached, was too slow, refused the request or answered nonsense. */
  | { status: 'unavailable'; reason: 'network' | 'timeout' | 'server' | 'invalid' | 'rate-limited' };

/** Looks codes up in a knowledge service (HL7 infobutton). */
export interface KnowledgePort {
  /**
   * Information for one code. Resolves `unavailable` (never rejects) when the service
   * fails; rejects only with an `aborted` EngageError when `options.signal` aborts.
   */
  lookup(query: InfobuttonQuery, options?: ReadOptions): Promise<InfobuttonResult>;
}

/**
 * An attached document (a PDF handout): either a link to it (`url`) or, for a file the
 * clinician uploaded, the bytes themselves (`data`), as a FHIR `Attachment` holds them.
 */
export interface MaterialAttachment {
  /** MIME type, for example `application/pdf`. */
  contentType: string;
  /** Where to fetch it (http(s) only; anything else is not shown as a link). Absent when `data` holds the file. */
  url?: string;
  /** The file's bytes, base64 (FHIR `Attachment.data`): an uploaded PDF. */
  data?: string;
  /** File title. */
  title?: string;
  /** Size of the file in bytes, before base64 (FHIR `Attachment.size`). */
  size?: number;
  /** SHA-1 of the file's bytes, base64 (FHIR `Attachment.hash`), so a reader can check what it got. */
  hash?: string;
}

/** What a clinician assigns: a link or an attachment, and why. */
export interface MaterialDraft {
  /** Title (untrusted text). */
  title: string;
  /** Link to the material (http(s)). */
  url?: string;
  /** Or an attached document. */
  attachment?: MaterialAttachment;
  /** Why it was assigned, in words for the patient. */
  reason?: string;
  /** Language of the material. */
  language?: string;
}

/** A material assigned to a patient. */
export interface AssignedMaterial extends MaterialDraft {
  /** Record id. */
  id: string;
  /** Security labels (`meta.security`), for the proxy policy. */
  security?: Coding[];
  /** The patient. */
  patient: RecordRef;
  /** Who assigned it (display name), when recorded. */
  assignedBy?: string;
  /** When it was assigned. */
  assigned: DateValue;
  /** When the patient marked it read; absent while unread. */
  readAt?: DateValue;
}

/** A date range, both ends inclusive (calendar dates or date-times). */
export interface Period {
  /** First day. */
  start: DateValue;
  /** Last day. */
  end: DateValue;
}

/** Materials the care team assigns and patients read. */
export interface EducationPort {
  /** The patient's assigned materials, newest first. */
  listAssigned(patient: RecordRef, options?: ReadOptions): Promise<AssignedMaterial[]>;
  /** Assigns a material to a patient; idempotent by key (docs/write-protocol.md). */
  assign(patient: RecordRef, draft: MaterialDraft, options: WriteOptions): Promise<AssignedMaterial>;
  /** Marks a material read. Marking an already-read material again changes nothing. */
  markRead(id: string, options: WriteOptions): Promise<AssignedMaterial>;
  /** How many distinct patients were assigned education in the period. */
  countPatientsEducated(period: Period, options?: ReadOptions): Promise<number>;
}
