/**
 * The official record as files: a FHIR R4 `Bundle` of `Immunization`s and a CSV table, both
 * built from the port's domain records (never from the screen). No DOM.
 */
import type { CodedValue, Coding, ImmunizationRecord, VaccinationRecord } from '../../adapters/ports.js';
import { cvxShortName } from '../../core/vaccine-groups.generated.js';

const CVX = 'http://hl7.org/fhir/sid/cvx';
const MVX = 'http://hl7.org/fhir/sid/mvx';
const ORIGIN = 'http://terminology.hl7.org/CodeSystem/immunization-origin';
/** A FHIR dateTime (a year, a month, a day, or a time with its offset). */
const FHIR_DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON is built as plain objects */
type Json = Record<string, any>;

/** A coding with only the fields it has (no `display: undefined` in the file). */
const defined = (coding: Coding): Json => Object.fromEntries(Object.entries(coding).filter(([, value]) => value !== undefined));

function concept(value: CodedValue | undefined): Json | undefined {
  if (!value) return undefined;
  const out: Json = {};
  if (value.codings.length) out.coding = value.codings.map(defined);
  if (value.text) out.text = value.text;
  return Object.keys(out).length ? out : undefined;
}

/** The vaccine code with the CVX coding added when the record names a CVX its codings lack. */
function vaccineCode(v: VaccinationRecord): Json {
  const codings = v.vaccine.codings.map((c) => ({ ...c }));
  if (v.cvx && !codings.some((c) => c.system === CVX && c.code === v.cvx)) {
    const display = cvxShortName(v.cvx);
    codings.push({ system: CVX, code: v.cvx, ...(display ? { display } : {}) });
  }
  return { ...(codings.length ? { coding: codings } : {}), ...(v.vaccine.text ? { text: v.vaccine.text } : {}) };
}

/** The FHIR `Immunization` of one domain vaccination record. */
export function toFhirImmunization(v: VaccinationRecord, patientRef: string): Json {
  const resource: Json = {
    resourceType: 'Immunization',
    id: v.id.replace(/[^A-Za-z0-9\-.]/g, '-').slice(0, 64),
    status: v.status === 'given' ? 'completed' : 'not-done',
    vaccineCode: vaccineCode(v),
    patient: { reference: patientRef },
  };
  if (v.status === 'not-given') {
    const reason = concept(v.notGivenReason);
    if (reason) resource.statusReason = reason;
  }
  // a date as the record wrote it: a FHIR dateTime stays one, anything else ("January 2012") is words
  if (v.date && FHIR_DATE_TIME.test(v.date)) resource.occurrenceDateTime = v.date;
  else resource.occurrenceString = v.date ?? 'unknown';
  // primarySource only when the record says; the origin as the record coded it, else from the source
  if (v.source !== 'unknown') resource.primarySource = v.source === 'administered';
  const origin = concept(v.origin);
  if (origin) resource.reportOrigin = origin;
  else if (v.source === 'historical' || v.source === 'registry' || v.source === 'patient-reported') {
    // FHIR immunization-origin has no code for a registry: said in words (CDC NIP001 05's)
    resource.reportOrigin =
      v.source === 'registry'
        ? { text: 'Historical information - from other registry' }
        : { coding: [{ system: ORIGIN, code: v.source === 'historical' ? 'provider' : 'recall' }] };
  }
  if (v.location) resource.location = { display: v.location };
  if (v.mvx || v.manufacturer) {
    resource.manufacturer = {
      ...(v.mvx ? { identifier: { system: MVX, value: v.mvx } } : {}),
      ...(v.manufacturer ? { display: v.manufacturer } : {}),
    };
  }
  if (v.lotNumber) resource.lotNumber = v.lotNumber;
  const site = concept(v.site);
  if (site) resource.site = site;
  const route = concept(v.route);
  if (route) resource.route = route;
  if (v.performer) resource.performer = [{ actor: { display: v.performer } }];
  if (v.note) resource.note = [{ text: v.note }];
  if (v.partial) {
    resource.isSubpotent = true;
    const reason = concept(v.subpotentReason);
    if (reason) resource.subpotentReason = [reason];
  }
  if (v.doseNumber) {
    resource.protocolApplied = [{ doseNumberString: v.doseNumber, ...(v.seriesDoses ? { seriesDosesString: v.seriesDoses } : {}) }];
  }
  return resource;
}

/** A FHIR `Bundle` (type `collection`) of every vaccination of the record, given or not. */
export function toFhirBundle(record: ImmunizationRecord, timestamp: string): Json {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp,
    entry: record.vaccinations.map((v) => ({ resource: toFhirImmunization(v, record.patient.ref) })),
  };
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break, and a cell a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first) gets a leading `'`
 * (OWASP "CSV injection"), so a vaccine name or a note can never become a formula.
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Column headings of the CSV, in the reader's language (given by the caller). */
export interface CsvHeadings {
  group: string;
  vaccine: string;
  cvx: string;
  date: string;
  dose: string;
  status: string;
  reason: string;
  source: string;
  location: string;
  lot: string;
}

/** Words for a vaccination's status and source in the CSV (the caller localizes them). */
export interface CsvWords {
  status: (v: VaccinationRecord) => string;
  source: (v: VaccinationRecord) => string;
  group: (name: string) => string;
  vaccine: (v: VaccinationRecord) => string;
}

/**
 * The record as CSV (RFC 4180, CRLF line ends): one row per vaccination per vaccine group,
 * in the given group order; dates as the record states them (`YYYY-MM-DD`, never shifted).
 */
export function toCsv(
  groups: readonly { name: string; vaccinations: readonly VaccinationRecord[] }[],
  headings: CsvHeadings,
  words: CsvWords,
): string {
  const rows: (string | undefined)[][] = [
    [headings.group, headings.vaccine, headings.cvx, headings.date, headings.dose, headings.status, headings.reason, headings.source, headings.location, headings.lot],
  ];
  for (const group of groups) {
    for (const v of group.vaccinations) {
      rows.push([
        words.group(group.name),
        words.vaccine(v),
        v.cvx,
        v.date,
        v.doseNumber,
        words.status(v),
        v.status === 'not-given' ? (v.notGivenReason?.text ?? v.notGivenReason?.codings[0]?.display) : undefined,
        words.source(v),
        v.location,
        v.lotNumber,
      ]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
