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
 *   { kind: 'strip', field, count?: n }   remove the element `field` (a dotted path, through lists)
 *       from the request's resource (and from each resource of a Bundle) and forward the rest:
 *       the server stores and answers without it, as one that drops an element it does not
 *       support. Opt-in only; `chaos` never picks it.
 *   { kind: 'thin-answer', lose: 'resources' | 'entries', count?: n }   forward (the server
 *       applies the request), then pass its Bundle answer on with every entry's `resource` and
 *       `response.location` removed, or with no entries at all: a batch answer that does not
 *       show what was stored. Opt-in only; `chaos` never picks it.
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
 *   POST (or PUT) /__fault   JSON body = fault   -> 200 state
 *   DELETE        /__fault                      -> 200 state (fault: null)
 *   GET           /__fault                      -> 200 state
 * where state = { fault, remaining, requests, held, applied } (see README.md); an invalid
 * fault answers 400 { error }, any other method 405.
 *
 * The pieces live beside this file, in `fault-proxy/`: `fault-kinds.mjs` (the faults and
 * their validation), `fault-state.mjs` (which request takes which fault), `inject.mjs` (what
 * each fault does to its request) and `forward.mjs` (passing requests on to the target).
 */
import http from 'node:http';
import { corsHeaders, preflightHeaders, readBody } from './http-common.mjs';
import { createFaultState } from './fault-proxy/fault-state.mjs';
import { createForwarder } from './fault-proxy/forward.mjs';
import { injectFault } from './fault-proxy/inject.mjs';

export { CHAOS_KINDS, validateFault } from './fault-proxy/fault-kinds.mjs';

/** @typedef {import('./fault-proxy/fault-kinds.mjs').Fault} Fault */

const CONTROL_PATH = '/__fault';

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
 * Starts the proxy.
 * @param {{ target: string, port?: number, host?: string, corsOrigins?: import('./http-common.mjs').CorsOrigins }} options
 * @returns {Promise<FaultProxy>}
 */
export async function startFaultProxy({ target, port = 0, host = '127.0.0.1', corsOrigins = '*' }) {
  if (!target) throw new TypeError('startFaultProxy: target is required');
  const targetUrl = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const forwarder = createForwarder({ targetUrl, agent, corsOrigins });
  const { forward } = forwarder;
  const faults = createFaultState();
  const { setFault, clear } = faults;

  let requests = 0;
  /** @type {{ request: number, method: string, path: string, kind: string }[]} */
  const applied = [];

  const state = () => ({
    ...faults.snapshot(),
    requests,
    held: forwarder.held,
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
    const needsBody = faults.fault?.bodyContains || faults.fault?.kind === 'strip';
    const body = needsBody ? await readBody(req, 64 * 1024 * 1024) : undefined;
    const f = faults.takeFault(req.method ?? 'GET', body);
    if (f) {
      applied.push({ request: requests, method: req.method ?? '', path: pathname ?? '', kind: f.kind === 'status' ? `status-${f.status}` : f.kind });
      if (await injectFault(f, req, res, { body, cors, sendJson, forward })) return undefined;
    }
    forward(req, res, { body });
    return undefined;
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
      return faults.fault;
    },
    get held() {
      return forwarder.held;
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
