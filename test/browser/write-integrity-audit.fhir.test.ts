/**
 * Write integrity over real HTTP: a `201` (or `200`) whose stored resource does not hold
 * what was sent is not a saved write. The fault proxy's opt-in `strip` fault removes one
 * element from the request on its way to the local FHIR server, which then stores and
 * answers without it — as a server that drops an element it does not support. Every
 * port's write must reject (so the element keeps the user's input and says "not saved"),
 * never resolve as if what the user typed were stored. What the server holds is read from
 * the server itself, not through the port.
 */
import { expect } from '@open-wc/testing';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { Reading, RefillRequestDraft } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { sampleResponse } from './contract/decision-aid-port.js';
import { demoData, fhirEndpoints, setFault } from './helpers.js';
import { resourcesOf } from './synthea.js';

const BUSTER = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';
const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const PHARMACY = 'Organization/demo-pharmacy-main-street';
const me = { user: { ref: BUSTER, name: 'Buster Hoeger' }, role: 'patient' as const };

async function setup() {
  const { fhirUrl, proxyUrl } = await fhirEndpoints();
  return { fhirUrl, proxied: createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 }), direct: createFhirAdapter(new FhirClient({ baseUrl: fhirUrl })) };
}

/** Drops `field` from the next write whose body carries `marker`. */
const dropNext = (field: string, marker: string) => setFault({ kind: 'strip', field, methods: ['POST', 'PUT'], bodyContains: marker, count: 1 });

/** The error a write rejected with, or undefined when it resolved. */
async function rejection(write: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  try {
    await write;
    return undefined;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
}

/** Whether any stored resource holds `marker` in full (the server never got the words otherwise). */
async function holdsMarker(fhirUrl: string, type: string, query: string, marker: string): Promise<boolean> {
  const response = await fetch(`${fhirUrl}/${type}?${query}&_count=500`, { cache: 'no-store' });
  return (await response.text()).includes(marker);
}

describe('write integrity: a 2xx that did not store what was sent is a failure (FHIR over HTTP)', () => {
  afterEach(() => setFault(undefined));

  it('MessagingPort.sendMessage: the server drops the payload → rejects, not "sent"', async () => {
    const { fhirUrl, proxied, direct } = await setup();
    const directory = await direct.messaging!.getDirectory(BUSTER);
    const { thread } = await direct.messaging!.startThread(
      BUSTER,
      { subject: `Audit ${crypto.randomUUID()}`, recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: me },
    );
    const words = `Please call me ${crypto.randomUUID()}`;
    await dropNext('payload', words);
    const error = await rejection(proxied.messaging!.sendMessage(thread.id, { body: `<p>${words}</p>`, attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: me }));
    expect(error?.code).to.equal('server');
    // the words never reached the record: reporting "sent" would have lost them
    expect(await holdsMarker(fhirUrl, 'Communication', `part-of=Communication/${thread.id}`, words)).to.equal(false);
  });

  it('QuestionnairePort.saveDraft: the server drops the answers → rejects', async () => {
    const { proxied } = await setup();
    const marker = crypto.randomUUID();
    await dropNext('item.answer', marker);
    const error = await rejection(
      proxied.questionnaires!.saveDraft(
        {
          resourceType: 'QuestionnaireResponse',
          status: 'in-progress',
          questionnaire: `https://ehr-engage.dev/test/Questionnaire/audit-${marker}`,
          subject: { reference: BUSTER },
          authored: '2026-12-02T04:00:00Z',
          item: [{ linkId: 'note', text: marker, answer: [{ valueString: 'I sleep badly most nights' }] }],
        },
        { idempotencyKey: newIdempotencyKey() },
      ),
    );
    expect(error?.code).to.equal('server');
  });

  it('DecisionAidPort.saveResponse: the server drops the answers → rejects', async () => {
    const { proxied } = await setup();
    const questions = `Can I stop later? ${crypto.randomUUID()}`;
    await dropNext('item', questions);
    const error = await rejection(proxied.decisionAids!.saveResponse(sampleResponse('Patient/85', { questions }), { idempotencyKey: newIdempotencyKey() }));
    expect(error?.code).to.equal('server');
  });

  it('SummaryPort.transmit: the server drops the note → rejects', async () => {
    const { proxied } = await setup();
    const note = `For the cardiology visit ${crypto.randomUUID()}`;
    await dropNext('note', note);
    const error = await rejection(
      proxied.summary!.transmit!('Patient/85', { document: { resourceType: 'Bundle' }, recipient: 'Dr. Who', note }, { idempotencyKey: newIdempotencyKey() }),
    );
    expect(error?.code).to.equal('server');
  });

  it('HealthTrackerPort.recordReading: the server drops the note → rejects', async () => {
    const { proxied } = await setup();
    const note = `Weighed ${crypto.randomUUID()}`;
    const reading: Reading = {
      typeId: 'weight',
      code: { system: 'http://loinc.org', code: '29463-7' },
      patient: BUSTER,
      effective: '2024-06-15',
      values: [{ code: '29463-7', quantity: { value: 80, unit: 'kg', code: 'kg' } }],
      source: 'patient',
      performer: BUSTER,
      note,
    };
    await dropNext('note', note);
    const error = await rejection(proxied.healthTracker!.recordReading(reading, { idempotencyKey: newIdempotencyKey() }));
    expect(error?.code).to.equal('server');
  });

  it('RefillPort.submitRequest (a transaction): the server drops the note → rejects', async () => {
    const { fhirUrl, proxied, direct } = await setup();
    const bundle = await demoData<{ entry: { fullUrl: string; resource: Resource }[] }>('synthea-jill-tillman-c4b7d178.json');
    const active = (resourcesOf(bundle as never, 'MedicationRequest') as Resource[]).find((o) => o.status === 'active')!;
    const note = `Out of pills on Friday ${crypto.randomUUID()}`;
    const draft: RefillRequestDraft = { items: [{ prescriptionId: active.id!, kind: 'refill' }], pharmacy: PHARMACY, delivery: 'pickup', note };
    await dropNext('note', note);
    const key = newIdempotencyKey();
    const error = await rejection(proxied.refills!.submitRequest(JILL, draft, { idempotencyKey: key }));
    expect(error?.code).to.equal('server');
    expect(await holdsMarker(fhirUrl, 'MedicationRequest', `subject=${JILL}`, note)).to.equal(false);
    // leave no pending request behind for the other tests of this patient
    const { items } = await direct.refills!.listRequests({ patient: JILL });
    for (const request of items.filter((r) => r.status === 'requested' && r.prescriptionId === active.id && !r.note)) {
      await direct.refills!.cancelRequest(request.id, { idempotencyKey: newIdempotencyKey() });
    }
  });
});
