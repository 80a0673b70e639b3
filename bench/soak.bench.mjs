#!/usr/bin/env node
/**
 * Benchmark (not a test): the full fault soak of issue 10. The real message thread, refill
 * request and decision aid, in headless Chromium, write through the seeded chaos proxy to
 * the local FHIR server for ≥ 1,000 user operations, retrying (unchanged, edited, or with a
 * new message) until the element says it succeeded; the server is then compared with what
 * the user last saw (test/browser/soak/soak.ts, the module the short soak of the test
 * command runs too).
 *
 *   node bench/soak.bench.mjs [--operations 1000] [--seed 20261201] [--rate 0.3] [--json]
 *
 * Runs Web Test Runner with bench/soak.wtr.config.mjs; prints operations, faults injected
 * by kind, retries, duplicates, lost writes and mismatches, and writes
 * bench/results/soak.json. Exits non-zero when the soak finds a defect: report its seed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const operations = Number(option('operations', 1000));
const seed = Number(option('seed', 20261201));
const rate = Number(option('rate', 0.3));
const asJson = args.includes('--json');
const results = new URL('./results/soak.json', import.meta.url);
if (existsSync(results)) rmSync(results);

const started = Date.now();
const code = await new Promise((resolve) => {
  const child = spawn('npx', ['wtr', '--config', 'bench/soak.wtr.config.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SOAK_OPERATIONS: String(operations), SOAK_SEED: String(seed), SOAK_RATE: String(rate) },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.on('close', (status) => {
    if (status !== 0) process.stderr.write(output);
    resolve(status ?? 1);
  });
});
const minutes = (Date.now() - started) / 60_000;

if (!existsSync(results)) {
  console.error(`The soak did not finish (seed ${seed}); see the runner's output above.`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(results, 'utf8'));
if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const faults = Object.entries(report.faults).sort(([a], [b]) => a.localeCompare(b));
  const total = faults.reduce((sum, [, n]) => sum + n, 0);
  const rows = [
    ['seed', report.seed],
    ['fault rate', rate],
    ['operations', `${report.operations} (messages ${report.byElement.message}, refills ${report.byElement.refill}, decision aids ${report.byElement.decision})`],
    ['faults injected', `${total} (${faults.map(([k, n]) => `${k} ${n}`).join(', ')})`],
    ['retries', `${report.retries.same + report.retries.edited + report.retries.newMessage} (unchanged ${report.retries.same}, edited ${report.retries.edited}, new message ${report.retries.newMessage})`],
    ['duplicates', report.duplicates],
    ['lost', report.lost],
    ['mismatches', report.mismatches],
    ['stuck', report.stuck],
    ['load retries', report.reloads ?? 0],
    ['wall time', `${minutes.toFixed(1)} min`],
  ];
  for (const [name, value] of rows) console.log(`${String(name).padEnd(16)} ${value}`);
  for (const finding of report.findings) console.log(`  finding: ${finding}`);
}
process.exit(code === 0 && report.findings.length === 0 && report.stuck === 0 ? 0 : 1);
