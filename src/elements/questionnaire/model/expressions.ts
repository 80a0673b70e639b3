/**
 * SDC expressions (`variable`, `calculatedExpression`, `initialExpression`,
 * `enableWhenExpression`) evaluated with the `fhirpath` package, the FHIRPath engine the
 * LHC-Forms renderer uses. It and its R4 model are large, so they are loaded only when a
 * questionnaire has an expression: {@link loadExpressionEngine} imports them on demand, and
 * a form without expressions never pays for them.
 *
 * Context, as SDC defines it: `%resource` is the response as answered now,
 * `%questionnaire` the form, `%context` the response item of the item the expression is on
 * (for a question not answered yet, its nearest answered ancestor, else the response).
 * Variables of the questionnaire are in scope everywhere; an item's variables in that item
 * and below, evaluated on the item's own response item.
 *
 * An expression that fails (a syntax error, a function the engine lacks) yields nothing,
 * as an unanswered question would: a form with one broken expression still works.
 */
import type { QAnswerOption, QResponseItem, QValue, Questionnaire, QuestionnaireItem, QuestionnaireResponse } from '../../../adapters/ports.js';
import { EXT, expressionsOf, queryExpressionsOf, type ItemExpression } from './extensions.js';
import { fillQuery, queryResultOptions, type QueryLaunch } from './fhir-query.js';
// the element reaches the FHIR-query code only through this on-demand module (#16)
export { launchOf } from './fhir-query.js';
import { R4_SUBSET } from './fhirpath-r4-model.generated.js';
import type { ItemInstance, QuestionnaireForm } from './form.js';

type Evaluator = (resource: unknown, env?: Record<string, unknown>) => unknown[];
type Compile = (path: string | { base: string; expression: string }, model?: unknown) => Evaluator;

/** What the form needs from an engine (a small interface, so the form never imports `fhirpath`). */
export interface ExpressionEngine {
  prepare(questionnaire: Questionnaire): void;
  /** The expression's result as answers for an item of `type` (default: as found). */
  values(expression: string, response: QuestionnaireResponse, instance: ItemInstance, form: QuestionnaireForm, type?: QuestionnaireItem['type']): QValue[];
  /** Whether the expression's result is `true` (an `enableWhenExpression`). */
  truthy(expression: string, response: QuestionnaireResponse, instance: ItemInstance, form: QuestionnaireForm): boolean;
  /**
   * Answers FHIR queries (`x-fhir-query` variables, `answerExpression`s and
   * `initialExpression`s) from what the host fetched: `resolve` gets the query with its
   * `{{ }}` filled in and returns its result (a Bundle, a ValueSet, Parameters…), or
   * undefined while there is none (asked for, failed or refused). `launch` is the SDC
   * launch context (`%patient`, `%user`) the embedded expressions may use.
   */
  useQueries(resolve: (query: string) => unknown, launch: QueryLaunch): void;
  /** The options an item's `answerExpression` gives now, or undefined when it has none. */
  options(instance: ItemInstance, response: QuestionnaireResponse): QAnswerOption[] | undefined;
  /** The answers an `x-fhir-query` `initialExpression` gives now (the resources it found). */
  queryValues(expression: string, response: QuestionnaireResponse, instance: ItemInstance): QValue[];
}

/**
 * The model `fhirpath` needs for FHIR-aware evaluation (choice types such as
 * `answer.value`), built the way its own `fhir-context/r4/index.js` builds it, from the
 * subset in `fhirpath-r4-model.generated.ts` (see scripts/fhirpath-r4-model.mjs for why).
 */
function r4Model(): unknown {
  const toHash = (list: readonly string[]) => Object.fromEntries(list.map((k) => [k, true]));
  const path2Type: Record<string, string> = {};
  const path2TypeWithoutElements: Record<string, string> = {};
  const path2RefType: Record<string, unknown> = {};
  for (const [path, type] of Object.entries(R4_SUBSET.path2Type as Record<string, string | { code: string; refType: unknown }>)) {
    if (typeof type === 'object') {
      path2RefType[path] = type.refType;
      path2Type[path] = type.code;
    } else path2Type[path] = type;
    if (path2Type[path] !== 'Element' && path2Type[path] !== 'BackboneElement') path2TypeWithoutElements[path] = path2Type[path]!;
  }
  const type2Parent = R4_SUBSET.type2Parent as Record<string, string>;
  return {
    version: 'r4',
    score: { extensionURI: [EXT.ordinalValue, EXT.itemWeight] },
    choiceTypePaths: R4_SUBSET.choiceTypePaths,
    pathsDefinedElsewhere: R4_SUBSET.pathsDefinedElsewhere,
    type2Parent,
    path2Type,
    path2TypeWithoutElements,
    path2RefType,
    path2Repeating: toHash(R4_SUBSET.path2Repeating),
    resourcesWithUrlParam: toHash(R4_SUBSET.resourcesWithUrlParam),
    availableTypes: new Set([...Object.keys(type2Parent), ...Object.values(type2Parent)]),
  };
}

