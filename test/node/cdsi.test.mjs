// CDC's CDSi test cases (test/fixtures/cdsi/*.ndjson) through the forecaster in
// src/immunization-forecast: prints passed / total per file and per vaccine group and every
// failing case (id, expected, actual); the pass counts may only go up (MINIMUM below).
// Also: the compiled supporting data is not stale, fuzzed input never throws unexpectedly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadEngine, loadCaseFiles, runCase } from './cdsi-harness.mjs';

/** Ratchet: the pass counts reached so far; raise them when the engine improves. */
const MINIMUM = { 'healthy-v4.45.ndjson': 811, 'underlying-conditions-v4.6.ndjson': 254 };

/** Cases proven to disagree with supporting data 4.64 (see test/fixtures/cdsi/DISAGREEMENTS.md). */
const DISAGREEMENTS = new Set(
  readFileSync('test/fixtures/cdsi/DISAGREEMENTS.md', 'utf8').split('\n')
    .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1]).filter(Boolean),
);

const engine = await loadEngine();

for (const { file, cases } of loadCaseFiles()) {
  test(`CDSi test cases: ${file}`, () => {
    // Count expectations from the source data: every line of the file is a case.
    const lines = readFileSync(`test/fixtures/cdsi/${file}`, 'utf8').split('\n').filter((l) => l.trim()).length;
    assert.equal(cases.length, lines);
    let passed = 0;
    let excluded = 0;
    const groups = new Map();
    const failures = [];
    for (const testCase of cases) {
      const result = runCase(engine, testCase);
      const group = groups.get(result.group) ?? { passed: 0, total: 0 };
      groups.set(result.group, group);
      if (DISAGREEMENTS.has(testCase.id) && !result.pass) { excluded++; continue; }
      group.total++;
      if (result.pass) { passed++; group.passed++; } else failures.push({ id: testCase.id, expected: result.expected, actual: result.actual, other: result.otherForecast });
    }
    const total = cases.length - excluded;
    console.log(`\n${file}: ${passed} / ${total} passed (${((100 * passed) / total).toFixed(1)} %), ${excluded} excluded as documented disagreements`);
    for (const [name, g] of [...groups].sort()) console.log(`  ${name}: ${g.passed} / ${g.total}`);
    for (const f of failures) {
      console.log(`  FAIL ${f.id}\n    expected ${JSON.stringify(f.expected)}\n    actual   ${JSON.stringify(f.actual)}`);
      if (f.other) console.log(`    (the expectation is the patient's ${f.other.toLowerCase()} forecast of this vaccine group, not counted as a pass)`);
    }
    assert.ok(passed >= MINIMUM[file], `${file}: ${passed} passed, the ratchet requires ${MINIMUM[file]}`);
  });
}

test('the compiled supporting data matches the XML (not stale)', () => {
  execFileSync(process.execPath, ['scripts/compile-cdsi.mjs', '--check'], { stdio: 'pipe' });
});

test('fuzzed input gives a result or a ForecastInputError, never another exception', () => {
  const birthDate = '2020-03-15';
  const base = { patient: { birthDate, gender: 'F' }, assessmentDate: '2025-01-01' };
  const inputs = [
    { ...base, doses: [{ date: '2019-01-01', cvx: '20' }] }, // before birth
    { ...base, doses: [{ date: '2026-01-01', cvx: '20' }] }, // after the assessment date
    { ...base, doses: [{ date: '2021-01-01', cvx: '99999' }, { date: 'not a date', cvx: '20' }] },
    { ...base, doses: [{ date: '2021-01-01', cvx: '20' }, { date: '2021-01-01', cvx: '20' }, { date: '2021-01-01', cvx: '03' }, { date: '2021-01-01', cvx: '21' }] },
    { patient: { birthDate: '1915-01-01', gender: 'M' }, assessmentDate: '2025-01-01', doses: [{ date: '1990-06-01', cvx: '09' }] }, // 110 years old
    { patient: { birthDate: '2025-01-01' }, assessmentDate: '2025-01-01', doses: [] }, // newborn, no gender
    { patient: { birthDate: '2020-02-29', gender: 'X', observations: [{ code: 'nope' }, null] }, assessmentDate: '2024-02-28', doses: [null, { cvx: 3 }] },
  ];
  for (const input of inputs) {
    const result = engine.evaluateAndForecast(input);
    assert.ok(result.vaccineGroups['DTaP/Tdap/Td'], 'a forecast for every vaccine group');
  }
  const unknown = engine.evaluateAndForecast(inputs[2]);
  assert.equal(unknown.warnings.length, 2);
  const late = engine.evaluateAndForecast(inputs[1]);
  assert.equal(late.antigens.Diphtheria.evaluations.length, 0, 'a dose after the assessment date is not evaluated');
  const twins = engine.evaluateAndForecast(inputs[3]);
  assert.deepEqual(twins.antigens.Diphtheria.evaluations.map((e) => e.date), ['2021-01-01', '2021-01-01']);
  for (const bad of [{ ...base, patient: { birthDate: '2020-13-40' }, doses: [] }, { ...base, assessmentDate: '2019-01-01', doses: [] }, {}]) {
    assert.throws(() => engine.evaluateAndForecast(bad), (error) => error.name === 'ForecastInputError');
  }
});
