import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type {
  DateValue,
  ImmunizationForecast,
  ImmunizationPort,
  ImmunizationRecord,
  RecordRef,
  VaccinationRecord,
  VaccineGroupForecast,
} from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { codedText, formatDate } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import { errorText, renderEmpty } from '../../core/states.js';
import { isEngageError } from '../../core/errors.js';
import { cvxShortName } from '../../core/vaccine-groups.generated.js';
import { evaluationOf, givenCount, groupRecord, type ShownGroup } from './immunization-groups.js';
import { forecastSourceWord, groupLabel, patientSentence, seriesTypeWord, sourceWord, STATUS_CHIP, statusWord } from './immunization-words.js';
import type * as ExportModule from './immunization-export.js';
import { immunizationStyles } from './immunizations.styles.js';
import { chip, chipStyles } from '../../core/chips.js';
import { icon, iconCheck, iconCross, iconMinus, iconVaccine } from '../../core/icons.js';
import { calendarDayOf } from '../../core/calendar-date.js';

/** Why no forecast is shown: the backend's failed, or the engine has no birth date to work from. */
type ForecastOutcome = ImmunizationForecast | 'no-birth-date' | { error: unknown };

/** What the element loaded. */
interface Loaded {
  record: ImmunizationRecord;
  forecast?: ForecastOutcome;
}

/** Detail of `engage-immunizations-load`. */
export interface ImmunizationsLoadDetail {
  /** The vaccination record. */
  record: ImmunizationRecord;
  /** The forecast shown (the backend's, or the engine's when the backend has none). */
  forecast?: ImmunizationForecast;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-immunizations-load': CustomEvent<ImmunizationsLoadDetail>;
  }
}

/**
 * A patient's vaccination record and what is due, from the EHR or the state registry.
 *
 * The **record** lists every vaccination grouped by vaccine group (the childhood schedule's
 * order, then the rest), newest first, with the vaccine, the calendar date (never shifted by
 * time zone), the dose number, where it was given and who reported it. Records of a vaccine
 * *not* given (refusals, immunity, precautions) are shown as such, never as doses.
 *
 * **What is due** comes from the backend's forecast (`getForecast`: the EHR's
 * `ImmunizationRecommendation`, `$immds-forecast` or the registry's); when the backend has
 * none, the library's CDSi engine computes one, loaded on demand. Patients read plain
 * sentences ("Your next HPV dose is due on March 3, 2027"); clinicians (session role
 * `clinician`) see dose numbers, every date, each past dose's evaluation and the source.
 * Caregivers read about "your child".
 *
 * The record prints as an official record (name, date of birth, every dose by group, source,
 * date printed) and downloads as FHIR JSON (a `Bundle` of `Immunization`s) or CSV.
 *
 * @tag engage-immunizations
 * @summary A patient's vaccination record and what is due, to view, print and download.
 *
 * @csspart base - The element's container.
 * @csspart toolbar - The print and download buttons.
 * @csspart print-button - The "Print" button.
 * @csspart download-fhir - The "Download (FHIR JSON)" button.
 * @csspart download-csv - The "Download (CSV)" button.
 * @csspart due - The "What is due" section.
 * @csspart due-item - One vaccine group's forecast.
 * @csspart record - The record section.
 * @csspart group - One vaccine group of the record.
 * @csspart dose - One vaccination.
 * @csspart not-given - A vaccination recorded as not given (also `dose`).
 * @csspart lookup - The registry's "not found" or "too many matches" message (also `state`).
 *
 * @cssprop --engage-immunizations-background - Background of the element; default the surface colour.
 *
 * @fires engage-immunizations-load - When the record (and forecast) loaded; `detail.record`, `detail.forecast`.
 */
export class EngageImmunizations extends EngageElement {
  static override styles = [...EngageElement.styles, chipStyles, immunizationStyles];

  /** Heading level (1–6) of the element's title; section headings are one below, groups two. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** The date to forecast for (`YYYY-MM-DD`); default today in the viewer's calendar. */
  @property({ attribute: 'as-of' })
  asOf?: string;

