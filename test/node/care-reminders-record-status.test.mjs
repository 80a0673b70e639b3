// Care reminders count only what the record says happened (FHIR R4 status value sets): a
// procedure in preparation, in progress, on hold or not done never silences a screening,
// never closes the order it was based on, and an activity a care plan says NOT to do is
// never a reminder to do it. Real records: Synthea (Jill Tillman, Dennis Durgan's
// colonoscopy), the MEDITECH IPS searchset (procedures based on orders, in every status),
// the FHIR spec's heart-operation care plan. Expectations are read from the source JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importTs } from './ts-bundle.mjs';

const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
const { evaluateReminders, toReminderRecord } = await importTs(['src/reminders/evaluate.ts', 'src/adapters/fhir/mapping/reminders.ts']);
const resourcesOf = (path) => JSON.parse(readFileSync(path, 'utf8')).entry.map((e) => e.resource);
const AS_OF = '2026-12-01';
/** Every status of R4 Procedure (http://hl7.org/fhir/event-status); only `completed` says it was done. */
const PROCEDURE_STATUSES = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'];

const jill = resourcesOf('demo/data/synthea-jill-tillman-c4b7d178.json');
const patient = jill.find((r) => r.resourceType === 'Patient');

test('a colonoscopy counts for the screening only when completed, whatever else its status says', () => {
  const colonoscopy = resourcesOf('demo/data/synthea-dennis-durgan-78f005f3.json').findLast(
    (r) => r.resourceType === 'Procedure' && r.code.coding.some((c) => c.code === '73761001'),
  );
  const rule = rules.rules.find((r) => r.id === 'colorectal-cancer-screening');
  const procedureSets = rule.satisfiedBy.filter((s) => s.resourceTypes.includes('Procedure')).map((s) => s.codeSet);
  assert.ok(procedureSets.some((id) => rules.codeSets[id].codes.some((c) => c.code === '73761001')), 'the rule counts a colonoscopy');
  const before = evaluateReminders(rules, toReminderRecord(jill), AS_OF).find((r) => r.ruleId === rule.id);
  assert.equal(before.status, 'overdue', 'no colonoscopy on her record');
  for (const status of PROCEDURE_STATUSES) {
    const done = { ...colonoscopy, id: 'colonoscopy', status, subject: { reference: `Patient/${patient.id}` }, performedPeriod: { start: '2025-06-01T09:00:00-05:00', end: '2025-06-01T10:00:00-05:00' } };
    const reminder = evaluateReminders(rules, toReminderRecord([...jill, done]), AS_OF).find((r) => r.ruleId === rule.id);
    assert.equal(reminder.status, status === 'completed' ? 'done' : 'overdue', status);
  }
});

test('an order stays open until a completed record is based on it (MEDITECH procedures in every status)', () => {
  const procedures = resourcesOf('test/fixtures/fhir-r4/ips/ips-us-meditech-1-searchset.json').filter((r) => r.resourceType === 'Procedure' && r.basedOn);
  assert.deepEqual([...new Set(procedures.map((p) => p.status))].sort(), ['completed', 'in-progress', 'not-done', 'preparation']);
  // the orders the searchset's procedures were based on (it carries the references, not the orders)
  const orders = procedures.map((p) => ({
    resourceType: 'ServiceRequest',
    id: p.basedOn[0].reference.split('/')[1],
    status: 'active',
    intent: 'order',
    code: p.code,
    subject: { reference: `Patient/${patient.id}` },
    authoredOn: '2026-10-01',
  }));
  const linked = procedures.map((p) => ({ ...p, subject: { reference: `Patient/${patient.id}` } }));
  const open = evaluateReminders(rules, toReminderRecord([patient, ...orders, ...linked]), AS_OF).filter((r) => r.ruleId === 'ordered-tests-and-referrals');
  const expected = procedures.filter((p) => p.status !== 'completed').map((p) => `ordered-tests-and-referrals:${p.basedOn[0].reference}`);
  assert.equal(expected.length, 17);
  assert.deepEqual(open.map((r) => r.id).sort(), expected.sort());
});

test('an activity the care plan says not to do is never a reminder to do it (FHIR spec heart-operation plan)', () => {
  const plan = JSON.parse(readFileSync('test/fixtures/fhir-r4/spec-examples-with-narrative/carePlan-heartOperationPlan.json', 'utf8'));
  assert.equal(plan.activity[0].detail.doNotPerform, true);
  // made current: an active plan whose activity is scheduled
  const current = { ...plan, status: 'active', subject: { reference: `Patient/${patient.id}` }, activity: [{ detail: { ...plan.activity[0].detail, status: 'scheduled' } }] };
  const reminders = (resources) => evaluateReminders(rules, toReminderRecord([patient, ...resources]), AS_OF).filter((r) => r.ruleId === 'care-plan-activities');
  assert.deepEqual(reminders([current]), []);
  // the same activity without doNotPerform is one (the test can fail both ways)
  const { doNotPerform, ...toDo } = current.activity[0].detail;
  assert.equal(doNotPerform, true);
  assert.equal(reminders([{ ...current, activity: [{ detail: toDo }] }]).length, 1);
});

test('the newest answer wins by when it was given, not by when the test was done', async () => {
  const { PROCEDURE_RECORDED, REMINDER_RULE_SYSTEM, REMINDER_ANSWER_SYSTEM, NEEDS_REVIEW_TAG } = await importTs(['src/adapters/fhir/mapping/reminders.ts']);
  const rule = { system: REMINDER_RULE_SYSTEM, code: 'colorectal-cancer-screening' };
  const subject = { reference: `Patient/${patient.id}` };
  // "declined" in March; in June the patient says it was done elsewhere the May before
  const declined = { resourceType: 'Flag', id: 'declined', status: 'active', code: { coding: [rule, { system: REMINDER_ANSWER_SYSTEM, code: 'declined' }] }, subject, period: { start: '2019-03-01' } };
  const doneElsewhere = {
    resourceType: 'Procedure', id: 'elsewhere', status: 'completed', meta: { tag: [NEEDS_REVIEW_TAG] }, code: { coding: [rule] }, subject,
    performedDateTime: '2018-05-01', extension: [{ url: PROCEDURE_RECORDED, valueDateTime: '2019-06-01' }],
  };
  const status = (resources) => evaluateReminders(rules, toReminderRecord([...jill, ...resources]), '2019-07-01').find((r) => r.ruleId === rule.code).status;
  assert.equal(status([declined, doneElsewhere]), 'done-elsewhere-pending');
  // a "declined" given after the report wins in turn (the test can fail both ways)
  assert.equal(status([{ ...declined, period: { start: '2019-06-15' } }, doneElsewhere]), 'declined');
});