/** Loads `fhirpath` (one on-demand chunk, with the model subset) and returns an engine. */
export async function loadExpressionEngine(): Promise<ExpressionEngine> {
  const engine = await import('fhirpath');
  const api = (engine as unknown as { default?: { compile: Compile } }).default ?? (engine as unknown as { compile: Compile });
  return new FhirPathEngine(api.compile, r4Model());
}

/** The response item of an instance (its repetition for a repeating group), or undefined. */
export function responseItemOf(response: QuestionnaireResponse, instance: ItemInstance): QResponseItem | undefined {
  const chain: ItemInstance[] = [];
  for (let at: ItemInstance | undefined = instance; at; at = at.parent) chain.unshift(at);
  let level: QResponseItem[] = Array.isArray(response.item) ? response.item : [];
  let found: QResponseItem | undefined;
  for (const step of chain) {
    const same = level.filter((i) => i.linkId === step.item.linkId);
    found = step.item.type === 'group' && step.item.repeats ? same[step.repetition] : same[0];
    if (!found) return undefined;
    level = [...(found.item ?? []), ...(found.answer ?? []).flatMap((a) => a.item ?? [])];
  }
  return found;
}

/** A result value as an answer for an item type (a number for a decimal, a coding for a choice…). */
function toAnswer(value: unknown, type: QuestionnaireItem['type'] | undefined): QValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if ('code' in record || 'display' in record || 'system' in record) return { valueCoding: { ...(record as object) } };
    if (typeof record.value === 'number' && (type === 'quantity' || 'unit' in record)) {
      return type === 'decimal' || type === 'integer' ? toAnswer(record.value, type) : { valueQuantity: { ...(record as object) } };
    }
    return undefined;
  }
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isFinite(value) ? { valueInteger: Math.round(value) } : undefined;
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? { valueDecimal: value } : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? { valueBoolean: value } : undefined;
    case 'date':
      return typeof value === 'string' ? { valueDate: value } : undefined;
    case 'dateTime':
      return typeof value === 'string' ? { valueDateTime: value } : undefined;
    case 'time':
      return typeof value === 'string' ? { valueTime: value } : undefined;
    case 'url':
      return typeof value === 'string' ? { valueUri: value } : undefined;
    case 'string':
    case 'text':
    case 'open-choice':
    case 'choice':
      return { valueString: String(value) };
    default:
      if (typeof value === 'number') return Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: value };
      if (typeof value === 'boolean') return { valueBoolean: value };
      return { valueString: String(value) };
  }
}

/** The named variables of a holder, FHIRPath and FHIR query alike, in their order. */
function variablesOf(holder: { extension?: Questionnaire['extension'] }): (ItemExpression & { query: boolean })[] {
  return [...expressionsOf(holder, EXT.variable).map((v) => ({ ...v, query: false })), ...queryExpressionsOf(holder, EXT.variable).map((v) => ({ ...v, query: true }))]
    .filter((v) => Boolean(v.name))
    .sort((a, b) => orderOf(holder, a) - orderOf(holder, b));
}

/** Where a variable stands among the holder's extensions (a later one may use an earlier one). */
function orderOf(holder: { extension?: Questionnaire['extension'] }, variable: ItemExpression): number {
  return (Array.isArray(holder.extension) ? holder.extension : []).findIndex((e) => e?.url === EXT.variable && e.valueExpression?.name === variable.name);
}

class FhirPathEngine implements ExpressionEngine {
  private readonly compiled = new Map<string, Evaluator | null>();
  private rootVariables: (ItemExpression & { query: boolean })[] = [];
  private questionnaire?: Questionnaire;
  private resolveQuery?: (query: string) => unknown;
  private launch: QueryLaunch = {};

  constructor(
    private readonly compile: Compile,
    private readonly model: unknown,
  ) {}

