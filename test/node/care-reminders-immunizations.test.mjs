// Vaccines due among the care reminders (#14): the CDSi forecast of CDC's healthy test cases
// (test/fixtures/cdsi/healthy-v4.45.ndjson) turned into reminders by src/reminders/immunizations.ts.
// The expected reminder of each case's vaccine group (due now / overdue since / due on, and the
// date) is worked out here from CDC's expected dates with plain string and UTC arithmetic, not
// through the code under test. Only cases the engine itself passes count (cdsi.test.mjs tests the engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine, loadCaseFiles, runCase, GROUPS } from './cdsi-harness.mjs';
import { importTs } from './ts-bundle.mjs';

const { forecastRecord, immunizationReminders, withImmunizations, IMMUNIZATION_RULE, recordFromResources } = await importTs([
  'src/immunization-forecast/record-forecast.ts',
  'src/reminders/immunizations.ts',
  'src/adapters/fhir/mapping/immunization.ts',
]);
const engine = await loadEngine();

const norm = (v) => (v === undefined || v === null || v === '' || /^(n\/?a|-)$/i.test(String(v)) ? undefined : String(v).trim());
const nextDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** A port record holding a CDC case's patient and doses. */
function recordOf(testCase) {
  return {
    patient: { ref: `Patient/${testCase.id}`, birthDate: testCase.dob, gender: { F: 'female', M: 'male' }[testCase.gender] ?? 'unknown' },
    vaccinations: testCase.doses.map((d, i) => ({
      id: `d${i}`, vaccine: { text: d.vaccineName, codings: [] }, cvx: d.cvx, ...(d.mvx ? { mvx: d.mvx } : {}),
      date: d.date, status: 'given', source: 'historical',
    })),
  };
}

/** The reminder CDC's expectation means on the assessment date, or undefined when nothing is due. */
function expectedReminder(expected, asOf) {
  if (String(expected.seriesStatus).toLowerCase() !== 'not complete') return undefined;
  const dueFrom = norm(expected.recommendedDate) ?? norm(expected.earliestDate);
  const pastDue = norm(expected.pastDueDate);
  if (pastDue && asOf > pastDue) return { status: 'overdue', dueDate: nextDay(pastDue) };
  return { status: asOf >= dueFrom ? 'due-now' : 'due-later', dueDate: dueFrom };
}

test('every vaccine group CDC expects due becomes a reminder with CDC’s status and date; the others none', (t) => {
  const { cases } = loadCaseFiles().find((f) => f.file === 'healthy-v4.45.ndjson');
  const counts = { 'due-now': 0, overdue: 0, 'due-later': 0, none: 0 };
  for (const testCase of cases) {
    if (testCase.observations?.length || testCase.medicalHistory?.code || !runCase(engine, testCase).pass) continue;
    const group = GROUPS[testCase.vaccineGroup] ?? testCase.vaccineGroup;
    const forecast = forecastRecord(recordOf(testCase), testCase.assessmentDate, '2026-01-01T00:00:00Z');
    const reminders = immunizationReminders(forecast).filter((r) => r.immunization.vaccineGroup === group);
    const expected = expectedReminder(testCase.expected, testCase.assessmentDate);
    if (!expected) {
      assert.deepEqual(reminders, [], `${testCase.id}: ${testCase.expected.seriesStatus} is not due`);
      counts.none++;
      continue;
    }
    assert.equal(reminders.length, 1, `${testCase.id}: one reminder for ${group}`);
    const [r] = reminders;
    assert.deepEqual([r.status, r.dueDate], [expected.status, expected.dueDate], `${testCase.id} ${group}`);
    assert.equal(r.kind, 'immunization');
    assert.equal(r.ruleId, IMMUNIZATION_RULE);
    assert.equal(r.id, `${IMMUNIZATION_RULE}:${group}`);
    assert.equal(String(r.immunization.doseNumber), norm(testCase.expected.forecastDoseNumber), `${testCase.id} dose`);
    assert.equal(r.immunization.source, 'engine');
    counts[expected.status]++;
  }
  // Every status is exercised by real cases (counts come from the case file, filtered by the engine's own pass).
  for (const [status, n] of Object.entries(counts)) assert.ok(n > 10, `${status}: ${n} cases`);
  t.diagnostic(`cases checked by status: ${JSON.stringify(counts)}`);
});

