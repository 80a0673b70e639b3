// Vaccine-group forecasts per series type (CDSi Logic Specification, chapter 9 introduction:
// for antigens with non-equivalent series groups only best patient series of the same series
// type are blended, so a patient may get more than one vaccine-group forecast).
// Inputs are CDC's own test cases (test/fixtures/cdsi/*.ndjson); expected values come from
// the case's expectation (the risk forecast) and from the supporting data (the standard one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUPS, loadEngine, loadCaseFiles, inputOf } from './cdsi-harness.mjs';

const engine = await loadEngine();
const cases = new Map(loadCaseFiles().flatMap(({ cases: list }) => list.map((c) => [c.id, c])));
const caseNamed = (id) => {
  const found = cases.get(id);
  assert.ok(found, `test case ${id} is in the fixtures`);
  return found;
};

test('a pregnant adult with one Tdap gets a risk and a standard DTaP/Tdap/Td forecast (2016-UC-0131)', () => {
  const testCase = caseNamed('2016-UC-0131');
  const group = engine.evaluateAndForecast(inputOf(testCase)).vaccineGroups['DTaP/Tdap/Td'];
  // The risk forecast blends only the risk series: Pertussis `risk 1-dose series` (observation
  // 007). Diphtheria and Tetanus have no risk series, so they are not part of it.
  const risk = group.forecasts?.find((f) => f.seriesType === 'Risk');
  assert.ok(risk, 'a risk-type forecast');
  assert.deepEqual(risk.antigens, ['Pertussis']);
  assert.equal(risk.status, testCase.expected.seriesStatus); // CDC: Complete
  assert.equal(risk.forecastDoseNumber, null);
  assert.equal(risk.earliestDate, testCase.expected.earliestDate);
  // The standard forecast blends the three standard series: after one adult Tdap, Diphtheria
  // and Tetanus dose 2 is owed at the 4-week minimum interval (2017-03-01 + 4 weeks).
  const standard = group.forecasts?.find((f) => f.seriesType === 'Standard');
  assert.ok(standard, 'a standard-type forecast');
  assert.deepEqual([...standard.antigens].sort(), ['Diphtheria', 'Pertussis', 'Tetanus']);
  assert.equal(standard.status, 'Not Complete');
  assert.equal(standard.earliestDate, '2017-03-29');
  assert.equal(group.forecasts.length, 2);
  // The group's own fields are the risk forecast, the one CDC's cases report.
  assert.equal(group.seriesType, 'Risk');
  assert.equal(group.status, risk.status);
  assert.equal(group.earliestDate, risk.earliestDate);
});

test('a group whose antigens all have one series type keeps a single forecast', () => {
  // A healthy child's DTaP: every relevant series is standard.
  const healthy = [...cases.values()].find((c) => GROUPS[c.vaccineGroup] === 'DTaP/Tdap/Td' && !(c.observations ?? []).length && c.doses.length > 1);
  assert.ok(healthy, 'a healthy DTaP case with doses');
  const group = engine.evaluateAndForecast(inputOf(healthy)).vaccineGroups['DTaP/Tdap/Td'];
  assert.equal(group.forecasts, undefined);
  assert.equal(group.seriesType, 'Standard');
});

test('equivalent series groups of different types give one forecast (HepB risk series of a dialysis patient)', () => {
  // HepB declares its standard (group 1) and risk (group 2) series groups equivalent, so the
  // risk series replaces the standard one instead of adding a forecast.
  const dialysis = [...cases.values()].find((c) => GROUPS[c.vaccineGroup] === 'HepB' && (c.observations ?? []).length &&
    engine.evaluateAndForecast(inputOf(c)).antigens.HepB.series?.includes('risk'));
  assert.ok(dialysis, 'a HepB case forecast with a risk series');
  const group = engine.evaluateAndForecast(inputOf(dialysis)).vaccineGroups.HepB;
  assert.equal(group.forecasts, undefined);
  assert.equal(group.seriesType, 'Risk');
});

test('equivalence declared on one side only still joins the series groups (RSV, pregnant patient)', () => {
  // In 4.64 the RSV standard series of group 1 names group 2 equivalent; the pregnancy risk
  // series of group 2 names only group 3. Groups 1 and 2 are equivalent all the same: one
  // forecast, the risk one.
  const testCase = caseNamed('2023-UC-0051');
  const result = engine.evaluateAndForecast(inputOf(testCase));
  assert.equal(result.antigens.RSV.series, 'RSV risk pregnant 1-dose series');
  assert.equal(result.vaccineGroups.RSV.forecasts, undefined);
  assert.equal(result.vaccineGroups.RSV.seriesType, 'Risk');
});

test('a single-antigen group with non-equivalent groups: the group fields are the risk forecast (Polio, 2016-UC-0132)', () => {
  // Polio's standard group (1) and risk group (2) declare no equivalence. The adult at risk
  // has a complete childhood series and is owed the risk series' booster, as CDC expects.
  const testCase = caseNamed('2016-UC-0132');
  const group = engine.evaluateAndForecast(inputOf(testCase)).vaccineGroups.Polio;
  assert.deepEqual(group.forecasts?.map((f) => [f.seriesType, f.status]), [['Risk', 'Not Complete'], ['Standard', 'Complete']]);
  assert.equal(group.seriesType, 'Risk');
  assert.equal(group.status, testCase.expected.seriesStatus);
  assert.equal(String(group.forecastDoseNumber), testCase.expected.forecastDoseNumber);
  assert.equal(group.earliestDate, testCase.expected.earliestDate);
  assert.equal(group.pastDueDate, testCase.expected.pastDueDate);
  assert.deepEqual(group.antigens, ['Polio']);
});
