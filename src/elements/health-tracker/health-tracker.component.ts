import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  DEFAULT_READING_TYPES,
  type HealthGoal,
  type HealthTrackerPort,
  type MealContext,
  type Reading,
  type ReadingType,
} from '../../adapters/ports.js';
import { addDays, calendarDayOf } from '../../core/calendar-date.js';
import { EngageElement } from '../../core/engage-element.js';
import { EngageError, isEngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { msg } from '../../core/localization.js';
import { errorText } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { renderImport } from './import-panel.js';
import { importRows, rowIdentity, type ImportRow } from './csv-import.js';
import { readingFromEntry, type EntryProblem } from './reading-entry.js';
import { DEFAULT_SAFETY_RULES, dangerousRules, type SafetyRule } from './safety.js';
import { renderTypeTrend } from './tracker-chart.js';
import { dangerSteps, dangerTitle, mealName, partName, problemText, typeName, unitName } from './tracker-words.js';
import { trackerStyles } from './health-tracker.styles.js';
import { icon, iconStatus, iconWarning } from '../../core/icons.js';

/** Detail of `engage-reading-saved`. */
export interface ReadingSavedDetail {
  /** The reading as stored. */
  reading: Reading;
}

/** Detail of `engage-reading-danger`. */
export interface ReadingDangerDetail {
  /** The reading entered (saved or not). */
  reading: Reading;
  /** The safety rules it broke, most urgent first. */
  rules: SafetyRule[];
}

/** Detail of `engage-readings-imported`. */
export interface ReadingsImportedDetail {
  /** Readings stored by this import (including rows an earlier attempt stored). */
  saved: Reading[];
  /** Valid rows that could not be saved. */
  failed: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-reading-saved': CustomEvent<ReadingSavedDetail>;
    'engage-reading-danger': CustomEvent<ReadingDangerDetail>;
    'engage-readings-imported': CustomEvent<ReadingsImportedDetail>;
  }
}

interface Entry {
  values: string[];
  unit?: string;
  date: string;
  time: string;
  meal?: MealContext;
}

type SaveState = { status: 'idle' | 'saving' } | { status: 'saved' } | { status: 'error'; code: string };

/** What the import panel shows and does; the component owns the state. */
export interface ImportState {
  text: string;
  rows?: ImportRow[];
  saved: Map<number, 'saved' | 'failed'>;
  busy: boolean;
}

/** Readings and goals as loaded. */
interface Loaded {
  readings: Reading[];
  goals: HealthGoal[];
  goalsFailed: boolean;
}

/**
 * Readings a patient records at home — blood pressure, pulse, weight, blood sugar, oxygen
 * level, steps, and any type the host adds — beside the clinic's own measurements, with
 * the goals agreed with the care team. Each type has a chart and a table with the same
 * data; patient-reported readings are marked in words. A reading in a dangerous range
 * shows at once, in plain words, what to do (the thresholds are data: `safetyRules`).
 * Readings can be imported from a CSV file after a preview that names every row's problem.
 * Saves are idempotent: a retry never stores a reading twice, and nothing typed is lost
 * when a save fails. In the clinician view (`view="clinician"` or the session's role) the
 * entry form and import are hidden.
 *
 * @tag engage-health-tracker
 * @summary Home readings and goals, charted beside clinic measurements.
 *
 * @csspart base - The tracker container.
 * @csspart form - The "add a reading" form.
 * @csspart save-button - The form's save button.
 * @csspart check-button - The import panel's button that checks the pasted rows before saving.
 * @csspart danger - The alert for a reading in a dangerous range.
 * @csspart import - The CSV import panel.
 * @csspart import-button - The button that saves the checked rows.
 * @csspart preview - The import preview table.
 * @csspart type - One reading type's section (chart and table).
 * @csspart goal - A type's goal text.
 * @csspart goals - Goals with no target the tracker can chart, in words.
 * @csspart chart - A type's chart.
 * @csspart readings - A type's table of readings.
 * @csspart state - Any loading, empty, error or not-configured message.
 * @csspart retry-button - A retry button (load error or failed save).
 *
 * @cssprop --engage-tracker-series-0 - Colour of the first line (systolic, or the only value).
 * @cssprop --engage-tracker-series-1 - Colour of the second line (diastolic).
 *
 * @fires engage-reading-saved - A reading was stored; `detail.reading` is what the server stored.
 * @fires engage-reading-danger - A reading entered is in a dangerous range; `detail.rules` says which.
 * @fires engage-readings-imported - An import finished; `detail.saved` and `detail.failed`.
 */
