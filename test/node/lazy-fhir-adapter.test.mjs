// @ts-check
/**
 * The script-tag entry's `createFhirAdapter` (src/adapters/fhir/lazy-adapter.ts, issue
 * 20): the same ports and methods as the npm one, each call answered by the real port
 * once its code has loaded. chunks.test.mjs checks that the ports are not on the first load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './ts-bundle.mjs';

const { createFhirAdapter, createLazyFhirAdapter, fromSmartClient, fromSmartClientLazily, FhirClient } = await importTs([
  'src/adapters/fhir/index.ts',
  'src/adapters/fhir/lazy-adapter.ts',
]);

/** The names of the functions an object offers, own and inherited (not Object's). */
function methodNames(/** @type {object} */ object) {
  const names = new Set();
  for (let o = object; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) if (name !== 'constructor' && typeof (/** @type {any} */ (object)[name]) === 'function') names.add(name);
  }
  return names;
}

/** A FHIR server of one Patient with one allergy, answering batches over a fetch that records the reads. */
function fakeServer() {
  const asked = [];
  const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Tillman', given: ['Jill'] }], gender: 'female', birthDate: '1990-04-02' };
  const allergy = { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p1' }, code: { text: 'Peanut' } };
  const json = (body, status = 200) => ({ response: { status: `${status}` }, resource: body });
  /** @param {string} url */
  const answer = (url) => {
    asked.push(url);
    if (url === 'Patient/p1') return json(patient);
    if (url.startsWith('AllergyIntolerance?patient=Patient/p1')) return json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: allergy }] });
    return json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, 404);
  };
  /** @type {typeof fetch} */
  const fetch = async (_input, init) => {
    const batch = JSON.parse(String(init?.body));
    const entry = batch.entry.map((/** @type {any} */ e) => answer(e.request.url));
    return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'batch-response', entry }), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
  };
  return { fetch, asked };
}

test('it has the ports of createFhirAdapter, each with the methods of the real port', () => {
  const eager = createFhirAdapter({ baseUrl: 'https://fhir.example/r4' });
  const lazy = createLazyFhirAdapter({ baseUrl: 'https://fhir.example/r4' });
  assert.deepEqual(Object.keys(lazy).sort(), Object.keys(eager).sort());
  for (const key of Object.keys(eager).filter((k) => k !== 'client')) {
    // private helpers of a class are on its prototype too: every stand-in method must be a method of the real port, and every port interface method a stand-in
    const real = methodNames(eager[key]);
    const standIn = methodNames(lazy[key]);
    assert.ok(standIn.size > 0, `${key} has methods`);
    for (const name of standIn) assert.ok(real.has(name), `${key}.${name} exists on the real port`);
  }
  assert.equal(typeof lazy.messaging.subscribe, 'function', 'optional methods the FHIR port has are offered');
  assert.equal(typeof lazy.summary.transmit, 'function');
  assert.ok(lazy.client instanceof FhirClient, 'the client is there at once');
});

test('a call goes through the real port over the same client, and answers as the npm adapter does', async () => {
  const server = fakeServer();
  const client = new FhirClient({ baseUrl: 'https://fhir.example/r4', fetch: server.fetch });
  const lazy = createLazyFhirAdapter(client);
  assert.equal(lazy.client, client);
  const viaLazy = await lazy.patient.getPatient('Patient/p1');
  const viaEager = await createFhirAdapter({ baseUrl: 'https://fhir.example/r4', fetch: server.fetch }).patient.getPatient('Patient/p1');
  assert.deepEqual(viaLazy, viaEager);
  assert.equal(viaLazy.ref, 'Patient/p1');
  assert.equal(viaLazy.names[0]?.family, 'Tillman');
  assert.equal(viaLazy.birthDate, '1990-04-02');
  assert.ok(viaLazy.allergies, 'the allergy read of the same batch is mapped');
  assert.equal(server.asked.filter((url) => url === 'Patient/p1').length, 2);
  // an error from the real port reaches the caller as the same typed error
  await assert.rejects(lazy.patient.getPatient('Patient/missing'), (error) => /** @type {any} */ (error).code === 'not-found');
});

test('fromSmartClient of the script tag gives the same session and a lazy adapter on the launch server', () => {
  const smart = {
    state: { serverUrl: 'https://ehr.example/fhir', tokenResponse: { access_token: 'secret' } },
    patient: { id: 'p1' },
    user: { fhirUser: 'RelatedPerson/r1', resourceType: 'RelatedPerson' },
  };
  const lazy = fromSmartClientLazily(smart);
  const eager = fromSmartClient(smart);
  assert.deepEqual(lazy.session, eager.session);
  assert.deepEqual(lazy.session, { patient: 'Patient/p1', user: { ref: 'RelatedPerson/r1' }, role: 'caregiver' });
  assert.deepEqual(Object.keys(lazy.adapter).sort(), Object.keys(eager.adapter).sort());
});
