#!/usr/bin/env node
/* global window -- in functions that run in the page */
/**
 * Page weight and time to content of one element per page (issue 20). Not a test and
 * not part of `npm test`:
 *
 *   npm run bench:pages [-- --runs 3] [--root ../other-checkout --adapter all]
 *
 * Cases: the clinical summary of the medium and the largest Synthea patient, and a
 * message thread of 20 and of 1,000 messages, and the demo's PHQ-9 questionnaire, all read from the local FHIR server
 * (demo/server) over HTTP. Each page imports just that element and its port from the
 * package sources (`--adapter port`: `createFhirSummary` / `createFhirMessaging` from the port's own entry,
 * `ehr-engage/adapters/fhir/summary` / `…/messaging`, where the checkout has one;
 * `--adapter all`: `createFhirAdapter`, for a checkout that has no per-port factories),
 * bundled by esbuild as a vendor's build would, minified, with code splitting. Beside it
 * a bare page fetches the same JSON and prints it.
 *
 * Per case, the median over `--runs` cold loads in headless Chromium of:
 *   - gzip KiB of the script the page loaded before first content (split build), and of
 *     the whole page with every `import()` inlined (one file, as the issue's harness built);
 *   - requests to the FHIR server before first content, and sequential round trips
 *     (the longest chain of requests each sent after the previous one was answered);
 *   - ms from navigation to first content, and from the last FHIR answer to first content
 *     (parse, mapping and render: the part the element adds after the data is in);
 *     DOM nodes; JS heap after a forced GC.
 * Printed as a table and written to bench/results/page-weight.json.
 *
 * `--analyze` also prints, per element case, each script the page loaded before first
 * content with its gzip size and the source modules that make most of it (esbuild's
 * metafile: bytes in the minified output, scaled to the file's gzip size).
 *
 * `--case TEXT` measures only the cases whose name holds TEXT (`--case summary`).
 *
 * `--root` measures another checkout's sources (for before/after figures) against this
 * checkout's FHIR server; Chromium is CHROME_PATH or /usr/bin/chromium.
 *
 * `--http2` serves the pages over HTTP/2 (TLS with a throwaway self-signed certificate made
 * by the `openssl` command), as a production host would: one connection carries every
 * chunk at once, where HTTP/1.1's six connections fetch a page's chunks in waves. The
 * default stays HTTP/1.1, the harder case and the issue's.
 */
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startFhirServer } from '../demo/server/fhir-server.mjs';
import { HEADLESS_CHROMIUM_ARGS } from '../scripts/ensure-chromium.mjs';

const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const here = process.cwd();
const root = resolve(arg('root', here));
const runs = Number(arg('runs', 3)) || 3;
const adapterKind = arg('adapter', 'port');
const analyze = process.argv.includes('--analyze');
const http2 = process.argv.includes('--http2');
/** `--case summary` measures only the cases whose name holds that text. */
const only = arg('case', '');
const out = join(here, 'bench/results/pages');
const PATIENTS = {
  medium: 'synthea-jill-tillman-c4b7d178.json',
  largest: 'synthea-vito-feeney-63dd4423.json',
};

/**
 * Where a page imports its port's factory from: the port's own entry
 * (`ehr-engage/adapters/fhir/summary` is src/adapters/fhir/entries/summary.ts), or the
 * all-ports entry for `--adapter all` and for a checkout that has no per-port entries.
 */
const portModule = (name) =>
  adapterKind !== 'all' && existsSync(join(root, `src/adapters/fhir/entries/${name}.ts`)) ? `ROOT/src/adapters/fhir/entries/${name}.js` : 'ROOT/src/adapters/fhir/index.js';

