// The engine → port forecast mapping (src/immunization-forecast/to-forecast.ts and
// record-forecast.ts) against CDC's CDSi test cases (test/fixtures/cdsi/healthy-v4.45.ndjson):
// every case the engine itself passes must come out of the mapping with CDC's dates, dose
// number, status word and per-dose validity, date for date. Counts come from the case file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine, loadCaseFiles, runCase, GROUPS, inputOf, cdsiGroupsOfCvx } from './cdsi-harness.mjs';
import { importTs } from './ts-bundle.mjs';

const { forecastRecord } = await importTs(['src/immunization-forecast/record-forecast.ts']);
const engine = await loadEngine();

/** A port record holding a CDC case's patient and doses (ids d0, d1, … by position). */
function recordOf(testCase) {
  return {
    patient: { ref: `Patient/${testCase.id}`, birthDate: testCase.dob, gender: { F: 'female', M: 'male' }[testCase.gender] ?? 'unknown' },
    vaccinations: testCase.doses.map((d, i) => ({
      id: `d${i}`, vaccine: { text: d.vaccineName, codings: [] }, cvx: d.cvx, ...(d.mvx ? { mvx: d.mvx } : {}),
      date: d.date, status: 'given', source: 'historical',
    })),
  };
}

const norm = (v) => (v === undefined || v === null || v === '' || /^(n\/?a|-)$/i.test(String(v)) ? undefined : String(v).trim());

/** The port status CDC's expectation means as of the assessment date (the rule of to-forecast.ts, from CDC's own dates). */
function expectedStatus(expected, asOf) {
  const word = String(expected.seriesStatus).toLowerCase();
  const direct = { complete: 'complete', immune: 'immune', contraindicated: 'contraindicated', 'aged out': 'aged-out', 'not recommended': 'not-recommended' };
  if (direct[word]) return direct[word];
  const dueFrom = norm(expected.recommendedDate) ?? norm(expected.earliestDate);
  if (norm(expected.pastDueDate) && asOf > norm(expected.pastDueDate)) return 'overdue';
  return asOf >= dueFrom ? 'due-now' : 'due-later';
}

