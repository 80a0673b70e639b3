// Demo FHIR server (demo/server/fhir-server.mjs) over real HTTP. One server for the file.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';

const DATA = new URL('../../demo/data/', import.meta.url);
const FHIR_JSON = 'application/fhir+json';

/** @param {string} file */
async function readBundle(file) {
  return JSON.parse(await readFile(new URL(file, DATA), 'utf8'));
}

/** @param {any} bundle @param {string} type */
function resourcesOf(bundle, type) {
  return bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
}

/** @param {Response} res */
async function json(res) {
  assert.match(res.headers.get('content-type') ?? '', /json/);
  return res.json();
}

/** Asserts an error response carrying an OperationOutcome. */
async function assertOutcome(res, status) {
  assert.equal(res.status, status, `expected HTTP ${status}, got ${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
  const body = await res.json();
  assert.equal(body.resourceType, 'OperationOutcome');
  assert.ok(body.issue?.length > 0, 'OperationOutcome has issues');
  assert.ok(body.issue.some((i) => i.severity === 'error' || i.severity === 'fatal'));
  return body;
}

describe('demo FHIR server', () => {
  /** @type {Awaited<ReturnType<typeof startFhirServer>>} */
  let server;
  let base = '';
  /** @type {any} */
  let vito;
  let vitoId = '';

  before(async () => {
    server = await startFhirServer({ port: 0 });
    base = server.url;
    vito = await readBundle('synthea-vito-feeney-63dd4423.json');
    vitoId = resourcesOf(vito, 'Patient')[0].id;
  });

  after(async () => {
    await server?.close();
  });

  it('starts on a free port and reports its start time (information, not a limit)', () => {
    assert.ok(server.port > 0);
    assert.equal(base, `http://127.0.0.1:${server.port}/fhir/R4`);
    assert.equal(typeof server.startMs, 'number');
    console.log(`# FHIR server ready in ${server.startMs} ms (seed ${server.seedMs} ms, ${server.resourceCount} resources)`);
  });

  it('serves a minimal R4 CapabilityStatement without operations it does not implement', async () => {
    const res = await fetch(`${base}/metadata`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
    const cs = await res.json();
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.equal(cs.fhirVersion, '4.0.1');
    const patient = cs.rest[0].resource.find((r) => r.type === 'Patient');
    assert.ok(patient.interaction.some((i) => i.code === 'search-type'));
    assert.ok(!JSON.stringify(cs).includes('$summary'));
    assert.ok(!cs.rest[0].resource.some((r) => r.operation?.length));
  });

  it('reads seeded patients by their stable ids, with ETag and Last-Modified', async () => {
    const res = await fetch(`${base}/Patient/${vitoId}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('etag') ?? '', /^W\/"1"$/);
    assert.ok(!Number.isNaN(Date.parse(res.headers.get('last-modified') ?? '')));
    const patient = await json(res);
    assert.equal(patient.id, vitoId);
    assert.equal(patient.name[0].family, 'Feeney');

    // the US Core bundle keeps its PUT-style id
    const p85 = await fetch(`${base}/Patient/85`);
    assert.equal(p85.status, 200);
    assert.equal((await p85.json()).id, '85');
  });

  it('lists the seeded patients like demo/data/patients.json', async () => {
    const res = await fetch(base.replace('/fhir/R4', '/demo/patients.json'));
    assert.equal(res.status, 200);
    const served = await res.json();
    const file = JSON.parse(await readFile(new URL('patients.json', DATA), 'utf8'));
    assert.deepEqual(served, file);
    assert.ok(served.some((p) => p.id === vitoId && p.name === 'Vito Feeney'));
    assert.ok(served.some((p) => p.id === '85'));
  });

  it('pages Observations with link[next] to the end, no duplicates, total = count in the source bundle', async () => {
    const expected = resourcesOf(vito, 'Observation').length; // counted from the file
    assert.ok(expected > 50);
    const seen = new Set();
    let url = `${base}/Observation?patient=Patient/${vitoId}&_count=50`;
    let pages = 0;
    let total;
    while (url) {
      const res = await fetch(url);
      assert.equal(res.status, 200);
      const bundle = await json(res);
      assert.equal(bundle.type, 'searchset');
      total ??= bundle.total;
      assert.equal(bundle.total, total, 'total is stable across pages');
      const self = bundle.link.find((l) => l.relation === 'self');
      assert.ok(self?.url.startsWith(`${base}/Observation?`), 'self link is absolute on this server');
      if (pages > 0) assert.ok(bundle.link.some((l) => l.relation === 'previous'), 'previous link after page 1');
      else assert.ok(!bundle.link.some((l) => l.relation === 'previous'));
      for (const e of bundle.entry ?? []) {
        assert.equal(e.search.mode, 'match');
        assert.equal(e.resource.subject.reference, `Patient/${vitoId}`, 'urn:uuid references were resolved');
        assert.equal(e.fullUrl, `${base}/Observation/${e.resource.id}`);
        assert.ok(!seen.has(e.resource.id), `duplicate ${e.resource.id}`);
        seen.add(e.resource.id);
      }
      assert.ok((bundle.entry?.length ?? 0) <= 50);
      url = bundle.link.find((l) => l.relation === 'next')?.url;
      if (url) assert.ok(url.startsWith(base));
      pages++;
      assert.ok(pages < 100, 'runaway paging');
    }
    assert.equal(total, expected);
    assert.equal(seen.size, expected);
    assert.equal(pages, Math.ceil(expected / 50));
  });

  it('accepts a bare id and sorts by date (descending) across pages', async () => {
    const page1 = await json(await fetch(`${base}/Observation?patient=${vitoId}&_sort=-date&_count=30`));
    const next = page1.link.find((l) => l.relation === 'next').url;
    const page2 = await json(await fetch(next));
    const dates = [...page1.entry, ...page2.entry].map((e) => Date.parse(e.resource.effectiveDateTime));
    for (let i = 1; i < dates.length; i++) assert.ok(dates[i - 1] >= dates[i], 'dates descend');
  });

  it('supports _include and string search (accent-insensitive starts-with)', async () => {
    const jill = resourcesOf(await readBundle('synthea-jill-tillman-c4b7d178.json'), 'Patient')[0];
    const bundle = await json(
      await fetch(`${base}/MedicationRequest?patient=Patient/${jill.id}&_include=MedicationRequest:patient&_count=5`)
    );
    const included = bundle.entry.filter((e) => e.search.mode === 'include');
    assert.equal(included.length, 1);
    assert.equal(included[0].resource.id, jill.id);

    const carla = await json(await fetch(`${base}/Patient?name=echevarria`));
    assert.equal(carla.total, 1);
    assert.equal(carla.entry[0].resource.name[0].family, 'Echevarría');
  });

  it('conditional create (If-None-Exist) returns the same resource twice', async () => {
    const key = crypto.randomUUID();
    const body = JSON.stringify({
      resourceType: 'Communication',
      status: 'completed',
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${key}` }],
      subject: { reference: `Patient/${vitoId}` },
      payload: [{ contentString: 'hello' }],
    });
    const headers = { 'Content-Type': FHIR_JSON, 'If-None-Exist': `identifier=urn:ietf:rfc:3986|urn:uuid:${key}` };
    const first = await fetch(`${base}/Communication`, { method: 'POST', headers, body });
    assert.equal(first.status, 201);
    const created = await first.json();
    assert.equal(first.headers.get('location'), `${base}/Communication/${created.id}/_history/1`);
    assert.equal(first.headers.get('etag'), 'W/"1"');

    const second = await fetch(`${base}/Communication`, { method: 'POST', headers, body });
    assert.equal(second.status, 200);
    assert.equal((await second.json()).id, created.id);

    const found = await json(await fetch(`${base}/Communication?identifier=urn:ietf:rfc:3986|urn:uuid:${key}`));
    assert.equal(found.total, 1);
  });

  it('If-Match with a stale version gives 412 with an OperationOutcome', async () => {
    const created = await (
      await fetch(`${base}/Basic`, {
        method: 'POST',
        headers: { 'Content-Type': FHIR_JSON },
        body: JSON.stringify({ resourceType: 'Basic', code: { text: 'v1' } }),
      })
    ).json();
    const put = (text, etag) =>
      fetch(`${base}/Basic/${created.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': FHIR_JSON, 'If-Match': etag },
        body: JSON.stringify({ resourceType: 'Basic', id: created.id, code: { text } }),
      });
    const ok = await put('v2', 'W/"1"');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('etag'), 'W/"2"');
    await assertOutcome(await put('stale', 'W/"1"'), 412);
    // PATCH honours If-Match too
    const patch = await fetch(`${base}/Basic/${created.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json-patch+json', 'If-Match': 'W/"1"' },
      body: JSON.stringify([{ op: 'replace', path: '/code/text', value: 'x' }]),
    });
    await assertOutcome(patch, 412);
    const current = await json(await fetch(`${base}/Basic/${created.id}`));
    assert.equal(current.code.text, 'v2');
  });

  it('errors are OperationOutcomes with the right status', async () => {
    await assertOutcome(await fetch(`${base}/Patient/no-such-patient`), 404);
    await assertOutcome(await fetch(`${base}/NotAType/1`), 404);
    await assertOutcome(await fetch(`${base}/Observation?not-a-param=1`), 400);
    await assertOutcome(await fetch(`${base}/Observation?date=yesterday`), 400);
    await assertOutcome(await fetch(`${base}/Patient?_count=lots`), 400);
    await assertOutcome(await fetch(`${base}/Patient/85/$summary`), 501);
    await assertOutcome(await fetch(`${base}/metadata`, { method: 'DELETE' }), 405);
    await assertOutcome(
      await fetch(`${base}/Patient`, { method: 'POST', headers: { 'Content-Type': FHIR_JSON }, body: '{"resourceType":"Pat' }),
      400
    );
    await assertOutcome(
      await fetch(`${base}/Patient`, {
        method: 'POST',
        headers: { 'Content-Type': FHIR_JSON },
        body: JSON.stringify({ resourceType: 'Patient', birthDate: 'not-a-date' }),
      }),
      422
    );
    await assertOutcome(
      await fetch(`${base}/Patient`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' }),
      415
    );
  });

  it('answers CORS preflight and exposes the FHIR headers', async () => {
    const origin = 'http://localhost:8000';
    const pre = await fetch(`${base}/Patient/85`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization, content-type, if-match',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), origin);
    const methods = pre.headers.get('access-control-allow-methods') ?? '';
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.ok(methods.includes(m), m);
    const allowed = (pre.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'if-match', 'if-none-exist', 'if-none-match', 'prefer', 'x-request-id']) {
      assert.ok(allowed.includes(h), h);
    }
    const res = await fetch(`${base}/Patient/85`, { headers: { Origin: origin } });
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    for (const h of ['ETag', 'Location', 'Last-Modified', 'Content-Location', 'Retry-After']) assert.ok(exposed.includes(h), h);
  });

  it('processes batch bundles entry by entry', async () => {
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'Content-Type': FHIR_JSON },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${vitoId}` } },
          { request: { method: 'GET', url: `Condition?patient=Patient/${vitoId}&_count=2` } },
          { request: { method: 'GET', url: 'Patient/does-not-exist' } },
          {
            resource: { resourceType: 'Basic', code: { text: 'from batch' } },
            request: { method: 'POST', url: 'Basic' },
          },
        ],
      }),
    });
    assert.equal(res.status, 200);
    const bundle = await json(res);
    assert.equal(bundle.type, 'batch-response');
    assert.deepEqual(
      bundle.entry.map((e) => e.response.status),
      ['200', '200', '404', '201']
    );
    assert.equal(bundle.entry[0].resource.id, vitoId);
    const conditions = bundle.entry[1].resource;
    assert.equal(conditions.type, 'searchset');
    assert.equal(conditions.total, resourcesOf(vito, 'Condition').length);
    assert.ok(conditions.link.some((l) => l.relation === 'next'));
    assert.equal(bundle.entry[2].response.outcome.resourceType, 'OperationOutcome');
    assert.match(bundle.entry[3].response.location, /^Basic\/[^/]+\/_history\/1$/);
  });

  it('processes transactions atomically and resolves urn:uuid references', async () => {
    const tag = crypto.randomUUID();
    const post = (entries) =>
      fetch(base, {
        method: 'POST',
        headers: { 'Content-Type': FHIR_JSON },
        body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entries }),
      });
    const patientUrn = `urn:uuid:${crypto.randomUUID()}`;
    const ok = await post([
      {
        fullUrl: patientUrn,
        resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test', value: tag }] },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        resource: { resourceType: 'Observation', status: 'final', code: { text: tag }, subject: { reference: patientUrn } },
        request: { method: 'POST', url: 'Observation' },
      },
    ]);
    assert.equal(ok.status, 200);
    const result = await json(ok);
    assert.equal(result.type, 'transaction-response');
    const patientId = result.entry[0].resource.id;
    assert.equal(result.entry[1].resource.subject.reference, `Patient/${patientId}`);

    // a failing entry rolls the whole transaction back
    const failed = await post([
      {
        resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test', value: `${tag}-rollback` }] },
        request: { method: 'POST', url: 'Patient' },
      },
      { request: { method: 'DELETE', url: 'Patient/does-not-exist' } },
    ]);
    await assertOutcome(failed, 404);
    const after = await json(await fetch(`${base}/Patient?identifier=urn:test|${tag}-rollback`));
    assert.equal(after.total, 0);
  });

  it('update-as-create, delete and 410 Gone', async () => {
    const id = `demo-${Date.now()}`;
    const put = await fetch(`${base}/Patient/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': FHIR_JSON },
      body: JSON.stringify({ resourceType: 'Patient', id, gender: 'female' }),
    });
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('location'), `${base}/Patient/${id}/_history/1`);
    const del = await fetch(`${base}/Patient/${id}`, { method: 'DELETE' });
    assert.equal(del.status, 200);
    await assertOutcome(await fetch(`${base}/Patient/${id}`), 410);
  });
});
