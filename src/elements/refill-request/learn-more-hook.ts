/**
 * The "Learn more" infobutton (#17) beside each medication of <engage-refill-request>:
 * an <engage-learn-more> that shares the element's adapter, session, patient and
 * language. Its code loads on demand, the first time one is shown.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CodedValue } from '../../adapters/ports.js';
import type { EngageElement } from '../../core/engage-element.js';

/** The infobutton for `coded`, or `nothing` when the adapter has no knowledge port (`enabled` false). */
export function renderLearnMore(host: EngageElement, enabled: boolean, coded: CodedValue): TemplateResult | typeof nothing {
  if (!enabled) return nothing;
  void import('../learn-more/learn-more.js');
  return html`<engage-learn-more .coded=${coded} .adapter=${host.adapter} .session=${host.session} .patient=${host.patient} lang=${host.lang || nothing}></engage-learn-more>`;
}
