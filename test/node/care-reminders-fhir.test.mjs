// The FHIR care-reminder port (#14) against the demo FHIR server over real HTTP: the
// patient's record read in one batch gives the same reminders as the seed bundle does;
// answers are stored once per key; and reminders sent to a 100-patient panel through the
// fault-injecting proxy land exactly once per patient on the server, with the failures
// reported (asserted on the server, not on the port's answer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { readFileSync } from 'node:fs';
import { importTs } from './ts-bundle.mjs';

const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
const { FhirClient, FhirCareReminderPort, evaluateReminders, toReminderRecord } = await importTs([
  'src/adapters/fhir/index.ts',
  'src/reminders/evaluate.ts',
  'src/adapters/fhir/mapping/reminders.ts',
]);

const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const REMINDER_CATEGORY = 'https://ehr-engage.dev/fhir/CodeSystem/message-category|reminder';
/** A clinic panel: at a 25% fault rate, a send to this many patients meets dozens of injected faults. */
const PANEL = 100;
const PERIOD = new Date().toISOString().slice(0, 7);

describe('FHIR care-reminder port', () => {
  const servers = fhirBehindProxy();
  const port = (url, extra = {}) => new FhirCareReminderPort(new FhirClient({ baseUrl: url, maxRetries: 1, maxRetryDelayMs: 50, timeoutMs: 5_000 }), { rules, ...extra });


  /** Every resource of a search straight from the server (not through the port). */
  async function all(query) {
    const out = [];
    let url = `${servers.fhir.url}/${query}${query.includes('?') ? '&' : '?'}_count=1000`;
    while (url) {
      const bundle = await (await fetch(url)).json();
      out.push(...(bundle.entry ?? []).map((e) => e.resource));
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    return out;
  }

  it('reads the record in one batch (filtered to the rules’ codes) and gives the reminders her whole record gives', async () => {
    // Her whole record, every resource of every type read plainly from the server (the seed moves the demo's dates to now).
    const seeded = [await (await fetch(`${servers.fhir.url}/${JILL}`)).json()];
    for (const type of ['Condition', 'Observation', 'Procedure', 'DiagnosticReport', 'ImagingStudy', 'ServiceRequest', 'CarePlan', 'Flag']) {
      seeded.push(...(await all(`${type}?patient=${JILL}`)));
    }
    const expected = evaluateReminders(rules, { ...toReminderRecord(seeded), patient: JILL }, '2026-12-01');
    const before = servers.proxy.requests;
    const list = await port(servers.proxy.url).getReminders(JILL, '2026-12-01');
    assert.equal(servers.proxy.requests - before, 1, 'one round trip');
    const brief = (rs) => rs.map((r) => [r.id, r.status, r.dueDate, r.lastDone?.date?.slice(0, 10)]);
    assert.deepEqual(brief(list.reminders), brief(expected));
    assert.ok(list.reminders.some((r) => r.status === 'done') && list.reminders.some((r) => r.status === 'overdue'));
  });

  it('stores "done elsewhere" once per key (a Procedure for review) and reads it back as pending', async () => {
    const reminders = port(servers.proxy.url, { now: () => new Date('2026-12-01T12:00:00') });
    const answer = { kind: 'done-elsewhere', performed: '2026-09-14', where: 'Riverside Clinic' };
    servers.proxy.setFault({ kind: 'drop-after', count: 1, methods: ['POST'] }); // stored, the answer lost
    await assert.rejects(reminders.answer(JILL, 'breast-cancer-screening', answer, { idempotencyKey: 'rem-answer-1' }));
    servers.proxy.clear();
    const action = await reminders.answer(JILL, 'breast-cancer-screening', answer, { idempotencyKey: 'rem-answer-1' });
    assert.equal(action.kind, 'done-elsewhere');
    const stored = (await all(`Procedure?patient=${JILL}`)).filter((p) => p.code?.coding?.some((c) => c.code === 'breast-cancer-screening'));
    assert.equal(stored.length, 1);
    assert.equal(stored[0].asserter.reference, JILL);
    // when the patient answered (R5 Procedure.recorded as its R4 extension), apart from when it was done
    assert.deepEqual(stored[0].extension, [{ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Procedure.recorded', valueDateTime: '2026-12-01' }]);
    const list = await reminders.getReminders(JILL, '2026-12-01');
    const breast = list.reminders.find((r) => r.id === 'breast-cancer-screening');
    assert.deepEqual([breast.status, breast.lastDone.date, breast.lastDone.what], ['done-elsewhere-pending', '2026-09-14', 'Riverside Clinic']);
    // "declined" as a Flag, read back
    await reminders.answer(JILL, 'hiv-screening', { kind: 'declined', reason: 'Not now' }, { idempotencyKey: 'rem-answer-2' });
    const hiv = (await reminders.getReminders(JILL, '2026-12-01')).reminders.find((r) => r.id === 'hiv-screening');
    assert.deepEqual([hiv.status, hiv.action.reason], ['declined', 'Not now']);
  });

  it(`sends reminders to ${PANEL} patients under injected faults: exactly one per patient on the server, failures reported`, async () => {
    const entries = Array.from({ length: PANEL }, (_, i) => ({
      resource: { resourceType: 'Patient', name: [{ family: `Reminder${i}`, given: ['Test'] }], birthDate: `19${50 + (i % 40)}-0${1 + (i % 9)}-15`, gender: i % 2 ? 'male' : 'female' },
      request: { method: 'POST', url: 'Patient' },
    }));
    const created = await (await fetch(servers.fhir.url, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: entries }) })).json();
    const patients = created.entry.map((e) => e.response.location.split('/_history')[0].split('/').slice(-2).join('/'));
    assert.equal(new Set(patients).size, PANEL);

    servers.proxy.setFault({ kind: 'chaos', seed: 14, rate: 0.25, kinds: ['status-503', 'status-500', 'drop', 'drop-after', 'malformed'] });
    const first = await port(servers.proxy.url).sendReminders(patients, 'hiv-screening', PERIOD, { sender: 'Practitioner/demo' });
    const applied = servers.proxy.applied.length;
    servers.proxy.clear();
    const failed = first.filter((r) => !r.ok);
    console.log(`${PANEL} patients: ${PANEL - failed.length} sent, ${failed.length} failed, ${applied} faults injected`);
    assert.equal(first.length, PANEL);
    assert.ok(applied > 0, 'faults were injected');
    for (const f of failed) assert.ok(f.error?.code, 'each failure says why');

    const countOnServer = async () => {
      const headers = (await all(`Communication?category=${encodeURIComponent(REMINDER_CATEGORY)}`)).filter((c) => !c.partOf);
      const per = new Map();
      for (const c of headers) per.set(c.subject.reference, (per.get(c.subject.reference) ?? 0) + 1);
      return per;
    };
    const afterFaults = await countOnServer();
    for (const r of first) {
      const n = afterFaults.get(r.patient) ?? 0;
      if (r.ok) assert.equal(n, 1, `${r.patient} reported sent has exactly one reminder`);
      else assert.ok(n <= 1, `${r.patient} reported failed has at most one (a lost answer)`);
    }

    // Sending again (the clinician retries the failed ones, or the whole list) adds nothing twice.
    const second = await port(servers.proxy.url).sendReminders(patients, 'hiv-screening', PERIOD, { sender: 'Practitioner/demo' });
    assert.ok(second.every((r) => r.ok));
    const afterRetry = await countOnServer();
    for (const p of patients) assert.equal(afterRetry.get(p), 1, p);
    // … and each reminder is a conversation with one message the patient sees in the inbox.
    const messages = (await all(`Communication?category=${encodeURIComponent(REMINDER_CATEGORY)}`)).length;
    assert.ok(messages >= PANEL);
    const worklist = await port(servers.proxy.url).worklist({ all: true }, `${PERIOD}-01`, { ruleId: 'hiv-screening' });
    assert.ok(worklist.remindedThisPeriod >= PANEL);
  });
});
