// A reschedule or a patient's answer to proposed times retried after its answer was lost returns
// what the earlier attempt under the same key stored only when that record still holds this
// attempt's content (docs/write-protocol.md §3): a reschedule's new time; an accept's chosen
// time; a decline's turning the times down (the request back with the clinic) and its note. A
// visit cancelled or moved since, another time under the key, another answer under the key, or
// a request the clinic answered again since cannot be made to hold this attempt without undoing
// what was done since, so the retry is a `conflict`, never "saved" or "booked". A decline's note
// the server dropped is put back.
//
// The same cases run on the FHIR adapter over real HTTP (the local FHIR server behind the fault
// proxy: `drop-after` stores the write and loses its answer, `strip` drops an element on its way
// to the server) and on the memory adapter (`loseAnswers`). What is held is read from the backend
// itself (FHIR: straight from the server, not through the proxy). The clinic is the repository's
// scheduling world (test/browser/scheduling-world.ts): slots 0-2 are free checkup times, 7 and 8
// its consult times (by request only).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { importTs } from './ts-bundle.mjs';
import { fhirSubject, memorySubject, recordsUnder, rejection, transactionOnly, lostAnswer } from './scheduling-retry-subjects.mjs';

const { DECISION_SYSTEM } = await importTs([
  'src/adapters/fhir/mapping/scheduling.ts',
]);

const freshKey = () => ({ idempotencyKey: crypto.randomUUID() });

/** The patient's appointments of this world's visit types, as the backend holds them now. */
async function appointmentsOf(s) {
  const types = new Set(Object.values(s.world.types));
  return (await s.read.listAppointments(s.patient)).filter((a) => types.has(a.visitType?.id));
}

/** A checkup booked at slot 0 (no fault). */
async function bookedVisit(s) {
  const outcome = await s.read.book(s.patient, { slotId: s.world.slots[0], visitType: s.world.types.checkup }, freshKey());
  assert.equal(outcome.outcome, 'booked');
  return outcome.appointment;
}

/** A consult request the clinic offered slots 7 and 8 for (no fault). */
async function offeredRequest(s) {
  const request = await s.read.request(s.patient, { visitType: s.world.types.consult, preferences: { days: ['wed'], times: ['morning'] } }, freshKey());
  await s.read.decide(request.id, { action: 'propose', slotIds: [s.world.slots[7], s.world.slots[8]] }, freshKey());
  return request;
}

/** The request as the patient reads it now. */
async function asThePatientReads(s, id) {
  return (await s.read.listAppointments(s.patient)).find((a) => a.id === id);
}

