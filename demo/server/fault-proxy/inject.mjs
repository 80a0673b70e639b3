// @ts-check
/**
 * What each fault does to the one request it was taken for: an error status with its
 * OperationOutcome, a dropped socket, a truncated body, a wait, a lost or held answer, or a
 * 200 carrying only an OperationOutcome. Apart from the proxy's request routing so every
 * fault's effect reads in one switch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { operationOutcome } from '../http-common.mjs';

/** @typedef {import('./fault-kinds.mjs').Fault} Fault */
/** @typedef {(status: number, body: unknown, headers?: Record<string, string>, contentType?: string) => void} SendJson */
/** @typedef {ReturnType<typeof import('./forward.mjs').createForwarder>['forward']} Forward */

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
 * The request body without the element at `field` (a dotted path, followed through lists)
 * in its resource, or in each entry's resource when it is a Bundle; a body that is not
 * JSON is passed on as it came.
 * @param {Buffer | undefined} body
 * @param {string} field
 * @returns {Buffer | undefined}
 */
function stripped(body, field) {
  if (!body?.length) return body;
  /** @type {any} */
  let json;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  const path = field.split('.');
  /** @param {any} node @param {number} at */
  const remove = (node, at) => {
    if (Array.isArray(node)) return node.forEach((item) => remove(item, at));
    if (!node || typeof node !== 'object') return;
    if (at === path.length - 1) delete node[path[at]];
    else remove(node[path[at]], at + 1);
  };
  const resources = json?.resourceType === 'Bundle' && Array.isArray(json.entry) ? json.entry.map((/** @type {any} */ e) => e?.resource) : [json];
  resources.forEach((resource) => remove(resource, 0));
  return Buffer.from(JSON.stringify(json), 'utf8');
}

/**
 * A Bundle answer with less in it: each entry without its `resource` and `response.location`
 * (`lose: 'resources'`), or without its entries (`lose: 'entries'`); any other answer as it came.
 * @param {Buffer} answer
 * @param {'resources' | 'entries'} lose
 * @returns {Buffer}
 */
function thinned(answer, lose) {
  /** @type {any} */
  let json;
  try {
    json = JSON.parse(answer.toString('utf8'));
  } catch {
    return answer;
  }
  if (json?.resourceType !== 'Bundle' || !Array.isArray(json.entry)) return answer;
  if (lose === 'entries') delete json.entry;
  else {
    for (const entry of json.entry) {
      delete entry?.resource;
      if (entry?.response) delete entry.response.location;
    }
  }
  return Buffer.from(JSON.stringify(json), 'utf8');
}

/**
 * Applies fault `f` to a request. Resolves `true` when the request is dealt with (answered,
 * dropped, or forwarded in a faulty way), `false` when it must now be forwarded normally
 * (after a `delay`).
 * @param {Fault} f
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ body: Buffer | undefined, cors: Record<string, string>, sendJson: SendJson, forward: Forward }} context -
 *   `body`: the request body if it was read (to filter on); `cors`: the CORS headers for this request
 * @returns {Promise<boolean>}
 */
export async function injectFault(f, req, res, { body, cors, sendJson, forward }) {
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
      sendJson(status, outcomeFor(status), headers, 'application/fhir+json; charset=utf-8');
      return true;
    }
    case 'drop':
      req.socket.destroy();
      return true;
    case 'malformed': {
      req.resume();
      const body = '{"resourceType":"Bundle","type":"searchset","total":3,"entry":[{"fullUrl":"';
      res.writeHead(200, {
        ...cors,
        'Content-Type': 'application/fhir+json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
      });
      res.end(body);
      return true;
    }
    case 'delay': {
      const aborted = new AbortController();
      const onClose = () => aborted.abort();
      res.on('close', onClose);
      try {
        await sleep(f.ms, undefined, { signal: aborted.signal });
      } catch {
        return true; // client went away while we were waiting
      } finally {
        res.off('close', onClose);
      }
      break;
    }
    case 'drop-after':
      forward(req, res, { drop: true, body });
      return true;
    case 'hold':
      forward(req, res, { holdMs: f.ms, body });
      return true;
    case 'strip': {
      forward(req, res, { body: stripped(body, f.field) });
      return true;
    }
    case 'thin-answer':
      forward(req, res, { body, rewrite: (answer) => thinned(answer, f.lose) });
      return true;
    case 'outcome': {
      if (!body) req.resume();
      const text = f.text ?? 'The request was accepted but nothing was stored (injected fault)';
      const outcome = operationOutcome('information', 'informational', text);
      sendJson(f.status ?? 200, outcome, {}, 'application/fhir+json; charset=utf-8');
      return true;
    }
  }
  return false;
}
