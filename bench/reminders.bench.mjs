#!/usr/bin/env node
/**
 * Benchmark of care-reminder evaluation (#14): the time to evaluate every rule of
 * rules/preventive-care.json for 1,000 patients and to build the worklist across them.
 * The patients are generated from the seeded fixture records in demo/data (Synthea and US
 * Core): each copy gets its own id and its whole record (birth date and every entry) moved
 * so that its last entry falls within the three years before the as-of date, and its birth
 * date moved again by up to ±15 years, so ages and statuses spread. Not part of `npm test`; reports figures, asserts nothing about time.
 *
 *   node bench/reminders.bench.mjs [--patients 1000] [--runs 5]
 *
 * Results are printed and written to bench/results/reminders.json.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importTs } from '../test/node/ts-bundle.mjs';

const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const count = process.argv.includes('--patients') ? arg('--patients', 1000) : 1000;
const runs = process.argv.includes('--runs') ? arg('--runs', 5) : 5;
const ASOF = '2026-12-01';

const { evaluateReminders, buildWorklist, toReminderRecord } = await importTs([
  'src/reminders/evaluate.ts',
  'src/reminders/worklist.ts',
  'src/adapters/fhir/mapping/reminders.ts',
]);
const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
const sources = readdirSync('demo/data')
  .filter((f) => /^(synthea|uscore)-.*\.json$/.test(f))
  .map((f) => toReminderRecord(JSON.parse(readFileSync(`demo/data/${f}`, 'utf8')).entry.map((e) => e.resource)));

/** Moves a YYYY-MM-DD date by `days` (UTC calendar arithmetic). */
const moved = (date, days) => (date ? new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) : date);

const DAY = 86_400_000;
const asOfMs = Date.parse(`${ASOF}T00:00:00Z`);
const patients = Array.from({ length: count }, (_, i) => {
  const source = sources[i % sources.length];
  const last = Math.max(...source.entries.map((e) => (e.date ? Date.parse(`${e.date.slice(0, 10)}T00:00:00Z`) : 0)));
  const shift = Math.round((asOfMs - last) / DAY) - ((i * 37) % 1_095);
  return {
    ...source,
    patient: `Patient/bench-${i}`,
    birthDate: moved(source.birthDate, shift + ((i * 97) % 10_950) - 5_475),
    deceased: undefined, // the copies are alive
    entries: source.entries.map((e) => ({ ...e, date: moved(e.date, shift) })),
  };
});
const entries = patients.reduce((n, p) => n + p.entries.length, 0);

const time = (fn) => { const t = performance.now(); const out = fn(); return [performance.now() - t, out]; };
const evaluations = [];
const worklists = [];
let statuses = {};
for (let run = 0; run < runs; run++) {
  const [ms, lists] = time(() => patients.map((p) => evaluateReminders(rules, p, ASOF)));
  evaluations.push(ms);
  if (run === 0) {
    statuses = {};
    for (const list of lists) for (const r of list) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  }
  worklists.push(time(() => buildWorklist(rules, patients, ASOF, { overdueOnly: true }))[0]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  date: new Date().toISOString(),
  node: process.version,
  patients: count,
  recordEntries: entries,
  rules: rules.rules.length,
  asOf: ASOF,
  runs,
  evaluateAllMs: { median: +median(evaluations).toFixed(1), all: evaluations.map((x) => +x.toFixed(1)) },
  perPatientMs: +(median(evaluations) / count).toFixed(3),
  worklistMs: { median: +median(worklists).toFixed(1), all: worklists.map((x) => +x.toFixed(1)) },
  statuses,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/reminders.json', `${JSON.stringify(result, null, 2)}\n`);
