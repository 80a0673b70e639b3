/**
 * Answers to a `QuestionnaireResponse` and back.
 *
 * Building follows the SDC rules: only enabled items are in the response (a disabled
 * item's answers are kept in memory, so showing it again brings them back, but they are
 * never saved); display items are left out; a group is there only when something inside
 * it is answered; each repetition of a repeating group is an item of its own with the same
 * linkId; a question's child items go under its answer. Hidden (`questionnaire-hidden`)
 * items are kept: they carry calculated values such as a total score.
 */
import type { QResponseAnswer, QResponseItem, QValue, Questionnaire, QuestionnaireItem, QuestionnaireResponse } from '../../../adapters/ports.js';
import type { ItemInstance, QuestionnaireForm } from './form.js';

/** The response for the form's answers now. `enabled` overrides the form's own check (used while checking). */
export function buildResponse(
  form: QuestionnaireForm,
  base: Partial<QuestionnaireResponse> = {},
  enabled: (instance: ItemInstance) => boolean = (instance) => form.isEnabled(instance),
): QuestionnaireResponse {
  const build = (instances: readonly ItemInstance[]): QResponseItem[] =>
    instances.flatMap((instance): QResponseItem[] => {
      const { item } = instance;
      if (item.type === 'display' || !enabled(instance)) return [];
      const children = build(instance.children);
      const text = typeof item.text === 'string' ? { text: item.text } : {};
      if (item.type === 'group') return children.length ? [{ linkId: item.linkId, ...text, item: children }] : [];
      const answers = form.answersOf(instance.key);
      if (!answers.length) return [];
      const answer: QResponseAnswer[] = answers.map((value, i) => ({ ...value, ...(i === 0 && children.length ? { item: children } : {}) }));
      return [{ linkId: item.linkId, ...text, answer }];
    });
  const q = form.questionnaire;
  const canonical = q.url ? (q.version ? `${q.url}|${q.version}` : q.url) : q.id ? `Questionnaire/${q.id}` : undefined;
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'in-progress',
    ...(canonical ? { questionnaire: canonical } : {}),
    ...base,
    item: build(form.roots),
  };
}

/** What a stored response says, in the form's terms: answers by instance key and group repetitions. */
export function readResponse(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): { answers: Map<string, QValue[]>; repetitions: Map<string, number> } {
  const answers = new Map<string, QValue[]>();
  const repetitions = new Map<string, number>();
  const read = (items: unknown, definitions: QuestionnaireItem[] | undefined, parentKey: string) => {
    const seen = new Map<string, number>();
    for (const entry of Array.isArray(items) ? (items as QResponseItem[]) : []) {
      if (typeof entry?.linkId !== 'string') continue;
      const definition = (Array.isArray(definitions) ? definitions : []).find((d) => d?.linkId === entry.linkId);
      if (!definition) continue; // an answer to a question the form no longer has
      const repeating = definition.type === 'group' && definition.repeats === true;
      const n = seen.get(entry.linkId) ?? 0;
      seen.set(entry.linkId, n + 1);
      if (repeating) repetitions.set(`${parentKey}/${entry.linkId}`, n + 1);
      const key = repeating ? `${parentKey}/${entry.linkId}[${n}]` : `${parentKey}/${entry.linkId}`;
      const given = Array.isArray(entry.answer) ? entry.answer : [];
      const values = given.map(({ item: _nested, ...value }) => value as QValue).filter((v) => Object.keys(v).length > 0);
      if (values.length) answers.set(key, values);
      read(entry.item, definition.item, key);
      for (const answer of given) read(answer?.item, definition.item, key);
    }
  };
  read(response.item, questionnaire.item, '');
  return { answers, repetitions };
}
