/**
 * Decision aids over FHIR R4, and why this way:
 *
 * - **An aid is a `Library`** whose `content` holds the aid's JSON (the documented
 *   decision-aid format) as an attachment: `contentType: application/json`, `data` in
 *   base64. The aid's structure (option grid, outcome rules, values scales) has no
 *   faithful home in `PlanDefinition` + `Questionnaire`, and splitting it would need a
 *   second format for the numbers anyway. One Library per aid keeps the JSON exactly as
 *   written and validated, versioned with `Library.version`, found by its canonical
 *   `url` (`https://ehr-engage.dev/fhir/Library/decision-aid/<aid id>`) and listed by a
 *   `meta.tag`.
 * - **A response is a `QuestionnaireResponse`** (the modelling DESIGN.md asks for):
 *   subject the patient, `authored` when completed, `identifier` the write's idempotency
 *   key (so a conditional create makes a retry safe), and one item per part of the
 *   result, with stable `linkId`s listed below, so any FHIR client can read it.
 */
import type { DecisionAid, DecisionAidInfo, DecisionAidResponse } from '../../ports.js';
import type { Resource } from '../fhir-types.js';
import { bytesToBase64 } from '../../../core/base64.js';
import { arrayOf, booleanOf, numberOf as finiteNumber, objectOf, stringOf } from '../guards.js';

/** Canonical URL prefix of aid Libraries; the aid id follows. */
export const AID_URL_BASE = 'https://ehr-engage.dev/fhir/Library/decision-aid/';
/** Tag on aid Libraries and on response QuestionnaireResponses. */
export const TAG_SYSTEM = 'https://ehr-engage.dev/fhir/tag';
/** The generic Questionnaire every decision-aid response answers. */
export const RESPONSE_QUESTIONNAIRE = 'https://ehr-engage.dev/fhir/Questionnaire/decision-aid-response|1';
/** Identifier system of the idempotency key on a response. */
export const KEY_SYSTEM = 'urn:ietf:rfc:3986';

function utf8ToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

function base64ToUtf8(data: string): string {
  const binary = atob(data);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The Library that carries an aid's JSON. */
export function aidToLibrary(content: { id: string; version: string; title: string }): Resource {
  return {
    resourceType: 'Library',
    id: content.id,
    meta: { tag: [{ system: TAG_SYSTEM, code: 'decision-aid' }] } as Resource['meta'],
    url: `${AID_URL_BASE}${content.id}`,
    identifier: [{ system: 'https://ehr-engage.dev/fhir/decision-aid', value: content.id }],
    version: content.version,
    name: content.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    title: content.title,
    status: 'active',
    experimental: true,
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'asset-collection' }] },
    content: [{ contentType: 'application/json', title: `${content.id}.json`, data: utf8ToBase64(JSON.stringify(content)) }],
  };
}

/** The aid id a Library carries: from its canonical URL, else its id. */
function aidIdOf(library: Resource): string {
  const url = stringOf(library.url) ?? '';
  return url.startsWith(AID_URL_BASE) ? url.slice(AID_URL_BASE.length) : (stringOf(library.id) ?? '');
}

/** Listing entry of a Library. */
export function libraryInfo(library: Resource): DecisionAidInfo {
  return {
    id: aidIdOf(library),
    version: stringOf(library.version) ?? '',
    title: stringOf(library.title) ?? stringOf(library.name) ?? aidIdOf(library),
  };
}

/**
 * The aid a Library carries. Content that is not JSON comes back as `undefined`
 * content, which the element refuses with a clear message (never a crash here).
 */
export function libraryToAid(library: Resource): DecisionAid {
  const attachment = arrayOf<{ contentType?: unknown; data?: unknown }>(library.content).find((c) =>
    /json/i.test(stringOf(c.contentType) ?? ''),
  );
  const data = stringOf(attachment?.data);
  let content: unknown;
  try {
    content = data ? JSON.parse(base64ToUtf8(data)) : undefined;
  } catch {
    content = undefined;
  }
  return { ...libraryInfo(library), content };
}

