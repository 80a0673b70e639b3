// A conditional create (`If-None-Exist` on the write's key) answered 409 or 412 is no "someone
// else changed this record" (docs/write-protocol.md §3, `createOnce`): nothing was changed by
// anyone, and in a race the server holds exactly what the user sent.
// - 409: a create of the same key is being stored at that moment (HAPI answers the second of two
//   concurrent conditional creates so; the client's own retry of a create whose answer was lost
//   can be that second one). The key is looked up: the one record holding it is the stored
//   record (made to hold this attempt's content, as a `200` match is); none yet is looked up
//   again a bounded number of times (the racing create may still be committing), then reported
//   as a failure that stored nothing, which the same key can retry without a duplicate.
// - 412: more than one record already holds the key (the FHIR spec's answer to a conditional
//   create that matches several; the real local server answers so). None is picked silently:
//   the port reports `duplicate`, so an element can say the server holds the record twice.
//
// Over real HTTP: the local FHIR server behind the fault proxy. The 409 is the proxy's (the demo
// server, single-threaded, never races); `drop-after` stores a write and loses its answer,
// `strip` drops an element on its way to the server. Three ports that create through
// `createOnce` are driven through their public API with content from the demo data; what the
// server holds is read from the server itself, not through the proxy or the port.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fleschKincaid } from '../browser/readability.mjs';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';
import { importTs } from './ts-bundle.mjs';
import { rejection } from './rejection.mjs';

const { FhirClient, FhirMessagingPort, FhirEducationPort, FhirHealthTrackerPort, templates } = await importTs([
  'src/adapters/fhir/client.ts',
  'src/adapters/fhir/messaging-port.ts',
  'src/adapters/fhir/education-port.ts',
  'src/adapters/fhir/health-tracker-port.ts',
  'src/core/locales/es-core.ts',
]);

const demo = (file) => JSON.parse(readFileSync(`demo/data/${file}`, 'utf8')).entry.map((e) => e.resource);

// Carla's own question in her refill conversation, sent again as a new message in it
const refillQuestion = demo('demo-messages.json').find((r) => r.id === 'demo-msg-4');
const THREAD = refillQuestion.partOf[0].reference.split('/')[1];
const QUESTION = refillQuestion.payload[0].contentString;
// the asthma handout Dr. Rivera gave Lucas
const handout = demo('demo-gomez-family.json').find((r) => r.id === 'demo-lucas-education-asthma');
const MATERIAL = {
  title: handout.payload[0].contentAttachment.title,
  url: handout.payload[0].contentAttachment.url,
  reason: handout.reasonCode[0].text,
  language: handout.payload[0].contentAttachment.language,
};
const LUCAS = handout.subject.reference;
// Jill's first home blood pressure, recorded again
const homeBp = demo('demo-health-tracker.json').find((r) => r.id === 'demo-jill-bp-home-1');
const JILL = homeBp.subject.reference;
const BP = homeBp.component.map((c) => ({ code: c.code.coding[0].code, value: c.valueQuantity.value, unit: c.valueQuantity.unit }));

/** Whether a resource carries an identifier naming `key` (each port spells its value its own way). */
const holdsKey = (resource, key) => (resource.identifier ?? []).some((i) => String(i.value ?? '').includes(key));

