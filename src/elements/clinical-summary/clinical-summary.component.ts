import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task } from '@lit/task';
import type {
  ClinicalSummary,
  ImmunizationEntry,
  ObservationEntry,
  RecordRef,
  Role,
  SummaryPort,
  SummarySection,
  SummarySectionKey,
} from '../../adapters/ports.js';
import { SUMMARY_SECTIONS } from '../../adapters/ports.js';
import { chipStyles } from '../../core/chips.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { codedText, formatName } from '../../core/format.js';
import { errorText, renderEmpty } from '../../core/states.js';
import { isEngageError } from '../../core/errors.js';
import { toggled } from '../../core/sets.js';
import type * as SanitizeModule from '../../core/sanitize.js';
import { summaryStyles } from './clinical-summary.styles.js';
import { sectionTitle } from './summary-labels.js';
import { renderHeader } from './summary-header.js';
import { moveBetweenSections, renderNoFacts, renderSectionFrame, renderSectionNotes, renderSectionState, visibleEntries } from './summary-sections.js';
import { renderNegated, splitNegated } from './summary-negation.js';
import type * as ViewerModule from './document-viewer.js';
import { recordLang, shownName } from './summary-words.js';
import { dateField, formatDate, formatMoment, loadedPatientWords, loadPatientWords, negatedName, readViewerZone, timeOf, type AnyEntry } from './summary-format.js';
import { renderEntry, type RowHelpers } from './summary-rows.js';
import { directiveExceptions, directiveMore, renderField, type EntryHelpers } from './summary-care.js';
import { groupResults, renderResultGroups, type ResultHelpers } from './summary-results.js';
import type { SummaryExchange } from './summary-exchange.js';
import type { AttachmentReader } from './summary-attachments.js';
import { iconInfo } from '../../core/icons.js';
import { renderLearnMore } from '../learn-more/infobutton.js';

export type { SummaryLoadDetail, SummaryTransmitDetail } from './summary-events.js';

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
 * @fires {CustomEvent<SummaryLoadDetail>} engage-summary-load - When a summary has loaded; `detail.summary` holds it.
 * @fires {CustomEvent<SummaryTransmitDetail>} engage-summary-transmit - Cancelable. Before sending; `detail` has the document, recipient, note and idempotency key. Call `preventDefault()` to send it yourself; otherwise the port's `transmit` sends it.
 */
export class EngageClinicalSummary extends EngageElement {
  static override styles = [...EngageElement.styles, chipStyles, summaryStyles];

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
  /** The sanitizer, loaded on first need: narrative shows where a section has no entries, or a care plan no activities. */
  @state() private sanitizer?: typeof SanitizeModule;
  /** Documents the reader opened, and their viewer (a separate chunk, loaded on first open). */
  @state() private openDocuments = new Set<string>();
  @state() private viewer?: typeof ViewerModule;
  /** Reads the files notes point at, through the port; comes with the document viewer's chunk (loaded on demand). */
  private attachments?: AttachmentReader;
  @state() private announcement = '';
  /** Download and send, loaded on the first press of one of their buttons (`summary-exchange.ts`). */
  @state() private exchange?: SummaryExchange;

  @query('[data-transmit-toggle]') private transmitToggle?: HTMLButtonElement;

