// The FHIR messaging port's live updates (src/adapters/fhir/messaging/live-poll.ts) against
// the local FHIR server: every message stored after the conversation was opened is delivered
// once, whatever the writers' clocks say and however many arrive at once, and none the
// reader already shows is delivered again. The messages are the FHIR spec's Communication
// example (communication-example.json), its payload text numbered, put in a test
// conversation; the counts are what each test wrote.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';

const EXAMPLE = JSON.parse(readFileSync('test/fixtures/fhir-r4/spec-examples/communication-example.json', 'utf8'));
const CLINICIAN = 'Practitioner/live-poll-clinician';

/** @type {any} */ let m;
/** @type {any} */ let server;
before(async () => {
  server = await startFhirServer({ port: 0, seed: false, log: false });
  m = await importTs(['src/adapters/fhir/client.ts', 'src/adapters/fhir/messaging-port.ts']);
});
after(async () => server?.close());

/** @param {string} method @param {string} path @param {any} body */
async function write(method, path, body) {
  const response = await fetch(`${server.url}/${path}`, { method, headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(body) });
  assert.ok([200, 201].includes(response.status), `${method} ${path}: ${response.status}`);
  return response.json();
}

/** A fresh patient and conversation header, an hour old. */
async function conversation() {
  const patient = `Patient/${(await write('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Livepoll' }] })).id}`;
  const header = await write('POST', 'Communication', {
    resourceType: 'Communication',
    status: 'in-progress',
    subject: { reference: patient },
    topic: { text: 'Lab results' },
    recipient: [{ reference: patient }, { reference: CLINICIAN }],
    sent: new Date(Date.now() - 3_600_000).toISOString(),
  });
  return { patient, header };
}

/** The spec example as message `n` of the conversation, from `sender`, sent at `sent` (the writer's clock). */
function message(/** @type {any} */ { patient, header }, /** @type {string} */ sender, /** @type {number} */ n, /** @type {string} */ sent) {
  return {
    resourceType: 'Communication',
    status: 'in-progress',
    partOf: [{ reference: `Communication/${header.id}` }],
    subject: { reference: patient },
    sender: { reference: sender },
    recipient: [{ reference: sender === patient ? CLINICIAN : patient }],
    sent,
    payload: [{ contentString: `${EXAMPLE.payload[0].contentString} (${n})` }],
  };
}

/**
 * Subscribes as the patient (through `port`, default a new one); returns each delivered message
 * id with how often it came, and the words of each as last delivered.
 */
function subscribe(/** @type {any} */ thread, /** @type {{ since: string, shown: string[] }} */ { since, shown }, port = newPort()) {
  const delivered = new Map();
  const words = new Map();
  const controller = new AbortController();
  port.subscribe(thread.header.id, (/** @type {any[]} */ messages) => messages.forEach((x) => (delivered.set(x.id, (delivered.get(x.id) ?? 0) + 1), words.set(x.id, x.body))), {
    signal: controller.signal,
    since,
    shown,
    as: { user: { ref: thread.patient }, role: 'patient' },
  });
  return { delivered, words, stop: () => controller.abort() };
}

const newPort = () => new m.FhirMessagingPort(new m.FhirClient({ baseUrl: server.url }), { pollIntervalMs: 50 });

/** Waits (without a deadline of its own: the test runner's timeout ends a hung test) until `ready`. */
async function until(/** @type {() => boolean} */ ready) {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('FHIR messaging live updates (local server)', () => {
  it("delivers a reply whose writer's clock is behind the newest message shown, and never the shown one", { timeout: 120_000 }, async () => {
    const thread = await conversation();
    // the patient's device runs three minutes fast: their message, shown, is "newer" than the reply
    const ahead = new Date(Date.now() + 3 * 60_000).toISOString();
    const mine = await write('POST', 'Communication', message(thread, thread.patient, 1, ahead));
    const live = subscribe(thread, { since: ahead, shown: [mine.id] });
    const reply = await write('POST', 'Communication', message(thread, CLINICIAN, 2, new Date().toISOString()));
    await until(() => live.delivered.has(reply.id));
    // a later message too, so the poll has looked again after the reply came
    const later = await write('POST', 'Communication', message(thread, CLINICIAN, 3, new Date().toISOString()));
    await until(() => live.delivered.has(later.id));
    live.stop();
    assert.deepEqual(Object.fromEntries(live.delivered), { [reply.id]: 1, [later.id]: 1 });
  });

  it('delivers a shown message again, once, when it is rewritten (an edited retry), and never the unchanged ones', { timeout: 120_000 }, async () => {
    const thread = await conversation();
    const sent = new Date(Date.now() - 60_000).toISOString();
    const rewritten = await write('POST', 'Communication', message(thread, thread.patient, 1, sent));
    const unchanged = await write('POST', 'Communication', message(thread, CLINICIAN, 2, sent));
    // the reader lists the conversation, then follows it through the same port (as the thread element does)
    const port = newPort();
    const listed = await port.listMessages(thread.header.id, {}, { as: { user: { ref: thread.patient }, role: 'patient' } });
    assert.deepEqual(listed.items.map((/** @type {any} */ x) => x.id).sort(), [rewritten.id, unchanged.id].sort());
    const live = subscribe(thread, { since: sent, shown: [rewritten.id, unchanged.id] }, port);
    // the clinician reads both (a read receipt rewrites each Communication's status): no new words, nothing delivered
    const clinician = { user: { ref: CLINICIAN }, role: 'clinician' };
    await newPort().markRead(thread.header.id, [rewritten.id, unchanged.id], { idempotencyKey: `read-${rewritten.id}`, as: clinician });
    const between = await write('POST', 'Communication', message(thread, CLINICIAN, 3, new Date().toISOString()));
    await until(() => live.delivered.has(between.id));
    const edited = { ...rewritten, payload: [{ contentString: 'Edited before the answer came: is 5.9 too high?' }] };
    await write('PUT', `Communication/${rewritten.id}`, edited);
    await until(() => live.delivered.has(rewritten.id));
    // a later message too, so the poll has looked again after the rewrite
    const later = await write('POST', 'Communication', message(thread, CLINICIAN, 4, new Date().toISOString()));
    await until(() => live.delivered.has(later.id));
    live.stop();
    assert.deepEqual(Object.fromEntries(live.delivered), { [between.id]: 1, [rewritten.id]: 1, [later.id]: 1 });
    assert.match(live.words.get(rewritten.id), /is 5\.9 too high\?/);
  });

  it('delivers every one of 60 messages stored in one transaction (one timestamp, more than a page) exactly once', { timeout: 120_000 }, async () => {
    const thread = await conversation();
    const live = subscribe(thread, { since: thread.header.sent, shown: [] });
    const t0 = Date.now();
    const entry = Array.from({ length: 60 }, (_, i) => ({ resource: message(thread, CLINICIAN, i, new Date(t0 + i).toISOString()), request: { method: 'POST', url: 'Communication' } }));
    const answer = await write('POST', '', { resourceType: 'Bundle', type: 'transaction', entry });
    const ids = answer.entry.map((/** @type {any} */ e) => e.response.location.split('/')[1]);
    assert.equal(new Set(ids).size, 60);
    await until(() => ids.every((/** @type {string} */ id) => live.delivered.has(id)));
    // one more look after all arrived: still none twice
    const last = await write('POST', 'Communication', message(thread, CLINICIAN, 61, new Date().toISOString()));
    await until(() => live.delivered.has(last.id));
    live.stop();
    assert.deepEqual([...live.delivered.values()].filter((n) => n !== 1), []);
    assert.equal(live.delivered.size, 61);
  });
});
