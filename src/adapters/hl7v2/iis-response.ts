/**
 * An Immunization Information System's answer to a query, HL7 v2.5.1 `RSP^K11` as CDC's
 * "HL7 Version 2.5.1 Implementation Guide for Immunization Messaging" (release 1.5) defines
 * it — profile Z32 (complete immunization history), Z42 (evaluated history and forecast),
 * Z31 (a list of candidates) and Z33 (an acknowledgement with no data) — as the immunization
 * port's record and forecast:
 *
 * - QAK-2 `NF` (no patient found) → `lookup: 'not-found'`; `TM` (too many matches) or a Z31
 *   candidate list → `lookup: 'too-many'`; neither is an error. `AE` / `AR` are errors.
 * - PID → the patient (name, date of birth, sex, identifiers); NK1 is ignored.
 * - Each ORC/RXA group → a vaccination: RXA-5 CVX or NDC, RXA-3 date, RXA-20 completion
 *   status (`CP` given, `PA` partial, `RE` refused, `NA` not given), RXA-21 action `D`
 *   (deleted) → left out, RXA-18 refusal reason, OBX 30945-0 / 59784-9 as a not-given
 *   reason, RXA-10 performer, RXA-11 place, RXA-15 lot, RXA-17 manufacturer, RXR route and site.
 * - The RXA's OBX groups (by OBX-4 sub-id): an evaluation group (30956-7 vaccine group,
 *   59781-5 validity, 30982-3 reason, 30973-2 dose number) → a dose evaluation; a forecast
 *   group (30979-9 vaccine due next, 30980-7 due, 30981-5 earliest, 59777-3 latest, 59778-1
 *   overdue, 59779-9 schedule, 30973-2 dose, 59783-1 series status, 59780-7 series) → a
 *   vaccine group's forecast. An RXA of CVX 998 ("no vaccine administered") only carries
 *   the forecast and is not a vaccination.
 *
 * Malformed input (no MSH, another HL7 version, not an RSP^K11, a truncated message) is
 * refused with an `EngageError` (`invalid`) whose message names the problem. Pure, no I/O.
 */
import { EngageError } from '../../core/errors.js';
import type {
  CodedValue,
  DateValue,
  DoseEvaluation,
  ForecastStatus,
  IdentifierValue,
  ImmunizationForecast,
  ImmunizationPatient,
  ImmunizationRecord,
  RecordRef,
  VaccinationRecord,
  VaccineGroupForecast,
} from '../ports.js';
import { forecastGroupsOf, isCvxSystem } from '../vaccine-group-codes.js';
import { calendarDayOf } from '../../core/calendar-date.js';
import { parseHl7Message, type Hl7Segment } from './parse.js';