export class EngageHealthTracker extends EngageElement {
  static override styles = [...EngageElement.styles, trackerStyles];

  /** The reading types offered: the built-in ones, or the host's list (LOINC code and UCUM unit each). */
  @property({ attribute: false })
  readingTypes: readonly ReadingType[] = DEFAULT_READING_TYPES;

  /** Thresholds for dangerous readings (default: cited in `safety.ts`); `[]` turns the alerts off. */
  @property({ attribute: false })
  safetyRules: readonly SafetyRule[] = DEFAULT_SAFETY_RULES;

  /** The number to call in an emergency, as the host's rules say. */
  @property({ attribute: 'emergency-number' })
  emergencyNumber = '911';

  /** How many days of readings to show (0: all). */
  @property({ type: Number })
  days = 365;

  /** `clinician` shows the readings only (no entry form); default from the session's role. */
  @property()
  view?: 'patient' | 'clinician';

  @state() private typeId = DEFAULT_READING_TYPES[0]!.id;
  @state() private entry: Entry = { values: [], date: '', time: '' };
  @state() private problem?: EntryProblem;
  @state() private save: SaveState = { status: 'idle' };
  @state() private danger?: SafetyRule[];
  @state() private importState: ImportState = { text: '', saved: new Map(), busy: false };
  /** Per imported reading (see `rowIdentity`), the keys of its saves that failed or went unanswered. */
  private readonly unansweredImports = new Map<string, string[]>();

  /** The keys of the reading being entered (docs/write-protocol.md). */
  private readonly intent = new WriteIntent<Reading>();

  private readonly loadTask = new Task(this, {
    task: async ([port, patient, types, days], { signal }): Promise<Loaded> => {
      const tracker = port as HealthTrackerPort;
      // calendar days back from today, not 24-hour days (a clock change makes one 23 or 25 hours)
      const from = (days as number) > 0 ? addDays(calendarDayOf(this.activeSession.now()), -(days as number)) : undefined;
      const query = { types: types as readonly ReadingType[], ...(from ? { from } : {}) };
      const [readings, goals] = await Promise.all([
        tracker.listReadings(patient as string, query, { signal }),
        // goals are extra: readings still show when they cannot load
        tracker.listGoals(patient as string, { signal }).catch((error: unknown) => {
          if (signal.aborted) throw error;
          return undefined;
        }),
      ]);
      return { readings, goals: goals ?? [], goalsFailed: goals === undefined };
    },
    args: () => [this.portOf('healthTracker'), this.activeSession.patient, this.readingTypes, this.days] as const,
    autoRun: true,
  });

  private get clinician(): boolean {
    return (this.view ?? (this.activeSession.role === 'clinician' ? 'clinician' : 'patient')) === 'clinician';
  }

  private get type(): ReadingType {
    return this.readingTypes.find((t) => t.id === this.typeId) ?? this.readingTypes[0] ?? DEFAULT_READING_TYPES[0]!;
  }

