// @ts-check
/**
 * The HTTP front of the demo FHIR server: one request in, one response out. It answers what
 * is not a FHIR interaction itself (method checks, CORS preflights, `/`, the patient list,
 * the knowledge service, `metadata`, malformed paths and bodies, unknown routes) and hands
 * every FHIR interaction, as a medplum `FhirRequest`, to ./interactions.mjs.
 *
 * Kept apart from `startFhirServer` (./fhir-server.mjs), which only builds the store, seeds
 * it and listens, so each step of a request can be read on its own.
 */
import { performance } from 'node:perf_hooks';
import { OperationOutcomeError, getStatus, isResourceType, serverError } from '@medplum/core';
import { FHIR_JSON, corsHeaders, operationOutcome, preflightHeaders, readBody } from './http-common.mjs';
import { KNOWLEDGE_PATH, handleKnowledgeRequest } from './knowledge-service.mjs';
import { capabilityStatement } from './capability.mjs';
import { headerValue, parsePrefer } from './fhir-headers.mjs';
import { handleInteraction } from './interactions.mjs';

/** Path of the FHIR base on this server. */
export const FHIR_BASE_PATH = '/fhir/R4';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
const SUPPORTED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * What every request shares, fixed when the server starts.
 * @typedef {object} ServerContext
 * @property {import('./repository.mjs').DemoRepository} repo
 * @property {import('@medplum/fhir-router').FhirRouter} router
 * @property {import('./seed.mjs').PatientSummary[]} patients - served at `GET /demo/patients.json`
 * @property {import('./http-common.mjs').CorsOrigins} corsOrigins
 * @property {boolean} log - log one line per request to stdout
 * @property {boolean} validate - reject invalid resources with 422
 * @property {string} startedAt - ISO time of the start (the CapabilityStatement's date)
 * @property {() => string} defaultBase - FHIR base for a request without a Host header (known once listening)
 */

/**
 * The three ways a request is answered; each writes the whole response.
 * @typedef {object} Responder
 * @property {(status: number, body: unknown, headers?: Record<string, string>, contentType?: string) => void} send - body serialised as JSON unless undefined
 * @property {(outcome: import('@medplum/fhirtypes').OperationOutcome, status?: number, headers?: Record<string, string>) => void} sendOutcome - status from the outcome unless given
 * @property {(status: number, code: string, text: string, headers?: Record<string, string>) => void} sendError - an error OperationOutcome
 */

/**
 * Answers one HTTP request. Never rejects for a FHIR error: every failure becomes an
 * OperationOutcome response (500 for an unexpected exception).
 * @param {ServerContext} server
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function handleRequest(server, req, res) {
  const { corsOrigins, patients } = server;
  const started = performance.now();
  const origin = headerValue(req.headers.origin);
  const cors = corsHeaders(origin, corsOrigins);
  const requestId = headerValue(req.headers['x-request-id']);
  /** @type {Record<string, string>} */
  const common = { ...cors, ...(requestId ? { 'X-Request-Id': requestId } : {}) };
  const respond = createResponder(req, res, common, server.log, started);
  const { send, sendOutcome, sendError } = respond;

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
    const baseUrl = requestBaseUrl(req, server.defaultBase());

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

    const parsedBody = await readFhirBody(req);
    if ('error' in parsedBody) return sendError(...parsedBody.error);
    /** @type {any} */
    const body = parsedBody.body;

    // ---- path dispatch
    if (segments[0] === 'metadata' && segments.length === 1) {
      if (httpMethod !== 'GET') return sendError(405, 'not-supported', 'metadata only supports GET', { Allow: 'GET, HEAD' });
      return send(200, capabilityStatement(baseUrl, server.startedAt));
    }
    const pathError = checkFhirPath(segments, method, httpMethod, u.pathname);
    if (pathError) return sendError(...pathError);

    const routePath = segments.map(encodeURIComponent).join('/');
    const route = server.router.find(/** @type {any} */ (httpMethod), routePath);
    if (!route) {
      const allow = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => server.router.find(/** @type {any} */ (m), routePath));
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

    return await handleInteraction({ server, req, fhirReq, interaction, segments, type, id, baseUrl, prefer, body, respond });
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
 * The functions that write a response, with the request's CORS / X-Request-Id headers and
 * the optional one-line log.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} common - headers every response carries
 * @param {boolean} log
 * @param {number} started - `performance.now()` when the request arrived
 * @returns {Responder}
 */
