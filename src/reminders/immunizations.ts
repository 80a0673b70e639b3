/**
 * Vaccines due, as care reminders: each vaccine group of an immunization forecast that is due
 * now, overdue or due on a later date becomes one reminder of kind `immunization`, so
 * `<engage-care-reminders>` lists vaccines beside screenings. A group the forecast cannot
 * judge (`unknown`: the record holds a dose it could not read, or the source's status word is
 * not one this library knows) becomes a reminder of status `unknown` to check the record with
 * the care team: it carries no date and no dose number, which the source did not stand behind.
 * The forecast is the immunization port's (the EHR's, the registry's) or the library's CDSi
 * engine's; this module only translates it and never second-guesses its status.
 *
 * Dates follow the forecast's own definitions (see `src/immunization-forecast/to-forecast.ts`):
 * a dose is due from its recommended date (else its earliest date) and overdue only *after*
 * its past-due date, the last day it is still on schedule, so "overdue since" is the day after.
 */
import type { CareReminder, DateValue, ImmunizationForecast, LocalizedText, VaccineGroupForecast } from '../adapters/ports.js';
import { addDuration, formatDate, parseDate } from '../immunization-forecast/dates.js';
import { sortReminders } from './evaluate.js';

/** Rule id every vaccine reminder carries (the forecast, not the rule set, decides them). */
export const IMMUNIZATION_RULE = 'immunization-forecast';

/**
 * Forecast statuses that are reminders: due, and `unknown` (may be due; silence would read as
 * nothing due). The rest (complete, immune, aged out …) are not due.
 */
const SHOWN = new Set<VaccineGroupForecast['status']>(['due-now', 'overdue', 'due-later', 'unknown']);

/** Plain names of the CDSi vaccine groups, in the languages the rules ship. */
const GROUP_NAMES: Readonly<Record<string, LocalizedText>> = {
  'DTaP/Tdap/Td': { en: 'Tetanus, diphtheria and whooping cough', es: 'Tétanos, difteria y tos ferina' },
  HepA: { en: 'Hepatitis A', es: 'Hepatitis A' },
  HepB: { en: 'Hepatitis B', es: 'Hepatitis B' },
  Hib: { en: 'Hib', es: 'Hib' },
  HPV: { en: 'HPV', es: 'VPH' },
  Influenza: { en: 'Flu', es: 'Gripe' },
  MMR: { en: 'Measles, mumps and rubella (MMR)', es: 'Sarampión, paperas y rubéola (MMR)' },
  Meningococcal: { en: 'Meningitis (meningococcal)', es: 'Meningitis (meningocócica)' },
  'Meningococcal B': { en: 'Meningitis B (meningococcal B)', es: 'Meningitis B (meningocócica B)' },
  Pneumococcal: { en: 'Pneumonia (pneumococcal)', es: 'Neumonía (neumocócica)' },
  Polio: { en: 'Polio', es: 'Polio' },
  Rotavirus: { en: 'Rotavirus', es: 'Rotavirus' },
  RSV: { en: 'RSV', es: 'VSR' },
  Varicella: { en: 'Chickenpox (varicella)', es: 'Varicela' },
  Zoster: { en: 'Shingles (zoster)', es: 'Culebrilla (herpes zóster)' },
};

/** "Shingles (zoster) vaccine": the reminder's title for a vaccine group. */
export function vaccineReminderTitle(group: string): LocalizedText {
  const name = GROUP_NAMES[group] ?? { en: group, es: group };
  return { en: `${name.en} vaccine`, es: `Vacuna: ${name.es ?? name.en}` };
}

const WHY: LocalizedText = {
  en: 'Your vaccine record shows a dose is due.',
  es: 'Su registro de vacunas muestra que le toca una dosis.',
};
/** Why an `unknown` group needs a check: a dose not counted, so the one "due" may be given. */
const WHY_UNCOUNTED: LocalizedText = {
  en: 'Your record lists a vaccine dose this app cannot read, so it cannot tell if a dose is due.',
  es: 'Su registro tiene una dosis de vacuna que esta aplicación no puede leer, así que no puede saber si le toca una dosis.',
};
/** Why an `unknown` group needs a check when the source's status is one the library does not know. */
const WHY_UNCLEAR: LocalizedText = {
  en: 'Your vaccine record does not show clearly if a dose is due.',
  es: 'Su registro de vacunas no muestra con claridad si le toca una dosis.',
};

/** The day after `date`, when it is a calendar date. */
function dayAfter(date: DateValue | undefined): DateValue | undefined {
  const day = date ? parseDate(date.slice(0, 10)) : undefined;
  return day === undefined ? undefined : formatDate(addDuration(day, '1 day')!);
}

/** One reminder for one vaccine group's forecast, or `undefined` when nothing is due. */
function reminderOf(group: VaccineGroupForecast, forecast: ImmunizationForecast): CareReminder | undefined {
  if (!SHOWN.has(group.status)) return undefined;
  // a group held back keeps the dates and dose the engine worked out without the dose it could
  // not read; they may be wrong, so an unknown reminder tells none of them
  const known = group.status !== 'unknown';
  const dueFrom = group.recommendedDate ?? group.earliestDate;
  const dueDate = !known ? undefined : group.status === 'overdue' ? (dayAfter(group.pastDueDate) ?? dueFrom) : dueFrom;
  const risk = group.seriesType === 'risk' ? ':risk' : '';
  return {
    id: `${IMMUNIZATION_RULE}:${group.vaccineGroup}${risk}`,
    ruleId: IMMUNIZATION_RULE,
    kind: 'immunization',
    title: vaccineReminderTitle(group.vaccineGroup),
    why: known ? WHY : group.uncounted?.length ? WHY_UNCOUNTED : WHY_UNCLEAR,
    status: group.status as CareReminder['status'],
    ...(dueDate ? { dueDate } : {}),
    evidence: [],
    immunization: {
      vaccineGroup: group.vaccineGroup,
      source: forecast.source,
      ...(forecast.sourceName ? { sourceName: forecast.sourceName } : {}),
      ...(known && group.doseNumber !== undefined ? { doseNumber: group.doseNumber } : {}),
    },
  };
}

/** The vaccine groups of `forecast` that are due now, overdue or due later, or not known to be (`unknown`), as reminders. */
export function immunizationReminders(forecast: ImmunizationForecast): CareReminder[] {
  return forecast.groups.map((g) => reminderOf(g, forecast)).filter((r): r is CareReminder => r !== undefined);
}

/** `reminders` with the forecast's vaccine reminders added, in display order. */
export function withImmunizations(reminders: readonly CareReminder[], forecast: ImmunizationForecast | undefined): CareReminder[] {
  return sortReminders([...reminders, ...(forecast ? immunizationReminders(forecast) : [])]);
}