/** The element pages, one source each (`ROOT` is replaced by the measured checkout's path). */
const PAGES = {
  summary: `
    import 'ROOT/src/elements/clinical-summary/clinical-summary.js';
    import { ${adapterKind === 'all' ? 'createFhirAdapter as create' : 'createFhirSummary as create'} } from '${portModule('summary')}';
    const params = new URLSearchParams(location.search);
    const el = document.createElement('engage-clinical-summary');
    el.adapter = create({ baseUrl: params.get('fhir') });
    el.session = { patient: params.get('patient'), role: 'clinician', locale: 'en-US' };
    document.body.append(el);
    const done = () => (el.shadowRoot?.querySelector('[part~="section"]') ? (window.contentAt = performance.now()) : requestAnimationFrame(done));
    done();
  `,
  thread: `
    import 'ROOT/src/elements/message-thread/message-thread.js';
    import { ${adapterKind === 'all' ? 'createFhirAdapter as create' : 'createFhirMessaging as create'} } from '${portModule('messaging')}';
    const params = new URLSearchParams(location.search);
    const el = document.createElement('engage-message-thread');
    el.adapter = create({ baseUrl: params.get('fhir') });
    el.session = { patient: params.get('patient'), user: { ref: params.get('patient'), name: 'Patient' }, role: 'patient', locale: 'en-US' };
    el.threadId = params.get('thread');
    document.body.append(el);
    const done = () => (el.shadowRoot?.querySelector('[part~="message"]') ? (window.contentAt = performance.now()) : requestAnimationFrame(done));
    done();
  `,
  /** The demo's PHQ-9 (demo/server/seed-questionnaires.mjs) from the server, ready to answer (#16). */
  questionnaire: `
    import 'ROOT/src/elements/questionnaire/questionnaire.js';
    import { ${adapterKind === 'all' ? 'createFhirAdapter as create' : 'createFhirQuestionnaires as create'} } from '${portModule('questionnaires')}';
    const params = new URLSearchParams(location.search);
    const el = document.createElement('engage-questionnaire');
    el.adapter = create({ baseUrl: params.get('fhir') });
    el.session = { patient: params.get('patient'), role: 'patient', locale: 'en-US' };
    el.setAttribute('questionnaire', params.get('questionnaire'));
    document.body.append(el);
    const done = () => (el.shadowRoot?.querySelector('form select') ? (window.contentAt = performance.now()) : requestAnimationFrame(done));
    done();
  `,
  /** The floor: the same reads, printed as JSON. */
  bare: `
    const params = new URLSearchParams(location.search);
    const base = params.get('fhir');
    const pre = document.createElement('pre');
    const reads = JSON.parse(params.get('reads'));
    const body = reads.length === 1 ? undefined : JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: reads.map((url) => ({ request: { method: 'GET', url } })) });
    const response = await fetch(reads.length === 1 ? base + '/' + reads[0] : base, body ? { method: 'POST', body, headers: { 'Content-Type': 'application/fhir+json' } } : {});
    pre.textContent = JSON.stringify(await response.json(), null, 1);
    document.body.append(pre);
    requestAnimationFrame(() => (window.contentAt = performance.now()));
  `,
};

/**
 * The sources as the npm package ships them: where the measured checkout's build squeezes
 * the CSS of its `css` templates (scripts/minify-css-literals.mjs), the bench does too, so
 * the bytes are a vendor's, not the repository's indentation.
 */
async function asShipped() {
  const script = join(root, 'scripts/minify-css-literals.mjs');
  if (!existsSync(script)) return [];
  const { minifyCssLiterals } = await import(script);
  return [
    {
      name: 'as-shipped-css',
      setup(build) {
        build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
          const code = readFileSync(args.path, 'utf8');
          return code.includes('css`') ? { contents: minifyCssLiterals(code), loader: 'ts' } : undefined;
        });
      },
    },
  ];
}

