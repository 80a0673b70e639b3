/**
 * The extensions a questionnaire renderer reads (FHIR R4 core and SDC), each through one
 * typed accessor, so a form whose extension carries a value of the wrong JSON type reads
 * as "absent" instead of throwing (real forms are messy: the LHC-Forms PHQ-9 has numbers
 * written as strings).
 */
import type { Coding, QAnswerOption, QElement, QExtension, Questionnaire, QuestionnaireItem } from '../../../adapters/ports.js';

const FHIR = 'http://hl7.org/fhir/StructureDefinition/';
const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/';

export const EXT = {
  itemControl: `${FHIR}questionnaire-itemControl`,
  hidden: `${FHIR}questionnaire-hidden`,
  minValue: `${FHIR}minValue`,
  maxValue: `${FHIR}maxValue`,
  minOccurs: `${FHIR}questionnaire-minOccurs`,
  maxOccurs: `${FHIR}questionnaire-maxOccurs`,
  entryFormat: `${FHIR}entryFormat`,
  unit: `${FHIR}questionnaire-unit`,
  optionPrefix: `${FHIR}questionnaire-optionPrefix`,
  renderingXhtml: `${FHIR}rendering-xhtml`,
  renderingMarkdown: `${FHIR}rendering-markdown`,
  ordinalValue: `${FHIR}ordinalValue`,
  itemWeight: `${FHIR}itemWeight`,
  variable: `${FHIR}variable`,
  displayCategory: `${FHIR}questionnaire-displayCategory`,
  sliderStep: `${FHIR}questionnaire-sliderStepValue`,
  calculatedExpression: `${SDC}sdc-questionnaire-calculatedExpression`,
  initialExpression: `${SDC}sdc-questionnaire-initialExpression`,
  enableWhenExpression: `${SDC}sdc-questionnaire-enableWhenExpression`,
  answerExpression: `${SDC}sdc-questionnaire-answerExpression`,
} as const;

/** The item-control codes the element renders; anything else falls back to the type's default. */
export type ItemControl = 'radio-button' | 'check-box' | 'drop-down' | 'slider' | 'autocomplete' | 'help' | 'legal' | 'flyover' | 'unit';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The extensions of a holder with the given URL (an empty list when malformed). */
export function extensionsOf(holder: { extension?: QExtension[] } | undefined, url: string): QExtension[] {
  const list: unknown = holder?.extension;
  return Array.isArray(list) ? (list.filter((e) => isObject(e) && e.url === url) as QExtension[]) : [];
}

/** The first extension with the URL. */
export function extensionOf(holder: { extension?: QExtension[] } | undefined, url: string): QExtension | undefined {
  return extensionsOf(holder, url)[0];
}

/** A number an extension holds (`valueInteger`/`valueDecimal`, or a numeric string as some forms write it). */
export function numberIn(extension: QExtension | undefined): number | undefined {
  if (!extension) return undefined;
  for (const value of [extension.valueDecimal, extension.valueInteger, extension.valueQuantity?.value] as unknown[]) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  return undefined;
}

