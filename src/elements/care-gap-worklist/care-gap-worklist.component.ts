import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { CareReminderPort, Panel, RecordRef, ReminderSendResult, Worklist, WorklistFilter } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { errorText, renderEmpty } from '../../core/states.js';
import { isEngageError } from '../../core/errors.js';
import { toggled } from '../../core/sets.js';
import { statusText, textIn } from '../care-reminders/care-reminders-words.js';
import { worklistStyles } from './care-gap-worklist.styles.js';
import { iconCheck } from '../../core/icons.js';
import { calendarDayOf } from '../../core/calendar-date.js';

/** Detail of `engage-reminders-sent`. */
export interface RemindersSentDetail {
  ruleId: string;
  period: string;
  results: ReminderSendResult[];
}
/** Detail of `engage-worklist-open-patient`. */
export interface WorklistOpenPatientDetail {
  patient: RecordRef;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-reminders-sent': CustomEvent<RemindersSentDetail>;
    'engage-worklist-open-patient': CustomEvent<WorklistOpenPatientDetail>;
  }
}

/** The default panel, one object so the load task's arguments stay equal between renders. */
const EVERYONE: Panel = { all: true };

/** Sending state: progress, then the outcome. */
interface Sending {
  ruleId: string;
  done: number;
  total: number;
  failed: ReminderSendResult[];
  finished: boolean;
}

/**
 * A care-gap worklist for clinicians: which patients of a panel (a `Group`, a practitioner's
 * patients or everyone on the server) are due or overdue for which preventive or follow-up
 * care, with counts per rule, filters (overdue only, by rule, by age), and **send
 * reminders** to the selected patients. A reminder is a message through the messaging port
 * (a `Communication` with the reminder category and the rule), so it shows in the patient's
 * inbox; it is sent at most once per patient, rule and month however often the button is
 * pressed. Sending shows progress and lists the patients whose reminder failed; the
 * worklist counts how many patients were reminded this reporting period (the month).
 *
 * @tag engage-care-gap-worklist
 * @summary Patients due for preventive and follow-up care, with counts, filters and reminders.
 *
 * @csspart base - The element's container.
 * @csspart counts - The table of counts per rule.
 * @csspart filters - The filter controls.
 * @csspart rows - The list of patients.
 * @csspart row - One patient.
 * @csspart send - The "Send reminders" area.
 * @csspart progress - The sending progress.
 * @csspart failures - The list of patients whose reminder failed.
 *
 * @cssprop --engage-care-gap-worklist-background - Background of the element; default the surface colour.
 *
 * @fires engage-reminders-sent - After a send finished; `detail.ruleId`, `detail.period`, `detail.results`.
 * @fires engage-worklist-open-patient - A patient's name was chosen; `detail.patient`.
 */
export class EngageCareGapWorklist extends EngageElement {
  static override styles = [...EngageElement.styles, worklistStyles];

  /** Heading level (1–6) of the element's title. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** The date to evaluate for (`YYYY-MM-DD`); default today in the viewer's calendar. */
  @property({ attribute: 'as-of' })
  asOf?: string;

  /** The panel; default every patient the backend holds. */
  @property({ attribute: false })
  panel?: Panel;

  @state() private filter: WorklistFilter = { overdueOnly: false };
  @state() private selected = new Set<RecordRef>();
  @state() private sending?: Sending;
  @state() private announcement = '';

  private readonly loadTask = new Task(this, {
    task: async ([port, panel, asOf, filter], { signal }): Promise<Worklist | undefined> => {
      if (!port) return undefined;
      return (port as CareReminderPort).worklist(panel as Panel, asOf as string, filter as WorklistFilter, { signal });
    },
    args: () => [this.portOf('reminders'), this.panel ?? EVERYONE, this.date, this.filter] as const,
  });

  private get date(): string {
    return this.asOf && /^\d{4}-\d{2}-\d{2}$/.test(this.asOf) ? this.asOf : calendarDayOf(this.activeSession.now());
  }

