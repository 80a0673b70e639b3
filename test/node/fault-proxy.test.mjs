// Fault-injecting proxy (demo/server/fault-proxy.mjs) in front of the demo FHIR server, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFaultProxy, validateFault } from '../../demo/server/fault-proxy.mjs';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';

const ORIGIN = 'http://localhost:8000';

describe('fault proxy', () => {
  /** @type {Awaited<ReturnType<typeof startFhirServer>>} */
  let fhir;
  /** @type {Awaited<ReturnType<typeof startFaultProxy>>} */
  let proxy;
  let patientId = '';

  before(async () => {
    fhir = await startFhirServer({ port: 0 });
    proxy = await startFaultProxy({ target: fhir.url });
    patientId = fhir.patients[0].id;
  });

  after(async () => {
    await proxy?.close();
    await fhir?.close();
  });

  beforeEach(() => proxy.clear());

  const read = () => fetch(`${proxy.url}/Patient/${patientId}`, { headers: { Origin: ORIGIN } });

  /** @param {Response} res */
  async function assertPassThrough(res) {
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, 'CORS headers come from the target');
    assert.equal(res.headers.get('etag'), 'W/"1"');
    assert.equal((await res.json()).id, patientId);
  }

  it('passes requests through unchanged, with the proxy as base in links', async () => {
    assert.equal(proxy.url, `http://127.0.0.1:${proxy.port}/fhir/R4`);
    const before = proxy.requests;
    await assertPassThrough(await read());
    assert.equal(proxy.requests, before + 1);

    const bundle = await (await fetch(`${proxy.url}/Observation?patient=${patientId}&_count=5`)).json();
    assert.equal(bundle.resourceType, 'Bundle');
    const next = bundle.link.find((l) => l.relation === 'next')?.url;
    assert.ok(next?.startsWith(proxy.url), `next link stays on the proxy: ${next}`);
    assert.ok(bundle.entry[0].fullUrl.startsWith(proxy.url));

    const created = await fetch(`${proxy.url}/Basic`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Basic', code: { text: 'through the proxy' } }),
    });
    assert.equal(created.status, 201);
    assert.ok(created.headers.get('location')?.startsWith(`${proxy.url}/Basic/`));
  });

  it('answers CORS preflight itself, even during an outage', async () => {
    proxy.setFault({ kind: 'outage' });
    const res = await fetch(`${proxy.url}/Patient/${patientId}`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'if-match' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /If-Match/);
  });

  it('status: answers 503 with Retry-After, an OperationOutcome and readable CORS headers, for `count` requests', async () => {
    proxy.setFault({ kind: 'status', status: 503, retryAfter: 2, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await read();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '2');
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
      assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
      const body = await res.json();
      assert.equal(body.resourceType, 'OperationOutcome');
      assert.equal(body.issue[0].code, 'transient');
    }
    await assertPassThrough(await read());
  });

  it('status: 429 throttling', async () => {
    proxy.setFault({ kind: 'status', status: 429, retryAfter: 0, count: 1 });
    const res = await read();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '0');
    assert.equal((await res.json()).issue[0].code, 'throttled');
    await assertPassThrough(await read());
  });

  it('drop: destroys the connection without a response', async () => {
    proxy.setFault({ kind: 'drop', count: 1 });
    await assert.rejects(read(), TypeError);
    await assertPassThrough(await read());
  });

  it('malformed: 200 application/fhir+json with a truncated body', async () => {
    proxy.setFault({ kind: 'malformed', count: 1 });
    const res = await read();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    await assert.rejects(res.json(), SyntaxError);
    await assertPassThrough(await read());
  });

  // no clock in these assertions: a delayed request is still pending while a later one
  // passes, and a short delay ends in a normal answer
  it('delay: holds the request while later ones pass, for `count` requests only', async () => {
    proxy.setFault({ kind: 'delay', ms: 120_000, count: 1 });
    const held = new AbortController();
    let settled = false;
    const first = fetch(`${proxy.url}/Patient/${patientId}`, { headers: { Origin: ORIGIN }, signal: held.signal }).finally(() => {
      settled = true;
    });
    await assertPassThrough(await read()); // the second request is not delayed
    assert.equal(settled, false, 'the first request is still held');
    held.abort();
    await assert.rejects(first);
  });

  it('delay: waits, then forwards', async () => {
    proxy.setFault({ kind: 'delay', ms: 1, count: 1 });
    await assertPassThrough(await read());
  });

  it('outage: every request fails with 503 until clear()', async () => {
    proxy.setFault({ kind: 'outage' });
    for (let i = 0; i < 3; i++) {
      const res = await read();
      assert.equal(res.status, 503);
      assert.equal((await res.json()).resourceType, 'OperationOutcome');
    }
    proxy.clear();
    await assertPassThrough(await read());
  });

  it('a fault without count lasts until cleared', async () => {
    proxy.setFault({ kind: 'status', status: 500 });
    for (let i = 0; i < 3; i++) assert.equal((await read()).status, 500);
    proxy.clear();
    await assertPassThrough(await read());
  });

  it('is driven over HTTP by POST / DELETE /__fault (CORS-enabled)', async () => {
    const control = proxy.url.replace('/fhir/R4', '/__fault');
    const pre = await fetch(control, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);

    const set = await fetch(control, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'outage' }),
    });
    assert.equal(set.status, 200);
    assert.equal(set.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal((await set.json()).fault.kind, 'outage');
    assert.equal((await read()).status, 503);

    const state = await (await fetch(control)).json();
    assert.equal(state.fault.kind, 'outage');
    assert.equal(typeof state.requests, 'number');

    const cleared = await fetch(control, { method: 'DELETE', headers: { Origin: ORIGIN } });
    assert.equal(cleared.status, 200);
    assert.equal((await cleared.json()).fault, null);
    await assertPassThrough(await read());

    const bad = await fetch(control, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    assert.equal(bad.status, 400);
    await assertPassThrough(await read());
  });

  /** @param {string} text */
  const createBasic = (text) =>
    fetch(`${proxy.url}/Basic`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Basic', code: { text } }),
    });
  /** @param {string} text */
  const basicsWith = async (text) =>
    ((await (await fetch(`${fhir.url}/Basic?_count=1000`)).json()).entry ?? []).filter(
      (/** @type {any} */ e) => e.resource.code?.text === text,
    ).length;

  it('drop-answer: the server applies the write, the client gets no answer', async () => {
    const text = `lost answer ${Math.random()}`;
    proxy.setFault({ kind: 'drop-answer', methods: ['POST'], count: 1 });
    await assertPassThrough(await read()); // a GET is not a POST: passes, and does not count
    await assert.rejects(createBasic(text));
    assert.equal(await basicsWith(text), 1, 'the write was applied');
    assert.equal(proxy.fault, null, 'the one counted request used the fault up');
  });

  it('ok-outcome: 200 with an OperationOutcome, nothing stored', async () => {
    const text = `not stored ${Math.random()}`;
    proxy.setFault({ kind: 'ok-outcome', text: 'Nothing stored here', count: 1 });
    const res = await createBasic(text);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.resourceType, 'OperationOutcome');
    assert.equal(body.issue[0].details.text, 'Nothing stored here');
    assert.equal(await basicsWith(text), 0);
  });

  it('bodyContains: only requests whose body has the text take the fault', async () => {
    const other = `other ${Math.random()}`;
    const target = `target ${Math.random()}`;
    proxy.setFault({ kind: 'status', status: 500, bodyContains: target, count: 1 });
    const passed = await createBasic(other);
    assert.equal(passed.status, 201, 'forwarded from the buffered body');
    assert.equal(await basicsWith(other), 1);
    assert.equal((await createBasic(target)).status, 500);
    assert.equal(await basicsWith(target), 0);
  });

  it('rejects invalid faults', () => {
    assert.throws(() => validateFault({ kind: 'drop-answer', methods: 'POST' }), TypeError);
    assert.throws(() => validateFault({ kind: 'ok-outcome', bodyContains: '' }), TypeError);
    assert.throws(() => proxy.setFault(/** @type {any} */ ({ kind: 'nope' })), TypeError);
    assert.throws(() => validateFault({ kind: 'status', status: 200 }), TypeError);
    assert.throws(() => validateFault({ kind: 'delay' }), TypeError);
    assert.throws(() => validateFault({ kind: 'drop', count: 0 }), TypeError);
  });
});
