#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the local FHIR server plus a small static server for the demo EHR screen,
 * which embeds the built bundle the way a vendor would. It prints the demo's URL as soon
 * as the static server listens; dist/ is rebuilt in the background only when its sources
 * changed (scripts/build.mjs --if-changed), and requests for /dist/ wait for that build.
 *
 *   FHIR_PORT=8787 DEMO_PORT=8080 node demo/start.mjs
 *
 * The static server serves the files directly in `demo/` at `/` (not its subfolders:
 * `demo/server` and `demo/data` stay private) and `dist/` at `/dist/`. Every response
 * carries a strict Content-Security-Policy with Trusted Types enforced, so the demo
 * proves the library works under one. `index.html` gets the FHIR base URL in its
 * `<meta name="fhir-base-url">`; the FHIR server allows the demo's origin for CORS.
 *
 * Tests import `startDemo({ demoPort: 0, fhirPort: 0 })`.
 */
import http from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { startFhirServer } from './server/fhir-server.mjs';
import { distIsCurrent } from '../scripts/build.mjs';

const DEMO_DIR = fileURLToPath(new URL('./', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
const BUNDLE = resolve(DIST_DIR, 'ehr-engage.js');

/** Served extensions; anything else is a 404. */
const MIME = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.hl7': 'text/plain; charset=utf-8',
});

/**
 * `KNOWLEDGE_SERVICE=medlineplus` points the demo's infobuttons at MedlinePlus Connect
 * (internet needed); unset, they use the local demo knowledge service (docs/education.md).
 */
const KNOWLEDGE_BASE = process.env.KNOWLEDGE_SERVICE === 'medlineplus' ? 'https://connect.medlineplus.gov/service' : '';

/** Files in `demo/` that are tooling, not part of the page. */
const PRIVATE_DEMO_FILES = new Set(['start.mjs']);

/**
 * The page's Content-Security-Policy. Trusted Types policies allowed by name: Lit's
 * (`lit-html`), the library's sanitizer (`ehr-engage`, src/core/sanitize.ts) and
 * DOMPurify's fallback (`dompurify`).
 * @param {string} fhirOrigin
 */
