// @ts-check
/** Small HTTP helpers shared by the demo FHIR server and the fault proxy. */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export const CORS_ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
export const CORS_ALLOW_HEADERS =
  'Accept, Authorization, Content-Type, If-Match, If-None-Exist, If-None-Match, Prefer, X-Request-Id';
export const CORS_EXPOSE_HEADERS = 'ETag, Location, Last-Modified, Content-Location, Retry-After';
export const CORS_MAX_AGE = '600';

/**
 * @typedef {'*' | string | string[] | false} CorsOrigins
 *   '*' allows every origin (the request's Origin is echoed back, or `*` when there is none);
 *   a string or list allows exactly those origins; false disables CORS headers.
 */

/**
 * @param {string | undefined} origin - the request's Origin header
 * @param {CorsOrigins} corsOrigins
 * @returns {string | undefined} the value for Access-Control-Allow-Origin, if allowed
 */
export function allowedOrigin(origin, corsOrigins) {
  if (corsOrigins === false || corsOrigins === undefined || corsOrigins === null) return undefined;
  if (corsOrigins === '*') return origin || '*';
  const list = Array.isArray(corsOrigins) ? corsOrigins : [corsOrigins];
  return origin && list.includes(origin) ? origin : undefined;
}

/**
 * CORS headers for an actual (non-preflight) response.
 * @param {string | undefined} origin
 * @param {CorsOrigins} corsOrigins
 * @returns {Record<string, string>}
 */
export function corsHeaders(origin, corsOrigins) {
  const allow = allowedOrigin(origin, corsOrigins);
  if (!allow) return corsOrigins === '*' ? {} : { Vary: 'Origin' };
  /** @type {Record<string, string>} */
  const headers = {
    'Access-Control-Allow-Origin': allow,
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS,
    Vary: 'Origin',
  };
  if (allow !== '*') headers['Access-Control-Allow-Credentials'] = 'true';
  return headers;
}

/**
 * Headers answering a CORS preflight (OPTIONS with Access-Control-Request-Method).
 * @param {string | undefined} origin
 * @param {CorsOrigins} corsOrigins
 * @returns {Record<string, string>}
 */
export function preflightHeaders(origin, corsOrigins) {
  const base = corsHeaders(origin, corsOrigins);
  if (!base['Access-Control-Allow-Origin']) return base;
  return {
    ...base,
    'Access-Control-Allow-Methods': CORS_ALLOW_METHODS,
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
    'Access-Control-Max-Age': CORS_MAX_AGE,
    Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
}

/**
 * @param {'fatal' | 'error' | 'warning' | 'information'} severity
 * @param {string} code - an IssueType code (invalid, not-found, exception, transient, throttled, ...)
 * @param {string} text
 * @param {{ id?: string, expression?: string[], diagnostics?: string }} [extra]
 * @returns {import('@medplum/fhirtypes').OperationOutcome}
 */
export function operationOutcome(severity, code, text, extra = {}) {
  /** @type {import('@medplum/fhirtypes').OperationOutcome} */
  const oo = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity,
        code: /** @type {any} */ (code),
        details: { text },
        ...(extra.expression ? { expression: extra.expression } : {}),
        ...(extra.diagnostics ? { diagnostics: extra.diagnostics } : {}),
      },
    ],
  };
  if (extra.id) oo.id = extra.id;
  return oo;
}

/**
 * Reads a request body fully.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit - maximum size in bytes
 * @returns {Promise<Buffer>}
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk); // past the limit: keep draining, but drop the data
    });
    req.on('end', () => {
      if (size > limit) reject(Object.assign(new Error(`Request body larger than ${limit} bytes`), { status: 413 }));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
