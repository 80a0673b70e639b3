/**
 * The words of <engage-care-reminders>: status sentences and rule text in the element's
 * language. Called during render (or inside `localized()`), so `msg` picks the language.
 */
import { msg, str } from '../../core/localization.js';
import { formatDate } from '../../core/format.js';
import type { CareReminder, ForecastSource, LocalizedText, ReminderEvidence } from '../../adapters/ports.js';

/** Rule text in `locale` (`es-MX` reads `es`), else English. */
export function textIn(text: LocalizedText | string | undefined, locale: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  return text[locale] ?? text[language] ?? text.en;
}

/** The status as words (never colour alone): "Overdue since March 4, 2019". */
export function statusText(reminder: CareReminder, locale: string): string {
  const date = formatDate(reminder.dueDate, locale, { dateStyle: 'long' });
  switch (reminder.status) {
    case 'overdue':
      return date ? msg(str`Overdue since ${date}`, { id: 'reminders.status.overdue-since' }) : msg('Overdue', { id: 'reminders.status.overdue' });
    case 'due-now':
      return msg('Due now', { id: 'reminders.status.due-now' });
    case 'due-later':
      return msg(str`Due on ${date}`, { id: 'reminders.status.due-on' });
    case 'done':
      return msg(str`Done on ${formatDate(reminder.lastDone?.date, locale, { dateStyle: 'long' })}`, { id: 'reminders.status.done-on' });
    case 'declined':
      return msg('You said no to this for now', { id: 'reminders.status.declined' });
    case 'done-elsewhere-pending':
      return msg('Done somewhere else. Your care team will check it.', { id: 'reminders.status.pending' });
    case 'not-applicable':
      return msg('Does not apply to you', { id: 'reminders.status.not-applicable' });
    case 'unknown':
      // a vaccine group the forecast cannot judge: no date to give, the record is what needs a look
      return msg('Check your vaccine record with your care team', { id: 'reminders.status.unknown' });
  }
}

/** The status for clinicians: shorter and exact. */
export function clinicianStatusText(reminder: CareReminder, locale: string): string {
  switch (reminder.status) {
    case 'declined':
      return msg('Declined', { id: 'reminders.clinician.declined' });
    case 'done-elsewhere-pending':
      return msg('Reported done elsewhere, needs review', { id: 'reminders.clinician.pending' });
    case 'not-applicable':
      return msg('Not applicable', { id: 'reminders.clinician.not-applicable' });
    case 'unknown':
      return msg('Not forecast: check the vaccine record', { id: 'reminders.clinician.unknown' });
    default:
      return statusText(reminder, locale);
  }
}

/** "Last done: March 4, 2019 (Colonoscopy)". */
export function lastDoneText(reminder: CareReminder, locale: string): string {
  const last = reminder.lastDone;
  if (!last) return '';
  const date = formatDate(last.date, locale, { dateStyle: 'long' });
  const what = textIn(last.what, locale);
  return what
    ? msg(str`Last done: ${date} (${what})`, { id: 'reminders.last-done-what' })
    : msg(str`Last done: ${date}`, { id: 'reminders.last-done' });
}

/** "Next due: March 4, 2029", for a done item. */
export function nextDueText(reminder: CareReminder, locale: string): string {
  if (reminder.status !== 'done' || !reminder.dueDate) return '';
  return msg(str`Next due: ${formatDate(reminder.dueDate, locale, { dateStyle: 'long' })}`, { id: 'reminders.next-due' });
}

/** What a piece of evidence did, for clinicians. */
export function evidenceRoleText(role: ReminderEvidence['role']): string {
  switch (role) {
    case 'satisfies':
      return msg('meets the rule', { id: 'reminders.evidence.satisfies' });
    case 'expired':
      return msg('too old to count', { id: 'reminders.evidence.expired' });
    case 'applies':
      return msg('makes the rule apply', { id: 'reminders.evidence.applies' });
    case 'excludes':
      return msg('makes the rule not apply', { id: 'reminders.evidence.excludes' });
    case 'reported':
      return msg('reported by the patient', { id: 'reminders.evidence.reported' });
  }
}

/** Where a vaccine forecast came from, for clinicians. */
export function forecastSourceText(source: ForecastSource): string {
  switch (source) {
    case 'server':
    case 'immds-forecast':
      return msg('Forecast from the EHR', { id: 'reminders.forecast.server' });
    case 'registry':
      return msg('Forecast from the state registry', { id: 'reminders.forecast.registry' });
    case 'engine':
      return msg('Worked out by this app from CDC rules', { id: 'reminders.forecast.engine' });
  }
}