/** The cases both adapters must pass. */
function sharedCases(subject) {
  it('a move whose answer was lost, retried unchanged: booked at the new time, once', async () => {
    const s = await subject();
    const visit = await bookedVisit(s);
    const keys = freshKey();
    assert.equal((await lostAnswer(s, () => s.port.reschedule(visit.id, s.world.slots[2], keys))).code, 'network');
    const outcome = await s.port.reschedule(visit.id, s.world.slots[2], keys);
    assert.deepEqual([outcome.outcome, outcome.appointment.slotId], ['booked', s.world.slots[2]]);
    const held = (await appointmentsOf(s)).map((a) => [a.status, a.slotId]).sort();
    assert.deepEqual(held, [['booked', s.world.slots[2]], ['cancelled', s.world.slots[0]]]);
  });

  it('a move whose answer was lost, the moved visit cancelled since: the retry is a conflict, not "booked"', async () => {
    const s = await subject();
    const visit = await bookedVisit(s);
    const keys = freshKey();
    await lostAnswer(s, () => s.port.reschedule(visit.id, s.world.slots[2], keys));
    const moved = (await appointmentsOf(s)).find((a) => a.status === 'booked');
    assert.equal(moved.slotId, s.world.slots[2]);
    await s.read.cancel(moved.id, undefined, freshKey());
    assert.equal((await rejection(s.port.reschedule(visit.id, s.world.slots[2], keys))).code, 'conflict');
    assert.deepEqual((await appointmentsOf(s)).map((a) => a.status), ['cancelled', 'cancelled']);
    assert.equal(await s.slotFree(s.world.slots[2]), true, 'the time the cancellation freed stays free');
  });

  it('a move whose answer was lost, the visit moved again since: the retry is a conflict, and the later time stands', async () => {
    const s = await subject();
    const visit = await bookedVisit(s);
    const keys = freshKey();
    await lostAnswer(s, () => s.port.reschedule(visit.id, s.world.slots[2], keys));
    const moved = (await appointmentsOf(s)).find((a) => a.status === 'booked');
    await s.read.reschedule(moved.id, s.world.slots[1], freshKey());
    assert.equal((await rejection(s.port.reschedule(visit.id, s.world.slots[2], keys))).code, 'conflict');
    assert.deepEqual((await appointmentsOf(s)).filter((a) => a.status === 'booked').map((a) => a.slotId), [s.world.slots[1]]);
    assert.equal(await s.slotFree(s.world.slots[2]), true);
  });

  it('another time under the key of a move that landed: a conflict, and the other time stays free', async () => {
    const s = await subject();
    const visit = await bookedVisit(s);
    const keys = freshKey();
    await lostAnswer(s, () => s.port.reschedule(visit.id, s.world.slots[2], keys));
    assert.equal((await rejection(s.port.reschedule(visit.id, s.world.slots[1], keys))).code, 'conflict');
    assert.deepEqual((await appointmentsOf(s)).filter((a) => a.status === 'booked').map((a) => a.slotId), [s.world.slots[2]]);
    assert.equal(await s.slotFree(s.world.slots[1]), true, 'nothing holds the other time');
  });

  it('an offered time taken, the answer lost, the visit cancelled since: the retry is a conflict, not "saved"', async () => {
    const s = await subject();
    const request = await offeredRequest(s);
    const keys = freshKey();
    const accept = { action: 'accept', slotId: s.world.slots[7] };
    assert.equal((await lostAnswer(s, () => s.port.answerProposal(request.id, accept, keys))).code, 'network');
    assert.deepEqual([(await asThePatientReads(s, request.id)).status], ['booked']);
    await s.read.cancel(request.id, undefined, freshKey());
    assert.equal((await rejection(s.port.answerProposal(request.id, accept, keys))).code, 'conflict');
    assert.equal((await asThePatientReads(s, request.id)).status, 'cancelled');
    assert.equal(await s.slotFree(s.world.slots[7]), true);
  });

  it('the times turned down under the key an accept landed under: a conflict, and the visit stays booked', async () => {
    const s = await subject();
    const request = await offeredRequest(s);
    const keys = freshKey();
    await lostAnswer(s, () => s.port.answerProposal(request.id, { action: 'accept', slotId: s.world.slots[7] }, keys));
    assert.equal((await rejection(s.port.answerProposal(request.id, { action: 'decline', note: 'None of these work.' }, keys))).code, 'conflict');
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.slotId], ['booked', s.world.slots[7]]);
  });

  it('an offered time taken under the key a decline landed under: a conflict, and both times stay free', async () => {
    const s = await subject();
    const request = await offeredRequest(s);
    const keys = freshKey();
    await lostAnswer(s, () => s.port.answerProposal(request.id, { action: 'decline', note: 'I work on Wednesdays.' }, keys));
    assert.equal((await rejection(s.port.answerProposal(request.id, { action: 'accept', slotId: s.world.slots[7] }, keys))).code, 'conflict');
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.note], ['requested', 'I work on Wednesdays.']);
    assert.equal(await s.slotFree(s.world.slots[7]), true);
    assert.equal(await s.slotFree(s.world.slots[8]), true);
  });

  it('times turned down, the answer lost, new times offered since: the retry is a conflict and the new times stay offered', async () => {
    const s = await subject();
    const request = await offeredRequest(s);
    const keys = freshKey();
    const decline = { action: 'decline', note: 'I work on Wednesdays.' };
    await lostAnswer(s, () => s.port.answerProposal(request.id, decline, keys));
    await s.read.decide(request.id, { action: 'propose', slotIds: [s.world.slots[8]], message: 'Thursday instead?' }, freshKey());
    assert.equal((await rejection(s.port.answerProposal(request.id, decline, keys))).code, 'conflict');
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.proposals?.map((p) => p.id)], ['proposed', [s.world.slots[8]]]);
  });

  it('times turned down, the answer lost, retried unchanged: saved, the request back with the clinic holding the note', async () => {
    const s = await subject();
    const request = await offeredRequest(s);
    const keys = freshKey();
    const decline = { action: 'decline', note: 'I work on Wednesdays.' };
    await lostAnswer(s, () => s.port.answerProposal(request.id, decline, keys));
    const outcome = await s.port.answerProposal(request.id, decline, keys);
    assert.deepEqual([outcome.outcome, outcome.appointment.status, outcome.appointment.note], ['saved', 'requested', 'I work on Wednesdays.']);
  });
}

describe('reschedule and proposal-answer retries: the record under the key holds this attempt, FHIR over HTTP', () => {
  const servers = fhirBehindProxy();
  const subject = () => fhirSubject(servers);

  /** The responses stored under `key`, read from the server. */
  const responsesUnder = (key) => recordsUnder(servers, 'AppointmentResponse', DECISION_SYSTEM, [key]);

  sharedCases(subject);

  it('times turned down with a note the server dropped: the plain retry puts the note on the request and the answer', async () => {
    const s = await subject();
    const request = await offeredRequest(s);
    const keys = freshKey();
    const note = 'I work on Wednesdays; any Friday works.';
    servers.proxy.setFault({ kind: 'strip', field: 'comment', count: 1, ...transactionOnly });
    assert.equal((await rejection(s.port.answerProposal(request.id, { action: 'decline', note }, keys))).code, 'server');
    await s.clear();
    const dropped = await asThePatientReads(s, request.id);
    assert.deepEqual([dropped.status, dropped.note], ['requested', undefined], 'the attempt stored the answer without its note');
    const outcome = await s.port.answerProposal(request.id, { action: 'decline', note }, keys);
    assert.deepEqual([outcome.outcome, outcome.appointment.status, outcome.appointment.note, outcome.appointment.noteBy], ['saved', 'requested', note, 'patient']);
    const held = await asThePatientReads(s, request.id);
    assert.deepEqual([held.status, held.note, held.noteBy], ['requested', note, 'patient']);
    assert.deepEqual((await responsesUnder(keys.idempotencyKey)).map((r) => [r.participantStatus, r.comment]), [['declined', note]]);
  });
});

describe('reschedule and proposal-answer retries: the record under the key holds this attempt, memory adapter', () => {
  sharedCases(memorySubject);
});
