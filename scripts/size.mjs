#!/usr/bin/env node
/**
 * Bundle budget: the JavaScript a page downloads up front (an entry file plus every
 * chunk it imports statically, never the on-demand chunks), minified and gzipped.
 * Fails above the budget; prints the aim for the finished library beside it.
 *
 * The script-tag bundle is measured in dist/. Each element alone is measured from the
 * `standalone` build of rollup.config.js, which this script writes to build/standalone
 * (not dist/: the package does not ship it).
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const STANDALONE = 'build/standalone';

const BUDGET = { bundle: 35_000, element: 30_000 };
const AIM = { bundle: 45_000, element: 25_000 };
/**
 * Elements held to their own budget: immunizations leaves the CDSi engine (~0.7 MB) to an
 * on-demand chunk; the health tracker is held close to its measured size.
 * Raised in December 2026 when the shared design system landed in every element (#19: the
 * SVG icon set, status chips, illustrated empty states, the focus keeper), which added
 * 1.2–2.6 kB gzip to each; the summary also gained localized status words for every FHIR
 * code it shows.
 * Raised by 0.2–0.3 kB once more when the focus keeper learned to find the replacement of a
 * repeated part (a card, a radio by its label) (#19): measured 27.6 and 27.5 kB.
 * The questionnaire is held to the library's budget again (#16): its read-only view (with
 * the date formatting), its FHIR-query mapping and its Markdown conversion load on demand
 * (31.6 -> 28.0 kB, with the shared base64 module it now uses). So is the summary (#20):
 * the patient view's lay words and the transmit write load on demand (33.4 -> 29.6 kB).
 * Raised by 0.2 kB when the focus keeper learned to give focus back to a control disabled
 * while its write ran, and the tracker's CSV import to revise a corrected row's unanswered
 * save (the write protocol), with dates on the viewer's day: measured 27.8 and 27.8 kB.
 * The summary to 30.2 kB when it learned to say what a medicine no one ordered is
 * ("Proposed", "Suggested, not prescribed") instead of "Active", and to draw a trend's value
 * labels whole (a fixed margin cut "3.187 mg/dL" to "7 mg/dL"): measured 30.16 kB.
 * To 30.3 kB when it learned to show every part of an advance directive (each thing a rule
 * refuses, and the rule's exceptions: "Except: Intubation"): measured 30.28 kB.
 * To 30.45 kB when it learned to mark the record's own words with the record's language
 * (WCAG 2.2 SC 3.1.2: ELGA's German names read by a German voice in an English page), which
 * added 154 bytes: measured 30.43 kB.
 * To 30.53 kB when a problem learned to say it is a hospital stay's admission or discharge
 * diagnosis (C-CDA sections 46241-6 and 11535-2; one field and three strings in the row),
 * which added 80 bytes: measured 30.51 kB, with the same 20 bytes of headroom as before.
 */
const ELEMENT_BUDGET = { immunizations: 28_000, 'health-tracker': 28_000, 'clinical-summary': 30_530 };
/** Chunks that must never be up front (the CDSi engine and its supporting data load on demand). */
const ON_DEMAND_ONLY = /record-forecast/;

/** Static imports of a built module: `import … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`. */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const found = new Set();
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'()]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    found.add(resolve(dirname(file), match[1]));
  }
  return [...found];
}

/** The entry and its static import closure, with raw and gzip sizes. */
export function measure(entry) {
  const seen = new Set();
  const queue = [resolve(entry)];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  let raw = 0;
  let gzip = 0;
  for (const file of seen) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: [...seen].map((f) => relative(process.cwd(), f)), raw, gzip };
}

/** Builds every element alone into build/standalone. */
export async function buildStandalone() {
  const { rollup } = await import('rollup');
  const { standalone } = await import('../rollup.config.js');
  rmSync(STANDALONE, { recursive: true, force: true });
  const config = standalone(STANDALONE);
  const bundle = await rollup(config);
  await bundle.write(config.output);
  await bundle.close();
}

export function measureAll() {
  if (!existsSync('dist/ehr-engage.js')) throw new Error('dist/ is missing: run `npm run build` first');
  const rows = [{ name: 'dist/ehr-engage.js (up front)', kind: 'bundle', ...measure('dist/ehr-engage.js') }];
  for (const file of readdirSync(STANDALONE).filter((f) => /^[a-z-]+\.js$/.test(f))) {
    const element = file.replace(/\.js$/, '');
    rows.push({ name: `element: ${element}`, kind: 'element', budget: ELEMENT_BUDGET[element], ...measure(join(STANDALONE, file)) });
  }
  return rows;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildStandalone();
  const rows = measureAll();
  let failed = false;
  console.log('\nBundle budget (min+gzip, up-front JavaScript incl. Lit and DOMPurify):');
  console.log('  entry                                   min       gzip     budget   aim');
  for (const row of rows) {
    const budget = row.budget ?? BUDGET[row.kind];
    const over = row.gzip > budget;
    const eager = row.files.filter((f) => ON_DEMAND_ONLY.test(f));
    if (eager.length) console.error(`  ${row.name}: loads on-demand code up front: ${eager.join(', ')}`);
    failed ||= over || eager.length > 0;
    console.log(
      `  ${row.name.padEnd(38)} ${kB(row.raw).padStart(9)} ${kB(row.gzip).padStart(9)} ${kB(budget).padStart(8)} ${kB(AIM[row.kind]).padStart(7)}${over ? '  OVER BUDGET' : row.gzip > AIM[row.kind] ? '  (above aim)' : ''}`,
    );
  }
  // for information: what a page that shows every element ends up loading in all
  const all = readdirSync('dist').filter((f) => /^ehr-engage.*\.js$/.test(f));
  const total = all.reduce((sum, f) => sum + gzipSync(readFileSync(join('dist', f)), { level: 9 }).length, 0);
  console.log(`  (every element and on-demand chunk of the script bundle together: ${kB(total)} gzip in ${all.length} files)`);
  if (failed) {
    console.error('size: over budget');
    process.exit(1);
  }
}