  @state() private announcement = '';
  /** Set when a retry button was used: the button goes away with the state it was in, so focus moves on once the load ends. */
  private refocusAfterLoad = false;

  private readonly loadTask = new Task(this, {
    task: async ([port, patient, asOf], { signal }): Promise<Loaded | undefined> => {
      if (!port || !patient) return undefined;
      const record = await (port as ImmunizationPort).getRecord(patient as RecordRef, { signal });
      if (record.lookup && record.lookup !== 'found') {
        emit(this, 'engage-immunizations-load', { record });
        return { record };
      }
      const forecast = await this.forecastFor(port as ImmunizationPort, record, asOf as string, signal);
      emit(this, 'engage-immunizations-load', { record, ...(typeof forecast === 'object' && 'groups' in forecast ? { forecast } : {}) });
      return { record, forecast };
    },
    args: () => [this.portOf('immunizations'), this.activeSession.patient, this.forecastDate] as const,
  });

  /** The date the forecast is for. */
  private get forecastDate(): DateValue {
    return this.asOf && /^\d{4}-\d{2}-\d{2}$/.test(this.asOf) ? this.asOf : calendarDayOf(this.activeSession.now());
  }

  /**
   * The backend's forecast first; only when it has none (`undefined`) the CDSi engine, whose
   * module (with CDC's supporting data) is imported here so it stays out of the element's chunk.
   */
  private async forecastFor(port: ImmunizationPort, record: ImmunizationRecord, asOf: DateValue, signal: AbortSignal): Promise<ForecastOutcome> {
    let served: ImmunizationForecast | undefined;
    try {
      served = await port.getForecast(record.patient.ref, asOf, { signal });
    } catch (error) {
      if (signal.aborted) throw error;
      return { error }; // the record still shows; the forecast says it failed
    }
    if (served) return served;
    if (!record.patient.birthDate) return 'no-birth-date';
    const { forecastRecord } = await import('../../immunization-forecast/record-forecast.js');
    return forecastRecord(record, asOf, this.activeSession.now().toISOString());
  }

  protected override render(): TemplateResult {
    const missing = this.renderMissing('immunizations');
    const { role, locale } = this.activeSession;
    const level = headingLevelOf(this.headingLevel);
    return html`<section
      part="base"
      lang=${locale}
      class="imm ${role === 'clinician' ? 'imm--compact' : ''}"
      aria-labelledby="imm-title"
      @click=${this.onClick}
    >
      <div class="title" id="imm-title" role="heading" aria-level=${level} tabindex="-1">
        ${role === 'clinician'
          ? msg('Immunizations', { id: 'imm.title.clinician' })
          : role === 'caregiver'
            ? msg('Vaccination record', { id: 'imm.title.caregiver' })
            : msg('Your vaccination record', { id: 'imm.title.patient' })}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${missing ??
      this.renderTask(this.loadTask, {
        loadingText: msg('Loading the vaccination record…', { id: 'imm.loading' }),
        complete: (loaded) => (loaded ? this.renderLoaded(loaded, level) : html``),
      })}
    </section>`;
  }

