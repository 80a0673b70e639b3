// The memory care-reminder port (#14): reminders from fixture records, answers through the
// write protocol (one record per key), the worklist across a panel, and reminders sent
// through the memory messaging port — one per patient, rule and month — that land in each
// patient's inbox, with per-patient failures reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importTs } from './ts-bundle.mjs';

const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
const { createMemoryAdapter, toReminderRecord, EngageError } = await importTs([
  'src/adapters/memory/index.ts',
  'src/adapters/fhir/mapping/reminders.ts',
  'src/core/errors.ts',
]);

const FILES = ['synthea-jill-tillman-c4b7d178.json', 'synthea-buster-hoeger-ad2e3fc5.json', 'synthea-kermit-trantow-f1a650a5.json', 'synthea-carla-echevarria-9a628ccd.json'];
const records = FILES.map((f) => {
  const record = toReminderRecord(JSON.parse(readFileSync(`demo/data/${f}`, 'utf8')).entry.map((e) => e.resource));
  return { ...record, patient: `Patient/${f.split('-').at(-1).replace('.json', '')}` };
});
const ASOF = '2026-12-01';
const adapterWith = (extra = {}) => createMemoryAdapter({ reminders: { rules, records, now: () => new Date('2026-12-01T12:00:00'), ...extra } });

test('getReminders evaluates the patient’s record and carries the disclaimer', async () => {
  const { reminders } = adapterWith();
  const list = await reminders.getReminders(records[0].patient, ASOF);
  assert.equal(list.reminders.find((r) => r.id === 'breast-cancer-screening').status, 'overdue');
  assert.match(list.disclaimer, /not clinically reviewed/);
  await assert.rejects(reminders.getReminders('Patient/nobody', ASOF), (e) => e.code === 'not-found');
});

test('an answer is stored once per idempotency key and changes the status', async () => {
  const { reminders } = adapterWith();
  const patient = records[0].patient;
  const answer = { kind: 'done-elsewhere', performed: '2026-10-02', where: 'Riverside Clinic' };
  const first = await reminders.answer(patient, 'breast-cancer-screening', answer, { idempotencyKey: 'k1' });
  const again = await reminders.answer(patient, 'breast-cancer-screening', answer, { idempotencyKey: 'k1' });
  assert.equal(again.ref, first.ref);
  const list = await reminders.getReminders(patient, ASOF);
  const item = list.reminders.find((r) => r.id === 'breast-cancer-screening');
  assert.equal(item.status, 'done-elsewhere-pending');
  assert.equal(item.lastDone.date, '2026-10-02');
  // A changed answer replaces the earlier one instead of adding a second.
  const revised = await reminders.answer(patient, 'breast-cancer-screening', { ...answer, performed: '2026-10-03' }, { idempotencyKey: 'k2', replaces: ['k1'] });
  assert.equal(revised.ref, first.ref);
  const after = await reminders.getReminders(patient, ASOF);
  assert.equal(after.reminders.find((r) => r.id === 'breast-cancer-screening').lastDone.date, '2026-10-03');
});

test('the worklist counts due and overdue patients per rule and filters', async () => {
  const { reminders } = adapterWith();
  const all = await reminders.worklist({ all: true }, ASOF);
  // Expected from the evaluator per patient, counted here.
  const expected = Object.fromEntries(rules.rules.map((r) => [r.id, { due: 0, overdue: 0, reminded: 0 }]));
  for (const r of records) {
    const list = await reminders.getReminders(r.patient, ASOF);
    for (const item of list.reminders) {
      if (item.status === 'overdue') expected[item.ruleId].overdue++;
      if (item.status === 'due-now') expected[item.ruleId].due++;
    }
  }
  assert.deepEqual(all.counts, expected);
  assert.equal(all.period, '2026-12');
  const colorectal = await reminders.worklist({ all: true }, ASOF, { ruleId: 'colorectal-cancer-screening', overdueOnly: true });
  assert.deepEqual(colorectal.rows.map((r) => r.patient), [records[0].patient]); // only Jill is 45+
  const young = await reminders.worklist({ all: true }, ASOF, { maxAge: 30 });
  assert.ok(young.rows.every((r) => r.age <= 30));
  assert.ok(young.rows.length >= 1);
});