function createResponder(req, res, common, log, started) {
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
  return { send, sendOutcome, sendError };
}

/**
 * The FHIR base as the client sees it, for links, `fullUrl` and `Location`: from
 * `X-Forwarded-Host` / `X-Forwarded-Proto` (set by the fault proxy), else `Host`.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} defaultBase - used when the request has no Host header
 */
function requestBaseUrl(req, defaultBase) {
  const fwdHost = headerValue(req.headers['x-forwarded-host'])?.split(',')[0].trim();
  const fwdProto = headerValue(req.headers['x-forwarded-proto'])?.split(',')[0].trim();
  const hostHeader = fwdHost || req.headers.host;
  return hostHeader ? `${fwdProto || 'http'}://${hostHeader}${FHIR_BASE_PATH}` : defaultBase;
}

/**
 * Reads and parses the request body: JSON (any `json` / `+json` type, or none) or a form
 * (`POST Type/_search`). An empty body is `undefined`.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ body: any } | { error: [status: number, code: string, text: string] }>}
 */
async function readFhirBody(req) {
  /** @type {any} */
  let body;
  let raw;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    return { error: [/** @type {any} */ (err).status ?? 400, 'too-costly', /** @type {Error} */ (err).message] };
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
        return { error: [400, 'structure', `Malformed JSON body: ${/** @type {Error} */ (err).message}`] };
      }
    } else {
      return { error: [415, 'not-supported', `Unsupported Content-Type "${contentType}"; use application/fhir+json`] };
    }
  }
  return { body };
}

/**
 * Rejects what this server does not serve before the router sees the path: `$operations`
 * (501), type-level history (501), unknown types and malformed paths (404), a non-POST
 * `_search` (405), and ids / version ids FHIR does not allow (400).
 * @param {string[]} segments - the decoded path below the FHIR base
 * @param {string} method - the HTTP method as sent
 * @param {string} httpMethod - the method as routed (HEAD is GET)
 * @param {string} pathname
 * @returns {[status: number, code: string, text: string, headers?: Record<string, string>] | undefined}
 */
function checkFhirPath(segments, method, httpMethod, pathname) {
  const opIndex = segments.findIndex((s) => s.startsWith('$'));
  if (opIndex >= 0) {
    return [501, 'not-supported', `Operation ${segments[opIndex]} is not implemented by this server`];
  }
  if (segments.length > 0) {
    const [type, id, third, vid] = segments;
    if (!isResourceType(type)) return [404, 'not-found', `Unknown resource type: ${type}`];
    if (id === '_history' || (third !== undefined && third !== '_history') || segments.length > 4) {
      if (id === '_history') return [501, 'not-supported', 'Type-level history is not supported'];
      if (!(id === '_search' && segments.length === 2)) return [404, 'not-found', `Not found: ${pathname}`];
    }
    if (id === '_search' && segments.length === 2 && httpMethod !== 'POST') {
      return [405, 'not-supported', `${method} is not allowed on ${type}/_search`, { Allow: 'POST' }];
    }
    if (id !== undefined && id !== '_search' && !ID_RE.test(id)) return [400, 'invalid', `Invalid resource id: ${id}`];
    if (vid !== undefined && !ID_RE.test(vid)) return [400, 'invalid', `Invalid version id: ${vid}`];
  }
  return undefined;
}