  private renderLoaded({ record, forecast }: Loaded, level: number): TemplateResult {
    const { locale } = this.activeSession;
    if (record.lookup === 'not-found' || record.lookup === 'too-many') {
      return html`<div class="state" part="state lookup" role="status">
        <p class="state__title">
          ${record.lookup === 'not-found'
            ? msg('The state immunization registry has no record for this person.', { id: 'imm.lookup.not-found' })
            : msg('The registry found more than one person who matches, so it sent no record. The care team needs to check the name and date of birth.', { id: 'imm.lookup.too-many' })}
        </p>
        ${record.sourceName ? html`<p class="state__details">${record.sourceName}</p>` : nothing}
      </div>`;
    }
    const shownForecast = forecast && typeof forecast === 'object' && 'groups' in forecast ? forecast : undefined;
    const groups = groupRecord(record, shownForecast);
    const recorded = groups.filter((g) => g.vaccinations.length);
    return html`
      <div class="header">
        ${this.renderWho(record, locale)}
        <div part="toolbar" class="toolbar" role="group" aria-label=${msg('Record actions', { id: 'imm.actions' })}>
          <button type="button" part="print-button" @click=${this.print}>${msg('Print', { id: 'imm.print' })}</button>
          <button type="button" part="download-fhir" data-download="fhir" @click=${() => void this.downloadFhir(record)}>
            ${msg('Download (FHIR JSON)', { id: 'imm.download.fhir' })}
          </button>
          <button type="button" part="download-csv" data-download="csv" @click=${() => void this.downloadCsv(groups)}>
            ${msg('Download (CSV)', { id: 'imm.download.csv' })}
          </button>
        </div>
      </div>
      ${this.renderDue(groups, forecast, level + 1)}
      <section part="record" class="record" aria-labelledby="imm-record">
        <div class="section__heading" id="imm-record" role="heading" aria-level=${Math.min(6, level + 1)}>
          ${msg('Vaccines on record', { id: 'imm.record.title' })}
        </div>
        ${recorded.length
          ? recorded.map((group, i) => this.renderGroup(group, i, shownForecast, level + 2))
          : renderEmpty({ art: iconVaccine, text: msg('No vaccinations are on record.', { id: 'imm.empty' }) })}
      </section>
      <p class="print-only">
        ${msg(str`Printed on ${formatDate(calendarDayOf(this.activeSession.now()), locale, { dateStyle: 'long' })}`, { id: 'imm.printed' })}
      </p>
    `;
  }

  /** Name, date of birth and where the record came from: an official record names its patient. */
  private renderWho(record: ImmunizationRecord, locale: string): TemplateResult {
    const { name, birthDate } = record.patient;
    return html`<dl class="who">
      ${name ? html`<div><dt>${msg('Name', { id: 'imm.name' })}</dt><dd>${name}</dd></div>` : nothing}
      ${birthDate
        ? html`<div><dt>${msg('Date of birth', { id: 'imm.birth-date' })}</dt><dd>${formatDate(birthDate, locale, { dateStyle: 'long' })}</dd></div>`
        : nothing}
      ${record.sourceName
        ? html`<div><dt>${msg('Source', { id: 'imm.source' })}</dt><dd>${record.sourceName}</dd></div>`
        : nothing}
      ${record.retrievedAt
        ? html`<div><dt>${msg('Retrieved', { id: 'imm.retrieved' })}</dt><dd>${formatDate(record.retrievedAt, locale, { dateStyle: 'long', timeZone: viewerTimeZone() })}</dd></div>`
        : nothing}
    </dl>`;
  }

  private renderDue(groups: readonly ShownGroup[], forecast: ForecastOutcome | undefined, level: number): TemplateResult {
    const { locale, role } = this.activeSession;
    const heading = html`<div class="section__heading" id="imm-due" role="heading" aria-level=${Math.min(6, level)}>
      ${role === 'clinician' ? msg('Forecast', { id: 'imm.due.title.clinician' }) : msg('What is due', { id: 'imm.due.title' })}
    </div>`;
    let body: TemplateResult;
    if (forecast === 'no-birth-date') {
      body = html`<p class="state" part="state" role="status">
        ${msg('We cannot tell what is due because the date of birth is missing from the record.', { id: 'imm.cannot-forecast' })}
      </p>`;
    } else if (!forecast || !('groups' in forecast)) {
      const code = forecast && isEngageError(forecast.error) ? forecast.error.code : 'server';
      body = html`<div class="state state--error" part="state error" role="alert">
        <p class="state__title">${msg('What is due could not be loaded.', { id: 'imm.forecast-error' })} ${errorText(code)}</p>
        <button type="button" part="retry-button" @click=${() => void this.loadTask.run()}>${msg('Try again', { id: 'state.retry' })}</button>
      </div>`;
    } else {
      const due = groups.flatMap((g) => g.forecasts.map((f) => [g, f] as const));
      const byId = new Map(groups.flatMap((g) => g.vaccinations.map((v) => [v.id, v] as const)));
      body = html`
        <p class="meta">
          ${msg(str`Source: ${forecastSourceWord(forecast.source)}`, { id: 'imm.forecast.source' })}${forecast.sourceName
            ? html` (${forecast.sourceName})`
            : nothing}.
          ${msg(str`For ${formatDate(forecast.asOf, locale, { dateStyle: 'long' })}.`, { id: 'imm.forecast.as-of' })}
          ${forecast.madeAt
            ? msg(str`Made on ${formatDate(forecast.madeAt, locale, { dateStyle: 'long', timeZone: viewerTimeZone() })}.`, { id: 'imm.forecast.made' })
            : nothing}
        </p>
        ${due.length
          ? html`<ul class="due" role="list">${due.map(([g, f]) => this.renderDueItem(g, f, byId))}</ul>`
          : html`<p class="state" part="state" role="status">${msg('Nothing is due.', { id: 'imm.due.none' })}</p>`}
      `;
    }
    return html`<section part="due" class="due-section" aria-labelledby="imm-due">${heading}${body}</section>`;
  }

