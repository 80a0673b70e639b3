// A refill request that an earlier attempt stored and a clinician has since decided is never
// changed by the patient's retry (docs/refill-requests.md, "A request decided before the
// retry"), against the local FHIR server over real HTTP, with the fault proxy losing the
// first attempt's answer after the server stored it (`drop-after`) or dropping its note
// (`strip`). The patient's prescriptions are the active orders of two seeded Synthea
// patients, read from their source bundles (demo/data); every expectation about the server
// is read from the server itself, not through the port.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { importTs } from './ts-bundle.mjs';

const { FhirClient, FhirRefillPort } = await importTs(['src/adapters/fhir/index.ts']);

const SUBMISSION_SYSTEM = 'https://ehr-engage.dev/fhir/NamingSystem/refill-submission';
const PHARMACY = 'Organization/demo-pharmacy-main-street';

/** A seeded Synthea patient and their active orders, from the source bundle. */
function synthea(file) {
  const bundle = JSON.parse(readFileSync(`demo/data/${file}`, 'utf8'));
  const resources = bundle.entry.map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const active = resources.filter((r) => r.resourceType === 'MedicationRequest' && r.status === 'active' && r.intent === 'order');
  return { patient: `Patient/${patient.id}`, active: active.map((r) => ({ id: r.id, name: r.medicationCodeableConcept?.text })) };
}

const KERMIT = synthea('synthea-kermit-trantow-f1a650a5.json');
const CARLA = synthea('synthea-carla-echevarria-9a628ccd.json');
const JILL = synthea('synthea-jill-tillman-c4b7d178.json');

