// Issue 20, item 1: a page that uses one FHIR port carries that port alone. Each port has a
// package entry (`ehr-engage/adapters/fhir/summary`, …); what an entry reaches in the built
// package (static imports and `import()`s, followed through dist/) must hold no other port,
// since a bundler makes chunks even for the `import()`s of code it then drops (esbuild
// does, and the shared code splits along them: 14 scripts on a thread's page instead of 9).
// Needs dist/ (`npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * The ports each entry holds, by the class names the FHIR adapter's sources declare (the
 * care reminders send their messages through the messaging port, so they carry it too).
 */
const EXPECTED = {
  patient: ['FhirPatientPort'],
  messaging: ['FhirMessagingPort'],
  summary: ['FhirSummaryPort'],
  refills: ['FhirRefillPort'],
  'decision-aids': ['FhirDecisionAidPort'],
  immunizations: ['FhirImmunizationPort'],
  'health-tracker': ['FhirHealthTrackerPort'],
  education: ['FhirEducationPort'],
  questionnaires: ['FhirQuestionnairePort'],
  scheduling: ['FhirSchedulingPort'],
  reminders: ['FhirCareReminderPort', 'FhirMessagingPort'],
};

/** Every port class the adapter's sources declare: what an entry must not reach unasked. */
const ALL_PORTS = readdirSync('src/adapters/fhir')
  .filter((f) => f.endsWith('.ts'))
  .flatMap((f) => [...readFileSync(join('src/adapters/fhir', f), 'utf8').matchAll(/export class (Fhir\w+Port)\b/g)].map((m) => m[1]));

/** The built files a file reaches: static and dynamic imports and re-exports, transitively. */
function reached(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    reached(posix.normalize(posix.join(dirname(file), match[1])), seen);
  }
  return seen;
}

test('the package exports one entry per FHIR port, and the sources declare every port named here', () => {
  assert.deepEqual(pkg.exports['./adapters/fhir/*'], { types: './dist/types/adapters/fhir/entries/*.d.ts', default: './dist/adapters/fhir/*.js' });
  assert.deepEqual(readdirSync('dist/adapters/fhir').map((f) => f.replace(/\.js$/, '')).sort(), Object.keys(EXPECTED).sort());
  assert.deepEqual([...new Set(Object.values(EXPECTED).flat())].sort(), [...ALL_PORTS].sort());
  for (const name of Object.keys(EXPECTED)) assert.ok(existsSync(`dist/types/adapters/fhir/entries/${name}.d.ts`), `${name}: its declarations`);
});

for (const [name, ports] of Object.entries(EXPECTED)) {
  test(`ehr-engage/adapters/fhir/${name} reaches only ${ports.join(' and ')}`, () => {
    const files = [...reached(`dist/adapters/fhir/${name}.js`)];
    // the built npm files are not minified: a class keeps its name (`class FhirSummaryPort`)
    const declared = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bclass (Fhir\w+Port)\b/g)].map((m) => m[1])));
    assert.deepEqual([...declared].filter((c) => ALL_PORTS.includes(c)).sort(), [...ports].sort(), files.join('\n'));
  });
}

/** What esbuild writes for a page that builds a messaging adapter from `entry` (a built file), split as a vendor's build is. */
async function messagingPage(entry) {
  const result = await build({
    stdin: { contents: `import { createFhirMessaging } from '${entry}'; globalThis.made = createFhirMessaging({ baseUrl: '/fhir' });`, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: 'out',
    external: ['lit', '@lit/*', '@lit-labs/*', 'dompurify'],
    logLevel: 'silent',
  });
  return result.outputFiles;
}

test('bundled by esbuild with code splitting, a messaging page gets no chunk of another port', async () => {
  const files = await messagingPage('./dist/adapters/fhir/messaging.js');
  const code = files.map((f) => f.text).join('\n');
  // esbuild writes a class as `class X` or `var X = class`
  const declares = (name) => new RegExp(`class ${name}\\b|\\b${name} = class\\b`);
  assert.match(code, declares('FhirMessagingPort'));
  for (const other of ALL_PORTS.filter((c) => c !== 'FhirMessagingPort')) assert.doesNotMatch(code, declares(other), other);
  // and with the all-ports entry, the same page did carry more chunks (split along other ports' import()s)
  const all = await messagingPage('./dist/adapters/fhir.js');
  assert.ok(all.length > files.length, `${all.length} files from the all-ports entry, ${files.length} from the messaging entry`);
});

test('a page that only reads (the summary entry) loads no write checks up front; the first write loads them', async () => {
  const result = await build({
    stdin: { contents: `import { createFhirSummary } from './dist/adapters/fhir/summary.js'; globalThis.made = createFhirSummary({ baseUrl: '/fhir' });`, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: 'out',
    external: ['lit', '@lit/*', '@lit-labs/*', 'dompurify'],
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [f.path.split('/').pop(), f.text]));
  const entry = [...files.keys()].find((name) => name.startsWith('stdin'));
  // the page's static import graph: what loads before any code runs
  const upFront = new Set();
  const walk = (name) => {
    if (upFront.has(name) || !files.has(name)) return;
    upFront.add(name);
    for (const m of files.get(name).matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'()]*?\s*from\s*)?["']\.\/([^"']+)["']/g)) walk(m[1]);
  };
  walk(entry);
  // notHeldError's words (src/adapters/fhir/write-checks.ts) mark the write checks
  const marker = 'the server did not store all of it';
  assert.ok([...files.values()].some((code) => code.includes(marker)), 'the write checks are in the build');
  assert.deepEqual([...upFront].filter((name) => files.get(name).includes(marker)), [], 'no up-front file holds them');
});