  private renderDueItem(group: ShownGroup, forecast: VaccineGroupForecast, byId: ReadonlyMap<string, VaccinationRecord>): TemplateResult {
    const { locale, role } = this.activeSession;
    const clinician = role === 'clinician';
    // a group forecast for a risk beside the routine schedule says which one it is
    const typed = group.forecasts.length > 1 && forecast.seriesType ? seriesTypeWord(forecast.seriesType, !clinician) : undefined;
    const label = typed ? `${groupLabel(group.name, !clinician)} (${typed})` : groupLabel(group.name, !clinician);
    const date = (value: string | undefined) => formatDate(value, locale);
    return html`<li part="due-item" class="due-item status--${forecast.status}" data-group=${group.name} data-status=${forecast.status} data-series-type=${forecast.seriesType ?? nothing}>
      ${chip(STATUS_CHIP[forecast.status][0], statusWord(forecast.status), { icon: STATUS_CHIP[forecast.status][1], class: 'badge', part: 'status' })}
      ${clinician
        ? html`<span class="due-item__group">${label}</span>
            <dl class="dates">
              ${forecast.doseNumber !== undefined
                ? html`<div><dt>${msg('Next dose', { id: 'imm.next-dose' })}</dt><dd>${forecast.doseNumber}</dd></div>`
                : nothing}
              ${forecast.earliestDate ? html`<div><dt>${msg('Earliest', { id: 'imm.earliest' })}</dt><dd data-date="earliest">${date(forecast.earliestDate)}</dd></div>` : nothing}
              ${forecast.recommendedDate ? html`<div><dt>${msg('Recommended', { id: 'imm.recommended' })}</dt><dd data-date="recommended">${date(forecast.recommendedDate)}</dd></div>` : nothing}
              ${forecast.pastDueDate ? html`<div><dt>${msg('Past-due date', { id: 'imm.past-due' })}</dt><dd data-date="past-due">${date(forecast.pastDueDate)}</dd></div>` : nothing}
              ${forecast.series ? html`<div><dt>${msg('Series', { id: 'imm.series' })}</dt><dd>${forecast.series}</dd></div>` : nothing}
              ${forecast.sourceStatus ? html`<div><dt>${msg('Source status', { id: 'imm.source-status' })}</dt><dd>${forecast.sourceStatus}</dd></div>` : nothing}
              ${forecast.reason ? html`<div><dt>${msg('Reason', { id: 'imm.reason' })}</dt><dd>${forecast.reason}</dd></div>` : nothing}
              ${forecast.uncounted?.length
                ? // given doses the forecast could not read: why it says "ask" instead of "due"
                  html`<div><dt>${msg('Not counted by the forecast', { id: 'imm.uncounted' })}</dt><dd data-uncounted>${forecast.uncounted
                    .map((id) => byId.get(id))
                    .map((v) => (v ? `${vaccineName(v)}, ${v.date ? date(v.date) : msg('date unknown', { id: 'imm.date-unknown' })}` : ''))
                    .filter(Boolean)
                    .join('; ')}</dd></div>`
                : nothing}
            </dl>`
        : html`<span class="sentence">${patientSentence(label, forecast, locale, role === 'caregiver')}</span>`}
    </li>`;
  }

