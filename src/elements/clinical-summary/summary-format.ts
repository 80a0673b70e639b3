/**
 * Dates, quantities and sort times of <engage-clinical-summary>, shared by its row,
 * result and section templates. Formatting builds an `Intl` formatter per call, which
 * dominates the first render of a long record; the same dates and values repeat, so their
 * texts are remembered here (per locale, bounded).
 */
import type {
  AdvanceDirectiveEntry,
  AllergyEntry,
  CarePlanEntry,
  CareTeamEntry,
  DeviceEntry,
  DocumentEntry,
  EncounterEntry,
  GoalEntry,
  ImmunizationEntry,
  MedicationEntry,
  ObservationEntry,
  ProblemEntry,
  ProcedureEntry,
  SummaryEntryBase,
  SummarySectionKey,
} from '../../adapters/ports.js';
import { type codedText, formatDate as formatDateUncached, formatQuantity as formatQuantityUncached, parseDate } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import type * as PatientWords from './patient-words.js';

/** An entry of any section, read by its section's field names. */
export type AnyEntry = SummaryEntryBase & Record<string, unknown>;

const formatted = new Map<string, string>();
/** The viewer's time zone, read once per render: a moment's day depends on it. */
let viewerZone = '';

/** Reads the viewer's time zone again (once per render, so a remembered day follows a change of zone). */
export function readViewerZone(): void {
  viewerZone = viewerTimeZone();
}

function remembered(key: string, make: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size > 20_000) formatted.clear();
    text = make();
    formatted.set(key, text);
  }
  return text;
}

/** A date or date-time as the locale writes it (a moment's day depends on the viewer's zone). */
export const formatDate = (value: string | undefined, locale: string): string =>
  value ? remembered(`d|${locale}|${value.includes('T') ? viewerZone : ''}|${value}`, () => formatDateUncached(value, locale)) : '';

/** A moment (when the summary was produced: a live read is stamped in UTC) on the viewer's clock. */
export const formatMoment = (value: string, locale: string): string => formatDateUncached(value, locale, { timeZone: viewerZone });

/*
 * The patient view's lay words (plain names, units: patient-words.ts and the LOINC and
 * RxNorm tables) load on demand, so a clinician's page never carries them. The element
 * loads them with the record for a patient or caregiver, before the first render of it.
 */
let patientWords: typeof PatientWords | undefined;

/** The lay words, once loaded. */
export const loadedPatientWords = (): typeof PatientWords | undefined => patientWords;

/** Loads the lay words (once). */
export async function loadPatientWords(): Promise<typeof PatientWords> {
  patientWords ??= await import('./patient-words.js');
  return patientWords;
}

/** A quantity as the record writes it, or (`plain`) with patient-friendly precision and units. */
export const formatQuantity = (quantity: Parameters<typeof formatQuantityUncached>[0], locale: string, plain = false): string => {
  if (!quantity) return '';
  const words = patientWords;
  // the lay words not loaded yet (a session turned to a patient's): the record's form, not remembered
  if (plain && !words) return formatQuantityUncached(quantity, locale);
  return remembered(
    `q|${locale}|${plain}|${quantity.comparator ?? ''}|${quantity.value ?? ''}|${quantity.decimals ?? ''}|${quantity.unit ?? ''}|${quantity.code ?? ''}`,
    () => (plain && words ? words.patientQuantity(quantity, locale) : formatQuantityUncached(quantity, locale)),
  );
};

const sortTimes = new Map<string, number>();

/**
 * A moment for sorting newest first; unknown dates sort last. A date-time counts at the date
 * and time it was written (as it is shown), so a list reads in the order of the days it shows:
 * 8 pm on 1 May at UTC−5 (01:00 UTC on 2 May) sorts before a record dated 2 May. Remembered per
 * text: a long record sorts and groups by the same dates many times, and parsing them was a
 * tenth of its first render.
 */
export function timeOf(value: string | undefined): number {
  if (value === undefined) return -Infinity;
  let time = sortTimes.get(value);
  if (time === undefined) {
    if (sortTimes.size > 20_000) sortTimes.clear();
    const parsed = parseDate(value);
    time = !parsed ? -Infinity : parsed.wall ? parsed.wall.getTime() : Date.UTC(parsed.year, (parsed.month ?? 1) - 1, parsed.day ?? 1);
    sortTimes.set(value, time);
  }
  return time;
}

/** The date an entry is sorted and shown by, per section. */
export function dateField(key: SummarySectionKey, entry: AnyEntry): string | undefined {
  switch (key) {
    case 'problems':
      return (entry as unknown as ProblemEntry).onset ?? (entry as unknown as ProblemEntry).recorded;
    case 'allergies':
      return (entry as unknown as AllergyEntry).onset;
    case 'medications': {
      // a prescription by when it was written (else its course); a reported medicine by when taken, else reported
      const medicine = entry as unknown as MedicationEntry;
      const taken = medicine.taken ?? medicine.takenPeriod?.start ?? medicine.takenPeriod?.end;
      return medicine.authoredOn ?? taken ?? medicine.course?.start ?? medicine.course?.end ?? medicine.reported?.on ?? medicine.proposed?.on;
    }
    case 'immunizations':
      return (entry as unknown as ImmunizationEntry).date;
    case 'procedures':
      return (entry as unknown as ProcedureEntry).performed;
    case 'encounters':
      return (entry as unknown as EncounterEntry).start;
    case 'carePlan':
      return (entry as unknown as CarePlanEntry).start;
    case 'goals':
      return (entry as unknown as GoalEntry).due;
    case 'documents':
      return (entry as unknown as DocumentEntry).date;
    case 'careTeam':
      return (entry as unknown as CareTeamEntry).start;
    case 'devices':
      return (entry as unknown as DeviceEntry).start;
    case 'advanceDirectives':
      return (entry as unknown as AdvanceDirectiveEntry).date;
    default:
      return (entry as unknown as ObservationEntry).effective;
  }
}

/** What a negated entry is about (the vaccine not given, the substance not allergic to). */
export function negatedName(key: SummarySectionKey, entry: AnyEntry): Parameters<typeof codedText>[0] {
  const e = entry as Record<string, unknown>;
  return (key === 'allergies' ? e.substance : key === 'immunizations' ? e.vaccine : e.name ?? e.code ?? e.title ?? e.description ?? e.type) as Parameters<typeof codedText>[0];
}
