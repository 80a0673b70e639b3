/** The patient port: demographics for banners. See `../ports.ts` for the conventions every port follows. */
import type { CodedValue, Coding, DateValue, IdentifierValue, PersonName, ReadOptions, RecordRef } from './common.js';

/** Administrative sex as recorded. */
export type AdministrativeSex = 'male' | 'female' | 'other' | 'unknown';

/** Allergy criticality: the potential for a serious reaction. */
export type AllergyCriticality = 'low' | 'high' | 'unable-to-assess';

/** Severity of a reaction that happened. */
export type ReactionSeverity = 'mild' | 'moderate' | 'severe';

/** One active allergy or intolerance, as the banner's status counts it. */
export interface AllergyItem {
  /** Substance name. */
  substance: string;
  /** Criticality as recorded. */
  criticality?: AllergyCriticality;
  /** Most severe reaction severity recorded for it. */
  severity?: ReactionSeverity;
  /** The record does not confirm it (`verificationStatus` unconfirmed, provisional or differential). */
  unconfirmed?: boolean;
  /** Security labels (`meta.security`), for the proxy policy. */
  security?: Coding[];
}

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
      /** How many of them the record does not confirm (absent when none). */
      unconfirmed?: number;
      /** The allergy with the highest criticality, then the most severe reaction. */
      mostSevere?: {
        /** Substance name. */
        substance: string;
        /** Criticality as recorded. */
        criticality?: AllergyCriticality;
        /** Most severe reaction severity recorded for it. */
        severity?: ReactionSeverity;
        /** The record does not confirm it. */
        unconfirmed?: boolean;
      };
      /**
       * The active allergies counted, when the adapter lists them. The proxy policy counts
       * again from these (an item it withholds is neither counted nor named); a status
       * without them carries no labels to withhold by, like any record without `security`.
       */
      items?: AllergyItem[];
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

/** A patient the acting user (a caregiver) may act for, as a patient switcher lists them. */
export interface LinkedPatient {
  /** The patient (`Patient/123`). */
  patient: RecordRef;
  /** The patient's display name. */
  name: string;
  /** Date of birth, when known. */
  birthDate?: DateValue;
  /**
   * The acting user's own record for this patient, when it differs per patient (in FHIR a
   * `RelatedPerson` belongs to one patient, so a mother of two has two).
   */
  actingAs?: RecordRef;
  /** How the acting user is related to the patient, in words (`Mother`), in the record's language. */
  relationship?: string;
  /**
   * The relationship as a code (HL7 v3 RoleCode `MTH`, `FTH`, `GUARD`, …), so it can be
   * said in the reader's language rather than the record's.
   */
  relationshipCode?: Coding;
}

/** Reads a patient's demographics for a banner or a header. */
export interface PatientPort {
  /**
   * The patient's demographics and allergy status.
   * Rejects with `not-found` when the patient does not exist.
   */
  getPatient(patient: RecordRef, options?: ReadOptions): Promise<PatientDemographics>;
  /**
   * Optional: the patients this user may act for (a caregiver's children or parents), in
   * a stable order. For FHIR, the patients of the `RelatedPerson` records that share the
   * user's identifier. (Added for `<engage-patient-switcher>`.)
   */
  listLinkedPatients?(user: RecordRef, options?: ReadOptions): Promise<LinkedPatient[]>;
}
