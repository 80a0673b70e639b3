/**
 * Vaccines due, as care reminders: each vaccine group of an immunization forecast that is due
 * now, overdue or due on a later date becomes one reminder of kind `immunization`, so
 * `<engage-care-reminders>` lists vaccines beside screenings. The groups the forecast cannot
 * judge (`unknown`: the record holds a dose it could not read, or the source's status word is
 * not one this library knows) become ONE reminder of status `unknown`, "Vaccine record", that
 * names them and asks for a check with the care team: one dose the engine cannot read holds
 * back every group it might belong to (nine on a real record), and an item per group would be
 * noise that buries what is due. It carries no date, dose number or single vaccine group.
 * The forecast is the immunization port's (the EHR's, the registry's) or the library's CDSi
 * engine's; this module only translates it and never second-guesses its status.
 *
 * Dates follow the forecast's own definitions (see `src/immunization-forecast/to-forecast.ts`):
 * a dose is due from its recommended date (else its earliest date) and overdue only *after*
 * its past-due date, the last day it is still on schedule, so "overdue since" is the day after.
 */
import type { CareReminder, DateValue, ImmunizationForecast, LocalizedText, ReminderImmunization, VaccineGroupForecast } from '../adapters/ports.js';
import { addDuration, formatDate, parseDate } from '../immunization-forecast/dates.js';
import type { NoForecast } from '../immunization-forecast/patient-forecast.js';
import { sortReminders } from './evaluate.js';

/** Rule id every vaccine reminder carries (the forecast, not the rule set, decides them). */
export const IMMUNIZATION_RULE = 'immunization-forecast';

/**
 * Forecast statuses that are a reminder each. `unknown` groups (may be due; silence would read
 * as nothing due) share one; the rest (complete, immune, aged out …) are not due.
 */
const DUE = new Set<VaccineGroupForecast['status']>(['due-now', 'overdue', 'due-later']);

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

/** A vaccine group's plain name in `lang` (the group's own name when the table has none). */
function groupName(group: string, lang: 'en' | 'es'): string {
  const name = GROUP_NAMES[group];
  return (lang === 'es' ? name?.es : undefined) ?? name?.en ?? group;
}

/** "Shingles (zoster) vaccine": the reminder's title for a vaccine group. */
export function vaccineReminderTitle(group: string): LocalizedText {
  return { en: `${groupName(group, 'en')} vaccine`, es: `Vacuna: ${groupName(group, 'es')}` };
}

const WHY: LocalizedText = {
  en: 'Your vaccine record shows a dose is due.',
  es: 'Su registro de vacunas muestra que le toca una dosis.',
};
/** Id of the one reminder that gathers the groups the forecast cannot judge (stable across loads). */
const RECORD_CHECK_ID = `${IMMUNIZATION_RULE}:unknown`;
const RECORD_CHECK_TITLE: LocalizedText = { en: 'Vaccine record', es: 'Registro de vacunas' };
/** The start of each reason an `unknown` group needs a check, for one group and for several. */
type Lead = Record<'en' | 'es', [one: string, many: string]>;
/** A dose not counted: the one "due" may be given. */
const LEAD_UNCOUNTED: Lead = {
  en: [
    'Your record lists a vaccine dose this app cannot read, so it cannot tell if this vaccine is due:',
    'Your record lists a vaccine dose this app cannot read, so it cannot tell if these vaccines are due:',
  ],
  es: [
    'Su registro tiene una dosis de vacuna que esta aplicación no puede leer, así que no puede saber si le toca esta vacuna:',
    'Su registro tiene una dosis de vacuna que esta aplicación no puede leer, así que no puede saber si le tocan estas vacunas:',
  ],
};
/** The source's status is one the library does not know. */
const LEAD_UNCLEAR: Lead = {
  en: ['Your vaccine record does not show clearly if this vaccine is due:', 'Your vaccine record does not show clearly if these vaccines are due:'],
  es: ['Su registro de vacunas no muestra con claridad si le toca esta vacuna:', 'Su registro de vacunas no muestra con claridad si le tocan estas vacunas:'],
};

/** The day after `date`, when it is a calendar date. */
function dayAfter(date: DateValue | undefined): DateValue | undefined {
  const day = date ? parseDate(date.slice(0, 10)) : undefined;
  return day === undefined ? undefined : formatDate(addDuration(day, '1 day')!);
}

/** Where a vaccine reminder's forecast came from (the backend, a registry, the CDSi engine). */
function sourceOf(forecast: ImmunizationForecast): { source: ImmunizationForecast['source']; sourceName?: string } {
  return { source: forecast.source, ...(forecast.sourceName ? { sourceName: forecast.sourceName } : {}) };
}