  /** Who records: the acting user when a patient or caregiver, else the patient. */
  private get performer(): string | undefined {
    const { user, role, patient } = this.activeSession;
    if (user?.ref && role !== 'clinician') return user.ref;
    return role === 'patient' ? patient : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.entry.date) this.entry = { ...this.entry, date: calendarDayOf(this.activeSession.now()) };
    if (changed.has('readingTypes') && !this.readingTypes.some((t) => t.id === this.typeId)) this.typeId = this.readingTypes[0]?.id ?? '';
  }

  protected override render(): TemplateResult {
    const missing = this.renderMissing('healthTracker');
    const clinician = this.clinician;
    return html`<section part="base" class="tracker" lang=${this.activeSession.locale} aria-labelledby="tracker-title">
      <h2 id="tracker-title" class="title">
        ${clinician ? msg('Home readings and clinic measurements', { id: 'tracker.title.clinician' }) : msg('My health readings', { id: 'tracker.title' })}
      </h2>
      ${missing ??
      html`${this.renderDanger()} ${clinician ? nothing : this.renderForm()}
      ${clinician
        ? nothing
        : renderImport(this.importState, {
            locale: this.activeSession.locale,
            types: this.readingTypes,
            check: (text) => this.checkImport(text),
            save: () => void this.saveImport(),
          })}
      ${this.renderTask(this.loadTask, {
        complete: (loaded) => this.renderTrends(loaded),
        isEmpty: (loaded) => loaded.readings.length === 0 && !loaded.goals.some((g) => g.status !== 'completed'),
        emptyText: {
          art: iconStatus,
          text: clinician
            ? msg('No readings in this time.', { id: 'tracker.empty.clinician' })
            : msg('No readings yet. Add your first one above.', { id: 'tracker.empty' }),
        },
      })}`}
    </section>`;
  }

  private renderDanger(): TemplateResult | typeof nothing {
    const rule = this.danger?.[0];
    if (!rule) return nothing;
    return html`<div class="danger" part="danger" role="alert" tabindex="-1" data-rule=${rule.id} data-action=${rule.action}>
      <p class="danger__title">${icon(iconWarning)}${dangerTitle(rule)}</p>
      <ol class="danger__steps">
        ${dangerSteps(rule.action, this.emergencyNumber).map((step) => html`<li>${step}</li>`)}
      </ol>
    </div>`;
  }

  private renderForm(): TemplateResult {
    const type = this.type;
    const parts = type.parts?.length ? type.parts : [{ code: type.code, name: type.name }];
    const unit = this.entry.unit ?? type.entryUnits?.[0] ?? type.unit;
    const saving = this.save.status === 'saving';
    const invalid = this.problem !== undefined;
    const dateProblem = this.problem === 'bad-date' || this.problem === 'future-date';
    return html`<form part="form" class="entry" novalidate @submit=${this.onSubmit} aria-labelledby="entry-title">
      <h3 id="entry-title">${msg('Add a reading', { id: 'tracker.add' })}</h3>
      <div class="field">
        <label for="type">${msg('What did you measure?', { id: 'tracker.field.type' })}</label>
        <select id="type" @change=${this.onType}>
          ${this.readingTypes.map((t) => html`<option value=${t.id} ?selected=${t.id === type.id}>${typeName(t)}</option>`)}
        </select>
      </div>
      <div class="values">
        ${parts.map(
          (part, i) => html`<div class="field">
            <label for="value-${i}">${parts.length > 1 ? partName(part.code, part.name) : msg('Reading', { id: 'tracker.field.value' })}
              ${(type.entryUnits?.length ?? 0) > 1 ? nothing : html`<span class="unit">(${unitName(unit)})</span>`}</label>
            <input
              id="value-${i}"
              inputmode="decimal"
              autocomplete="off"
              .value=${this.entry.values[i] ?? ''}
              aria-invalid=${invalid && !dateProblem ? 'true' : 'false'}
              aria-describedby="entry-problem"
              @input=${(e: Event) => this.setValue(i, (e.target as HTMLInputElement).value)}
            />
          </div>`,
        )}
        ${(type.entryUnits?.length ?? 0) > 1
          ? html`<div class="field">
              <label for="unit">${msg('Unit', { id: 'tracker.field.unit' })}</label>
              <select id="unit" @change=${(e: Event) => this.setEntry({ unit: (e.target as HTMLSelectElement).value })}>
                ${type.entryUnits!.map((u) => html`<option value=${u} ?selected=${u === unit}>${unitName(u)}</option>`)}
              </select>
            </div>`
          : nothing}
      </div>
      ${type.mealContext
        ? html`<fieldset class="meal">
            <legend>${msg('When did you check?', { id: 'tracker.field.meal' })}</legend>
            ${(['fasting', 'before-meal', 'after-meal'] as const).map(
              (meal) => html`<label class="choice"
                ><input type="radio" name="meal" value=${meal} .checked=${this.entry.meal === meal} @change=${() => this.setEntry({ meal })} />
                ${mealName(meal)}</label
              >`,
            )}
          </fieldset>`
        : nothing}
      <div class="when">
        <div class="field">
          <label for="date">${msg('Date', { id: 'tracker.field.date' })}</label>
          <input id="date" type="date" max=${calendarDayOf(this.activeSession.now())} .value=${this.entry.date}
            aria-invalid=${dateProblem ? 'true' : 'false'} aria-describedby="entry-problem"
            @input=${(e: Event) => this.setEntry({ date: (e.target as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="time">${msg('Time (if you know it)', { id: 'tracker.field.time' })}</label>
          <input id="time" type="time" .value=${this.entry.time} @input=${(e: Event) => this.setEntry({ time: (e.target as HTMLInputElement).value })} />
        </div>
      </div>
      <p id="entry-problem" class="problem" role="alert">${this.problem ? problemText(this.problem) : nothing}</p>
      <div class="actions">
        <button type="submit" part="save-button" class="save" aria-disabled=${saving ? 'true' : 'false'}>
          ${saving ? msg('Saving…', { id: 'tracker.saving' }) : msg('Save reading', { id: 'tracker.save' })}
        </button>
      </div>
      <div class="save-status" role="status" aria-live="polite">
        ${this.save.status === 'saved' ? html`<p class="saved">${msg('Saved. Your care team can see it.', { id: 'tracker.saved' })}</p>` : nothing}
      </div>
      ${this.save.status === 'error'
        ? html`<div class="state state--error" part="state error" role="alert">
            <p class="state__title">${msg('Your reading was not saved yet. It is still here.', { id: 'tracker.save-failed' })}</p>
            <p class="state__details">${errorText(this.save.code)}</p>
            <button type="submit" part="retry-button">${msg('Try again', { id: 'state.retry' })}</button>
          </div>`
        : nothing}
    </form>`;
  }

  private renderTrends(loaded: Loaded): TemplateResult {
    const locale = this.activeSession.locale;
    const open = loaded.goals.filter((g) => g.status !== 'completed');
    const targets = open.flatMap((g) => g.targets);
    const measures = (t: ReadingType, code: string) => code === t.code || !!t.parts?.some((p) => p.code === code);
    const shown = this.readingTypes.filter((t) => loaded.readings.some((r) => r.typeId === t.id) || targets.some((g) => measures(t, g.code)));
    // goals with no target the tracker can draw (an A1c goal, a goal in words only) are listed in words
    const others = open.filter((g) => g.description && !g.targets.some((target) => this.readingTypes.some((t) => measures(t, target.code))));
    return html`<div class="trends">
      ${loaded.goalsFailed ? html`<p class="note">${msg('Your goals could not be loaded.', { id: 'tracker.goals-failed' })}</p>` : nothing}
      ${others.length
        ? html`<section class="other-goals" part="goals" aria-labelledby="other-goals">
            <h3 id="other-goals">${msg('Other goals', { id: 'tracker.goals.other' })}</h3>
            <ul>
              ${others.map((g) => html`<li>${g.description}</li>`)}
            </ul>
          </section>`
        : nothing}
      ${shown.map((t) =>
        renderTypeTrend(
          t,
          loaded.readings.filter((r) => r.typeId === t.id),
          targets.filter((g) => g.code === t.code || t.parts?.some((p) => p.code === g.code)),
          locale,
          this.clinician,
        ),
      )}
    </div>`;
  }

  private onType(e: Event): void {
    this.typeId = (e.target as HTMLSelectElement).value;
    this.setEntry({ values: [], unit: undefined, meal: undefined });
  }

  private setValue(i: number, value: string): void {
    const values = [...this.entry.values];
    values[i] = value;
    this.setEntry({ values });
  }

  private setEntry(change: Partial<Entry>): void {
    this.entry = { ...this.entry, ...change };
    this.problem = undefined;
    if (this.save.status === 'saved') this.save = { status: 'idle' };
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.save.status === 'saving') return;
    const port = this.portOf('healthTracker');
    const patient = this.activeSession.patient;
    if (!port || !patient) return;
    const type = this.type;
    const result = readingFromEntry(
      { type, values: this.entry.values, unit: this.entry.unit, date: this.entry.date, time: this.entry.time, mealContext: this.entry.meal, patient, performer: this.performer },
      this.activeSession.now(),
    );
    if ('problem' in result) {
      this.problem = result.problem;
      await this.updateComplete;
      const field = result.problem === 'bad-date' || result.problem === 'future-date' ? '#date' : '#value-0';
      this.renderRoot.querySelector<HTMLElement>(field)?.focus();
      return;
    }
    const reading = result.reading;
    // a dangerous reading says what to do at once, whether or not the save succeeds
    const aliases = Object.fromEntries(this.readingTypes.flatMap((t) => (t.alsoCodes ?? []).map((c) => [c, t.code])));
    const broken = dangerousRules(reading, this.safetyRules, aliases);
    this.danger = broken.length ? broken : undefined;
    if (broken.length) {
      emit(this, 'engage-reading-danger', { reading, rules: broken });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.danger')?.focus();
    }
    const keys = this.intent.keysFor(reading);
    this.save = { status: 'saving' };
    try {
      const saved = await port.recordReading(reading, keys);
      // a port must answer with the stored reading; anything else is not a success
      if (!saved?.id) throw new EngageError('server', 'The reading was not stored.');
      this.intent.settle();
      this.entry = { ...this.entry, values: [], time: '' };
      this.save = { status: 'saved' };
      emit(this, 'engage-reading-saved', { reading: saved });
      void this.loadTask.run();
    } catch (error) {
      this.save = { status: 'error', code: isEngageError(error) ? error.code : 'server' };
    }
  }

  private checkImport(text: string): void {
    // not while rows are being saved: the new rows' save would race the one under way
    if (this.importState.busy) return;
    const patient = this.activeSession.patient ?? '';
    const rows = importRows(text, this.readingTypes, patient, this.performer, this.activeSession.now());
    this.importState = { text, rows, saved: new Map(), busy: false };
  }

  /** Saves every valid row not yet saved, one by one, each under its own content-derived key. */
  private async saveImport(): Promise<void> {
    const port = this.portOf('healthTracker');
    const rows = this.importState.rows;
    if (!port || !rows || this.importState.busy) return;
    const saved = new Map(this.importState.saved);
    this.importState = { ...this.importState, busy: true };
    const stored: Reading[] = [];
    for (const row of rows) {
      if (!row.reading || !row.key || saved.get(row.line) === 'saved') continue;
      // a row corrected after its save went unanswered revises what that save may have stored
      const identity = rowIdentity(row.reading);
      const earlier = (this.unansweredImports.get(identity) ?? []).filter((key) => key !== row.key);
      try {
        const result = await port.recordReading(row.reading, { idempotencyKey: row.key, ...(earlier.length ? { replaces: earlier } : {}) });
        if (!result?.id) throw new EngageError('server', 'The reading was not stored.');
        stored.push(result);
        saved.set(row.line, 'saved');
        this.unansweredImports.delete(identity);
      } catch {
        saved.set(row.line, 'failed');
        this.unansweredImports.set(identity, [...earlier, row.key]);
      }
      this.importState = { ...this.importState, saved: new Map(saved) };
    }
    const failed = [...saved.values()].filter((s) => s === 'failed').length;
    this.importState = { ...this.importState, saved, busy: false };
    emit(this, 'engage-readings-imported', { saved: stored, failed });
    void this.loadTask.run();
  }
}

