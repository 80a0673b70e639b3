/**
 * The "Learn more" infobutton (#17) that other elements show beside a coded problem,
 * medicine or test (the summary, the refill request): an <engage-learn-more> that shares
 * the host element's adapter, session, patient and language. Its code loads on demand, the
 * first time one is shown, so a page without a knowledge port never loads it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CodedValue } from '../../adapters/ports.js';
import type { EngageElement } from '../../core/engage-element.js';

/** The infobutton for `coded`, or `nothing` when the adapter has no knowledge port (`enabled` false). */
export function renderLearnMore(host: EngageElement, enabled: boolean, coded: CodedValue): TemplateResult | typeof nothing {
  if (!enabled) return nothing;
  void import('./learn-more.js');
  return html`<engage-learn-more .coded=${coded} .adapter=${host.adapter} .session=${host.session} .patient=${host.patient} lang=${host.lang || nothing}></engage-learn-more>`;
}