  private readonly summaryTask = new Task(this, {
    task: async ([ccda, bundle, port, patient, wanted], { signal }) => {
      // a patient's or caregiver's view needs the lay words: loaded beside the record
      const words = this.plainView ? loadPatientWords() : undefined;
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
      await words;
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
    // the first Intl call loads the locale data (tens of ms on a slow machine): made in a
    // task of its own, it runs after the record's request has gone out and while it loads
    setTimeout(readViewerZone);
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // a session that turns to a patient's after the record loaded: show its lay words once here
    if (this.plainView && !loadedPatientWords()) {
      void loadPatientWords().then(
        () => this.requestUpdate(),
        () => undefined,
      );
    }
  }

  protected override render(): TemplateResult {
    const { locale, role } = this.activeSession;
    const missing = this.fromDocument ? undefined : this.renderMissing('summary');
    const level = headingLevelOf(this.headingLevel);
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
    // not in the loading render: the first Intl call loads the locale data, and that must
    // not hold back the request for the record
    readViewerZone();
    const { locale, role } = this.activeSession;
    const keys = this.sectionKeys.filter((key) => summary.sections[key] !== undefined);
    // a document, a print-out or a download may be read away from the patient's chart: name them
    const patientName = summary.patient && (this.fromDocument || this.printing) ? formatName(summary.patient.names, 'natural', locale) : '';
    return html`
      ${renderHeader({
        summary,
        generated: summary.generated && formatMoment(summary.generated, locale),
        patientName,
        canExchange: this.canDownloadDocument(summary),
        showInactive: this.showInactive,
        transmitOpen: !!this.exchange?.transmit?.open,
        transmitForm: this.exchange?.transmit?.render() ?? nothing,
        print: () => window.print(),
        downloadDocument: () => this.withExchange((exchange) => exchange.downloadDocument()),
        downloadHtml: () => this.withExchange((exchange) => exchange.downloadHtml()),
        toggleTransmit: () => this.withExchange((exchange) => exchange.toggleTransmit()),
        onShowInactive: (event) => this.onShowInactive(event),
      })}
      <div class="sections" @keydown=${this.onSectionKeydown}>
        ${keys.length
          ? keys.map((key) => this.renderSection(key, summary.sections[key]!, level + 1, role))
          : renderEmpty({ art: iconInfo, text: msg('This summary has no sections to show.', { id: 'summary.no-sections' }) })}
      </div>
    `;
  }

  // -------------------------------------------------------------------------
  // Sections
  // -------------------------------------------------------------------------

  private renderSection(
    key: SummarySectionKey,
    section: SummarySection<SummarySectionKey>,
    level: number,
    role: Role,
  ): TemplateResult {
    let count: number | undefined;
    let body: TemplateResult;
    if (section.state === 'entries') {
      const { shown: visible, hidden } = visibleEntries(key, section.entries as unknown as AnyEntry[], this.showInactive);
      // negated entries never join the facts, their count or a result history
      const { facts: shown, negated } = splitNegated(visible);
      const groups =
        key === 'results' || key === 'vitals' || key === 'socialHistory'
          ? groupResults(shown as unknown as ObservationEntry[], { name: (value) => this.name(value) })
          : undefined;
      count = groups ? groups.length : shown.length;
      body = html`${count === 0
          ? renderNoFacts(key, section.noneKnown, negated.length > 0)
          : groups
            ? renderResultGroups(key, groups, level, this.resultHelpers())
            : this.renderEntries(key, shown)}
        ${renderNegated(key, negated, (entry) => ({
          // a refused directive names all it refuses, and what it still allows
          name: html`${this.shownName(negatedName(key, entry), recordLang(entry, this.activeSession.locale))}${directiveMore(entry, (value) => this.name(value))}`,
          except: directiveExceptions(entry, (value) => this.name(value)),
          date: dateField(key, entry) && this.date(dateField(key, entry)),
          reason: (entry as unknown as ImmunizationEntry).statusReason && codedText((entry as unknown as ImmunizationEntry).statusReason!),
        }))}
        ${renderSectionNotes(hidden, section.truncated)}`;
    } else {
      body = renderSectionState(key, section, {
        retry: this.fromDocument ? undefined : () => void this.summaryTask.run(),
        narrative: (narrative) => this.renderNarrative(narrative),
      });
    }
    return renderSectionFrame(key, {
      title: sectionTitle(key, role),
      level,
      collapsed: this.collapsed.has(key) && !this.everything,
      count,
      body,
      toggle: () => this.toggleSection(key),
    });
  }

  /** Opens or closes a document's content; the viewer chunk is imported on the first open. */
  private toggleDocument(id: string): void {
    this.openDocuments = toggled(this.openDocuments, id);
    this.loadViewer();
  }

  private loadViewer(): void {
    if (this.viewer) return;
    void import('./document-viewer.js').then((module) => {
      this.attachments ??= new module.AttachmentReader(this, () => this.portOf('summary'));
      this.viewer = module;
    });
  }

  /** Untrusted narrative, only ever through the sanitizer (loaded on demand). */
  private renderNarrative(narrative: string): unknown {
    if (this.sanitizer) return this.sanitizer.sanitizedHtml(narrative, 'narrative');
    void import('../../core/sanitize.js').then((module) => (this.sanitizer = module));
    return nothing;
  }

  private toggleSection(key: SummarySectionKey): void {
    this.collapsed = toggled(this.collapsed, key);
  }

  /** Arrow keys, Home and End move between section headings (the accordion pattern). */
  private readonly onSectionKeydown = (event: KeyboardEvent): void => moveBetweenSections(event, this.renderRoot);

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
    // each date parsed once, not at every comparison of the sort
    const times = new Map(entries.map((entry) => [entry, timeOf(dateField(key, entry))]));
    const sorted = [...entries].sort((a, b) => times.get(b)! - times.get(a)!);
    const { items, more } = this.limited(key, sorted);
    // printing or expand-all shows every note's text
    if (key === 'documents' && this.everything) this.loadViewer();
    const helpers = this.rowHelpers();
    return html`<ul class="entries" role="list">
        ${items.map((entry) => html`<li part="entry" class="entry" tabindex="-1">${renderEntry(key, entry, helpers)}</li>`)}
      </ul>
      ${more}`;
  }

  private date(value: string | undefined): string {
    return value ? formatDate(value, this.activeSession.locale) : msg('Unknown', { id: 'summary.unknown' });
  }

  private name(value: Parameters<typeof codedText>[0], fallback?: string): string {
    const recorded = codedText(value, fallback ?? msg('Unknown item', { id: 'summary.unknown-item' }));
    // patients read plain test and medicine names; clinicians the record's own
    return this.plainView ? (loadedPatientWords()?.patientName(value, this.activeSession.locale) ?? recorded) : recorded;
  }

  /** Whether this view is a patient's or caregiver's (plain words), not a clinician's. */
  private get plainView(): boolean {
    return this.activeSession.role !== 'clinician';
  }

  /**
   * The name as shown, with the record's own name for screen readers when the two differ;
   * the record's words in `lang`, the record's language when it is not the page's.
   */
  private shownName(value: Parameters<typeof codedText>[0], lang?: string): TemplateResult | string {
    return shownName(this.name(value), codedText(value), lang);
  }

  /** The helpers every entry template borrows from the element (`summary-care.ts`). */
  private entryHelpers(): EntryHelpers {
    return {
      plain: this.plainView,
      field: renderField,
      date: (value) => this.date(value),
      name: (value, fallback) => this.name(value, fallback),
      badge: nothing,
      learnMore: (coded) => renderLearnMore(this, !!this.portOf('knowledge'), coded),
    };
  }

  /** The element's helpers lent to the row templates (`summary-rows.ts`). */
  private rowHelpers(): RowHelpers {
    return {
      ...this.entryHelpers(),
      locale: this.activeSession.locale,
      shownName: (value, lang) => this.shownName(value, lang),
      narrative: (xhtml) => this.renderNarrative(xhtml),
      doses: (entry) => loadedPatientWords()?.patientDoses(entry.doses, this.activeSession.locale),
      isOpen: (id) => this.everything || this.openDocuments.has(id),
      toggle: (id) => this.toggleDocument(id),
      viewer: this.viewer,
      fetch: this.attachments?.reader,
    };
  }

  /** The element's helpers lent to the result templates (`summary-results.ts`). */
  private resultHelpers(): ResultHelpers {
    return {
      ...this.entryHelpers(),
      locale: this.activeSession.locale,
      limited: (key, items) => this.limited(key, items),
      isHistoryOpen: (key) => this.everything || this.openHistories.has(key),
      onHistoryToggle: (key, event) => this.onHistoryToggle(key, event),
    };
  }

  /** A long history renders its table only once the reader opens it. */
  private onHistoryToggle(key: string, event: Event): void {
    const open = (event.target as HTMLDetailsElement).open;
    if (open !== this.openHistories.has(key)) this.openHistories = toggled(this.openHistories, key, open);
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

  private canDownloadDocument(summary: ClinicalSummary): boolean {
    if (summary.source === 'ccda') return typeof this.ccda === 'string';
    if (summary.source === 'ips' && this.bundle) return true;
    return typeof this.portOf('summary')?.getDocument === 'function';
  }

  /**
   * Runs a download or send action. Its code loads over the network on the first press, and
   * that load can fail (offline, or a new deployment removed the old chunk): the reader hears
   * that it failed instead of a button that does nothing.
   */
  private withExchange(action: (exchange: SummaryExchange) => Promise<void>): void {
    this.exchanged()
      .then(action)
      .catch((error: unknown) => {
        this.announcement = this.localized(() => errorText(isEngageError(error) ? error.code : 'network'));
      });
  }

  /** Download and send (`summary-exchange.ts`), imported the first time a reader presses one. */
  private async exchanged(): Promise<SummaryExchange> {
    const { SummaryExchange } = await import('./summary-exchange.js');
    return (this.exchange ??= new SummaryExchange(this, {
      port: () => this.portOf('summary'),
      patient: () => this.activeSession.patient,
      locale: () => this.activeSession.locale,
      printing: (on) => (this.printing = on),
      localized: (make) => this.localized(make),
      announce: (make) => (this.announcement = this.localized(make)),
      focusToggle: () => this.transmitToggle?.focus(),
    }));
  }
}