interface Answer {
  valueString?: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueBoolean?: boolean;
  valueDateTime?: string;
}
interface Item {
  linkId: string;
  text?: string;
  answer?: Answer[];
  item?: Item[];
}

const str = (linkId: string, value: string | undefined): Item[] => (value ? [{ linkId, answer: [{ valueString: value }] }] : []);
const int = (linkId: string, value: number): Item => ({ linkId, answer: [{ valueInteger: value }] });

function scalar(value: number | string | boolean): Answer {
  if (typeof value === 'boolean') return { valueBoolean: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: value };
  return { valueString: value };
}

/**
 * A response as a QuestionnaireResponse. linkIds: `aid`, `aid-version`, `options-shown`,
 * `numbers-shown` › `number` › (`outcome`, `option`, `numerator`, `denominator`),
 * `risk-inputs` › `risk-input` › (`input`, `value`), `values` › `value` › (`item`,
 * `position`), `knowledge` › (`answer` › (`question`, `choice`), `correct`, `total`),
 * `sure` › (`sure-1`…`sure-4`, `score`), `leaning`, `questions`, `started`.
 */
export function toQuestionnaireResponse(response: DecisionAidResponse, idempotencyKey: string): Resource {
  const items: Item[] = [
    ...str('aid', response.aidId),
    ...str('aid-version', response.aidVersion),
    { linkId: 'options-shown', answer: response.optionsShown.map((valueString) => ({ valueString })) },
    {
      linkId: 'numbers-shown',
      item: response.numbersShown.map((n) => ({
        linkId: 'number',
        item: [...str('outcome', n.outcomeId), ...str('option', n.optionId), int('numerator', n.numerator), int('denominator', n.denominator)],
      })),
    },
    {
      linkId: 'risk-inputs',
      item: Object.entries(response.riskInputs).map(([input, value]) => ({
        linkId: 'risk-input',
        item: [...str('input', input), { linkId: 'value', answer: [scalar(value)] }],
      })),
    },
    {
      linkId: 'values',
      item: Object.entries(response.values).map(([item, position]) => ({
        linkId: 'value',
        item: [...str('item', item), int('position', position)],
      })),
    },
    {
      linkId: 'knowledge',
      item: [
        ...Object.entries(response.knowledge.answers).map(([question, choice]) => ({
          linkId: 'answer',
          item: [...str('question', question), ...str('choice', choice)],
        })),
        int('correct', response.knowledge.correct),
        int('total', response.knowledge.total),
      ],
    },
    ...(response.sure
      ? [
          {
            linkId: 'sure',
            item: [
              ...response.sure.items.map((yes, i) => ({ linkId: `sure-${i + 1}`, answer: [{ valueBoolean: yes }] })),
              int('score', response.sure.score),
            ],
          },
        ]
      : []),
    ...str('leaning', response.leaning),
    ...str('questions', response.questions.trim() ? response.questions : undefined),
    { linkId: 'started', answer: [{ valueDateTime: response.started }] },
  ].filter((item) => item.answer?.length || item.item?.length);
  return {
    resourceType: 'QuestionnaireResponse',
    meta: { tag: [{ system: TAG_SYSTEM, code: 'decision-aid-response' }] } as Resource['meta'],
    identifier: { system: KEY_SYSTEM, value: `urn:uuid:${idempotencyKey}` },
    questionnaire: RESPONSE_QUESTIONNAIRE,
    status: response.completed ? 'completed' : 'in-progress',
    subject: { reference: response.patient },
    authored: response.completed ?? response.started,
    item: items,
  };
}

/*
 * The readers below take the raw `item` / `answer` values of a stored response: any of
 * them may be of the wrong JSON type (an object for an array, null items), which reads
 * as absent.
 */