const PARTIAL_DOSE = { codings: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-subpotent-reason', code: 'partial', display: 'Partial Dose' }] };

/** What a registry response holds: the record, and the forecast when the registry sent one (Z42). */
export interface IisResponse {
  record: ImmunizationRecord;
  forecast?: ImmunizationForecast;
}

/** Options for {@link iisResponseToRecord}. */
export interface IisResponseOptions {
  /** The patient the query was for (`Patient/123`); default `Patient/<first PID-3 id>`. */
  ref?: RecordRef;
  /** The registry's name in words, for the record and forecast. */
  sourceName?: string;
  /** The date the forecast is for (`YYYY-MM-DD`); default the date of MSH-7. */
  asOf?: DateValue;
}

const fail = (problem: string): never => {
  throw new EngageError('invalid', `The registry response is malformed: ${problem}.`);
};

/**
 * An HL7 DTM (`YYYY[MM[DD[HHMM[SS[.S]]]]][+/-ZZZZ]`) as a date value: a calendar date when it
 * has no time, or no offset (a time without a zone names no instant, and the day is what the
 * record means); a date-time with its own offset otherwise. Undefined when it is not a date.
 */
export function hl7Date(value: string | undefined): DateValue | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(?:\.\d+)?)?([+-]\d{4})?$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  if (mo && (+mo < 1 || +mo > 12)) return undefined;
  if (d && (+d < 1 || +d > new Date(Date.UTC(+y!, +mo!, 0)).getUTCDate())) return undefined;
  const date = [y, mo, d].filter(Boolean).join('-');
  if (!d || !h || !zone) return date;
  return `${date}T${h}:${mi ?? '00'}:${s ?? '00'}${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** A CE / CWE field (first triple and its alternate) as a coded value. */
function coded(segment: Hl7Segment, field: number, repetition = 0): CodedValue | undefined {
  const codings = [1, 4]
    .map((at) => ({ code: segment.get(field, at, repetition), display: segment.get(field, at + 1, repetition), system: segment.get(field, at + 2, repetition) }))
    .filter((c) => c.code || c.display)
    .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
  if (!codings.length) return undefined;
  const text = segment.get(field, 2, repetition) ?? segment.get(field, 5, repetition);
  return { ...(text ? { text } : {}), codings };
}

const cvxOf = (value: CodedValue | undefined) => value?.codings.find((c) => isCvxSystem(c.system) && c.code)?.code;

/** A person's name from an XPN / XCN starting at component `from` (family, given, middle). */
function personName(segment: Hl7Segment, field: number, from = 1, repetition = 0): string | undefined {
  const family = segment.get(field, from, repetition);
  const given = [segment.get(field, from + 1, repetition), segment.get(field, from + 2, repetition)].filter(Boolean).join(' ');
  return [given, family].filter(Boolean).join(' ') || undefined;
}

const SEXES: Record<string, string> = { F: 'female', M: 'male', U: 'unknown', O: 'other', A: 'other', N: 'unknown' };

function toPatient(pid: Hl7Segment | undefined, ref: RecordRef | undefined): ImmunizationPatient {
  const identifiers: IdentifierValue[] = pid
    ? pid.repetitions(3).flatMap((_, i) => {
        const value = pid.get(3, 1, i);
        if (!value) return [];
        const system = pid.get(3, 4, i);
        const type = pid.get(3, 5, i);
        return [{ value, ...(system ? { system } : {}), ...(type ? { typeCode: type } : {}) }];
      })
    : [];
  // the legal name (XPN-7 `L`) when several are sent
  const names = pid?.repetitions(5) ?? [];
  const legal = Math.max(0, names.findIndex((_, i) => pid?.get(5, 7, i) === 'L'));
  const name = pid ? personName(pid, 5, 1, legal) : undefined;
  const birthDate = hl7Date(pid?.get(7));
  const gender = SEXES[pid?.get(8) ?? ''];
  return {
    ref: ref ?? `Patient/${identifiers[0]?.value ?? 'unknown'}`,
    ...(name ? { name } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(gender ? { gender } : {}),
    ...(identifiers.length ? { identifiers } : {}),
  };
}

/** One RXA with the segments that follow it up to the next ORC/RXA. */
interface AdministrationGroup {
  orc?: Hl7Segment;
  rxa: Hl7Segment;
  rxr?: Hl7Segment;
  obx: Hl7Segment[];
  index: number;
}

/** The OBX of an RXA grouped by OBX-4 (observation sub-id), in order. */
function obxGroups(obx: readonly Hl7Segment[]): Map<string, Hl7Segment[]>[] {
  const groups = new Map<string, Hl7Segment[]>();
  let auto = 0;
  for (const segment of obx) {
    const id = segment.get(3);
    // without a sub-id, each vaccine-group observation starts a new group
    if (!segment.get(4) && (id === '30979-9' || id === '30956-7')) auto++;
    const key = segment.get(4) ?? `auto-${auto}`;
    groups.set(key, [...(groups.get(key) ?? []), segment]);
  }
  return [...groups.values()].map((segments) => {
    const byCode = new Map<string, Hl7Segment[]>();
    for (const s of segments) byCode.set(s.get(3) ?? '', [...(byCode.get(s.get(3) ?? '') ?? []), s]);
    return byCode;
  });
}

const first = (group: Map<string, Hl7Segment[]>, loinc: string) => group.get(loinc)?.[0];

/** The id of a vaccination: ORC-3 filler order number, else its position. */
const vaccinationId = (group: AdministrationGroup) => group.orc?.get(3) ?? `rxa-${group.index + 1}`;

function toVaccination(group: AdministrationGroup): VaccinationRecord | undefined {
  const { rxa, rxr, obx } = group;
  if (rxa.get(21) === 'D') return undefined; // deleted by the registry
  const vaccine = coded(rxa, 5);
  if (!vaccine) return undefined;
  const cvx = cvxOf(vaccine);
  if (cvx === '998') return undefined; // "no vaccine administered": the forecast's carrier
  const completion = rxa.get(20) ?? 'CP';
  const notGiven = completion === 'RE' || completion === 'NA';
  const refusal = coded(rxa, 18);
  const obxReason = obx.find((s) => ['30945-0', '59784-9', '75505-8'].includes(s.get(3) ?? ''));
  const reason = refusal ?? (obxReason ? coded(obxReason, 5) : undefined);
  const manufacturer = coded(rxa, 17);
  const mvx = manufacturer?.codings.find((c) => c.system === 'MVX')?.code;
  const lot = rxa.repetitions(15).map((_, i) => rxa.get(15, 1, i)).filter(Boolean).join(', ');
  const place = rxa.get(11, 4) ?? rxa.get(11, 1);
  const date = hl7Date(rxa.get(3));
  const dose = first(obxGroups(obx).find((g) => g.has('30973-2') && !g.has('30979-9')) ?? new Map(), '30973-2')?.get(5);
  const record: VaccinationRecord = {
    id: vaccinationId(group),
    vaccine,
    ...(cvx ? { cvx } : {}),
    ...(mvx ? { mvx } : {}),
    ...(date ? { date } : {}),
    status: notGiven ? 'not-given' : 'given',
    ...(notGiven && reason ? { notGivenReason: reason } : {}),
    ...(completion === 'RE' ? { refused: true } : {}),
    // RXA-20 PA "partially administered": a partial dose, in FHIR's subpotent-reason words
    ...(completion === 'PA' ? { partial: true, subpotentReason: PARTIAL_DOSE } : {}),
    ...(dose && !notGiven ? { doseNumber: dose } : {}),
    source: 'registry',
    ...(place ? { location: place } : {}),
    ...(personName(rxa, 10, 2) ? { performer: personName(rxa, 10, 2) } : {}),
    ...(lot ? { lotNumber: lot } : {}),
    ...(manufacturer?.text ? { manufacturer: manufacturer.text } : {}),
    ...(rxr && coded(rxr, 2) ? { site: coded(rxr, 2) } : {}),
    ...(rxr && coded(rxr, 1) ? { route: coded(rxr, 1) } : {}),
  };
  return record;
}

function toEvaluations(group: AdministrationGroup): DoseEvaluation[] {
  return obxGroups(group.obx).flatMap((g) => {
    const type = first(g, '30956-7');
    const validity = first(g, '59781-5')?.get(5);
    if (!type || !validity) return [];
    const vaccine = coded(type, 5);
    const valid = validity === 'Y';
    const reason = first(g, '30982-3');
    const reasonText = reason ? (reason.get(5, 2) ?? reason.get(5)) : undefined;
    const dose = Number.parseInt(first(g, '30973-2')?.get(5) ?? '', 10);
    return [
      {
        vaccinationId: vaccinationId(group),
        vaccineGroup: forecastGroupsOf(vaccine)[0] ?? vaccine?.text ?? 'Unknown',
        valid,
        sourceStatus: valid ? 'Valid' : 'Not Valid',
        ...(!valid && reasonText ? { reason: reasonText } : {}),
        ...(valid && dose > 0 ? { doseNumber: dose } : {}),
      },
    ];
  });
}

/** A 59783-1 series status in our words; undefined leaves the dates to decide. */
function seriesStatus(code: string | undefined, text: string | undefined): ForecastStatus | 'dates' | undefined {
  const words = `${code ?? ''} ${text ?? ''}`.toLowerCase();
  if (/aged? ?out|too old/.test(words)) return 'aged-out';
  if (/not recommended/.test(words)) return 'not-recommended';
  if (/contraindicat/.test(words)) return 'contraindicated';
  if (/immun(e|ity)/.test(words)) return 'immune';
  if (/overdue|past due/.test(words)) return 'overdue';
  if (/not complete|incomplete|on schedule|up to date|in progress/.test(words)) return 'dates';
  if (/complete|finished/.test(words)) return 'complete';
  if (/\bdue\b/.test(words)) return 'dates';
  return code || text ? undefined : 'dates';
}

/** Status from the dates when the series status leaves it open. */
function byDates(line: Pick<VaccineGroupForecast, 'recommendedDate' | 'pastDueDate'>, asOf: DateValue): ForecastStatus {
  const day = (v: DateValue | undefined) => v?.slice(0, 10);
  if (line.pastDueDate && day(line.pastDueDate)! <= asOf) return 'overdue';
  if (line.recommendedDate) return day(line.recommendedDate)! <= asOf ? 'due-now' : 'due-later';
  return 'unknown';
}

function toForecastLines(group: AdministrationGroup, asOf: DateValue): VaccineGroupForecast[] {
  const groups = obxGroups(group.obx);
  // a schedule sent in a group of its own applies to every forecast line of this RXA
  const schedule = groups.map((g) => first(g, '59779-9')).find(Boolean);
  return groups.flatMap((g) => {
    const due = first(g, '30979-9');
    if (!due) return [];
    const vaccine = coded(due, 5);
    const date = (loinc: string) => hl7Date(first(g, loinc)?.get(5));
    const dates = {
      recommendedDate: date('30980-7'),
      earliestDate: date('30981-5'),
      latestDate: date('59777-3'),
      pastDueDate: date('59778-1'),
    };
    const status = first(g, '59783-1');
    const statusCode = status?.get(5, 1);
    const statusText = status?.get(5, 2);
    const mapped = seriesStatus(statusCode, statusText);
    const dose = Number.parseInt(first(g, '30973-2')?.get(5) ?? '', 10);
    const series = first(g, '59780-7')?.get(5, 2) ?? first(g, '59780-7')?.get(5) ?? (first(g, '59779-9') ?? schedule)?.get(5, 2);
    const reason = first(g, '30982-3');
    const line: VaccineGroupForecast = {
      vaccineGroup: forecastGroupsOf(vaccine)[0] ?? vaccine?.text ?? vaccine?.codings[0]?.code ?? 'Unknown',
      ...(vaccine ? { vaccine } : {}),
      status: mapped === 'dates' ? byDates(dates, asOf) : (mapped ?? 'unknown'),
      ...(statusText || statusCode ? { sourceStatus: statusText ?? statusCode } : {}),
      ...(dose > 0 ? { doseNumber: dose } : {}),
      ...Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)),
      ...(series ? { series } : {}),
      ...(reason ? { reason: reason.get(5, 2) ?? reason.get(5) } : {}),
    };
    return [line];
  });
}

/** Splits the segments after PID into ORC/RXA groups; fails when an ORC has no RXA (a cut message). */
function administrationGroups(segments: readonly Hl7Segment[]): AdministrationGroup[] {
  const groups: AdministrationGroup[] = [];
  let orc: Hl7Segment | undefined;
  for (const segment of segments) {
    if (segment.name === 'ORC') {
      if (orc) fail('an ORC segment is not followed by its RXA (the message may be truncated)');
      orc = segment;
    } else if (segment.name === 'RXA') {
      if (!segment.get(3) || !segment.get(5)) fail(`RXA ${groups.length + 1} has no date (RXA-3) or no vaccine (RXA-5); the message may be truncated`);
      groups.push({ orc, rxa: segment, obx: [], index: groups.length });
      orc = undefined;
    } else if (segment.name === 'RXR') {
      const last = groups.at(-1);
      if (last) last.rxr = segment;
    } else if (segment.name === 'OBX') {
      groups.at(-1)?.obx.push(segment);
    }
  }
  if (orc) fail('the last ORC segment has no RXA (the message is truncated)');
  return groups;
}

/**
 * Reads an IIS query response (HL7 v2.5.1 `RSP^K11`, Z32 / Z42 / Z31 / Z33) as the
 * patient's record and, for Z42, the registry's forecast and dose evaluations.
 */
export function iisResponseToRecord(text: string, options: IisResponseOptions = {}): IisResponse {
  const message = parseHl7Message(text);
  const msh = message.segments[0]!;
  const type = [msh.get(9, 1), msh.get(9, 2)].filter(Boolean).join('^');
  if (type !== 'RSP^K11') fail(`it is a ${type || 'message without a type (MSH-9)'}, not an RSP^K11 query response`);
  const version = msh.get(12);
  if (!version || !/^2\.5(\.\d+)?$/.test(version)) fail(`it declares HL7 version ${version ?? '(none)'} in MSH-12; version 2.5.1 is expected`);
  const profiles = msh.repetitions(21).map((_, i) => msh.get(21, 1, i));
  const qak = message.segments.find((s) => s.name === 'QAK');
  if (!message.segments.some((s) => s.name === 'MSA')) fail('it has no MSA segment (the message may be truncated)');
  if (!qak) fail('it has no QAK segment (the message may be truncated)');
  const status = qak!.get(2);
  const madeAt = hl7Date(msh.get(7));
  const sourceName = options.sourceName ?? msh.get(4);
  const base = { ...(sourceName ? { sourceName } : {}), ...(madeAt ? { retrievedAt: madeAt } : {}) };
  if (status === 'AE' || status === 'AR') {
    const details = message.segments.filter((s) => s.name === 'ERR').map((s) => s.get(8) ?? s.get(3, 2) ?? '').filter(Boolean);
    throw new EngageError('invalid', `The registry refused the query (QAK-2 ${status}).`, { details });
  }
  if (status === 'NF') return { record: { patient: { ref: options.ref ?? 'Patient/unknown' }, vaccinations: [], lookup: 'not-found', ...base } };
  const pids = message.segments.filter((s) => s.name === 'PID');
  if (status === 'TM' || profiles.includes('Z31') || pids.length > 1) {
    // a list of candidates is not the patient's record: the query must be narrowed
    return { record: { patient: { ref: options.ref ?? 'Patient/unknown' }, vaccinations: [], lookup: 'too-many', ...base } };
  }
  if (status !== 'OK' && status !== 'PD') fail(`QAK-2 query status "${status ?? ''}" is not one of OK, NF, TM, PD, AE, AR`);
  const pidAt = message.segments.findIndex((s) => s.name === 'PID');
  if (pidAt === -1) fail('the query found a patient (QAK-2 OK) but there is no PID segment (the message may be truncated)');
  const groups = administrationGroups(message.segments.slice(pidAt + 1));
  const record: ImmunizationRecord = {
    patient: toPatient(message.segments[pidAt], options.ref),
    vaccinations: groups.map(toVaccination).filter((v): v is VaccinationRecord => v !== undefined),
    lookup: 'found',
    ...base,
  };
  // no MSH-7 (a malformed answer): the viewer's today, not UTC's (west of UTC that is tomorrow by evening)
  const asOf = options.asOf ?? madeAt?.slice(0, 10) ?? calendarDayOf(new Date());
  const lines = groups.filter((g) => g.rxa.get(21) !== 'D').flatMap((g) => toForecastLines(g, asOf));
  const evaluations = groups.filter((g) => g.rxa.get(21) !== 'D' && cvxOf(coded(g.rxa, 5)) !== '998').flatMap(toEvaluations);
  if (!profiles.includes('Z42') && !lines.length) return { record };
  const forecast: ImmunizationForecast = {
    source: 'registry',
    ...(sourceName ? { sourceName } : {}),
    asOf,
    ...(madeAt ? { madeAt } : {}),
    groups: lines,
    evaluations,
  };
  return { record, forecast };
}
