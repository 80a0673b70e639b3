/**
 * Write integrity, the retry after a dropped element, over real HTTP to the local FHIR
 * server. The first attempt goes through the fault proxy's opt-in `strip` fault: the server
 * stores the record without one element and answers `201`, which the client rightly
 * reports as a failure (write-integrity-audit.fhir.test.ts). The user then retries with
 * the same content, so the same key: the conditional create matches (`200`) the record the
 * first attempt stored. "Saved" is then true only if that record holds what the user
 * typed: the port must make it hold it (a versioned update, as an edited retry revises
 * what landed), never answer with the record as it is. A message the care team retracted
 * in between stays retracted (`withdrawn`). What the server holds is read from the server
 * itself (`fetch`, no-store), never through the port; each case counts the records stored
 * under its key.
 */
import { expect } from '@open-wc/testing';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { Reading, RefillRequestDraft } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import { FhirCareReminderPort } from '../../src/adapters/fhir/reminder-port.js';
import { sampleResponse } from './contract/decision-aid-port.js';
import { rejection } from './contract/rejection.js';
import { demoData, fhirEndpoints, setFault } from './helpers.js';
import { buildFhirWorld, buildMemoryWorld, WORLD_NOW } from './scheduling-world.js';
import { resourcesOf } from './synthea.js';
import { editedRetryContract } from './contract/edited-retry.js';
import { createFhirEducation } from '../../src/adapters/fhir/entries/education.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { MemoryEducationPort } from '../../src/adapters/memory/education.js';
import { MemoryCareReminderPort } from '../../src/adapters/memory/reminders.js';
import type { ReminderRuleSet } from '../../src/adapters/ports.js';

const BUSTER = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';
const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const PHARMACY = 'Organization/demo-pharmacy-main-street';
const me = { user: { ref: BUSTER, name: 'Buster Hoeger' }, role: 'patient' as const };

let fhirUrl: string;
let proxyUrl: string;

before(async () => {
  ({ fhirUrl, proxyUrl } = await fhirEndpoints());
});
afterEach(() => setFault(undefined));

const proxied = () => createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 });
const direct = () => createFhirAdapter(new FhirClient({ baseUrl: fhirUrl }));

/** Drops `field` from the next write whose body carries `marker` (the server stores the rest). */
const dropNext = (field: string, marker: string) => setFault({ kind: 'strip', field, methods: ['POST', 'PUT'], bodyContains: marker, count: 1 });

/** The records of `type` the server holds under an identifier value (any system), read from the server. */
async function storedUnder(type: string, value: string): Promise<Resource[]> {
  const response = await fetch(`${fhirUrl}/${type}?identifier=${encodeURIComponent(value)}&_count=50`, { cache: 'no-store' });
  const bundle = (await response.json()) as { entry?: { resource: Resource }[] };
  return (bundle.entry ?? []).map((e) => e.resource);
}

/** The first attempt, its `field` dropped on the way: a failure, as the audit requires. */
async function firstAttemptLoses(field: string, marker: string, write: () => Promise<unknown>): Promise<void> {
  await dropNext(field, marker);
  expect((await rejection(write())).code).to.equal('server');
  await setFault(undefined);
}

