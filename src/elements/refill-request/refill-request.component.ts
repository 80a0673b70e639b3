import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task } from '@lit/task';
import type {
  CodedValue,
  Participant,
  Pharmacy,
  Prescription,
  RecordRef,
  RefillPort,
  RefillRequest,
  RefillRequestDraft,
  RefillRequestStatus,
} from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { DeceasedStatus, deceasedNoticeStyles, renderDeceasedNotice } from '../../core/deceased.js';
import { EngageError, isEngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { WriteIntent, type WriteIntentState } from '../../core/write-protocol.js';
import { codedText, formatDate } from '../../core/format.js';
import { errorText, renderEmpty } from '../../core/states.js';
import {
  calendarToday,
  classify,
  type Classified,
  type ControlledRule,
  type Eligibility,
  type RefillCategory,
} from './eligibility.js';
import { refillStyles } from './refill-request.styles.js';
import { reasonText } from './eligibility-text.js';
import { icon, type Icon, iconCalendar, iconCheck, iconCross, iconMedicine, iconMinus, iconPending, iconWarning } from '../../core/icons.js';
import { chip, chipStyles, type ChipTone } from '../../core/chips.js';
import { groupHistory } from './refill-history.js';

/** Detail of `engage-refill-submit` (cancelable: `preventDefault()` stops the send). */
export interface RefillSubmitDetail {
  /** What is about to be sent. */
  draft: RefillRequestDraft;
}

/** Detail of `engage-refill-sent`. */
export interface RefillSentDetail {
  /** The requests created, one per medication. */
  requests: RefillRequest[];
}

/** Detail of `engage-refill-cancel`. */
export interface RefillCancelDetail {
  /** The request as it stands after cancelling. */
  request: RefillRequest;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-refill-submit': CustomEvent<RefillSubmitDetail>;
    'engage-refill-sent': CustomEvent<RefillSentDetail>;
    'engage-refill-cancel': CustomEvent<RefillCancelDetail>;
  }
}

interface RefillData {
  prescriptions: Prescription[];
  pharmacies: Pharmacy[];
  requests: RefillRequest[];
}

type Step = 'choose' | 'review' | 'sent';

const PENDING: readonly RefillRequestStatus[] = ['requested', 'in-review'];

/** The medication's name for display. */
export function medicationName(value: { medication: Prescription['medication'] }): string {
  return codedText(value.medication) || msg('Unnamed medication', { id: 'refill.unnamed' });
}

/**
 * A medicine name that may also wrap after its slashes ("10 MG/ML", "Amoxicillin 250 MG /
 * Clavulanate"), never inside a word (#19: "diphenhydrAMIN/E").
 */
function wrappable(name: string): TemplateResult {
  return html`${name.split('/').map((part, i) => (i ? html`/<wbr />${part}` : part))}`;
}

/** A request status in words. */
export function statusLabel(status: RefillRequestStatus): string {
  switch (status) {
    case 'requested':
      return msg('Requested', { id: 'refill.status.requested' });
    case 'in-review':
      return msg('In review', { id: 'refill.status.in-review' });
    case 'approved':
      return msg('Approved, sent to pharmacy', { id: 'refill.status.approved' });
    case 'denied':
      return msg('Denied', { id: 'refill.status.denied' });
    case 'needs-appointment':
      return msg('Needs an appointment', { id: 'refill.status.needs-appointment' });
    case 'cancelled':
      return msg('Cancelled', { id: 'refill.status.cancelled' });
  }
}

/** The latest approval date of each prescription's requests. */
function approvalsOf(requests: readonly RefillRequest[]): Record<string, string> {
  const approvals: Record<string, string> = {};
  for (const request of requests) {
    if (request.status !== 'approved') continue;
    const date = request.updated ?? request.created;
    const known = approvals[request.prescriptionId];
    if (date && (!known || date > known)) approvals[request.prescriptionId] = date;
  }
  return approvals;
}

/** The chip of each status: its words come with an icon, so status is never told by colour alone. */
const STATUS_CHIP: Record<RefillRequestStatus, [ChipTone, Icon]> = {
  requested: ['info', iconPending],
  'in-review': ['info', iconPending],
  approved: ['success', iconCheck],
  denied: ['danger', iconCross],
  'needs-appointment': ['warning', iconCalendar],
  cancelled: ['neutral', iconMinus],
};

