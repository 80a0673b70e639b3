/**
 * What stops a response from being submitted: for every shown question, `required` (or
 * `questionnaire-minOccurs` ≥ 1, as PHQ-9 marks its nine questions), `maxLength`,
 * `minValue`/`maxValue`, whole numbers for integer items and web addresses for url items.
 * Drafts are never validated: a patient saves whatever they have so far.
 *
 * Problems are data (which item, which rule, the limit); the element words them in the
 * reader's language.
 */
import { valueOf } from './enable-when.js';
import { boundOf, minOccursOf } from './extensions.js';
import { isQuestion, type ItemInstance, type QuestionnaireForm } from './form.js';

/** One problem with one answer. */
export interface ValidationProblem {
  /** The instance key (see `form.ts`): the element focuses its field. */
  key: string;
  linkId: string;
  rule: 'required' | 'max-length' | 'min-value' | 'max-value' | 'integer' | 'number' | 'url';
  /** The limit the answer broke (a length, a number or a date). */
  limit?: number | string;
}

const isUrl = (text: string) => {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
};

function problemsOf(instance: ItemInstance, form: QuestionnaireForm): ValidationProblem[] {
  const { item, key } = instance;
  const at = (rule: ValidationProblem['rule'], limit?: number | string): ValidationProblem => ({ key, linkId: item.linkId, rule, ...(limit !== undefined ? { limit } : {}) });
  const answers = form.answersOf(key);
  if (!answers.length) return (item.required === true || (minOccursOf(item) ?? 0) >= 1) && item.readOnly !== true ? [at('required')] : [];
  const problems: ValidationProblem[] = [];
  const min = boundOf(item, 'min');
  const max = boundOf(item, 'max');
  for (const answer of answers) {
    const value = valueOf(answer);
    if (typeof value === 'string' && typeof item.maxLength === 'number' && value.length > item.maxLength) problems.push(at('max-length', item.maxLength));
    if (item.type === 'integer' && !(typeof value === 'number' && Number.isInteger(value))) problems.push(at('integer'));
    if (item.type === 'decimal' && !(typeof value === 'number' && Number.isFinite(value))) problems.push(at('number'));
    if (item.type === 'url' && !(typeof value === 'string' && isUrl(value))) problems.push(at('url'));
    const comparable = typeof value === 'number' ? value : typeof value === 'string' ? value : typeof (value as { value?: unknown })?.value === 'number' ? (value as { value: number }).value : undefined;
    if (comparable === undefined) continue;
    if (min !== undefined && typeof min === typeof comparable && comparable < min) problems.push(at('min-value', min));
    if (max !== undefined && typeof max === typeof comparable && comparable > max) problems.push(at('max-value', max));
  }
  return problems.slice(0, 1);
}

/** The problems of the form as it is now, in the order the questions are shown. */
export function validate(form: QuestionnaireForm): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const instance of form.all()) {
    if (!isQuestion(instance.item) || !form.isShown(instance)) continue;
    problems.push(...problemsOf(instance, form));
  }
  return problems;
}
