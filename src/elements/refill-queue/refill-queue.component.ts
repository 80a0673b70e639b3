import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task } from '@lit/task';
import type { RefillDecision, RefillPort, RefillRequest, RefillRequestStatus } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { queueStyles } from './refill-queue.styles.js';
import { isEngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { codedText, formatDate, formatQuantity } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import { errorText, renderEmpty, renderError, renderLoading } from '../../core/states.js';
import { icon, iconCheck, iconWarning } from '../../core/icons.js';

/** Detail of `engage-refill-review`. */
export interface RefillReviewDetail {
  /** The request after the decision. */
  request: RefillRequest;
  /** The decision made. */
  decision: RefillDecision;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-refill-review': CustomEvent<RefillReviewDetail>;
  }
}

type Action = RefillDecision['action'];

interface Draft {
  action: Action;
  quantity: string;
  refills: string;
  reason: string;
  saving?: boolean;
  invalid?: string;
  error?: unknown;
}

const PENDING: RefillRequestStatus[] = ['requested', 'in-review'];

function decidedLabel(status: RefillRequestStatus): string {
  switch (status) {
    case 'approved':
      return msg('Approved', { id: 'refill-queue.decided.approved' });
    case 'denied':
      return msg('Denied', { id: 'refill-queue.decided.denied' });
    case 'needs-appointment':
      return msg('Needs an appointment', { id: 'refill-queue.decided.needs-appointment' });
    default:
      return msg('Updated', { id: 'refill-queue.decided.other' });
  }
}

/**
 * What the original prescription is, when it is not simply an active order: the reviewer
 * must see that it was never signed, was stopped, or is an order NOT to give the medicine
 * before approving more of it. Undefined for an active order (nothing to warn of).
 */
function prescriptionState(prescription: RefillRequest['prescription']): string | undefined {
  if (!prescription) return undefined;
  if (prescription.doNotPerform) return msg('An order NOT to give this medicine', { id: 'refill-queue.rx.do-not-perform' });
  switch (prescription.status) {
    case 'active':
      return undefined;
    case 'draft':
      return msg('Not signed yet (draft)', { id: 'refill-queue.rx.draft' });
    case 'on-hold':
      return msg('On hold', { id: 'refill-queue.rx.on-hold' });
    case 'stopped':
      return msg('Stopped', { id: 'refill-queue.rx.stopped' });
    case 'cancelled':
      return msg('Cancelled', { id: 'refill-queue.rx.cancelled' });
    case 'completed':
      return msg('Completed', { id: 'refill-queue.rx.completed' });
    default:
      // `unknown`, or a status this element does not know: never read as active
      return msg('Status unknown', { id: 'refill-queue.rx.unknown' });
  }
}

/**
 * The clinician's review queue for refill and renewal requests: medication, patient,
 * last fill, refills used and the patient's note, and for each request a decision —
 * approve (optionally changing quantity and refills), deny with a reason the patient
 * sees, or "needs an appointment". Each decision follows the write protocol
 * (docs/write-protocol.md): the same decision keeps its key through retries, and one
 * changed after a failed save replaces the earlier key, so a decision that landed
 * unanswered is revised rather than left standing; a failed save keeps what was entered.
 *
 * A sibling of `<engage-refill-request>` rather than a role of it: it lists many
 * patients' requests (the patient is only an optional filter), has its own actions,
 * is not a form control, and a patient portal need not load it.
 *
 * @tag engage-refill-queue
 * @summary Review queue of pending medication refill and renewal requests.
 *
 * @csspart base - The element's container.
 * @csspart request - One request in the queue.
 * @csspart save-button - A request's "Save decision" button.
 * @csspart more-button - The "Show more requests" button, while the server holds more pending requests than are shown.
 * @csspart state - Any loading, empty, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --engage-refill-queue-background - Background of the element; default the surface colour.
 *
 * @fires engage-refill-review - After a decision was saved; `detail.request`, `detail.decision`.
 */
export class EngageRefillQueue extends EngageElement {
  static override styles = [...EngageElement.styles, queueStyles];

  /** Heading level (1–6) of the queue's title. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /**
   * `clinic` (default): every pending request the adapter's backend holds for the
   * clinic, whatever patient the page shows; `patient`: only the session's patient.
   */
  @property({ reflect: true })
  scope: 'clinic' | 'patient' = 'clinic';

  /** Requests shown per page; "Show more requests" reads the next page (the adapter may cap it). */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 25;

