/** The immunization port: a patient's vaccination record and what is due. See `../ports.ts` for the conventions every port follows. */
import type { CodedValue, Coding, DateValue, IdentifierValue, ReadOptions, RecordRef } from './common.js';

/**
 * Who put a vaccination in the record: `administered` given by this organization;
 * `historical` reported from elsewhere (another clinic, a paper card); `registry` received
 * from the state Immunization Information System; `patient-reported` said by the patient
 * or a caregiver and not yet reviewed; `unknown` when the source does not say.
 */
export type ImmunizationSource = 'administered' | 'historical' | 'registry' | 'patient-reported' | 'unknown';

/**
 * One vaccination as recorded. A record that says the vaccine was NOT given (refused,
 * immune, a precaution) has `status: 'not-given'` and is never counted or shown as a dose.
 * Records entered in error are not returned at all.
 */
export interface VaccinationRecord {
  /** Id of the record in its source (stable for one patient). */
  id: string;
  /** The vaccine as coded (CVX preferred; NDC, SNOMED CT or text as the source has it). */
  vaccine: CodedValue;
  /** The CVX code when the source gave one or the adapter could map it; the forecast and grouping use it. */
  cvx?: string;
  /** The manufacturer's MVX code, when given. */
  mvx?: string;
  /**
   * Vaccine groups the adapter already knows (a registry's own grouping). When absent the
   * element derives the groups from `cvx`.
   */
  vaccineGroups?: string[];
  /** When it was given: a calendar date (`YYYY-MM-DD`, never shifted) or a date-time with offset. */
  date?: DateValue;
  /** Given, or recorded as not given. */
  status: 'given' | 'not-given';
  /** Why it was not given (refusal, immunity, medical precaution, out of stock …), when `not-given`. */
  notGivenReason?: CodedValue;
  /** True when the patient or guardian refused it (a `not-given` with a refusal reason). */
  refused?: boolean;
  /**
   * Not a full (potent) dose: FHIR `isSubpotent` (a partial dose, a break in the cold
   * chain, a recalled lot) or HL7 v2 `RXA-20 = PA` (partially administered). It is
   * shown, never counted as a dose or given to the forecast.
   */
  partial?: boolean;
  /** Why it is not a full dose, as the source says (FHIR `subpotentReason`), when it says. */
  subpotentReason?: CodedValue;
  /** Dose number in the series as the source recorded it. */
  doseNumber?: string;
  /** Number of doses in the series as the source recorded it. */
  seriesDoses?: string;
  /** Who reported it. */
  source: ImmunizationSource;
  /** Where a reported vaccination came from, as the source coded it (FHIR `reportOrigin`). */
  origin?: CodedValue;
  /** Where it was given (organization or facility name, untrusted text). */
  location?: string;
  /** Who gave it (untrusted text). */
  performer?: string;
  /** Lot number. */
  lotNumber?: string;
  /** Manufacturer name. */
  manufacturer?: string;
  /** Body site. */
  site?: CodedValue;
  /** Route (intramuscular, oral, …). */
  route?: CodedValue;
  /** Free-text notes (untrusted text). */
  note?: string;
  /**
   * Security labels from the record (FHIR `meta.security`: confidentiality such as `R`,
   * sensitivity such as `MH`); the proxy policy (`src/core/proxy-policy.ts`) reads them.
   */
  security?: Coding[];
}

/** The person a record belongs to, as far as a forecast needs it. */
export interface ImmunizationPatient {
  /** Reference to the patient. */
  ref: RecordRef;
  /** Display name (untrusted text). */
  name?: string;
  /** Date of birth (`YYYY-MM-DD`); a forecast needs it. */
  birthDate?: DateValue;
  /** Administrative gender (`female`, `male`, `other`, `unknown`). */
  gender?: string;
  /** The patient's identifiers as the source gave them (a registry's id, the clinic's MRN). */
  identifiers?: IdentifierValue[];
}

/**
 * A registry lookup's outcome: `found` the record is the patient's; `not-found` the
 * registry has no such patient (HL7 v2 `QAK-2 = NF`); `too-many` the query matched more
 * than one person and the registry returned none (`TM`). Neither of the last two is an
 * error: the element shows them as states.
 */
export type RegistryLookup = 'found' | 'not-found' | 'too-many';

/** A patient's vaccination record. */
export interface ImmunizationRecord {
  /** The patient. */
  patient: ImmunizationPatient;
  /** Every vaccination on record, in no particular order (the element groups and sorts). */
  vaccinations: VaccinationRecord[];
  /** Where the record came from, in words for the clinician (for example the registry's name). */
  sourceName?: string;
  /** When the record was retrieved or last updated (date-time with offset). */
  retrievedAt?: DateValue;
  /** Set when the record came from a registry lookup. */
  lookup?: RegistryLookup;
}

