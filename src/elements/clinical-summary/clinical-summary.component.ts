import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task } from '@lit/task';
import type {
  AdvanceDirectiveEntry,
  AllergyEntry,
  CareTeamEntry,
  CarePlanEntry,
  ClinicalSummary,
  CodedValue,
  DeviceEntry,
  DocumentEntry,
  EncounterEntry,
  GoalEntry,
  ImmunizationEntry,
  MedicationEntry,
  ObservationEntry,
  ObservationValue,
  ProblemEntry,
  ProcedureEntry,
  RecordRef,
  Role,
  SummaryEntryBase,
  SummaryPort,
  SummarySection,
  SummarySectionKey,
} from '../../adapters/ports.js';
import { SUMMARY_SECTIONS } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { EngageError, isEngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import type { WriteIntent } from '../../core/write-protocol.js';
import { codedText, formatDate as formatDateUncached, formatName, formatQuantity as formatQuantityUncached, parseDate } from '../../core/format.js';
import { errorText, renderError } from '../../core/states.js';
import type * as SanitizeModule from '../../core/sanitize.js';
import { summaryStyles } from './clinical-summary.styles.js';
import {
  criticalityText,
  flagText,
  noneKnownText,
  notRecordedText,
  sectionTitle,
  severityText,
  statusText,
} from './summary-labels.js';
import { renderTrend, type TrendPoint } from './summary-trend.js';
import { renderNegated, splitNegated } from './summary-negation.js';
import { renderCareTeam, renderDevice, renderDirective } from './summary-care.js';
import { renderDocument } from './summary-documents.js';
import type * as ViewerModule from './document-viewer.js';
import { dosageText, patientName, patientQuantity, sentenceCase, shownName } from './patient-words.js';

/** Detail of `engage-summary-load`. */
export interface SummaryLoadDetail {
  /** The summary as loaded (before hiding inactive entries). */
  summary: ClinicalSummary;
}

/** Detail of `engage-summary-transmit`. */
export interface SummaryTransmitDetail {
  /** The document to send: an IPS Bundle (FHIR JSON) or the C-CDA XML text. */
  document: unknown;
  /** Its media type: `application/fhir+json` or `application/xml`. */
  contentType: string;
  /** Where the user asked to send it (a Direct address, an email, an app), as typed. */
  recipient: string;
  /** The user's note. */
  note: string;
  /** Names this content (recipient and note): the same across retries of it (docs/write-protocol.md). */
  idempotencyKey: string;
  /** Keys of earlier unanswered sends of this intent with another recipient or note. */
  replaces?: readonly string[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-summary-load': CustomEvent<SummaryLoadDetail>;
    'engage-summary-transmit': CustomEvent<SummaryTransmitDetail>;
  }
}

type AnyEntry = SummaryEntryBase & Record<string, unknown>;

/** Statuses hidden by default, per section (entered-in-error is always hidden). */
const HIDDEN_STATUSES: Partial<Record<SummarySectionKey, readonly string[]>> = {
  problems: ['inactive', 'resolved', 'remission', 'refuted'],
  allergies: ['inactive', 'resolved'],
  medications: ['stopped', 'completed', 'cancelled', 'inactive', 'not-taken', 'entered-in-error'],
  carePlan: ['completed', 'revoked', 'cancelled'],
  goals: ['completed', 'cancelled', 'rejected'],
  careTeam: ['inactive'],
  devices: ['inactive', 'completed', 'stopped'],
  advanceDirectives: ['inactive', 'rejected'],
  // an older version of a note: the newer one is shown, the old one on request, marked as replaced
  documents: ['superseded'],
};

/*
 * Formatting builds an Intl formatter per call, which dominates the first render of a
 * long record; the same dates and values repeat, so their texts are remembered (per
 * locale, bounded).
 */
const formatted = new Map<string, string>();
/** The viewer's time zone, read once per render: a moment's day depends on it. */
let viewerZone = '';
function remembered(key: string, make: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size > 20_000) formatted.clear();
    text = make();
    formatted.set(key, text);
  }
  return text;
}
const formatDate = (value: string | undefined, locale: string): string =>
  value ? remembered(`d|${locale}|${value.includes('T') ? viewerZone : ''}|${value}`, () => formatDateUncached(value, locale)) : '';
const formatQuantity = (quantity: Parameters<typeof formatQuantityUncached>[0], locale: string, plain = false): string =>
  quantity
    ? remembered(
        `q|${locale}|${plain}|${quantity.comparator ?? ''}|${quantity.value ?? ''}|${quantity.decimals ?? ''}|${quantity.unit ?? ''}|${quantity.code ?? ''}`,
        () => (plain ? patientQuantity(quantity, locale) : formatQuantityUncached(quantity, locale)),
      )
    : '';

/** A moment for sorting newest first; unknown dates sort last. */
function timeOf(value: string | undefined): number {
  const parsed = parseDate(value);
  if (!parsed) return -Infinity;
  if (parsed.instant) return parsed.instant.getTime();
  return Date.UTC(parsed.year, (parsed.month ?? 1) - 1, parsed.day ?? 1);
}

