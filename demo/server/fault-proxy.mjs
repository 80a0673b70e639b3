// @ts-check
/**
 * Fault-injecting reverse proxy for integration tests of FHIR clients.
 *
 *   const proxy = await startFaultProxy({ target: fhir.url });   // e.g. http://127.0.0.1:8787/fhir/R4
 *   proxy.url                                                     // http://127.0.0.1:<port>/fhir/R4
 *   proxy.setFault({ kind: 'status', status: 503, retryAfter: 1, count: 2 });
 *
 * Requests are streamed through to the target unchanged (method, path, query, headers and
 * body; the target's status, headers — CORS included — and body come back unchanged). The
 * proxy adds `X-Forwarded-Host` / `X-Forwarded-Proto`, which the demo FHIR server uses to
 * build `Location`, `fullUrl` and paging links, so `next` links keep going through the proxy.
 *
 * Faults (applied to the next `count` requests, or until cleared when `count` is omitted):
 *   { kind: 'status', status: 503 | 429 | ..., retryAfter?: seconds, count?: n }
 *       answer with that status, `Retry-After` (when given), an OperationOutcome body and
 *       CORS headers (incl. `Access-Control-Expose-Headers: Retry-After`) so browsers can read it
 *   { kind: 'drop', count?: n }          destroy the socket without any response
 *   { kind: 'malformed', count?: n }     200 `application/fhir+json` with truncated JSON
 *   { kind: 'delay', ms, count?: n }     wait `ms`, then forward normally
 *   { kind: 'outage', retryAfter? }      every request gets 503 until clear()
 *   { kind: 'drop-after', count?: n }    forward, let the server apply the request, then destroy the
 *       socket instead of answering: the write landed but its answer was lost
 *   { kind: 'hold', ms, count?: n }      forward at once (the server applies the request), then hold
 *       the server's answer for `ms` before passing it on
 *   { kind: 'outcome', status?: 200 | 201, text?, count?: n }
 *       answer `200` (or `status`) with only an OperationOutcome (its text `text`) and forward
 *       nothing: a server that says "OK" but stored or found nothing
 *   { kind: 'chaos', seed, rate, kinds?: [...], ms? }
 *       until clear(): each request, with probability `rate` (0–1) drawn from a PRNG seeded with
 *       `seed`, gets one fault picked (by the same PRNG) from `kinds` — any of `status-503`,
 *       `status-429`, `status-500`, `drop`, `drop-after`, `malformed`, `hold`, `outcome`,
 *       `delay` (default: all). `ms` is the wait of `hold`/`delay` (default 200). The same seed
 *       gives the same faults for the same sequence of requests; `applied` lists them.
 *
 * Any fault but `chaos` may carry `methods: ['POST', 'PUT']` and/or `bodyContains: '"transaction"'`:
 * then only requests with those methods / whose body contains that text take it (and count);
 * the others pass through, so a fault can target one write of a port among its reads.
 *
 * Every response closes its connection (no keep-alive), so a dropped request is never retried
 * transparently by the browser on a "stale" reused socket.
 *
 * CORS preflights (OPTIONS + Access-Control-Request-Method) are always answered by the proxy
 * itself, never faulted and not counted, so a fault is observed by the real request.
 *
 * Control endpoint (CORS-enabled, never faulted, not counted), for browser tests:
 *   POST   /__fault   JSON body = fault   -> 200 { fault, requests }
 *   DELETE /__fault                      -> 200 { fault: null, requests }
 *   GET    /__fault                      -> 200 { fault, requests }   (current state)
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { corsHeaders, operationOutcome, preflightHeaders, readBody } from './http-common.mjs';

const CONTROL_PATH = '/__fault';
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * @typedef {({ kind: 'status', status: number, retryAfter?: number, count?: number }
 *   | { kind: 'drop', count?: number }
 *   | { kind: 'malformed', count?: number }
 *   | { kind: 'delay', ms: number, count?: number }
 *   | { kind: 'outage', retryAfter?: number }
 *   | { kind: 'drop-after', count?: number }
 *   | { kind: 'hold', ms: number, count?: number }
 *   | { kind: 'outcome', status?: number, text?: string, count?: number }
 *   | { kind: 'chaos', seed: number, rate: number, kinds?: string[], ms?: number }) & { methods?: string[], bodyContains?: string }} Fault
 */

/** Fault kinds `chaos` picks from. */
export const CHAOS_KINDS = ['status-503', 'status-429', 'status-500', 'drop', 'drop-after', 'malformed', 'hold', 'outcome', 'delay'];

/**
 * A small seedable PRNG (mulberry32): floats in [0, 1).
 * @param {number} seed
 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The concrete fault of one `chaos` pick.
 * @param {string} kind
 * @param {number} ms
 * @returns {Fault}
 */
