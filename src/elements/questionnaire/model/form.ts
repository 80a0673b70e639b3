/**
 * A questionnaire being filled in, without any DOM: the tree of item instances (a
 * repeating group has one instance per repetition), the answers, which items are enabled
 * (`enableWhen`, `enableBehavior`, `enableWhenExpression`), initial values, and the
 * calculated ones. The element renders from it; node tests drive it directly.
 *
 * Answers are kept per instance key: the path of linkIds from the root, with the
 * repetition of each repeating group (`/g[1]/q`), so the same question in two
 * repetitions of a group holds two answers.
 */
import type { QValue, Questionnaire, QuestionnaireItem, QuestionnaireResponse } from '../../../adapters/ports.js';
import { conditionHolds, findEnableWhenLoop } from './enable-when.js';
import { EXT, expressionsOf, isHelpItem, isHidden, queryExpressionsOf } from './extensions.js';
import type { ExpressionEngine } from './expressions.js';
import { buildResponse, readResponse } from './response.js';

/** One shown (or hidden) occurrence of an item. */
export interface ItemInstance {
  /** Unique within the form: the linkIds from the root, with the repetition of repeating groups. */
  key: string;
  item: QuestionnaireItem;
  /** The repetition of a repeating group (0 for anything else). */
  repetition: number;
  parent?: ItemInstance;
  /** Child instances (help display items are kept apart, in `help`). */
  children: ItemInstance[];
  /** The item's help text items (display items with itemControl help/flyover/legal). */
  help: QuestionnaireItem[];
}

/** Why a form cannot be filled in. */
export type FormProblem = { kind: 'enable-when-loop'; linkIds: string[] };

const itemsOf = (holder: { item?: QuestionnaireItem[] }): QuestionnaireItem[] =>
  Array.isArray(holder.item) ? holder.item.filter((i) => i && typeof i.linkId === 'string' && typeof i.type === 'string') : [];

/** Whether an item holds answers (not a group or display). */
export const isQuestion = (item: QuestionnaireItem) => item.type !== 'group' && item.type !== 'display';

export class QuestionnaireForm {
  readonly questionnaire: Questionnaire;
  /** Problems that stop the form from being filled in (an enableWhen loop). */
  readonly problems: FormProblem[] = [];
  private answers = new Map<string, QValue[]>();
  /** Repetitions of each repeating group, by the key of its first instance's parent plus linkId. */
  private repetitions = new Map<string, number>();
  private tree: ItemInstance[] = [];
  private byLinkId = new Map<string, ItemInstance[]>();
  private enabledCache = new Map<string, boolean>();
  private engine?: ExpressionEngine;
  /** Incremented on every change, so a renderer knows when to render again. */
  revision = 0;

  constructor(questionnaire: Questionnaire, response?: QuestionnaireResponse) {
    this.questionnaire = questionnaire;
    const loop = findEnableWhenLoop(questionnaire);
    if (loop) this.problems.push({ kind: 'enable-when-loop', linkIds: loop });
    if (response) {
      const read = readResponse(questionnaire, response);
      this.repetitions = read.repetitions;
      this.rebuild();
      this.answers = read.answers;
    } else {
      this.rebuild();
      this.applyInitial(this.tree);
    }
  }

  /** The top-level instances. */
  get roots(): readonly ItemInstance[] {
    return this.tree;
  }

  /** Every instance, depth first. */
  *all(from: readonly ItemInstance[] = this.tree): Generator<ItemInstance> {
    for (const instance of from) {
      yield instance;
      yield* this.all(instance.children);
    }
  }

  /** The instance with a key. */
  find(key: string): ItemInstance | undefined {
    for (const instance of this.all()) if (instance.key === key) return instance;
    return undefined;
  }

  /** The answers of an instance (empty when none). */
  answersOf(key: string): readonly QValue[] {
    return this.answers.get(key) ?? [];
  }

  /** Replaces the answers of an instance; empty values are dropped. */
  setAnswers(key: string, values: readonly QValue[]): void {
    const kept = values.filter((v) => Object.values(v).some((x) => x !== undefined && x !== ''));
    if (kept.length) this.answers.set(key, kept.map((v) => ({ ...v })));
    else this.answers.delete(key);
    this.changed();
  }

  /** The number of repetitions of a repeating group instance's group. */
  repetitionsOf(instance: ItemInstance): number {
    return this.repetitions.get(this.groupKey(instance.parent?.key ?? '', instance.item.linkId)) ?? 1;
  }

