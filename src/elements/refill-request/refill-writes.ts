/**
 * The writes of <engage-refill-request>, under the write protocol (docs/write-protocol.md):
 * sending the request (the same request again keeps its key; an edited one after a failed
 * send revises what an unanswered attempt stored), the answers a send gets (stored, failed,
 * or refused because the care team had already decided it: decided-notice.ts), cancelling a
 * pending request, and keeping the unsent note with the keys of an unanswered send in the
 * host's draft store, so a reload retries under the same key.
 *
 * The element's base class rather than a controller beside it: each step reads and writes
 * the form's own state (what is chosen, the step shown, where focus goes next), which a
 * controller would need a callback for, one by one. The element holds the state (declared
 * here): decorators or initialized fields in this module would each add code to the
 * element's bundle (a second copy of TypeScript's decorator helper, a constructor).
 */
import { msg, str } from '../../core/localization.js';
import type { RefillPort, RefillRequest, RefillRequestDraft } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import type { WriteIntent, WriteIntentState } from '../../core/write-protocol.js';
import { medicationName } from './refill-labels.js';
import { storedRequests, withCancelled, withSent, type RefillData } from './refill-draft.js';
import { type CancelIntents, cancelOnce } from './history-actions.js';
import { refusedAsDecided, type SendAttempts } from './decided-notice.js';

/** Where the form is: choosing, reviewing before sending, or sent. */
export type Step = 'choose' | 'review' | 'sent';

/** What `<engage-refill-request>` is built on: its writes, and what they answer with. */
export abstract class RefillWritesBase extends EngageElement {
  /** Reloads prescriptions, pharmacies and requests (the element's, documented there). @ignore */
  abstract refresh(): Promise<unknown>;
  /** The medications chosen, by prescription id (reactive state of the element). */
  protected abstract selected: ReadonlySet<string>;
  /** The note to the care team (reactive state of the element). */
  protected abstract note: string;
  /** Prescriptions, pharmacies and earlier requests, once read (reactive state of the element). */
  protected abstract data?: RefillData;
  /** Whether every control is disabled (by the host or the host's form). */
  protected abstract get isDisabled(): boolean;
  /** Whether the patient has died: then a patient or caregiver cannot ask for medicines. */
  protected abstract readonly deceased: { readonly blocksWrites: boolean };
  /** The current draft (what would be sent), or `undefined` when nothing is chosen. */
  protected abstract draft(): RefillRequestDraft | undefined;

  /** Where the form is (reactive state of the element, as are the answers below). */
  protected abstract step: Step;
  protected abstract submitting: boolean;
  protected abstract submitError?: unknown;
  /** The requests the last send stored, shown in the confirmation. */
  protected abstract sent: RefillRequest[];
  /** Said politely to screen readers: sending, sent, cancelled. */
  protected abstract announcement: string;
  /** The request whose cancelling waits for the user's confirmation. */
  protected abstract confirmCancel?: string;
  protected abstract cancelError?: { id: string; error: unknown };
  /** After a retry refused because the care team had already decided it: their answers (decided-notice.ts). */
  protected abstract answeredFirst?: RefillRequest[];

  /** The keys of the submission, under the write protocol (the element's, documented there). */
  protected abstract readonly submitIntent: WriteIntent<RefillRequestDraft>;
  /** The keys of each cancel, by request (history-actions.ts). */
  protected abstract readonly cancelIntents: CancelIntents;
  /** What each send asked for, to find the answers to a send refused as decided (decided-notice.ts). */
  protected abstract readonly attempts: SendAttempts;
  /** Synchronous guard: a second click in the same frame must not send again. */
  protected abstract sending: boolean;
  /** A selector of what gets focus after the next render (the element's `updated` moves it). */
  protected focusAfterRender?: string;

  /** Where this patient's unsent note (and the keys of an unanswered send) are kept. */
  private get draftKey(): string {
    return `refill-request:${this.activeSession.patient ?? ''}`;
  }

  protected keepDraft(): void {
    if (!this.activeSession.patient) return;
    if (this.note || this.submitIntent.unsettled) {
      this.draftsInUse.save(this.draftKey, { note: this.note, intent: this.submitIntent.save() });
    } else {
      this.draftsInUse.remove(this.draftKey);
    }
  }

  protected restoreDraft(): void {
    const draft = this.draftsInUse.load(this.draftKey) as { note?: unknown; intent?: WriteIntentState } | undefined;
    if (typeof draft?.note === 'string') this.note = draft.note;
    this.submitIntent.restore(draft?.intent);
  }

  protected async onSend(): Promise<void> {
    if (this.sending || this.isDisabled || this.deceased.blocksWrites) return;
    const port = this.portOf('refills');
    const patient = this.activeSession.patient;
    const draft = this.draft();
    if (!port || !patient || !draft) return;
    if (!emit(this, 'engage-refill-submit', { draft }, { cancelable: true })) return;
    this.sending = true;
    this.submitting = true;
    this.submitError = undefined;
    const retry = this.submitIntent.unsettled;
    this.attempts.start(draft, retry, this.data?.requests);
    const keys = this.submitIntent.keysFor(draft);
    this.keepDraft();
    this.announcement = this.localized(() => msg('Sending your request…', { id: 'refill.sending' }));
    try {
      const requests = storedRequests(await port.submitRequest(patient, draft, keys), draft);
      this.sent = requests;
      this.submitIntent.settle();
      this.selected = new Set();
      this.note = '';
      this.keepDraft();
      if (this.data) this.data = withSent(this.data, requests);
      this.step = 'sent';
      this.announcement = this.localized(() => msg('Your request was sent.', { id: 'refill.sent.announce' }));
      this.focusAfterRender = '#sent-title';
      emit(this, 'engage-refill-sent', { requests });
    } catch (error) {
      // a retry refused as decided shows the answers instead, once the record shows them
      if (!(retry && refusedAsDecided(error) && (await this.answeredFirstOf(port, patient)))) {
        this.submitError = error;
        this.focusAfterRender = '#submit-error';
      }
      this.announcement = '';
    } finally {
      this.sending = false;
      this.submitting = false;
    }
  }

  /**
   * Whether the record shows the care team's answers to the send a retry was refused for
   * (decided-notice.ts). Then the send is settled (the next one is a new request) and the
   * form comes back, reloaded, with every choice and the note, under the answers.
   */
  private async answeredFirstOf(port: RefillPort, patient: string): Promise<boolean> {
    const requests = await port.listRequests({ patient, pageSize: 50 }).then((page) => page.items, () => []);
    const answered = this.attempts.answered(requests);
    if (!answered.length) return false;
    this.submitIntent.settle();
    this.keepDraft();
    this.step = 'choose';
    await this.refresh().catch(() => undefined);
    this.answeredFirst = answered;
    this.focusAfterRender = '#decided-notice';
    return true;
  }

  protected onAnother(): void {
    this.step = 'choose';
    this.sent = [];
    this.focusAfterRender = '#title';
  }

  protected async onCancel(request: RefillRequest): Promise<void> {
    const port = this.portOf('refills');
    if (!port || this.sending) return;
    this.sending = true;
    this.cancelError = undefined;
    try {
      const updated = await cancelOnce(port, request, this.cancelIntents);
      if (this.data) this.data = withCancelled(this.data, request.id, updated);
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
}