/** Bundles each page twice: split (what loads) and with every import() inlined (the whole page). */
async function bundlePages() {
  rmSync(out, { recursive: true, force: true });
  const sizes = {};
  /** Per page, the split build's outputs (esbuild metafile), keyed by served path. */
  const outputs = {};
  for (const [name, source] of Object.entries(PAGES)) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, 'page.ts');
    writeFileSync(entry, source.replaceAll('ROOT', root));
    const common = { entryPoints: [entry], bundle: true, minify: true, format: 'esm', target: 'es2022', logLevel: 'error', absWorkingDir: root, tsconfig: join(root, 'tsconfig.json'), plugins: await asShipped() };
    const split = await build({ ...common, splitting: true, metafile: true, outdir: join(dir, 'split'), entryNames: 'page', chunkNames: 'chunk-[hash]' });
    for (const [file, output] of Object.entries(split.metafile.outputs)) outputs[`/${name}/split/${file.split('/').pop()}`] = output;
    const inlined = await build({ ...common, write: false, outfile: join(dir, 'inline.js') });
    sizes[name] = { inlineGzip: gzipSync(inlined.outputFiles[0].contents).length };
  }
  return { sizes, outputs };
}

/** A static server for the pages; remembers the gzip size of every file it served. */
async function servePages() {
  const gz = new Map();
  const server = (http2 ? createSecureServer.bind(null, { ...selfSignedCertificate(), allowHTTP1: true }) : createServer)((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path.endsWith('/')) {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>page weight</title><body><script type="module" src="${path}split/page.js"></script></body></html>`);
      return;
    }
    const file = join(out, path);
    if (!file.startsWith(out)) return void response.writeHead(404).end();
    try {
      const body = readFileSync(file);
      if (!gz.has(path)) gz.set(path, gzipSync(body).length);
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `${http2 ? 'https' : 'http'}://127.0.0.1:${server.address().port}`, gz };
}

/** A key and a self-signed certificate for 127.0.0.1, made for this run (`--http2`). */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const pair = { key: readFileSync(key), cert: readFileSync(cert) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

/** A conversation of `count` messages for the patient, written straight to the server; returns its id. */
async function seedThread(fhir, patient, count) {
  const post = async (body) => {
    const response = await fetch(fhir, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/fhir+json' } });
    if (!response.ok) throw new Error(`seeding failed: HTTP ${response.status}`);
    return response.json();
  };
  const clinician = { reference: 'Practitioner/bench-clinician', display: 'Dr. Bench' };
  const header = await post({
    resourceType: 'Bundle',
    type: 'batch',
    entry: [{ request: { method: 'POST', url: 'Communication' }, resource: { resourceType: 'Communication', status: 'in-progress', subject: { reference: patient }, topic: { text: `Bench ${count}` }, sender: { reference: patient }, recipient: [{ reference: patient }, clinician], sent: '2026-01-01T09:00:00Z' } }],
  });
  const id = header.entry[0].resource.id;
  const start = Date.parse('2026-01-01T09:00:00Z');
  const messages = Array.from({ length: count }, (_, i) => ({
    request: { method: 'POST', url: 'Communication' },
    resource: {
      resourceType: 'Communication',
      status: 'completed',
      partOf: [{ reference: `Communication/${id}` }],
      subject: { reference: patient },
      sender: i % 2 ? clinician : { reference: patient },
      recipient: [i % 2 ? { reference: patient } : clinician],
      sent: new Date(start + (i + 1) * 60_000).toISOString(),
      payload: [{ contentString: `<p>Message ${i + 1}: how are you feeling after the change in dose? Please write back.</p>` }],
    },
  }));
  for (let i = 0; i < messages.length; i += 250) await post({ resourceType: 'Bundle', type: 'batch', entry: messages.slice(i, i + 250) });
  return id;
}

/** The longest chain of FHIR requests each sent after an earlier one was answered. */
function sequentialDepth(requests) {
  const depth = new Map();
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    const before = sorted.filter((o) => o !== r && o.end !== undefined && o.end <= r.start).map((o) => depth.get(o) ?? 1);
    depth.set(r, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...depth.values());
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * One cold load of a page: resource timing (on the same clock as the page's content
 * moment) says which scripts and FHIR requests came before first content.
 */
async function measure(browser, pages, path, query, fhirOrigin) {
  const page = await browser.newPage();
  await page.goto(`${pages.url}${path}?${new URLSearchParams(query)}`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => typeof window.contentAt === 'number', { timeout: 120_000, polling: 50 });
  const { contentAt, entries } = await page.evaluate(() => ({
    contentAt: window.contentAt,
    entries: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })),
  }));
  const before = entries.filter((e) => e.start <= contentAt);
  const fhirRequests = before.filter((e) => e.name.startsWith(fhirOrigin));
  const scripts = before.filter((e) => e.name.startsWith(pages.url) && e.name.endsWith('.js'));
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = await page.metrics();
  await page.close();
  return {
    contentMs: contentAt,
    // what the page does between the last answer and first content: parse, mapping, render
    afterDataMs: contentAt - Math.max(0, ...fhirRequests.map((e) => e.end)),
    requests: fhirRequests.length,
    roundTrips: sequentialDepth(fhirRequests),
    domNodes: metrics.Nodes,
    heapKiB: metrics.JSHeapUsedSize / 1024,
    loadedGzip: scripts.reduce((sum, e) => sum + (pages.gz.get(new URL(e.name).pathname) ?? 0), 0),
    scripts: scripts.map((e) => new URL(e.name).pathname),
    // where the time goes: the last script answered, the first FHIR request sent, the last answered
    scriptsEndMs: Math.max(0, ...scripts.map((e) => e.end)),
    fhirStartMs: Math.min(...fhirRequests.map((e) => e.start)),
    fhirEndMs: Math.max(0, ...fhirRequests.map((e) => e.end)),
  };
}

/**
 * Where a case's loaded bytes come from (`--analyze`): each script loaded before first
 * content, and the source modules (or npm packages) that make most of it.
 */
function printLoaded(name, scripts, outputs, gz) {
  const source = (path) => (path.includes('node_modules/') ? `npm:${path.split('node_modules/').pop().split('/').slice(0, path.includes('node_modules/@') ? 2 : 1).join('/')}` : path.replace(/^.*?\/src\//, 'src/'));
  const total = scripts.reduce((sum, path) => sum + (gz.get(path) ?? 0), 0);
  console.log(`\n${name}: ${(total / 1024).toFixed(1)} KiB gzip in ${scripts.length} scripts before first content`);
  for (const path of scripts) {
    const output = outputs[path];
    const gzip = gz.get(path) ?? 0;
    if (!output) continue;
    const parts = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) parts.set(source(input), (parts.get(source(input)) ?? 0) + (bytesInOutput * gzip) / output.bytes);
    const top = [...parts].sort((a, b) => b[1] - a[1]).filter(([, bytes]) => bytes >= 100);
    console.log(`  ${path.split('/').pop().padEnd(20)} ${(gzip / 1024).toFixed(1).padStart(5)} KiB  ${top.map(([module, bytes]) => `${module} ${(bytes / 1024).toFixed(1)}`).join(', ')}`);
  }
}

const fhir = await startFhirServer({ port: 0 });
const fhirOrigin = new URL(fhir.url).origin;
const pages = await servePages();
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: HEADLESS_CHROMIUM_ARGS,
  acceptInsecureCerts: http2,
});
try {
  const { sizes, outputs } = await bundlePages();
  const patientOf = (file) => JSON.parse(readFileSync(join(here, 'demo/data', file), 'utf8')).entry.find((e) => e.resource.resourceType === 'Patient').resource.id;
  const threadPatient = `Patient/${patientOf(PATIENTS.medium)}`;
  const SUMMARY_TYPES = ['Condition', 'AllergyIntolerance', 'MedicationRequest', 'MedicationStatement', 'MedicationDispense', 'Immunization', 'Observation', 'DiagnosticReport', 'Procedure', 'Encounter', 'CarePlan', 'Goal', 'DocumentReference', 'CareTeam', 'Device', 'DeviceUseStatement', 'Consent'];
  const cases = [];
  for (const [size, file] of Object.entries(PATIENTS)) {
    const patient = `Patient/${patientOf(file)}`;
    cases.push({ name: `summary, ${size} patient`, page: 'summary', query: { fhir: fhir.url, patient }, bare: [patient, ...SUMMARY_TYPES.map((t) => `${t}?patient=${patient}&_count=1000`)] });
  }
  // a thread is seeded only for a case that runs
  for (const count of [20, 1000].filter((n) => `thread, ${n} messages`.includes(only))) {
    const thread = await seedThread(fhir.url, threadPatient, count);
    cases.push({ name: `thread, ${count} messages`, page: 'thread', query: { fhir: fhir.url, patient: threadPatient, thread }, bare: [`Communication?part-of=Communication/${thread}&_sort=sent&_count=1000`] });
  }
  cases.push({ name: 'questionnaire, PHQ-9', page: 'questionnaire', query: { fhir: fhir.url, patient: threadPatient, questionnaire: 'Questionnaire/demo-phq9' }, bare: ['Questionnaire/demo-phq9'] });
  const results = [];
  for (const c of cases.filter((c) => c.name.includes(only))) {
    const element = [];
    const bare = [];
    for (let i = 0; i < runs; i++) {
      element.push(await measure(browser, pages, `/${c.page}/`, c.query, fhirOrigin));
      bare.push(await measure(browser, pages, '/bare/', { fhir: fhir.url, reads: JSON.stringify(c.bare) }, fhirOrigin));
    }
    if (analyze) printLoaded(c.name, element[0].scripts, outputs, pages.gz);
    const summarize = (samples) => Object.fromEntries(Object.keys(samples[0]).filter((k) => k !== 'scripts').map((k) => [k, median(samples.map((s) => s[k]))]));
    results.push({ case: c.name, element: { ...summarize(element), inlineGzip: sizes[c.page].inlineGzip }, bare: { ...summarize(bare), inlineGzip: sizes.bare.inlineGzip } });
  }
  const kib = (bytes) => (bytes / 1024).toFixed(1);
  console.log(`\nPage weight and time to content (${root === here ? 'this checkout' : root}, adapter: ${adapterKind}, pages over HTTP/${http2 ? 2 : '1.1'}, median of ${runs})\n`);
  console.log('case                      | page    | KiB gz loaded | KiB gz inlined | requests | round trips | content ms | after data ms | DOM nodes | heap KiB');
  for (const r of results) {
    for (const [label, m] of [['element', r.element], ['bare', r.bare]]) {
      console.log(
        `${(label === 'element' ? r.case : '').padEnd(25)} | ${label.padEnd(7)} | ${kib(m.loadedGzip).padStart(13)} | ${kib(m.inlineGzip).padStart(14)} | ${String(m.requests).padStart(8)} | ${String(m.roundTrips).padStart(11)} | ${m.contentMs.toFixed(0).padStart(10)} | ${m.afterDataMs.toFixed(0).padStart(13)} | ${String(m.domNodes).padStart(9)} | ${m.heapKiB.toFixed(0).padStart(8)}`,
      );
    }
  }
  console.log('\nWhere the time goes (ms from navigation, medians): scripts loaded, first FHIR request sent, last FHIR answer, first content\n');
  console.log('case                      | page    | scripts | request | answer | content');
  for (const r of results) {
    for (const [label, m] of [['element', r.element], ['bare', r.bare]]) {
      console.log(`${(label === 'element' ? r.case : '').padEnd(25)} | ${label.padEnd(7)} | ${m.scriptsEndMs.toFixed(0).padStart(7)} | ${m.fhirStartMs.toFixed(0).padStart(7)} | ${m.fhirEndMs.toFixed(0).padStart(6)} | ${m.contentMs.toFixed(0).padStart(7)}`);
    }
  }
  mkdirSync(join(here, 'bench/results'), { recursive: true });
  writeFileSync(join(here, 'bench/results/page-weight.json'), JSON.stringify({ root, adapter: adapterKind, protocol: http2 ? 'HTTP/2' : 'HTTP/1.1', runs, results }, null, 2));
} finally {
  await browser.close();
  pages.server.close();
  await fhir.close();
}
