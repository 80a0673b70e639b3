// A clinic's decision on an appointment request retried after its answer was lost: what the
// earlier attempt under the same key stored is "saved" only when it holds this decision
// (docs/write-protocol.md §3). The request the patient reads must hold the decision's words (a
// decline's reason), repaired with a versioned update where the server dropped them or the
// clinician edited them before resending under the key; a decision of another kind under the
// key cannot be made to hold this one, so it is a `conflict`; and a request the patient has
// answered since (turned the offered times down) is not overwritten: the retry answers it as it
// now is, never offers the times again.
//
// The same cases run on the FHIR adapter over real HTTP (the local FHIR server behind the fault
// proxy: `drop-after` stores the write and loses its answer, `strip` drops an element on its way
// to the server) and on the memory adapter (`loseAnswers`). What is held is read from the backend
// itself (FHIR: straight from the server, not through the proxy). The clinic is the repository's
// scheduling world (test/browser/scheduling-world.ts): slots 7 and 8 are its consult times.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { importTs } from './ts-bundle.mjs';
import { fhirSubject, memorySubject, recordsUnder, rejection, transactionOnly, lostAnswer } from './scheduling-retry-subjects.mjs';

const { WriteIntent, DECISION_SYSTEM } = await importTs([
  'src/adapters/fhir/mapping/scheduling.ts',
  'src/core/write-protocol.ts',
]);

/** The patient's request for a consult, sent and stored (no fault). */
async function openRequest(s) {
  const draft = { visitType: s.world.types.consult, preferences: { days: ['wed'], times: ['morning'] } };
  return s.read.request(s.patient, draft, { idempotencyKey: crypto.randomUUID() });
}

/** The request as the patient reads it now. */
async function asThePatientReads(s, id) {
  return (await s.read.listAppointments(s.patient)).find((a) => a.id === id);
}

/** The cases both adapters must pass. */
function sharedCases(subject) {
  it('a decline resent under its landed key with the reason edited: the request holds the reason last sent', async () => {
    const s = await subject();
    const request = await openRequest(s);
    const keys = { idempotencyKey: crypto.randomUUID() };
    await lostAnswer(s, () => s.port.decide(request.id, { action: 'decline', reason: 'Please see your own doctor first.' }, keys));
    // the queue keys the decision by its kind and resends the edited reason under the same key
    const reason = 'Please see your own doctor first; they can refer you.';
    const outcome = await s.port.decide(request.id, { action: 'decline', reason }, keys);
    assert.equal(outcome.outcome, 'saved');
    assert.deepEqual([outcome.appointment.status, outcome.appointment.statusReason], ['declined', reason]);
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.statusReason], ['declined', reason]);
  });

  it('an approve under the key a decline landed under: a conflict, and the request stays declined', async () => {
    const s = await subject();
    const request = await openRequest(s);
    const keys = { idempotencyKey: crypto.randomUUID() };
    await lostAnswer(s, () => s.port.decide(request.id, { action: 'decline', reason: 'We do not see new patients.' }, keys));
    assert.equal((await rejection(s.port.decide(request.id, { action: 'approve', slotId: s.world.slots[7] }, keys))).code, 'conflict');
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.statusReason, held.slotId], ['declined', 'We do not see new patients.', undefined]);
    assert.equal(await s.slotFree(s.world.slots[7]), true);
  });

  it('times offered, the answer lost, the patient turned them down since: the retry is saved and offers nothing again', async () => {
    const s = await subject();
    const request = await openRequest(s);
    const intent = new WriteIntent();
    const decision = { action: 'propose', slotIds: [s.world.slots[7], s.world.slots[8]], message: 'These are our first openings.' };
    const keys = intent.keysFor(decision);
    await lostAnswer(s, () => s.port.decide(request.id, decision, keys));
    assert.equal((await asThePatientReads(s, request.id)).proposals.length, 2);
    await s.read.answerProposal(request.id, { action: 'decline', note: 'I work on Wednesdays.' }, { idempotencyKey: crypto.randomUUID() });
    const outcome = await s.port.decide(request.id, decision, keys);
    assert.equal(outcome.outcome, 'saved');
    assert.equal(outcome.appointment.status, 'requested');
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.proposals?.length ?? 0, held.note], ['requested', 0, 'I work on Wednesdays.']);
  });
}

describe('decision retries: the record under the key holds this decision, FHIR over HTTP', () => {
  const servers = fhirBehindProxy();
  const subject = () => fhirSubject(servers);

  /** The responses stored under `key`, read from the server. */
  const responsesUnder = (key) => recordsUnder(servers, 'AppointmentResponse', DECISION_SYSTEM, [key]);

  sharedCases(subject);

  it('a decline whose reason the server dropped: the plain retry puts the reason on the request', async () => {
    const s = await subject();
    const request = await openRequest(s);
    const reason = 'This needs a referral from your own doctor.';
    const keys = { idempotencyKey: crypto.randomUUID() };
    servers.proxy.setFault({ kind: 'strip', field: 'cancelationReason.text', count: 1, ...transactionOnly });
    assert.equal((await rejection(s.port.decide(request.id, { action: 'decline', reason }, keys))).code, 'server');
    await s.clear();
    assert.equal((await asThePatientReads(s, request.id)).statusReason, undefined, 'the attempt stored the decline without its reason');
    const outcome = await s.port.decide(request.id, { action: 'decline', reason }, keys);
    assert.deepEqual([outcome.outcome, outcome.appointment.status, outcome.appointment.statusReason], ['saved', 'declined', reason]);
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.statusReason], ['declined', reason]);
    assert.deepEqual((await responsesUnder(keys.idempotencyKey)).map((r) => [r.participantStatus, r.comment]), [['declined', reason]]);
  });

  it('an approve changed to a decline whose own key landed without the reason: the retry puts the reason on the request', async () => {
    const s = await subject();
    const request = await openRequest(s);
    const intent = new WriteIntent();
    const approve = { action: 'approve', slotId: s.world.slots[7] };
    await s.loseNextAnswer();
    await rejection(s.port.decide(request.id, approve, intent.keysFor(approve)));
    const reason = 'Dr. Ortiz is away; please call us.';
    const decline = { action: 'decline', reason };
    const keys = intent.keysFor(decline);
    // the change lands (the booking undone, its time freed), but the server drops the decline's reason
    servers.proxy.setFault({ kind: 'strip', field: 'cancelationReason', count: 1, ...transactionOnly });
    assert.equal((await rejection(s.port.decide(request.id, decline, keys))).code, 'server');
    await s.clear();
    assert.equal((await asThePatientReads(s, request.id)).statusReason, undefined, 'the attempt stored the change without the reason');
    const outcome = await s.port.decide(request.id, decline, keys);
    assert.deepEqual([outcome.outcome, outcome.appointment.status, outcome.appointment.statusReason], ['saved', 'declined', reason]);
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.statusReason, held.slotId], ['declined', reason, undefined]);
    assert.equal(await s.slotFree(s.world.slots[7]), true);
    assert.deepEqual((await responsesUnder(keys.idempotencyKey)).map((r) => [r.participantStatus, r.comment]), [['declined', reason]]);
  });
});

describe('decision retries: the record under the key holds this decision, memory adapter', () => {
  sharedCases(memorySubject);
});
