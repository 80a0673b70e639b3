// @ts-check
/**
 * What a vendor's bundler puts on a page's first load (issue 20, items 1 and 6).
 *
 * Each case is a page that imports one element and the adapter factory it needs, bundled
 * by esbuild with code splitting, as a vendor's build would bundle the npm entry points
 * (they are built from these same sources by rollup, which keeps every `import()` a
 * chunk of its own). The esbuild metafile says which source modules end up in the files
 * the page loads up front (the entry and what it imports statically) and which only in
 * chunks loaded on demand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = process.cwd();

/**
 * Bundles a page (its source) with splitting and returns the source modules in its
 * first load and in its on-demand chunks.
 * @param {string} source
 */
async function pageModules(source) {
  const dir = mkdtempSync(join(ROOT, 'build/page-'));
  try {
    const entry = join(dir, 'page.ts');
    writeFileSync(entry, source);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      outdir: join(dir, 'out'),
      absWorkingDir: ROOT,
      tsconfig: join(ROOT, 'tsconfig.json'),
      logLevel: 'error',
    });
    const outputs = result.metafile.outputs;
    // the page's own output: every dynamic `import()` chunk has an entryPoint too
    const entryOut = Object.keys(outputs).find((name) => outputs[name]?.entryPoint?.endsWith('/page.ts'));
    assert.ok(entryOut, 'the page has an entry output');
    // the first load: the entry and, transitively, the chunks it imports statically
    const first = new Set();
    const visit = (/** @type {string} */ name) => {
      if (first.has(name)) return;
      first.add(name);
      for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
    };
    visit(entryOut);
    /** @param {(name: string) => boolean} which */
    const modulesOf = (which) =>
      new Set(
        Object.entries(outputs)
          .filter(([name]) => name.endsWith('.js') && which(name))
          .flatMap(([, output]) => Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path)),
      );
    return { firstLoad: modulesOf((name) => first.has(name)), onDemand: modulesOf((name) => !first.has(name)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether any module path in the set matches. */
const has = (/** @type {Set<string>} */ modules, /** @type {RegExp} */ pattern) => [...modules].some((path) => pattern.test(path));

const SUMMARY_MAPPING = /src\/adapters\/fhir\/mapping\/summary\.ts$/;
const OTHER_PORT_MAPPINGS = /src\/adapters\/fhir\/mapping\/(summary|refill|decision-aid)\.ts$/;
const SPANISH = /src\/core\/locales\/es\.ts$/;
const VIRTUALIZER = /@lit-labs\/virtualizer\/Virtualizer\.js$/;
/** The C-CDA reader and every module of it (ccda-dom, ccda-care, …). */
const CCDA = /src\/adapters\/ccda\/ccda(-[a-z]+)?\.ts$/;
const SEND_FORM = /src\/elements\/clinical-summary\/summary-transmit\.ts$/;
const IPS = /src\/adapters\/ips\/ips\.ts$/;
/** The summary's patient-view words and the name tables they read (#20: a clinician's page does without). */
const PATIENT_WORDS = /src\/elements\/clinical-summary\/patient-words\.ts$/;
const CLINICAL_NAMES = /src\/core\/clinical-names\/(loinc|rxnorm)-names\.ts$/;

test('a page with only a thread and the messaging port carries no other port mapping', async () => {
  const { firstLoad, onDemand } = await pageModules(`
    import '../../src/elements/message-thread/message-thread.js';
    import { createFhirMessaging } from '../../src/adapters/fhir/index.js';
    export const adapter = createFhirMessaging({ baseUrl: '/fhir' });
  `);
  assert.ok(has(firstLoad, /src\/adapters\/fhir\/mapping\/messaging\.ts$/), 'the messaging mapping is on the page');
  assert.ok(!has(firstLoad, OTHER_PORT_MAPPINGS), 'no summary, refill or decision-aid mapping on the first load');
  assert.ok(!has(firstLoad, SPANISH), 'the Spanish strings load on demand');
  assert.ok(!has(firstLoad, VIRTUALIZER), 'the virtualizer loads on demand');
  assert.ok(!has(firstLoad, /node_modules\/dompurify\//), 'the sanitizer loads on demand (plain messages never load it)');
  assert.ok(has(onDemand, VIRTUALIZER) && has(onDemand, SPANISH), 'both are chunks of their own');
});

test('createFhirAdapter (every port) does carry the other ports: the check above can fail', async () => {
  const { firstLoad } = await pageModules(`
    import '../../src/elements/message-thread/message-thread.js';
    import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
    export const adapter = createFhirAdapter({ baseUrl: '/fhir' });
  `);
  assert.ok(has(firstLoad, /src\/adapters\/fhir\/mapping\/(refill|decision-aid)\.ts$/));
});

test('a summary page loads the C-CDA and IPS parsers, the summary mapping, the send form, the lay words and Spanish on demand', async () => {
  const { firstLoad, onDemand } = await pageModules(`
    import '../../src/elements/clinical-summary/clinical-summary.js';
    import { createFhirSummary } from '../../src/adapters/fhir/index.js';
    export const adapter = createFhirSummary({ baseUrl: '/fhir' });
  `);
  for (const [name, pattern] of /** @type {const} */ ([
    ['C-CDA parser', CCDA],
    ['IPS parser', IPS],
    ['summary mapping', SUMMARY_MAPPING],
    ['Spanish strings', SPANISH],
    ['send form', SEND_FORM],
    ['lay words of the patient view', PATIENT_WORDS],
    ['LOINC and RxNorm name tables', CLINICAL_NAMES],
  ])) {
    assert.ok(!has(firstLoad, pattern), `${name} is not on the first load`);
    assert.ok(has(onDemand, pattern), `${name} is in an on-demand chunk`);
  }
  assert.ok(!has(firstLoad, /src\/adapters\/fhir\/mapping\/(refill|decision-aid|messaging)\.ts$/), 'no other port mapping');
});

/** The source of every FHIR port class and of every FHIR mapping module. */
const FHIR_PORT_CODE = /src\/adapters\/fhir\/([a-z-]+-port|mapping\/[a-z-]+)\.ts$/;

test('the script-tag entry exports createFhirAdapter without its ports on the first load', async () => {
  const { firstLoad, onDemand } = await pageModules(`export * from '../../src/ehr-engage.js';`);
  const eager = [...firstLoad].filter((path) => FHIR_PORT_CODE.test(path));
  assert.deepEqual(eager, [], 'no port class or mapping up front');
  for (const port of ['messaging', 'summary', 'refill', 'scheduling', 'patient']) {
    assert.ok(has(onDemand, new RegExp(`src/adapters/fhir/${port}-port\\.ts$`)), `the ${port} port is an on-demand chunk`);
  }
  assert.ok(has(firstLoad, /src\/adapters\/fhir\/client\.ts$/), 'the client is built at once (adapter.client)');
});
