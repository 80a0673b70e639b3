/**
 * The FHIR HTTP client against the local FHIR server (demo/server) over real HTTP.
 * Faults the server cannot produce come from the fault-injecting proxy in front of it.
 */
import { expect } from '@open-wc/testing';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { EngageError } from '../../src/core/errors.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { demoData, fhirEndpoints, setFault } from './helpers.js';

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id?: string; subject?: { reference?: string } };
}

/**
 * The delays (ms) the code under test asked `setTimeout` for while `run` ran: how long
 * the client meant to wait, without reading a clock.
 */
async function timersAskedFor(run: () => Promise<unknown>): Promise<number[]> {
  const asked: number[] = [];
  const original = window.setTimeout;
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
    asked.push(ms ?? 0);
    return original(handler, ms, ...rest);
  }) as typeof window.setTimeout;
  try {
    await run();
  } finally {
    window.setTimeout = original;
  }
  return asked;
}

async function expectEngageError(promise: Promise<unknown>, code: string): Promise<EngageError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(EngageError);
    expect((error as EngageError).code, (error as Error).message).to.equal(code);
    return error as EngageError;
  }
  throw new Error(`expected an EngageError "${code}", but the call succeeded`);
}

describe('FhirClient over HTTP against the local FHIR server', function () {
  let fhirUrl: string;
  let proxyUrl: string;
  let patientId: string;
  let observationCount: number;

  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
    const bundle = await demoData<{ entry: Entry[] }>('synthea-kermit-trantow-f1a650a5.json');
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!;
    patientId = patient.resource.id ?? patient.fullUrl.replace('urn:uuid:', '');
    // counted from the source file, independently of the server and the client
    observationCount = bundle.entry.filter((e) => e.resource.resourceType === 'Observation').length;
  });

  afterEach(() => setFault(undefined));

  it('reads a seeded patient', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const patient = await client.read('Patient', patientId);
    expect(patient.resourceType).to.equal('Patient');
    expect(patient.id).to.equal(patientId);
  });

  it('searches across several pages by following link[next], without duplicates', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const first = await client.search('Observation', { patient: `Patient/${patientId}`, _count: 10 });
    expect(first.entry?.length).to.equal(10);
    expect(first.link?.some((l) => l.relation === 'next')).to.equal(true);
    const second = await client.nextPage(first);
    expect(second?.entry?.length).to.be.greaterThan(0);

    const all = await client.searchAll('Observation', { patient: `Patient/${patientId}`, _count: 10 });
    expect(all.truncated).to.equal(false);
    expect(all.resources.length).to.equal(observationCount);
    expect(new Set(all.resources.map((r) => r.id)).size).to.equal(observationCount);
  });

  it('caps huge histories and says it did', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const some = await client.searchAll('Observation', { patient: `Patient/${patientId}`, _count: 10 }, { maxResults: 15 });
    expect(some.resources.length).to.equal(15);
    expect(some.truncated).to.equal(true);
  });

  it('conditional create returns the same resource when a write is retried', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const key = crypto.randomUUID();
    const resource: Resource = {
      resourceType: 'Communication',
      status: 'completed',
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${key}` }],
      subject: { reference: `Patient/${patientId}` },
      payload: [{ contentString: 'retry me' }],
    };
    const ifNoneExist = `identifier=urn:ietf:rfc:3986|urn:uuid:${key}`;
    const first = await client.create(resource, { ifNoneExist });
    const second = await client.create(resource, { ifNoneExist });
    expect(first.status).to.equal(201);
    expect(second.body.id).to.equal(first.body.id);
    const found = await client.search('Communication', { identifier: `urn:ietf:rfc:3986|urn:uuid:${key}` });
    expect(found.entry?.length).to.equal(1);
  });

  it('maps an If-Match conflict (412) to a conflict error with the server text', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const created = await client.create<Resource>({ resourceType: 'Basic', code: { text: 'version test' } });
    const id = created.body.id!;
    expect(created.version).to.be.a('string');
    const updated = await client.update({ ...created.body, code: { text: 'changed' } }, { ifMatch: created.version });
    expect(updated.version).to.not.equal(created.version);
    // a second writer still holding the first version loses
    const error = await expectEngageError(
      client.update({ resourceType: 'Basic', id, code: { text: 'stale' } }, { ifMatch: created.version }),
      'conflict',
    );
    expect(error.status).to.equal(412);
    expect(error.details.join(' ')).to.not.equal('');
  });

  it('maps 404 to not-found with the OperationOutcome text', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const error = await expectEngageError(client.read('Patient', 'no-such-patient'), 'not-found');
    expect(error.status).to.equal(404);
    expect(error.details.length).to.be.greaterThan(0);
    expect(error.message).to.not.contain('no-such-patient'); // no ids in messages
  });

  it('maps 400 / 422 to invalid with the OperationOutcome text', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const error = await expectEngageError(
      client.create({ resourceType: 'Patient', gender: 'banana', birthDate: 'not-a-date' }),
      'invalid',
    );
    expect([400, 422]).to.include(error.status);
    expect(error.details.join(' ')).to.match(/\w/);
  });

  it('answers a batch of reads in one round trip, each entry on its own', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const results = await client.batch([
      { method: 'GET', url: `Patient/${patientId}` },
      { method: 'GET', url: `AllergyIntolerance?patient=Patient/${patientId}` },
      { method: 'GET', url: 'Patient/does-not-exist' },
    ]);
    expect(results.map((r) => r.ok)).to.deep.equal([true, true, false]);
    const failed = results[2]!;
    expect(failed.ok === false && failed.error.code).to.equal('not-found');
  });

  it('asks the token callback at every request and keeps no copy of the token', async () => {
    const seen: (string | null)[] = [];
    let calls = 0;
    const client = new FhirClient({
      baseUrl: fhirUrl,
      getToken: () => `token-${++calls}`,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('Authorization'));
        return fetch(input, init);
      },
    });
    // not shared: the Patient is otherwise read once per page view (#20), and no second request is sent
    await client.read('Patient', patientId, { shared: false });
    await client.read('Patient', patientId, { shared: false });
    expect(seen).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
    expect(JSON.stringify(client)).to.not.contain('token-');
  });

  it('refuses to follow a next link to another origin (the token would leak)', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    await expectEngageError(
      client.nextPage({ resourceType: 'Bundle', link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Patient?page=2' }] }),
      'invalid',
    );
  });

  describe('faults from the proxy', () => {
    it('times out', async () => {
      await setFault({ kind: 'delay', ms: 3000 });
      const client = new FhirClient({ baseUrl: proxyUrl, timeoutMs: 300, maxRetries: 0 });
      await expectEngageError(client.read('Patient', patientId), 'timeout');
    });

    it('is aborted by the caller', async () => {
      await setFault({ kind: 'delay', ms: 3000 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await expectEngageError(client.read('Patient', patientId, { signal: controller.signal }), 'aborted');
    });

    it('waits as Retry-After says on 503, then succeeds', async () => {
      await setFault({ kind: 'status', status: 503, retryAfter: 1, count: 1 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      const waits = await timersAskedFor(() => client.read('Patient', patientId).then((p) => expect(p.id).to.equal(patientId)));
      expect(waits).to.include(1000); // Retry-After: 1 (seconds), not a clock reading
    });

    it('waits as Retry-After says on 429, then succeeds', async () => {
      await setFault({ kind: 'status', status: 429, retryAfter: 0, count: 2 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      expect((await client.read('Patient', patientId)).id).to.equal(patientId);
    });

    it('gives up on 429 after its retries with rate-limited', async () => {
      await setFault({ kind: 'status', status: 429, retryAfter: 0, count: 10 });
      const client = new FhirClient({ baseUrl: proxyUrl, maxRetries: 1 });
      const error = await expectEngageError(client.read('Patient', patientId), 'rate-limited');
      expect(error.status).to.equal(429);
    });

    it('does not wait longer than it accepts: a long Retry-After fails at once', async () => {
      await setFault({ kind: 'status', status: 503, retryAfter: 3600, count: 1 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      // had it waited an hour, the test's own timeout would fail it
      const waits = await timersAskedFor(async () => {
        const error = await expectEngageError(client.read('Patient', patientId), 'server');
        expect(error.status).to.equal(503);
      });
      expect(waits.filter((ms) => ms >= 3_600_000)).to.deep.equal([]);
    });

    it('never retries a plain create (it could create two)', async () => {
      await setFault({ kind: 'status', status: 503, retryAfter: 0, count: 1 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      await expectEngageError(client.create({ resourceType: 'Basic', code: { text: 'once' } }), 'server');
    });

    it('maps a dropped connection to network', async () => {
      await setFault({ kind: 'drop', count: 5 });
      const client = new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 });
      await expectEngageError(client.read('Patient', patientId), 'network');
    });

    it('retries a read after a dropped connection', async () => {
      await setFault({ kind: 'drop', count: 1 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      expect((await client.read('Patient', patientId)).id).to.equal(patientId);
    });

    it('maps malformed JSON to a server error', async () => {
      await setFault({ kind: 'malformed', count: 1 });
      const client = new FhirClient({ baseUrl: proxyUrl });
      const error = await expectEngageError(client.read('Patient', patientId), 'server');
      expect(error.message).to.contain('not valid JSON');
    });
  });
});

describe('FhirClient: a write succeeds only when the server says it stored something', () => {
  /** A client whose server answers every request with `answer` (and reads with `read`). */
  function clientAnswering(answer: () => Response, read?: () => Response): FhirClient {
    const fake: typeof fetch = async (_input, init) => (init?.method === 'GET' && read ? read() : answer());
    return new FhirClient({ baseUrl: 'https://ehr.example.org/fhir/R4', fetch: fake, maxRetries: 0 });
  }
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json', ...headers } });
  const basic: Resource = { resourceType: 'Basic', code: { text: 'x' } };

  it('rejects 200 with an OperationOutcome, with its text', async () => {
    const client = clientAnswering(() =>
      json({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text: 'Queued, not stored' } }] }),
    );
    for (const write of [client.create(basic), client.update({ ...basic, id: '1' })]) {
      const error = await expectEngageError(write, 'server');
      expect(error.details).to.deep.equal(['Queued, not stored']);
      expect(error.message).to.contain('Queued, not stored');
    }
  });

  it('rejects an empty answer without a Location, and a resource of another type', async () => {
    await expectEngageError(clientAnswering(() => json(undefined, 201)).create(basic), 'server');
    await expectEngageError(clientAnswering(() => json({ resourceType: 'Patient', id: 'p1' }, 201)).create(basic), 'server');
    await expectEngageError(clientAnswering(() => json({ resourceType: 'Basic' }, 201)).create(basic), 'server');
  });

  it('accepts the stored resource, or a Location it then reads', async () => {
    const stored = await clientAnswering(() => json({ ...basic, id: 'b1' }, 201)).create(basic);
    expect(stored.body.id).to.equal('b1');
    const minimal = clientAnswering(
      () => json(undefined, 201, { Location: 'https://ehr.example.org/fhir/R4/Basic/b2/_history/1' }),
      () => json({ ...basic, id: 'b2' }),
    );
    expect((await minimal.create(basic)).body.id).to.equal('b2');
  });

  it('rejects a 201 whose stored resource does not hold what was sent (a dropped element)', async () => {
    const sent: Resource = { resourceType: 'Basic', code: { text: 'x' }, note: [{ text: 'typed by the user' }], created: '2026-12-03T10:00:00Z' };
    // the server may write an instant another way and add what it owns: still held
    const held = clientAnswering(() => json({ ...sent, id: 'b3', meta: { versionId: '1' }, created: '2026-12-03T10:00:00.000+00:00' }, 201));
    expect((await held.create(sent)).body.id).to.equal('b3');
    const withoutNote = { ...sent };
    delete withoutNote.note;
    const dropped = clientAnswering(() => json({ ...withoutNote, id: 'b4' }, 201));
    const error = await expectEngageError(dropped.create(sent), 'server');
    expect(error.details).to.deep.equal(['Not stored: note[0]']);
    const changed = clientAnswering(() => json({ ...sent, id: 'b5', note: [{ text: 'typed by' }] }));
    await expectEngageError(changed.update({ ...sent, id: 'b5' }), 'server');
    // what a server may rightly rewrite is held: renumbered contained resources with their
    // local references (HAPI), a string without its trailing whitespace
    const withMedicine: Resource = { ...sent, note: [{ text: 'typed by the user \n' }], contained: [{ resourceType: 'Medication', id: 'med0320', code: { text: 'Amoxicillin 250 MG' } }], subject: { reference: '#med0320' } };
    const renumbered = clientAnswering(() =>
      json({ ...withMedicine, id: 'b6', note: [{ text: 'typed by the user' }], contained: [{ resourceType: 'Medication', id: '1', code: { text: 'Amoxicillin 250 MG' } }], subject: { reference: '#1' } }, 201),
    );
    expect((await renumbered.create(withMedicine)).body.id).to.equal('b6');
  });

  it('rejects a transaction or write batch answered with an OperationOutcome, with its text', async () => {
    const client = clientAnswering(() => json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'Busy' }] }));
    const error = await expectEngageError(client.batch([{ method: 'POST', url: 'Basic' }]), 'server');
    expect(error.details).to.deep.equal(['Busy']);
  });
});
