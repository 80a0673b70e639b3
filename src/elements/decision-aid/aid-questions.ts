/**
 * The steps of <engage-decision-aid> where the patient answers: what matters to them, the
 * knowledge check and the SURE test. Template functions of the answers so far; the element
 * keeps the answers and passes in how to change them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import { icon, iconCheck, iconCross } from '../../core/icons.js';
import type { DecisionAidContent } from './content/types.js';
import { inAid, sureItems, sureText } from './aid-text.js';

/** What matters to the patient: a 0–10 slider per statement, 5 until moved. */
export function renderValuesStep(aid: DecisionAidContent, answers: Readonly<Record<string, number>>, answer: (id: string, value: number) => void): TemplateResult {
  return html`<p>${msg('Move each slider to show how much it matters to you. There are no right or wrong answers.', { id: 'decision-aid.values-intro' })}</p>
    ${aid.values.map((item) => {
      const value = answers[item.id];
      const valueText =
        value === undefined
          ? msg('Not answered yet', { id: 'decision-aid.not-answered' })
          : msg(str`${value} of 10 (0 = ${item.lowLabel}, 10 = ${item.highLabel})`, { id: 'decision-aid.slider-value' });
      return html`<div class="field values-item">
        <label for="value-${item.id}" lang=${aid.language}>${item.statement}</label>
        <input
          id="value-${item.id}"
          type="range"
          min="0"
          max="10"
          step="1"
          .value=${String(value ?? 5)}
          aria-valuetext=${valueText}
          aria-describedby="ends-${item.id}"
          @input=${(e: Event) => answer(item.id, Number((e.target as HTMLInputElement).value))}
        />
        <div class="slider-ends" id="ends-${item.id}">
          <span>0: ${inAid(aid, item.lowLabel)}</span><span>10: ${inAid(aid, item.highLabel)}</span>
        </div>
        <p class="slider-value">${valueText}</p>
      </div>`;
    })}`;
}

/** The knowledge check: one radio group per question, with feedback once answered. */
export function renderKnowledgeStep(aid: DecisionAidContent, answers: Readonly<Record<string, string>>, choose: (id: string, answer: string) => void): TemplateResult {
  return html`${aid.knowledge.map((item) => {
    const chosen = answers[item.id];
    return html`<fieldset class="question" data-question=${item.id}>
      <legend lang=${aid.language}>${item.question}</legend>
      ${item.answers.map(
        (answer) => html`<label class="choice">
          <input
            type="radio"
            name="k-${item.id}"
            value=${answer.id}
            .checked=${chosen === answer.id}
            @change=${() => choose(item.id, answer.id)}
          />
          ${inAid(aid, answer.label)}
        </label>`,
      )}
      <p class="feedback" role="status" aria-live="polite">
        ${chosen === undefined
          ? nothing
          : html`<strong>${chosen === item.correct
                ? html`${icon(iconCheck)}${msg('Correct.', { id: 'decision-aid.correct' })}`
                : html`${icon(iconCross)}${msg('Not quite.', { id: 'decision-aid.incorrect' })}`}</strong>
              ${inAid(aid, item.feedback)}`}
      </p>
    </fieldset>`;
  })}`;
}

/** The SURE test: four yes-or-no questions, and what the score means once all are answered. */
export function renderSureStep(answers: readonly (boolean | undefined)[], score: number | undefined, answer: (index: number, yes: boolean) => void): TemplateResult {
  const items = sureItems();
  return html`<p>${msg('Answer yes or no. This helps you and your clinician see if you need more time or help.', { id: 'decision-aid.sure-intro' })}</p>
    ${items.map(
      (question, i) => html`<fieldset class="question" data-sure=${i + 1}>
        <legend>${question}</legend>
        <label class="choice"><input type="radio" name="sure-${i}" .checked=${answers[i] === true} @change=${() => answer(i, true)} />${msg('Yes', { id: 'decision-aid.yes' })}</label>
        <label class="choice"><input type="radio" name="sure-${i}" .checked=${answers[i] === false} @change=${() => answer(i, false)} />${msg('No', { id: 'decision-aid.no' })}</label>
      </fieldset>`,
    )}
    <div class="sure-result" role="status" aria-live="polite">${score === undefined ? nothing : sureText(score)}</div>`;
}
