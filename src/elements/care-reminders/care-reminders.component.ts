import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type {
  CareReminder,
  CareReminderList,
  CareReminderPort,
  DateValue,
  ImmunizationForecast,
  ImmunizationPort,
  RecordRef,
  ReminderAction,
  ReminderAnswer,
} from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { formatDate } from '../../core/format.js';
import { errorText, renderEmpty } from '../../core/states.js';
import { isEngageError } from '../../core/errors.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { withImmunizations } from '../../reminders/immunizations.js';
import { patientForecast, type NoForecast } from '../../immunization-forecast/patient-forecast.js';
import { clinicianStatusText, evidenceRoleText, forecastSourceText, lastDoneText, nextDueText, statusText, textIn } from './care-reminders-words.js';
import { careReminderStyles } from './care-reminders.styles.js';
import { chip, chipStyles, type ChipTone } from '../../core/chips.js';
import { type Icon, iconCalendar, iconCheck, iconCross, iconMinus, iconPending, iconQuestion, iconWarning } from '../../core/icons.js';
import type { ReminderStatus } from '../../adapters/ports.js';
import { addMonths, calendarDayOf } from '../../core/calendar-date.js';

/** The chip of each status (tone and icon beside its words). */
const STATUS_CHIP: Record<ReminderStatus, [ChipTone, Icon]> = {
  'due-now': ['warning', iconCalendar],
  overdue: ['danger', iconWarning],
  'due-later': ['info', iconCalendar],
  done: ['success', iconCheck],
  'not-applicable': ['neutral', iconMinus],
  declined: ['neutral', iconCross],
  'done-elsewhere-pending': ['info', iconPending],
  unknown: ['neutral', iconQuestion],
};

/** Detail of `engage-reminders-load`. */
export interface RemindersLoadDetail {
  list: CareReminderList;
}
/** Detail of `engage-reminder-answer` (after the backend stored the answer). */
export interface ReminderAnswerDetail {
  reminder: CareReminder;
  action: ReminderAction;
}
/** Detail of the "what to do next" events. */
export interface ReminderNextStepDetail {
  reminder: CareReminder;
  /** `engage-reminder-open-aid`: the decision aid's id (`aids/<id>.json`). */
  aid?: string;
  /**
   * `engage-reminder-open-immunizations`: the vaccine group due (`Zoster`). Absent for the one
   * "Vaccine record" check (status `unknown`), which is no one group's: the groups it names are
   * `reminder.immunization.vaccineGroups`.
   */
  vaccineGroup?: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-reminders-load': CustomEvent<RemindersLoadDetail>;
    'engage-reminder-answer': CustomEvent<ReminderAnswerDetail>;
    'engage-reminder-schedule': CustomEvent<ReminderNextStepDetail>;
    'engage-reminder-learn-more': CustomEvent<ReminderNextStepDetail>;
    'engage-reminder-open-aid': CustomEvent<ReminderNextStepDetail>;
    'engage-reminder-open-immunizations': CustomEvent<ReminderNextStepDetail>;
  }
}

/** The form open on one reminder. */
type FormKind = 'elsewhere' | 'not-applicable' | 'declined';
/** What the user typed in a form: kept through failures and re-renders until saved. */
interface Draft {
  performed: string;
  where: string;
  reason: string;
}

/** How long "Remind me later" waits. */
const SNOOZE = 1;

/** What the load found: the reminders (vaccines due included) and whether the vaccines could not be read. */
interface Loaded {
  list: CareReminderList;
  vaccinesFailed: boolean;
}

/** The id of a reminder's heading, where focus goes when the control that had it is gone. */
function headingId(reminderId: string): string {
  return `rem-${reminderId.replace(/[^a-z0-9-]/gi, '-')}`;
}

/** Statuses a patient can act on. */
const ACTIONABLE = new Set(['due-now', 'overdue', 'due-later']);