  @state() private drafts: Record<string, Draft> = {};
  /** Requests of the pages read after the first, in the server's order. */
  @state() private later: RefillRequest[] = [];
  /** Cursor of the next page, while there is one. */
  @state() private next?: string;
  @state() private loadingMore = false;
  @state() private moreError?: unknown;
  @state() private decided: RefillRequest[] = [];
  @state() private announcement = '';
  private focusAfterRender?: string;
  /** The keys of each request's decision (docs/write-protocol.md), until the server confirms one. */
  private readonly intents = new Map<string, WriteIntent<RefillDecision>>();

  private readonly queueTask = new Task(this, {
    task: async ([port, patient], { signal }) => {
      const page = await (port as RefillPort).listRequests({ status: PENDING, patient, pageSize: this.pageSize }, { signal });
      // a queue that silently stopped at its first page would leave requests unreviewed
      this.later = [];
      this.next = page.next;
      this.moreError = undefined;
      return page;
    },
    args: () => [this.portOf('refills'), this.scopedPatient, this.pageSize] as const,
    autoRun: true,
  });

  /** The patient whose requests are listed: the session's in `patient` scope, else every patient's. */
  private get scopedPatient(): string | undefined {
    return this.scope === 'patient' ? this.activeSession.patient : undefined;
  }

  /** Reloads the queue. */
  refresh(): Promise<unknown> {
    this.decided = [];
    return this.queueTask.run();
  }

  /** Reads the next page and focuses its first request, announcing how many came. */
  private async loadMore(): Promise<void> {
    const port = this.portOf('refills');
    const cursor = this.next;
    if (!port || !cursor || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = undefined;
    try {
      const page = await port.listRequests({ status: PENDING, patient: this.scopedPatient, pageSize: this.pageSize, cursor });
      const known = new Set([...(this.queueTask.value?.items ?? []), ...this.later].map((r) => r.id));
      const added = page.items.filter((r) => !known.has(r.id));
      this.later = [...this.later, ...added];
      this.next = page.next;
      this.announcement = this.localized(() => msg(str`${added.length} more requests shown.`, { id: 'refill-queue.more-loaded' }));
      // the button pressed is gone or moved below: focus goes to the first request it revealed
      if (added[0]) this.focusAfterRender = `#title-${CSS.escape(added[0].id)}`;
    } catch (error) {
      this.moreError = error;
    } finally {
      this.loadingMore = false;
    }
  }

  protected override updated(): void {
    if (this.focusAfterRender) {
      this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender)?.focus();
      this.focusAfterRender = undefined;
    }
  }

  private draftOf(id: string): Draft {
    return this.drafts[id] ?? { action: 'approve', quantity: '', refills: '', reason: '' };
  }

  private edit(id: string, change: Partial<Draft>, sameIntent = false): void {
    const draft = { ...this.draftOf(id), ...change };
    // the decision's keys follow its content (the WriteIntent); only the message goes
    if (!sameIntent) draft.invalid = undefined;
    this.drafts = { ...this.drafts, [id]: draft };
  }

  private decisionOf(draft: Draft): RefillDecision | string {
    const whole = (value: string) => (value.trim() === '' ? undefined : Number(value));
    if (draft.action === 'approve') {
      const quantity = whole(draft.quantity);
      const refills = whole(draft.refills);
      if (quantity !== undefined && !(Number.isFinite(quantity) && quantity > 0)) {
        return msg('Enter a quantity above zero, or leave it empty.', { id: 'refill-queue.error.quantity' });
      }
      if (refills !== undefined && !(Number.isInteger(refills) && refills >= 0)) {
        return msg('Enter a whole number of refills, or leave it empty.', { id: 'refill-queue.error.refills' });
      }
      return { action: 'approve', quantity, refills };
    }
    if (draft.action === 'deny') {
      if (!draft.reason.trim()) {
        return msg('Enter the reason the patient will see.', { id: 'refill-queue.error.reason' });
      }
      return { action: 'deny', reason: draft.reason.trim() };
    }
    return { action: 'needs-appointment', reason: draft.reason.trim() || undefined };
  }