/**
 * Online medication refill and renewal requests for a patient or caregiver.
 *
 * Lists the patient's active prescriptions sorted into **ready to refill** (goes to the
 * pharmacy), **needs a new prescription** (goes to the prescriber) and **cannot be
 * requested online** with the reason (controlled substance, already requested, too
 * early, not yet valid). The user picks medications, a pharmacy (their preferred one
 * first), pick-up or mail where the pharmacy offers it, adds a note, reviews and sends
 * once: one idempotency key per submission, kept through retries, so a retried or
 * double-clicked send never creates two requests, and a failed send keeps every choice.
 * Earlier requests show their status, and pending ones can be cancelled.
 *
 * Form-associated: inside a host `<form>` it is a form control whose value is the
 * request draft as JSON (`RefillRequestDraft`), taking part in validation (`required`)
 * and reset; the host's form then submits it, and the element shows no send step of
 * its own. Outside a form it sends through the adapter's `refills` port.
 *
 * @tag engage-refill-request
 * @summary Ask for medication refills and renewals, and follow earlier requests.
 *
 * @slot footer - Content below the form (for example the clinic's refill policy).
 *
 * @csspart base - The element's container.
 * @csspart medications - The fieldset of medications to choose from.
 * @csspart medication - One medication row.
 * @csspart pharmacy - The pharmacy picker.
 * @csspart note - The note field.
 * @csspart review-button - The "Review request" button.
 * @csspart send-button - The "Send request" button.
 * @csspart back-button - The "Change request" button on the review step.
 * @csspart submit-error - The message shown when sending failed.
 * @csspart confirmation - The confirmation after sending.
 * @csspart new-request-button - The "Request another medication" button after sending.
 * @csspart history - The list of earlier requests.
 * @csspart deceased-notice - Shown instead of the request form to a patient or caregiver when the patient has died.
 * @csspart cancel-button - A pending request's cancel button.
 * @csspart confirm-cancel-button - The button that confirms cancelling a request.
 * @csspart state - Any loading, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 * @csspart show-older - The "Show older requests" button of the request history.
 *
 * @cssprop --engage-refill-background - Background of the element; default the surface colour.
 * @cssprop --engage-refill-border - Border colour of the element.
 *
 * @fires engage-refill-submit - Before a request is sent (cancelable); `detail.draft` is what will be sent.
 * @fires engage-refill-sent - After the requests were created; `detail.requests`.
 * @fires engage-refill-cancel - After a pending request was cancelled; `detail.request`.
 * @fires change - When the chosen medications, pharmacy, delivery or note change (the form value).
 */
export class EngageRefillRequest extends EngageElement {
  static override styles = [...EngageElement.styles, chipStyles, refillStyles, deceasedNoticeStyles];

  /** Makes the element a form control (`ElementInternals`). */
  static formAssociated = true;

  /** Name under which the draft (JSON) is submitted with a host form. */
  @property({ reflect: true })
  name = '';

  /** In a host form: at least one medication must be chosen. */
  @property({ type: Boolean, reflect: true })
  required = false;

  /** Disables every control. */
  @property({ type: Boolean, reflect: true })
  disabled = false;

  /** Heading level (1–6) of the element's title, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /**
   * Fraction of a fill's days of supply that must pass before a refill may be requested
   * (default 0.75, a common pharmacy-benefit rule).
   */
  @property({ type: Number, attribute: 'refill-window' })
  refillWindow = 0.75;

  /**
   * The host's controlled-substance rule: return `true` or `false` to decide, or
   * `undefined` to use the adapter's view (`Prescription.controlled`).
   */
  @property({ attribute: false })
  controlledRule?: ControlledRule;

  @state() private step: Step = 'choose';
  /** Whether the history shows every past request, not only the latest (refill-history.ts). */
  @state() private showOlderHistory = false;
  @state() private selected: ReadonlySet<string> = new Set();
  @state() private pharmacyRef?: RecordRef;
  @state() private delivery: 'pickup' | 'mail' = 'pickup';
  @state() private note = '';
  @state() private submitting = false;
  @state() private submitError?: unknown;
  @state() private invalid?: string;
  @state() private sent: RefillRequest[] = [];
  @state() private announcement = '';
  @state() private data?: RefillData;
  @state() private confirmCancel?: string;
  @state() private cancelError?: { id: string; error: unknown };
  @state() private formDisabled = false;

  private readonly internals: ElementInternals;
  /** The key of the current submission, kept through retries until it succeeds or the draft changes. */
  /**
   * The keys of the submission (docs/write-protocol.md): the same request again keeps its
   * key; an edited one (the user went back and changed the note, the pharmacy or the
   * medications) after a failed send revises what an unanswered attempt stored, so a
   * prescription never has two pending requests. Settled only when the server confirmed.
   */
  private readonly submitIntent = new WriteIntent<RefillRequestDraft>();
  /**
   * The keys of each cancellation, until the server confirms it: a retry is the same
   * write, and the key is random like every other, not derived from the request's id.
   */
  private readonly cancelIntents = new Map<string, WriteIntent<{ cancel: string }>>();
  /** Synchronous guard: a second click in the same frame must not send again. */
  private sending = false;
  private focusAfterRender?: string;
  /** Whether the patient has died: then a patient or caregiver cannot ask for medicines here. */
  private readonly deceased = new DeceasedStatus(this, () => [
    this.portOf('patient'),
    this.activeSession.patient,
    this.activeSession.role,
  ]);

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  private readonly dataTask = new Task(this, {
    task: async ([port, patient], { signal }) => {
      // new patient or adapter: show its data, never the previous one's
      this.data = undefined;
      const refills = port as RefillPort;
      const [prescriptions, pharmacies, requests] = await Promise.all([
        refills.listPrescriptions(patient as string, { signal }),
        refills.listPharmacies(patient as string, { signal }),
        refills.listRequests({ patient: patient as string, pageSize: 50 }, { signal }),
      ]);
      const data: RefillData = { prescriptions, pharmacies, requests: requests.items };
      this.data = data;
      if (!this.note) this.restoreDraft();
      if (!this.pharmacyRef || !pharmacies.some((p) => p.ref === this.pharmacyRef)) this.pharmacyRef = pharmacies[0]?.ref;
      this.fitDelivery();
      return data;
    },
    args: () => [this.portOf('refills'), this.activeSession.patient] as const,
    autoRun: true,
  });

