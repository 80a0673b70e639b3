// The memory scheduling port checks a clinic's whole decision before it changes anything
// (src/adapters/memory/scheduling.ts `applyDecision`): times offered with one that does not
// exist, a visit type the clinic does not offer, or a time already taken are refused and
// leave the request as it was, still in the clinic's queue with nothing offered. The request
// is the FHIR spec's appointment-example-request.json as memory-port data (its patient,
// created time and note); the clinic is test/browser/scheduling-world.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const spec = JSON.parse(readFileSync('test/fixtures/fhir-r4/spec-examples/appointment-example-request.json', 'utf8'));

let m;
before(async () => {
  m = await importTs(['src/adapters/memory/scheduling.ts', 'test/browser/scheduling-world.ts']);
});

/** A port holding the spec's request, with no visit type, as the clinic's only request. */
function subject() {
  const patient = spec.participant.find((p) => p.actor?.reference?.startsWith('Patient/'));
  const request = { id: 'req-1', status: 'requested', patient: patient.actor.reference, created: spec.created, note: spec.comment, version: '1' };
  const { options, built } = m.buildMemoryWorld();
  return { port: new m.MemorySchedulingPort({ ...options, appointments: [request] }), built, request };
}

async function refused(port, decision) {
  let error;
  await port.decide('req-1', decision, { idempotencyKey: `k-${Math.random()}` }).catch((e) => (error = e));
  return error;
}

describe('memory scheduling port: a refused decision changes nothing', () => {
  it('times offered with one that does not exist: not-found, and the request is as it was', async () => {
    const { port, built, request } = subject();
    const error = await refused(port, { action: 'propose', slotIds: [built.slots[7], 'no-such-slot'], visitType: built.types.consult });
    assert.equal(error?.code, 'not-found');
    assert.deepEqual(port.allAppointments, [request]);
    assert.deepEqual((await port.listRequests()).map((r) => [r.id, r.status]), [['req-1', 'requested']]);
  });

  it('a visit type the clinic does not offer: invalid, and the request is as it was', async () => {
    const { port, built, request } = subject();
    const error = await refused(port, { action: 'propose', slotIds: [built.slots[7]], visitType: 'no-such-type' });
    assert.equal(error?.code, 'invalid');
    assert.deepEqual(port.allAppointments, [request]);
  });

  it('approving into a time already taken: "just taken", the request and the slots as they were', async () => {
    const { port, built, request } = subject();
    const busy = m.WORLD.slots.findIndex((s) => s.busy);
    const slotsBefore = port.allSlots;
    const outcome = await port.decide('req-1', { action: 'approve', slotId: built.slots[busy], visitType: built.types.checkup }, { idempotencyKey: 'k-taken' });
    assert.equal(outcome.outcome, 'slot-taken');
    assert.deepEqual(port.allAppointments, [request]);
    assert.deepEqual(port.allSlots, slotsBefore);
  });
});
