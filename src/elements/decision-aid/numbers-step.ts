/**
 * The numbers step of <engage-decision-aid>: the risk inputs (the host's or entered, with
 * a note while the aid's example value stands in), and each outcome as words and an icon
 * array per option, personalized where the aid says how (content/numbers.ts). The element
 * owns what was entered; this file only shows it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import { icon, iconWarning } from '../../core/icons.js';
import type { AidOutcome, DecisionAidContent } from './content/types.js';
import { effectiveInputs, numberFor, type RiskValues, type ShownNumber } from './content/numbers.js';
import { iconArray } from './icon-array.js';
import { inAid } from './aid-text.js';
import { renderSources, sourceNames } from './aid-overview.js';

/**
 * The numbers step; `given` are the risk inputs in effect (the host's, overridden by what
 * was entered), and `onInput` is told of each entry.
 */
export function renderNumbers(aid: DecisionAidContent, locale: string, given: RiskValues, onInput: (id: string, event: Event) => void): TemplateResult {
  const inputs = effectiveInputs(aid, given);
  return html`
    ${aid.riskInputs.length
      ? html`<div class="risk-inputs">
          ${aid.riskInputs.map((input) => {
            const value = given[input.id];
            const invalid = value !== undefined && inputs[input.id] !== value;
            // the aid's example value is in use: the numbers are not this patient's yet
            const example = input.default !== undefined && (value === undefined || invalid);
            const describedBy = [input.help ? `help-${input.id}` : '', example ? `example-${input.id}` : ''].filter(Boolean).join(' ');
            return html`<div class="field">
              <label for="input-${input.id}" lang=${aid.language}>${input.label}</label>
              ${input.help ? html`<p class="help" id="help-${input.id}" lang=${aid.language}>${input.help}</p>` : nothing}
              <input
                id="input-${input.id}"
                type="number"
                inputmode="decimal"
                min=${input.min}
                max=${input.max}
                step=${input.step}
                .value=${value === undefined || Number.isNaN(value) ? '' : String(value)}
                aria-describedby=${describedBy || nothing}
                aria-invalid=${invalid ? 'true' : 'false'}
                @input=${(e: Event) => onInput(input.id, e)}
              />
              ${invalid
                ? html`<p class="field__error">
                    ${icon(iconWarning)}${msg(str`Enter a number from ${input.min} to ${input.max}.`, { id: 'decision-aid.input-range' })}
                  </p>`
                : nothing}
              ${example ? renderExampleNote(input.id, input.kind, input.default!, locale) : nothing}
            </div>`;
          })}
        </div>`
      : nothing}
    ${aid.oneKindReason
      ? html`<p class="one-kind-reason">
          <strong>${msg('Why the numbers show only one side:', { id: 'decision-aid.one-kind' })}</strong>
          ${inAid(aid, aid.oneKindReason)}
        </p>`
      : nothing}
    ${aid.outcomes.map((outcome, o) => renderOutcome(aid, outcome, o, inputs, locale))}
    ${renderSources(aid)}
  `;
}

/** Says that the numbers use the aid's example value, not the patient's own. */
function renderExampleNote(id: string, kind: 'percent' | 'number', value: number, locale: string): TemplateResult {
  const shown =
    kind === 'percent'
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100)
      : new Intl.NumberFormat(locale).format(value);
  return html`<p class="default-note" id="example-${id}">
    ${msg(str`Example numbers, for a value of ${shown}. Your number may differ: your clinician can enter your own above.`, {
      id: 'decision-aid.example-values',
    })}
  </p>`;
}

/** How many people of how many, or why there is no number. */
function peopleText(aid: DecisionAidContent, shown: ShownNumber, locale: string): TemplateResult | string {
  const nf = new Intl.NumberFormat(locale);
  switch (shown.kind) {
    case 'number':
      return msg(str`${nf.format(shown.numerator)} out of ${nf.format(shown.denominator)} people`, { id: 'decision-aid.out-of' });
    case 'needs-input':
      return msg('Enter the number above to see this.', { id: 'decision-aid.needs-input' });
    case 'not-estimated':
      // the reason is the aid's text, in the aid's language
      return html`${msg('No number:', { id: 'decision-aid.no-number' })} ${inAid(aid, shown.reason)}`;
  }
}

/** One outcome: for each option its number in words and as an icon array. */
function renderOutcome(aid: DecisionAidContent, outcome: AidOutcome, o: number, inputs: RiskValues, locale: string): TemplateResult {
  return html`<section class="outcome" data-outcome=${outcome.id} aria-labelledby="outcome-${o}">
    <h4 id="outcome-${o}" class="outcome__label">
      <span class="outcome__kind">${outcome.kind === 'benefit'
        ? msg('Benefit:', { id: 'decision-aid.benefit' })
        : msg('Harm:', { id: 'decision-aid.harm' })}</span>
      ${inAid(aid, outcome.label)}, ${inAid(aid, outcome.timeFrame)}
    </h4>
    ${outcome.explanation ? html`<p class="outcome__explanation" lang=${aid.language}>${outcome.explanation}</p>` : nothing}
    <ul class="outcome__options">
      ${aid.options.map((option, p) => {
        const shown = numberFor(outcome, outcome.values[option.id]!, inputs);
        const textId = `n-${o}-${p}`;
        return html`<li class="outcome__option" data-option=${option.id}>
          <p class="outcome__text" id=${textId}>
            <strong>${inAid(aid, option.label)}:</strong> <span class="outcome__count">${peopleText(aid, shown, locale)}</span>
          </p>
          ${shown.kind === 'number' ? iconArray(shown.numerator, shown.denominator, outcome.kind, textId) : nothing}
        </li>`;
      })}
    </ul>
    <p class="source-ref">${msg('Source:', { id: 'decision-aid.source' })} ${sourceNames(aid, outcome.sources)}</p>
  </section>`;
}