  /** Where this patient's unsent note (and the keys of an unanswered send) are kept. */
  private get draftKey(): string {
    return `refill-request:${this.activeSession.patient ?? ''}`;
  }

  private keepDraft(): void {
    if (!this.activeSession.patient) return;
    if (this.note || this.submitIntent.unsettled) {
      this.draftsInUse.save(this.draftKey, { note: this.note, intent: this.submitIntent.save() });
    } else {
      this.draftsInUse.remove(this.draftKey);
    }
  }

  private restoreDraft(): void {
    const draft = this.draftsInUse.load(this.draftKey) as { note?: unknown; intent?: WriteIntentState } | undefined;
    if (typeof draft?.note === 'string') this.note = draft.note;
    this.submitIntent.restore(draft?.intent);
  }

  /** Reloads prescriptions, pharmacies and requests (for example after a clinician decided one elsewhere). */
  refresh(): Promise<unknown> {
    return this.dataTask.run();
  }

  /** The host form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** The current draft (what would be sent), or `undefined` when nothing is chosen. */
  get value(): RefillRequestDraft | undefined {
    return this.draft();
  }

  /** Whether the element's value satisfies its constraints. */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Like `checkValidity()`, and shows the problem to the user. */
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** The validation message, if invalid. */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  /** The validity state. */
  get validity(): ValidityState {
    return this.internals.validity;
  }

  formResetCallback(): void {
    this.selected = new Set();
    this.note = '';
    this.pharmacyRef = this.data?.pharmacies[0]?.ref;
    this.delivery = 'pickup';
    this.fitDelivery();
    this.invalid = undefined;
    this.keepDraft();
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state !== 'string') return;
    try {
      const draft = JSON.parse(state) as Partial<RefillRequestDraft>;
      this.selected = new Set((draft.items ?? []).map((item) => item.prescriptionId));
      if (draft.pharmacy) this.pharmacyRef = draft.pharmacy;
      if (draft.delivery === 'mail' || draft.delivery === 'pickup') this.delivery = draft.delivery;
      this.note = draft.note ?? '';
    } catch {
      // a state this version cannot read is ignored
    }
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  private get inForm(): boolean {
    return this.internals.form !== null;
  }

  private get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  private classified(data: RefillData): Record<RefillCategory, Classified[]> {
    return classify(
      data.prescriptions,
      {
        today: calendarToday(this.activeSession.now()),
        isControlled: this.controlledRule,
        refillWindow: this.refillWindow,
        approvals: approvalsOf(data.requests),
      },
      (p) => medicationName(p),
    );
  }

  private pharmacy(): Pharmacy | undefined {
    return this.data?.pharmacies.find((p) => p.ref === this.pharmacyRef);
  }

  private fitDelivery(): void {
    const offered = this.pharmacy()?.delivery ?? ['pickup'];
    if (!offered.includes(this.delivery)) this.delivery = offered[0] ?? 'pickup';
  }

  private requester(): Participant | undefined {
    const { user, role, patient } = this.activeSession;
    if (!user?.ref || user.ref === patient) return undefined;
    return { ref: user.ref, kind: role === 'caregiver' ? 'related-person' : 'practitioner', name: user.name ?? '' };
  }

  private draft(): RefillRequestDraft | undefined {
    if (!this.data || !this.selected.size || !this.pharmacyRef) return undefined;
    const groups = this.classified(this.data);
    const items = [...groups.refill, ...groups.renewal]
      .filter((c) => this.selected.has(c.prescription.id))
      .map((c) => ({ prescriptionId: c.prescription.id, kind: c.eligibility.category as 'refill' | 'renewal' }));
    if (!items.length) return undefined;
    const requester = this.requester();
    return {
      items,
      pharmacy: this.pharmacyRef,
      delivery: this.delivery,
      ...(this.note.trim() ? { note: this.note.trim() } : {}),
      ...(requester ? { requester } : {}),
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // another patient's choices must never carry over; a new session object for the
    // same patient (a host re-rendering) keeps them
    const patient = this.activeSession.patient;
    if (patient !== this.shownPatient) {
      if (this.shownPatient !== undefined) this.resetForPatient();
      this.shownPatient = patient;
    }
  }

  private shownPatient?: string;

  private resetForPatient(): void {
    this.selected = new Set();
    this.note = '';
    this.invalid = undefined;
    this.confirmCancel = undefined;
    this.cancelError = undefined;
    this.step = 'choose';
    this.sent = [];
    this.submitError = undefined;
    // another patient: another intent, and that patient's own unsent note
    this.submitIntent.settle();
    this.restoreDraft();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.syncFormValue();
    if (this.focusAfterRender) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
      this.focusAfterRender = undefined;
      target?.focus();
    }
  }

