// @ts-check
/**
 * medplum's FhirRouter with its search route handlers replaced by ours (./search.mjs), so
 * that a search behaves the same whether it comes as `GET Type`, `POST Type/_search`,
 * `GET [base]?_type=...` or as an entry of a batch/transaction Bundle (which the router
 * dispatches through the same route table).
 */
import { OperationOutcomeError, allOk, badRequest, isResourceType, notFound, serverError } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import { executeSearch, parseSearch, queryToPairs } from './search.mjs';

/**
 * medplum's route handler for searches (no paging links, silent unknown params, ...) is
 * replaced by ours; the route table is otherwise untouched so batch entries use it too.
 * @param {FhirRouter} router
 * @param {string} method
 * @param {string} path
 * @param {import('@medplum/fhir-router').FhirRouteHandler} handler
 */
function replaceRouteHandler(router, method, path, handler) {
  const route = router.router.routes.find(
    (r) => r.method === method && r.path.map((s) => (s.param ? ':' + s.value : s.value)).join('/') === path
  );
  if (!route) throw new Error(`medplum route ${method} ${path} not found`);
  route.handler = handler;
}

/** @type {import('@medplum/fhir-router').FhirRouteHandler} */
async function searchHandler(req, repo) {
  try {
    const resourceType = req.params.resourceType;
    let pairs = queryToPairs(req.query);
    if (req.method === 'POST' && req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
      pairs = pairs.concat(queryToPairs(req.body));
    }
    /** @type {string[]} */
    let types;
    if (resourceType) {
      if (!isResourceType(resourceType)) return [unknownType(resourceType)];
      types = [resourceType];
    } else {
      types = [
        ...new Set(
          pairs
            .filter(([k]) => k === '_type')
            .flatMap(([, v]) => v.split(','))
            .map((s) => s.trim())
            .filter(Boolean)
        ),
      ];
      if (!types.length) return [badRequest('System-level search requires _type', '_type')];
      const unknown = types.find((t) => !isResourceType(t));
      if (unknown) return [badRequest(`Unknown resource type in _type: ${unknown}`, '_type')];
    }
    const config = /** @type {any} */ (req.config ?? {});
    const parsed = parseSearch(types, pairs, { lenient: Boolean(config.lenient) });
    const bundle = await executeSearch(repo, parsed, { baseUrl: config.baseUrl ?? '', path: resourceType ?? '' });
    return [allOk, /** @type {any} */ (bundle)];
  } catch (err) {
    if (err instanceof OperationOutcomeError) return [err.outcome];
    return [serverError(/** @type {Error} */ (err))];
  }
}

/** @param {string} type */
function unknownType(type) {
  return { ...notFound, issue: [{ ...notFound.issue[0], details: { text: `Unknown resource type: ${type}` } }] };
}

/** A FhirRouter whose search routes (type, `_search` and system level) run ./search.mjs. */
export function createRouter() {
  const router = new FhirRouter();
  replaceRouteHandler(router, 'GET', ':resourceType', searchHandler);
  replaceRouteHandler(router, 'POST', ':resourceType/_search', searchHandler);
  replaceRouteHandler(router, 'GET', '', searchHandler);
  return router;
}