/**
 * What preventive and follow-up care is due: screenings, tests and visits, each with a
 * plain-language title, why it applies, its status in words (due now, overdue since a
 * date, due on a date, done on a date, declined, done elsewhere and waiting for review),
 * when it was last done and what counted.
 *
 * Patients and caregivers can say **"I had this done elsewhere"** (date and place; saved as
 * a patient-reported record for the clinic to review) or **"Remind me later"**. Clinicians
 * (session role `clinician`) also see the evidence behind each status — which records met
 * the rule, which were too old, what made it apply — and can mark an item declined, not
 * applicable (with a reason) or ordered. Every answer is a write through the port's write
 * protocol: a failed save keeps what was typed and can be retried without creating two.
 *
 * Next steps are events for the host: schedule, learn more, open the decision aid (the
 * colorectal screening aid, for example).
 *
 * **Vaccines due** appear among the reminders when the adapter also has an `immunizations`
 * port: each vaccine group its forecast lists as due now, overdue or due later (the backend's
 * forecast, else the library's CDSi engine, loaded on demand as `<engage-immunizations>`
 * does). Their next step is an event to open the vaccination record. Answers about vaccines
 * belong in the vaccination record, so these items offer none. The vaccine groups the forecast
 * cannot judge (status `unknown`: the record holds a dose it could not read) are listed too, as
 * ONE "Vaccine record" item that names them and asks for a check with the care team: no date,
 * nothing to schedule. When no forecast can be made at all (the registry did not match the
 * record to the patient, or the record has no birth date) that one item says why, and no
 * vaccine is listed as due: the portal's home page reads the same forecast (`patientForecast`).
 *
 * The rules are data (`rules/preventive-care.json`), for demonstration only: not clinically
 * reviewed. The element shows the rule set's disclaimer.
 *
 * @tag engage-care-reminders
 * @summary What preventive and follow-up care is due, with answers for patients and clinicians.
 *
 * @csspart base - The element's container.
 * @csspart list - The list of reminders that need attention or are done.
 * @csspart item - One reminder.
 * @csspart status - The status words of a reminder.
 * @csspart actions - The buttons of a reminder.
 * @csspart form - The "done elsewhere" or reason form.
 * @csspart evidence - The clinician's evidence list.
 * @csspart disclaimer - The rule set's disclaimer.
 * @csspart vaccines-failed - The note that vaccines due could not be loaded (the other reminders still show; also `state`).
 *
 * @cssprop --engage-care-reminders-background - Background of the element; default the surface colour.
 *
 * @fires engage-reminders-load - When the reminders loaded; `detail.list`.
 * @fires engage-reminder-answer - After an answer was stored; `detail.reminder`, `detail.action`.
 * @fires engage-reminder-schedule - The user wants to schedule it; `detail.reminder`.
 * @fires engage-reminder-learn-more - The user wants to read more; `detail.reminder`.
 * @fires engage-reminder-open-aid - The user wants the decision aid; `detail.reminder`, `detail.aid`.
 * @fires engage-reminder-open-immunizations - The user wants the vaccination record for a vaccine due; `detail.reminder`, `detail.vaccineGroup` (absent for the "Vaccine record" check, which names its groups in `detail.reminder.immunization.vaccineGroups`).
 */
export class EngageCareReminders extends EngageElement {
  static override styles = [...EngageElement.styles, chipStyles, careReminderStyles];

  /** Heading level (1–6) of the element's title; each reminder's title is one below. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** The date to evaluate for (`YYYY-MM-DD`); default today in the viewer's calendar. */
  @property({ attribute: 'as-of' })
  asOf?: string;

  @state() private form?: { id: string; kind: FormKind };
  @state() private saving?: string;
  @state() private failure?: { id: string; text: string };
  @state() private announcement = '';

  private readonly intents = new Map<string, WriteIntent<unknown>>();
  private readonly drafts = new Map<string, Draft>();