/** One reminder for one vaccine group's forecast that is due now, overdue or due later. */
function reminderOf(group: VaccineGroupForecast, forecast: ImmunizationForecast): CareReminder {
  const dueFrom = group.recommendedDate ?? group.earliestDate;
  const dueDate = group.status === 'overdue' ? (dayAfter(group.pastDueDate) ?? dueFrom) : dueFrom;
  const risk = group.seriesType === 'risk' ? ':risk' : '';
  return {
    id: `${IMMUNIZATION_RULE}:${group.vaccineGroup}${risk}`,
    ruleId: IMMUNIZATION_RULE,
    kind: 'immunization',
    title: vaccineReminderTitle(group.vaccineGroup),
    why: WHY,
    status: group.status as CareReminder['status'],
    ...(dueDate ? { dueDate } : {}),
    evidence: [],
    immunization: {
      vaccineGroup: group.vaccineGroup,
      ...sourceOf(forecast),
      ...(group.doseNumber !== undefined ? { doseNumber: group.doseNumber } : {}),
    },
  };
}

/** "Your record lists a vaccine dose … these vaccines are due: Flu and RSV." in `lang`, or '' for no groups. */
function reason(lead: Lead, groups: readonly string[], lang: 'en' | 'es'): string {
  if (!groups.length) return '';
  const names = groups.map((g) => groupName(g, lang));
  // semicolons, not commas: names such as "Tetanus, diphtheria and whooping cough" hold commas
  return `${lead[lang][names.length === 1 ? 0 : 1]} ${names.join('; ')}.`;
}

/**
 * The one reminder to check the vaccine record for every group the forecast cannot judge, or
 * `undefined` when it judges them all. The engine worked out dates and a dose for a held-back
 * group without the dose it could not read; they may be wrong, so the reminder tells none.
 */
function recordCheckOf(groups: readonly VaccineGroupForecast[], forecast: ImmunizationForecast): CareReminder | undefined {
  if (!groups.length) return undefined;
  // a group with a standard and a risk series is named once
  const names = (list: readonly VaccineGroupForecast[]) => [...new Set(list.map((g) => g.vaccineGroup))];
  const uncounted = names(groups.filter((g) => g.uncounted?.length));
  const unclear = names(groups.filter((g) => !g.uncounted?.length)).filter((g) => !uncounted.includes(g));
  const why = (lang: 'en' | 'es') => [reason(LEAD_UNCOUNTED, uncounted, lang), reason(LEAD_UNCLEAR, unclear, lang)].filter(Boolean).join(' ');
  return recordCheck({ en: why('en'), es: why('es') }, { vaccineGroups: names(groups), ...sourceOf(forecast) });
}

/** The one "Vaccine record" reminder (status `unknown`): no date, no dose, why it needs a check. */
function recordCheck(why: LocalizedText, immunization: ReminderImmunization): CareReminder {
  return { id: RECORD_CHECK_ID, ruleId: IMMUNIZATION_RULE, kind: 'immunization', title: RECORD_CHECK_TITLE, why, status: 'unknown', evidence: [], immunization };
}

/** Why no vaccine can be told due, when no forecast could be made. */
const NO_FORECAST: Record<NoForecast, LocalizedText> = {
  'record-not-matched': {
    en: 'The state vaccine registry could not match your record, so this app cannot tell which vaccines are due.',
    es: 'El registro estatal de vacunas no pudo confirmar cuál es su historial, así que esta aplicación no puede saber qué vacunas le tocan.',
  },
  'no-birth-date': {
    en: 'Your record does not show your full date of birth, so this app cannot tell which vaccines are due.',
    es: 'Su registro no muestra su fecha de nacimiento completa, así que esta aplicación no puede saber qué vacunas le tocan.',
  },
};

/**
 * The one reminder to check the vaccine record when no forecast could be made: leaving vaccines
 * out would read as none due, and listing them (an empty or someone else's record) as all due.
 */
function noForecastCheck(why: NoForecast): CareReminder {
  return recordCheck(NO_FORECAST[why], { vaccineGroups: [] });
}

/**
 * The vaccine groups of `forecast` that are due now, overdue or due later, one reminder each,
 * and one reminder to check the record for all the groups it cannot judge (`unknown`).
 */
export function immunizationReminders(forecast: ImmunizationForecast): CareReminder[] {
  const check = recordCheckOf(forecast.groups.filter((g) => g.status === 'unknown'), forecast);
  return [...forecast.groups.filter((g) => DUE.has(g.status)).map((g) => reminderOf(g, forecast)), ...(check ? [check] : [])];
}

/**
 * `reminders` with the forecast's vaccine reminders added, in display order; with the one
 * record check when no forecast could be made; unchanged without an immunization source.
 */
export function withImmunizations(reminders: readonly CareReminder[], forecast: ImmunizationForecast | NoForecast | undefined): CareReminder[] {
  const vaccines = forecast === undefined ? [] : typeof forecast === 'string' ? [noForecastCheck(forecast)] : immunizationReminders(forecast);
  return sortReminders([...reminders, ...vaccines]);
}