describe('write integrity: an unchanged retry after a dropped element stores what the user typed (FHIR over HTTP)', () => {
  it('MessagingPort.sendMessage: the retry puts the words on the one message', async () => {
    const { thread } = await startThread();
    const words = `Please call me back ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const send = () => proxied().messaging!.sendMessage(thread.id, { body: `<p>${words}</p>`, attachments: [] }, { idempotencyKey: key, as: me });
    await firstAttemptLoses('payload', words, send);
    const [landed] = await storedUnder('Communication', key);
    expect(JSON.stringify(landed?.payload ?? null).includes(words)).to.equal(false); // the first attempt stored it without the words
    const message = await send();
    const records = await storedUnder('Communication', key);
    expect(records.map((r) => r.id)).to.deep.equal([landed!.id]);
    expect(JSON.stringify(records[0]!.payload).includes(words)).to.equal(true);
    expect(message.body).to.include(words);
  });

  it('MessagingPort.sendMessage: a message retracted in between is not revived by the retry', async () => {
    const { thread } = await startThread();
    const words = `Cancel my visit ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const send = () => proxied().messaging!.sendMessage(thread.id, { body: `<p>${words}</p>`, attachments: [] }, { idempotencyKey: key, as: me });
    await firstAttemptLoses('payload', words, send);
    const [landed] = await storedUnder('Communication', key);
    const put = await fetch(`${fhirUrl}/Communication/${landed!.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ ...landed, status: 'entered-in-error' }),
    });
    expect(put.ok).to.equal(true);
    expect((await rejection(send())).code).to.equal('withdrawn');
    const [after] = await storedUnder('Communication', key);
    expect(after!.status).to.equal('entered-in-error');
    expect(JSON.stringify(after!.payload ?? null).includes(words)).to.equal(false);
  });

  it('QuestionnairePort.saveDraft: the retry puts the answers on the one response', async () => {
    const marker = crypto.randomUUID();
    const key = newIdempotencyKey();
    const answer = `I sleep badly most nights ${marker}`;
    const save = () =>
      proxied().questionnaires!.saveDraft(
        {
          resourceType: 'QuestionnaireResponse',
          status: 'in-progress',
          questionnaire: `https://ehr-engage.dev/test/Questionnaire/audit-${marker}`,
          subject: { reference: BUSTER },
          authored: '2026-12-02T04:00:00Z',
          item: [{ linkId: 'note', text: 'How do you sleep?', answer: [{ valueString: answer }] }],
        },
        { idempotencyKey: key },
      );
    await firstAttemptLoses('item.answer', marker, save);
    await save();
    const records = await storedUnder('QuestionnaireResponse', `urn:uuid:${key}`);
    expect(records.length).to.equal(1);
    expect(JSON.stringify(records[0]!.item).includes(answer)).to.equal(true);
  });

  it('DecisionAidPort.saveResponse: the retry puts the answers on the one response', async () => {
    const questions = `Can I stop later? ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const save = () => proxied().decisionAids!.saveResponse(sampleResponse('Patient/85', { questions }), { idempotencyKey: key });
    await firstAttemptLoses('item', questions, save);
    await save();
    const records = await storedUnder('QuestionnaireResponse', `urn:uuid:${key}`);
    expect(records.length).to.equal(1);
    expect(JSON.stringify(records[0]!.item ?? null).includes(questions)).to.equal(true);
  });

  it('SummaryPort.transmit: the retry puts the note on the one transmission', async () => {
    const note = `For the cardiology visit ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const send = () => proxied().summary!.transmit!('Patient/85', { document: { resourceType: 'Bundle' }, recipient: 'Dr. Who', note }, { idempotencyKey: key });
    await firstAttemptLoses('note', note, send);
    await send();
    const records = await storedUnder('Communication', `urn:uuid:${key}`);
    expect(records.length).to.equal(1);
    expect(JSON.stringify(records[0]!.note ?? null).includes(note)).to.equal(true);
  });

  it('HealthTrackerPort.recordReading: the retry puts the value on the one reading', async () => {
    const note = `Weighed ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const reading: Reading = {
      typeId: 'weight',
      code: { system: 'http://loinc.org', code: '29463-7' },
      patient: BUSTER,
      effective: '2024-06-15',
      values: [{ code: '29463-7', quantity: { value: 81.4, unit: 'kg', code: 'kg' } }],
      source: 'patient',
      performer: BUSTER,
      note,
    };
    const record = () => proxied().healthTracker!.recordReading(reading, { idempotencyKey: key });
    await firstAttemptLoses('valueQuantity', note, record);
    await record();
    const records = await storedUnder('Observation', key);
    expect(records.length).to.equal(1);
    expect((records[0]!.valueQuantity as { value?: number } | undefined)?.value).to.equal(81.4);
  });

  it('RefillPort.submitRequest (a transaction): the retry puts the note on the one proposal', async () => {
    const bundle = await demoData<{ entry: { fullUrl: string; resource: Resource }[] }>('synthea-jill-tillman-c4b7d178.json');
    const active = (resourcesOf(bundle as never, 'MedicationRequest') as Resource[]).find((o) => o.status === 'active')!;
    const note = `Out of pills on Friday ${crypto.randomUUID()}`;
    const draft: RefillRequestDraft = { items: [{ prescriptionId: active.id!, kind: 'refill' }], pharmacy: PHARMACY, delivery: 'pickup', note };
    const key = newIdempotencyKey();
    const submit = () => proxied().refills!.submitRequest(JILL, draft, { idempotencyKey: key });
    await firstAttemptLoses('note', note, submit);
    try {
      const [request] = await submit();
      const tasks = await storedUnder('Task', key);
      expect(tasks.length).to.equal(1);
      const proposalId = (tasks[0]!.focus as { reference: string }).reference.split('/')[1];
      const proposal = (await (await fetch(`${fhirUrl}/MedicationRequest/${proposalId}`, { cache: 'no-store' })).json()) as Resource;
      expect(JSON.stringify(proposal.note ?? null).includes(note)).to.equal(true);
      expect(request!.note).to.equal(note);
    } finally {
      // leave no pending request behind for the other tests of this patient
      const { items } = await direct().refills!.listRequests({ patient: JILL });
      for (const request of items.filter((r) => r.status === 'requested' && r.prescriptionId === active.id)) {
        await direct().refills!.cancelRequest(request.id, { idempotencyKey: newIdempotencyKey() });
      }
    }
  });

  it('SchedulingPort.request: the retry puts the note on the one request', async () => {
    const client = new FhirClient({ baseUrl: fhirUrl });
    const world = await buildFhirWorld(client, Math.random().toString(36).slice(2, 8));
    const note = `My knee hurts on stairs ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const port = new FhirSchedulingPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }));
    const ask = () => port.request(BUSTER, { visitType: world.types.consult!, preferences: { days: [], times: [] }, note }, { idempotencyKey: key });
    await firstAttemptLoses('comment', note, ask);
    const asked = await ask();
    const records = await storedUnder('Appointment', key);
    expect(records.length).to.equal(1);
    expect(records[0]!.comment).to.equal(note);
    expect(asked.note).to.equal(note);
  });

  it('CareReminderPort.answer: the retry puts the place on the one answer', async () => {
    const rules = (await (await fetch('/rules/preventive-care.json')).json()) as never;
    const port = new FhirCareReminderPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }), { rules, now: () => new Date('2026-12-01T12:00:00') });
    const where = `Riverside Clinic ${crypto.randomUUID()}`;
    const key = newIdempotencyKey();
    const answer = () => port.answer(JILL, 'colorectal-cancer-screening', { kind: 'done-elsewhere', performed: '2026-09-14', where }, { idempotencyKey: key });
    await firstAttemptLoses('location', where, answer);
    await answer();
    const records = await storedUnder('Procedure', key);
    expect(records.length).to.equal(1);
    expect((records[0]!.location as { display?: string } | undefined)?.display).to.equal(where);
    // the answer is withdrawn again, so the patient's reminders stay as the fixtures have them
    await fetch(`${fhirUrl}/Procedure/${records[0]!.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ ...records[0], status: 'entered-in-error' }),
    });
  });
});

describe('write integrity: a read receipt counts only when the server shows it stored (FHIR over HTTP)', () => {
  /** A clinician's message to the patient alone (so reading it writes a receipt), written straight to the server. */
  async function messageToPatient(): Promise<{ threadId: string; messageId: string; words: string }> {
    const { thread } = await startThread();
    const words = `Your results are in ${crypto.randomUUID()}`;
    const response = await fetch(`${fhirUrl}/Communication`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Communication',
        partOf: [{ reference: `Communication/${thread.id}` }],
        status: 'in-progress',
        subject: { reference: BUSTER },
        sender: { reference: 'Practitioner/receipt-test-clinician' },
        recipient: [{ reference: BUSTER }],
        sent: new Date().toISOString(),
        payload: [{ contentString: words }],
      }),
    });
    const message = (await response.json()) as Resource;
    return { threadId: thread.id, messageId: message.id!, words };
  }

  const markRead = (threadId: string, messageId: string) => proxied().messaging!.markRead(threadId, [messageId], { idempotencyKey: newIdempotencyKey(), as: me });
  const storedMessage = async (id: string) => (await (await fetch(`${fhirUrl}/Communication/${id}`, { cache: 'no-store' })).json()) as Resource;

  it('the server drops the receipt (stores the message without `received`) → rejects, the message is not read', async () => {
    const { threadId, messageId, words } = await messageToPatient();
    await dropNext('received', words);
    expect((await rejection(markRead(threadId, messageId))).code).to.equal('server');
    expect((await storedMessage(messageId)).received).to.equal(undefined);
  });

  it('the batch answer shows no stored resources → rejects', async () => {
    const { threadId, messageId, words } = await messageToPatient();
    await setFault({ kind: 'thin-answer', lose: 'resources', methods: ['POST'], bodyContains: words, count: 1 });
    expect((await rejection(markRead(threadId, messageId))).code).to.equal('server');
  });

  it('the batch answer has no entries → rejects', async () => {
    const { threadId, messageId, words } = await messageToPatient();
    await setFault({ kind: 'thin-answer', lose: 'entries', methods: ['POST'], bodyContains: words, count: 1 });
    expect((await rejection(markRead(threadId, messageId))).code).to.equal('server');
  });

  it('a receipt stored as sent resolves, and the server holds it', async () => {
    const { threadId, messageId } = await messageToPatient();
    await markRead(threadId, messageId);
    const stored = await storedMessage(messageId);
    expect(stored.status).to.equal('completed');
    expect(typeof stored.received).to.equal('string');
  });
});

/** A new conversation of the patient, written straight to the server through the port. */
async function startThread() {
  const messaging = direct().messaging!;
  const directory = await messaging.getDirectory(BUSTER);
  return messaging.startThread(
    BUSTER,
    { subject: `Retry ${crypto.randomUUID()}`, recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
    { idempotencyKey: newIdempotencyKey(), as: me },
  );
}

const REMINDERS_NOW = () => new Date('2026-12-01T12:00:00');
const ANSWER_SYSTEM = 'https://ehr-engage.dev/fhir/sid/care-reminder-answer';
const reminderRules = async () => (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;

editedRetryContract('FHIR (over HTTP, through the fault proxy)', async () => {
  const { fhirUrl: base, proxyUrl: proxy } = await fhirEndpoints();
  const client = new FhirClient({ baseUrl: base });
  const viaProxy = new FhirClient({ baseUrl: proxy, maxRetries: 0 });
  const label = Math.random().toString(36).slice(2, 8);
  const newPatient = async (extra: Record<string, unknown> = {}) =>
    `Patient/${(await client.create<Resource>({ resourceType: 'Patient', name: [{ given: ['Retry'], family: `Edited${label}` }], ...extra })).body.id}`;
  const rules = await reminderRules();
  return {
    loseNextAnswer: (_port, marker) => setFault({ kind: 'drop-after', count: 1, methods: ['POST', 'PUT'], bodyContains: marker }),
    clear: () => setFault(undefined),
    scheduling: {
      port: new FhirSchedulingPort(viaProxy, { now: () => WORLD_NOW }),
      read: new FhirSchedulingPort(client, { now: () => WORLD_NOW }),
      world: await buildFhirWorld(client, label),
      patient: await newPatient(),
    },
    education: { port: createFhirEducation(viaProxy).education, read: createFhirEducation(client).education, patient: await newPatient() },
    reminders: {
      port: new FhirCareReminderPort(viaProxy, { rules, now: REMINDERS_NOW }),
      read: new FhirCareReminderPort(client, { rules, now: REMINDERS_NOW }),
      newPatient: () => newPatient({ birthDate: '1970-05-01', gender: 'female' }),
      asOf: '2026-12-01',
      async liveAnswers(patient, keys) {
        const identifier = keys.map((k) => `${ANSWER_SYSTEM}|${k}`).join(',');
        let live = 0;
        for (const type of ['Procedure', 'Flag']) {
          const response = await fetch(`${base}/${type}?subject=${patient}&identifier=${encodeURIComponent(identifier)}&_count=50`, { cache: 'no-store' });
          const bundle = (await response.json()) as { entry?: { resource: Resource }[] };
          live += (bundle.entry ?? []).filter((e) => (type === 'Flag' ? e.resource.status === 'active' : e.resource.status !== 'entered-in-error')).length;
        }
        return live;
      },
    },
  };
});

editedRetryContract('memory', async () => {
  const scheduling = new MemorySchedulingPort(buildMemoryWorld().options);
  const education = new MemoryEducationPort({ now: () => new Date('2026-12-01T12:00:00Z') });
  const patients = ['Patient/r1', 'Patient/r2', 'Patient/r3', 'Patient/r4'];
  const records = patients.map((patient) => ({ patient, birthDate: '1970-05-01', sexAtBirth: 'female' as const, entries: [], actions: [] }));
  const reminders = new MemoryCareReminderPort({ rules: await reminderRules(), records, now: REMINDERS_NOW });
  let next = 0;
  const ports = { scheduling, education, reminders };
  return {
    loseNextAnswer: async (port) => ports[port].loseAnswers(1),
    clear: async () => Object.values(ports).forEach((port) => port.loseAnswers(0)),
    scheduling: { port: scheduling, read: scheduling, world: buildMemoryWorld().built, patient: 'Patient/ada' },
    education: { port: education, read: education, patient: 'Patient/ada' },
    reminders: {
      port: reminders,
      read: reminders,
      newPatient: async () => patients[next++]!,
      asOf: '2026-12-01',
      liveAnswers: async (patient) => reminders.answersOf(patient).length,
    },
  };
});