  private renderGroup(group: ShownGroup, index: number, forecast: ImmunizationForecast | undefined, level: number): TemplateResult {
    const { role } = this.activeSession;
    const id = `imm-group-${index}`;
    const count = givenCount(group.vaccinations);
    return html`<section part="group" class="group" aria-labelledby=${id} data-group=${group.name}>
      <div class="group__heading" id=${id} role="heading" aria-level=${Math.min(6, level)}>
        ${groupLabel(group.name, role !== 'clinician')}
        <span class="count">${count === 1 ? msg('1 dose', { id: 'imm.count.one' }) : msg(str`${count} doses`, { id: 'imm.count' })}</span>
      </div>
      <ul class="doses" role="list">${group.vaccinations.map((v) => this.renderDose(v, group.name, forecast))}</ul>
    </section>`;
  }

  private renderDose(v: VaccinationRecord, group: string, forecast: ImmunizationForecast | undefined): TemplateResult {
    const { locale, role } = this.activeSession;
    const given = v.status === 'given';
    const evaluation = role === 'clinician' && given ? evaluationOf(forecast, v.id, group) : undefined;
    return html`<li part=${given ? 'dose' : 'dose not-given'} class="dose ${given ? '' : 'dose--not-given'}" data-id=${v.id}>
      <span class="dose__name">${vaccineName(v)}</span>
      <span class="dose__date" data-date=${v.date ?? ''}>${v.date ? formatDate(v.date, locale, { dateStyle: 'long' }) : msg('Date not recorded', { id: 'imm.no-date' })}</span>
      ${given
        ? nothing
        : chip(
            'neutral',
            html`${v.refused ? msg('Refused, not given', { id: 'imm.refused' }) : msg('Not given', { id: 'imm.not-given' })}${v.notGivenReason && codedText(v.notGivenReason)
              ? html`: ${codedText(v.notGivenReason)}`
              : nothing}`,
            { icon: iconCross, class: 'badge badge--not-given' },
          )}
      ${v.partial ? chip('warning', notFullDose(v), { icon: iconMinus, class: 'badge' }) : nothing}
      <span class="dose__details">
        ${given && v.doseNumber
          ? html`<span>${v.seriesDoses ? msg(str`Dose ${v.doseNumber} of ${v.seriesDoses}`, { id: 'imm.dose-of' }) : msg(str`Dose ${v.doseNumber}`, { id: 'imm.dose' })}</span>`
          : nothing}
        ${v.location ? html`<span>${msg(str`Where: ${v.location}`, { id: 'imm.where' })}</span>` : nothing}
        <span>${sourceWord(v.source)}</span>
        ${role === 'clinician' && v.lotNumber ? html`<span>${msg(str`Lot ${v.lotNumber}`, { id: 'imm.lot' })}</span>` : nothing}
      </span>
      ${evaluation
        ? html`<span class="evaluation ${evaluation.valid ? 'evaluation--valid' : 'evaluation--invalid'}">
            ${icon(evaluation.valid ? iconCheck : iconCross)}
            ${evaluation.valid
              ? evaluation.doseNumber !== undefined
                ? msg(str`Valid, counts as dose ${evaluation.doseNumber}`, { id: 'imm.eval.valid-dose' })
                : msg('Valid', { id: 'imm.eval.valid' })
              : msg(str`Not valid: ${evaluation.reason ?? evaluation.sourceStatus ?? ''}`, { id: 'imm.eval.invalid' })}
          </span>`
        : nothing}
    </li>`;
  }

