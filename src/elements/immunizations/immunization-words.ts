/**
 * The element's words for vaccine groups, statuses and sources, and the patient's sentences
 * about what is due ("Your next HPV dose is due on March 3, 2027"). Called during a render
 * (or inside `localized()`), so `msg` speaks the element's language.
 */
import { msg, str } from '../../core/localization.js';
import { formatDate } from '../../core/format.js';
import type { ForecastSource, ForecastStatus, ImmunizationSource, VaccineGroupForecast } from '../../adapters/ports.js';
import { OTHER_GROUP } from './immunization-groups.js';
import type { ChipTone } from '../../core/chips.js';
import { type Icon, iconCalendar, iconCheck, iconCross, iconMinus, iconQuestion, iconWarning } from '../../core/icons.js';

/**
 * Which of a group's two forecasts one is: the series for a risk (a pregnancy, a health
 * condition, travel) or the routine schedule; plain words for patients.
 */
export function seriesTypeWord(type: 'standard' | 'risk', plain: boolean): string {
  if (type === 'risk') return plain ? msg('for your health needs', { id: 'imm.series-type.risk.plain' }) : msg('risk series', { id: 'imm.series-type.risk' });
  return plain ? msg('routine', { id: 'imm.series-type.standard.plain' }) : msg('standard series', { id: 'imm.series-type.standard' });
}

/**
 * A vaccine group in plain words for patients; clinicians see the CDSi name. Groups without a
 * plainer name (DTaP/Tdap/Td, MMR, HPV, Hib: the names on a vaccine card) keep their own.
 */
export function groupLabel(name: string, plain: boolean): string {
  if (name === OTHER_GROUP) return msg('Other vaccines', { id: 'imm.group.other' });
  if (!plain) return name;
  switch (name) {
    case 'HepA':
      return msg('Hepatitis A', { id: 'imm.group.hepa' });
    case 'HepB':
      return msg('Hepatitis B', { id: 'imm.group.hepb' });
    case 'Influenza':
      return msg('Flu', { id: 'imm.group.flu' });
    case 'Pneumococcal':
      return msg('Pneumococcal (pneumonia)', { id: 'imm.group.pneumo' });
    case 'Polio':
      return msg('Polio', { id: 'imm.group.polio' });
    case 'Varicella':
      return msg('Chickenpox (varicella)', { id: 'imm.group.varicella' });
    case 'Zoster':
      return msg('Shingles (zoster)', { id: 'imm.group.zoster' });
    case 'Meningococcal':
      return msg('Meningococcal (meningitis)', { id: 'imm.group.mening' });
    case 'Meningococcal B':
      return msg('Meningococcal B (meningitis B)', { id: 'imm.group.menb' });
    case 'Rotavirus':
      return msg('Rotavirus', { id: 'imm.group.rota' });
    case 'RSV':
      return msg('RSV', { id: 'imm.group.rsv' });
    case 'DTaP/Tdap/Td':
      return msg('Tetanus, diphtheria, whooping cough (DTaP/Tdap/Td)', { id: 'imm.group.dtap' });
    default:
      return name;
  }
}

/** The status in a word or two (shown with an icon, never by colour alone). */
export function statusWord(status: ForecastStatus): string {
  switch (status) {
    case 'due-now':
      return msg('Due now', { id: 'imm.status.due-now' });
    case 'overdue':
      return msg('Overdue', { id: 'imm.status.overdue' });
    case 'due-later':
      return msg('Due later', { id: 'imm.status.due-later' });
    case 'complete':
      return msg('Complete', { id: 'imm.status.complete' });
    case 'immune':
      return msg('Immune', { id: 'imm.status.immune' });
    case 'contraindicated':
      return msg('Should not get', { id: 'imm.status.contraindicated' });
    case 'aged-out':
      return msg('Past the age', { id: 'imm.status.aged-out' });
    case 'not-recommended':
      return msg('Not recommended', { id: 'imm.status.not-recommended' });
    case 'unknown':
      return msg('Ask your care team', { id: 'imm.status.unknown' });
  }
}

/** The chip tone and icon of each status: its words always come with them, so it is never told by colour alone. */
export const STATUS_CHIP: Readonly<Record<ForecastStatus, readonly [ChipTone, Icon]>> = {
  'due-now': ['warning', iconCalendar],
  overdue: ['danger', iconWarning],
  'due-later': ['info', iconCalendar],
  complete: ['success', iconCheck],
  immune: ['success', iconCheck],
  contraindicated: ['danger', iconCross],
  'aged-out': ['neutral', iconMinus],
  'not-recommended': ['neutral', iconMinus],
  unknown: ['neutral', iconQuestion],
};