describe('refill request decided before the retry (FHIR adapter, local server)', () => {
  const servers = fhirBehindProxy();
  /** The patient's port, through the proxy; no client retries, so each call is one attempt. */
  const patientPort = () => new FhirRefillPort(new FhirClient({ baseUrl: servers.proxy.url, maxRetries: 0 }));
  /** The clinician's port, straight to the server. */
  const clinicianPort = () => new FhirRefillPort(new FhirClient({ baseUrl: servers.fhir.url }));

  const draft = (prescriptions, note) => ({
    items: prescriptions.map((p) => ({ prescriptionId: p.id, kind: 'renewal' })),
    pharmacy: PHARMACY,
    delivery: 'pickup',
    ...(note ? { note } : {}),
  });

  async function search(query) {
    const bundle = await (await fetch(`${servers.fhir.url}/${query}`, { cache: 'no-store' })).json();
    return (bundle.entry ?? []).map((e) => e.resource);
  }

  /** Every refill Task and its proposal for one prescription, as the server holds them. */
  async function onServer(patient, prescriptionId) {
    const proposals = (await search(`MedicationRequest?subject=${patient}&intent=proposal&_count=200`)).filter(
      (p) => p.priorPrescription?.reference === `MedicationRequest/${prescriptionId}`,
    );
    const tasks = (await search(`Task?patient=${patient}&_count=200`)).filter((t) =>
      proposals.some((p) => t.focus?.reference === `MedicationRequest/${p.id}`),
    );
    return tasks.map((task) => {
      const proposal = proposals.find((p) => task.focus.reference === `MedicationRequest/${p.id}`);
      return {
        id: task.id,
        status: task.status,
        business: task.businessStatus?.coding?.[0]?.code,
        taskVersion: task.meta.versionId,
        proposalVersion: proposal.meta.versionId,
        note: proposal.note?.map((n) => n.text).join('\n'),
      };
    });
  }

  /** The Tasks stored under a submission key (found on the server, not through the port). */
  const tasksUnder = (key) => search(`Task?identifier=${encodeURIComponent(`${SUBMISSION_SYSTEM}|${key}`)}`);

  /** The first attempt: the server stores it, its answer never comes (the proxy drops it). */
  async function lostAnswer(patient, request, key) {
    servers.proxy.setFault({ kind: 'drop-after', count: 1, bodyContains: '"transaction"' });
    try {
      await assert.rejects(patientPort().submitRequest(patient, request, { idempotencyKey: key }), (e) => e.code === 'network');
    } finally {
      servers.proxy.clear();
    }
    const tasks = await tasksUnder(key);
    assert.equal(tasks.length, request.items.length, 'the first attempt landed');
    return tasks;
  }

  const decided = (error) => {
    assert.equal(error.code, 'conflict');
    assert.match(error.message, /already been decided/);
    return true;
  };

  it('an edited note under a new key that replaces the decided request: refused, nothing changed or created; then sent as a new request', async () => {
    const [rx] = KERMIT.active;
    const [task] = await lostAnswer(KERMIT.patient, draft([rx], 'Running low, please renew'), 'decided-1a');
    await clinicianPort().reviewRequest(task.id, { action: 'deny', reason: 'Please book a visit first.' }, { idempotencyKey: 'decided-1-deny' });
    const before = await onServer(KERMIT.patient, rx.id);
    assert.deepEqual(
      before.map((r) => [r.status, r.business, r.note]),
      [['rejected', 'denied', 'Running low, please renew']],
    );

    const edited = draft([rx], 'Running low, please renew. I can come in on Friday.');
    await assert.rejects(
      patientPort().submitRequest(KERMIT.patient, edited, { idempotencyKey: 'decided-1b', replaces: ['decided-1a'] }),
      decided,
    );
    assert.deepEqual(await onServer(KERMIT.patient, rx.id), before, 'the decided request is unchanged and nothing was created beside it');
    assert.equal((await tasksUnder('decided-1b')).length, 0);

    // the edited words survive: sent as a new request (a new intent, nothing replaced), they are stored
    const [fresh] = await patientPort().submitRequest(KERMIT.patient, edited, { idempotencyKey: 'decided-1c' });
    assert.equal(fresh.status, 'requested');
    const after = await onServer(KERMIT.patient, rx.id);
    assert.equal(after.length, 2);
    assert.deepEqual(after.find((r) => r.id === task.id), before[0]);
    assert.deepEqual(
      after.filter((r) => r.id !== task.id).map((r) => [r.id, r.status, r.note]),
      [[fresh.id, 'requested', 'Running low, please renew. I can come in on Friday.']],
    );
  });

  it('an edited note under the same key (a caller reusing it): refused, never written onto the decided request', async () => {
    const [, rx] = KERMIT.active;
    const [task] = await lostAnswer(KERMIT.patient, draft([rx], 'Please send to Main Street'), 'decided-2a');
    await clinicianPort().reviewRequest(task.id, { action: 'approve' }, { idempotencyKey: 'decided-2-approve' });
    const before = await onServer(KERMIT.patient, rx.id);
    assert.deepEqual(before.map((r) => [r.status, r.note]), [['completed', 'Please send to Main Street']]);

    await assert.rejects(
      patientPort().submitRequest(KERMIT.patient, draft([rx], 'Please send two packs'), { idempotencyKey: 'decided-2a' }),
      decided,
    );
    assert.deepEqual(await onServer(KERMIT.patient, rx.id), before);
  });

  it('an unchanged retry after the decision is the stored request, as decided: no error, nothing written', async () => {
    const [, , rx] = KERMIT.active;
    const request = draft([rx], 'My blood pressure pills');
    const [task] = await lostAnswer(KERMIT.patient, request, 'decided-3a');
    await clinicianPort().reviewRequest(task.id, { action: 'needs-appointment', reason: 'Time for a check-up.' }, { idempotencyKey: 'decided-3-appt' });
    const before = await onServer(KERMIT.patient, rx.id);

    const answer = await patientPort().submitRequest(KERMIT.patient, request, { idempotencyKey: 'decided-3a' });
    assert.deepEqual(
      answer.map((r) => [r.id, r.prescriptionId, r.status, r.statusReason, r.note]),
      [[task.id, rx.id, 'needs-appointment', 'Time for a check-up.', 'My blood pressure pills']],
    );
    assert.deepEqual(await onServer(KERMIT.patient, rx.id), before, 'not even the note’s time is rewritten');
  });

  it('a note the server dropped the first time is not repaired onto the request decided without it', async () => {
    const [rx] = CARLA.active;
    const request = draft([rx], 'The chewable ones, please');
    // the server stores the request without its note; the adapter says it was not stored
    servers.proxy.setFault({ kind: 'strip', field: 'note', count: 1, bodyContains: '"transaction"' });
    try {
      await assert.rejects(patientPort().submitRequest(CARLA.patient, request, { idempotencyKey: 'decided-4a' }), (e) => e.code === 'server');
    } finally {
      servers.proxy.clear();
    }
    const [task] = await tasksUnder('decided-4a');
    await clinicianPort().reviewRequest(task.id, { action: 'approve' }, { idempotencyKey: 'decided-4-approve' });
    const before = await onServer(CARLA.patient, rx.id);
    assert.deepEqual(before.map((r) => [r.status, r.note]), [['completed', undefined]]);

    await assert.rejects(patientPort().submitRequest(CARLA.patient, request, { idempotencyKey: 'decided-4a' }), decided);
    assert.deepEqual(await onServer(CARLA.patient, rx.id), before, 'the approval stands as made, without a note added after it');
  });

  it('one of two requests decided: the edited retry changes neither (no half-applied edit)', async () => {
    const [, second, third] = CARLA.active;
    const tasks = await lostAnswer(CARLA.patient, draft([second, third], 'Both before my trip'), 'decided-5a');
    const proposals = await search(`MedicationRequest?subject=${CARLA.patient}&intent=proposal&_count=200`);
    const taskFor = (rx) =>
      tasks.find((t) => proposals.some((p) => t.focus.reference === `MedicationRequest/${p.id}` && p.priorPrescription.reference === `MedicationRequest/${rx.id}`));
    await clinicianPort().reviewRequest(taskFor(second).id, { action: 'deny', reason: 'Not needed any more.' }, { idempotencyKey: 'decided-5-deny' });
    const before = [await onServer(CARLA.patient, second.id), await onServer(CARLA.patient, third.id)];
    assert.deepEqual(before.map((list) => list.map((r) => r.status)), [['rejected'], ['requested']]);

    await assert.rejects(
      patientPort().submitRequest(CARLA.patient, draft([second, third], 'Both before my trip on the 3rd'), {
        idempotencyKey: 'decided-5b',
        replaces: ['decided-5a'],
      }),
      decided,
    );
    assert.deepEqual([await onServer(CARLA.patient, second.id), await onServer(CARLA.patient, third.id)], before);
  });
  // the rule guards decided requests only: what still waits for a decision is revised and repaired as before

  it('a pending request whose note the server dropped is still repaired by the unchanged retry', async () => {
    const [rx] = JILL.active;
    const request = draft([rx], 'Before the weekend, please');
    servers.proxy.setFault({ kind: 'strip', field: 'note', count: 1, bodyContains: '"transaction"' });
    try {
      await assert.rejects(patientPort().submitRequest(JILL.patient, request, { idempotencyKey: 'pending-6a' }), (e) => e.code === 'server');
    } finally {
      servers.proxy.clear();
    }
    assert.deepEqual((await onServer(JILL.patient, rx.id)).map((r) => [r.status, r.note]), [['requested', undefined]]);
    const [answer] = await patientPort().submitRequest(JILL.patient, request, { idempotencyKey: 'pending-6a' });
    assert.deepEqual([answer.status, answer.note], ['requested', 'Before the weekend, please']);
    assert.deepEqual((await onServer(JILL.patient, rx.id)).map((r) => [r.id, r.status, r.note]), [[answer.id, 'requested', 'Before the weekend, please']]);
  });

  it('a prescription taken out by an edited retry and asked for again is not taken for decided', async () => {
    const [, first, second] = JILL.active;
    await lostAnswer(JILL.patient, draft([first, second], 'Both'), 'pending-7a');
    // the edited retry asks for the first only: the second's request is withdrawn by the patient's own edit
    servers.proxy.setFault({ kind: 'drop-after', count: 1, bodyContains: '"transaction"' });
    try {
      await assert.rejects(
        patientPort().submitRequest(JILL.patient, draft([first], 'Only the first'), { idempotencyKey: 'pending-7b', replaces: ['pending-7a'] }),
        (e) => e.code === 'network',
      );
    } finally {
      servers.proxy.clear();
    }
    assert.deepEqual((await onServer(JILL.patient, second.id)).map((r) => r.status), ['cancelled']);
    // and then asks for both again
    const answer = await patientPort().submitRequest(JILL.patient, draft([first, second], 'Both after all'), {
      idempotencyKey: 'pending-7c',
      replaces: ['pending-7a', 'pending-7b'],
    });
    assert.deepEqual(answer.map((r) => [r.prescriptionId, r.status, r.note]).sort(), [
      [first.id, 'requested', 'Both after all'],
      [second.id, 'requested', 'Both after all'],
    ].sort());
    assert.deepEqual((await onServer(JILL.patient, first.id)).map((r) => [r.status, r.note]), [['requested', 'Both after all']]);
    assert.deepEqual((await onServer(JILL.patient, second.id)).map((r) => [r.status, r.note]).sort(), [
      ['cancelled', 'Both'],
      ['requested', 'Both after all'],
    ]);
  });
  it('a decision made while the edited retry is on its way: refused as decided, the decision untouched', async () => {
    const [, , , rx] = JILL.active;
    const [task] = await lostAnswer(JILL.patient, draft([rx], 'First words'), 'race-8a');
    // the edited retry reads the pending request; its transaction is held at the proxy while the clinician approves
    servers.proxy.setFault({ kind: 'delay', ms: 1500, count: 1, bodyContains: '"transaction"' });
    const applied = servers.proxy.applied.length;
    const retry = patientPort().submitRequest(JILL.patient, draft([rx], 'Second words'), { idempotencyKey: 'race-8b', replaces: ['race-8a'] });
    const settledRetry = retry.then(() => 'stored', (e) => e);
    while (servers.proxy.applied.length === applied) await new Promise((resolve) => setTimeout(resolve, 10));
    await clinicianPort().reviewRequest(task.id, { action: 'approve' }, { idempotencyKey: 'race-8-approve' });
    const before = await onServer(JILL.patient, rx.id);
    const outcome = await settledRetry;
    servers.proxy.clear();
    assert.ok(outcome !== 'stored', 'the retry must not report the request as stored with its new words');
    decided(outcome);
    assert.deepEqual(await onServer(JILL.patient, rx.id), before);
    assert.deepEqual(before.map((r) => [r.status, r.note]), [['completed', 'First words']]);
  });

  it('an edited retry whose revision landed but whose answer was lost (the client retries it, 412) is stored, not taken for decided', async () => {
    const [, , , , rx] = JILL.active;
    const [task] = await lostAnswer(JILL.patient, draft([rx], 'First words'), 'lost-9a');
    servers.proxy.setFault({ kind: 'drop-after', count: 1, bodyContains: '"transaction"' });
    try {
      // a client that retries a lost answer on its own: the versioned revision then meets its own new version
      const retrying = new FhirRefillPort(new FhirClient({ baseUrl: servers.proxy.url, maxRetries: 1, maxRetryDelayMs: 1_000 }));
      const [answer] = await retrying.submitRequest(JILL.patient, draft([rx], 'Second words'), { idempotencyKey: 'lost-9b', replaces: ['lost-9a'] });
      assert.deepEqual([answer.id, answer.status, answer.note], [task.id, 'requested', 'Second words']);
    } finally {
      servers.proxy.clear();
    }
    assert.deepEqual((await onServer(JILL.patient, rx.id)).map((r) => [r.id, r.status, r.note]), [[task.id, 'requested', 'Second words']]);
  });
});