test('vaccine reminders take their place in display order among the rule reminders', () => {
  const rule = (id, status, dueDate) => ({ id, ruleId: id, kind: 'screening', title: { en: id }, why: { en: '' }, status, dueDate, evidence: [] });
  const forecast = {
    source: 'server', asOf: '2024-06-01', evaluations: [],
    groups: [
      { vaccineGroup: 'Zoster', status: 'overdue', recommendedDate: '2020-01-01', pastDueDate: '2022-12-31' },
      { vaccineGroup: 'Influenza', status: 'due-later', recommendedDate: '2024-09-01' },
      { vaccineGroup: 'MMR', status: 'complete' },
      { vaccineGroup: 'HPV', status: 'aged-out' },
      // a status word the library does not know: no date is told, the record is to be checked
      { vaccineGroup: 'HepB', status: 'unknown', sourceStatus: 'conditional', recommendedDate: '2024-01-01', doseNumber: 2 },
    ],
  };
  const merged = withImmunizations([rule('a', 'overdue', '2023-06-01'), rule('b', 'done', '2025-01-01')], forecast);
  assert.deepEqual(merged.map((r) => `${r.id}:${r.status}:${r.dueDate}`), [
    `${IMMUNIZATION_RULE}:Zoster:overdue:2023-01-01`,
    'a:overdue:2023-06-01',
    `${IMMUNIZATION_RULE}:unknown:unknown:undefined`,
    `${IMMUNIZATION_RULE}:Influenza:due-later:2024-09-01`,
    'b:done:2025-01-01',
  ]);
  assert.deepEqual(merged[0].title, { en: 'Shingles (zoster) vaccine', es: 'Vacuna: Culebrilla (herpes zóster)' });
  assert.equal(withImmunizations([rule('a', 'done', '2025-01-01')], undefined).length, 1);
  const unknown = merged.find((r) => r.status === 'unknown');
  assert.equal(unknown.immunization.doseNumber, undefined, 'no dose number the source did not stand behind');
  assert.deepEqual(unknown.immunization.vaccineGroups, ['HepB']);
  assert.equal(unknown.immunization.vaccineGroup, undefined, 'the record check is not one group’s');
  assert.deepEqual(unknown.why, {
    en: 'Your vaccine record does not show clearly if this vaccine is due: Hepatitis B.',
    es: 'Su registro de vacunas no muestra con claridad si le toca esta vacuna: Hepatitis B.',
  });
});

test('groups not judged for different reasons share the one record check, each reason naming its own groups', () => {
  const forecast = {
    source: 'server', asOf: '2024-06-01', evaluations: [],
    groups: [
      { vaccineGroup: 'HepB', status: 'unknown', sourceStatus: 'conditional' },
      { vaccineGroup: 'MMR', status: 'unknown', uncounted: ['v1'] },
      { vaccineGroup: 'Polio', status: 'unknown', uncounted: ['v1'] },
      { vaccineGroup: 'HepA', status: 'complete' },
    ],
  };
  const reminders = immunizationReminders(forecast);
  assert.equal(reminders.length, 1);
  assert.deepEqual(reminders[0].immunization.vaccineGroups, ['HepB', 'MMR', 'Polio']);
  assert.deepEqual(reminders[0].why, {
    en: 'Your record lists a vaccine dose this app cannot read, so it cannot tell if these vaccines are due: Measles, mumps and rubella (MMR); Polio. '
      + 'Your vaccine record does not show clearly if this vaccine is due: Hepatitis B.',
    es: 'Su registro tiene una dosis de vacuna que esta aplicación no puede leer, así que no puede saber si le tocan estas vacunas: Sarampión, paperas y rubéola (MMR); Polio. '
      + 'Su registro de vacunas no muestra con claridad si le toca esta vacuna: Hepatitis B.',
  });
});