export function contentSecurityPolicy(fhirOrigin) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${fhirOrigin ? ` ${fhirOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html ehr-engage ehr-engage-ccda dompurify',
  ].join('; ');
}

/**
 * Headers on every response of the demo server.
 * @param {string} csp
 * @returns {Record<string, string>}
 */
function securityHeaders(csp) {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** @param {string} host */
function hostForUrl(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** @param {string} value */
function escapeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Maps a request path to a file, or undefined when it is not served. Never leaves the
 * two roots: the decoded path is resolved and must stay inside its root.
 * @param {string} pathname - decoded
 * @returns {string | undefined}
 */
function fileFor(pathname) {
  if (pathname === '/' || pathname === '/index.html') return resolve(DEMO_DIR, 'index.html');
  const segments = pathname.split('/').slice(1);
  // no dotfiles, no empty segments ("//", trailing "/" = a directory), no "." or ".."
  if (segments.some((s) => s === '' || s.startsWith('.'))) return undefined;
  let root;
  let rel;
  if (segments[0] === 'dist' && segments.length > 1) {
    root = DIST_DIR;
    rel = segments.slice(1);
  } else if (segments[0] === 'registry' && segments.length === 2 && segments[1].endsWith('.hl7')) {
    // sample state-registry answers the demo relays to <engage-immunizations>
    root = resolve(DEMO_DIR, 'registry');
    rel = segments.slice(1);
  } else if (segments[0] === 'rules' && segments.length === 2 && segments[1].endsWith('.json')) {
    // the care-reminder rule set (public demonstration data) the Reminders tab (demo/reminders.js) and the portal give their reminders port
    root = RULES_DIR;
    rel = segments.slice(1);
  } else if (segments.length === 1 && !PRIVATE_DEMO_FILES.has(segments[0])) {
    root = DEMO_DIR;
    rel = segments;
  } else {
    return undefined;
  }
  const file = resolve(root, ...rel);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/**
 * @typedef {object} DemoOptions
 * @property {number} [demoPort=8080] - 0 picks a free port
 * @property {number} [fhirPort=8787] - 0 picks a free port
 * @property {string} [host='127.0.0.1']
 * @property {boolean} [log=false] - one line per request
 * @property {Promise<unknown>} [distReady] - requests for /dist/ wait for it (a build in progress)
 * @property {(url: string) => void} [onListening] - called with the demo's URL as soon as it listens
 */

/**
 * @typedef {object} Demo
 * @property {string} demoUrl - e.g. `http://127.0.0.1:8080/`
 * @property {string} fhirUrl - e.g. `http://127.0.0.1:8787/fhir/R4`
 * @property {number} demoPort
 * @property {number} fhirPort
 * @property {number} startMs - from the call until both servers answer
 * @property {import('./server/fhir-server.mjs').FhirServer} fhir
 * @property {() => Promise<void>} close
 */

/**
 * Starts the FHIR server and the demo's static server.
 * @param {DemoOptions} [options]
 * @returns {Promise<Demo>}
 */
export async function startDemo({ demoPort = 8080, fhirPort = 8787, host = '127.0.0.1', log = false, distReady, onListening } = {}) {
  const t0 = performance.now();
  /** @type {{ url: string, origin: string, csp: string } | undefined} */
  let fhirInfo;
  /** @type {(value?: unknown) => void} */
  let markReady = () => {};
  const ready = new Promise((r) => (markReady = r));

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    await ready; // requests that arrive while the FHIR server seeds wait for it
    const info = /** @type {NonNullable<typeof fhirInfo>} */ (fhirInfo);
    const started = performance.now();
    const headers = securityHeaders(info.csp);
    /**
     * @param {number} status
     * @param {string | Buffer} body
     * @param {string} type
     * @param {Record<string, string>} [extra]
     */
    const send = (status, body, type, extra = {}) => {
      const payload = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(payload.length), ...extra });
      res.end(req.method === 'HEAD' ? undefined : payload);
      if (log) console.log(`[demo] ${req.method} ${req.url} -> ${status} (${(performance.now() - started).toFixed(1)} ms)`);
    };
    const sendText = (/** @type {number} */ status, /** @type {string} */ text, extra = {}) =>
      send(status, `${text}\n`, 'text/plain; charset=utf-8', { 'Cache-Control': 'no-store', ...extra });

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(405, 'Method not allowed', { Allow: 'GET, HEAD' });

    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return sendText(400, 'Bad request');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return sendText(400, 'Bad request');

    const file = fileFor(pathname);
    if (file?.startsWith(DIST_DIR) && distReady) {
      const built = await distReady.then(() => true, () => false);
      if (!built) return sendText(503, 'The build of dist/ failed: see the terminal.');
    }
    const type = file && MIME[extname(file).toLowerCase()];
    if (!file || !type) return sendText(404, 'Not found');
    const stats = await stat(file).catch(() => undefined);
    if (!stats?.isFile()) return sendText(404, 'Not found'); // directories too: no listings

    let body = await readFile(file);
    if (file === resolve(DEMO_DIR, 'index.html') || file === resolve(DEMO_DIR, 'portal.html')) {
      body = Buffer.from(
        body
          .toString('utf8')
          .replace(/(<meta name="fhir-base-url" content=")[^"]*(")/, `$1${escapeAttribute(info.url)}$2`)
          .replace(/(<meta name="knowledge-base-url" content=")[^"]*(")/, `$1${escapeAttribute(KNOWLEDGE_BASE)}$2`)
      );
    }
    // a development server: always revalidate, so a rebuild shows on reload
    return send(200, body, type, { 'Cache-Control': 'no-cache' });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('[demo] request failed:', err instanceof Error ? err.message : err);
      if (!res.headersSent) {
        res.writeHead(500, { ...securityHeaders(fhirInfo?.csp ?? contentSecurityPolicy('')), 'Content-Type': 'text/plain; charset=utf-8' });
      }
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(demoPort, host, () => {
      server.off('error', reject);
      resolveListen(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const demoOrigin = `http://${hostForUrl(host)}:${address.port}`;
  onListening?.(`${demoOrigin}/`);
  const origins = [demoOrigin];
  if (hostForUrl(host) === '127.0.0.1') origins.push(`http://localhost:${address.port}`);

  const closeDemoServer = () =>
    new Promise((resolveClose) => {
      server.close(() => resolveClose(undefined));
      server.closeAllConnections();
    });

  let fhir;
  try {
    fhir = await startFhirServer({ port: fhirPort, host, corsOrigins: origins, log });
  } catch (err) {
    markReady();
    await closeDemoServer();
    throw err;
  }
  const fhirOrigin = new URL(fhir.url).origin;
  fhirInfo = { url: fhir.url, origin: fhirOrigin, csp: contentSecurityPolicy(KNOWLEDGE_BASE ? `${fhirOrigin} ${new URL(KNOWLEDGE_BASE).origin}` : fhirOrigin) };
  markReady();

  /** @type {Promise<void> | undefined} */
  let closing;
  return {
    demoUrl: `${demoOrigin}/`,
    fhirUrl: fhir.url,
    demoPort: address.port,
    fhirPort: fhir.port,
    startMs: Math.round(performance.now() - t0),
    fhir,
    close() {
      closing ??= Promise.all([closeDemoServer(), fhir.close()]).then(() => undefined);
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------
// CLI

/**
 * @param {string} name
 * @param {number} fallback
 */
function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid ${name}: ${raw}`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const demoPort = portFromEnv('DEMO_PORT', 8080);
  const fhirPort = portFromEnv('FHIR_PORT', 8787);
  /** @type {Promise<void> | undefined} */
  let distReady;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let builder;
  if (!distIsCurrent()) {
    console.log(existsSync(BUNDLE) ? 'dist/ is out of date: rebuilding it…' : 'dist/ is missing: building it…');
    distReady = new Promise((resolveBuild, rejectBuild) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
      builder = child;
      child.on('error', rejectBuild);
      child.on('exit', (code) => (code === 0 ? resolveBuild() : rejectBuild(new Error(`build exited with ${code}`))));
    });
    distReady.then(
      () => console.log('dist/ built: reload the page if it was open.'),
      (err) => console.error(`Build failed (${err.message}); the demo cannot load the bundle.`),
    );
  }
  /** @type {Demo} */
  let demo;
  try {
    demo = await startDemo({
      demoPort,
      fhirPort,
      log: process.env.DEMO_LOG === '1',
      distReady,
      onListening: (url) => console.log(`Demo: ${url}  (starting the FHIR server…)`),
    });
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    if (e?.code === 'EADDRINUSE') {
      console.error(`Port in use: ${e.message}. Set DEMO_PORT / FHIR_PORT to other ports.`);
    } else {
      console.error('Demo failed to start:', e instanceof Error ? e.message : e);
    }
    process.exit(1);
  }
  console.log(`FHIR server ${demo.fhirUrl} ready in ${demo.startMs} ms: the demo at ${demo.demoUrl} is ready.`);

  let stopping = false;
  /** @param {string} signal */
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, shutting down`);
    const timer = setTimeout(() => process.exit(1), 3000);
    timer.unref();
    if (builder && builder.exitCode === null) builder.kill('SIGTERM'); // a half-written dist/ has no stamp: rebuilt next time
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
