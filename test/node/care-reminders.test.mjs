// Care reminders (#14): the shipped rule set against its JSON Schema, and the evaluator
// (src/reminders/evaluate.ts over the FHIR mapping) against every Synthea and US Core
// fixture patient, whose expected status per rule is computed INDEPENDENTLY from the raw
// bundle entries (test/browser/reminders-expected.mjs: plain string dates, simple code
// lookups), not through the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { importTs } from './ts-bundle.mjs';
import { checkSchema } from './json-schema-subset.mjs';
import { REMINDER_FIXTURES, expectedReminders } from '../browser/reminders-expected.mjs';

const schema = JSON.parse(readFileSync('schemas/care-reminder-rules.schema.json', 'utf8'));
const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
const { evaluateReminders, toReminderRecord } = await importTs(['src/reminders/evaluate.ts', 'src/adapters/fhir/mapping/reminders.ts']);

// ---------------------------------------------------------------------------
// The rule set
// ---------------------------------------------------------------------------

test('the shipped rule set validates against its JSON Schema and is marked for demonstration', () => {
  assert.deepEqual(checkSchema(schema, schema, rules), []);
  assert.equal(rules.status, 'demonstration');
  assert.match(rules.disclaimer, /for demonstration — not clinically reviewed/i);
  for (const rule of rules.rules) assert.equal(rule.demonstration, true, rule.id);
});

