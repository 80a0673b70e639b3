import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '../../core/localization.js';
import { Task } from '@lit/task';
import type { Pharmacy, RecordRef, RefillPort, RefillRequest, RefillRequestDraft } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { DeceasedStatus, deceasedNoticeStyles } from '../../core/deceased.js';
import { WriteIntent } from '../../core/write-protocol.js';
import type { ControlledRule } from './eligibility.js';
import { refillStyles } from './refill-request.styles.js';
import { chipStyles } from '../../core/chips.js';
import { choicesFromState, classifiedOf, draftOf, loadRefillData, requesterOf } from './refill-draft.js';
import type { EligibilityRules, RefillData } from './refill-draft.js';
import { renderRequestForm } from './request-form.js';
import { renderConfirmation, renderReview } from './review-step.js';
import { renderHistory } from './history-list.js';
import { type CancelIntents, historyView } from './history-actions.js';
import { syncFormValue } from './form-value.js';
import { renderLearnMore } from '../learn-more/infobutton.js';
import { missingChoiceText, renderDeceasedRefills } from './refill-notices.js';
import { renderDecidedNotice, SendAttempts } from './decided-notice.js';
import { RefillWritesBase, type Step } from './refill-writes.js';
import type { RefillCancelDetail, RefillSentDetail, RefillSubmitDetail } from './refill-events.js';

// the element's words, shared by its parts (refill-labels.ts), stay importable from here
export { medicationName, statusLabel } from './refill-labels.js';
export type { RefillCancelDetail, RefillSentDetail, RefillSubmitDetail } from './refill-events.js';

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-refill-submit': CustomEvent<RefillSubmitDetail>;
    'engage-refill-sent': CustomEvent<RefillSentDetail>;
    'engage-refill-cancel': CustomEvent<RefillCancelDetail>;
  }
}

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
export class EngageRefillRequest extends RefillWritesBase {
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

  @state() protected step: Step = 'choose';
  /** Whether the history shows every past request, not only the latest (refill-history.ts). */
  @state() private showOlderHistory = false;
  @state() protected selected: ReadonlySet<string> = new Set();
  @state() private pharmacyRef?: RecordRef;
  @state() private delivery: 'pickup' | 'mail' = 'pickup';
  @state() protected note = '';
  @state() protected submitting = false;
  @state() protected submitError?: unknown;
  @state() private invalid?: string;
  @state() protected sent: RefillRequest[] = [];
  @state() protected announcement = '';
  @state() protected data?: RefillData;
  @state() protected confirmCancel?: string;
  @state() protected cancelError?: { id: string; error: unknown };
  @state() private formDisabled = false;
  /** After a retry refused because the care team had already decided it: their answers (decided-notice.ts). */
  @state() protected answeredFirst?: RefillRequest[];