  private syncFormValue(): void {
    const draft = this.draft();
    const value = draft ? JSON.stringify(draft) : null;
    this.internals.setFormValue(value, value);
    const anchor = this.renderRoot.querySelector<HTMLElement>('input[type="checkbox"]') ?? undefined;
    if (this.required && !draft) {
      this.internals.setValidity(
        { valueMissing: true },
        msg('Choose at least one medication.', { id: 'refill.error.none-chosen' }),
        anchor,
      );
    } else {
      this.internals.setValidity({});
    }
  }

  private changed(): void {
    // a changed draft is not a new intent: the next send revises what an unanswered one stored
    this.invalid = undefined;
    this.keepDraft();
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  private toggle(id: string, checked: boolean): void {
    const next = new Set(this.selected);
    if (checked) next.add(id);
    else next.delete(id);
    this.selected = next;
    this.changed();
  }

  private onReview(event: Event): void {
    event.preventDefault();
    if (this.isDisabled || this.deceased.blocksWrites) return;
    const draft = this.draft();
    if (!draft) {
      this.invalid = this.localized(() =>
        this.data?.pharmacies.length
          ? msg('Choose at least one medication.', { id: 'refill.error.none-chosen' })
          : msg('No pharmacy is available. Call your clinic.', { id: 'refill.error.no-pharmacy' }),
      );
      this.focusAfterRender = this.data?.pharmacies.length ? 'input[type="checkbox"]' : '#invalid';
      return;
    }
    this.invalid = undefined;
    this.step = 'review';
    this.focusAfterRender = '#review-title';
  }

  private onBack(): void {
    if (this.submitting) return;
    this.step = 'choose';
    this.submitError = undefined;
    this.focusAfterRender = 'input[type="checkbox"]:checked';
  }

  private async onSend(): Promise<void> {
    if (this.sending || this.isDisabled || this.deceased.blocksWrites) return;
    const port = this.portOf('refills');
    const patient = this.activeSession.patient;
    const draft = this.draft();
    if (!port || !patient || !draft) return;
    if (!emit(this, 'engage-refill-submit', { draft }, { cancelable: true })) return;
    this.sending = true;
    this.submitting = true;
    this.submitError = undefined;
    const keys = this.submitIntent.keysFor(draft);
    this.keepDraft();
    this.announcement = this.localized(() => msg('Sending your request…', { id: 'refill.sending' }));
    try {
      const requests = await port.submitRequest(patient, draft, keys);
      // a port must answer with what it stored, one request per medication
      if (!Array.isArray(requests) || requests.length !== draft.items.length || requests.some((r) => !r?.id)) {
        throw new EngageError('server', 'The request was not stored.');
      }
      this.sent = requests;
      this.submitIntent.settle();
      this.selected = new Set();
      this.note = '';
      this.keepDraft();
      if (this.data) {
        const pending = new Map(requests.map((r) => [r.prescriptionId, r.id]));
        this.data = {
          ...this.data,
          prescriptions: this.data.prescriptions.map((p) =>
            pending.has(p.id) ? { ...p, pendingRequest: pending.get(p.id) } : p,
          ),
          requests: [...requests, ...this.data.requests.filter((r) => !requests.some((n) => n.id === r.id))],
        };
      }
      this.step = 'sent';
      this.announcement = this.localized(() => msg('Your request was sent.', { id: 'refill.sent.announce' }));
      this.focusAfterRender = '#sent-title';
      emit(this, 'engage-refill-sent', { requests });
    } catch (error) {
      this.submitError = error;
      this.announcement = '';
      this.focusAfterRender = '#submit-error';
    } finally {
      this.sending = false;
      this.submitting = false;
    }
  }

  private onAnother(): void {
    this.step = 'choose';
    this.sent = [];
    this.focusAfterRender = '#title';
  }

  private async onCancel(request: RefillRequest): Promise<void> {
    const port = this.portOf('refills');
    if (!port || this.sending) return;
    this.sending = true;
    this.cancelError = undefined;
    try {
      const intent = this.cancelIntents.get(request.id) ?? new WriteIntent<{ cancel: string }>();
      this.cancelIntents.set(request.id, intent);
      const updated = await port.cancelRequest(request.id, intent.keysFor({ cancel: request.id }));
      this.cancelIntents.delete(request.id);
      if (this.data) {
        this.data = {
          ...this.data,
          requests: this.data.requests.map((r) => (r.id === updated.id ? { ...r, ...updated } : r)),
          prescriptions: this.data.prescriptions.map((p) =>
            p.pendingRequest === request.id ? { ...p, pendingRequest: undefined } : p,
          ),
        };
      }
      this.confirmCancel = undefined;
      this.announcement = this.localized(() =>
        msg(str`Request for ${medicationName(request)} cancelled.`, { id: 'refill.cancelled.announce' }),
      );
      this.focusAfterRender = '#history-title';
      emit(this, 'engage-refill-cancel', { request: updated });
    } catch (error) {
      this.cancelError = { id: request.id, error };
    } finally {
      this.sending = false;
    }
  }

  protected override render(): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    return html`<section part="base" class="base" lang=${this.activeSession.locale} aria-labelledby="title">
      <div id="title" class="title" role="heading" aria-level=${level} tabindex="-1">
        ${msg('Medication refills', { id: 'refill.title' })}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderMissing('refills') ??
      (this.data
        ? this.renderContent(this.data, level)
        : this.renderTask(this.dataTask, {
            loadingText: msg('Loading your prescriptions…', { id: 'refill.loading' }),
            complete: (data) => this.renderContent(data, level),
          }))}
      <slot name="footer"></slot>
    </section>`;
  }

