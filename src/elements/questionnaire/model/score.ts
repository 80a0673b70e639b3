/**
 * Scores of a scored instrument (PHQ-9, GAD-7, APGAR): the sum of the `ordinalValue`
 * (FHIR R4) or `itemWeight` (R5 / SDC) of the chosen answer options of the enabled
 * questions, and the interpretation the questionnaire gives for a total.
 *
 * The score is counted here from the form's own option values, so a response shows its
 * score even when the form has no total item or no expression engine is loaded; where
 * the form has a calculated total (PHQ-9's item 44261-6), both agree (the conformance
 * tests check that).
 */
import type { QAnswerOption, QValue } from '../../../adapters/ports.js';
import { equalValues } from './enable-when.js';
import { EXT, extensionOf, optionScore } from './extensions.js';
import type { QuestionnaireForm } from './form.js';

/** A form's score now. */
export interface FormScore {
  /** The sum of the chosen options' scores. */
  total: number;
  /** How many scored questions have an answer. */
  answered: number;
  /** How many scored questions are shown. */
  scored: number;
}

/** The option an answer chose, when the item has answer options. */
export function chosenOption(options: readonly QAnswerOption[] | undefined, answer: QValue): QAnswerOption | undefined {
  return (Array.isArray(options) ? options : []).find((option) => equalValues(option, answer));
}

/** The score, or undefined when no shown question has scored options. */
export function scoreOf(form: QuestionnaireForm): FormScore | undefined {
  let total = 0;
  let answered = 0;
  let scored = 0;
  for (const instance of form.all()) {
    const options = instance.item.answerOption;
    if (!Array.isArray(options) || !options.some((o) => optionScore(o) !== undefined) || !form.isEnabled(instance)) continue;
    scored++;
    const answers = form.answersOf(instance.key);
    if (answers.length) answered++;
    for (const answer of answers) total += optionScore(chosenOption(options, answer)) ?? 0;
  }
  return scored ? { total, answered, scored } : undefined;
}

/** A band of an interpretation: `from`–`to` (inclusive) means `label`. */
export interface ScoreBand {
  from: number;
  to: number;
  label: string;
}

/**
 * The interpretation bands a questionnaire states for its total, read from the total
 * item's `questionnaire-displayCategory` text where it says "Interpretation: 1-4 =
 * Minimal depression; 5-9 = …" (the LHC-Forms PHQ-9 does). FHIR has no structured
 * element for this, so a host can pass bands of its own to the element instead.
 */
export function bandsOf(form: QuestionnaireForm): { bands: ScoreBand[]; text?: string } {
  for (const instance of form.all()) {
    const text = extensionOf(instance.item, EXT.displayCategory)?.valueCodeableConcept?.text;
    if (typeof text !== 'string') continue;
    const at = text.search(/interpretation\s*:/i);
    if (at < 0) continue;
    const bands = [...text.slice(at).matchAll(/(\d+)\s*[-–]\s*(\d+)\s*=\s*([^;.]+)/g)].map((m) => ({ from: Number(m[1]), to: Number(m[2]), label: m[3]!.trim() }));
    if (bands.length) return { bands, text };
  }
  return { bands: [] };
}

/** The band a total falls in. */
export function bandOf(bands: readonly ScoreBand[], total: number): ScoreBand | undefined {
  return bands.find((band) => total >= band.from && total <= band.to);
}