test('the rule set ships every rule the issue lists, with its source', () => {
  const ids = rules.rules.map((r) => r.id);
  for (const id of [
    'colorectal-cancer-screening', 'breast-cancer-screening', 'cervical-cancer-screening', 'blood-pressure-screening',
    'cholesterol-statin-assessment', 'prediabetes-diabetes-screening', 'lung-cancer-screening',
    'abdominal-aortic-aneurysm-screening', 'osteoporosis-screening', 'hepatitis-c-screening', 'hiv-screening',
    'diabetes-hba1c', 'ordered-tests-and-referrals', 'care-plan-activities',
  ]) assert.ok(ids.includes(id), id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  const colorectal = rules.rules.find((r) => r.id === 'colorectal-cancer-screening');
  assert.deepEqual(
    colorectal.satisfiedBy.map((s) => [s.codeSet, s.lookBack]),
    [['colonoscopy', '10 years'], ['fit', '1 year'], ['stool-dna', '3 years'], ['ct-colonography', '5 years'], ['flexible-sigmoidoscopy', '5 years']],
  );
  assert.deepEqual([colorectal.appliesTo.minAge, colorectal.appliesTo.maxAge], [45, 75]);
  assert.equal(colorectal.decisionAid, 'colorectal-cancer-screening');
  assert.ok(readdirSync('aids').includes('colorectal-cancer-screening.json'), 'the linked decision aid exists');
});

test('every code set a rule names exists, every code set is used, and each cites its source', () => {
  const named = new Set();
  for (const rule of rules.rules) {
    const a = rule.appliesTo;
    for (const id of [...(a.conditionsPresent ?? []), ...(a.conditionsAbsent ?? [])]) named.add(id);
    for (const f of a.findings ?? []) { named.add(f.codeSet); if (f.valueCodeSet) named.add(f.valueCodeSet); }
    for (const s of rule.satisfiedBy) named.add(s.codeSet);
  }
  for (const id of named) assert.ok(rules.codeSets[id], `code set ${id} is defined`);
  for (const id of Object.keys(rules.codeSets)) assert.ok(named.has(id), `code set ${id} is used`);
});

test('malformed rule sets fail the schema', () => {
  const broken = (mutate) => { const copy = structuredClone(rules); mutate(copy); return checkSchema(schema, schema, copy); };
  assert.notDeepEqual(broken((r) => { delete r.rules[0].source; }), []);
  assert.notDeepEqual(broken((r) => { r.rules[0].satisfiedBy[0].lookBack = 'ten years'; }), []);
  assert.notDeepEqual(broken((r) => { delete r.rules[0].title.es; }), []);
  assert.notDeepEqual(broken((r) => { r.rules[0].appliesTo.sexAtBirth = ['woman']; }), []);
  assert.notDeepEqual(broken((r) => { r.codeSets.colonoscopy.codes = []; }), []);
  assert.notDeepEqual(broken((r) => { r.rules[0].source.url = 'http://example.org'; }), []);
  const statin = (r) => r.rules.find((rule) => rule.id === 'cholesterol-statin-assessment');
  assert.notDeepEqual(broken((r) => { delete statin(r).intervalSource.interval; }), []);
  assert.notDeepEqual(broken((r) => { statin(r).intervalSource.grade = 'B'; }), []);
});

test('every interval is cited: the statin rule takes its 5-year look-back from ATP III, and no rule ships a fact marked unconfirmed', () => {
  const statin = rules.rules.find((r) => r.id === 'cholesterol-statin-assessment');
  assert.deepEqual(statin.satisfiedBy.map((s) => [s.codeSet, s.lookBack]), [['lipids', '5 years']]);
  assert.deepEqual([statin.appliesTo.minAge, statin.appliesTo.maxAge], [40, 75]);
  assert.match(statin.intervalSource.topic, /Adult Treatment Panel III/);
  assert.match(statin.intervalSource.interval, /once every 5 years/);
  assert.equal(statin.intervalSource.url, 'https://doi.org/10.1161/circ.106.25.3143');
  for (const rule of rules.rules) assert.doesNotMatch(rule.note ?? '', /not (yet )?confirmed/i, rule.id);
});

// ---------------------------------------------------------------------------
// Independent expectation from the raw bundles
// ---------------------------------------------------------------------------

const bundleOf = (file) => JSON.parse(readFileSync(file, 'utf8'));
const resourcesOf = (bundle) => bundle.entry.map((e) => e.resource);

function actualFor(bundle, asOf) {
  const out = {};
  for (const r of evaluateReminders(rules, toReminderRecord(resourcesOf(bundle)), asOf)) {
    const item = { title: r.title.en, status: r.status };
    if (r.status === 'done') item.lastDone = r.lastDone.date.slice(0, 10);
    if (r.status === 'due-now' || r.status === 'overdue' || r.status === 'due-later') item.dueDate = r.dueDate;
    out[r.id] = item;
  }
  return out;
}

test('every Synthea and US Core fixture patient: each rule’s status, and each follow-up item, matches the one computed independently from the raw bundle', () => {
  const seen = new Set();
  for (const [file, dates] of REMINDER_FIXTURES) {
    const bundle = bundleOf(file);
    for (const asOf of dates) {
      const expected = expectedReminders(rules, resourcesOf(bundle), asOf);
      assert.deepEqual(actualFor(bundle, asOf), expected, `${file} as of ${asOf}`);
      for (const e of Object.values(expected)) seen.add(e.status);
    }
  }
  // The fixtures exercise satisfied, due and overdue cases (and the others the records allow).
  for (const status of ['done', 'due-now', 'overdue', 'not-applicable', 'due-later']) assert.ok(seen.has(status), status);
});

test('hand-checked facts from the records', () => {
  const at = (file, asOf) => Object.fromEntries(evaluateReminders(rules, toReminderRecord(resourcesOf(bundleOf(`demo/data/${file}`))), asOf).map((r) => [r.id, r]));
  // Dennis Durgan: colonoscopy 2004-04-18 counts for 10 years.
  const dennis = at('synthea-dennis-durgan-78f005f3.json', '2008-01-01');
  assert.equal(dennis['colorectal-cancer-screening'].status, 'done');
  assert.equal(dennis['colorectal-cancer-screening'].lastDone.date.slice(0, 10), '2004-04-18');
  assert.equal(dennis['colorectal-cancer-screening'].dueDate, '2014-04-18');
  assert.equal(dennis['colorectal-cancer-screening'].lastDone.what.en, 'Colonoscopy');
  // … and he died in 2008: nothing applies after that.
  const dennisLater = at('synthea-dennis-durgan-78f005f3.json', '2026-12-01');
  assert.ok(Object.values(dennisLater).every((r) => r.status === 'not-applicable' && r.notApplicable === 'deceased'));
  // Jill Tillman, 49 in 2020, BMI 30.4, no mammogram, no glucose test on record.
  const jill = at('synthea-jill-tillman-c4b7d178.json', '2020-06-01');
  assert.deepEqual([jill['breast-cancer-screening'].status, jill['breast-cancer-screening'].dueDate], ['overdue', '2011-05-18']);
  assert.deepEqual([jill['prediabetes-diabetes-screening'].status, jill['prediabetes-diabetes-screening'].dueDate], ['overdue', '2006-05-18']);
  assert.equal(jill['cholesterol-statin-assessment'].status, 'done');
  assert.equal(jill['diabetes-hba1c'].status, 'not-applicable');
  // Vito Feeney: diabetic since 1951, HbA1c 1979-09-24; never smoked, so no aorta ultrasound.
  const vito = at('synthea-vito-feeney-63dd4423.json', '1979-10-01');
  assert.equal(vito['diabetes-hba1c'].status, 'done');
  assert.equal(vito['diabetes-hba1c'].dueDate, '1980-03-24');
  assert.equal(vito['prediabetes-diabetes-screening'].notApplicable, 'condition');
  assert.equal(vito['abdominal-aortic-aneurysm-screening'].notApplicable, 'finding');
  // Buster Hoeger: last blood pressure 2019-12-18, 3-year interval under 40: due from 2022-12-18.
  const buster = at('synthea-buster-hoeger-ad2e3fc5.json', '2023-01-15');
  assert.deepEqual([buster['blood-pressure-screening'].status, buster['blood-pressure-screening'].dueDate], ['due-now', '2022-12-18']);
});

test('results do not depend on the time zone the evaluation runs in', () => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { importTs } from './test/node/ts-bundle.mjs';
    const { evaluateReminders, toReminderRecord } = await importTs(['src/reminders/evaluate.ts', 'src/adapters/fhir/mapping/reminders.ts']);
    const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
    const out = ${JSON.stringify(REMINDER_FIXTURES)}.map(([file, dates]) => {
      const b = JSON.parse(readFileSync(file, 'utf8'));
      return dates.map((d) => evaluateReminders(rules, toReminderRecord(b.entry.map((e) => e.resource)), d));
    });
    process.stdout.write(JSON.stringify(out));`;
  const here = JSON.stringify(REMINDER_FIXTURES.map(([file, dates]) => dates.map((d) => evaluateReminders(rules, toReminderRecord(resourcesOf(bundleOf(file))), d))));
  // UTC+14 and UTC-11: a day apart on most of the clock.
  for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    const there = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, maxBuffer: 64 << 20 }).toString();
    assert.equal(there, here, tz);
  }
});

// ---------------------------------------------------------------------------
// Answers and follow-up items, on small records
// ---------------------------------------------------------------------------

const base = { patient: 'Patient/p', birthDate: '1970-06-15', sexAtBirth: 'female', entries: [], actions: [] };
const one = (record, asOf, id) => evaluateReminders(rules, record, asOf).find((r) => r.id === id);

test('a record dated late in the evening counts on the calendar day it states', () => {
  const entries = [{ type: 'Procedure', ref: 'Procedure/c', status: 'completed', date: '2016-06-30T23:30:00-10:00', codings: [{ system: 'http://snomed.info/sct', code: '73761001' }] }];
  assert.equal(one({ ...base, entries }, '2026-06-29', 'colorectal-cancer-screening').status, 'done');
  assert.equal(one({ ...base, entries }, '2026-06-30', 'colorectal-cancer-screening').status, 'due-now');
  assert.equal(one({ ...base, entries }, '2026-06-30', 'colorectal-cancer-screening').dueDate, '2026-06-30');
});

test('answers: declined, not applicable, remind me later, done elsewhere (pending review), ordered', () => {
  const rule = 'colorectal-cancer-screening';
  const with_ = (action) => one({ ...base, actions: [{ ruleId: rule, recorded: '2026-01-10', ...action }] }, '2026-06-01', rule);
  assert.equal(with_({ kind: 'declined', reason: 'Prefers not to' }).status, 'declined');
  assert.equal(one({ ...base, actions: [{ ruleId: rule, recorded: '2025-01-10', kind: 'declined' }] }, '2026-06-01', rule).status, 'overdue', 'a decline lasts a year');
  const na = with_({ kind: 'not-applicable', reason: 'Colectomy' });
  assert.deepEqual([na.status, na.notApplicable], ['not-applicable', 'marked']);
  const later = with_({ kind: 'snoozed', until: '2026-09-01' });
  assert.deepEqual([later.status, later.dueDate], ['due-later', '2026-09-01']);
  assert.equal(with_({ kind: 'snoozed', until: '2026-05-01' }).status, 'overdue', 'an expired snooze no longer hides it');
  const elsewhere = with_({ kind: 'done-elsewhere', performed: '2025-11-02', where: 'Riverside Clinic' });
  assert.equal(elsewhere.status, 'done-elsewhere-pending');
  assert.equal(elsewhere.lastDone.date, '2025-11-02');
  assert.equal(elsewhere.evidence[0].role, 'reported');
  const ordered = with_({ kind: 'ordered' });
  assert.deepEqual([ordered.status, ordered.ordered], ['overdue', '2026-01-10']);
  // A record on file beats any answer.
  const done = one({ ...base, entries: [{ type: 'Observation', status: 'final', date: '2026-03-01', codings: [{ system: 'http://loinc.org', code: '29771-3' }] }], actions: [{ ruleId: rule, recorded: '2026-01-10', kind: 'declined' }] }, '2026-06-01', rule);
  assert.deepEqual([done.status, done.dueDate], ['done', '2027-03-01']);
});

test('a patient-reported record waiting for review never satisfies a rule by itself', () => {
  const entries = [{ type: 'Procedure', status: 'completed', pendingReview: true, date: '2024-01-01', codings: [{ system: 'http://snomed.info/sct', code: '73761001' }] }];
  assert.notEqual(one({ ...base, entries }, '2026-06-01', 'colorectal-cancer-screening').status, 'done');
});

test('follow-up items: open orders and scheduled care-plan activities, one reminder each', () => {
  const entries = [
    { type: 'ServiceRequest', ref: 'ServiceRequest/open', status: 'active', date: '2026-01-05', text: 'Echocardiogram', codings: [] },
    { type: 'ServiceRequest', ref: 'ServiceRequest/done', status: 'active', date: '2026-01-05', text: 'Lipid panel', codings: [] },
    { type: 'ServiceRequest', ref: 'ServiceRequest/old', status: 'completed', date: '2025-01-05', text: 'X-ray', codings: [] },
    { type: 'DiagnosticReport', ref: 'DiagnosticReport/1', status: 'final', date: '2026-02-01', basedOn: ['ServiceRequest/done'], codings: [] },
    { type: 'CarePlanActivity', ref: 'CarePlan/cp#activity-0', status: 'scheduled', date: '2026-07-01', text: 'Diabetes education class', codings: [] },
    { type: 'CarePlanActivity', ref: 'CarePlan/cp#activity-1', status: 'completed', date: '2026-03-01', text: 'Foot exam', codings: [] },
  ];
  const list = evaluateReminders(rules, { ...base, entries }, '2026-06-01').filter((r) => r.kind === 'follow-up' && r.ref);
  assert.deepEqual(list.map((r) => [r.ref, r.status, r.title.en]).sort(), [
    ['CarePlan/cp#activity-0', 'due-later', 'Diabetes education class'],
    ['ServiceRequest/open', 'overdue', 'Echocardiogram'],
  ]);
});