  override render(): TemplateResult {
    const missing = this.renderMissing('reminders', false);
    if (missing) return missing;
    const level = headingLevelOf(this.headingLevel);
    return html`<section class="worklist" part="base" lang=${this.activeSession.locale} aria-labelledby="wl-title">
      <div class="title" id="wl-title" role="heading" aria-level=${level}>${msg('Care gaps', { id: 'worklist.title' })}</div>
      ${this.renderTask(this.loadTask, { complete: (w) => (w ? this.renderWorklist(w, Math.min(6, level + 1)) : html``) })}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderWorklist(w: Worklist, level: number): TemplateResult {
    const locale = this.activeSession.locale;
    const titleOf = (id: string) => textIn(w.rules.find((r) => r.id === id)?.title, locale) || id;
    const counted = w.rules.filter((r) => {
      const c = w.counts[r.id];
      return c && c.due + c.overdue + c.reminded > 0;
    });
    return html`
      <p class="reminded">${msg(str`Patients reminded this month: ${w.remindedThisPeriod}`, { id: 'worklist.reminded-period' })}</p>
      <table class="counts" part="counts" tabindex="0">
        <caption>${msg('Patients due, by item', { id: 'worklist.counts' })}</caption>
        <thead><tr>
          <th scope="col">${msg('Item', { id: 'worklist.col.item' })}</th>
          <th scope="col">${msg('Due now', { id: 'worklist.col.due' })}</th>
          <th scope="col">${msg('Overdue', { id: 'worklist.col.overdue' })}</th>
          <th scope="col">${msg('Reminded', { id: 'worklist.col.reminded' })}</th>
        </tr></thead>
        <tbody>
          ${counted.map((r) => {
            const c = w.counts[r.id]!;
            return html`<tr><th scope="row">${titleOf(r.id)}</th><td>${c.due}</td><td>${c.overdue}</td><td>${c.reminded}</td></tr>`;
          })}
        </tbody>
      </table>
      ${this.renderFilters(w)}
      <div class="list-heading" role="heading" aria-level=${level}>${msg(str`Patients (${w.rows.length})`, { id: 'worklist.patients' })}</div>
      ${w.rows.length
        ? html`<label class="select-all"><input type="checkbox" .checked=${w.rows.every((r) => this.selected.has(r.patient))}
              @change=${(e: Event) => this.selectAll(w, (e.target as HTMLInputElement).checked)} />${msg('Select all', { id: 'worklist.select-all' })}</label>
            <ul class="rows" part="rows">
              ${w.rows.map(
                (row) => html`<li class="row" part="row">
                  <input type="checkbox" id=${`wl-${row.patient}`} .checked=${this.selected.has(row.patient)} @change=${(e: Event) => this.toggle(row.patient, (e.target as HTMLInputElement).checked)} />
                  <label for=${`wl-${row.patient}`} class="name">${row.name ?? row.patient}</label>
                  ${row.age !== undefined ? html`<span class="age">${msg(str`${row.age} years`, { id: 'worklist.age' })}</span>` : nothing}
                  <button type="button" class="open" @click=${() => emit(this, 'engage-worklist-open-patient', { patient: row.patient })}>${msg('Open chart', { id: 'worklist.open' })}</button>
                  <ul class="due">
                    ${row.due.map((r) => html`<li>${textIn(r.title, locale)}: ${statusText(r, locale)}${row.remindedThisPeriod.includes(r.ruleId) ? html` — ${msg('reminded this month', { id: 'worklist.reminded' })}` : nothing}</li>`)}
                  </ul>
                </li>`,
              )}
            </ul>`
        : renderEmpty({ art: iconCheck, text: msg('No patients match.', { id: 'worklist.none' }) })}
      ${this.renderSend(w, titleOf)}
    `;
  }

  private renderFilters(w: Worklist): TemplateResult {
    const locale = this.activeSession.locale;
    const set = (patch: Partial<WorklistFilter>) => {
      this.filter = { ...this.filter, ...patch };
      this.selected = new Set();
    };
    const age = (e: Event) => {
      const v = (e.target as HTMLInputElement).value;
      return v === '' ? undefined : Number(v);
    };
    return html`<fieldset class="filters" part="filters">
      <legend>${msg('Filters', { id: 'worklist.filters' })}</legend>
      <label>${msg('Item', { id: 'worklist.col.item' })}
        <select @change=${(e: Event) => set({ ruleId: (e.target as HTMLSelectElement).value || undefined })}>
          <option value="" ?selected=${!this.filter.ruleId}>${msg('All items', { id: 'worklist.all-items' })}</option>
          ${w.rules.filter((r) => r.kind === 'screening' || r.id === 'diabetes-hba1c').map((r) => html`<option value=${r.id} ?selected=${this.filter.ruleId === r.id}>${textIn(r.title, locale)}</option>`)}
        </select></label>
      <label class="inline"><input type="checkbox" .checked=${!!this.filter.overdueOnly} @change=${(e: Event) => set({ overdueOnly: (e.target as HTMLInputElement).checked })} />${msg('Overdue only', { id: 'worklist.overdue-only' })}</label>
      <label>${msg('Age from', { id: 'worklist.age-from' })}<input type="number" min="0" max="120" inputmode="numeric" .value=${String(this.filter.minAge ?? '')} @change=${(e: Event) => set({ minAge: age(e) })} /></label>
      <label>${msg('Age to', { id: 'worklist.age-to' })}<input type="number" min="0" max="120" inputmode="numeric" .value=${String(this.filter.maxAge ?? '')} @change=${(e: Event) => set({ maxAge: age(e) })} /></label>
    </fieldset>`;
  }

  private renderSend(w: Worklist, titleOf: (id: string) => string): TemplateResult {
    const s = this.sending;
    const ruleId = this.filter.ruleId;
    const busy = !!s && !s.finished;
    return html`<div class="send" part="send">
      <button type="button" ?disabled=${busy || !ruleId || this.selected.size === 0} @click=${() => void this.send(w)}>
        ${ruleId
          ? msg(str`Send reminders about ${titleOf(ruleId)} (${this.selected.size})`, { id: 'worklist.send' })
          : msg('Choose an item to send reminders', { id: 'worklist.send-choose' })}
      </button>
      ${s
        ? html`<div class="progress" part="progress">
            <label>${s.finished ? msg('Sending finished', { id: 'worklist.sent' }) : msg('Sending reminders…', { id: 'worklist.sending' })}
              <progress max=${s.total} .value=${s.done}></progress></label>
            <p>${msg(str`${s.done - s.failed.length} of ${s.total} sent`, { id: 'worklist.progress' })}</p>
          </div>`
        : nothing}
      ${s?.failed.length
        ? html`<div class="failures" part="failures" role="alert">
            <p>${msg(str`Not sent to ${s.failed.length} patients:`, { id: 'worklist.failed' })}</p>
            <ul>${s.failed.map((f) => html`<li>${w.rows.find((r) => r.patient === f.patient)?.name ?? f.patient}: ${errorText(f.error?.code ?? 'server')}</li>`)}</ul>
          </div>`
        : nothing}
    </div>`;
  }

  private toggle(patient: RecordRef, on: boolean): void {
    this.selected = toggled(this.selected, patient, on);
  }

  private selectAll(w: Worklist, on: boolean): void {
    this.selected = on ? new Set(w.rows.map((r) => r.patient)) : new Set();
  }

  /** Sends the reminder about the filtered rule to the selected patients, then reloads the counts. */
  private async send(w: Worklist): Promise<void> {
    const port = this.portOf('reminders');
    const ruleId = this.filter.ruleId;
    // one send at a time, whatever the button shows: a second press never messages anyone twice
    if (!port || !ruleId || this.selected.size === 0 || (this.sending && !this.sending.finished)) return;
    const patients = w.rows.map((r) => r.patient).filter((p) => this.selected.has(p));
    const sending: Sending = { ruleId, done: 0, total: patients.length, failed: [], finished: false };
    this.sending = sending;
    try {
      const results = await port.sendReminders(patients, ruleId, w.period, {
        sender: this.activeSession.user?.ref,
        onProgress: (result, done) => {
          this.sending = { ...sending, done, failed: result.ok ? this.sending!.failed : [...this.sending!.failed, result] };
        },
      });
      const failed = results.filter((r) => !r.ok);
      this.sending = { ...sending, done: results.length, failed, finished: true };
      this.announcement = this.localized(() => msg(str`${results.length - failed.length} of ${results.length} sent`, { id: 'worklist.progress' }));
      emit(this, 'engage-reminders-sent', { ruleId, period: w.period, results });
      this.selected = new Set(failed.map((f) => f.patient));
      await this.loadTask.run();
    } catch (error) {
      const text = this.localized(() => errorText(isEngageError(error) ? error.code : 'server'));
      this.sending = { ...sending, finished: true, failed: patients.map((patient) => ({ patient, ok: false, error: { code: isEngageError(error) ? error.code : 'server', message: text } })) };
    }
  }
}