  private renderContent(data: RefillData, level: number): TemplateResult {
    const sub = Math.min(6, level + 1);
    if (this.deceased.blocksWrites) {
      const notice = renderDeceasedNotice(
        msg('This patient has died, so refills and renewals can no longer be requested from this account. Earlier requests are listed below.', {
          id: 'refill.deceased',
        }),
      );
      return html`${notice}${this.renderHistory(data, sub)}`;
    }
    const main =
      this.step === 'sent' && !this.inForm
        ? this.renderConfirmation(sub)
        : this.step === 'review' && !this.inForm
          ? this.renderReview(data, sub)
          : this.renderChooser(data, sub);
    return html`${main}${this.renderHistory(data, sub)}`;
  }

  // --- choose -------------------------------------------------------------------

  private renderChooser(data: RefillData, level: number): TemplateResult {
    const groups = this.classified(data);
    const none = !groups.refill.length && !groups.renewal.length && !groups.unavailable.length;
    const body = html`
      <fieldset part="medications" ?disabled=${this.isDisabled}>
        <legend>${msg('Choose medications', { id: 'refill.choose' })}</legend>
        ${none
          ? renderEmpty({
              art: iconMedicine,
              text: msg('You have no active prescriptions to refill.', { id: 'refill.none-active' }),
            })
          : nothing}
        ${this.renderGroup(
          'refill',
          groups.refill,
          msg('Ready to refill', { id: 'refill.group.refill' }),
          msg('Sent to your pharmacy.', { id: 'refill.group.refill-hint' }),
          level,
        )}
        ${this.renderGroup(
          'renewal',
          groups.renewal,
          msg('Needs a new prescription', { id: 'refill.group.renewal' }),
          msg('Sent to your prescriber, who decides whether to renew it.', { id: 'refill.group.renewal-hint' }),
          level,
        )}
        ${this.renderGroup(
          'unavailable',
          groups.unavailable,
          msg('Cannot be requested online', { id: 'refill.group.unavailable' }),
          msg('Call your clinic about these.', { id: 'refill.group.unavailable-hint' }),
          level,
        )}
      </fieldset>
      ${none ? nothing : this.renderPharmacy(data)}
      ${none
        ? nothing
        : html`<div class="field">
            <label for="note">${msg('Note for your care team (optional)', { id: 'refill.note' })}</label>
            <textarea
              id="note"
              part="note"
              maxlength="500"
              .value=${this.note}
              ?disabled=${this.isDisabled}
              @input=${(e: Event) => {
                this.note = (e.target as HTMLTextAreaElement).value;
                this.changed();
              }}
            ></textarea>
          </div>`}
      ${this.invalid
        ? html`<div id="invalid" class="alert" role="alert" tabindex="-1"><p>
            ${icon(iconWarning)}${this.invalid}
          </p></div>`
        : nothing}
    `;
    if (this.inForm) return html`<div class="form">${body}</div>`;
    return html`<form novalidate @submit=${this.onReview}>
      ${body}
      ${none
        ? nothing
        : html`<div class="actions">
            <button type="submit" class="primary" part="review-button" ?disabled=${this.isDisabled}>
              ${msg('Review request', { id: 'refill.review' })}
            </button>
          </div>`}
    </form>`;
  }

