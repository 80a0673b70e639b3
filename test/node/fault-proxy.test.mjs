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

    // every seeded Observation, five to a page: far more than one page whoever is seeded first
    const bundle = await (await fetch(`${proxy.url}/Observation?_count=5`)).json();
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

  /** Creates a Basic with a fresh identifier through the proxy; returns the identifier and the fetch's outcome. */
  const createBasic = async () => {
    const value = `urn:uuid:${crypto.randomUUID()}`;
    const outcome = fetch(`${proxy.url}/Basic`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Origin: ORIGIN },
      body: JSON.stringify({ resourceType: 'Basic', identifier: [{ system: 'urn:ietf:rfc:3986', value }], code: { text: 'fault test' } }),
    });
    return { value, outcome };
  };
  /** How many Basic resources with this identifier the server holds (asked of the server directly). */
  const stored = async (value) => {
    const bundle = await (await fetch(`${fhir.url}/Basic?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${value}`)}`)).json();
    return (bundle.entry ?? []).length;
  };

  it('drop-after: the server applies the write, the client gets no answer', async () => {
    proxy.setFault({ kind: 'drop-after', count: 1 });
    const { value, outcome } = await createBasic();
    await assert.rejects(outcome, TypeError);
    assert.equal(await stored(value), 1, 'the write landed although its answer was lost');
    assert.deepEqual(proxy.applied.at(-1)?.kind, 'drop-after');
    const again = await createBasic();
    assert.equal((await again.outcome).status, 201, 'only `count` requests are affected');
  });

  it('hold: the server has applied the write while its answer is still held back', async () => {
    proxy.setFault({ kind: 'hold', ms: 60_000, count: 1 });
    const { value, outcome } = await createBasic();
    let answered = false;
    void outcome.then(() => (answered = true), () => (answered = true));
    // poll the server (not a clock) until the write is there
    while ((await stored(value)) === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(proxy.held, 1, 'one answer is held');
    assert.equal(answered, false, 'the client has no answer yet');
    proxy.setFault({ kind: 'hold', ms: 0, count: 1 });
    const next = await createBasic();
    assert.equal((await next.outcome).status, 201, 'a hold of 0 ms passes the answer on');
    assert.equal(proxy.held, 1, 'the long hold is still held');
  });

  it('hold: a short hold passes the server\'s answer on unchanged', async () => {
    const before = proxy.held;
    proxy.setFault({ kind: 'hold', ms: 20, count: 1 });
    await assertPassThrough(await read());
    assert.equal(proxy.held, before, 'nothing more is held once the answer came');
  });

  it('outcome: 200 with only an OperationOutcome, and nothing reaches the server', async () => {
    proxy.setFault({ kind: 'outcome', count: 1 });
    const { value, outcome } = await createBasic();
    const res = await outcome;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    const body = await res.json();
    assert.equal(body.resourceType, 'OperationOutcome');
    assert.match(body.issue[0].details.text, /nothing was stored/);
    assert.equal(await stored(value), 0);
  });

  it('chaos: the same seed gives the same faults for the same requests, at about the given rate', async () => {
    const run = async (seed) => {
      proxy.setFault({ kind: 'chaos', seed, rate: 0.5, kinds: ['status-503', 'status-500', 'malformed', 'outcome'] });
      const from = proxy.applied.length;
      const first = proxy.requests + 1;
      const statuses = [];
      for (let i = 0; i < 40; i++) {
        const res = await read();
        await res.text();
        statuses.push(res.status);
      }
      proxy.clear();
      return { statuses, faults: proxy.applied.slice(from).map((a) => `${a.request - first}:${a.kind}`) };
    };
    const first = await run(42);
    assert.deepEqual(await run(42), first);
    // counted from the run itself: every request got either the real answer or an applied fault
    const faulted = first.faults.length;
    assert.ok(faulted > 5 && faulted < 35, `about half of 40 requests faulted (${faulted})`);
    assert.equal(first.statuses.filter((s) => s === 503).length, first.faults.filter((k) => k.endsWith(':status-503')).length);
    assert.equal(first.statuses.filter((s) => s === 200).length, 40 - faulted + first.faults.filter((k) => /:(malformed|outcome)$/.test(k)).length);
    assert.notDeepEqual((await run(43)).faults, first.faults, 'another seed, other faults');
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
  const createBasicWithText = (text) =>
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

  it('drop-after filtered to POST: the server applies the write, the client gets no answer', async () => {
    const text = `lost answer ${Math.random()}`;
    proxy.setFault({ kind: 'drop-after', methods: ['POST'], count: 1 });
    await assertPassThrough(await read()); // a GET is not a POST: passes, and does not count
    await assert.rejects(createBasicWithText(text));
    assert.equal(await basicsWith(text), 1, 'the write was applied');
    assert.equal(proxy.fault, null, 'the one counted request used the fault up');
  });

  it('outcome with a text: 200 with that OperationOutcome, nothing stored', async () => {
    const text = `not stored ${Math.random()}`;
    proxy.setFault({ kind: 'outcome', text: 'Nothing stored here', count: 1 });
    const res = await createBasicWithText(text);
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
    const passed = await createBasicWithText(other);
    assert.equal(passed.status, 201, 'forwarded from the buffered body');
    assert.equal(await basicsWith(other), 1);
    assert.equal((await createBasicWithText(target)).status, 500);
    assert.equal(await basicsWith(target), 0);
  });

  it('rejects invalid faults', () => {
    assert.throws(() => validateFault({ kind: 'drop-after', methods: 'POST' }), TypeError);
    assert.throws(() => validateFault({ kind: 'outcome', bodyContains: '' }), TypeError);
    assert.throws(() => proxy.setFault(/** @type {any} */ ({ kind: 'nope' })), TypeError);
    assert.throws(() => validateFault({ kind: 'status', status: 200 }), TypeError);
    assert.throws(() => validateFault({ kind: 'delay' }), TypeError);
    assert.throws(() => validateFault({ kind: 'drop', count: 0 }), TypeError);
    assert.throws(() => validateFault({ kind: 'hold' }), TypeError);
    assert.throws(() => validateFault({ kind: 'outcome', status: 404 }), TypeError);
    assert.throws(() => validateFault({ kind: 'chaos', seed: 1.5, rate: 0.1 }), TypeError);
    assert.throws(() => validateFault({ kind: 'chaos', seed: 1, rate: 2 }), TypeError);
    assert.throws(() => validateFault({ kind: 'chaos', seed: 1, rate: 0.1, kinds: ['nope'] }), TypeError);
  });
});