  private readonly internals: ElementInternals;
  /**
   * The keys of the submission (docs/write-protocol.md): the same request again keeps its
   * key; an edited one (the user went back and changed the note, the pharmacy or the
   * medications) after a failed send revises what an unanswered attempt stored, so a
   * prescription never has two pending requests. Settled only when the server confirmed.
   */
  protected readonly submitIntent = new WriteIntent<RefillRequestDraft>();
  protected readonly cancelIntents: CancelIntents = new Map();
  protected readonly attempts = new SendAttempts();
  /** Synchronous guard: a second click in the same frame must not send again. */
  protected sending = false;
  /** Whether the patient has died: then a patient or caregiver cannot ask for medicines here. */
  protected readonly deceased = new DeceasedStatus(this, () => [
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
      const data = await loadRefillData(port as RefillPort, patient as string, signal);
      this.data = data;
      if (!this.note) this.restoreDraft();
      if (!this.pharmacyRef || !data.pharmacies.some((p) => p.ref === this.pharmacyRef)) this.pharmacyRef = data.pharmacies[0]?.ref;
      this.fitDelivery();
      return data;
    },
    args: () => [this.portOf('refills'), this.activeSession.patient] as const,
    autoRun: true,
  });

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
    Object.assign(this, choicesFromState(state));
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  private get inForm(): boolean {
    return this.internals.form !== null;
  }

  protected get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** The host's eligibility rules and the clinic's clock, for refill-draft.ts. */
  private get rules(): EligibilityRules {
    return { now: this.activeSession.now(), controlledRule: this.controlledRule, refillWindow: this.refillWindow };
  }

  private pharmacy(): Pharmacy | undefined {
    return this.data?.pharmacies.find((p) => p.ref === this.pharmacyRef);
  }

  private fitDelivery(): void {
    const offered = this.pharmacy()?.delivery ?? ['pickup'];
    if (!offered.includes(this.delivery)) this.delivery = offered[0] ?? 'pickup';
  }

  protected draft(): RefillRequestDraft | undefined {
    const { selected, pharmacyRef, delivery, note } = this;
    return draftOf(this.data, this.rules, { selected, pharmacyRef, delivery, note, requester: requesterOf(this.activeSession) });
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
    this.answeredFirst = undefined;
    // another patient: another intent, and that patient's own unsent note
    this.submitIntent.settle();
    this.restoreDraft();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    syncFormValue(this.internals, this.draft(), this.required, this.renderRoot);
    if (this.focusAfterRender) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
      this.focusAfterRender = undefined;
      target?.focus();
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
      this.invalid = this.localized(() => missingChoiceText(!!this.data?.pharmacies.length));
      this.focusAfterRender = this.data?.pharmacies.length ? 'input[type="checkbox"]' : '#invalid';
      return;
    }
    this.invalid = undefined;
    this.answeredFirst = undefined;
    this.step = 'review';
    this.focusAfterRender = '#review-title';
  }

  private onBack(): void {
    if (this.submitting) return;
    this.step = 'choose';
    this.submitError = undefined;
    this.focusAfterRender = 'input[type="checkbox"]:checked';
  }

  protected override render(): TemplateResult {
    const level = headingLevelOf(this.headingLevel);
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
    const shown = { locale: this.activeSession.locale, showOlder: this.showOlderHistory, confirmCancel: this.confirmCancel, cancelError: this.cancelError };
    const view = historyView(shown, (change) => Object.assign(this, change), (request) => void this.onCancel(request));
    const history = renderHistory(data.requests, sub, view);
    if (this.deceased.blocksWrites) return html`${renderDeceasedRefills()}${history}`;
    const main =
      this.step === 'sent' && !this.inForm
        ? renderConfirmation(this.sent, sub, () => this.onAnother())
        : this.step === 'review' && !this.inForm
          ? this.renderReview(data, sub)
          : html`${this.answeredFirst ? renderDecidedNotice(this.answeredFirst) : nothing}${this.renderChooser(data, sub)}`;
    return html`${main}${history}`;
  }

  private renderReview(data: RefillData, level: number): TemplateResult {
    return renderReview(
      {
        draft: this.draft(),
        prescriptions: data.prescriptions,
        pharmacy: this.pharmacy(),
        delivery: this.delivery,
        error: this.submitError,
        submitting: this.submitting,
        disabled: this.isDisabled,
        send: () => void this.onSend(),
        back: () => this.onBack(),
      },
      level,
    );
  }

  private renderChooser(data: RefillData, level: number): TemplateResult {
    return renderRequestForm(classifiedOf(data, this.rules), {
      locale: this.activeSession.locale,
      level,
      selected: this.selected,
      disabled: this.isDisabled,
      inForm: this.inForm,
      pharmacies: data.pharmacies,
      pharmacyRef: this.pharmacyRef,
      delivery: this.delivery,
      note: this.note,
      invalid: this.invalid,
      toggle: (id, checked) => this.toggle(id, checked),
      learnMore: (coded) => renderLearnMore(this, !!this.portOf('knowledge'), coded),
      edit: (change) => {
        Object.assign(this, change);
        // another pharmacy may not mail: fall back to what it offers
        if ('pharmacyRef' in change) this.fitDelivery();
        this.changed();
      },
      review: (event) => this.onReview(event),
    });
  }
}