test('engine forecasts through the port mapping equal CDC expectations date for date', () => {
  const { cases } = loadCaseFiles().find((f) => f.file === 'healthy-v4.45.ndjson');
  let checked = 0;
  let skipped = 0;
  let evaluated = 0;
  const statuses = new Map();
  for (const testCase of cases) {
    // Only cases the engine passes: this test is about the mapping, cdsi.test.mjs about the engine.
    if (testCase.observations?.length || testCase.medicalHistory?.code || !runCase(engine, testCase).pass) { skipped++; continue; }
    const group = GROUPS[testCase.vaccineGroup] ?? testCase.vaccineGroup;
    const forecast = forecastRecord(recordOf(testCase), testCase.assessmentDate, '2026-01-01T00:00:00Z');
    assert.equal(forecast.source, 'engine');
    assert.match(forecast.sourceName, /4\.64/);
    const shown = forecast.groups.find((g) => g.vaccineGroup === group);
    const e = testCase.expected;
    const status = expectedStatus(e, testCase.assessmentDate);
    assert.equal(shown.status, status, `${testCase.id} status`);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    assert.equal(shown.earliestDate, norm(e.earliestDate), `${testCase.id} earliest`);
    assert.equal(shown.recommendedDate, norm(e.recommendedDate), `${testCase.id} recommended`);
    assert.equal(shown.pastDueDate, norm(e.pastDueDate), `${testCase.id} past due`);
    assert.equal(shown.doseNumber === undefined ? undefined : String(shown.doseNumber), norm(e.forecastDoseNumber), `${testCase.id} dose number`);
    testCase.doses.forEach((dose, i) => {
      const evaluation = forecast.evaluations.find((ev) => ev.vaccinationId === `d${i}` && ev.vaccineGroup === group);
      if (!dose.evaluationStatus || !evaluation) return; // a dose of another group's vaccine
      assert.equal(evaluation.valid, dose.evaluationStatus === 'Valid', `${testCase.id} dose ${i + 1}`);
      assert.equal(evaluation.sourceStatus.toLowerCase(), dose.evaluationStatus.toLowerCase());
      evaluated++;
    });
    checked++;
  }
  console.log(`mapping checked on ${checked} CDC cases (${skipped} skipped: engine fails or underlying conditions), ${evaluated} dose evaluations; statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  assert.equal(checked + skipped, cases.length);
  assert.ok(checked >= 700, `${checked} cases checked`);
  assert.ok(evaluated >= 1000, `${evaluated} dose evaluations checked`);
  for (const s of ['due-now', 'overdue', 'due-later', 'complete']) assert.ok(statuses.get(s) > 0, `some case is ${s}`);
});

test('the status boundaries: due on the recommended date, overdue only after the past-due date', () => {
  const testCase = loadCaseFiles()[0].cases.find((c) => c.id === '2013-0001'); // newborn, DTaP dose 1
  const record = recordOf(testCase);
  const at = (asOf) => forecastRecord(record, asOf).groups.find((g) => g.vaccineGroup === 'DTaP/Tdap/Td');
  const e = testCase.expected; // earliest 2025-12-22, recommended 2026-01-10, past due 2026-03-09
  assert.equal(at('2025-12-21').status, 'due-later');
  assert.equal(at(e.earliestDate).status, 'due-later', 'may be given, not yet due');
  assert.equal(at(e.recommendedDate).status, 'due-now');
  assert.equal(at(e.pastDueDate).status, 'due-now', 'the past-due date is the last day on schedule');
  assert.equal(at('2026-03-10').status, 'overdue');
});

test('not-given and partial records are never doses; no birth date is never a forecast', () => {
  const testCase = loadCaseFiles()[0].cases.find((c) => c.id === '2013-0002');
  const record = recordOf(testCase);
  const given = forecastRecord(record, testCase.assessmentDate);
  record.vaccinations[1] = { ...record.vaccinations[1], status: 'not-given', refused: true };
  record.vaccinations.push({ ...record.vaccinations[0], id: 'partial', partial: true, date: '2025-11-01' });
  const refused = forecastRecord(record, testCase.assessmentDate);
  assert.ok(given.evaluations.some((e) => e.vaccinationId === 'd1'));
  assert.ok(!refused.evaluations.some((e) => e.vaccinationId === 'd1' || e.vaccinationId === 'partial'));
  for (const birthDate of [undefined, '2025', '2025-09', 'garbage', '2099-01-01']) {
    assert.equal(forecastRecord({ ...record, patient: { ...record.patient, birthDate } }, testCase.assessmentDate), 'no-birth-date', String(birthDate));
  }
});

test('a given dose the engine cannot read (no CVX, or no full date) makes its groups "unknown", never due or late', () => {
  const testCase = loadCaseFiles()[0].cases.find((c) => c.id === '2013-0002');
  const record = recordOf(testCase);
  const before = forecastRecord(record, testCase.assessmentDate);
  const OPEN = ['due-now', 'overdue', 'due-later'];
  const open = before.groups.filter((g) => OPEN.includes(g.status));
  assert.ok(open.length > 1 && before.groups.some((g) => !OPEN.includes(g.status)), 'the case has open and closed groups');
  const [target] = open;
  // a registry names the dose's group: only that group is held back
  const named = { id: 'unread', vaccine: { text: 'MMR (local code)', codings: [{ system: 'urn:local', code: 'mmr' }] }, vaccineGroups: [target.vaccineGroup], date: testCase.assessmentDate, status: 'given', source: 'historical' };
  const one = forecastRecord({ ...record, vaccinations: [...record.vaccinations, named] }, testCase.assessmentDate);
  for (const group of one.groups) {
    const was = before.groups.find((g) => g.vaccineGroup === group.vaccineGroup && g.seriesType === group.seriesType);
    if (group.vaccineGroup === target.vaccineGroup) assert.deepEqual({ status: group.status, uncounted: group.uncounted }, { status: 'unknown', uncounted: ['unread'] });
    else assert.deepEqual(group, was, group.vaccineGroup);
  }
  // a dose known only by its year holds back its CVX code's groups (CDSi's own map, read here
  // from the case's supporting data); a dose known by no group at all, any open group
  const { vaccineGroups, ...unplaced } = named;
  assert.deepEqual(vaccineGroups, [target.vaccineGroup]);
  const first = record.vaccinations[0];
  const yearOnly = { ...first, id: 'year-only', date: testCase.assessmentDate.slice(0, 4) };
  const ofYearOnly = cdsiGroupsOfCvx().get(first.cvx.padStart(2, '0')) ?? cdsiGroupsOfCvx().get(first.cvx);
  assert.ok(ofYearOnly.length > 0 && open.some((g) => !ofYearOnly.includes(g.vaccineGroup)), 'open groups the year-only dose cannot belong to');
  const all = forecastRecord({ ...record, vaccinations: [...record.vaccinations, unplaced, yearOnly] }, testCase.assessmentDate);
  for (const group of all.groups) {
    if (OPEN.includes(before.groups.find((g) => g.vaccineGroup === group.vaccineGroup && g.seriesType === group.seriesType).status)) {
      const expected = ofYearOnly.includes(group.vaccineGroup) ? ['unread', 'year-only'] : ['unread'];
      assert.deepEqual({ status: group.status, uncounted: group.uncounted }, { status: 'unknown', uncounted: expected }, group.vaccineGroup);
    } else assert.equal(group.uncounted, undefined, group.vaccineGroup);
  }
  // only the year-only dose: the groups it cannot belong to keep their forecast
  const yearAlone = forecastRecord({ ...record, vaccinations: [...record.vaccinations, yearOnly] }, testCase.assessmentDate);
  for (const group of yearAlone.groups.filter((g) => !ofYearOnly.includes(g.vaccineGroup))) {
    assert.deepEqual(group, before.groups.find((g) => g.vaccineGroup === group.vaccineGroup && g.seriesType === group.seriesType), group.vaccineGroup);
  }
});

test('a record coded without CVX (IPS, Canada) is never told a dose is late that it lists as given', async () => {
  const { recordFromResources } = await importTs(['src/adapters/fhir/mapping/immunization.ts']);
  const bundle = JSON.parse(readFileSync('test/fixtures/fhir-r4/ips/ips-ca-verosource-buddy-bear.json', 'utf8'));
  const resources = bundle.entry.map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  // given doses in the source: completed, not subpotent; none carries a CVX coding
  const given = resources.filter((r) => r.resourceType === 'Immunization' && r.status === 'completed' && r.isSubpotent !== true);
  assert.ok(given.length > 10);
  assert.ok(given.every((r) => !r.vaccineCode.coding.some((c) => c.system === 'http://hl7.org/fhir/sid/cvx')));
  const record = recordFromResources({ ref: `Patient/${patient.id}`, birthDate: patient.birthDate, gender: patient.gender }, resources);
  const forecast = forecastRecord(record, '2024-01-01');
  assert.ok(forecast.groups.length > 0);
  // the bundle's Immunizations have no ids (fullUrl only): the mapped records are found by name
  const mapped = (name) => record.vaccinations.find((v) => v.vaccine.text?.includes(name));
  // a given record with no target disease (the Pfizer diluent) may belong to any group: no
  // group is told a dose is due, and each held back lists it beside the doses of its diseases
  const diluentSource = given.find((r) => r.vaccineCode.coding.some((c) => /Diluent/.test(c.display ?? '')));
  assert.equal(diluentSource.protocolApplied.some((p) => p.targetDisease?.length), false);
  const diluent = mapped('Diluent').id;
  const heldBack = forecast.groups.filter((g) => g.uncounted);
  assert.ok(heldBack.length > 0);
  for (const group of forecast.groups) {
    assert.ok(!['due-now', 'overdue', 'due-later'].includes(group.status), `${group.vaccineGroup}: ${group.status}`);
    if (group.uncounted) assert.ok(group.uncounted.includes(diluent), group.vaccineGroup);
  }
  // Priorix (its target diseases measles, mumps, rubella) is listed under MMR and held against it
  const priorix = mapped('Priorix');
  assert.deepEqual(priorix.vaccineGroups, ['MMR']);
  const byGroup = (name) => forecast.groups.find((g) => g.vaccineGroup === name);
  if (byGroup('MMR').uncounted) assert.ok(byGroup('MMR').uncounted.includes(priorix.id));
  for (const group of heldBack.filter((g) => g.vaccineGroup !== 'MMR')) assert.ok(!group.uncounted.includes(priorix.id), group.vaccineGroup);
});

test('a risk forecast beside the standard one becomes two port groups, risk first (CDC case 2016-UC-0131)', async () => {
  // a pregnant adult with one Tdap: the pertussis risk series is complete (what CDC expects),
  // while the routine tetanus-diphtheria series still wants doses; both must reach the element
  const { cases } = loadCaseFiles().find((f) => f.file.startsWith('underlying'));
  const testCase = cases.find((c) => c.id === '2016-UC-0131');
  const { toImmunizationForecast } = await importTs(['src/immunization-forecast/to-forecast.ts']);
  const result = engine.evaluateAndForecast(inputOf(testCase));
  const forecast = toImmunizationForecast(result, testCase.doses.map((_, i) => `d${i}`), { asOf: testCase.assessmentDate, version: 'test' });
  const group = GROUPS[testCase.vaccineGroup];
  const shown = forecast.groups.filter((g) => g.vaccineGroup === group);
  assert.deepEqual(shown.map((g) => g.seriesType), ['risk', 'standard']);
  assert.equal(shown[0].sourceStatus.toLowerCase(), String(testCase.expected.seriesStatus).toLowerCase());
  assert.notEqual(shown[1].status, 'complete', 'the routine series is not complete after one adult Tdap');
  // every other group of the result still appears exactly once
  const others = forecast.groups.filter((g) => g.vaccineGroup !== group).map((g) => g.vaccineGroup);
  assert.equal(new Set(others).size, others.length);
});
