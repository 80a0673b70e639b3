// @ts-check
/**
 * Passing a request on to the target and its answer back: headers without the hop-by-hop
 * ones, `X-Forwarded-*` so the FHIR server builds links through the proxy, and the two
 * faults that need the real answer first (`drop-after` loses it, `hold` delays it). Apart
 * from fault picking because it is the only code that talks to the target.
 */
import http from 'node:http';
import { corsHeaders, operationOutcome } from '../http-common.mjs';

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
 * A forwarder to `targetUrl` over `agent`; `held` counts answers being held back right now.
 * @param {{ targetUrl: URL, agent: http.Agent, corsOrigins: import('../http-common.mjs').CorsOrigins }} options
 */
export function createForwarder({ targetUrl, agent, corsOrigins }) {
  let held = 0;

  /**
   * Streams a request to the target. `drop`: once the target has answered (so it applied the
   * request), destroy the client's socket instead of answering. `holdMs`: buffer the target's
   * answer and pass it on only after that long. `rewrite`: buffer the target's answer and
   * pass on what it returns instead (same status and headers, its own length). `body`: the
   * request body, already read (otherwise it is streamed through).
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {{ drop?: boolean, holdMs?: number, body?: Buffer, rewrite?: (answer: Buffer) => Buffer }} [mode]
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
        if (mode.rewrite) {
          const rewrite = mode.rewrite;
          /** @type {Buffer[]} */
          const chunks = [];
          upRes.on('data', (chunk) => chunks.push(chunk));
          upRes.on('error', () => res.destroy());
          upRes.on('end', () => {
            if (res.destroyed) return;
            const answer = rewrite(Buffer.concat(chunks));
            delete out['content-encoding'];
            delete out['transfer-encoding'];
            res.writeHead(upRes.statusCode ?? 502, { ...out, 'content-length': String(answer.length) });
            res.end(answer);
          });
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

  return {
    forward,
    get held() {
      return held;
    },
  };
}