  private async save(request: RefillRequest): Promise<void> {
    const port = this.portOf('refills');
    const draft = this.draftOf(request.id);
    if (!port || draft.saving) return;
    const decision = this.localized(() => this.decisionOf(draft));
    if (typeof decision === 'string') {
      this.edit(request.id, { invalid: decision }, true);
      const field = draft.action === 'approve' ? (decision.includes('refill') ? 'refills' : 'quantity') : 'reason';
      this.focusAfterRender = `#${field}-${CSS.escape(request.id)}`;
      return;
    }
    const intent = this.intents.get(request.id) ?? new WriteIntent<RefillDecision>();
    this.intents.set(request.id, intent);
    const keys = intent.keysFor(decision);
    this.edit(request.id, { saving: true, error: undefined, invalid: undefined }, true);
    try {
      // the decision as stored, named and placed as the clinician saw it: an adapter's answer
      // may leave out what its list read joined in (the prescription, a medicine named only there)
      const stored = await port.reviewRequest(request.id, decision, keys);
      const updated: RefillRequest = {
        ...stored,
        medication: codedText(stored.medication) ? stored.medication : request.medication,
        prescription: stored.prescription ?? request.prescription,
      };
      this.intents.delete(request.id);
      const rest = { ...this.drafts };
      delete rest[request.id];
      this.drafts = rest;
      this.decided = [updated, ...this.decided];
      this.announcement = this.localized(() =>
        msg(str`${decidedLabel(updated.status)}: ${codedText(updated.medication)}`, { id: 'refill-queue.decided.announce' }),
      );
      this.focusAfterRender = `#decided-${CSS.escape(updated.id)}`;
      emit(this, 'engage-refill-review', { request: updated, decision });
    } catch (error) {
      this.edit(request.id, { saving: false, error }, true);
      this.focusAfterRender = `#error-${CSS.escape(request.id)}`;
    }
  }

  protected override render(): TemplateResult {
    const level = headingLevelOf(this.headingLevel);
    return html`<section part="base" class="base" lang=${this.activeSession.locale} aria-labelledby="title">
      <div id="title" class="title" role="heading" aria-level=${level}>
        ${msg('Refill requests to review', { id: 'refill-queue.title' })}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderMissing('refills', false) ??
      this.renderTask(this.queueTask, {
        loadingText: msg('Loading requests…', { id: 'refill-queue.loading' }),
        complete: (page) => this.renderQueue([...page.items, ...this.later], Math.min(6, level + 1), page.total),
      })}
    </section>`;
  }

  private renderQueue(items: RefillRequest[], level: number, total: number | undefined): TemplateResult {
    const decidedIds = new Set(this.decided.map((r) => r.id));
    const open = items.filter((r) => !decidedIds.has(r.id));
    const waiting = total === undefined ? undefined : Math.max(0, total - this.decided.length);
    return html`
      ${this.decided.length
        ? html`<ul aria-label=${msg('Decided just now', { id: 'refill-queue.decided' })}>
            ${this.decided.map(
              (r) => html`<li class="decided" id=${`decided-${r.id}`} tabindex="-1">
                ${icon(iconCheck)}${decidedLabel(r.status)}: ${codedText(r.medication)}${r.patientName
                  ? ` — ${r.patientName}`
                  : ''}
              </li>`,
            )}
          </ul>`
        : nothing}
      ${open.length
        ? html`<ul>
            ${open.map((request) => html`<li>${this.renderRequest(request, level)}</li>`)}
          </ul>`
        : this.next
          ? nothing
          : renderEmpty({ art: iconCheck, text: msg('No requests are waiting for review.', { id: 'refill-queue.empty' }) })}
      ${this.moreError ? renderError(this.moreError, () => void this.loadMore()) : nothing}
      ${this.next
        ? html`<div class="more">
            ${waiting !== undefined
              ? html`<p class="count">${msg(str`Showing ${open.length} of ${waiting} requests.`, { id: 'refill-queue.showing' })}</p>`
              : nothing}
            ${this.loadingMore
              ? renderLoading(msg('Loading more…', { id: 'refill-queue.loading-more' }))
              : html`<button type="button" part="more-button" @click=${() => void this.loadMore()}>
                  ${msg('Show more requests', { id: 'refill-queue.more' })}
                </button>`}
          </div>`
        : nothing}
    `;
  }

