/**
 * The words <engage-decision-aid> shares between its steps and its read-only summary:
 * each step's name, the SURE test's items and its score in words, and how the aid's own
 * text is marked with the aid's language inside the element's text.
 */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import { icon, iconWarning } from '../../core/icons.js';
import type { DecisionAidContent } from './content/types.js';

/** The steps, in order; a step without content in the aid is left out. */
export type DecisionStep = 'decision' | 'options' | 'numbers' | 'values' | 'knowledge' | 'sure' | 'summary';

/** A step's name, as the step list and its heading show it. */
export function stepLabel(step: DecisionStep): string {
  switch (step) {
    case 'decision':
      return msg('The decision', { id: 'decision-aid.step.decision' });
    case 'options':
      return msg('Options side by side', { id: 'decision-aid.step.options' });
    case 'numbers':
      return msg('The numbers', { id: 'decision-aid.step.numbers' });
    case 'values':
      return msg('What matters to you', { id: 'decision-aid.step.values' });
    case 'knowledge':
      return msg('Check what you know', { id: 'decision-aid.step.knowledge' });
    case 'sure':
      return msg('How sure do you feel?', { id: 'decision-aid.step.sure' });
    case 'summary':
      return msg('Your leaning and summary', { id: 'decision-aid.step.summary' });
  }
}

/**
 * Aid content inside the element's own text, marked with the content's language, so a
 * screen reader switches voice for the content only and reads the element's text (in the
 * element's language) with the right voice. Without the aid (a saved response whose aid
 * could not load) the text is an id, left unmarked.
 */
export function inAid(aid: DecisionAidContent | undefined, text: string): TemplateResult | string {
  return aid ? html`<span lang=${aid.language}>${text}</span>` : text;
}

/** The four SURE test items (Légaré et al.), the element's own text. */
export function sureItems(): [string, string, string, string] {
  return [
    msg('Do you feel sure about the best choice for you?', { id: 'decision-aid.sure.1' }),
    msg('Do you know the benefits and risks of each option?', { id: 'decision-aid.sure.2' }),
    msg('Are you clear about which benefits and risks matter most to you?', { id: 'decision-aid.sure.3' }),
    msg('Do you have enough support and advice to make a choice?', { id: 'decision-aid.sure.4' }),
  ];
}

/** The SURE score in words; under 4 of 4 it says to talk it over (decisional conflict). */
export function sureText(score: number): TemplateResult {
  return html`<p class="sure-score ${score < 4 ? 'sure-score--conflict' : ''}">
    <strong>${msg(str`SURE score: ${score} of 4.`, { id: 'decision-aid.sure-score' })}</strong>
    ${score < 4
      ? html`${icon(iconWarning)}${msg('You may not feel sure yet. That is common. Talk it over with your care team before you decide.', { id: 'decision-aid.sure-conflict' })}`
      : msg('You feel sure about this decision.', { id: 'decision-aid.sure-ok' })}
  </p>`;
}