/** Who put a vaccination in the record, in words. */
export function sourceWord(source: ImmunizationSource): string {
  switch (source) {
    case 'administered':
      return msg('Given here', { id: 'imm.source.administered' });
    case 'historical':
      // primarySource false: another provider, a written or school record; no more is known
      return msg('Reported from another source', { id: 'imm.source.historical' });
    case 'registry':
      return msg('From the state registry', { id: 'imm.source.registry' });
    case 'patient-reported':
      return msg('Reported by the patient or family', { id: 'imm.source.patient-reported' });
    case 'unknown':
      return msg('Source not recorded', { id: 'imm.source.unknown' });
  }
}

/** Where a forecast came from, in words. */
export function forecastSourceWord(source: ForecastSource): string {
  switch (source) {
    case 'server':
      return msg('Your health record', { id: 'imm.forecast-source.server' });
    case 'immds-forecast':
      return msg('Your health record (decision support)', { id: 'imm.forecast-source.immds' });
    case 'registry':
      return msg('The state immunization registry', { id: 'imm.forecast-source.registry' });
    case 'engine':
      return msg('Worked out by this app from CDC rules', { id: 'imm.forecast-source.engine' });
  }
}

/**
 * The patient's sentence for one group's forecast, at grade 8 or below. `caregiver` speaks
 * about "your child". Dates are calendar dates and never shift with the viewer's time zone.
 */
export function patientSentence(group: string, forecast: VaccineGroupForecast, locale: string, caregiver: boolean): string {
  const date = (value: string | undefined) => formatDate(value, locale, { dateStyle: 'long' });
  const due = date(forecast.recommendedDate ?? forecast.earliestDate);
  const late = date(forecast.pastDueDate ?? forecast.recommendedDate);
  switch (forecast.status) {
    case 'due-now':
      return caregiver
        ? msg(str`Your child's next ${group} dose is due now.`, { id: 'imm.say.child.due-now' })
        : msg(str`Your next ${group} dose is due now.`, { id: 'imm.say.due-now' });
    case 'overdue':
      return caregiver
        ? msg(str`Your child's next ${group} dose is late. It was due by ${late}.`, { id: 'imm.say.child.overdue' })
        : msg(str`Your next ${group} dose is late. It was due by ${late}.`, { id: 'imm.say.overdue' });
    case 'due-later':
      return caregiver
        ? msg(str`Your child's next ${group} dose is due on ${due}.`, { id: 'imm.say.child.due-later' })
        : msg(str`Your next ${group} dose is due on ${due}.`, { id: 'imm.say.due-later' });
    case 'complete':
      return caregiver
        ? msg(str`Your child has had all the ${group} doses needed.`, { id: 'imm.say.child.complete' })
        : msg(str`You have had all the ${group} doses you need.`, { id: 'imm.say.complete' });
    case 'immune':
      return caregiver
        ? msg(str`Your child is already protected. No ${group} doses are needed.`, { id: 'imm.say.child.immune' })
        : msg(str`You are already protected. You need no ${group} doses.`, { id: 'imm.say.immune' });
    case 'contraindicated':
      return caregiver
        ? msg(str`Your child should not get the ${group} vaccine. Ask the care team why.`, { id: 'imm.say.child.contraindicated' })
        : msg(str`You should not get the ${group} vaccine. Ask your care team why.`, { id: 'imm.say.contraindicated' });
    case 'aged-out':
      return caregiver
        ? msg(str`Your child is past the age for the ${group} vaccine.`, { id: 'imm.say.child.aged-out' })
        : msg(str`You are past the age for the ${group} vaccine.`, { id: 'imm.say.aged-out' });
    case 'not-recommended':
      return caregiver
        ? msg(str`The ${group} vaccine is not needed for your child now.`, { id: 'imm.say.child.not-recommended' })
        : msg(str`The ${group} vaccine is not needed for you now.`, { id: 'imm.say.not-recommended' });
    case 'unknown':
      return msg(str`Ask your care team about the ${group} vaccine.`, { id: 'imm.say.unknown' });
  }
}
