/**
 * A response read-only: every answered item with its answer, and (for a clinician) the
 * score and what it means where the questionnaire defines it. Used for the clinician
 * view of a completed response and for the patient's copy after submitting.
 *
 * The element loads this module on demand (with the date and number formatting it uses)
 * when it shows a response read-only or a save has been started (the "Draft saved" time
 * is formatted here too): a page showing a form to fill in does not download it up front
 * (the per-element bundle budget, #16).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import { formatDate, formatNumber } from '../../core/format.js';
import { viewerTimeZone } from '../../core/lang.js';
import type { QValue, QuestionnaireResponse } from '../../adapters/ports.js';
import { valueOf } from './model/enable-when.js';
import { richTextOf } from './model/extensions.js';
import { isQuestion, type ItemInstance, type QuestionnaireForm } from './model/form.js';
import { bandOf, bandsOf, scoreOf, type ScoreBand } from './model/score.js';
import { optionLabel } from './item-view.js';
import { richText } from './rich-text.js';

/**
 * A moment (a date-and-time answer, when the form was completed or saved) on the reader's
 * clock, as the answer's `datetime-local` input shows it: a stored instant in another zone, or
 * normalised to UTC, is the same moment here.
 */
const moment = (value: string | undefined, locale: string): string => formatDate(value, locale, { withTime: true, timeZone: viewerTimeZone() });

/** An answer in words, in the reader's language (a date never shifts with the time zone; a date-and-time is a moment). */
export function answerText(answer: QValue, locale: string): string {
  if (answer.valueBoolean !== undefined) return answer.valueBoolean ? msg('Yes', { id: 'questionnaire.yes' }) : msg('No', { id: 'questionnaire.no' });
  if (answer.valueDate) return formatDate(answer.valueDate, locale);
  if (answer.valueDateTime) return moment(answer.valueDateTime, locale);
  if (typeof answer.valueDecimal === 'number') return formatNumber(answer.valueDecimal, locale);
  if (typeof answer.valueInteger === 'number') return formatNumber(answer.valueInteger, locale);
  if (answer.valueQuantity?.value !== undefined) return `${formatNumber(answer.valueQuantity.value, locale)} ${answer.valueQuantity.unit ?? answer.valueQuantity.code ?? ''}`.trim();
  const value = valueOf(answer);
  return value === undefined ? '' : optionLabel(answer);
}

function answered(form: QuestionnaireForm, instance: ItemInstance): boolean {
  if (!form.isEnabled(instance)) return false;
  if (isQuestion(instance.item) && form.answersOf(instance.key).length) return true;
  return instance.children.some((child) => answered(form, child));
}

function entries(form: QuestionnaireForm, instances: readonly ItemInstance[], locale: string): TemplateResult[] {
  return instances
    .filter((i) => answered(form, i))
    .map((instance) => {
      const { item } = instance;
      const title = html`${item.prefix ? `${item.prefix} ` : ''}${richText(item.text ?? item.linkId, richTextOf(item._text))}`;
      if (item.type === 'group') {
        return html`<div class="group-title" role="presentation">${title}</div>${entries(form, instance.children, locale)}`;
      }
      const answers = form.answersOf(instance.key);
      return html`<dt>${title}</dt>
        <dd>${answers.length > 1 ? html`<ul>${answers.map((a) => html`<li>${answerText(a, locale)}</li>`)}</ul>` : answerText(answers[0]!, locale)}</dd>
        ${entries(form, instance.children, locale)}`;
    });
}

/** The score box: total, how many questions it counts, and the band it falls in. */
export function renderScore(form: QuestionnaireForm, locale: string, hostBands: readonly ScoreBand[] | undefined): TemplateResult | typeof nothing {
  const score = scoreOf(form);
  if (!score) return nothing;
  const stated = bandsOf(form);
  const bands = hostBands?.length ? hostBands : stated.bands;
  const band = bandOf(bands, score.total);
  const total = formatNumber(score.total, locale);
  return html`<section class="score" part="score" aria-labelledby="score-heading">
    <h3 id="score-heading">${msg('Score', { id: 'questionnaire.score' })}</h3>
    <p class="score__total">${total}</p>
    ${band ? html`<p class="score__band">${msg(str`Interpretation: ${band.label}`, { id: 'questionnaire.interpretation' })}</p>` : nothing}
    ${score.answered < score.scored
      ? html`<p class="meta">${msg(str`${score.answered} of ${score.scored} scored questions answered.`, { id: 'questionnaire.score-partial' })}</p>`
      : nothing}
    ${!hostBands?.length && stated.text ? html`<details><summary>${msg('How this form is scored', { id: 'questionnaire.scoring' })}</summary><p>${stated.text}</p></details>` : nothing}
  </section>`;
}

/** Every answered item, read-only. */
export function renderAnswers(form: QuestionnaireForm, locale: string): TemplateResult {
  const list = entries(form, form.roots, locale);
  return list.length
    ? html`<dl class="answers" part="answers">${list}</dl>`
    : html`<p>${msg('No questions were answered.', { id: 'questionnaire.no-answers' })}</p>`;
}

/** What the read-only view shows besides the form: the stored response and who reads it. */
export interface ReviewOptions {
  response: QuestionnaireResponse | undefined;
  locale: string;
  /** A clinician also sees that the answers are patient-reported, and the score. */
  clinician: boolean;
  /** Score bands the host gives instead of the questionnaire's own. */
  bands: readonly ScoreBand[] | undefined;
}

/** The read-only view below the heading: status and date, the score for a clinician, the answers. */
export function renderReview(form: QuestionnaireForm, { response, locale, clinician, bands }: ReviewOptions): TemplateResult {
  return html`<p class="meta">
      ${response?.status === 'in-progress'
        ? msg('Draft, not sent yet.', { id: 'questionnaire.status-draft' })
        : msg(str`Completed ${moment(response?.authored, locale)}.`, { id: 'questionnaire.completed-at' })}
    </p>
    ${clinician ? html`<p class="meta">${msg('Patient-reported answers.', { id: 'questionnaire.patient-reported' })}</p>` : nothing}
    ${clinician ? renderScore(form, locale, bands) : nothing}
    ${renderAnswers(form, locale)}`;
}

/** The date and time a draft was saved, in the reader's language (the formatting this module brings). */
export const savedAt = (now: Date, locale: string): string => moment(now.toISOString(), locale);
