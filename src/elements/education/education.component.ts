import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { AssignedMaterial, EducationPort, MaterialDraft } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { isEngageError } from '../../core/errors.js';
import { toggled } from '../../core/sets.js';
import { formatBytes, formatDate } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import { msg, str } from '../../core/localization.js';
import { errorText } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { educationStyles } from './education.styles.js';
import { iconInfo } from '../../core/icons.js';
import { DEFAULT_MAX_PDF_BYTES, pdfBlobOf, readPdf } from './pdf-file.js';

const isHttp = (url: string | undefined): url is string => typeof url === 'string' && /^https?:\/\//i.test(url.trim());
const day = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * Education the care team assigned to a patient (issue #17): each material's title, its
 * link or attached PDF, who assigned it and why, and whether the patient has read it.
 * A patient (or caregiver) marks a material read; a clinician assigns a material by
 * link, by uploading a PDF (checked by its bytes and size, sent as the attachment's base64
 * data with its size and SHA-1) or from a "Learn more" result, through `assign()`, and
 * sees how many patients received education in a period. Every write is idempotent (docs/write-protocol.md).
 *
 * Untrusted text (titles, reasons, names) reaches the page through Lit text bindings
 * only; a link is shown only when it is http(s), opening in a new tab without opener. An
 * uploaded PDF opens from a `blob:` URL typed `application/pdf`, made only when its
 * data decodes to a real PDF, and revoked when the element leaves the page.
 *
 * @tag engage-education
 * @summary Education materials assigned to a patient; mark read; clinicians assign and count.
 * @csspart material - One assigned material.
 * @csspart mark-read-button - The "Mark as read" button.
 * @csspart assign-form - The clinician's form to assign a material.
 * @csspart pdf-chosen - The PDF chosen for upload: its name, size and Remove button.
 * @csspart remove-pdf-button - The button that removes the chosen PDF.
 * @csspart open-pdf - The patient's "Open PDF" link to an uploaded PDF.
 * @csspart count - The clinician's count of patients who received education.
 * @csspart state - Any loading, empty, error or not-configured message.
 * @fires engage-education-read - A material was marked read (`detail.material`), after the port stored it.
 * @fires engage-education-assign - A material was assigned (`detail.material`), after the port stored it.
 */
export class EngageEducation extends EngageElement {
  static override styles = [...EngageElement.styles, educationStyles];

  /** Heading level (1–6) of the element's heading, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** Largest PDF a clinician may upload, in bytes (default 10 MB); a larger file is refused at the field. */
  @property({ type: Number, attribute: 'max-pdf-bytes' })
  maxPdfBytes = DEFAULT_MAX_PDF_BYTES;

  @state() private announcement = '';
  @state() private busy = new Set<string>();
  @state() private failed = new Map<string, string>();
  @state() private formError = '';
  /** The last assignment was stored while the form took newer input, which stays in it, unsaved. */
  @state() private newerKept = false;
  /** The PDF chosen for upload, read and checked. */
  @state() private pdf?: { name: string; attachment: NonNullable<MaterialDraft['attachment']> };
  @state() private pdfError = '';
  /** Counts file choices, so a slow read of an earlier choice never overwrites a later one. */
  private pdfChoice = 0;
  /** `blob:` URLs made for uploaded PDFs, by material id and hash; revoked on disconnect. */
  private readonly pdfUrls = new Map<string, string>();
  /** An assignment is on its way: a second submit meanwhile is the same click twice, and is ignored. */
  private assigning = false;
  @state() private period = { start: '', end: '' };
  /** One intent per material being marked read, and one for the assign form. */
  private readonly readIntents = new Map<string, WriteIntent<string>>();
  private readonly assignIntent = new WriteIntent<MaterialDraft>();

  private readonly listTask = new Task(this, {
    task: async ([port, patient], { signal }) => (port && patient ? (port as EducationPort).listAssigned(patient, { signal }) : []),
    args: () => [this.portOf('education'), this.activeSession.patient] as const,
  });

  private readonly countTask = new Task(this, {
    task: async ([port, role, start, end], { signal }) =>
      port && role === 'clinician' && start && end ? (port as EducationPort).countPatientsEducated({ start, end }, { signal }) : undefined,
    args: () => [this.portOf('education'), this.activeSession.role, this.period.start, this.period.end] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.period.start) {
      const today = this.activeSession.now();
      this.period = { start: day(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 30)), end: day(today) };
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of this.pdfUrls.values()) URL.revokeObjectURL(url);
    this.pdfUrls.clear();
    // back on the page, the next render makes the URLs again
    this.requestUpdate();
  }

  private get port(): EducationPort | undefined {
    return this.portOf('education');
  }

  /** Assigns a material to the patient (the clinician's form, or a host's "assign this" from a Learn more result). */
  async assign(draft: MaterialDraft): Promise<AssignedMaterial | undefined> {
    return this.store(draft);
  }

  /**
   * Stores an assignment. `clearSent` (the form's) runs once the port has stored it, before
   * it is announced: it clears what was sent and says whether the form holds newer input,
   * typed or chosen while the save was under way, which the announcement must not claim.
   */
  private async store(draft: MaterialDraft, clearSent?: () => boolean): Promise<AssignedMaterial | undefined> {
    const { patient } = this.activeSession;
    if (!this.port || !patient || this.assigning) return undefined;
    this.formError = '';
    this.newerKept = false;
    this.assigning = true;
    try {
      const stored = await this.port.assign(patient, draft, this.assignIntent.keysFor(draft));
      this.assignIntent.settle();
      this.newerKept = clearSent?.() ?? false;
      this.announcement = this.localized(() => {
        const assigned = msg(str`Assigned: ${stored.title}`, { id: 'education.assigned' });
        return this.newerKept ? `${assigned} ${this.newerKeptText()}` : assigned;
      });
      emit(this, 'engage-education-assign', { material: stored });
      void this.listTask.run();
      void this.countTask.run();
      return stored;
    } catch (error) {
      const code = isEngageError(error) ? error.code : 'server';
      // the adapter looks a refused create's key up (docs/write-protocol.md §3): `duplicate`
      // means the server holds this assignment more than once from earlier tries, and nothing
      // new was stored. The list is read again, so it shows what the server holds.
      if (code === 'duplicate' || code === 'conflict') void this.listTask.run();
      // say what did not happen, then why: after a lost answer the reason alone leaves it unclear
      this.formError = this.localized(() =>
        code === 'duplicate'
          ? msg('Nothing new was saved. An earlier try already assigned this material more than once. The list shows each copy.', {
              id: 'education.assign-duplicate',
            })
          : `${msg('The material was not assigned.', { id: 'education.not-assigned' })} ${errorText(code)}`,
      );
      return undefined;
    } finally {
      this.assigning = false;
    }
  }

  private newerKeptText(): string {
    return msg('What you changed after you pressed Assign was not assigned. It is still in the form.', { id: 'education.assigned-newer-kept' });
  }

  private async markRead(material: AssignedMaterial): Promise<void> {
    if (!this.port || this.busy.has(material.id)) return;
    let intent = this.readIntents.get(material.id);
    if (!intent) this.readIntents.set(material.id, (intent = new WriteIntent<string>()));
    this.busy = toggled(this.busy, material.id, true);
    const failed = new Map(this.failed);
    failed.delete(material.id);
    this.failed = failed;
    try {
      const stored = await this.port.markRead(material.id, intent.keysFor(material.id));
      intent.settle();
      this.announcement = this.localized(() => msg(str`Marked as read: ${stored.title}`, { id: 'education.marked-read' }));
      emit(this, 'engage-education-read', { material: stored });
      await this.listTask.run();
    } catch (error) {
      this.failed = new Map(this.failed).set(
        material.id,
        this.localized(() => `${msg('Not marked as read.', { id: 'education.not-marked-read' })} ${errorText(isEngageError(error) ? error.code : 'server')}`),
      );
    } finally {
      this.busy = toggled(this.busy, material.id, false);
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const url = String(data.get('url') ?? '').trim();
    const reason = String(data.get('reason') ?? '').trim();
    const pdf = this.pdf?.attachment;
    if (!title || (url ? !isHttp(url) : !pdf)) {
      this.formError = msg('Give a title, and a link that starts with https:// or a PDF', { id: 'education.form.invalid' });
      return;
    }
    if (url && pdf) {
      this.formError = msg('Give a link or a PDF, not both', { id: 'education.form.both' });
      return;
    }
    const material = url ? { url } : { attachment: pdf };
    // what was sent, as the fields held it: a field changed while the save is under way
    // (a corrected reason, the next material's title, another PDF) is newer input, and stays
    const fields = ['title', 'url', 'reason'].map((name) => form.elements.namedItem(name) as HTMLInputElement);
    const sent = fields.map((field) => field.value);
    const pdfChoice = this.pdfChoice;
    const clearSent = (): boolean => {
      let newer = false;
      fields.forEach((field, i) => {
        if (field.value === sent[i]) field.value = '';
        else newer ||= field.value.trim() !== '';
      });
      const file = this.renderRoot.querySelector<HTMLInputElement>('#pdf');
      if (this.pdfChoice === pdfChoice) {
        this.pdf = undefined;
        if (file) file.value = '';
      } else newer ||= (file?.files?.length ?? 0) > 0;
      return newer;
    };
    void this.store({ title, ...material, ...(reason ? { reason } : {}), language: this.activeSession.locale }, clearSent);
  }

  /** Reads and checks the chosen file; a refused file leaves the field empty with its error. */
  private async onPdfChange(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    const choice = ++this.pdfChoice;
    this.pdf = undefined;
    this.pdfError = '';
    if (!file) return;
    const limit = this.maxPdfBytes > 0 ? this.maxPdfBytes : DEFAULT_MAX_PDF_BYTES;
    const read = await readPdf(file, limit);
    if (choice !== this.pdfChoice) return;
    if ('refused' in read) {
      input.value = '';
      const { locale } = this.activeSession;
      this.pdfError = this.localized(() =>
        read.refused === 'too-large'
          ? msg(str`${file.name} is larger than ${formatBytes(limit, locale)}.`, { id: 'education.pdf.too-large' })
          : msg(str`${file.name} is not a PDF.`, { id: 'education.pdf.not-pdf' }),
      );
      return;
    }
    this.pdf = { name: file.name, attachment: read.attachment };
  }

  private removePdf(): void {
    this.pdfChoice++;
    this.pdf = undefined;
    this.pdfError = '';
    const input = this.renderRoot.querySelector<HTMLInputElement>('#pdf');
    if (input) {
      input.value = '';
      // the Remove button goes away: keep the keyboard user at the field
      input.focus();
    }
  }

  /** A `blob:` URL for an uploaded PDF, made once per material and content. */
  private pdfUrlOf(material: AssignedMaterial): string | undefined {
    const key = `${material.id}|${material.attachment?.hash ?? material.attachment?.data?.length ?? ''}`;
    const known = this.pdfUrls.get(key);
    if (known) return known;
    const blob = pdfBlobOf(material.attachment);
    if (!blob) return undefined;
    const url = URL.createObjectURL(blob);
    this.pdfUrls.set(key, url);
    return url;
  }

  override render(): TemplateResult {
    const level = headingLevelOf(this.headingLevel);
    const clinician = this.activeSession.role === 'clinician';
    return html`<section lang=${this.activeSession.locale} aria-labelledby="heading">
      <div id="heading" role="heading" aria-level=${level} class="heading">${clinician ? msg('Patient education', { id: 'education.heading.clinician' }) : msg('Education for you', { id: 'education.heading' })}</div>
      ${this.renderMissing('education') ??
      html`${this.renderTask(this.listTask, {
          loadingText: msg('Loading education…', { id: 'education.loading' }),
          isEmpty: (list) => list.length === 0,
          emptyText: { art: iconInfo, text: msg('No education has been assigned yet.', { id: 'education.empty' }) },
          complete: (list) => html`<ul class="list" role="list">${list.map((m) => this.renderMaterial(m, clinician))}</ul>`,
        })}
        ${clinician ? this.renderClinicianTools(level) : nothing}`}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderMaterial(material: AssignedMaterial, clinician: boolean): TemplateResult {
    const { locale } = this.activeSession;
    const link = isHttp(material.url) ? material.url.trim() : isHttp(material.attachment?.url) ? material.attachment.url.trim() : undefined;
    const pdf = !isHttp(material.url) && material.attachment?.contentType === 'application/pdf';
    // assigned and read are moments the ports stamp (in UTC): the day they were where the reader is
    const on = (moment: string) => formatDate(moment, locale, { timeZone: viewerTimeZone() });
    const newTab = html`<span class="visually-hidden"> ${msg('(opens in a new tab)', { id: 'learn-more.new-tab' })}</span>`;
    return html`<li part="material" class="material">
      <p class="material__title">
        ${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${material.title}${pdf ? ' (PDF)' : ''}${newTab}</a>` : material.title}
        <span class="badge">${material.readAt
          ? msg(str`Read ${on(material.readAt)}`, { id: 'education.read-on' })
          : msg('New', { id: 'education.new' })}</span>
      </p>
      <p class="material__meta">
        ${material.assignedBy
          ? msg(str`Assigned by ${material.assignedBy} on ${on(material.assigned)}`, { id: 'education.assigned-by' })
          : msg(str`Assigned on ${on(material.assigned)}`, { id: 'education.assigned-on' })}
      </p>
      ${material.reason ? html`<p class="material__meta">${msg(str`Why: ${material.reason}`, { id: 'education.reason' })}</p>` : nothing}
      ${this.renderOpenPdf(material, newTab)}
      ${!material.readAt && !clinician
        ? html`<button part="mark-read-button" type="button" ?disabled=${this.busy.has(material.id)} @click=${() => void this.markRead(material)}>
            ${msg('Mark as read', { id: 'education.mark-read' })}<span class="visually-hidden">: ${material.title}</span>
          </button>`
        : nothing}
      ${this.failed.has(material.id) ? html`<p class="error" role="alert">${this.failed.get(material.id)}</p>` : nothing}
    </li>`;
  }

  /** The "Open PDF" link of an uploaded PDF (nothing for a link or a file that is not a PDF). */
  private renderOpenPdf(material: AssignedMaterial, newTab: TemplateResult): TemplateResult | typeof nothing {
    const href = material.url || material.attachment?.url ? undefined : this.pdfUrlOf(material);
    if (!href) return nothing;
    const size = formatBytes(material.attachment?.size, this.activeSession.locale);
    return html`<p class="material__meta">
      <a part="open-pdf" href=${href} target="_blank" rel="noopener noreferrer" type="application/pdf"
        >${msg('Open PDF', { id: 'education.open-pdf' })}<span class="visually-hidden">: ${material.title}</span>${newTab}</a
      >${size ? html` <span class="file-size">(${size})</span>` : nothing}
    </p>`;
  }

  private renderPdfField(): TemplateResult {
    const { locale } = this.activeSession;
    const limit = this.maxPdfBytes > 0 ? this.maxPdfBytes : DEFAULT_MAX_PDF_BYTES;
    return html`<div class="pdf-field">
      <label for="pdf">${msg('Upload a PDF', { id: 'education.form.pdf' })}</label>
      <input id="pdf" name="pdf" type="file" accept="application/pdf"
        aria-describedby=${this.pdfError ? 'pdf-hint pdf-error' : 'pdf-hint'}
        aria-invalid=${this.pdfError ? 'true' : 'false'}
        @change=${(e: Event) => void this.onPdfChange(e)} />
      <p id="pdf-hint" class="hint">${msg(str`Instead of a link: a PDF, up to ${formatBytes(limit, locale)}.`, { id: 'education.form.pdf-hint' })}</p>
      ${this.pdfError ? html`<p id="pdf-error" class="error" role="alert">${this.pdfError}</p>` : nothing}
      ${this.pdf
        ? html`<p part="pdf-chosen" class="pdf-chosen">
            <span>${this.pdf.name}</span> <span class="file-size">${formatBytes(this.pdf.attachment.size, locale)}</span>
            <button part="remove-pdf-button" type="button" @click=${() => this.removePdf()}>
              ${msg('Remove', { id: 'education.form.pdf-remove' })}<span class="visually-hidden">: ${this.pdf.name}</span>
            </button>
          </p>`
        : nothing}
    </div>`;
  }

  private renderClinicianTools(level: number): TemplateResult {
    const sub = Math.min(6, level + 1);
    const count = this.countTask.value;
    return html`<form part="assign-form" @submit=${this.onSubmit} novalidate>
        <div role="heading" aria-level=${sub}>${msg('Assign a material', { id: 'education.assign.heading' })}</div>
        <label>${msg('Title', { id: 'education.form.title' })}<input name="title" required autocomplete="off" /></label>
        <label>${msg('Link (https://…)', { id: 'education.form.url' })}<input name="url" type="url" inputmode="url" /></label>
        ${this.renderPdfField()}
        <label>${msg('Why (for the patient)', { id: 'education.form.reason' })}<input name="reason" autocomplete="off" /></label>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
        ${this.newerKept ? html`<p class="hint">${this.newerKeptText()}</p>` : nothing}
        <div><button type="submit">${msg('Assign', { id: 'education.assign' })}</button></div>
      </form>
      <div part="count" class="count">
        <div role="heading" aria-level=${sub}>${msg('Patients who received education', { id: 'education.count.heading' })}</div>
        <label>${msg('From', { id: 'education.count.from' })}<input type="date" .value=${this.period.start} @change=${(e: Event) => (this.period = { ...this.period, start: (e.target as HTMLInputElement).value })} /></label>
        <label>${msg('To', { id: 'education.count.to' })}<input type="date" .value=${this.period.end} @change=${(e: Event) => (this.period = { ...this.period, end: (e.target as HTMLInputElement).value })} /></label>
        <p role="status">${count === undefined ? msg('Counting…', { id: 'education.counting' }) : msg(str`${count} patients`, { id: 'education.count' })}</p>
      </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A material was marked read. */
    'engage-education-read': CustomEvent<{ material: AssignedMaterial }>;
    /** A material was assigned. */
    'engage-education-assign': CustomEvent<{ material: AssignedMaterial }>;
  }
}