  /** A retry (the shared error state's or the forecast's) re-renders without its button: remember to place focus. */
  private readonly onClick = (event: Event): void => {
    if ((event.target as Element | null)?.closest?.('[part~="retry-button"]')) this.refocusAfterLoad = true;
  };

  protected override updated(): void {
    if (!this.refocusAfterLoad || this.loadTask.status === TaskStatus.PENDING) return;
    this.refocusAfterLoad = false;
    // failed again: the new retry button; loaded: the title, so the reader starts at the top of what arrived
    const target = this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]') ?? this.renderRoot.querySelector<HTMLElement>('#imm-title');
    target?.focus();
  }

  private print(): void {
    window.print();
  }

  /** A download's name in the reader's language; no patient name or other record data. */
  private fileName(): string {
    return this.localized(() => msg('immunization-record', { id: 'imm.file-name' }));
  }

  private save(content: string, type: string, name: string): void {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /* The download builders load on the first download: showing a record needs none of them. */
  private async downloadFhir(record: ImmunizationRecord): Promise<void> {
    const { toFhirBundle } = await import('./immunization-export.js');
    const bundle = toFhirBundle(record, this.activeSession.now().toISOString());
    this.save(JSON.stringify(bundle, null, 2), 'application/fhir+json', `${this.fileName()}.json`);
    this.announcement = this.localized(() => msg('The record was downloaded as FHIR JSON.', { id: 'imm.announce.fhir' }));
  }

  private async downloadCsv(groups: readonly ShownGroup[]): Promise<void> {
    const { toCsv } = await import('./immunization-export.js');
    this.save(this.csvOf(toCsv, groups), 'text/csv;charset=utf-8', `${this.fileName()}.csv`);
    this.announcement = this.localized(() => msg('The record was downloaded as a spreadsheet (CSV).', { id: 'imm.announce.csv' }));
  }

  /** The CSV of the record, headed in the element's language. */
  private csvOf(toCsv: typeof ExportModule.toCsv, groups: readonly ShownGroup[]): string {
    return this.localized(() =>
      toCsv(
        groups.filter((g) => g.vaccinations.length),
        {
          group: msg('Vaccine group', { id: 'imm.csv.group' }),
          vaccine: msg('Vaccine', { id: 'imm.csv.vaccine' }),
          cvx: 'CVX',
          date: msg('Date', { id: 'imm.csv.date' }),
          dose: msg('Dose', { id: 'imm.csv.dose' }),
          status: msg('Status', { id: 'imm.csv.status' }),
          reason: msg('Reason', { id: 'imm.reason' }),
          source: msg('Source', { id: 'imm.source' }),
          location: msg('Where given', { id: 'imm.csv.location' }),
          lot: msg('Lot', { id: 'imm.csv.lot' }),
        },
        {
          status: (v) =>
            v.status !== 'given'
              ? v.refused
                ? msg('Refused, not given', { id: 'imm.refused' })
                : msg('Not given', { id: 'imm.not-given' })
              : v.partial
                ? `${msg('Given', { id: 'imm.given' })} (${notFullDose(v)})`
                : msg('Given', { id: 'imm.given' }),
          source: (v) => sourceWord(v.source),
          group: (name) => groupLabel(name, false),
          vaccine: vaccineName,
        },
      ),
    );
  }
}

/**
 * A dose that does not count as a full one, in words, with the source's reason when it gives
 * one: FHIR's `isSubpotent` covers a partial dose, a break in the cold chain and a recall.
 */
function notFullDose(v: VaccinationRecord): string {
  const reason = v.subpotentReason && codedText(v.subpotentReason);
  return reason ? msg(str`Not a full dose: ${reason}`, { id: 'imm.not-full.reason' }) : msg('Not a full dose', { id: 'imm.not-full' });
}

/** The vaccine's name: the record's text or coding display, else CDC's CVX short description. */
function vaccineName(v: VaccinationRecord): string {
  return codedText(v.vaccine) || (v.cvx ? cvxShortName(v.cvx) : undefined) || msg('Vaccine not named', { id: 'imm.unnamed' });
}