function dateField(key: SummarySectionKey, entry: AnyEntry): string | undefined {
  switch (key) {
    case 'problems':
      return (entry as unknown as ProblemEntry).onset ?? (entry as unknown as ProblemEntry).recorded;
    case 'allergies':
      return (entry as unknown as AllergyEntry).onset;
    case 'medications':
      return (entry as unknown as MedicationEntry).authoredOn;
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
function negatedName(key: SummarySectionKey, entry: AnyEntry): Parameters<typeof codedText>[0] {
  const e = entry as Record<string, unknown>;
  return (key === 'allergies' ? e.substance : key === 'immunizations' ? e.vaccine : e.name ?? e.code ?? e.title ?? e.description ?? e.type) as Parameters<typeof codedText>[0];
}

/** One test's results, newest first. */
interface ResultGroup {
  key: string;
  name: string;
  results: ObservationEntry[];
}

/**
 * The key that groups results of the same test: its first code *and* its name. Messy
 * data reuses a code for another test (5767-9 for both the appearance and the odor of
 * urine): grouping by code alone would put two tests' values in one history.
 */
function testKey(entry: ObservationEntry): string {
  const coding = entry.code.codings.find((c) => c.code);
  const name = codedText(entry.code).toLowerCase();
  return coding ? `${coding.system ?? ''}|${coding.code}|${name}` : `text|${name}`;
}

/**
 * A patient's clinical summary — problems, allergies, medications, immunizations,
 * results with trends, vital signs, procedures, visits, care plan and goals — from the
 * adapter's summary port (live FHIR), from an IPS `Bundle` given as `bundle`, or from a
 * C-CDA document given as `ccda` (XML text). Patients see plain-language section names,
 * plain test and medicine names (the recorded name kept for screen readers), readable
 * units and sensible precision, and comfortable spacing; clinicians a compact layout with
 * the record's clinical names and values. Entered-in-
 * error and inactive entries are hidden until the reader asks for them. The summary can
 * be printed, downloaded (FHIR JSON or a web page) and sent.
 *
 * @tag engage-clinical-summary
 * @summary A patient's clinical summary with view, download and transmit.
 *
 * @slot header-actions - Host controls added to the toolbar.
 *
 * @csspart base - The summary container.
 * @csspart header - Title, source and toolbar.
 * @csspart toolbar - The action buttons.
 * @csspart section - Each section.
 * @csspart section-toggle - The button that collapses or expands a section (its heading).
 * @csspart entry - Each entry (one problem, one medicine, one test's latest result).
 * @csspart negated - A section's list of negated statements (do not give, not given, not done, does not have).
 * @csspart negated-entry - Each negated statement, with its kind in `data-negation`.
 * @csspart panel-heading - The name of a panel (a report such as "Lipid panel") above its results.
 * @csspart document-open - The button that opens or hides a note's or report's content.
 * @csspart document-viewer - A note's or report's content: text, sanitized HTML, or a download or link for a file.
 * @csspart flag - A result's abnormal flag (symbol and words).
 * @csspart trend - A result's trend line (SVG image).
 * @csspart transmit-form - The form that sends the summary.
 * @csspart state - Any loading, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --engage-summary-section-background - Background of each section.
 * @cssprop --engage-summary-section-border - Border colour of each section.
 * @cssprop --engage-color-danger - Colour of abnormal flags (always with a symbol and words).
 *
 * @fires engage-summary-load - When a summary has loaded; `detail.summary` holds it.
 * @fires engage-summary-transmit - Cancelable. Before sending; `detail` has the document, recipient, note and idempotency key. Call `preventDefault()` to send it yourself; otherwise the port's `transmit` sends it.
 */
export class EngageClinicalSummary extends EngageElement {
  static override styles = [...EngageElement.styles, summaryStyles];

  /** An IPS `Bundle` (FHIR JSON object) to show instead of reading the port. */
  @property({ attribute: false })
  bundle?: unknown;

  /** A C-CDA document (XML text) to show instead of reading the port. Wins over `bundle`. */
  @property({ attribute: false })
  ccda?: string;

  /**
   * Which sections to show, in order, separated by spaces or commas (for example
   * `"allergies medications problems"`). Default: every section in clinical order.
   */
  @property()
  sections?: string;

  /** Show inactive, resolved and entered-in-error entries too. */
  @property({ type: Boolean, attribute: 'show-inactive', reflect: true })
  showInactive = false;

  /** Heading level (1–6) of the summary title; section headings are one below. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** Expand every section and show every entry, as the summary prints. */
  @property({ type: Boolean, attribute: 'expand-all' })
  expandAll = false;

  /** Entries shown per section before a "Show all" button. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 20;

  @state() private collapsed = new Set<SummarySectionKey>();
  @state() private expanded = new Set<SummarySectionKey>();
  /** Result histories the reader opened (their tables render only then). */
  @state() private openHistories = new Set<string>();
  @state() private printing = false;
  /** The sanitizer, loaded on first need: narrative shows only where a section has no entries. */
  @state() private sanitizer?: typeof SanitizeModule;
  /** Documents the reader opened, and their viewer (a separate chunk, loaded on first open). */
  @state() private openDocuments = new Set<string>();
  @state() private viewer?: typeof ViewerModule;
  @state() private announcement = '';
  @state() private transmitOpen = false;
  @state() private transmitBusy = false;
  @state() private transmitError?: unknown;
  @state() private recipient = '';
  @state() private note = '';
  /**
   * The keys of the send: a changed note or recipient after a failure revises what landed.
   * Made at the first send (the write protocol loads then: reading a summary needs none of it).
   */
  private transmitIntent?: WriteIntent<{ recipient: string; note: string }>;

  @query('[data-transmit-toggle]') private transmitToggle?: HTMLButtonElement;

  private readonly summaryTask = new Task(this, {
    task: async ([ccda, bundle, port, patient, wanted], { signal }) => {
      let summary: ClinicalSummary;
      if (typeof ccda === 'string') {
        const { summaryFromCcda } = await import('../../adapters/ccda/ccda.js');
        summary = summaryFromCcda(ccda);
      } else if (bundle) {
        const { summaryFromIps } = await import('../../adapters/ips/ips.js');
        summary = summaryFromIps(bundle);
      } else {
        if (!port || !patient) return undefined;
        const keys = (wanted as string).split(',').filter(Boolean) as SummarySectionKey[];
        summary = await (port as SummaryPort).getSummary(patient as RecordRef, { sections: keys }, { signal });
      }
      emit(this, 'engage-summary-load', { summary });
      return summary;
    },
    args: () => {
      const fromDocument = typeof this.ccda === 'string' || !!this.bundle;
      return [
        this.ccda,
        this.bundle,
        fromDocument ? undefined : this.portOf('summary'),
        fromDocument ? undefined : this.activeSession.patient,
        this.sections ? this.sectionKeys.join(',') : '',
      ] as const;
    },
  });

  private readonly beforePrint = () => {
    this.printing = true;
    // the print snapshot is taken right after this event: render everything now
    this.performUpdate();
  };

  private readonly afterPrint = () => {
    this.printing = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.beforePrint);
    window.addEventListener('afterprint', this.afterPrint);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('beforeprint', this.beforePrint);
    window.removeEventListener('afterprint', this.afterPrint);
    super.disconnectedCallback();
  }

  /** The sections to show, in order. */
  private get sectionKeys(): SummarySectionKey[] {
    if (!this.sections) return [...SUMMARY_SECTIONS];
    const chosen = this.sections
      .split(/[\s,]+/)
      .filter((key): key is SummarySectionKey => (SUMMARY_SECTIONS as readonly string[]).includes(key));
    return chosen.length ? [...new Set(chosen)] : [...SUMMARY_SECTIONS];
  }

  /** Whether every section and entry is shown (printing, exporting, or `expand-all`). */
  private get everything(): boolean {
    return this.printing || this.expandAll;
  }

  private get fromDocument(): boolean {
    return typeof this.ccda === 'string' || !!this.bundle;
  }

  protected override render(): TemplateResult {
    viewerZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    const { locale, role } = this.activeSession;
    const missing = this.fromDocument ? undefined : this.renderMissing('summary');
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    return html`<article
      part="base"
      class="summary ${role === 'clinician' ? 'summary--compact' : 'summary--comfortable'}"
      lang=${locale}
      aria-labelledby="summary-title"
    >
      <div class="title" id="summary-title" role="heading" aria-level=${level}>
        ${role === 'clinician'
          ? msg('Clinical summary', { id: 'summary.title.clinician' })
          : msg('Your health summary', { id: 'summary.title.patient' })}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${missing ??
      this.renderTask(this.summaryTask, {
        loadingText: msg('Loading the summary…', { id: 'summary.loading' }),
        complete: (summary) => (summary ? this.renderSummary(summary, level) : html``),
      })}
    </article>`;
  }

  private renderSummary(summary: ClinicalSummary, level: number): TemplateResult {
    const { locale, role } = this.activeSession;
    const keys = this.sectionKeys.filter((key) => summary.sections[key] !== undefined);
    const source =
      summary.source === 'ccda'
        ? msg('From a C-CDA document', { id: 'summary.source.ccda' })
        : summary.source === 'ips'
          ? msg('From an International Patient Summary', { id: 'summary.source.ips' })
          : msg('From your health record', { id: 'summary.source.live' });
    // a document, a print-out or a download may be read away from the patient's chart: name them
    const patientName = summary.patient && (this.fromDocument || this.printing) ? formatName(summary.patient.names, 'natural', locale) : '';
    return html`
      <div part="header" class="header">
        <p class="meta">
          ${source}${summary.generated
            ? html`<span class="meta__date">
                · ${msg(str`Produced ${formatDate(summary.generated, locale)}`, { id: 'summary.generated' })}</span
              >`
            : nothing}${patientName
            ? html`<span class="meta__patient"> · ${msg(str`Patient: ${patientName}`, { id: 'summary.patient' })}</span>`
            : nothing}
        </p>
        <div part="toolbar" class="toolbar" role="group" aria-label=${msg('Summary actions', { id: 'summary.actions' })}>
          <button type="button" @click=${this.print}>
            ${msg('Print', { id: 'summary.print' })}
          </button>
          ${this.canDownloadDocument(summary)
            ? html`<button type="button" data-download="document" @click=${() => this.downloadDocument(summary)}>
                ${summary.source === 'ccda'
                  ? msg('Download (C-CDA XML)', { id: 'summary.download.ccda' })
                  : msg('Download (FHIR JSON)', { id: 'summary.download.fhir' })}
              </button>`
            : nothing}
          <button type="button" data-download="html" @click=${this.downloadHtml}>
            ${msg('Download (web page)', { id: 'summary.download.html' })}
          </button>
          ${this.canDownloadDocument(summary)
            ? html`<button
                type="button"
                data-transmit-toggle
                aria-expanded=${this.transmitOpen ? 'true' : 'false'}
                aria-controls="transmit-form"
                @click=${this.toggleTransmit}
              >
                ${msg('Send…', { id: 'summary.send' })}
              </button>`
            : nothing}
          <label class="toggle">
            <input type="checkbox" .checked=${this.showInactive} @change=${this.onShowInactive} />
            ${msg('Show inactive and entered-in-error', { id: 'summary.show-inactive' })}
          </label>
          <slot name="header-actions"></slot>
        </div>
        ${this.transmitOpen ? this.renderTransmitForm() : nothing}
      </div>
      <div class="sections" @keydown=${this.onSectionKeydown}>
        ${keys.length
          ? keys.map((key) => this.renderSection(key, summary.sections[key]!, level + 1, role))
          : html`<p class="empty" part="state empty" role="status">
              ${msg('This summary has no sections to show.', { id: 'summary.no-sections' })}
            </p>`}
      </div>
    `;
  }

  // -------------------------------------------------------------------------
  // Sections
  // -------------------------------------------------------------------------

  private visibleEntries(key: SummarySectionKey, entries: readonly AnyEntry[]): { shown: AnyEntry[]; hidden: number } {
    if (this.showInactive) return { shown: [...entries], hidden: 0 };
    const hiddenStatuses = HIDDEN_STATUSES[key] ?? [];
    // a negated entry ("not taken", "do not give") is shown in its own list whatever its status
    const shown = entries.filter((entry) => !entry.enteredInError && (entry.negation || !hiddenStatuses.includes(entry.status ?? '')));
    return { shown, hidden: entries.length - shown.length };
  }

  private renderSection(
    key: SummarySectionKey,
    section: SummarySection<SummarySectionKey>,
    level: number,
    role: Role,
  ): TemplateResult {
    const title = sectionTitle(key, role);
    const collapsed = this.collapsed.has(key) && !this.everything;
    let count: number | undefined;
    let body: TemplateResult;
    if (section.state === 'entries') {
      const { shown: visible, hidden } = this.visibleEntries(key, section.entries as unknown as AnyEntry[]);
      // negated entries never join the facts, their count or a result history
      const { facts: shown, negated } = splitNegated(visible);
      const groups = key === 'results' || key === 'vitals' || key === 'socialHistory' ? this.groupResults(shown as unknown as ObservationEntry[]) : undefined;
      count = groups ? groups.length : shown.length;
      body = html`${count === 0
          ? section.noneKnown
            ? html`<p class="empty empty--none-known"><span aria-hidden="true">✓ </span>${noneKnownText(key)}</p>`
            : negated.length
              ? nothing
              : html`<p class="empty">${msg('Nothing current to show.', { id: 'summary.nothing-current' })}</p>`
          : groups
            ? this.renderResultGroups(key, groups, level)
            : this.renderEntries(key, shown)}
        ${renderNegated(key, negated, (entry) => ({
          name: this.shownName(negatedName(key, entry)),
          date: dateField(key, entry) && this.date(dateField(key, entry)),
          reason: (entry as unknown as ImmunizationEntry).statusReason && codedText((entry as unknown as ImmunizationEntry).statusReason!),
        }))}
        ${hidden > 0
          ? html`<p class="hidden-note">
              ${msg(str`${hidden} inactive or entered-in-error entries are hidden.`, { id: 'summary.hidden-count' })}
            </p>`
          : nothing}
        ${section.truncated
          ? html`<p class="hidden-note">
              ${msg('This history is very long; only the most recent part was loaded.', { id: 'summary.truncated' })}
            </p>`
          : nothing}`;
    } else if (section.state === 'error') {
      body = html`<div class="section-error" role="alert">
        <p><span aria-hidden="true">⚠ </span>${msg('This section could not be loaded.', { id: 'summary.section-error' })}
          ${errorText(section.error.code)}</p>
        ${this.fromDocument
          ? nothing
          : html`<button type="button" part="retry-button" @click=${() => void this.summaryTask.run()}>
              ${msg('Try again', { id: 'state.retry' })}
            </button>`}
      </div>`;
    } else {
      const text = section.state === 'none-known' ? noneKnownText(key) : notRecordedText(key);
      body = html`<p class="empty empty--${section.state}">
          <span aria-hidden="true">${section.state === 'none-known' ? '✓ ' : '? '}</span>${text}
        </p>
        ${section.narrative ? html`<div class="narrative">${this.renderNarrative(section.narrative)}</div>` : nothing}`;
    }
    const id = `section-${key}`;
    return html`<section part="section" class="section section--${key}" aria-labelledby="${id}-heading" data-section=${key}>
      <div role="heading" aria-level=${Math.min(6, level)} class="section__heading" id="${id}-heading">
        <button
          type="button"
          part="section-toggle"
          class="section__toggle"
          aria-expanded=${collapsed ? 'false' : 'true'}
          aria-controls="${id}-body"
          data-section-toggle=${key}
          @click=${() => this.toggleSection(key)}
        >
          <span class="chevron" aria-hidden="true">${collapsed ? '▸' : '▾'}</span>
          <span class="section__title">${title}</span>
          ${count !== undefined ? html`<span class="count">${count}</span>` : nothing}
        </button>
      </div>
      <div class="section__body" id="${id}-body" ?hidden=${collapsed}>${body}</div>
    </section>`;
  }

  /** Opens or closes a document's content; the viewer chunk is imported on the first open. */
  private toggleDocument(id: string): void {
    const next = new Set(this.openDocuments);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.openDocuments = next;
    this.loadViewer();
  }

  private loadViewer(): void {
    if (!this.viewer) void import('./document-viewer.js').then((module) => (this.viewer = module));
  }

  /** Untrusted narrative, only ever through the sanitizer (loaded on demand). */
  private renderNarrative(narrative: string): unknown {
    if (this.sanitizer) return this.sanitizer.sanitizedHtml(narrative, 'narrative');
    void import('../../core/sanitize.js').then((module) => (this.sanitizer = module));
    return nothing;
  }

  private toggleSection(key: SummarySectionKey): void {
    const next = new Set(this.collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.collapsed = next;
  }

  /** Arrow keys, Home and End move between section headings (the accordion pattern). */
  private onSectionKeydown(event: KeyboardEvent): void {
    const target = event.composedPath()[0] as HTMLElement;
    if (!target?.hasAttribute?.('data-section-toggle')) return;
    const toggles = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[data-section-toggle]')];
    const index = toggles.indexOf(target as HTMLButtonElement);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = (index + 1) % toggles.length;
    else if (event.key === 'ArrowUp') next = (index - 1 + toggles.length) % toggles.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = toggles.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    toggles[next]!.focus();
  }

  private limited<T>(key: SummarySectionKey, items: readonly T[]): { items: readonly T[]; more: TemplateResult | typeof nothing } {
    const size = Math.max(1, Math.round(this.pageSize) || 20);
    if (this.everything || this.expanded.has(key) || items.length <= size) return { items, more: nothing };
    return {
      items: items.slice(0, size),
      more: html`<button type="button" class="more" data-show-all=${key} @click=${() => this.showAll(key, size)}>
        ${msg(str`Show all ${items.length}`, { id: 'summary.show-all' })}
      </button>`,
    };
  }

  private async showAll(key: SummarySectionKey, previous: number): Promise<void> {
    this.expanded = new Set([...this.expanded, key]);
    await this.updateComplete;
    // keep the reader's place: focus the first entry that was not shown before
    const entry = this.renderRoot.querySelectorAll<HTMLElement>(`[data-section="${key}"] [part~="entry"]`)[previous];
    entry?.focus();
  }

  private renderEntries(key: SummarySectionKey, entries: AnyEntry[]): TemplateResult {
    const sorted = [...entries].sort((a, b) => timeOf(dateField(key, b)) - timeOf(dateField(key, a)));
    const { items, more } = this.limited(key, sorted);
    return html`<ul class="entries" role="list">
        ${items.map((entry) => html`<li part="entry" class="entry" tabindex="-1">${this.renderEntry(key, entry)}</li>`)}
      </ul>
      ${more}`;
  }

  private date(value: string | undefined): string {
    return value ? formatDate(value, this.activeSession.locale) : msg('Unknown', { id: 'summary.unknown' });
  }

  private field(label: string, value: string | TemplateResult | undefined | false): TemplateResult | typeof nothing {
    if (value === undefined || value === false || value === '') return nothing;
    return html`<div class="field"><dt>${label}</dt><dd>${value}</dd></div>`;
  }

  private name(value: Parameters<typeof codedText>[0], fallback?: string): string {
    const recorded = codedText(value, fallback ?? msg('Unknown item', { id: 'summary.unknown-item' }));
    // patients read plain test and medicine names; clinicians the record's own
    return this.activeSession.role !== 'clinician' ? (patientName(value, this.activeSession.locale) ?? recorded) : recorded;
  }

  /** The name as shown, with the record's own name for screen readers when the two differ. */
  private shownName(value: Parameters<typeof codedText>[0]): TemplateResult | string {
    const shown = this.name(value);
    return shownName(shown, codedText(value, shown));
  }

  /** A "Learn more" infobutton (#17) when the adapter has a knowledge port; its code loads on demand. */
  private learnMore(coded: CodedValue) {
    if (!this.portOf('knowledge')) return nothing;
    void import('../learn-more/learn-more.js');
    return html`<engage-learn-more .coded=${coded} .adapter=${this.adapter} .session=${this.session} .patient=${this.patient} lang=${this.lang || nothing}></engage-learn-more>`;
  }

  private renderEntry(key: SummarySectionKey, entry: AnyEntry): TemplateResult {
    const plain = this.activeSession.role !== 'clinician';
    const errorBadge = entry.enteredInError
      ? html`<span class="badge badge--error">${msg('Entered in error', { id: 'summary.status.entered-in-error' })}</span>`
      : nothing;
    switch (key) {
      case 'problems': {
        const e = entry as unknown as ProblemEntry;
        return html`<div class="entry__name">${this.name(e.name)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(plain ? msg('Since', { id: 'summary.field.since' }) : msg('Onset', { id: 'summary.field.onset' }), this.date(e.onset))}
            ${this.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
            ${this.field(msg('Resolved', { id: 'summary.field.resolved' }), e.abatement && this.date(e.abatement))}
          </dl>
          ${this.learnMore(e.name)}`;
      }
      case 'allergies': {
        const e = entry as unknown as AllergyEntry;
        const reactions = e.reactions
          .map((r) => [r.manifestation.map((m) => codedText(m)).filter(Boolean).join(', '), severityText(r.severity)].filter(Boolean).join(' — '))
          .filter(Boolean)
          .join('; ');
        return html`<div class="entry__name">${this.name(e.substance)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(msg('Reaction', { id: 'summary.field.reaction' }), reactions || msg('Unknown', { id: 'summary.unknown' }))}
            ${this.field(msg('Risk', { id: 'summary.field.criticality' }), criticalityText(e.criticality))}
            ${this.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
            ${this.field(msg('Since', { id: 'summary.field.since' }), e.onset && this.date(e.onset))}
          </dl>`;
      }
      case 'medications': {
        const e = entry as unknown as MedicationEntry;
        return html`<div class="entry__name">${this.shownName(e.name)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(plain ? msg('How to take', { id: 'summary.field.instructions.plain' }) : msg('Sig', { id: 'summary.field.instructions' }), sentenceCase([plain ? dosageText(e.dosage) : e.dosage, e.asNeeded && msg('as needed', { id: 'summary.as-needed' })].filter(Boolean).join(', ')) || msg('Unknown', { id: 'summary.unknown' }))}
            ${this.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
            ${this.field(plain ? msg('Prescribed by', { id: 'summary.field.prescriber.plain' }) : msg('Prescriber', { id: 'summary.field.prescriber' }), e.prescriber)}
            ${this.field(msg('Prescribed', { id: 'summary.field.authored' }), this.date(e.authoredOn))}
            ${this.field(msg('Last filled', { id: 'summary.field.last-filled' }), e.lastFilled && this.date(e.lastFilled))}
          </dl>
          ${this.learnMore(e.name)}`;
      }
      case 'immunizations': {
        const e = entry as unknown as ImmunizationEntry;
        const dose = e.doseNumber
          ? e.seriesDoses
            ? msg(str`${e.doseNumber} of ${e.seriesDoses}`, { id: 'summary.dose-of' })
            : e.doseNumber
          : undefined;
        return html`<div class="entry__name">${this.name(e.vaccine)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(msg('Date', { id: 'summary.field.date' }), this.date(e.date))}
            ${this.field(msg('Dose', { id: 'summary.field.dose' }), dose)}
            ${this.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
            ${this.field(msg('Reason', { id: 'summary.field.reason' }), e.statusReason && codedText(e.statusReason))}
          </dl>`;
      }
      case 'procedures': {
        const e = entry as unknown as ProcedureEntry;
        return html`<div class="entry__name">${this.name(e.name)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(msg('Date', { id: 'summary.field.date' }), this.date(e.performed))}
            ${this.field(msg('Status', { id: 'summary.field.status' }), e.status && statusText(e.status))}
          </dl>`;
      }
      case 'encounters': {
        const e = entry as unknown as EncounterEntry;
        return html`<div class="entry__name">${this.name(e.type, msg('Visit', { id: 'summary.visit' }))}${errorBadge}</div>
          <dl class="fields">
            ${this.field(msg('Date', { id: 'summary.field.date' }), this.date(e.start))}
            ${this.field(msg('Reason', { id: 'summary.field.reason' }), e.reasons.map((r) => codedText(r)).filter(Boolean).join(', '))}
            ${this.field(msg('Where', { id: 'summary.field.location' }), e.location)}
            ${this.field(msg('With', { id: 'summary.field.practitioner' }), e.practitioner)}
          </dl>`;
      }
      case 'carePlan': {
        const e = entry as unknown as CarePlanEntry;
        return html`<div class="entry__name">${this.name(e.title)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(msg('Since', { id: 'summary.field.since' }), this.date(e.start))}
            ${this.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
            ${this.field(msg('Activities', { id: 'summary.field.activities' }), e.activities.join('; '))}
            ${this.field(msg('Not to be done', { id: 'summary.negation.do-not-perform' }), e.notToDo?.join('; '))}
          </dl>`;
      }
      case 'goals': {
        const e = entry as unknown as GoalEntry;
        return html`<div class="entry__name">${this.name(e.description)}${errorBadge}</div>
          <dl class="fields">
            ${this.field(msg('Status', { id: 'summary.field.status' }), statusText(e.status))}
            ${this.field(msg('Target date', { id: 'summary.field.due' }), e.due && this.date(e.due))}
          </dl>`;
      }
      case 'documents':
        // printing or expand-all shows every note's text
        if (this.everything) this.loadViewer();
        return renderDocument(entry as unknown as DocumentEntry, {
          field: (label, value) => this.field(label, value),
          date: (value) => this.date(value),
          name: (value, fallback) => this.name(value, fallback),
          badge: errorBadge,
          isOpen: (id) => this.everything || this.openDocuments.has(id),
          toggle: (id) => this.toggleDocument(id),
          viewer: this.viewer,
        });
      case 'careTeam':
      case 'devices':
      case 'advanceDirectives': {
        const helpers = {
          field: (label: string, value: string | TemplateResult | undefined | false) => this.field(label, value),
          date: (value: string | undefined) => this.date(value),
          name: (value: Parameters<typeof codedText>[0], fallback?: string) => this.name(value, fallback),
          badge: errorBadge,
        };
        if (key === 'careTeam') return renderCareTeam(entry as unknown as CareTeamEntry, helpers);
        if (key === 'devices') return renderDevice(entry as unknown as DeviceEntry, helpers);
        return renderDirective(entry as unknown as AdvanceDirectiveEntry, helpers);
      }
      default:
        return html``;
    }
  }

  // -------------------------------------------------------------------------
  // Results: grouped by test, latest first, with a trend and a history table
  // -------------------------------------------------------------------------

  private groupResults(entries: readonly ObservationEntry[]): ResultGroup[] {
    const groups = new Map<string, ResultGroup>();
    const times = new Map<ObservationEntry, number>();
    for (const entry of entries) {
      times.set(entry, timeOf(entry.effective));
      const key = testKey(entry);
      const group = groups.get(key) ?? { key, name: this.name(entry.code), results: [] };
      group.results.push(entry);
      groups.set(key, group);
    }
    for (const group of groups.values()) group.results.sort((a, b) => times.get(b)! - times.get(a)!);
    return [...groups.values()].sort((a, b) => times.get(b.results[0]!)! - times.get(a.results[0]!)!);
  }

  private valueText(value: ObservationValue | undefined, components: ObservationEntry['components'] = []): string {
    const { locale } = this.activeSession;
    const plain = this.activeSession.role !== 'clinician';
    if (!value) {
      const parts = components
        .map((c) => (c.value ? `${this.name(c.code)}: ${this.valueText(c.value)}` : ''))
        .filter(Boolean);
      return parts.length ? parts.join('; ') : msg('No value', { id: 'summary.no-value' });
    }
    switch (value.kind) {
      case 'quantity':
        return formatQuantity(value.quantity, locale, plain) || msg('No value', { id: 'summary.no-value' });
      case 'coded':
        return codedText(value.coded, msg('No value', { id: 'summary.no-value' }));
      case 'text':
        return value.text;
      case 'boolean':
        return value.value ? msg('Yes', { id: 'summary.yes' }) : msg('No', { id: 'summary.no' });
      case 'range':
        return `${formatQuantity(value.low, locale, plain)} – ${formatQuantity(value.high, locale, plain)}`;
      case 'ratio':
        return `${formatQuantity(value.numerator, locale, plain)} / ${formatQuantity(value.denominator, locale, plain)}`;
    }
  }

  private rangeText(entry: ObservationEntry): string | undefined {
    const range = entry.referenceRange;
    if (!range) return undefined;
    const { locale } = this.activeSession;
    const plain = this.activeSession.role !== 'clinician';
    if (range.low?.value !== undefined && range.high?.value !== undefined) {
      return `${formatQuantity({ ...range.low, unit: undefined, code: undefined }, locale, plain)} – ${formatQuantity(range.high, locale, plain)}`;
    }
    if (range.low?.value !== undefined) return `≥ ${formatQuantity(range.low, locale, plain)}`;
    if (range.high?.value !== undefined) return `≤ ${formatQuantity(range.high, locale, plain)}`;
    return range.text;
  }

  private renderFlag(entry: ObservationEntry): TemplateResult | typeof nothing {
    const flag = flagText(entry.interpretation);
    if (!flag) return entry.interpretationText ? html`<span class="flag" part="flag">${entry.interpretationText}</span>` : nothing;
    return html`<span part="flag" class="flag flag--${entry.interpretation}"
      ><span aria-hidden="true">${flag.symbol}</span> ${flag.words}</span
    >`;
  }

  /**
   * Results, each test once; a panel's tests (a Lipid panel's LDL and HDL) under the panel's
   * own name as a heading, in the order their latest results came.
   */
  private renderResultGroups(key: SummarySectionKey, groups: ResultGroup[], level: number): TemplateResult {
    const { items, more } = this.limited(key, groups);
    const panels: { name?: string; groups: ResultGroup[] }[] = [];
    const byName = new Map<string, { name?: string; groups: ResultGroup[] }>();
    for (const group of items) {
      const panel = group.results[0]!.panel;
      const name = panel ? this.name(panel) : undefined;
      let cluster = byName.get(name ?? '');
      if (!cluster) {
        cluster = { name, groups: [] };
        byName.set(name ?? '', cluster);
        panels.push(cluster);
      }
      cluster.groups.push(group);
    }
    return html`${panels.map(
        (panel) => html`${panel.name
            ? html`<div role="heading" aria-level=${Math.min(6, level + 1)} class="panel__name" part="panel-heading">${panel.name}</div>`
            : nothing}
          <ul class="entries" role="list">
            ${panel.groups.map((group) => this.renderResultGroup(group))}
          </ul>`,
      )}
      ${more}`;
  }

  private renderResultGroup(group: ResultGroup): TemplateResult {
    const { locale } = this.activeSession;
    const latest = group.results[0]!;
    // the trend shows the 12 most recent numeric values; labels are made for those only
    const numeric: TrendPoint[] = group.results
      .filter((r) => r.value?.kind === 'quantity' && r.value.quantity.value !== undefined && timeOf(r.effective) > -Infinity)
      .slice(0, 12)
      .map((r) => ({
        time: timeOf(r.effective),
        value: (r.value as { quantity: { value: number } }).quantity.value,
        label: `${this.valueText(r.value)}, ${formatDate(r.effective, locale)}`,
      }))
      .reverse();
    return html`<li part="entry" class="entry entry--result" tabindex="-1">
      <div class="entry__name">${shownName(group.name, codedText(latest.code, group.name))}${latest.enteredInError
          ? html`<span class="badge badge--error">${msg('Entered in error', { id: 'summary.status.entered-in-error' })}</span>`
          : nothing}</div>
      <div class="result">
        <span class="result__value">${this.valueText(latest.value, latest.components)}</span>
        ${this.renderFlag(latest)}
        ${renderTrend(group.name, numeric)}
      </div>
      <dl class="fields">
        ${this.field(msg('Date', { id: 'summary.field.date' }), this.date(latest.effective))}
        ${this.field(msg('Normal range', { id: 'summary.field.range' }), this.rangeText(latest))}
      </dl>
      ${this.learnMore(latest.code)}
      ${group.results.length > 1
        ? html`<details
            class="history"
            ?open=${this.everything || this.openHistories.has(group.key)}
            @toggle=${(event: Event) => this.onHistoryToggle(group.key, event)}
          >
            <summary>${msg(str`Earlier results (${group.results.length - 1})`, { id: 'summary.history' })}</summary>
            ${this.everything || this.openHistories.has(group.key)
              ? html`<table>
              <caption class="visually-hidden">${msg(str`History of ${group.name}`, { id: 'summary.history-caption' })}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Date', { id: 'summary.field.date' })}</th>
                  <th scope="col">${msg('Value', { id: 'summary.field.value' })}</th>
                  <th scope="col">${msg('Flag', { id: 'summary.field.flag' })}</th>
                </tr>
              </thead>
              <tbody>
                ${group.results.slice(1).map(
                  (r) => html`<tr>
                    <td>${this.date(r.effective)}</td>
                    <td>${this.valueText(r.value, r.components)}</td>
                    <td>${this.renderFlag(r)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
              : nothing}
          </details>`
        : nothing}
    </li>`;
  }
  /** A long history renders its table only once the reader opens it. */
  private onHistoryToggle(key: string, event: Event): void {
    const open = (event.target as HTMLDetailsElement).open;
    if (open === this.openHistories.has(key)) return;
    const next = new Set(this.openHistories);
    if (open) next.add(key);
    else next.delete(key);
    this.openHistories = next;
  }

  // -------------------------------------------------------------------------
  // View, download, transmit
  // -------------------------------------------------------------------------

  private onShowInactive(event: Event): void {
    this.showInactive = (event.target as HTMLInputElement).checked;
    this.announcement = this.localized(() =>
      this.showInactive
        ? msg('Showing inactive and entered-in-error entries.', { id: 'summary.announce.inactive-shown' })
        : msg('Hiding inactive and entered-in-error entries.', { id: 'summary.announce.inactive-hidden' }),
    );
  }

  private print(): void {
    window.print();
  }

  private canDownloadDocument(summary: ClinicalSummary): boolean {
    if (summary.source === 'ccda') return typeof this.ccda === 'string';
    if (summary.source === 'ips' && this.bundle) return true;
    return typeof this.portOf('summary')?.getDocument === 'function';
  }

  /** The exchangeable document: the C-CDA or Bundle given, else the port's. */
  private async document(): Promise<{ document: unknown; contentType: string; text: string; extension: string }> {
    if (typeof this.ccda === 'string') return { document: this.ccda, contentType: 'application/xml', text: this.ccda, extension: 'xml' };
    let document = this.bundle;
    if (!document) {
      const port = this.portOf('summary');
      const patient = this.activeSession.patient;
      if (!port?.getDocument || !patient) throw new EngageError('not-configured', 'The port cannot give a document.');
      document = await port.getDocument(patient);
    }
    return { document, contentType: 'application/fhir+json', text: JSON.stringify(document, null, 2), extension: 'json' };
  }

  /** Saves a file; the export module is loaded only when a reader downloads. */
  private async save(content: string, type: string, name: string): Promise<void> {
    const { saveFile } = await import('./summary-export.js');
    saveFile(this.renderRoot, content, type, name);
  }

  private async downloadDocument(_summary: ClinicalSummary): Promise<void> {
    try {
      const { text, contentType, extension } = await this.document();
      await this.save(text, contentType, `health-summary.${extension}`);
      this.announcement = this.localized(() => msg('The summary was downloaded.', { id: 'summary.announce.downloaded' }));
    } catch (error) {
      this.announcement = this.localized(() => errorText(isEngageError(error) ? error.code : 'server'));
    }
  }

  /** A self-contained web page of what the summary shows (all entries, text only, no script). */
  private async downloadHtml(): Promise<void> {
    this.printing = true;
    await this.updateComplete;
    const base = this.renderRoot.querySelector('[part~="base"]');
    const copy = base?.cloneNode(true) as HTMLElement | undefined;
    this.printing = false;
    if (!copy) return;
    const { saveFile, summaryPage } = await import('./summary-export.js');
    const page = summaryPage(copy, {
      lang: this.activeSession.locale,
      title: this.localized(() => msg('Health summary', { id: 'summary.file-title' })),
      styles: summaryStyles.cssText,
    });
    saveFile(this.renderRoot, page, 'text/html', 'health-summary.html');
    this.announcement = this.localized(() => msg('The summary was downloaded.', { id: 'summary.announce.downloaded' }));
  }

  private async toggleTransmit(): Promise<void> {
    this.transmitOpen = !this.transmitOpen;
    if (this.transmitOpen) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#transmit-recipient')?.focus();
    }
  }

  private renderTransmitForm(): TemplateResult {
    return html`<form part="transmit-form" class="transmit" id="transmit-form" @submit=${this.onTransmit} novalidate>
      <div class="form-row">
        <label for="transmit-recipient">${msg('Send to (Direct address, email or app)', { id: 'summary.transmit.recipient' })}</label>
        <input
          id="transmit-recipient"
          name="recipient"
          type="text"
          autocomplete="off"
          required
          .value=${this.recipient}
          @input=${(e: Event) => (this.recipient = (e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="form-row">
        <label for="transmit-note">${msg('Note (optional)', { id: 'summary.transmit.note' })}</label>
        <textarea id="transmit-note" name="note" rows="2" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${this.transmitError === 'not-configured'
        ? html`<p class="section-error" role="alert">${msg('Sending is not set up here. Download the summary instead.', { id: 'summary.transmit.unavailable' })}</p>`
        : this.transmitError
          ? renderError(this.transmitError)
          : nothing}
      <div class="form-actions">
        <button type="submit" class="primary" ?disabled=${this.transmitBusy} aria-disabled=${this.transmitBusy ? 'true' : 'false'}>
          ${this.transmitBusy ? msg('Sending…', { id: 'summary.transmit.sending' }) : msg('Send summary', { id: 'summary.transmit.submit' })}
        </button>
        <button type="button" @click=${this.cancelTransmit}>${msg('Cancel', { id: 'summary.transmit.cancel' })}</button>
      </div>
    </form>`;
  }

  private async cancelTransmit(): Promise<void> {
    this.transmitOpen = false;
    this.transmitError = undefined;
    await this.updateComplete;
    this.transmitToggle?.focus();
  }

  private async onTransmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.transmitBusy) return;
    const recipient = this.recipient.trim();
    if (!recipient) {
      this.transmitError = undefined;
      this.announcement = this.localized(() => msg('Enter where to send the summary.', { id: 'summary.transmit.need-recipient' }));
      this.renderRoot.querySelector<HTMLInputElement>('#transmit-recipient')?.focus();
      return;
    }
    this.transmitBusy = true;
    this.transmitError = undefined;
    try {
      this.transmitIntent ??= new (await import('../../core/write-protocol.js')).WriteIntent();
      const keys = this.transmitIntent.keysFor({ recipient, note: this.note });
      const { document, contentType } = await this.document();
      const detail: SummaryTransmitDetail = { document, contentType, recipient, note: this.note, ...keys };
      const proceed = emit(this, 'engage-summary-transmit', detail, { cancelable: true });
      if (proceed) {
        const port = this.portOf('summary');
        const patient = this.activeSession.patient;
        if (!port?.transmit || !patient) {
          this.transmitError = 'not-configured';
          return;
        }
        await port.transmit(patient, { document, recipient, note: this.note || undefined }, keys);
      }
      this.transmitIntent.settle();
      this.recipient = '';
      this.note = '';
      this.transmitOpen = false;
      this.announcement = this.localized(() =>
        proceed
          ? msg(str`The summary was sent to ${recipient}.`, { id: 'summary.transmit.sent' })
          : msg('The summary was handed over for sending.', { id: 'summary.transmit.handed-over' }),
      );
      await this.updateComplete;
      this.transmitToggle?.focus();
    } catch (error) {
      this.transmitError = error;
    } finally {
      this.transmitBusy = false;
    }
  }
}