  /** Adds a repetition of a repeating group (after the last). */
  addRepetition(instance: ItemInstance): void {
    const key = this.groupKey(instance.parent?.key ?? '', instance.item.linkId);
    this.repetitions.set(key, this.repetitionsOf(instance) + 1);
    this.rebuild();
    this.applyInitial(this.instancesOf(instance.item.linkId).filter((i) => !this.hasAnyAnswer(i)));
    this.changed();
  }

  /** Removes one repetition of a repeating group, with its answers; later ones move up. */
  removeRepetition(instance: ItemInstance): void {
    const count = this.repetitionsOf(instance);
    if (count <= 1) return;
    const prefix = `${instance.parent?.key ?? ''}/${instance.item.linkId}`;
    const moved = new Map<string, QValue[]>();
    for (const [key, values] of this.answers) {
      const match = key.startsWith(`${prefix}[`) ? /^\[(\d+)\]/.exec(key.slice(prefix.length)) : null;
      if (!match) {
        moved.set(key, values);
        continue;
      }
      const n = Number(match[1]);
      if (n === instance.repetition) continue;
      const rest = key.slice(prefix.length + match[0].length);
      moved.set(n > instance.repetition ? `${prefix}[${n - 1}]${rest}` : key, values);
    }
    this.answers = moved;
    this.repetitions.set(this.groupKey(instance.parent?.key ?? '', instance.item.linkId), count - 1);
    this.rebuild();
    this.changed();
  }

  /**
   * Whether an instance is enabled: its parent is, and its conditions hold. Items caught
   * in a loop of conditions are disabled (the element refuses such a form anyway).
   */
  isEnabled(instance: ItemInstance): boolean {
    return this.enabled(instance, new Set());
  }

  /** Whether the instance is shown: enabled and not `questionnaire-hidden`, nor a hidden ancestor. */
  isShown(instance: ItemInstance): boolean {
    for (let at: ItemInstance | undefined = instance; at; at = at.parent) if (isHidden(at.item)) return false;
    return this.isEnabled(instance);
  }

  /** Uses a FHIRPath engine for the form's expressions; computes initial and calculated values. */
  useExpressions(engine: ExpressionEngine): void {
    this.engine = engine;
    engine.prepare(this.questionnaire);
    this.applyInitials();
    this.changed();
  }

  /**
   * The results of FHIR queries arrived (see `ExpressionEngine.useQueries`): questions
   * still unanswered take their initial values (which may use a query variable or be a
   * query), and everything calculated is computed again.
   */
  queriesAnswered(): void {
    if (!this.engine) return;
    this.applyInitials();
    this.changed();
  }

  /** The options an item's `answerExpression` gives now (undefined: it has none, or no engine yet). */
  expressionOptions(instance: ItemInstance): QValue[] | undefined {
    return this.engine?.options(instance, this.response());
  }

  /** `initialExpression`s (FHIRPath or FHIR query) of the questions not answered yet. */
  private applyInitials(): void {
    for (const instance of this.all()) {
      if (!isQuestion(instance.item) || this.answers.has(instance.key)) continue;
      const initial = expressionsOf(instance.item, EXT.initialExpression)[0];
      const query = initial ? undefined : queryExpressionsOf(instance.item, EXT.initialExpression)[0];
      const values = initial
        ? this.engine!.values(initial.expression, this.response(), instance, this, instance.item.type)
        : query
          ? this.engine!.queryValues(query.expression, this.response(), instance)
          : [];
      if (values.length) this.answers.set(instance.key, values);
    }
  }

  /** The response for what is answered now (only enabled items; see `response.ts`). */
  response(base: Partial<QuestionnaireResponse> = {}): QuestionnaireResponse {
    return buildResponse(this, base);
  }

  /** All instances of a linkId. */
  instancesOf(linkId: string): ItemInstance[] {
    return this.byLinkId.get(linkId) ?? [];
  }

  private enabled(instance: ItemInstance, visiting: Set<string>): boolean {
    const cached = this.enabledCache.get(instance.key);
    if (cached !== undefined) return cached;
    if (visiting.has(instance.key)) return false; // a loop: never shown, never hangs
    visiting.add(instance.key);
    let result = !instance.parent || this.enabled(instance.parent, visiting);
    if (result) result = this.conditionsHold(instance, visiting);
    visiting.delete(instance.key);
    this.enabledCache.set(instance.key, result);
    return result;
  }