test('sending reminders: one message per patient, rule and month, in each patient’s inbox', async () => {
  const adapter = adapterWith();
  const patients = records.map((r) => r.patient);
  const progress = [];
  const results = await adapter.reminders.sendReminders(patients, 'hiv-screening', '2026-12', { sender: 'Practitioner/dr', onProgress: (_r, done, total) => progress.push(`${done}/${total}`) });
  assert.deepEqual(results.map((r) => r.ok), [true, true, true, true]);
  assert.deepEqual(progress, ['1/4', '2/4', '3/4', '4/4']);
  // A second run in the same month sends nothing new.
  const again = await adapter.reminders.sendReminders(patients, 'hiv-screening', '2026-12', { sender: 'Practitioner/dr' });
  assert.deepEqual(again.map((r) => r.ref), results.map((r) => r.ref));
  for (const patient of patients) {
    const inbox = await adapter.messaging.listThreads({ patient, status: 'all' });
    const reminders = inbox.items.filter((t) => t.category?.codings.some((c) => c.code === 'reminder'));
    assert.equal(reminders.length, 1, patient);
    assert.equal(reminders[0].subject, 'HIV test');
  }
  const worklist = await adapter.reminders.worklist({ all: true }, ASOF);
  assert.equal(worklist.remindedThisPeriod, 4);
  assert.equal(worklist.counts['hiv-screening'].reminded, 4);
});

test('sending reminders reports the patients whose message failed, and sends the rest', async () => {
  const adapter = adapterWith();
  const failing = records[1].patient;
  const messaging = adapter.messaging;
  const flaky = {
    startThread: (patient, draft, options) =>
      patient === failing ? Promise.reject(new EngageError('forbidden', 'Not allowed.')) : messaging.startThread(patient, draft, options),
  };
  const port = createMemoryAdapter({ reminders: { rules, records, messaging: flaky } }).reminders;
  const results = await port.sendReminders(records.map((r) => r.patient), 'hiv-screening', '2026-12');
  assert.deepEqual(results.map((r) => [r.patient === failing, r.ok]), [[false, true], [true, false], [false, true], [false, true]]);
  assert.equal(results[1].error.code, 'forbidden');
});

test('a failure from a port built on another copy of the library keeps its code', async () => {
  // A vendor's messaging port may come from its own copy of ehr-engage: its errors are
  // EngageErrors by shape (name and code), not instances of this copy's class. A refusal
  // is reported as a refusal and not tried again; a passing failure is retried, same key.
  const adapter = adapterWith();
  const messaging = adapter.messaging;
  const [refused, flaky] = [records[0].patient, records[1].patient];
  const tries = [];
  let flakyFailures = 0;
  const foreign = (code, message) => Object.assign(new Error(message), { name: 'EngageError', code });
  const otherCopy = {
    startThread: (patient, draft, options) => {
      tries.push(`${patient} ${options.idempotencyKey}`);
      if (patient === refused) return Promise.reject(foreign('forbidden', 'Not allowed.'));
      if (patient === flaky && flakyFailures++ === 0) return Promise.reject(foreign('network', 'The server could not be reached.'));
      return messaging.startThread(patient, draft, options);
    },
  };
  const port = createMemoryAdapter({ reminders: { rules, records, messaging: otherCopy } }).reminders;
  const results = await port.sendReminders([refused, flaky], 'hiv-screening', '2026-12');
  assert.deepEqual(results.map((r) => r.ok), [false, true]);
  assert.deepEqual(results[0].error, { code: 'forbidden', message: 'Not allowed.' });
  assert.equal(tries.filter((t) => t.startsWith(`${refused} `)).length, 1, 'a refusal is not retried');
  const flakyTries = tries.filter((t) => t.startsWith(`${flaky} `));
  assert.equal(flakyTries.length, 2, 'the passing failure is tried again');
  assert.equal(flakyTries[0], flakyTries[1], 'with the same key');
});
