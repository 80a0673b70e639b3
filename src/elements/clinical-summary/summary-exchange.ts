/**
 * Download and send of <engage-clinical-summary>: the two downloads (the record's
 * exchangeable document, or a web page of what the summary shows) and the send form. A
 * reader who never downloads or sends never needs it, so the element imports this module
 * the first time one of those buttons is pressed; the code that does the work
 * (`summary-export.ts`, `summary-transmit.ts`) loads from here on first use as before.
 */
import { msg } from '../../core/localization.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { summaryStyles } from './clinical-summary.styles.js';
import type { ExchangeDocument } from './summary-export.js';
import type { SummaryTransmit, TransmitHost, TransmitOptions } from './summary-transmit.js';

/** What the element lends: the document it was given, if any, and its rendered root. */
export interface ExchangeHost extends TransmitHost {
  readonly ccda?: string;
  readonly bundle?: unknown;
}

/** The element's side of a download or send, beyond what the send form needs. */
export interface ExchangeOptions extends Omit<TransmitOptions, 'document'> {
  /** The reader's language. */
  locale(): string;
  /** Shows every section and entry (as printed), or back to the reader's view. */
  printing(on: boolean): void;
  /** Text in the element's language, made outside an update. */
  localized(make: () => string): string;
}

/** The downloads and the send form; the element renders `transmit` under its toolbar. */
export class SummaryExchange {
  /** The send form, loaded on the first press of "Send…" (with the write protocol it needs). */
  transmit?: SummaryTransmit;

  constructor(
    private readonly host: ExchangeHost,
    private readonly options: ExchangeOptions,
  ) {}

  /** The exchangeable document (the export module is loaded only when a reader downloads or sends). */
  private async document(): Promise<ExchangeDocument> {
    const { exchangeDocument } = await import('./summary-export.js');
    return exchangeDocument({ ccda: this.host.ccda, bundle: this.host.bundle, port: this.options.port(), patient: this.options.patient() });
  }

  async downloadDocument(): Promise<void> {
    try {
      const { text, contentType, extension } = await this.document();
      const { saveFile } = await import('./summary-export.js');
      saveFile(this.host.renderRoot, text, contentType, `${this.fileName()}.${extension}`);
      this.options.announce(() => msg('The summary was downloaded.', { id: 'summary.announce.downloaded' }));
    } catch (error) {
      this.options.announce(() => errorText(isEngageError(error) ? error.code : 'server'));
    }
  }

  /**
   * A download's name, in the reader's language and without the patient's name or any other
   * record data (a saved file outlives the session, and its name shows in shared folders).
   */
  private fileName(): string {
    return this.options.localized(() => msg('health-summary', { id: 'summary.file-name' }));
  }

  /** A self-contained web page of what the summary shows (all entries, text only, no script). */
  async downloadHtml(): Promise<void> {
    this.options.printing(true);
    await this.host.updateComplete;
    const base = this.host.renderRoot.querySelector('[part~="base"]');
    const copy = base?.cloneNode(true) as HTMLElement | undefined;
    this.options.printing(false);
    if (!copy) return;
    const { saveFile, summaryPage } = await import('./summary-export.js');
    const page = summaryPage(copy, {
      lang: this.options.locale(),
      title: this.options.localized(() => msg('Health summary', { id: 'summary.file-title' })),
      styles: summaryStyles.cssText,
    });
    saveFile(this.host.renderRoot, page, 'text/html', `${this.fileName()}.html`);
    this.options.announce(() => msg('The summary was downloaded.', { id: 'summary.announce.downloaded' }));
  }

  /** Opens or closes the send form, loading it on first use. */
  async toggleTransmit(): Promise<void> {
    if (!this.transmit) {
      const { SummaryTransmit } = await import('./summary-transmit.js');
      this.transmit ??= new SummaryTransmit(this.host, { ...this.options, document: () => this.document() });
    }
    await this.transmit.toggle();
  }
}
