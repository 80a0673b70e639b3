/**
 * The header of <engage-clinical-summary>: where the summary comes from, when it was
 * produced and whose it is, and the toolbar (print, download, send, show inactive, and
 * the host's own controls in the `header-actions` slot).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { ClinicalSummary } from '../../adapters/ports.js';

/** What the header shows and what its controls do. */
export interface HeaderParts {
  summary: ClinicalSummary;
  /** The produced date, formatted. */
  generated?: string;
  /** The patient's name, when the summary may be read away from their chart. */
  patientName?: string;
  /** Whether the exchangeable document can be downloaded and sent. */
  canExchange: boolean;
  showInactive: boolean;
  transmitOpen: boolean;
  /** The send form, when open. */
  transmitForm: unknown;
  print(): void;
  downloadDocument(): void;
  downloadHtml(): void;
  toggleTransmit(): void;
  onShowInactive(event: Event): void;
}

function sourceText(source: ClinicalSummary['source']): string {
  if (source === 'ccda') return msg('From a C-CDA document', { id: 'summary.source.ccda' });
  if (source === 'ips') return msg('From an International Patient Summary', { id: 'summary.source.ips' });
  return msg('From your health record', { id: 'summary.source.live' });
}

export function renderHeader(p: HeaderParts): TemplateResult {
  return html`<div part="header" class="header">
    <p class="meta">
      ${sourceText(p.summary.source)}${p.generated
        ? html`<span class="meta__date"> · ${msg(str`Produced ${p.generated}`, { id: 'summary.generated' })}</span>`
        : nothing}${p.patientName
        ? html`<span class="meta__patient"> · ${msg(str`Patient: ${p.patientName}`, { id: 'summary.patient' })}</span>`
        : nothing}
    </p>
    <div part="toolbar" class="toolbar" role="group" aria-label=${msg('Summary actions', { id: 'summary.actions' })}>
      <button type="button" @click=${p.print}>${msg('Print', { id: 'summary.print' })}</button>
      ${p.canExchange
        ? html`<button type="button" data-download="document" @click=${p.downloadDocument}>
            ${p.summary.source === 'ccda'
              ? msg('Download (C-CDA XML)', { id: 'summary.download.ccda' })
              : msg('Download (FHIR JSON)', { id: 'summary.download.fhir' })}
          </button>`
        : nothing}
      <button type="button" data-download="html" @click=${p.downloadHtml}>${msg('Download (web page)', { id: 'summary.download.html' })}</button>
      ${p.canExchange
        ? html`<button
            type="button"
            data-transmit-toggle
            aria-expanded=${p.transmitOpen ? 'true' : 'false'}
            aria-controls="transmit-form"
            @click=${p.toggleTransmit}
          >
            ${msg('Send…', { id: 'summary.send' })}
          </button>`
        : nothing}
      <label class="toggle">
        <input type="checkbox" .checked=${p.showInactive} @change=${p.onShowInactive} />
        ${msg('Show inactive and entered-in-error', { id: 'summary.show-inactive' })}
      </label>
      <slot name="header-actions"></slot>
    </div>
    ${p.transmitForm}
  </div>`;
}