  private conditionsHold(instance: ItemInstance, visiting: Set<string>): boolean {
    const conditions = Array.isArray(instance.item.enableWhen) ? instance.item.enableWhen : [];
    let result = true;
    if (conditions.length) {
      const results = conditions.map((condition) => {
        const question = this.nearest(condition.question, instance);
        const answers = question && this.enabled(question, visiting) ? this.answersOf(question.key) : [];
        return conditionHolds(condition, answers);
      });
      result = instance.item.enableBehavior === 'any' || (instance.item.enableBehavior === undefined && results.length === 1) ? results.some(Boolean) : results.every(Boolean);
      // R4 requires enableBehavior with more than one condition; without it, "all" is the safe reading
    }
    const expression = expressionsOf(instance.item, EXT.enableWhenExpression)[0];
    if (result && expression) {
      // without the engine yet (it loads on demand) the item waits, hidden
      result = this.engine ? this.engine.truthy(expression.expression, this.responseFor(visiting), instance, this) : false;
    }
    return result;
  }

  /** The response used inside an enabledness check: built without re-entering the check. */
  private responseFor(visiting: Set<string>): QuestionnaireResponse {
    return buildResponse(this, {}, (i) => (this.enabledCache.has(i.key) ? this.enabledCache.get(i.key)! : !visiting.has(i.key)));
  }

  /** The instance of `linkId` nearest to `from`: the one sharing the longest key prefix (the same repetition). */
  private nearest(linkId: string, from: ItemInstance): ItemInstance | undefined {
    const candidates = this.instancesOf(linkId);
    if (candidates.length <= 1) return candidates[0];
    let best: ItemInstance | undefined;
    let bestLength = -1;
    for (const candidate of candidates) {
      let n = 0;
      while (n < candidate.key.length && candidate.key[n] === from.key[n]) n++;
      if (n > bestLength) [best, bestLength] = [candidate, n];
    }
    return best;
  }

  private changed(): void {
    this.enabledCache.clear();
    if (this.engine) this.calculate();
    this.enabledCache.clear();
    this.revision++;
  }

  /**
   * Calculated values: each `calculatedExpression` evaluated against the response, in
   * rounds until nothing changes (one expression may use another's result), at most as
   * many rounds as there are calculated items, so a circular pair cannot run forever.
   */
  private calculate(): void {
    const calculated = [...this.all()].filter((i) => expressionsOf(i.item, EXT.calculatedExpression).length);
    for (let round = 0; round <= calculated.length; round++) {
      let changes = 0;
      for (const instance of calculated) {
        this.enabledCache.clear();
        const expression = expressionsOf(instance.item, EXT.calculatedExpression)[0]!;
        const values = this.engine!.values(expression.expression, buildResponse(this), instance, this, instance.item.type);
        const before = JSON.stringify(this.answers.get(instance.key) ?? []);
        if (JSON.stringify(values) === before) continue;
        if (values.length) this.answers.set(instance.key, values);
        else this.answers.delete(instance.key);
        changes++;
      }
      if (!changes) break;
    }
  }

  private groupKey(parentKey: string, linkId: string): string {
    return `${parentKey}/${linkId}`;
  }

  private hasAnyAnswer(instance: ItemInstance): boolean {
    for (const i of this.all([instance])) if (this.answers.has(i.key)) return true;
    return false;
  }

  private rebuild(): void {
    this.byLinkId = new Map();
    const build = (items: QuestionnaireItem[], parent: ItemInstance | undefined): ItemInstance[] =>
      items
        .filter((item) => !isHelpItem(item))
        .flatMap((item) => {
          const parentKey = parent?.key ?? '';
          const count = item.type === 'group' && item.repeats ? (this.repetitions.get(this.groupKey(parentKey, item.linkId)) ?? 1) : 1;
          return Array.from({ length: count }, (_, repetition): ItemInstance => {
            const key = item.type === 'group' && item.repeats ? `${parentKey}/${item.linkId}[${repetition}]` : `${parentKey}/${item.linkId}`;
            const instance: ItemInstance = { key, item, repetition, parent, children: [], help: itemsOf(item).filter(isHelpItem) };
            instance.children = build(itemsOf(item), instance);
            this.byLinkId.set(item.linkId, [...(this.byLinkId.get(item.linkId) ?? []), instance]);
            return instance;
          });
        });
    this.tree = build(itemsOf(this.questionnaire), undefined);
  }

  /** `initial[x]` and `answerOption.initialSelected`, for instances without answers. */
  private applyInitial(instances: Iterable<ItemInstance>): void {
    for (const instance of this.all([...instances])) {
      const item = instance.item;
      if (!isQuestion(item) || this.answers.has(instance.key)) continue;
      const initial = Array.isArray(item.initial) ? item.initial : [];
      const selected = (Array.isArray(item.answerOption) ? item.answerOption : []).filter((o) => o?.initialSelected === true);
      const values: QValue[] = initial.length ? initial : selected.map(({ initialSelected: _i, extension: _e, _valueString: _s, ...value }) => value);
      if (values.length) this.answers.set(instance.key, (item.repeats ? values : values.slice(0, 1)).map((v) => ({ ...v })));
    }
  }
}
