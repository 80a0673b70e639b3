// A booking retried after its answer was lost returns what the earlier attempt under the same key
// stored only when that record holds this attempt's content (docs/write-protocol.md §3): the time
// (the slot) and the note. A note the server dropped, or one edited since, is put on the one
// booking with a versioned update; a booking cancelled since, or one at another time, cannot be
// made to hold this attempt's time without undoing what was done since, so the retry is a
// `conflict` (the element keeps the user's choice and says the visit was not booked), never
// "booked" for a time the record does not hold.
//
// The same cases run on the FHIR adapter over real HTTP (the local FHIR server behind the fault
// proxy: `drop-after` stores the write and loses its answer, `strip` drops an element on its way
// to the server) and on the memory adapter (`loseAnswers`). What is held is read from the backend
// itself (FHIR: straight from the server, not through the proxy). The clinic is the repository's
// scheduling world (test/browser/scheduling-world.ts): expectations name its slots by index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { importTs } from './ts-bundle.mjs';
import { fhirSubject, memorySubject, recordsUnder, rejection, transactionOnly, lostAnswer } from './scheduling-retry-subjects.mjs';

const { WriteIntent, BOOKING_SYSTEM } = await importTs([
  'src/adapters/fhir/mapping/scheduling.ts',
  'src/core/write-protocol.ts',
]);

/**
 * @typedef {object} Subject
 * @property {any} port - writes (FHIR: through the fault proxy)
 * @property {any} read - reads (FHIR: straight to the server)
 * @property {any} world - the built world (slot ids by index, visit-type ids)
 * @property {string} patient
 * @property {() => Promise<void>} loseNextAnswer - the next write is applied and its answer lost
 * @property {() => Promise<void>} clear
 * @property {(slotId: string) => Promise<boolean>} slotFree - as the backend holds it
 */

/** The patient's appointments of this world's visit types, as the backend holds them now. */
async function appointmentsOf(s) {
  const types = new Set(Object.values(s.world.types));
  return (await s.read.listAppointments(s.patient)).filter((a) => types.has(a.visitType?.id));
}

/** The patient cancels the visit somewhere else (another tab, the clinic's front desk). */
const cancelElsewhere = (s, id) => s.read.cancel(id, undefined, { idempotencyKey: crypto.randomUUID() });

