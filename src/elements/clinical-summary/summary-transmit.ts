/**
 * "Send" of <engage-clinical-summary>: the form that sends the summary document to a
 * recipient, on the write protocol (docs/write-protocol.md). A reader who never sends
 * never needs it, so the element imports this module (with the write protocol and the
 * document builder) the first time the "Send…" button is pressed.
 *
 * The form keeps what was typed through a failure; a retry of the same recipient and
 * note reuses its idempotency key, a changed one revises what landed.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { RecordRef, SummaryPort } from '../../adapters/ports.js';
import { emit } from '../../core/events.js';
import { renderError } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import type { ExchangeDocument } from './summary-export.js';
import type { SummaryTransmitDetail } from './summary-events.js';

/** What the element lends its send form. */
export interface TransmitHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The element's side of a send: where to send through, and how to tell the reader. */
export interface TransmitOptions {
  /** The summary port in effect and the patient, read at the moment of sending. */
  port(): SummaryPort | undefined;
  patient(): RecordRef | undefined;
  /** The document to send. */
  document(): Promise<ExchangeDocument>;
  /** Says something to screen readers (in the element's language). */
  announce(make: () => string): void;
  /** Moves focus back to the "Send…" button. */
  focusToggle(): void;
}

/** The send form's state and behaviour; the element renders `render()` under its toolbar. */
export class SummaryTransmit {
  open = false;
  private busy = false;
  private error?: unknown;
  private recipient = '';
  private note = '';
  /** The keys of the send: a changed note or recipient after a failure revises what landed. */
  private readonly intent = new WriteIntent<{ recipient: string; note: string }>();

  constructor(
    private readonly host: TransmitHost,
    private readonly options: TransmitOptions,
  ) {}

  /** Opens or closes the form; an opened form takes focus. */
  async toggle(): Promise<void> {
    this.open = !this.open;
    this.host.requestUpdate();
    if (this.open) {
      await this.host.updateComplete;
      this.field<HTMLInputElement>('#transmit-recipient')?.focus();
    }
  }

  private field<T extends HTMLElement>(selector: string): T | null {
    return this.host.renderRoot.querySelector<T>(selector);
  }

  private readonly cancel = async (): Promise<void> => {
    this.open = false;
    this.error = undefined;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.options.focusToggle();
  };

  private readonly submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.busy) return;
    const recipient = this.recipient.trim();
    if (!recipient) {
      this.error = undefined;
      this.options.announce(() => msg('Enter where to send the summary.', { id: 'summary.transmit.need-recipient' }));
      this.field<HTMLInputElement>('#transmit-recipient')?.focus();
      return;
    }
    this.busy = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const keys = this.intent.keysFor({ recipient, note: this.note });
      const { document, contentType } = await this.options.document();
      const detail: SummaryTransmitDetail = { document, contentType, recipient, note: this.note, ...keys };
      const proceed = emit(this.host, 'engage-summary-transmit', detail, { cancelable: true });
      if (proceed) {
        const port = this.options.port();
        const patient = this.options.patient();
        if (!port?.transmit || !patient) {
          this.error = 'not-configured';
          return;
        }
        await port.transmit(patient, { document, recipient, note: this.note || undefined }, keys);
      }
      this.intent.settle();
      this.recipient = '';
      this.note = '';
      this.open = false;
      this.options.announce(() =>
        proceed
          ? msg(str`The summary was sent to ${recipient}.`, { id: 'summary.transmit.sent' })
          : msg('The summary was handed over for sending.', { id: 'summary.transmit.handed-over' }),
      );
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.options.focusToggle();
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  };

  /** The form (only while open). */
  render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    return html`<form part="transmit-form" class="transmit" id="transmit-form" @submit=${this.submit} novalidate>
      <div class="form-row">
        <label for="transmit-recipient">${msg('Send to (Direct address, email or app)', { id: 'summary.transmit.recipient' })}</label>
        <input
          id="transmit-recipient"
          name="recipient"
          type="text"
          autocomplete="off"
          required
          .value=${this.recipient}
          @input=${(e: Event) => {
            this.recipient = (e.target as HTMLInputElement).value;
            this.host.requestUpdate();
          }}
        />
      </div>
      <div class="form-row">
        <label for="transmit-note">${msg('Note (optional)', { id: 'summary.transmit.note' })}</label>
        <textarea
          id="transmit-note"
          name="note"
          rows="2"
          .value=${this.note}
          @input=${(e: Event) => {
            this.note = (e.target as HTMLTextAreaElement).value;
            this.host.requestUpdate();
          }}
        ></textarea>
      </div>
      ${this.error === 'not-configured'
        ? html`<p class="section-error" role="alert">${msg('Sending is not set up here. Download the summary instead.', { id: 'summary.transmit.unavailable' })}</p>`
        : this.error
          ? html`<div role="alert">
              <p class="section-error">${msg('The summary was not sent.', { id: 'summary.transmit.not-sent' })}</p>
              ${renderError(this.error, undefined, false)}
            </div>`
          : nothing}
      <div class="form-actions">
        <button type="submit" class="primary" ?disabled=${this.busy} aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.busy ? msg('Sending…', { id: 'summary.transmit.sending' }) : msg('Send summary', { id: 'summary.transmit.submit' })}
        </button>
        <button type="button" @click=${this.cancel}>${msg('Cancel', { id: 'summary.transmit.cancel' })}</button>
      </div>
    </form>`;
  }
}