test('a dose the engine cannot read: the vaccine groups it holds back are one reminder to check the record, naming them, with no due date (US IPS, MEDITECH)', () => {
  // A real record: the MEDITECH IPS lists a COVID-19 (J&J) dose by its text alone (no CVX),
  // which the CDSi engine cannot count, so it cannot say whether any open group is due.
  const resources = JSON.parse(readFileSync('test/fixtures/fhir-r4/ips/ips-us-meditech-1-searchset.json', 'utf8')).entry.map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const given = resources.filter((r) => r.resourceType === 'Immunization' && r.status === 'completed');
  const unreadable = given.filter((r) => !(r.vaccineCode.coding ?? []).some((c) => c.system === 'http://hl7.org/fhir/sid/cvx'));
  assert.deepEqual(unreadable.map((r) => r.vaccineCode.text), ['COVID-19 (J&J)']);
  const record = recordFromResources({ ref: `Patient/${patient.id}`, birthDate: patient.birthDate, gender: patient.gender }, resources);
  const asOf = '2024-09-01';
  const OPEN = ['due-now', 'overdue', 'due-later'];
  // what the engine forecasts from the doses it can read (the record without the unreadable dose):
  // a dose of no known group may belong to any of these, so each is held back
  const readable = forecastRecord({ ...record, vaccinations: record.vaccinations.filter((v) => v.id !== unreadable[0].id) }, asOf);
  const open = readable.groups.filter((g) => OPEN.includes(g.status));
  assert.equal(readable.groups.find((g) => g.vaccineGroup === 'MMR').status, 'overdue', 'MMR was overdue by the doses the engine can read');
  assert.ok(readable.groups.some((g) => !OPEN.includes(g.status)), 'the record has closed groups too');

  const reminders = immunizationReminders(forecastRecord(record, asOf));
  // every group held back shares one reminder: nine near-identical items would bury the rest
  assert.equal(reminders.length, 1, 'one reminder to check the record, none for a closed group');
  const [check] = reminders;
  assert.equal(check.id, `${IMMUNIZATION_RULE}:unknown`, 'a stable id');
  assert.equal(check.status, 'unknown');
  assert.equal(check.kind, 'immunization');
  assert.equal(check.dueDate, undefined, 'no due date the forecast does not have');
  assert.equal(check.immunization.doseNumber, undefined, 'the dose due may be the one not counted');
  assert.equal(check.immunization.vaccineGroup, undefined, 'not one group’s');
  assert.deepEqual(check.immunization.vaccineGroups, open.map((g) => g.vaccineGroup), 'every group held back, in the forecast’s order');
  assert.ok(open.length > 5, `${open.length} groups held back`);
  assert.deepEqual(check.title, { en: 'Vaccine record', es: 'Registro de vacunas' });
  // the plain names of the groups this record holds back, as a patient reads them
  const NAMES = {
    'COVID-19': ['COVID-19', 'COVID-19'], 'DTaP/Tdap/Td': ['Tetanus, diphtheria and whooping cough', 'Tétanos, difteria y tos ferina'],
    HepA: ['Hepatitis A', 'Hepatitis A'], HepB: ['Hepatitis B', 'Hepatitis B'], Influenza: ['Flu', 'Gripe'],
    MMR: ['Measles, mumps and rubella (MMR)', 'Sarampión, paperas y rubéola (MMR)'], Pneumococcal: ['Pneumonia (pneumococcal)', 'Neumonía (neumocócica)'],
    RSV: ['RSV', 'VSR'], Zoster: ['Shingles (zoster)', 'Culebrilla (herpes zóster)'],
  };
  // one name after another, by semicolons (the names hold commas)
  const list = (lang, i) => open.map((g) => NAMES[g.vaccineGroup][i]).join('; ');
  assert.deepEqual(check.why, {
    en: `Your record lists a vaccine dose this app cannot read, so it cannot tell if these vaccines are due: ${list('en', 0)}.`,
    es: `Su registro tiene una dosis de vacuna que esta aplicación no puede leer, así que no puede saber si le tocan estas vacunas: ${list('es', 1)}.`,
  });
});
