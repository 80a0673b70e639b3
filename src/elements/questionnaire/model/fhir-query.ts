/**
 * SDC FHIR queries (`application/x-fhir-query`): a FHIR search or read written relative to
 * the server (`Observation?subject={{%patient.id}}&code=http://loinc.org|8302-2`), with
 * FHIRPath embedded in `{{ }}` that is evaluated in the expression's context and filled in
 * URL-encoded. The element runs the filled-in query through the questionnaire port
 * (`runQuery`), which answers only queries on its own server; the results come back here
 * as answer options or answers.
 *
 * What a result gives (SDC leaves the mapping to the renderer for answerExpression):
 * - a `ValueSet` (for example `ValueSet/$expand?url=…`): its expansion's codes, as codings;
 * - a `Bundle` (a search) or a single resource: each resource as a reference
 *   (`Type/id`) with a readable display (its name, title, code text or id);
 * - `Parameters` and other results are left to FHIRPath (`answerExpression` in FHIRPath
 *   over a query variable, as the LHC-Forms RxTerms form does).
 */
import type { Coding, QValue } from '../../../adapters/ports.js';

/** The SDC launch context the embedded expressions may use (`%patient`, `%user`). */
export interface QueryLaunch {
  patient?: { resourceType: string; id: string };
  user?: { resourceType: string; id: string };
}

/** The launch context of a session's patient and user references (`Patient/123`). */
export function launchOf(patient: string | undefined, user: string | undefined): QueryLaunch {
  const asResource = (ref: string | undefined) => {
    const match = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref ?? '');
    return match ? { resourceType: match[1]!, id: match[2]! } : undefined;
  };
  const [p, u] = [asResource(patient), asResource(user)];
  return { ...(p ? { patient: p } : {}), ...(u ? { user: u } : {}) };
}

/**
 * The query with each `{{expression}}` replaced by its first result, URL-encoded; undefined
 * when one of them gives nothing (a query about an unanswered question is not run).
 */
export function fillQuery(template: string, evaluate: (expression: string) => unknown[]): string | undefined {
  let missing = false;
  const filled = template.replace(/\{\{([^}]+)\}\}/g, (_, expression: string) => {
    const value = evaluate(expression.trim())[0];
    if (value === undefined || value === null || typeof value === 'object') {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(value));
  });
  return missing ? undefined : filled;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** A readable name of a resource for an answer option. */
function displayOf(resource: Record<string, unknown>): string | undefined {
  const names = Array.isArray(resource.name) ? resource.name : [];
  const human = names.find(isObject);
  const humanText = human ? text(human.text) ?? [...(Array.isArray(human.given) ? human.given : []), human.family].filter((p) => typeof p === 'string').join(' ') : undefined;
  const code = isObject(resource.code) ? resource.code : undefined;
  const coding = code && Array.isArray(code.coding) ? code.coding.find(isObject) : undefined;
  return text(resource.name) ?? text(humanText) ?? text(resource.title) ?? text(code?.text) ?? text(coding?.display) ?? text(resource.id);
}

/** The answers a query's results give (see the module comment); nothing for what they cannot. */
export function queryResultOptions(results: readonly unknown[]): QValue[] {
  return results.flatMap((result): QValue[] => {
    if (!isObject(result)) return [];
    if (result.resourceType === 'ValueSet') {
      const expansion = isObject(result.expansion) ? result.expansion : {};
      return (Array.isArray(expansion.contains) ? expansion.contains : [])
        .filter(isObject)
        .filter((c) => text(c.code) ?? text(c.display))
        .map((c) => ({ valueCoding: { ...(text(c.system) ? { system: c.system as string } : {}), ...(text(c.code) ? { code: c.code as string } : {}), ...(text(c.display) ? { display: c.display as string } : {}) } satisfies Coding }));
    }
    const resources =
      result.resourceType === 'Bundle' ? (Array.isArray(result.entry) ? result.entry : []).map((e) => (isObject(e) ? e.resource : undefined)) : result.resourceType === 'Parameters' || result.resourceType === 'OperationOutcome' ? [] : [result];
    return resources.filter(isObject).flatMap((resource) => {
      const [type, id] = [text(resource.resourceType), text(resource.id)];
      if (!type || !id || type === 'OperationOutcome') return [];
      const display = displayOf(resource);
      return [{ valueReference: { reference: `${type}/${id}`, ...(display ? { display } : {}) } }];
    });
  });
}