/** The cases both adapters must pass. */
function sharedCases(subject) {
  it('a booking cancelled since its answer was lost: the plain retry is a conflict, not "booked"', async () => {
    const s = await subject();
    const intent = new WriteIntent();
    const draft = { slotId: s.world.slots[0], visitType: s.world.types.checkup };
    const keys = intent.keysFor(draft);
    assert.equal((await lostAnswer(s, () => s.port.book(s.patient, draft, keys))).code, 'network');
    const [landed] = await appointmentsOf(s);
    assert.equal(landed.status, 'booked');
    await cancelElsewhere(s, landed.id);
    assert.equal((await rejection(s.port.book(s.patient, draft, keys))).code, 'conflict');
    const after = await appointmentsOf(s);
    assert.deepEqual(after.map((a) => [a.id, a.status]), [[landed.id, 'cancelled']]);
    assert.equal(await s.slotFree(s.world.slots[0]), true, 'the slot the cancellation freed stays free');
  });

  it('a moved booking cancelled since: the edited retry under its own landed key is a conflict, not "booked"', async () => {
    const s = await subject();
    const intent = new WriteIntent();
    const first = { slotId: s.world.slots[0], visitType: s.world.types.checkup };
    await s.loseNextAnswer();
    await rejection(s.port.book(s.patient, first, intent.keysFor(first)));
    const then = { slotId: s.world.slots[2], visitType: s.world.types.checkup };
    const keys = intent.keysFor(then);
    assert.equal(keys.replaces.length, 1);
    assert.equal((await lostAnswer(s, () => s.port.book(s.patient, then, keys))).code, 'network');
    const [moved] = await appointmentsOf(s);
    assert.equal(moved.slotId, s.world.slots[2]);
    await cancelElsewhere(s, moved.id);
    assert.equal((await rejection(s.port.book(s.patient, then, keys))).code, 'conflict');
    assert.deepEqual((await appointmentsOf(s)).map((a) => a.status), ['cancelled']);
    assert.equal(await s.slotFree(s.world.slots[0]), true);
    assert.equal(await s.slotFree(s.world.slots[2]), true);
  });

  it('the note edited before a retry under the landed key: the one booking holds the note last sent', async () => {
    const s = await subject();
    const intent = new WriteIntent();
    const first = { slotId: s.world.slots[0], visitType: s.world.types.checkup, note: 'Bring my scans' };
    await s.loseNextAnswer();
    await rejection(s.port.book(s.patient, first, intent.keysFor(first)));
    const then = { slotId: s.world.slots[2], visitType: s.world.types.checkup, note: 'Bring my scans' };
    const keys = intent.keysFor(then);
    await lostAnswer(s, () => s.port.book(s.patient, then, keys));
    // the caller keys the booking by its time and sends the edited note under the same key
    const edited = { ...then, note: 'Bring my scans and my knee brace' };
    const outcome = await s.port.book(s.patient, edited, keys);
    assert.equal(outcome.outcome, 'booked');
    assert.equal(outcome.appointment.note, 'Bring my scans and my knee brace');
    const held = await appointmentsOf(s);
    assert.deepEqual(
      held.map((a) => [a.status, a.slotId, a.note, a.noteBy]),
      [['booked', s.world.slots[2], 'Bring my scans and my knee brace', 'patient']],
    );
  });

  it('another time under the key of a booking that landed: a conflict, and the other time stays free', async () => {
    const s = await subject();
    const first = { slotId: s.world.slots[0], visitType: s.world.types.checkup };
    const keys = { idempotencyKey: crypto.randomUUID() };
    await lostAnswer(s, () => s.port.book(s.patient, first, keys));
    // a caller that keys the booking by its visit type, not its time: the record cannot be
    // made to hold the new time without a move the write did not ask for
    const other = { slotId: s.world.slots[2], visitType: s.world.types.checkup };
    assert.equal((await rejection(s.port.book(s.patient, other, keys))).code, 'conflict');
    assert.deepEqual((await appointmentsOf(s)).map((a) => [a.status, a.slotId]), [['booked', s.world.slots[0]]]);
    assert.equal(await s.slotFree(s.world.slots[2]), true, 'nothing holds the other time');
    assert.equal(await s.slotFree(s.world.slots[0]), false);
  });
}

describe('booking retries: the record under the key holds this attempt, FHIR over HTTP', () => {
  const servers = fhirBehindProxy();
  const subject = async () => ({
    ...(await fhirSubject(servers)),
    storedUnder: (keys) => recordsUnder(servers, 'Appointment', BOOKING_SYSTEM, keys),
  });

  sharedCases(subject);

  it('an edited retry whose own key landed without the note (the server dropped it): the retry puts the note on the one booking', async () => {
    const s = await subject();
    const intent = new WriteIntent();
    const note = 'Please book an interpreter (Portuguese)';
    const first = { slotId: s.world.slots[0], visitType: s.world.types.checkup, note };
    const firstKeys = intent.keysFor(first);
    await s.loseNextAnswer();
    await rejection(s.port.book(s.patient, first, firstKeys));
    const then = { slotId: s.world.slots[2], visitType: s.world.types.checkup, note };
    const keys = intent.keysFor(then);
    // the move lands, but the server stores the booking without its note: rightly a failure
    servers.proxy.setFault({ kind: 'strip', field: 'comment', count: 1, ...transactionOnly });
    assert.equal((await rejection(s.port.book(s.patient, then, keys))).code, 'server');
    await s.clear();
    const [landed] = await s.storedUnder([keys.idempotencyKey]);
    assert.equal(landed.comment, undefined, 'the attempt stored the booking without the note');
    const outcome = await s.port.book(s.patient, then, keys);
    assert.equal(outcome.outcome, 'booked');
    assert.equal(outcome.appointment.note, note);
    const records = await s.storedUnder([firstKeys.idempotencyKey, keys.idempotencyKey]);
    assert.deepEqual(records.map((r) => [r.id, r.status, r.slot?.[0]?.reference, r.comment]), [[landed.id, 'booked', `Slot/${s.world.slots[2]}`, note]]);
    assert.equal(await s.slotFree(s.world.slots[0]), true);
    assert.equal(await s.slotFree(s.world.slots[2]), false);
  });
});

describe('booking retries: the record under the key holds this attempt, memory adapter', () => {
  sharedCases(memorySubject);
});