  prepare(questionnaire: Questionnaire): void {
    this.questionnaire = questionnaire;
    this.rootVariables = variablesOf(questionnaire);
  }

  useQueries(resolve: (query: string) => unknown, launch: QueryLaunch): void {
    this.resolveQuery = resolve;
    this.launch = launch;
  }

  options(instance: ItemInstance, response: QuestionnaireResponse): QAnswerOption[] | undefined {
    const fhirpath = expressionsOf(instance.item, EXT.answerExpression)[0];
    const query = queryExpressionsOf(instance.item, EXT.answerExpression)[0];
    if (fhirpath) {
      return this.run(fhirpath.expression, response, instance)
        .map((r) => toAnswer(r, undefined))
        .filter((a): a is QValue => a !== undefined);
    }
    return query ? queryResultOptions(this.query(query.expression, response, instance)) : undefined;
  }

  queryValues(expression: string, response: QuestionnaireResponse, instance: ItemInstance): QValue[] {
    const values = queryResultOptions(this.query(expression, response, instance));
    return instance.item.repeats ? values : values.slice(0, 1);
  }

  /** The result of a FHIR query in the item's context, `[]` while there is none. */
  private query(template: string, response: QuestionnaireResponse, instance: ItemInstance): unknown[] {
    const { env, context } = this.scope(response, instance);
    return this.fetched(template, response, context, env);
  }

  private fetched(template: string, response: QuestionnaireResponse, context: QResponseItem | undefined, env: Record<string, unknown>): unknown[] {
    if (!this.resolveQuery) return [];
    const query = fillQuery(template, (expression) => this.evaluate(expression, response, context, env));
    const result = query === undefined ? undefined : this.resolveQuery(query);
    return result === undefined || result === null ? [] : [result];
  }

  values(expression: string, response: QuestionnaireResponse, instance: ItemInstance, _form: QuestionnaireForm, type?: QuestionnaireItem['type']): QValue[] {
    const results = this.run(expression, response, instance);
    const answers = results.map((r) => toAnswer(r, type)).filter((a): a is QValue => a !== undefined);
    return instance.item.repeats ? answers : answers.slice(0, 1);
  }

  truthy(expression: string, response: QuestionnaireResponse, instance: ItemInstance): boolean {
    const results = this.run(expression, response, instance);
    return results.length === 1 && results[0] === true;
  }

  private run(expression: string, response: QuestionnaireResponse, instance: ItemInstance): unknown[] {
    const { env, context } = this.scope(response, instance);
    return this.evaluate(expression, response, context, env);
  }

  /** The variables in scope at an item, and its context (see the module comment). */
  private scope(response: QuestionnaireResponse, instance: ItemInstance): { env: Record<string, unknown>; context: QResponseItem | undefined } {
    const env: Record<string, unknown> = { resource: response, rootResource: response, questionnaire: this.questionnaire, ...this.launch };
    const assign = (variable: ItemExpression & { query: boolean }, context: QResponseItem | undefined) => {
      if (variable.name) env[variable.name] = variable.query ? this.fetched(variable.expression, response, context, env) : this.evaluate(variable.expression, response, context, env);
    };
    for (const variable of this.rootVariables) assign(variable, undefined);
    const chain: ItemInstance[] = [];
    for (let at: ItemInstance | undefined = instance; at; at = at.parent) chain.unshift(at);
    let context: QResponseItem | undefined;
    for (const step of chain) {
      context = responseItemOf(response, step) ?? context;
      for (const variable of variablesOf(step.item)) assign(variable, context);
    }
    env.context = context ?? response;
    return { env, context };
  }

  private evaluate(expression: string, response: QuestionnaireResponse, context: QResponseItem | undefined, env: Record<string, unknown>): unknown[] {
    const base = context ? 'QuestionnaireResponse.item' : undefined;
    const cacheKey = `${base ?? ''}\u0000${expression}`;
    let evaluator = this.compiled.get(cacheKey);
    if (evaluator === undefined) {
      try {
        evaluator = this.compile(base ? { base, expression } : expression, this.model);
      } catch {
        evaluator = null; // a syntax error: this expression yields nothing, every time
      }
      this.compiled.set(cacheKey, evaluator);
    }
    if (!evaluator) return [];
    try {
      const result = evaluator(context ?? response, env);
      return Array.isArray(result) ? result : [];
    } catch {
      return [];
    }
  }
}