  private renderGroup(
    category: RefillCategory,
    items: Classified[],
    title: string,
    hint: string,
    level: number,
  ): TemplateResult | typeof nothing {
    if (!items.length) return nothing;
    const id = `group-${category}`;
    return html`<div class="group">
      <div class="subtitle" role="heading" aria-level=${level} id=${id}>${title}</div>
      <p class="hint">${hint}</p>
      <ul aria-labelledby=${id}>
        ${items.map((item) => this.renderMedication(item, category !== 'unavailable'))}
      </ul>
    </div>`;
  }

  private renderMedication({ prescription, eligibility }: Classified, selectable: boolean): TemplateResult {
    const id = `rx-${prescription.id}`;
    const facts = html`${this.renderFacts(prescription, eligibility)}${this.learnMore(prescription.medication)}`;
    const reason = html`<span class="reason ${selectable ? '' : 'reason--blocked'}" id=${`${id}-reason`}
      >${selectable ? nothing : html`${icon(iconWarning)}`}${this.reasonText(eligibility)}</span
    >`;
    if (!selectable) {
      return html`<li class="med" part="medication">
        <div class="med-body">
          <span class="med-name">${wrappable(medicationName(prescription))}</span>
          ${reason} ${facts}
        </div>
      </li>`;
    }
    return html`<li class="med" part="medication">
      <input
        type="checkbox"
        id=${id}
        .checked=${this.selected.has(prescription.id)}
        ?disabled=${this.isDisabled}
        aria-describedby=${`${id}-reason`}
        @change=${(e: Event) => this.toggle(prescription.id, (e.target as HTMLInputElement).checked)}
      />
      <div class="med-body">
        <label class="med-name" for=${id}>${wrappable(medicationName(prescription))}</label>
        ${reason} ${facts}
      </div>
    </li>`;
  }

  /** A "Learn more" infobutton (#17) when the adapter has a knowledge port; its code loads on demand. */
  private learnMore(coded: CodedValue) {
    if (!this.portOf('knowledge')) return nothing;
    void import('../learn-more/learn-more.js');
    return html`<engage-learn-more .coded=${coded} .adapter=${this.adapter} .session=${this.session} .patient=${this.patient} lang=${this.lang || nothing}></engage-learn-more>`;
  }

  private renderFacts(prescription: Prescription, eligibility: Eligibility): TemplateResult {
    const { locale } = this.activeSession;
    const fact = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
    return html`<dl class="facts">
      ${prescription.dosage ? fact(msg('How to take', { id: 'refill.fact.dosage' }), prescription.dosage) : nothing}
      ${prescription.prescriber?.name
        ? fact(msg('Prescriber', { id: 'refill.fact.prescriber' }), prescription.prescriber.name)
        : nothing}
      ${fact(
        msg('Last filled', { id: 'refill.fact.last-filled' }),
        eligibility.lastFilled ? formatDate(eligibility.lastFilled, locale) : msg('No fill recorded', { id: 'refill.fact.never-filled' }),
      )}
      ${fact(msg('Refills left', { id: 'refill.fact.refills-left' }), String(eligibility.refillsRemaining))}
    </dl>`;
  }

  /** The reason text shown beside a prescription. */
  private reasonText(eligibility: Eligibility): string {
    return reasonText(eligibility, this.activeSession.locale);
  }

  /*
   * One radio per pharmacy, not a <select>: a closed select shows one line and cut the
   * names ("Main Street Pharmacy (d", #19); a radio's label wraps, and each pharmacy's
   * address and phone sit under its name, so the patient compares them before choosing.
   */
  private renderPharmacyChoice(p: Pharmacy, index: number): TemplateResult {
    const id = `pharmacy-${index}`;
    const words = [p.preferred ? msg('Your preferred pharmacy', { id: 'refill.pharmacy.preferred-note' }) : '', p.address].filter(Boolean).join(' · ');
    // a phone number never wraps at its dashes
    const phone = p.phone ? html`${words ? ' · ' : ''}<span class="nowrap">${p.phone}</span>` : nothing;
    const details = words || p.phone;
    return html`<div class="choice">
      <input
        type="radio"
        name="pharmacy"
        id=${id}
        value=${p.ref}
        .checked=${p.ref === this.pharmacyRef}
        aria-describedby=${details ? `${id}-details` : nothing}
        @change=${() => {
          this.pharmacyRef = p.ref;
          this.fitDelivery();
          this.changed();
        }}
      />
      <label for=${id}>${p.name}</label>
      ${details ? html`<span class="hint" id=${`${id}-details`}>${words}${phone}</span>` : nothing}
    </div>`;
  }

