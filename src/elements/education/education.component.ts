import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { AssignedMaterial, EducationPort, MaterialDraft } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { isEngageError } from '../../core/errors.js';
import { formatDate } from '../../core/format.js';
import { msg, str } from '../../core/localization.js';
import { errorText } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { educationStyles } from './education.styles.js';
import { iconInfo } from '../../core/icons.js';

const isHttp = (url: string | undefined): url is string => typeof url === 'string' && /^https?:\/\//i.test(url.trim());
const day = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * Education the care team assigned to a patient (issue #17): each material's title, its
 * link or attached PDF, who assigned it and why, and whether the patient has read it.
 * A patient (or caregiver) marks a material read; a clinician assigns a material by
 * link (or from a "Learn more" result, through `assign()`), and sees how many patients
 * received education in a period. Every write is idempotent (docs/write-protocol.md).
 *
 * Untrusted text (titles, reasons, names) reaches the page through Lit text bindings
 * only; a link is shown only when it is http(s), opening in a new tab without opener.
 *
 * @tag engage-education
 * @summary Education materials assigned to a patient; mark read; clinicians assign and count.
 * @csspart material - One assigned material.
 * @csspart mark-read-button - The "Mark as read" button.
 * @csspart assign-form - The clinician's form to assign a material.
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

  @state() private announcement = '';
  @state() private busy = new Set<string>();
  @state() private failed = new Map<string, string>();
  @state() private formError = '';
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

  private get port(): EducationPort | undefined {
    return this.portOf('education');
  }

  /** Assigns a material to the patient (the clinician's form, or a host's "assign this" from a Learn more result). */
  async assign(draft: MaterialDraft): Promise<AssignedMaterial | undefined> {
    const { patient } = this.activeSession;
    if (!this.port || !patient || this.assigning) return undefined;
    this.formError = '';
    this.assigning = true;
    try {
      const stored = await this.port.assign(patient, draft, this.assignIntent.keysFor(draft));
      this.assignIntent.settle();
      this.announcement = this.localized(() => msg(str`Assigned: ${stored.title}`, { id: 'education.assigned' }));
      emit(this, 'engage-education-assign', { material: stored });
      void this.listTask.run();
      void this.countTask.run();
      return stored;
    } catch (error) {
      this.formError = this.localized(() => errorText(isEngageError(error) ? error.code : 'server'));
      return undefined;
    } finally {
      this.assigning = false;
    }
  }

  private async markRead(material: AssignedMaterial): Promise<void> {
    if (!this.port || this.busy.has(material.id)) return;
    let intent = this.readIntents.get(material.id);
    if (!intent) this.readIntents.set(material.id, (intent = new WriteIntent<string>()));
    this.busy = new Set([...this.busy, material.id]);
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
      this.failed = new Map(this.failed).set(material.id, this.localized(() => errorText(isEngageError(error) ? error.code : 'server')));
    } finally {
      const busy = new Set(this.busy);
      busy.delete(material.id);
      this.busy = busy;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const url = String(data.get('url') ?? '').trim();
    const reason = String(data.get('reason') ?? '').trim();
    if (!title || !isHttp(url)) {
      this.formError = msg('Give a title and a link that starts with https://', { id: 'education.form.invalid' });
      return;
    }
    void this.assign({ title, url, ...(reason ? { reason } : {}), language: this.activeSession.locale }).then((stored) => {
      if (stored) form.reset();
    });
  }

  override render(): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
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
    const newTab = html`<span class="visually-hidden"> ${msg('(opens in a new tab)', { id: 'learn-more.new-tab' })}</span>`;
    return html`<li part="material" class="material">
      <p class="material__title">
        ${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${material.title}${pdf ? ' (PDF)' : ''}${newTab}</a>` : material.title}
        <span class="badge">${material.readAt
          ? msg(str`Read ${formatDate(material.readAt, locale)}`, { id: 'education.read-on' })
          : msg('New', { id: 'education.new' })}</span>
      </p>
      <p class="material__meta">
        ${material.assignedBy
          ? msg(str`Assigned by ${material.assignedBy} on ${formatDate(material.assigned, locale)}`, { id: 'education.assigned-by' })
          : msg(str`Assigned on ${formatDate(material.assigned, locale)}`, { id: 'education.assigned-on' })}
      </p>
      ${material.reason ? html`<p class="material__meta">${msg(str`Why: ${material.reason}`, { id: 'education.reason' })}</p>` : nothing}
      ${!material.readAt && !clinician
        ? html`<button part="mark-read-button" type="button" ?disabled=${this.busy.has(material.id)} @click=${() => void this.markRead(material)}>
            ${msg('Mark as read', { id: 'education.mark-read' })}<span class="visually-hidden">: ${material.title}</span>
          </button>`
        : nothing}
      ${this.failed.has(material.id) ? html`<p class="error" role="alert">${this.failed.get(material.id)}</p>` : nothing}
    </li>`;
  }

  private renderClinicianTools(level: number): TemplateResult {
    const sub = Math.min(6, level + 1);
    const count = this.countTask.value;
    return html`<form part="assign-form" @submit=${this.onSubmit} novalidate>
        <div role="heading" aria-level=${sub}>${msg('Assign a material', { id: 'education.assign.heading' })}</div>
        <label>${msg('Title', { id: 'education.form.title' })}<input name="title" required autocomplete="off" /></label>
        <label>${msg('Link (https://…)', { id: 'education.form.url' })}<input name="url" type="url" required inputmode="url" /></label>
        <label>${msg('Why (for the patient)', { id: 'education.form.reason' })}<input name="reason" autocomplete="off" /></label>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
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
