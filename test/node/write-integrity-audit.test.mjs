// Write integrity of the care-reminder answers over real HTTP (demo FHIR server through the
// fault proxy): an answer changed after a lost answer must leave exactly one live record,
// holding what the patient last chose. "Done elsewhere" is a Procedure and every other
// answer a Flag, so an edited retry that changes the kind must settle the record the first
// attempt stored in the other type, not leave it live beside the new one. What is stored
// is read from the server directly, not through the port.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { readFileSync } from 'node:fs';
import { importTs } from './ts-bundle.mjs';

const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));
const { FhirClient, FhirCareReminderPort } = await importTs(['src/adapters/fhir/index.ts']);

const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const ANSWER_SYSTEM = 'https://ehr-engage.dev/fhir/sid/care-reminder-answer';

describe('care-reminder answers: an edited retry that changes the kind of answer', () => {
  const servers = fhirBehindProxy();
  const port = (url) => new FhirCareReminderPort(new FhirClient({ baseUrl: url, maxRetries: 0, timeoutMs: 5_000 }), { rules, now: () => new Date('2026-12-01T12:00:00') });


  /** The live records (not withdrawn) of a rule's answers under any of `keys`, straight from the server. */
  async function live(keys) {
    const identifier = keys.map((k) => `${ANSWER_SYSTEM}|${k}`).join(',');
    const out = [];
    for (const type of ['Procedure', 'Flag']) {
      const bundle = await (await fetch(`${servers.fhir.url}/${type}?identifier=${encodeURIComponent(identifier)}&_count=100`, { cache: 'no-store' })).json();
      out.push(...(bundle.entry ?? []).map((e) => e.resource).filter((r) => (type === 'Flag' ? r.status === 'active' : r.status !== 'entered-in-error')));
    }
    return out;
  }

  for (const [first, then] of [
    [{ kind: 'done-elsewhere', performed: '2026-09-14', where: 'Riverside Clinic' }, { kind: 'declined', reason: 'I would rather not' }],
    [{ kind: 'declined', reason: 'Not now' }, { kind: 'done-elsewhere', performed: '2026-10-02', where: 'County Health' }],
  ]) {
    it(`${first.kind} (answer lost), then ${then.kind}: one live record, the last choice`, async () => {
      const rule = first.kind === 'declined' ? 'hepatitis-c-screening' : 'colorectal-cancer-screening';
      const reminders = port(servers.proxy.url);
      const a = `audit-${crypto.randomUUID()}`;
      const b = `audit-${crypto.randomUUID()}`;
      servers.proxy.setFault({ kind: 'drop-after', count: 1, methods: ['POST'] }); // stored, its answer lost
      await assert.rejects(reminders.answer(JILL, rule, first, { idempotencyKey: a }));
      servers.proxy.clear();
      const action = await reminders.answer(JILL, rule, then, { idempotencyKey: b, replaces: [a] });
      assert.equal(action.kind, then.kind);
      const records = await live([a, b]);
      assert.deepEqual(records.map((r) => r.resourceType), [then.kind === 'done-elsewhere' ? 'Procedure' : 'Flag']);
      const shown = (await port(servers.fhir.url).getReminders(JILL, '2026-12-01')).reminders.find((r) => r.id === rule);
      assert.equal(shown.status, then.kind === 'done-elsewhere' ? 'done-elsewhere-pending' : 'declined');
    });
  }
});