function chaosFault(kind, ms) {
  if (kind.startsWith('status-')) return { kind: 'status', status: Number(kind.slice('status-'.length)), retryAfter: 0 };
  if (kind === 'hold' || kind === 'delay') return { kind, ms };
  return /** @type {Fault} */ ({ kind });
}

/**
 * @typedef {object} FaultProxy
 * @property {string} url - the target URL as seen through the proxy (same path as `target`)
 * @property {number} port
 * @property {(fault: Fault) => void} setFault - replaces the current fault
 * @property {() => void} clear - back to pass-through
 * @property {number} requests - proxied requests so far (faulted ones included; preflights and control calls excluded)
 * @property {Fault | null} fault - the active fault, if any
 * @property {number} held - answers being held back right now (`hold`)
 * @property {{ request: number, method: string, path: string, kind: string }[]} applied - faults applied so far (for reports)
 * @property {() => Promise<void>} close
 */

/**
 * @param {unknown} input
 * @returns {Fault}
 */
export function validateFault(input) {
  const f = /** @type {any} */ (input);
  if (!f || typeof f !== 'object') throw new TypeError('fault must be an object');
  const methods = f.methods;
  if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === 'string'))) {
    throw new TypeError('fault.methods must be a list of HTTP methods');
  }
  if (f.bodyContains !== undefined && (typeof f.bodyContains !== 'string' || f.bodyContains === '')) {
    throw new TypeError('fault.bodyContains must be a non-empty string');
  }
  const only = {
    ...(methods ? { methods: methods.map((/** @type {string} */ m) => m.toUpperCase()) } : {}),
    ...(f.bodyContains ? { bodyContains: f.bodyContains } : {}),
  };
  if (f.kind === 'chaos' && (only.methods || only.bodyContains)) throw new TypeError('a chaos fault takes no filters');
  return { ...faultOf(f), ...only };
}

/**
 * The fault itself, without its request filters.
 * @param {any} f
 * @returns {Fault}
 */
function faultOf(f) {
  const count = f.count;
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
    throw new TypeError('fault.count must be a positive integer');
  }
  const retryAfter = f.retryAfter;
  if (retryAfter !== undefined && !(Number.isFinite(retryAfter) && retryAfter >= 0)) {
    throw new TypeError('fault.retryAfter must be a non-negative number of seconds');
  }
  switch (f.kind) {
    case 'status':
      if (!Number.isInteger(f.status) || f.status < 400 || f.status > 599) {
        throw new TypeError('fault.status must be an HTTP error status (400-599)');
      }
      return { kind: 'status', status: f.status, retryAfter, count };
    case 'drop':
      return { kind: 'drop', count };
    case 'malformed':
      return { kind: 'malformed', count };
    case 'delay':
      if (!Number.isFinite(f.ms) || f.ms < 0) throw new TypeError('fault.ms must be a non-negative number');
      return { kind: 'delay', ms: f.ms, count };
    case 'outage':
      return { kind: 'outage', retryAfter };
    case 'drop-after':
      return { kind: 'drop-after', count };
    case 'hold':
      if (!Number.isFinite(f.ms) || f.ms < 0) throw new TypeError('fault.ms must be a non-negative number');
      return { kind: 'hold', ms: f.ms, count };
    case 'outcome': {
      const status = f.status ?? 200;
      if (status !== 200 && status !== 201) throw new TypeError('fault.status of an outcome must be 200 or 201');
      if (f.text !== undefined && typeof f.text !== 'string') throw new TypeError('fault.text must be a string');
      return { kind: 'outcome', status, text: f.text, count };
    }
    case 'chaos': {
      if (!Number.isInteger(f.seed)) throw new TypeError('fault.seed must be an integer');
      if (!Number.isFinite(f.rate) || f.rate < 0 || f.rate > 1) throw new TypeError('fault.rate must be between 0 and 1');
      const kinds = f.kinds ?? CHAOS_KINDS;
      if (!Array.isArray(kinds) || !kinds.length || kinds.some((k) => !CHAOS_KINDS.includes(k))) {
        throw new TypeError(`fault.kinds must be a non-empty list of ${CHAOS_KINDS.join(', ')}`);
      }
      const ms = f.ms ?? 200;
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('fault.ms must be a non-negative number');
      return { kind: 'chaos', seed: f.seed, rate: f.rate, kinds: [...kinds], ms };
    }
    default:
      throw new TypeError(`Unknown fault kind: ${JSON.stringify(f.kind)}`);
  }
}

/**
 * @param {number} status
 */
function outcomeFor(status) {
  if (status === 429) return operationOutcome('error', 'throttled', 'Too many requests (injected fault)');
  if (status === 503) return operationOutcome('error', 'transient', 'Service unavailable (injected fault)');
  if (status >= 500) return operationOutcome('error', 'exception', `Server error ${status} (injected fault)`);
  return operationOutcome('error', 'processing', `Error ${status} (injected fault)`);
}