function find(items: unknown, linkId: string): Item | undefined {
  return arrayOf<Item>(items).find((i) => i.linkId === linkId);
}
function all(items: unknown, linkId: string): Item[] {
  return arrayOf<Item>(items).filter((i) => i.linkId === linkId);
}
function answerOf(item: Item | undefined): Answer | undefined {
  return arrayOf<Answer>(item?.answer)[0];
}
function textOf(items: unknown, linkId: string): string | undefined {
  return stringOf(answerOf(find(items, linkId))?.valueString);
}
function numberOf(items: unknown, linkId: string): number | undefined {
  const a = answerOf(find(items, linkId));
  return finiteNumber(a?.valueInteger) ?? finiteNumber(a?.valueDecimal);
}
/** An answer's value, of whichever type it has. */
function valueOf(a: Answer | undefined): number | string | boolean | undefined {
  return finiteNumber(a?.valueInteger) ?? finiteNumber(a?.valueDecimal) ?? booleanOf(a?.valueBoolean) ?? stringOf(a?.valueString);
}

/** The domain response a QuestionnaireResponse holds; tolerant of missing items. */
export function fromQuestionnaireResponse(qr: Resource): DecisionAidResponse {
  const items: unknown = qr.item;
  const riskInputs: Record<string, number | string | boolean> = {};
  for (const entry of arrayOf<Item>(find(items, 'risk-inputs')?.item)) {
    const input = textOf(entry.item, 'input');
    const value = valueOf(answerOf(find(entry.item, 'value')));
    if (input && value !== undefined) riskInputs[input] = value;
  }
  const values: Record<string, number> = {};
  for (const entry of arrayOf<Item>(find(items, 'values')?.item)) {
    const item = textOf(entry.item, 'item');
    const position = numberOf(entry.item, 'position');
    if (item && position !== undefined) values[item] = position;
  }
  const knowledgeItems = find(items, 'knowledge')?.item;
  const answers: Record<string, string> = {};
  for (const entry of all(knowledgeItems, 'answer')) {
    const question = textOf(entry.item, 'question');
    const choice = textOf(entry.item, 'choice');
    if (question && choice) answers[question] = choice;
  }
  const sureItems = find(items, 'sure')?.item;
  const sureAnswers = [1, 2, 3, 4].map((i) => booleanOf(answerOf(find(sureItems, `sure-${i}`))?.valueBoolean));
  const sure = sureAnswers.every((a) => typeof a === 'boolean')
    ? { items: sureAnswers as [boolean, boolean, boolean, boolean], score: numberOf(sureItems, 'score') ?? sureAnswers.filter(Boolean).length }
    : null;
  const authored = stringOf(qr.authored);
  const started = stringOf(answerOf(find(items, 'started'))?.valueDateTime) ?? authored ?? '';
  return {
    id: stringOf(qr.id),
    aidId: textOf(items, 'aid') ?? '',
    aidVersion: textOf(items, 'aid-version') ?? '',
    patient: stringOf(objectOf<{ reference?: unknown }>(qr.subject)?.reference) ?? '',
    optionsShown: arrayOf<Answer>(find(items, 'options-shown')?.answer).flatMap((a) => {
      const option = stringOf(a.valueString);
      return option ? [option] : [];
    }),
    numbersShown: arrayOf<Item>(find(items, 'numbers-shown')?.item).flatMap((entry) => {
      const outcomeId = textOf(entry.item, 'outcome');
      const optionId = textOf(entry.item, 'option');
      const numerator = numberOf(entry.item, 'numerator');
      const denominator = numberOf(entry.item, 'denominator');
      return outcomeId && optionId && numerator !== undefined && denominator !== undefined
        ? [{ outcomeId, optionId, numerator, denominator }]
        : [];
    }),
    riskInputs,
    values,
    knowledge: { answers, correct: numberOf(knowledgeItems, 'correct') ?? 0, total: numberOf(knowledgeItems, 'total') ?? 0 },
    sure,
    leaning: textOf(items, 'leaning') ?? 'unsure',
    questions: textOf(items, 'questions') ?? '',
    started,
    ...(qr.status === 'completed' && authored ? { completed: authored } : {}),
  };
}
