// A retracted (`entered-in-error`) or never-sent (`not-done`) Communication is not a message
// (src/adapters/fhir/mapping/messaging.ts): not shown, not counted as unread, never the
// preview, and a conversation header in either status is no conversation. The messages are
// the FHIR spec's two Communication examples, put in one test conversation (`partOf`), with
// only `status` varied; every expectation is counted from the source JSON here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const SPEC = 'test/fixtures/fhir-r4/spec-examples';
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
/** Communication.status (R4 EventStatus, a required binding). */
const STATUSES = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'];
/** The statuses in which a Communication is not a message. */
const WITHDRAWN = ['entered-in-error', 'not-done'];
const HEADER = { resourceType: 'Communication', id: 'h', status: 'in-progress', subject: { reference: 'Patient/example' }, topic: { text: 'Potassium' } };

let m;
let alert; // communication-example.json: a Device alert to Practitioner/example, completed and received
let claim; // communication-example-fm-attachment.json: two attachments, recipient by identifier only
before(async () => {
  m = await importTs(['src/adapters/fhir/mapping/messaging.ts']);
  alert = json(`${SPEC}/communication-example.json`);
  claim = json(`${SPEC}/communication-example-fm-attachment.json`);
});

/** A copy of a spec example as a message of the test conversation, in `status`. */
const inThread = (example, status, n) => ({ ...structuredClone(example), id: `${example.id}-${status}-${n}`, partOf: [{ reference: 'Communication/h' }], status });
const reader = () => ({ user: { ref: alert.recipient[0].reference }, role: 'clinician' });

describe('FHIR messaging: retracted and never-sent Communications are not messages', () => {
  it('a thread of both spec examples in every status counts and previews only the messages', () => {
    const messages = STATUSES.flatMap((status, n) => [inThread(alert, status, n), inThread(claim, status, n)]);
    const shown = messages.filter((r) => !WITHDRAWN.includes(r.status));
    // the reader is the alert's only recipient: an alert is read when completed with `received`
    // (the two-party scheme); the claim names its recipient by identifier, so it is never read by them
    const unread = shown.filter((r) => !(r.id.startsWith(`${alert.id}-`) && r.status === 'completed' && r.received));
    const thread = m.toThread(HEADER, messages, reader(), []);
    assert.equal(thread.messageCount, shown.length);
    assert.equal(thread.unreadCount, unread.length);
    assert.equal(shown.length, 12); // 8 statuses less the 2 withdrawn, times two examples
  });

  it('a message with no status at all (messy data) is not taken for a withdrawn one', () => {
    const { status, ...noStatus } = inThread(alert, 'completed', 'none');
    assert.equal(status, 'completed');
    assert.equal(m.toMessages([noStatus], 'h', reader(), []).length, 1);
    assert.equal(m.toThread(HEADER, [noStatus], reader(), []).messageCount, 1);
  });

  it('the newest message retracted or never sent: the preview and the last activity are the newest message shown', () => {
    // the claim (sent 2016) is newer than the alert (sent 2014)
    assert.ok(Date.parse(claim.sent) > Date.parse(alert.sent));
    for (const status of WITHDRAWN) {
      const thread = m.toThread(HEADER, [inThread(alert, 'in-progress', 0), inThread(claim, status, 1)], reader(), []);
      const alertText = alert.payload.map((p) => p.contentString).filter(Boolean).join('\n\n');
      assert.equal(thread.preview, alertText, status);
      assert.equal(thread.lastActivity, alert.sent, status);
      assert.equal(thread.unreadCount, 1, status);
      assert.equal(thread.messageCount, 1, status);
    }
  });

  it('a thread of nothing but retracted and never-sent messages has no preview, no unread and no messages', () => {
    const thread = m.toThread(HEADER, WITHDRAWN.flatMap((status, n) => [inThread(alert, status, n), inThread(claim, status, n)]), reader(), []);
    assert.equal(thread.preview, undefined);
    assert.equal(thread.unreadCount, 0);
    assert.equal(thread.messageCount, 0);
    assert.equal(thread.lastActivity, ''); // the header has no `sent`
  });

  it('a conversation header retracted or never sent is no conversation; in any other status it is one', () => {
    for (const status of STATUSES) {
      assert.equal(m.isHeader({ ...HEADER, status }), !WITHDRAWN.includes(status), status);
    }
  });
});

describe('FHIR messaging: a sender the record names without a reference', () => {
  it('is never "System": the name as written, the kind from the reference type, else unknown (FHIR spec example)', () => {
    // the claim attachment's sender is an identifier only; the alert's is a Device
    assert.deepEqual(Object.keys(claim.sender), ['identifier']);
    const message = (sender) => m.toMessage({ ...inThread(claim, 'completed', 's'), sender }, 'h', reader(), []);
    assert.deepEqual(message(claim.sender).sender, { ref: '', kind: 'unknown', name: '' });
    const named = { ...claim.sender, type: 'Practitioner', display: 'Dr. Adam Careful' };
    assert.deepEqual(message(named).sender, { ref: '', kind: 'practitioner', name: 'Dr. Adam Careful' });
    // a Device reference is still a device
    assert.equal(m.toMessage(inThread(alert, 'completed', 'd'), 'h', reader(), []).sender.kind, 'device');
  });
});