/**
 * Starts the proxy.
 * @param {{ target: string, port?: number, host?: string, corsOrigins?: import('./http-common.mjs').CorsOrigins }} options
 * @returns {Promise<FaultProxy>}
 */
export async function startFaultProxy({ target, port = 0, host = '127.0.0.1', corsOrigins = '*' }) {
  if (!target) throw new TypeError('startFaultProxy: target is required');
  const targetUrl = new URL(target);
  const agent = new http.Agent({ keepAlive: true });

  /** @type {Fault | null} */
  let fault = null;
  /** remaining requests the fault applies to (Infinity = until cleared) */
  let remaining = 0;
  let requests = 0;
  let held = 0;
  /** @type {(() => number) | null} */
  let chaos = null;
  /** @type {{ request: number, method: string, path: string, kind: string }[]} */
  const applied = [];

  /** @param {Fault} f */
  const setFault = (f) => {
    fault = validateFault(f);
    remaining = fault.kind === 'outage' || fault.kind === 'chaos' || fault.count === undefined ? Infinity : fault.count;
    chaos = fault.kind === 'chaos' ? prng(fault.seed) : null;
  };
  const clear = () => {
    fault = null;
    remaining = 0;
  };
  /** @returns {Fault | null} */
  /**
   * @param {string} method
   * @param {Buffer | undefined} body - the request body, read only when the fault filters on it
   * @returns {Fault | null}
   */
  const takeFault = (method, body) => {
    if (!fault || remaining <= 0) return null;
    if (fault.methods && !fault.methods.includes(method)) return null;
    if (fault.bodyContains && !(body && body.toString('utf8').includes(fault.bodyContains))) return null;
    if (fault.kind === 'chaos' && chaos) {
      // two draws per request whatever the outcome, so the sequence depends only on the seed
      const hit = chaos() < fault.rate;
      const kinds = /** @type {string[]} */ (fault.kinds);
      const kind = kinds[Math.floor(chaos() * kinds.length)] ?? kinds[0];
      return hit ? chaosFault(/** @type {string} */ (kind), fault.ms ?? 200) : null;
    }
    const f = fault;
    remaining -= 1;
    if (remaining <= 0) clear();
    return f;
  };
  const state = () => ({
    fault,
    remaining: fault ? (remaining === Infinity ? null : remaining) : 0,
    requests,
    held,
    applied: applied.length,
  });

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const origin = Array.isArray(req.headers.origin) ? req.headers.origin[0] : req.headers.origin;
    const cors = corsHeaders(origin, corsOrigins);
    /**
     * @param {number} status
     * @param {unknown} body
     * @param {Record<string, string>} [headers]
     * @param {string} [contentType]
     */
    const sendJson = (status, body, headers = {}, contentType = 'application/json; charset=utf-8') => {
      const payload = JSON.stringify(body);
      res.writeHead(status, {
        ...cors,
        'Content-Type': contentType,
        'Content-Length': String(Buffer.byteLength(payload)),
        ...headers,
      });
      res.end(payload);
    };

    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, { ...preflightHeaders(origin, corsOrigins), 'Content-Length': '0' });
      res.end();
      return;
    }

    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === CONTROL_PATH) {
      if (req.method === 'GET') return sendJson(200, state());
      if (req.method === 'DELETE') {
        clear();
        return sendJson(200, state());
      }
      if (req.method === 'POST' || req.method === 'PUT') {
        try {
          const raw = await readBody(req, 64 * 1024);
          setFault(JSON.parse(raw.toString('utf8')));
        } catch (err) {
          return sendJson(400, { error: /** @type {Error} */ (err).message });
        }
        return sendJson(200, state());
      }
      return sendJson(405, { error: 'Use GET, POST or DELETE' }, { Allow: 'GET, POST, DELETE' });
    }

    requests++;
    // a fault that filters on the body needs it before deciding; it is forwarded from the buffer
    const body = fault?.bodyContains ? await readBody(req, 64 * 1024 * 1024) : undefined;
    const f = takeFault(req.method ?? 'GET', body);
    if (f) {
      applied.push({ request: requests, method: req.method ?? '', path: pathname ?? '', kind: f.kind === 'status' ? `status-${f.status}` : f.kind });
      switch (f.kind) {
        case 'status':
        case 'outage': {
          const status = f.kind === 'status' ? f.status : 503;
          /** @type {Record<string, string>} */
          const headers = {
            'Access-Control-Expose-Headers': 'ETag, Location, Last-Modified, Content-Location, Retry-After',
          };
          if (f.retryAfter !== undefined) headers['Retry-After'] = String(Math.ceil(f.retryAfter));
          req.resume();
          return sendJson(status, outcomeFor(status), headers, 'application/fhir+json; charset=utf-8');
        }
        case 'drop':
          req.socket.destroy();
          return undefined;
        case 'malformed': {
          req.resume();
          const body = '{"resourceType":"Bundle","type":"searchset","total":3,"entry":[{"fullUrl":"';
          res.writeHead(200, {
            ...cors,
            'Content-Type': 'application/fhir+json; charset=utf-8',
            'Content-Length': String(Buffer.byteLength(body)),
          });
          res.end(body);
          return undefined;
        }
        case 'delay': {
          const aborted = new AbortController();
          const onClose = () => aborted.abort();
          res.on('close', onClose);
          try {
            await sleep(f.ms, undefined, { signal: aborted.signal });
          } catch {
            return undefined; // client went away while we were waiting
          } finally {
            res.off('close', onClose);
          }
          break;
        }
        case 'drop-after':
          forward(req, res, { drop: true, body });
          return undefined;
        case 'hold':
          forward(req, res, { holdMs: f.ms, body });
          return undefined;
        case 'outcome': {
          if (!body) req.resume();
          const text = f.text ?? 'The request was accepted but nothing was stored (injected fault)';
          const outcome = operationOutcome('information', 'informational', text);
          return sendJson(f.status ?? 200, outcome, {}, 'application/fhir+json; charset=utf-8');
        }
      }
    }
    forward(req, res, { body });
    return undefined;
  }

  /**
   * Streams a request to the target. `drop`: once the target has answered (so it applied the
   * request), destroy the client's socket instead of answering. `holdMs`: buffer the target's
   * answer and pass it on only after that long. `body`: the request body, already read
   * (otherwise it is streamed through).
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {{ drop?: boolean, holdMs?: number, body?: Buffer }} [mode]
   */
  function forward(req, res, mode = {}) {
    /** @type {http.OutgoingHttpHeaders} */
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    }
    headers.host = targetUrl.host;
    headers['x-forwarded-host'] = req.headers['x-forwarded-host'] ?? req.headers.host ?? '';
    headers['x-forwarded-proto'] = req.headers['x-forwarded-proto'] ?? 'http';

    const upstream = http.request(
      {
        protocol: targetUrl.protocol,
        hostname: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers,
        agent,
      },
      (upRes) => {
        /** @type {http.OutgoingHttpHeaders} */
        const out = {};
        for (const [k, v] of Object.entries(upRes.headers)) {
          if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
        }
        if (mode.drop) {
          // read the whole answer, so the target is done, then lose it
          upRes.resume();
          upRes.on('end', () => req.socket.destroy());
          upRes.on('error', () => req.socket.destroy());
          return;
        }
        if (mode.holdMs !== undefined) {
          /** @type {Buffer[]} */
          const chunks = [];
          upRes.on('data', (chunk) => chunks.push(chunk));
          upRes.on('error', () => res.destroy());
          upRes.on('end', () => {
            held++;
            const timer = setTimeout(() => {
              held--;
              res.off('close', onClose);
              if (res.destroyed) return;
              res.writeHead(upRes.statusCode ?? 502, out);
              res.end(Buffer.concat(chunks));
            }, mode.holdMs);
            const onClose = () => {
              clearTimeout(timer);
              held--;
            };
            res.once('close', onClose);
          });
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      }
    );
    upstream.on('error', (err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const origin = Array.isArray(req.headers.origin) ? req.headers.origin[0] : req.headers.origin;
      const payload = JSON.stringify(
        operationOutcome('error', 'transient', `Bad gateway: ${/** @type {Error} */ (err).message}`)
      );
      res.writeHead(502, {
        ...corsHeaders(origin, corsOrigins),
        'Content-Type': 'application/fhir+json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(payload)),
      });
      res.end(payload);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (mode.body) {
      upstream.setHeader('content-length', String(mode.body.length));
      upstream.end(mode.body);
    } else {
      req.pipe(upstream);
    }
  }

  const server = http.createServer((req, res) => {
    // One request per connection: when a reused keep-alive connection is dropped before any
    // response, browsers silently retry the request once, which would make `drop` faults
    // consume two counts per logical request. Fresh connections keep faults exact.
    res.shouldKeepAlive = false;
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: String(err?.message ?? err) }));
      } else {
        res.destroy();
      }
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostForUrl = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const basePath = targetUrl.pathname.replace(/\/+$/, '');
  const url = `http://${hostForUrl}:${address.port}${basePath}`;

  /** @type {Promise<void> | undefined} */
  let closing;
  return {
    url,
    port: address.port,
    setFault,
    clear,
    get requests() {
      return requests;
    },
    get fault() {
      return fault;
    },
    get held() {
      return held;
    },
    get applied() {
      return applied;
    },
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
}
