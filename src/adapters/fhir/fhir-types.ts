/**
 * The few FHIR R4 shapes the adapter reads and writes. Every field is optional because
 * real servers omit things; mapping code must cope with any of them missing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  /** Tags (for example a patient-reported record awaiting review). */
  tag?: Coding[];
}

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  [key: string]: any;
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  text?: string;
  coding?: Coding[];
}

export interface Quantity {
  value?: number;
  comparator?: '<' | '<=' | '>=' | '>';
  unit?: string;
  system?: string;
  code?: string;
}

export interface Reference {
  reference?: string;
  /** The type the reference points to (`Practitioner`), when given apart from `reference`. */
  type?: string;
  display?: string;
  identifier?: Identifier;
}

export interface Identifier {
  use?: string;
  type?: CodeableConcept;
  system?: string;
  value?: string;
}

export interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
  suffix?: string[];
}

export interface Patient extends Resource {
  resourceType: 'Patient';
  name?: HumanName[];
  birthDate?: string;
  gender?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
  identifier?: Identifier[];
  communication?: { language?: CodeableConcept; preferred?: boolean }[];
}

export interface AllergyIntolerance extends Resource {
  resourceType: 'AllergyIntolerance';
  clinicalStatus?: CodeableConcept;
  verificationStatus?: CodeableConcept;
  code?: CodeableConcept;
  criticality?: string;
  reaction?: { manifestation?: CodeableConcept[]; severity?: string; substance?: CodeableConcept }[];
}

export interface OperationOutcome extends Resource {
  resourceType: 'OperationOutcome';
  issue?: { severity?: string; code?: string; details?: CodeableConcept; diagnostics?: string }[];
}

export interface BundleEntry<T extends Resource = Resource> {
  fullUrl?: string;
  resource?: T;
  search?: { mode?: 'match' | 'include' | 'outcome' };
  request?: { method: string; url: string; ifNoneExist?: string; ifMatch?: string };
  response?: { status?: string; etag?: string; location?: string; outcome?: Resource };
}

export interface Bundle<T extends Resource = Resource> extends Resource {
  resourceType: 'Bundle';
  type?: string;
  total?: number;
  link?: { relation?: string; url?: string }[];
  entry?: BundleEntry<T>[];
}