  private readonly loadTask = new Task(this, {
    task: async ([port, patient, asOf, immunizations], { signal }): Promise<Loaded | undefined> => {
      if (!port || !patient) return undefined;
      const [list, forecast] = await Promise.all([
        (port as CareReminderPort).getReminders(patient as RecordRef, asOf as string, { signal }),
        immunizations ? this.vaccinesDue(immunizations as ImmunizationPort, patient as RecordRef, asOf as string, signal) : undefined,
      ]);
      const merged: CareReminderList = { ...list, reminders: withImmunizations(list.reminders, forecast === 'failed' ? undefined : forecast) };
      emit(this, 'engage-reminders-load', { list: merged });
      return { list: merged, vaccinesFailed: forecast === 'failed' };
    },
    args: () => [this.portOf('reminders'), this.activeSession.patient, this.date, this.portOf('immunizations')] as const,
  });

  /**
   * The immunization forecast, the portal home page's too (`patientForecast`): the backend's
   * first, else the CDSi engine, or why none can be made (then one item asks for a check of the
   * record). A failure here leaves the other reminders shown and says the vaccines could not be read.
   */
  private async vaccinesDue(port: ImmunizationPort, patient: RecordRef, asOf: DateValue, signal: AbortSignal): Promise<ImmunizationForecast | NoForecast | 'failed' | undefined> {
    try {
      return await patientForecast(port, patient, asOf, this.activeSession.now().toISOString(), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      // a backend that holds no vaccination record for the patient has nothing due, it did not fail
      return isEngageError(error) && error.code === 'not-found' ? undefined : 'failed';
    }
  }

  private get date(): string {
    return this.asOf && /^\d{4}-\d{2}-\d{2}$/.test(this.asOf) ? this.asOf : calendarDayOf(this.activeSession.now());
  }

  private get clinician(): boolean {
    return this.activeSession.role === 'clinician';
  }

  override render(): TemplateResult {
    const missing = this.renderMissing('reminders');
    if (missing) return missing;
    const level = headingLevelOf(this.headingLevel);
    const title = this.clinician ? msg('Care reminders', { id: 'reminders.title.clinician' }) : msg('What is due', { id: 'reminders.title' });
    return html`<section class="reminders" part="base" lang=${this.activeSession.locale} aria-labelledby="rem-title">
      <div class="title" id="rem-title" role="heading" aria-level=${level}>${title}</div>
      ${this.renderTask(this.loadTask, { complete: (loaded) => (loaded ? this.renderList(loaded, level + 1) : html``) })}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderList({ list, vaccinesFailed }: Loaded, level: number): TemplateResult {
    const shown = list.reminders.filter((r) => this.clinician || r.status !== 'not-applicable');
    const open = shown.filter((r) => r.status !== 'not-applicable');
    const notApplicable = shown.filter((r) => r.status === 'not-applicable');
    // a record to check may hide something due: never "nothing is due" beside it
    const nothingDue = !open.some((r) => r.status === 'due-now' || r.status === 'overdue' || r.status === 'unknown');
    return html`
      ${nothingDue
        ? html`<div class="nothing-due">${renderEmpty({ art: iconCheck, text: msg('Nothing is due right now.', { id: 'reminders.nothing-due' }) })}</div>`
        : nothing}
      ${open.length ? html`<ul class="list" part="list">${open.map((r) => this.renderItem(r, Math.min(6, level)))}</ul>` : nothing}
      ${notApplicable.length
        ? html`<details class="not-applicable">
            <summary>${msg(str`Not applicable (${notApplicable.length})`, { id: 'reminders.not-applicable-group' })}</summary>
            <ul class="list">${notApplicable.map((r) => this.renderItem(r, Math.min(6, level)))}</ul>
          </details>`
        : nothing}
      ${vaccinesFailed
        ? html`<p class="failure" part="state vaccines-failed" role="status">${msg('Vaccines due could not be loaded.', { id: 'reminders.vaccines-failed' })}</p>`
        : nothing}
      ${list.disclaimer ? html`<p class="disclaimer" part="disclaimer">${list.disclaimer}</p>` : nothing}
    `;
  }

  private renderItem(reminder: CareReminder, level: number): TemplateResult {
    const locale = this.activeSession.locale;
    const status = this.clinician ? clinicianStatusText(reminder, locale) : statusText(reminder, locale);
    const last = reminder.status === 'done-elsewhere-pending' ? '' : lastDoneText(reminder, locale);
    const next = nextDueText(reminder, locale);
    const titleId = headingId(reminder.id);
    return html`<li class="item item--${reminder.status}" part="item" data-kind=${reminder.kind} aria-labelledby=${titleId}>
      <div class="item__title" id=${titleId} role="heading" aria-level=${level} tabindex="-1">${textIn(reminder.title, locale)}</div>
      <p class="status status--${reminder.status}" part="status">${chip(STATUS_CHIP[reminder.status][0], status, { icon: STATUS_CHIP[reminder.status][1] })}</p>
      <p class="why">${textIn(reminder.why, locale)}</p>
      ${last ? html`<p class="last">${last}</p>` : nothing}
      ${next ? html`<p class="next">${next}</p>` : nothing}
      ${reminder.status === 'done-elsewhere-pending' && reminder.action
        ? html`<p class="last">${msg(str`You told us: ${formatDate(reminder.action.performed, locale, { dateStyle: 'long' })}, ${reminder.action.where ?? ''}`, { id: 'reminders.reported' })}</p>`
        : nothing}
      ${reminder.ordered ? html`<p class="last">${msg(str`Ordered on ${formatDate(reminder.ordered, locale, { dateStyle: 'long' })}`, { id: 'reminders.ordered-on' })}</p>` : nothing}
      ${this.clinician ? (reminder.immunization ? this.renderForecastSource(reminder) : this.renderEvidence(reminder)) : nothing}
      ${this.renderActions(reminder)}
      ${this.form?.id === reminder.id ? this.renderForm(reminder, this.form.kind) : nothing}
      ${this.failure?.id === reminder.id ? html`<p class="failure" role="alert">${this.failure.text}</p>` : nothing}
    </li>`;
  }

  /** For clinicians, where a vaccine reminder comes from: the dose due and the forecast's source. */
  private renderForecastSource(reminder: CareReminder): TemplateResult | typeof nothing {
    const imm = reminder.immunization!;
    // the record check made when no forecast could be made has no source to name
    if (!imm.source) return nothing;
    return html`<p class="source" part="evidence">
      ${imm.doseNumber !== undefined ? html`${msg(str`Dose ${imm.doseNumber}.`, { id: 'reminders.vaccine-dose' })} ` : nothing}${forecastSourceText(imm.source)}${imm.sourceName
        ? ` (${imm.sourceName})`
        : ''}
    </p>`;
  }

  private renderEvidence(reminder: CareReminder): TemplateResult | typeof nothing {
    const { source, intervalSource: interval } = reminder;
    return html`<details class="evidence" part="evidence">
      <summary>${msg('Evidence', { id: 'reminders.evidence' })}</summary>
      ${reminder.evidence.length
        ? html`<ul>
            ${reminder.evidence.map(
              (e) => html`<li>${e.display}${e.date ? html`, ${formatDate(e.date, this.activeSession.locale)}` : nothing} — ${evidenceRoleText(e.role)}</li>`,
            )}
          </ul>`
        : html`<p>${msg('No matching records.', { id: 'reminders.evidence.none' })}</p>`}
      ${source ? html`<p class="source">${source.organisation}, ${source.topic} (${source.year}; ${source.grade})</p>` : nothing}
      ${interval
        ? html`<p class="source">
            ${msg(str`Interval from: ${interval.organisation}, ${interval.topic} (${interval.year})`, { id: 'reminders.interval-source' })}
          </p>`
        : nothing}
      ${reminder.action?.reason ? html`<p>${msg(str`Reason: ${reminder.action.reason}`, { id: 'reminders.reason-shown' })}</p>` : nothing}
    </details>`;
  }

  private renderActions(reminder: CareReminder): TemplateResult | typeof nothing {
    if (reminder.immunization) return this.renderVaccineActions(reminder, reminder.immunization.vaccineGroup);
    const busy = this.saving === reminder.id;
    const actionable = ACTIONABLE.has(reminder.status);
    const step = (type: 'engage-reminder-schedule' | 'engage-reminder-learn-more' | 'engage-reminder-open-aid') => () =>
      emit(this, type, { reminder, ...(type === 'engage-reminder-open-aid' ? { aid: reminder.decisionAid } : {}) });
    const buttons: TemplateResult[] = [];
    if (actionable && !this.clinician) {
      buttons.push(html`<button type="button" @click=${step('engage-reminder-schedule')}>${msg('Schedule', { id: 'reminders.schedule' })}</button>`);
    }
    if (reminder.decisionAid && reminder.status !== 'not-applicable') {
      buttons.push(html`<button type="button" @click=${step('engage-reminder-open-aid')}>${msg('Help me decide', { id: 'reminders.open-aid' })}</button>`);
    }
    if (reminder.kind !== 'follow-up' || reminder.ruleId === reminder.id) {
      buttons.push(html`<button type="button" @click=${step('engage-reminder-learn-more')}>${msg('Learn more', { id: 'reminders.learn-more' })}</button>`);
    }
    if (actionable) {
      buttons.push(html`<button type="button" data-action="elsewhere" ?disabled=${busy} @click=${() => this.openForm(reminder, 'elsewhere')}>${msg('I had this done elsewhere', { id: 'reminders.done-elsewhere' })}</button>`);
      if (this.clinician) {
        buttons.push(
          html`<button type="button" data-action="declined" ?disabled=${busy} @click=${() => this.openForm(reminder, 'declined')}>${msg('Declined', { id: 'reminders.mark-declined' })}</button>`,
          html`<button type="button" data-action="not-applicable" ?disabled=${busy} @click=${() => this.openForm(reminder, 'not-applicable')}>${msg('Not applicable', { id: 'reminders.mark-not-applicable' })}</button>`,
          html`<button type="button" data-action="ordered" ?disabled=${busy || !!reminder.ordered} @click=${() => this.save(reminder, { kind: 'ordered' })}>${msg('Ordered', { id: 'reminders.mark-ordered' })}</button>`,
        );
      } else if (reminder.status !== 'due-later') {
        buttons.push(
          html`<button type="button" data-action="snoozed" ?disabled=${busy} @click=${() => this.save(reminder, { kind: 'snoozed', until: addMonths(this.date, SNOOZE) })}>${msg('Remind me later', { id: 'reminders.snooze' })}</button>`,
        );
      }
    }
    return buttons.length ? html`<div class="actions" part="actions">${buttons}</div>` : nothing;
  }

  /** A vaccine due: schedule it (patients) or open the vaccination record. The record check: only the record. */
  private renderVaccineActions(reminder: CareReminder, vaccineGroup: string | undefined): TemplateResult {
    const schedule = () => emit(this, 'engage-reminder-schedule', { reminder });
    const record = () => emit(this, 'engage-reminder-open-immunizations', { reminder, ...(vaccineGroup ? { vaccineGroup } : {}) });
    return html`<div class="actions" part="actions">
      ${this.clinician || reminder.status === 'unknown' ? nothing : html`<button type="button" @click=${schedule}>${msg('Schedule', { id: 'reminders.schedule' })}</button>`}
      <button type="button" @click=${record}>${msg('See vaccine record', { id: 'reminders.open-immunizations' })}</button>
    </div>`;
  }

  private draftOf(id: string): Draft {
    let draft = this.drafts.get(id);
    if (!draft) this.drafts.set(id, (draft = { performed: '', where: '', reason: '' }));
    return draft;
  }

  private openForm(reminder: CareReminder, kind: FormKind): void {
    this.form = { id: reminder.id, kind };
    this.failure = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.form input')?.focus());
  }

  /** Cancel: the form goes, so focus returns to the button that opened it. */
  private async closeForm(reminder: CareReminder, kind: FormKind): Promise<void> {
    this.form = undefined;
    await this.updateComplete;
    const heading = this.renderRoot.querySelector<HTMLElement>(`#${headingId(reminder.id)}`);
    (heading?.closest('li')?.querySelector<HTMLElement>(`button[data-action="${kind}"]`) ?? heading)?.focus();
  }

  /**
   * After a stored answer the control that had focus is gone (the form closes, the item's
   * buttons change with its status, "Ordered" turns disabled) and the item may move in the
   * list: focus goes to the item's heading, found by the reminder's id (issue #19 rule).
   */
  private async focusHeading(reminderId: string): Promise<void> {
    await this.updateComplete;
    const heading = this.renderRoot.querySelector<HTMLElement>(`#${headingId(reminderId)}`);
    // a reminder marked not applicable moves into the collapsed group, which must open to take focus
    const group = heading?.closest('details');
    if (group && !group.open) group.open = true;
    heading?.focus();
  }

  private renderForm(reminder: CareReminder, kind: FormKind): TemplateResult {
    const draft = this.draftOf(reminder.id);
    const busy = this.saving === reminder.id;
    const submit = (event: Event) => {
      event.preventDefault();
      if (kind === 'elsewhere') void this.save(reminder, { kind: 'done-elsewhere', performed: draft.performed, where: draft.where.trim() });
      else if (kind === 'declined') void this.save(reminder, { kind: 'declined', ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}) });
      else void this.save(reminder, { kind: 'not-applicable', reason: draft.reason.trim() });
    };
    const fields =
      kind === 'elsewhere'
        ? html`<label>${msg('When was it done?', { id: 'reminders.form.when' })}
              <input type="date" required max=${this.date} .value=${draft.performed} @input=${(e: Event) => (draft.performed = (e.target as HTMLInputElement).value)} /></label>
            <label>${msg('Where was it done?', { id: 'reminders.form.where' })}
              <input type="text" required autocomplete="off" .value=${draft.where} @input=${(e: Event) => (draft.where = (e.target as HTMLInputElement).value)} /></label>`
        : html`<label>${msg('Reason', { id: 'reminders.form.reason' })}
              <input type="text" ?required=${kind === 'not-applicable'} autocomplete="off" .value=${draft.reason} @input=${(e: Event) => (draft.reason = (e.target as HTMLInputElement).value)} /></label>`;
    return html`<form class="form" part="form" @submit=${submit}>
      ${fields}
      <div class="actions">
        <button type="submit" ?disabled=${busy}>${busy ? msg('Saving…', { id: 'reminders.saving' }) : msg('Save', { id: 'reminders.save' })}</button>
        <button type="button" ?disabled=${busy} @click=${() => void this.closeForm(reminder, kind)}>${msg('Cancel', { id: 'reminders.cancel' })}</button>
      </div>
    </form>`;
  }

  /** Stores an answer through the write protocol; on failure keeps the form and what was typed. */
  private async save(reminder: CareReminder, answer: ReminderAnswer): Promise<void> {
    const port = this.portOf('reminders');
    const patient = this.activeSession.patient;
    if (!port || !patient || this.saving) return;
    let intent = this.intents.get(reminder.id);
    if (!intent) this.intents.set(reminder.id, (intent = new WriteIntent<unknown>()));
    const keys = intent.keysFor(answer);
    // Only a save started from inside the element moves focus afterwards; focus elsewhere is the user's.
    const hadFocus = (this.renderRoot as ShadowRoot).activeElement !== null;
    let saved = false;
    this.saving = reminder.id;
    this.failure = undefined;
    try {
      const action = await port.answer(patient, reminder.id, answer, keys);
      intent.settle();
      this.drafts.delete(reminder.id);
      this.form = undefined;
      emit(this, 'engage-reminder-answer', { reminder, action });
      this.announcement = this.localized(() => msg(str`Saved: ${textIn(reminder.title, this.activeSession.locale)}`, { id: 'reminders.saved' }));
      await this.loadTask.run();
      saved = true;
    } catch (error) {
      const text = this.localized(() => errorText(isEngageError(error) ? error.code : 'server'));
      this.failure = { id: reminder.id, text: this.localized(() => msg(str`Not saved. ${text}`, { id: 'reminders.not-saved' })) };
    } finally {
      this.saving = undefined;
    }
    if (saved && hadFocus) await this.focusHeading(reminder.id);
  }
}