/**
 * What is due for one vaccine group: `due-now` a dose is due (on or after the
 * recommended date); `overdue` past the past-due date; `due-later` up to date, the next dose
 * comes on a date; `complete` the series is done; `immune` immunity recorded; `contraindicated`
 * must not be given; `aged-out` too old for the series; `not-recommended` no series applies;
 * `unknown` the source gave a status this library does not know (shown as given, never guessed).
 */
export type ForecastStatus =
  | 'due-now'
  | 'overdue'
  | 'due-later'
  | 'complete'
  | 'immune'
  | 'contraindicated'
  | 'aged-out'
  | 'not-recommended'
  | 'unknown';

/** The forecast for one vaccine group. */
export interface VaccineGroupForecast {
  /** The vaccine group's name (CDSi vaccine group names: `DTaP/Tdap/Td`, `MMR`, `HepB` …). */
  vaccineGroup: string;
  /** The vaccine the source recommends next, when it names one. */
  vaccine?: CodedValue;
  /** Status. */
  status: ForecastStatus;
  /** The status as the source said it, for the clinician view and for `unknown`. */
  sourceStatus?: string;
  /** Number of the next dose in the series, when a dose is due. */
  doseNumber?: number;
  /** Earliest date the next dose may be given. */
  earliestDate?: DateValue;
  /** Recommended date of the next dose. */
  recommendedDate?: DateValue;
  /** Date after which the next dose is overdue. */
  pastDueDate?: DateValue;
  /** Latest date the next dose may be given. */
  latestDate?: DateValue;
  /** The schedule or series used (`ACIP schedule`, a CDSi series name). */
  series?: string;
  /**
   * `risk` or `standard` when the source gives the group more than one forecast: a patient
   * with a risk (a pregnancy, a health condition) can be due a dose for it beside the routine
   * schedule, and CDSi forecasts the two apart. A group then appears once per type.
   */
  seriesType?: 'standard' | 'risk';
  /** Why (the source's reason for a status such as contraindicated), in words. */
  reason?: string;
  /**
   * Vaccinations on the record ({@link VaccinationRecord.id}) given but not counted by the
   * source (the library's engine reads doses by CVX code and full date) that may belong to
   * this group. The status is then `unknown`: one of them may be the dose that is "due".
   */
  uncounted?: string[];
}

/** Whether one recorded dose counted, as the forecast source evaluated it. */
export interface DoseEvaluation {
  /** The {@link VaccinationRecord.id} evaluated. */
  vaccinationId: string;
  /** The vaccine group or antigen the evaluation is for. */
  vaccineGroup: string;
  /** Valid (counts toward the series) or not. */
  valid: boolean;
  /** The source's own status word (`Valid`, `Not Valid`, `Extraneous`, `Sub-standard`). */
  sourceStatus?: string;
  /** Why it does not count (`Age: Too Young`, `Interval: Too Soon`), when not valid. */
  reason?: string;
  /** Which dose of the series it satisfied, when valid. */
  doseNumber?: number;
}

/**
 * Where a forecast came from: `server` the EHR's `ImmunizationRecommendation`;
 * `immds-forecast` the server's `$immds-forecast` operation; `registry` the state
 * registry's evaluated history and forecast; `engine` this library's CDSi engine.
 */
export type ForecastSource = 'server' | 'immds-forecast' | 'registry' | 'engine';

/** What is due, from one source, as of one date. */
export interface ImmunizationForecast {
  /** Where it came from. */
  source: ForecastSource;
  /** The source's name and version in words (a registry, `CDSi supporting data 4.xx`). */
  sourceName?: string;
  /** The date the forecast is for (`YYYY-MM-DD`). */
  asOf: DateValue;
  /** When the source made it (date or date-time), when it says. */
  madeAt?: DateValue;
  /** One forecast per vaccine group. */
  groups: VaccineGroupForecast[];
  /** The source's evaluation of recorded doses, when it gives one. */
  evaluations: DoseEvaluation[];
}

/** Reads a patient's vaccination record and the forecast the backend holds. */
export interface ImmunizationPort {
  /** Every vaccination of the patient (entered-in-error records excluded). */
  getRecord(patient: RecordRef, options?: ReadOptions): Promise<ImmunizationRecord>;
  /**
   * The backend's own forecast for the patient as of `asOf` (`YYYY-MM-DD`): a server
   * recommendation or operation, or a registry's forecast. Resolves `undefined` when the
   * backend has none; the element then computes one with the library's CDSi engine.
   */
  getForecast(patient: RecordRef, asOf: DateValue, options?: ReadOptions): Promise<ImmunizationForecast | undefined>;
}