/** A string an extension holds (string, code, markdown, or a coding's display/code). */
export function stringIn(extension: QExtension | undefined): string | undefined {
  if (!extension) return undefined;
  for (const value of [extension.valueString, extension.valueCode, extension.valueMarkdown] as unknown[]) {
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The item's control (`itemControl` coding code), when it is one the element knows. */
export function itemControlOf(item: QuestionnaireItem): ItemControl | undefined {
  const concept = extensionOf(item, EXT.itemControl)?.valueCodeableConcept;
  const codings: unknown = concept?.coding;
  const code = Array.isArray(codings) ? (codings as Coding[]).map((c) => c?.code).find((c) => typeof c === 'string') : undefined;
  const known: ItemControl[] = ['radio-button', 'check-box', 'drop-down', 'slider', 'autocomplete', 'help', 'legal', 'flyover', 'unit'];
  return known.find((k) => k === code);
}

/** Whether the item is `questionnaire-hidden` (kept in the response, never shown). */
export function isHidden(item: QuestionnaireItem): boolean {
  return extensionOf(item, EXT.hidden)?.valueBoolean === true;
}

/** A display item that is the help (or legal, or flyover) text of its parent. */
export function isHelpItem(item: QuestionnaireItem): boolean {
  const control = itemControlOf(item);
  return item.type === 'display' && (control === 'help' || control === 'flyover' || control === 'legal');
}

/** The lower or upper bound of an answer (`minValue`/`maxValue`): a number or a date string. */
export function boundOf(item: QuestionnaireItem, which: 'min' | 'max'): number | string | undefined {
  const extension = extensionOf(item, which === 'min' ? EXT.minValue : EXT.maxValue);
  if (!extension) return undefined;
  const date = [extension.valueDate, extension.valueDateTime, extension.valueTime].find((v) => typeof v === 'string');
  return date ?? numberIn(extension);
}

/** `questionnaire-minOccurs` (PHQ-9 marks its nine questions with 1: they must be answered). */
export function minOccursOf(item: QuestionnaireItem): number | undefined {
  return numberIn(extensionOf(item, EXT.minOccurs));
}

/** The `entryFormat` hint (for example `YYYY-MM-DD` or `###-###-####`). */
export function entryFormatOf(item: QuestionnaireItem): string | undefined {
  return stringIn(extensionOf(item, EXT.entryFormat));
}

/** The unit of a decimal or integer question, for display. */
export function unitOf(item: QuestionnaireItem): string | undefined {
  const coding = extensionOf(item, EXT.unit)?.valueCoding;
  return typeof coding?.display === 'string' && coding.display !== '{score}' ? coding.display : typeof coding?.code === 'string' ? coding.code : undefined;
}

/** The score of an answer option: `ordinalValue` (R4) or `itemWeight` (R5/SDC), whichever it carries. */
export function optionScore(option: QAnswerOption | undefined): number | undefined {
  if (!option) return undefined;
  const holders = [option, option.valueCoding as { extension?: QExtension[] } | undefined];
  for (const holder of holders) {
    const score = numberIn(extensionOf(holder, EXT.ordinalValue)) ?? numberIn(extensionOf(holder, EXT.itemWeight));
    if (score !== undefined) return score;
  }
  return undefined;
}

/** The prefix an answer option shows before its text (`questionnaire-optionPrefix`). */
export function optionPrefixOf(option: QAnswerOption): string | undefined {
  return stringIn(extensionOf(option, EXT.optionPrefix));
}

/** Rich text of a string element: its `rendering-xhtml` or `rendering-markdown` companion. */
export interface RichText {
  kind: 'xhtml' | 'markdown';
  source: string;
}

/** The rich form of a text (`_text`, `_prefix`, `valueString`'s or `display`'s companion), when given. */
export function richTextOf(companion: QElement | undefined): RichText | undefined {
  const xhtml = stringIn(extensionOf(companion, EXT.renderingXhtml));
  if (xhtml !== undefined) return { kind: 'xhtml', source: xhtml };
  const markdown = stringIn(extensionOf(companion, EXT.renderingMarkdown));
  if (markdown !== undefined) return { kind: 'markdown', source: markdown };
  return undefined;
}

/** The companion element of an option's display text (`valueCoding._display` or `_valueString`). */
export function optionCompanion(option: QAnswerOption): QElement | undefined {
  const coding = option.valueCoding as (Coding & { _display?: QElement }) | undefined;
  return coding?._display ?? option._valueString;
}

/** An expression of an item or the questionnaire (SDC), with its language checked. */
export interface ItemExpression {
  expression: string;
  name?: string;
}

/** The FHIRPath expressions an extension URL carries on the holder (other languages are left out). */
export function expressionsOf(holder: { extension?: QExtension[] } | undefined, url: string): ItemExpression[] {
  return extensionsOf(holder, url).flatMap((extension) => {
    const value = extension.valueExpression;
    if (!isObject(value) || typeof value.expression !== 'string') return [];
    if (value.language !== undefined && value.language !== 'text/fhirpath') return [];
    return [{ expression: value.expression, ...(typeof value.name === 'string' ? { name: value.name } : {}) }];
  });
}

/** The language code of an SDC FHIR query (`x-fhir-query`). */
export const FHIR_QUERY = 'application/x-fhir-query';

/**
 * The `x-fhir-query` expressions an extension URL carries on the holder: FHIR searches
 * (`Observation?subject={{%patient.id}}&code=…`) with embedded FHIRPath in `{{ }}`.
 */
export function queryExpressionsOf(holder: { extension?: QExtension[] } | undefined, url: string): ItemExpression[] {
  return extensionsOf(holder, url).flatMap((extension) => {
    const value = extension.valueExpression;
    if (!isObject(value) || typeof value.expression !== 'string' || value.language !== FHIR_QUERY) return [];
    return [{ expression: value.expression, ...(typeof value.name === 'string' ? { name: value.name } : {}) }];
  });
}

/** Whether the questionnaire, or any item in it, carries an expression or FHIR query of one of `urls`. */
function carriesExpressions(questionnaire: Questionnaire, urls: readonly string[]): boolean {
  const walk = (holder: { extension?: QExtension[]; item?: QuestionnaireItem[] }): boolean =>
    urls.some((url) => expressionsOf(holder, url).length > 0 || queryExpressionsOf(holder, url).length > 0) || (Array.isArray(holder.item) && holder.item.some(walk));
  return walk(questionnaire);
}

/** Whether a questionnaire uses any FHIRPath expression or FHIR query (then the engine is loaded). */
export function usesExpressions(questionnaire: Questionnaire): boolean {
  return carriesExpressions(questionnaire, [EXT.variable, EXT.calculatedExpression, EXT.initialExpression, EXT.enableWhenExpression, EXT.answerExpression]);
}

/**
 * Whether expressions decide what the form first shows or asks: which questions show
 * (`enableWhenExpression`), their options (`answerExpression`) or their first answers
 * (`initialExpression`). Such a form waits for the engine. One whose expressions only
 * calculate (a total score, from `variable`s) can show before it: its calculated answers
 * fill in when it comes.
 */
export function expressionsShapeForm(questionnaire: Questionnaire): boolean {
  return carriesExpressions(questionnaire, [EXT.initialExpression, EXT.enableWhenExpression, EXT.answerExpression]);
}
