/**
 * The first steps of <engage-decision-aid>, which only show the aid's content: the
 * decision and its options with what the aid is and who wrote it, the option grid, and
 * the numbered sources the grid and the numbers cite. Template functions of the aid;
 * the element owns the steps and every answer.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import { formatDate } from '../../core/format.js';
import type { DecisionAidContent } from './content/types.js';
import { inAid } from './aid-text.js';

/** The decision step: the question, who it is for, why now, the options, and about the aid (authors, review dates, funding). */
export function renderDecision(aid: DecisionAidContent, locale: string): TemplateResult {
  const { decision, metadata } = aid;
  return html`
    <p class="decision__question" lang=${aid.language}>${decision.question}</p>
    <dl class="facts">
      <dt>${msg('Who this is for', { id: 'decision-aid.who-for' })}</dt>
      <dd lang=${aid.language}>${decision.whoFor}</dd>
      <dt>${msg('Why now', { id: 'decision-aid.why-now' })}</dt>
      <dd lang=${aid.language}>${decision.whyNow}</dd>
      ${decision.doingNothing
        ? html`<dt>${msg('Waiting or doing nothing', { id: 'decision-aid.doing-nothing' })}</dt>
            <dd lang=${aid.language}>${decision.doingNothing}</dd>`
        : nothing}
    </dl>
    <h4>${msg('Your options', { id: 'decision-aid.your-options' })}</h4>
    <ul class="option-list">
      ${aid.options.map((o) => html`<li><strong lang=${aid.language}>${o.label}</strong>: ${inAid(aid, o.summary)}</li>`)}
    </ul>
    <details class="about">
      <summary>${msg('About this aid', { id: 'decision-aid.about' })}</summary>
      <dl class="facts">
        <dt>${msg('Written by', { id: 'decision-aid.authors' })}</dt>
        <dd lang=${aid.language}>${aid.metadata.authors.map((a) => `${a.name} (${a.role})`).join('; ')}</dd>
        <dt>${msg('Last checked', { id: 'decision-aid.last-reviewed' })}</dt>
        <dd>${formatDate(metadata.lastReviewed, locale)}</dd>
        <dt>${msg('Next check due', { id: 'decision-aid.review-due' })}</dt>
        <dd>${formatDate(metadata.reviewDue, locale)}</dd>
        <dt>${msg('Conflicts of interest', { id: 'decision-aid.conflicts' })}</dt>
        <dd lang=${aid.language}>${metadata.conflictsOfInterest}</dd>
        <dt>${msg('Funding', { id: 'decision-aid.funding' })}</dt>
        <dd lang=${aid.language}>${metadata.funding}</dd>
        <dt>${msg('How the numbers were made', { id: 'decision-aid.methods' })}</dt>
        <dd lang=${aid.language}>${metadata.methods}</dd>
        <dt>${msg('Version', { id: 'decision-aid.version' })}</dt>
        <dd>${aid.version}</dd>
      </dl>
    </details>
    ${aid.glossary.length
      ? html`<details class="glossary">
          <summary>${msg('Words used in this aid', { id: 'decision-aid.glossary' })}</summary>
          <dl class="facts" lang=${aid.language}>${aid.glossary.map((g) => html`<dt>${g.term}</dt><dd>${g.definition}</dd>`)}</dl>
        </details>`
      : nothing}
  `;
}

/** The options side by side: a table where there is room, cards on narrow screens, then the sources. */
export function renderOptionGrid(aid: DecisionAidContent): TemplateResult {
  const answer = (attribute: DecisionAidContent['attributes'][number], optionId: string) =>
    html`${inAid(aid, attribute.answers[optionId]!)}${attribute.sources?.length
      ? html` <span class="source-ref">(${msg('Source:', { id: 'decision-aid.source' })} ${sourceNames(aid, attribute.sources)})</span>`
      : nothing}`;
  // a table where there is room, cards on narrow screens (only one is displayed)
  return html`<div part="option-grid" class="option-grid">
      <table class="grid-table">
        <caption class="visually-hidden">${msg('Options side by side', { id: 'decision-aid.step.options' })}</caption>
        <thead>
          <tr>
            <td></td>
            ${aid.options.map((option) => html`<th scope="col" lang=${aid.language}>${option.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">${msg('In short', { id: 'decision-aid.in-short' })}</th>
            ${aid.options.map((option) => html`<td lang=${aid.language}>${option.summary}</td>`)}
          </tr>
          ${aid.attributes.map(
            (attribute) => html`<tr data-attribute=${attribute.id}>
              <th scope="row" lang=${aid.language}>${attribute.question}</th>
              ${aid.options.map((option) => html`<td>${answer(attribute, option.id)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
      <ul class="grid-cards">
        ${aid.options.map(
          (option) => html`<li class="option-card">
            <h4 class="option-card__title" lang=${aid.language}>${option.label}</h4>
            <p lang=${aid.language}>${option.summary}</p>
            <dl>
              ${aid.attributes.map(
                (attribute) => html`<dt lang=${aid.language}>${attribute.question}</dt>
                  <dd>${answer(attribute, option.id)}</dd>`,
              )}
            </dl>
          </li>`,
        )}
      </ul>
    </div>
    ${renderSources(aid)}`;
}

/** The numbers (`[1] [3]`) of the sources with these ids, in the aid's list of sources. */
export function sourceNames(aid: DecisionAidContent, ids: string[]): string {
  return ids
    .map((id) => {
      const index = aid.sources.findIndex((s) => s.id === id);
      return index >= 0 ? `[${index + 1}]` : '';
    })
    .join(' ');
}

/** The aid's sources, numbered, behind a disclosure. */
export function renderSources(aid: DecisionAidContent): TemplateResult {
  return html`<details class="sources">
    <summary>${msg('Sources', { id: 'decision-aid.sources' })}</summary>
    <ol>
      ${aid.sources.map(
        (s) => html`<li>
          ${inAid(aid, s.citation)} (${s.year}). ${inAid(aid, s.locator)}${s.url ? html` <span class="url">${s.url}</span>` : nothing}
        </li>`,
      )}
    </ol>
  </details>`;
}
