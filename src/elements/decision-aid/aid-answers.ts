/**
 * The patient's answers in <engage-decision-aid>, shown twice: on the summary step before
 * saving, and read-only as a clinician's one-page visit summary of a saved response. A
 * template function of the response; it never changes it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { DecisionAidResponse } from '../../adapters/ports.js';
import { formatDate } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import type { DecisionAidContent } from './content/types.js';
import { inAid, sureText } from './aid-text.js';

/** The answers of a response (as it stands, or as saved); labels come from the aid, or are ids when it is missing. */
export function renderAnswers(aid: DecisionAidContent | undefined, response: DecisionAidResponse, locale: string): TemplateResult {
  // labels from the aid in its language; an id when the aid (or that entry) is missing
  const fromAid = (found: string | undefined, id: string) => (found === undefined ? id : inAid(aid, found));
  const optionLabel = (id: string) =>
    id === 'unsure' ? msg('Not sure yet', { id: 'decision-aid.not-sure' }) : fromAid(aid?.options.find((o) => o.id === id)?.label, id);
  const valueLabel = (id: string) => fromAid(aid?.values.find((v) => v.id === id)?.statement, id);
  const outcomeLabel = (id: string) => fromAid(aid?.outcomes.find((o) => o.id === id)?.label, id);
  const inputLabel = (id: string) => fromAid(aid?.riskInputs.find((r) => r.id === id)?.label, id);
  const nf = new Intl.NumberFormat(locale);
  const valueEntries = Object.entries(response.values);
  return html`<dl class="facts answers">
    <dt>${msg('Leaning', { id: 'decision-aid.leaning-label' })}</dt>
    <dd class="answers__leaning">${optionLabel(response.leaning)}</dd>
    <dt>${msg('How sure (SURE test)', { id: 'decision-aid.sure-label' })}</dt>
    <dd>${response.sure ? sureText(response.sure.score) : msg('Not answered yet', { id: 'decision-aid.not-answered' })}</dd>
    <dt>${msg('What matters most', { id: 'decision-aid.values-label' })}</dt>
    <dd>
      ${valueEntries.length
        ? html`<ul>${valueEntries.map(([id, v]) => html`<li>${valueLabel(id)}: ${msg(str`${v} of 10`, { id: 'decision-aid.of-10' })}</li>`)}</ul>`
        : msg('Not answered yet', { id: 'decision-aid.not-answered' })}
    </dd>
    <dt>${msg('Knowledge check', { id: 'decision-aid.knowledge-label' })}</dt>
    <dd>${msg(str`${response.knowledge.correct} of ${response.knowledge.total} correct`, { id: 'decision-aid.knowledge-score' })}</dd>
    <dt>${msg('Questions for the care team', { id: 'decision-aid.questions-label' })}</dt>
    <dd class="answers__questions">${response.questions || msg('None', { id: 'decision-aid.no-questions' })}</dd>
    ${Object.keys(response.riskInputs).length
      ? html`<dt>${msg('Numbers entered', { id: 'decision-aid.inputs-label' })}</dt>
          <dd>${Object.entries(response.riskInputs).map(([k, v], i) => html`${i ? '; ' : ''}${inputLabel(k)}: ${typeof v === 'number' ? nf.format(v) : String(v)}`)}</dd>`
      : nothing}
    <dt>${msg('Numbers shown', { id: 'decision-aid.numbers-label' })}</dt>
    <dd>
      <ul>
        ${response.numbersShown.map(
          (n) => html`<li>${outcomeLabel(n.outcomeId)} — ${optionLabel(n.optionId)}: ${msg(str`${nf.format(n.numerator)} out of ${nf.format(n.denominator)} people`, { id: 'decision-aid.out-of' })}</li>`,
        )}
      </ul>
    </dd>
  </dl>`;
}

/** A saved response, read-only, as a one-page visit summary (`response-id`). */
export function renderReview(aid: DecisionAidContent | undefined, response: DecisionAidResponse, locale: string): TemplateResult {
  return html`<article part="summary" class="review">
    <h2 class="aid__title">${aid ? inAid(aid, aid.title) : response.aidId}</h2>
    <p class="review__meta">
      ${msg(str`Decision aid summary, version ${response.aidVersion}. Completed ${formatDate(response.completed ?? response.started, locale, { timeZone: viewerTimeZone() })}.`, { id: 'decision-aid.review-meta' })}
    </p>
    ${aid ? nothing : html`<p class="review__warning">${msg('The aid itself could not be loaded; showing the saved answers only.', { id: 'decision-aid.review-no-aid' })}</p>`}
    ${renderAnswers(aid, response, locale)}
    <button type="button" part="print-button" class="print" @click=${() => window.print()}>${msg('Print', { id: 'decision-aid.print' })}</button>
  </article>`;
}