describe('a conditional create answered 409 / 412, on every port that creates through createOnce', () => {
  const servers = fhirBehindProxy();

  /** Reads from the server itself. */
  const onServer = async (path) => {
    const bundle = await (await fetch(`${servers.fhir.url}/${path}`, { headers: { accept: 'application/fhir+json' }, cache: 'no-store' })).json();
    return (bundle.entry ?? []).map((e) => e.resource);
  };

  /**
   * A client through the proxy whose fetch only watches: `hooks.failed` runs when a request
   * gets no answer, `hooks.answered` when one is answered, before the client sees either.
   */
  const watchedClient = (hooks = {}, options = {}) =>
    new FhirClient({
      baseUrl: servers.proxy.url,
      ...options,
      fetch: async (url, init) => {
        let response;
        try {
          response = await fetch(url, init);
        } catch (error) {
          await hooks.failed?.(url, init);
          throw error;
        }
        await hooks.answered?.(url, init, response);
        return response;
      },
    });

  const ports = [
    {
      name: 'messaging: a message',
      strip: 'payload',
      write: (client, key) => new FhirMessagingPort(client).sendMessage(THREAD, { body: QUESTION, attachments: [] }, { idempotencyKey: key }),
      held: async (key) => (await onServer(`Communication?part-of=Communication/${THREAD}&_count=500`)).filter((r) => holdsKey(r, key)),
      holds: (record) => record.payload?.[0]?.contentString === QUESTION,
    },
    {
      name: 'education: an assignment',
      strip: 'reasonCode',
      write: (client, key) => new FhirEducationPort(client, { sender: { name: handout.sender.display } }).assign(LUCAS, MATERIAL, { idempotencyKey: key }),
      held: async (key) => (await onServer(`Communication?subject=${LUCAS}&_count=500`)).filter((r) => holdsKey(r, key)),
      holds: (record) =>
        record.payload?.[0]?.contentAttachment?.url === MATERIAL.url &&
        record.payload[0].contentAttachment.title === MATERIAL.title &&
        record.reasonCode?.[0]?.text === MATERIAL.reason,
    },
    {
      name: 'health tracker: a reading',
      strip: 'component',
      write: (client, key) =>
        new FhirHealthTrackerPort(client).recordReading(
          {
            typeId: 'blood-pressure',
            code: { system: 'http://loinc.org', code: homeBp.code.coding[0].code, display: homeBp.code.text },
            patient: JILL,
            effective: '2026-03-02T08:15:00-05:00',
            values: BP.map((p) => ({ code: p.code, quantity: { value: p.value, unit: p.unit, system: 'http://unitsofmeasure.org', code: p.unit } })),
            source: 'patient',
            performer: JILL,
          },
          { idempotencyKey: key },
        ),
      held: async (key) => (await onServer(`Observation?subject=${JILL}&_count=1000`)).filter((r) => holdsKey(r, key)),
      holds: (record) => BP.every((p, i) => record.component?.[i]?.code?.coding?.[0]?.code === p.code && record.component[i].valueQuantity?.value === p.value),
    },
  ];

  for (const port of ports) {
    describe(port.name, () => {
      it("the client's own retry of a create whose answer was lost is answered 409: the write succeeds with the one record stored", async () => {
        const key = crypto.randomUUID();
        servers.proxy.setFault({ kind: 'drop-after', methods: ['POST'], count: 1 });
        // the first attempt is stored and its answer lost; the client's automatic retry meets
        // the server still storing it, as HAPI answers the second of two such creates
        let armed = false;
        const client = watchedClient({
          failed: (url, init) => {
            if (init.method !== 'POST' || armed) return;
            armed = true;
            servers.proxy.setFault({ kind: 'status', status: 409, methods: ['POST'], count: 1 });
          },
        });
        try {
          const result = await port.write(client, key);
          assert.ok(armed, 'the first attempt lost its answer');
          const held = await port.held(key);
          assert.equal(held.length, 1, 'one record holds the key');
          assert.ok(port.holds(held[0]), 'it holds what was sent');
          assert.equal(result.id, held[0].id, 'the write answers with the record stored');
        } finally {
          servers.proxy.clear();
        }
      });

      it('409 while the racing create is still committing: the key is looked up again, and the record that lands is the answer', async () => {
        const key = crypto.randomUUID();
        servers.proxy.setFault({ kind: 'status', status: 409, methods: ['POST'], count: 1 });
        // the racing create (the same request) reaches the server only after the first lookup
        let refused;
        let raced = false;
        const client = watchedClient({
          answered: async (url, init, response) => {
            if (init.method === 'POST' && response.status === 409) refused = init;
            else if (init.method === 'GET' && refused && !raced && String(url).includes('identifier=')) {
              raced = true;
              const stored = await fetch(`${servers.fhir.url}/${new URL(url).pathname.split('/').pop()}`, { method: 'POST', headers: refused.headers, body: refused.body });
              assert.equal(stored.status, 201);
            }
          },
        });
        try {
          const result = await port.write(client, key);
          assert.ok(raced, 'the racing create landed after a lookup');
          const held = await port.held(key);
          assert.equal(held.length, 1);
          assert.ok(port.holds(held[0]));
          assert.equal(result.id, held[0].id);
        } finally {
          servers.proxy.clear();
        }
      });

      it('409 and no record ever holds the key: a bounded number of lookups, then a failure that stored nothing; the same key then stores it once', async () => {
        const key = crypto.randomUUID();
        servers.proxy.setFault({ kind: 'status', status: 409, methods: ['POST'], count: 1 });
        const lookups = [];
        const client = watchedClient({ answered: (url, init) => void (init.method === 'GET' && String(url).includes('identifier=') && lookups.push(url)) });
        const error = await rejection(port.write(client, key));
        servers.proxy.clear();
        assert.notEqual(error.code, 'conflict', 'never "someone else changed this record"');
        assert.equal(error.code, 'server');
        assert.equal(error.retryable, true, 'trying again may store it');
        assert.match(error.message, /nothing was stored/i);
        assert.ok(lookups.length >= 2 && lookups.length <= 6, `looked up again, a bounded number of times (${lookups.length})`);
        assert.deepEqual(await port.held(key), [], 'nothing stored');

        const result = await port.write(watchedClient(), key);
        const held = await port.held(key);
        assert.equal(held.length, 1);
        assert.equal(result.id, held[0].id);
      });

      it('409 after an earlier attempt stored the record without part of it: the record found is repaired to hold what was sent', async () => {
        const key = crypto.randomUUID();
        servers.proxy.setFault({ kind: 'strip', field: port.strip, methods: ['POST'], count: 1 });
        const first = await rejection(port.write(watchedClient({}, { maxRetries: 0 }), key));
        assert.equal(first.code, 'server', 'the first attempt was not stored whole');
        const [dropped] = await port.held(key);
        assert.equal(dropped[port.strip], undefined, `the server stored it without ${port.strip}`);

        servers.proxy.setFault({ kind: 'status', status: 409, methods: ['POST'], count: 1 });
        try {
          const result = await port.write(watchedClient(), key);
          const held = await port.held(key);
          assert.equal(held.length, 1);
          assert.equal(held[0].id, dropped.id, 'the same record, not a second one');
          assert.ok(port.holds(held[0]), 'now holding what was sent');
          assert.equal(result.id, dropped.id);
        } finally {
          servers.proxy.clear();
        }
      });

      it('412 from the real server (two records already hold the key): reported as `duplicate`, none picked, nothing added', async () => {
        const key = crypto.randomUUID();
        await port.write(watchedClient(), key);
        // a twin under the same key, as a server race of two conditional creates leaves them
        const [first] = await port.held(key);
        const twin = structuredClone(first);
        delete twin.id;
        delete twin.meta;
        const created = await fetch(`${servers.fhir.url}/${first.resourceType}`, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
          body: JSON.stringify(twin),
        });
        assert.equal(created.status, 201);
        assert.equal((await port.held(key)).length, 2);

        const error = await rejection(port.write(watchedClient(), key));
        assert.equal(error.code, 'duplicate');
        assert.equal(error.retryable, false, 'the same write would meet the same twins');
        assert.equal((await port.held(key)).length, 2, 'nothing added');
      });
    });
  }
});

describe('the shared words for `duplicate`', () => {
  // the English source of errorText('duplicate'), read as test/node/readability.test.mjs reads messages
  const source = readFileSync('src/core/states.ts', 'utf8');
  const english = (id) => source.match(new RegExp(`msg\\(\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*,\\s*\\{\\s*id:\\s*'${id}'`))?.[1];

  it('say what the server holds, in plain English (grade 8 or below) and in Spanish, never that someone changed it', () => {
    const en = english('error.duplicate');
    const es = templates['error.duplicate'];
    assert.ok(en, 'errorText has words for it');
    assert.notEqual(en, english('error.server'), 'its own words, not the generic failure');
    assert.match(en, /twice/);
    assert.match(es, /dos veces/);
    assert.doesNotMatch(en, /someone else/i);
    assert.doesNotMatch(es, /otra persona/i);
    assert.ok(fleschKincaid([en]).grade <= 8, `grade ${fleschKincaid([en]).grade}`);
  });
});