  private renderPharmacy(data: RefillData): TemplateResult {
    const pharmacy = this.pharmacy();
    const offered = pharmacy?.delivery ?? ['pickup'];
    return html`
      ${data.pharmacies.length
        ? html`<fieldset class="field" part="pharmacy" ?disabled=${this.isDisabled}>
            <legend class="field-label">${msg('Pharmacy', { id: 'refill.pharmacy' })}</legend>
            <div class="choices">
              ${data.pharmacies.map((p, i) => this.renderPharmacyChoice(p, i))}
            </div>
          </fieldset>`
        : html`<div class="field" part="pharmacy">
            <span class="field-label">${msg('Pharmacy', { id: 'refill.pharmacy' })}</span>
            <p id="pharmacy">${msg('No pharmacy is available. Call your clinic.', { id: 'refill.error.no-pharmacy' })}</p>
          </div>`}
      ${offered.length > 1
        ? html`<fieldset ?disabled=${this.isDisabled}>
            <legend>${msg('How do you want to get it?', { id: 'refill.delivery' })}</legend>
            <div class="radios">
              ${offered.map(
                (option) => html`<label>
                  <input
                    type="radio"
                    name="delivery"
                    value=${option}
                    .checked=${this.delivery === option}
                    @change=${() => {
                      this.delivery = option;
                      this.changed();
                    }}
                  />${this.deliveryLabel(option)}
                </label>`,
              )}
            </div>
          </fieldset>`
        : html`<p class="hint">${this.deliveryLabel(offered[0] ?? 'pickup')}</p>`}
    `;
  }

  private deliveryLabel(option: 'pickup' | 'mail'): string {
    return option === 'mail'
      ? msg('Mail it to me', { id: 'refill.delivery.mail' })
      : msg('Pick up at the pharmacy', { id: 'refill.delivery.pickup' });
  }

  private kindLabel(kind: 'refill' | 'renewal'): string {
    return kind === 'renewal'
      ? msg('Renewal (to your prescriber)', { id: 'refill.kind.renewal' })
      : msg('Refill (to your pharmacy)', { id: 'refill.kind.refill' });
  }

  // --- review -------------------------------------------------------------------

  private renderReview(data: RefillData, level: number): TemplateResult {
    const draft = this.draft();
    const pharmacy = this.pharmacy();
    const byId = new Map(data.prescriptions.map((p) => [p.id, p]));
    const error = this.submitError;
    return html`<div class="form">
      <div id="review-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">
        ${msg('Check your request', { id: 'refill.review.title' })}
      </div>
      <ul>
        ${(draft?.items ?? []).map((item) => {
          const prescription = byId.get(item.prescriptionId);
          return html`<li class="request">
            <span class="med-name">${prescription ? wrappable(medicationName(prescription)) : item.prescriptionId}</span>
            <span class="hint">${this.kindLabel(item.kind)}</span>
          </li>`;
        })}
      </ul>
      <dl class="summary">
        <div><dt>${msg('Pharmacy', { id: 'refill.pharmacy' })}</dt><dd>${pharmacy?.name ?? ''}</dd></div>
        <div><dt>${msg('Delivery', { id: 'refill.review.delivery' })}</dt><dd>${this.deliveryLabel(this.delivery)}</dd></div>
        ${draft?.note
          ? html`<div><dt>${msg('Note', { id: 'refill.review.note' })}</dt><dd>${draft.note}</dd></div>`
          : nothing}
      </dl>
      ${error
        ? html`<div id="submit-error" class="alert" role="alert" tabindex="-1" part="submit-error">
            <p>${icon(iconWarning)}<strong>${msg('Your request was not sent.', { id: 'refill.send-failed' })}</strong></p>
            <p>${errorText(isEngageError(error) ? error.code : 'server')}</p>
            ${isEngageError(error) && error.details.length
              ? html`<ul>${error.details.map((d) => html`<li>${d}</li>`)}</ul>`
              : nothing}
            <p>${msg('Your choices are kept. Try again.', { id: 'refill.send-failed-kept' })}</p>
          </div>`
        : nothing}
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="send-button"
          aria-disabled=${this.submitting ? 'true' : 'false'}
          ?disabled=${this.isDisabled}
          @click=${this.onSend}
        >
          ${this.submitting
            ? msg('Sending…', { id: 'refill.sending-button' })
            : error
              ? msg('Try sending again', { id: 'refill.send-again' })
              : msg('Send request', { id: 'refill.send' })}
        </button>
        <button type="button" part="back-button" aria-disabled=${this.submitting ? 'true' : 'false'} @click=${this.onBack}>
          ${msg('Change request', { id: 'refill.back' })}
        </button>
      </div>
    </div>`;
  }

  // --- sent ---------------------------------------------------------------------

  private renderConfirmation(level: number): TemplateResult {
    return html`<div class="success" part="confirmation">
      <div id="sent-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">
        ${icon(iconCheck)}${msg('Request sent', { id: 'refill.sent.title' })}
      </div>
      <p>${msg('Your care team will review it. You can follow it below.', { id: 'refill.sent.body' })}</p>
      <ul>
        ${this.sent.map(
          (r) => html`<li><span class="med-name">${wrappable(medicationName(r))}</span> — ${this.kindLabel(r.kind)}</li>`,
        )}
      </ul>
      <div class="actions">
        <button type="button" part="new-request-button" @click=${this.onAnother}>
          ${msg('Request another medication', { id: 'refill.another' })}
        </button>
      </div>
    </div>`;
  }

