/**
 * What a form's questions draw on beyond the questionnaire itself: answer options from
 * value sets (contained, or expanded through the port once per load) and the results of
 * SDC FHIR queries (run through the port, each once per load). Part of
 * <engage-questionnaire>; the element keeps one per instance.
 */
import type { Coding, QAnswerOption, Questionnaire, QuestionnairePort } from '../../adapters/ports.js';
import type { ItemInstance, QuestionnaireForm } from './model/form.js';

/** The options of a contained or expanded `ValueSet` as answer options. */
function valueSetOptions(valueSet: unknown): QAnswerOption[] {
  const set = (valueSet ?? {}) as { expansion?: { contains?: Coding[] }; compose?: { include?: { system?: string; concept?: Coding[] }[] } };
  const codes = Array.isArray(set.expansion?.contains)
    ? set.expansion.contains
    : (set.compose?.include ?? []).flatMap((inc) => (Array.isArray(inc.concept) ? inc.concept : []).map((c) => ({ system: inc.system, code: c.code, display: c.display })));
  return codes.filter((c) => c && (c.code || c.display)).map((c) => ({ valueCoding: { system: c.system, code: c.code, display: c.display } }));
}

export class AnswerSources {
  private readonly valueSets = new Map<string, QAnswerOption[]>();
  /** SDC FHIR queries of the loaded form, by the filled-in query (see `queryResult`). */
  private readonly queries = new Map<string, { result?: unknown }>();

  /** Expands the value sets the form names but does not contain; returns those that failed. */
  async expandValueSets(questionnaire: Questionnaire, port: QuestionnairePort, signal: AbortSignal): Promise<string[]> {
    const urls = new Set<string>();
    const walk = (items: Questionnaire['item']) => {
      for (const item of Array.isArray(items) ? items : []) {
        if (typeof item.answerValueSet === 'string' && !item.answerValueSet.startsWith('#')) urls.add(item.answerValueSet);
        walk(item.item);
      }
    };
    walk(questionnaire.item);
    const failed: string[] = [];
    await Promise.all(
      [...urls].filter((url) => !this.valueSets.has(url)).map(async (url) => {
        try {
          const expansion = await port.expandValueSet(url, { count: 200 }, { signal });
          this.valueSets.set(url, expansion.codes.map((valueCoding) => ({ valueCoding })));
        } catch (error) {
          if (signal.aborted) throw error;
          failed.push(url);
        }
      }),
    );
    return failed;
  }

  /** A question's options: its own, its value set's, or what its `answerExpression` gives now. */
  optionsOf(instance: ItemInstance, form: QuestionnaireForm | undefined): QAnswerOption[] | undefined {
    const { item } = instance;
    if (Array.isArray(item.answerOption) && item.answerOption.length) return item.answerOption;
    const url = item.answerValueSet;
    if (typeof url !== 'string') return form?.expressionOptions(instance);
    if (url.startsWith('#')) return valueSetOptions(form?.questionnaire.contained?.find((r) => r.resourceType === 'ValueSet' && r.id === url.slice(1)));
    return this.valueSets.get(url);
  }

  /** Forgets the query results of an earlier load. */
  clearQueries(): void {
    this.queries.clear();
  }

  /**
   * The result of an SDC FHIR query through the port, once it has come (undefined before,
   * and for a query that failed or that the port refused). Each filled-in query runs once
   * per load; `answered` is called when its result comes (the form computes again).
   */
  queryResult(port: QuestionnairePort, query: string, signal: AbortSignal, answered: () => void): unknown {
    const known = this.queries.get(query);
    if (known) return known.result;
    this.queries.set(query, {});
    if (!port.runQuery) return undefined;
    port.runQuery(query, { signal }).then(
      (result) => {
        this.queries.set(query, { result });
        if (!signal.aborted) answered(); // aborted: a later load (another form or patient) owns the element
      },
      () => undefined, // refused or failed: the query gives nothing, as an unanswered question would
    );
    return undefined;
  }
}