  private renderRequest(request: RefillRequest, level: number): TemplateResult {
    const { locale } = this.activeSession;
    const draft = this.draftOf(request.id);
    const id = request.id;
    const name = codedText(request.medication) || msg('Unnamed medication', { id: 'refill.unnamed' });
    const prescription = request.prescription;
    const lastFill = prescription?.dispenses[0]?.date;
    const used = prescription ? Math.max(0, prescription.dispenses.length - 1) : undefined;
    const rxState = prescriptionState(prescription);
    const fact = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
    const actions: [Action, string][] = [
      ['approve', msg('Approve', { id: 'refill-queue.approve' })],
      ['deny', msg('Deny', { id: 'refill-queue.deny' })],
      ['needs-appointment', msg('Needs an appointment', { id: 'refill-queue.needs-appointment' })],
    ];
    return html`<article part="request" aria-labelledby=${`title-${id}`}>
      <div class="subtitle" role="heading" aria-level=${level} id=${`title-${id}`} tabindex="-1">${name}</div>
      <dl>
        ${request.patientName ? fact(msg('Patient', { id: 'refill-queue.patient' }), request.patientName) : nothing}
        ${rxState
          ? html`<div class="rx-state"><dt>${msg('Prescription', { id: 'refill-queue.rx' })}</dt><dd>${icon(iconWarning)}${rxState}</dd></div>`
          : nothing}
        ${fact(
          msg('Type', { id: 'refill-queue.kind' }),
          request.kind === 'renewal'
            ? msg('Renewal', { id: 'refill-queue.kind.renewal' })
            : msg('Refill', { id: 'refill-queue.kind.refill' }),
        )}
        ${fact(msg('Asked on', { id: 'refill-queue.asked' }), formatDate(request.created, locale, { timeZone: viewerTimeZone() }))}
        ${request.pharmacy ? fact(msg('Pharmacy', { id: 'refill.pharmacy' }), request.pharmacy.name) : nothing}
        ${fact(
          msg('Last filled', { id: 'refill.fact.last-filled' }),
          lastFill ? formatDate(lastFill.slice(0, 10), locale) : msg('No fill recorded', { id: 'refill.fact.never-filled' }),
        )}
        ${used !== undefined
          ? fact(
              msg('Refills used', { id: 'refill-queue.refills-used' }),
              prescription?.refillsAllowed !== undefined
                ? msg(str`${used} of ${prescription.refillsAllowed}`, { id: 'refill-queue.refills-used-of' })
                : String(used),
            )
          : nothing}
        ${prescription?.quantity ? fact(msg('Quantity', { id: 'refill-queue.quantity' }), formatQuantity(prescription.quantity, locale)) : nothing}
        ${request.note ? fact(msg("Patient's note", { id: 'refill-queue.note' }), request.note) : nothing}
      </dl>
      <fieldset>
        <legend>${msg('Decision', { id: 'refill-queue.decision' })}</legend>
        ${actions.map(
          ([action, label]) => html`<label>
            <input
              type="radio"
              name=${`action-${id}`}
              .checked=${draft.action === action}
              @change=${() => this.edit(id, { action })}
            />${label}
          </label>`,
        )}
      </fieldset>
      <div class="fields">
        ${draft.action === 'approve'
          ? html`<div class="field">
                <label for=${`quantity-${id}`}>${msg('Quantity (optional)', { id: 'refill-queue.quantity-input' })}</label>
                <input
                  type="number"
                  id=${`quantity-${id}`}
                  min="1"
                  inputmode="decimal"
                  .value=${draft.quantity}
                  @input=${(e: Event) => this.edit(id, { quantity: (e.target as HTMLInputElement).value })}
                />
              </div>
              <div class="field">
                <label for=${`refills-${id}`}>${msg('Refills (optional)', { id: 'refill-queue.refills-input' })}</label>
                <input
                  type="number"
                  id=${`refills-${id}`}
                  min="0"
                  step="1"
                  inputmode="numeric"
                  .value=${draft.refills}
                  @input=${(e: Event) => this.edit(id, { refills: (e.target as HTMLInputElement).value })}
                />
              </div>`
          : html`<div class="field field--wide">
              <label for=${`reason-${id}`}
                >${draft.action === 'deny'
                  ? msg('Reason the patient will see', { id: 'refill-queue.reason' })
                  : msg('Message to the patient (optional)', { id: 'refill-queue.reason-optional' })}</label
              >
              <textarea
                id=${`reason-${id}`}
                maxlength="500"
                ?required=${draft.action === 'deny'}
                aria-invalid=${draft.invalid ? 'true' : 'false'}
                .value=${draft.reason}
                @input=${(e: Event) => this.edit(id, { reason: (e.target as HTMLTextAreaElement).value })}
              ></textarea>
            </div>`}
      </div>
      ${draft.invalid ? html`<p class="alert" role="alert">${icon(iconWarning)}${draft.invalid}</p>` : nothing}
      ${draft.error
        ? html`<p class="alert" role="alert" id=${`error-${id}`} tabindex="-1">
            ${icon(iconWarning)}${msg('The decision was not saved.', { id: 'refill-queue.save-failed' })}
            ${errorText(isEngageError(draft.error) ? draft.error.code : 'server')}
          </p>`
        : nothing}
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="save-button"
          aria-disabled=${draft.saving ? 'true' : 'false'}
          aria-describedby=${`title-${id}`}
          @click=${() => this.save(request)}
        >
          ${draft.saving ? msg('Saving…', { id: 'refill-queue.saving' }) : msg('Save decision', { id: 'refill-queue.save' })}
        </button>
      </div>
    </article>`;
  }
}
