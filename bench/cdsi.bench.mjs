#!/usr/bin/env node
/**
 * Benchmark of the CDSi forecaster (src/immunization-forecast): the time to evaluate and
 * forecast every antigen and vaccine group for one patient with 30 doses, and for all of
 * CDC's test cases (test/fixtures/cdsi) in a row. Not part of `npm test` (no timing is
 * asserted anywhere); prints medians and writes bench/results/cdsi.json.
 *
 *   node bench/cdsi.bench.mjs [--runs 20]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadEngine, loadCaseFiles, inputOf } from '../test/node/cdsi-harness.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
const engine = await loadEngine();

/** A child born 2010 with a complete childhood record: 30 doses over 12 years. */
const thirtyDoses = {
  patient: { birthDate: '2010-01-15', gender: 'F' },
  assessmentDate: '2025-11-10',
  doses: [
    ['2010-01-15', '08'], ['2010-03-15', '110'], ['2010-03-15', '49'], ['2010-03-15', '133'], ['2010-03-15', '116'],
    ['2010-05-15', '110'], ['2010-05-15', '49'], ['2010-05-15', '133'], ['2010-05-15', '116'],
    ['2010-07-15', '110'], ['2010-07-15', '133'], ['2010-07-15', '116'], ['2010-10-15', '141'],
    ['2011-01-20', '03'], ['2011-01-20', '21'], ['2011-01-20', '83'], ['2011-04-20', '20'], ['2011-04-20', '49'],
    ['2011-04-20', '133'], ['2011-07-20', '83'], ['2011-10-20', '141'], ['2014-02-01', '130'], ['2014-02-01', '94'],
    ['2014-10-01', '141'], ['2021-02-01', '115'], ['2021-02-01', '62'], ['2021-02-01', '114'], ['2021-09-01', '62'],
    ['2023-10-01', '141'], ['2025-06-01', '187'],
  ].map(([date, cvx]) => ({ date, cvx })),
};

function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

engine.evaluateAndForecast(thirtyDoses); // warm-up (JIT, data parse)
const single = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  engine.evaluateAndForecast(thirtyDoses);
  single.push(performance.now() - t);
}

const inputs = loadCaseFiles().flatMap((f) => f.cases).map(inputOf);
const all = [];
for (let i = 0; i < Math.max(3, Math.floor(runs / 5)); i++) {
  const t = performance.now();
  for (const input of inputs) {
    try { engine.evaluateAndForecast(input); } catch { /* counted like any case */ }
  }
  all.push(performance.now() - t);
}

const results = {
  node: process.version,
  onePatient30Doses: { medianMs: +median(single).toFixed(2), runs },
  allTestCases: { cases: inputs.length, medianMs: +median(all).toFixed(1), perCaseMs: +(median(all) / inputs.length).toFixed(2), runs: all.length },
};
console.log(JSON.stringify(results, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/cdsi.json', `${JSON.stringify(results, null, 2)}\n`);
