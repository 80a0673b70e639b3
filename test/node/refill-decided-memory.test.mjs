// The memory refill port follows the FHIR adapter's rule for a request decided before the
// patient's retry (docs/refill-requests.md, "A request decided before the retry"): an edited
// retry is refused with `conflict` and changes nothing; an unchanged one answers with the
// request as it now stands (decided), not as the first attempt stored it. The prescriptions
// are a seeded Synthea patient's active orders (demo/data), mapped by the FHIR adapter's
// mapping; the pharmacies are the demo practice's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const { MemoryRefillPort, toPrescription, toPharmacy, indexResources } = await importTs([
  'src/adapters/memory/refills.ts',
  'src/adapters/fhir/mapping/refill.ts',
]);

const resourcesOf = (file) => JSON.parse(readFileSync(`demo/data/${file}`, 'utf8')).entry.map((e) => e.resource);
const KERMIT = resourcesOf('synthea-kermit-trantow-f1a650a5.json');
const PATIENT = `Patient/${KERMIT.find((r) => r.resourceType === 'Patient').id}`;
const ORDERS = KERMIT.filter((r) => r.resourceType === 'MedicationRequest');
const ACTIVE = ORDERS.filter((r) => r.status === 'active' && r.intent === 'order').map((r) => r.id);
const PHARMACIES = resourcesOf('demo-practice.json').filter((r) => r.resourceType === 'Organization').map((o) => toPharmacy(o));

function newPort() {
  const prescriptions = ORDERS.map((r) => toPrescription(r, [], indexResources([])));
  return new MemoryRefillPort({ prescriptions: { [PATIENT]: prescriptions }, pharmacies: PHARMACIES });
}

const draft = (ids, note, pharmacy = PHARMACIES[0].ref) => ({
  items: ids.map((prescriptionId) => ({ prescriptionId, kind: 'renewal' })),
  pharmacy,
  delivery: 'pickup',
  ...(note ? { note } : {}),
});

/** What the port holds, in brief (read from the port's own store, not its answers). */
const held = (port) => port.allRequests.map((r) => [r.prescriptionId, r.status, r.note, r.version]).sort();

async function lostAnswer(port, request, key) {
  port.loseAnswers(1);
  await assert.rejects(port.submitRequest(PATIENT, request, { idempotencyKey: key }), (e) => e.code === 'network');
  return port.allRequests.filter((r) => request.items.some((i) => i.prescriptionId === r.prescriptionId));
}

const decided = (error) => {
  assert.equal(error.code, 'conflict');
  assert.match(error.message, /already been decided/);
  return true;
};

describe('memory refill port: a request decided before the retry', () => {
  it('Kermit Trantow has three active orders in his Synthea record', () => {
    assert.equal(ACTIVE.length, 3);
  });

  it('an edited retry replacing the decided request is refused; nothing changes; a new request then stores the words', async () => {
    const port = newPort();
    const [request] = await lostAnswer(port, draft([ACTIVE[0]], 'Running low'), 'm1a');
    await port.reviewRequest(request.id, { action: 'deny', reason: 'Please book a visit first.' }, { idempotencyKey: 'm1-deny' });
    const before = held(port);
    assert.deepEqual(before, [[ACTIVE[0], 'denied', 'Running low', '2']]);

    const edited = draft([ACTIVE[0]], 'Running low. I can come on Friday.');
    await assert.rejects(port.submitRequest(PATIENT, edited, { idempotencyKey: 'm1b', replaces: ['m1a'] }), decided);
    assert.deepEqual(held(port), before);

    const [fresh] = await port.submitRequest(PATIENT, edited, { idempotencyKey: 'm1c' });
    assert.notEqual(fresh.id, request.id);
    assert.deepEqual(held(port), [...before, [ACTIVE[0], 'requested', 'Running low. I can come on Friday.', '1']].sort());
  });

  it('an edited retry under the same key is refused, never written onto the decided request', async () => {
    const port = newPort();
    const [request] = await lostAnswer(port, draft([ACTIVE[1]], 'Main Street please'), 'm2a');
    await port.reviewRequest(request.id, { action: 'approve' }, { idempotencyKey: 'm2-approve' });
    const before = held(port);
    await assert.rejects(port.submitRequest(PATIENT, draft([ACTIVE[1]], 'Two packs please'), { idempotencyKey: 'm2a' }), decided);
    await assert.rejects(port.submitRequest(PATIENT, draft([ACTIVE[1]], 'Main Street please', PHARMACIES[1].ref), { idempotencyKey: 'm2a' }), decided);
    assert.deepEqual(held(port), before);
  });

  it('an unchanged retry answers with the request as decided now, and changes nothing', async () => {
    const port = newPort();
    const request = draft([ACTIVE[2]], 'My blood pressure pills');
    const [stored] = await lostAnswer(port, request, 'm3a');
    await port.reviewRequest(stored.id, { action: 'needs-appointment', reason: 'Time for a check-up.' }, { idempotencyKey: 'm3-appt' });
    const before = held(port);
    const answer = await port.submitRequest(PATIENT, request, { idempotencyKey: 'm3a' });
    assert.deepEqual(
      answer.map((r) => [r.id, r.status, r.statusReason, r.note]),
      [[stored.id, 'needs-appointment', 'Time for a check-up.', 'My blood pressure pills']],
    );
    assert.deepEqual(held(port), before);
  });

  it('one of two requests decided: the edited retry changes neither', async () => {
    const port = newPort();
    const requests = await lostAnswer(port, draft([ACTIVE[0], ACTIVE[1]], 'Both before my trip'), 'm4a');
    await port.reviewRequest(requests.find((r) => r.prescriptionId === ACTIVE[0]).id, { action: 'deny', reason: 'Not needed.' }, { idempotencyKey: 'm4-deny' });
    const before = held(port);
    await assert.rejects(
      port.submitRequest(PATIENT, draft([ACTIVE[0], ACTIVE[1]], 'Both before my trip on the 3rd'), { idempotencyKey: 'm4b', replaces: ['m4a'] }),
      decided,
    );
    assert.deepEqual(held(port), before);
  });

  it('a pending request is still revised by an edited retry (the rule only guards decided ones)', async () => {
    const port = newPort();
    const [stored] = await lostAnswer(port, draft([ACTIVE[0]], 'First words'), 'm5a');
    const [revised] = await port.submitRequest(PATIENT, draft([ACTIVE[0]], 'Second words'), { idempotencyKey: 'm5b', replaces: ['m5a'] });
    assert.equal(revised.id, stored.id);
    assert.deepEqual(held(port), [[ACTIVE[0], 'requested', 'Second words', '2']]);
  });
});