  // --- history ------------------------------------------------------------------

  private renderHistory(data: RefillData, level: number): TemplateResult | typeof nothing {
    if (!data.requests.length) return nothing;
    return html`<section part="history" aria-labelledby="history-title">
      <div id="history-title" class="subtitle" role="heading" aria-level=${level} tabindex="-1">
        ${msg('Your requests', { id: 'refill.history' })}
      </div>
      ${this.renderHistoryGroups(data.requests, level + 1)}
    </section>`;
  }

  /** Pending requests, then past ones latest first, capped behind "Show older" (refill-history.ts). */
  private renderHistoryGroups(requests: readonly RefillRequest[], level: number): TemplateResult {
    const { locale } = this.activeSession;
    const groups = groupHistory(requests, PENDING, this.showOlderHistory);
    const list = (key: 'pending' | 'past', title: string, items: RefillRequest[]) =>
      items.length
        ? html`<div class="history-group" data-group=${key}>
            <div class="history-group__title" role="heading" aria-level=${Math.min(6, level)}>${title}</div>
            <ul>
              ${items.map((request) => this.renderHistoryItem(request, locale))}
            </ul>
          </div>`
        : nothing;
    return html`${list('pending', msg('Waiting for a decision', { id: 'refill.history.pending' }), groups.pending)}
      ${list('past', msg('Past requests', { id: 'refill.history.past' }), groups.past)}
      ${groups.older.length
        ? html`<div class="actions">
            <button
              type="button"
              part="show-older"
              @click=${() => {
                this.showOlderHistory = true;
                // the button goes away: focus the first request it revealed
                this.focusAfterRender = `[data-request="${CSS.escape(groups.older[0]!.id)}"]`;
              }}
            >
              ${msg(str`Show older requests (${groups.older.length})`, { id: 'refill.history.older' })}
            </button>
          </div>`
        : nothing}`;
  }

  private renderHistoryItem(request: RefillRequest, locale: string): TemplateResult {
    const pending = PENDING.includes(request.status);
    const name = medicationName(request);
    return html`<li class="request" data-request=${request.id} tabindex="-1">
      <div class="request-head">
        <span class="med-name">${wrappable(name)}</span>
        ${chip(STATUS_CHIP[request.status][0], statusLabel(request.status), { icon: STATUS_CHIP[request.status][1], part: 'status' })}
      </div>
      <span class="hint"
        >${this.kindLabel(request.kind)} ·
        ${msg(str`Asked on ${formatDate(request.created, locale)}`, { id: 'refill.history.asked' })}${request.pharmacy
          ? html` · ${request.pharmacy.name}`
          : nothing}</span
      >
      ${request.statusReason
        ? html`<span class="reason">${msg('Reason:', { id: 'refill.history.reason' })} ${request.statusReason}</span>`
        : nothing}
      ${pending ? this.renderCancel(request, name) : nothing}
    </li>`;
  }

  private renderCancel(request: RefillRequest, name: string): TemplateResult {
    const failed = this.cancelError?.id === request.id ? this.cancelError.error : undefined;
    if (this.confirmCancel !== request.id) {
      return html`<div class="actions">
        <button
          type="button"
          id=${`cancel-${request.id}`}
          part="cancel-button"
          aria-label=${msg(str`Cancel request for ${name}`, { id: 'refill.cancel.label' })}
          @click=${() => {
            this.confirmCancel = request.id;
            this.focusAfterRender = `#confirm-cancel-${CSS.escape(request.id)}`;
          }}
        >
          ${msg('Cancel request', { id: 'refill.cancel' })}
        </button>
      </div>`;
    }
    const keep = () => {
      this.confirmCancel = undefined;
      this.cancelError = undefined;
      // "Keep it" disappears with the confirmation: back to the button that opened it
      this.focusAfterRender = `#cancel-${CSS.escape(request.id)}`;
    };
    return html`<div
      class="actions"
      role="group"
      aria-label=${msg(str`Cancel request for ${name}`, { id: 'refill.cancel.label' })}
      @keydown=${(event: KeyboardEvent) => {
        // Escape answers the question the safe way: keep the request
        if (event.key !== 'Escape') return;
        event.preventDefault();
        keep();
      }}
    >
      <button type="button" id=${`confirm-cancel-${request.id}`} part="confirm-cancel-button" @click=${() => this.onCancel(request)}>
        ${msg('Yes, cancel it', { id: 'refill.cancel.confirm' })}
      </button>
      <button type="button" @click=${keep}>
        ${msg('Keep it', { id: 'refill.cancel.keep' })}
      </button>
      ${failed
        ? html`<p class="inline-alert" role="alert">
            ${icon(iconWarning)}${errorText(isEngageError(failed) ? failed.code : 'server')}
          </p>`
        : nothing}
    </div>`;
  }
}
