/**
 * The write-protocol contract for every content write (messaging, decision aids,
 * refills) on both adapters. The FHIR adapter talks to the local FHIR server through this
 * file's fault proxy; what is stored is read from the server itself (not through the
 * proxy, not through the port). The memory adapter loses answers with its ledger's
 * `loseAnswers` and is read through its own list methods (it has no other store).
 */
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { DEFAULT_CATEGORIES } from '../../src/adapters/fhir/mapping/messaging.js';
import { expect } from '@open-wc/testing';
import { createMemoryAdapter, MemoryDecisionAidPort, MemoryMessagingPort, MemorySummaryPort } from '../../src/adapters/memory/index.js';
import { indexResources, toPharmacy, toPrescription } from '../../src/adapters/fhir/mapping/refill.js';
import type { DecisionAidPort, MessagingPort, RefillPort, RefillRequestDraft, SummaryPort } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { sampleResponse } from './contract/decision-aid-port.js';
import { writeProtocolContract, type ContentWrite, type StateWrite } from './contract/write-protocol.js';
import { demoData, fhirEndpoints, setFault } from './helpers.js';
import { resourcesOf } from './synthea.js';
import { loadAids } from './decision-aid-helpers.js';
import { recordReadingWrite } from './contract/health-tracker-port.js';
import { MemoryHealthTrackerPort } from '../../src/adapters/memory/health-tracker.js';
import { soakPatient } from './soak/server.js';

const BUSTER = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';
const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const PHARMACY = 'Organization/demo-pharmacy-main-street';
const me = { user: { ref: BUSTER, name: 'Buster Hoeger' }, role: 'patient' as const };

async function jillOrders(): Promise<Resource[]> {
  const bundle = await demoData<{ entry: { fullUrl: string; resource: Resource }[] }>('synthea-jill-tillman-c4b7d178.json');
  return resourcesOf(bundle as never, 'MedicationRequest') as Resource[];
}

const refillDraft = (prescriptionId: string, note: string): RefillRequestDraft => ({
  items: [{ prescriptionId, kind: 'refill' }],
  pharmacy: PHARMACY,
  delivery: 'pickup',
  note,
});

/** The content writes of the three ports, over any adapter; `records` reads the backend. */
function contentWrites(
  ports: { messaging: MessagingPort; decisionAids: DecisionAidPort; refills: RefillPort },
  records: {
    threads(token: string): Promise<unknown[]>;
    messages(threadId: string): Promise<unknown[]>;
    responses(): Promise<unknown[]>;
    pendingRefills(): Promise<unknown[]>;
  },
  prescriptionId: string,
): ContentWrite[] {
  const startScope = async (token: string) => {
    const directory = await ports.messaging.getDirectory(BUSTER);
    return ports.messaging.startThread(
      BUSTER,
      { subject: `Scope ${token}`, recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: me },
    );
  };
  return [
    {
      method: 'MessagingPort.sendMessage',
      marker: '"partOf"',
      async scope(token) {
        const { thread } = await startScope(token);
        return {
          write: (label, keys) => ports.messaging.sendMessage(thread.id, { body: `<p>${label}</p>`, attachments: [] }, { ...keys, as: me }),
          records: () => records.messages(thread.id),
        };
      },
    },
    {
      method: 'MessagingPort.startThread',
      marker: '"partOf"',
      firstMarker: '#thread"',
      async scope(token) {
        const directory = await ports.messaging.getDirectory(BUSTER);
        return {
          write: (label, keys) =>
            ports.messaging.startThread(
              BUSTER,
              { subject: `About ${label}`, recipient: directory.pools[0]!, message: { body: `First ${label}`, attachments: [] } },
              { ...keys, as: me },
            ),
          records: () => records.threads(token),
        };
      },
    },
    {
      method: 'DecisionAidPort.saveResponse',
      marker: '"QuestionnaireResponse"',
      async scope() {
        return {
          write: (label, keys) => ports.decisionAids.saveResponse(sampleResponse('Patient/85', { questions: `Ask about ${label}` }), keys),
          records: () => records.responses(),
        };
      },
    },
    {
      method: 'RefillPort.submitRequest',
      marker: '"transaction"',
      async scope() {
        return {
          write: (label, keys) => ports.refills.submitRequest(JILL, refillDraft(prescriptionId, `Note ${label}`), keys),
          records: () => records.pendingRefills(),
        };
      },
    },
  ];
}

/** The state writes of the three ports; `reader` reads back (FHIR: straight to the server). */
function stateWrites(
  ports: { messaging: MessagingPort; refills: RefillPort },
  reader: { messaging: MessagingPort; refills: RefillPort },
  prescriptionId: string,
): StateWrite[] {
  const clinician = { user: { ref: 'Practitioner/demo-contract-clinician', name: 'Dr. Ana Lopez' }, role: 'clinician' as const };
  const thread = async () => {
    const directory = await ports.messaging.getDirectory(BUSTER);
    return ports.messaging.startThread(
      BUSTER,
      { subject: 'State', recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: me },
    );
  };
  const request = async () =>
    (await ports.refills.submitRequest(JILL, refillDraft(prescriptionId, 'state'), { idempotencyKey: newIdempotencyKey() }))[0]!;
  const statusOf = async (id: string) =>
    (await reader.refills.listRequests({ patient: JILL, pageSize: 200 })).items.find((r) => r.id === id)?.status;
  return [
    {
      method: 'MessagingPort.setThreadStatus',
      async scope() {
        const { thread: started } = await thread();
        return {
          write: (keys) => ports.messaging.setThreadStatus(started.id, 'closed', { ...keys, as: clinician }),
          check: async () => expect((await reader.messaging.getThread(started.id, { as: me })).status).to.equal('closed'),
        };
      },
    },
    {
      method: 'MessagingPort.markRead',
      marker: '"resource"',
      async scope() {
        const { thread: started } = await thread();
        const reply = await ports.messaging.sendMessage(started.id, { body: 'Reply', attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: clinician });
        return {
          write: (keys) => ports.messaging.markRead(started.id, [reply.id], { ...keys, as: me }),
          check: async () => expect((await reader.messaging.getThread(started.id, { as: me })).unreadCount).to.equal(0),
        };
      },
    },
    {
      method: 'RefillPort.cancelRequest',
      marker: '"Task"',
      async scope() {
        const made = await request();
        return {
          write: (keys) => ports.refills.cancelRequest(made.id, keys),
          check: async () => expect(await statusOf(made.id)).to.equal('cancelled'),
        };
      },
    },
    {
      method: 'RefillPort.reviewRequest',
      marker: '"Task"',
      async scope() {
        const made = await request();
        return {
          write: (keys) => ports.refills.reviewRequest(made.id, { action: 'deny', reason: 'See me first' }, keys),
          check: async () => expect(await statusOf(made.id)).to.equal('denied'),
          // the clinician, told the denial was not saved, decides on an appointment instead
          change: (keys) => ports.refills.reviewRequest(made.id, { action: 'needs-appointment', reason: 'Come in this week' }, keys),
          checkChanged: async () => {
            const request = (await reader.refills.listRequests({ patient: JILL, pageSize: 200 })).items.find((r) => r.id === made.id);
            expect(request?.status).to.equal('needs-appointment');
            expect(request?.statusReason).to.equal('Come in this week');
          },
        };
      },
    },
  ];
}

/** `SummaryPort.transmit`: the note is the content. */
function transmitWrite(summary: SummaryPort, records: () => Promise<unknown[]>): ContentWrite {
  return {
    method: 'SummaryPort.transmit',
    marker: '"Clinical summary transmission"',
    async scope() {
      return {
        write: (label, keys) => summary.transmit!('Patient/85', { document: { resourceType: 'Bundle' }, recipient: 'Dr. Who', note: `Send ${label}` }, keys),
        records,
      };
    },
  };
}

writeProtocolContract('FHIR adapter → fault proxy → local FHIR server over HTTP', async () => {
  const { fhirUrl, proxyUrl } = await fhirEndpoints();
  const adapter = createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 });
  const server = new FhirClient({ baseUrl: fhirUrl });
  const direct = createFhirAdapter(server);
  const active = (await jillOrders()).find((o) => o.status === 'active')!;
  return {
    faults: {
      loseNextAnswer: (marker) => setFault({ kind: 'drop-after', methods: ['POST', 'PUT'], count: 1, ...(marker ? { bodyContains: marker } : {}) }),
      answerNextWithOutcome: (text, marker) =>
        setFault({ kind: 'outcome', text, methods: ['POST', 'PUT'], count: 1, ...(marker ? { bodyContains: marker } : {}) }),
      clear: () => setFault(undefined),
    },
    writes: contentWrites({ messaging: adapter.messaging!, decisionAids: adapter.decisionAids!, refills: adapter.refills! }, {
      // a conversation is one record: its header with its messages
      async threads(token) {
        const { resources } = await server.searchAll('Communication', { subject: BUSTER, _count: 500 }, { maxResults: 20_000 });
        const headers = resources.filter((r) => !r.partOf && JSON.stringify(r).includes(token));
        return headers.map((header) => ({
          header,
          messages: resources.filter((m) => (m.partOf as { reference?: string }[] | undefined)?.[0]?.reference === `Communication/${header.id}`),
        }));
      },
      async messages(threadId) {
        return (await server.searchAll('Communication', { 'part-of': `Communication/${threadId}` })).resources;
      },
      async responses() {
        return (await server.searchAll('QuestionnaireResponse', { subject: 'Patient/85', _count: 500 }, { maxResults: 20_000 })).resources;
      },
      // a request is one record: its Task with the proposal it points to; only pending ones count
      async pendingRefills() {
        const { resources: tasks, included } = await server.searchAll(
          'Task',
          { patient: JILL, status: 'requested', _include: 'Task:focus', _count: 500 },
          { maxResults: 20_000 },
        );
        const index = indexResources(included);
        // other requested Tasks of the patient (the seeded questionnaire request) are not refills
        return tasks
          .filter((task) => String((task.focus as { reference?: string } | undefined)?.reference ?? '').startsWith('MedicationRequest/'))
          .map((task) => ({ task, proposal: index.get(String((task.focus as { reference?: string }).reference)) }));
      },
    }, active.id!).concat(
      transmitWrite(adapter.summary!, async () =>
        (await server.searchAll('Communication', { subject: 'Patient/85', _count: 500 }, { maxResults: 20_000 })).resources,
      ),
      recordReadingWrite(
        adapter.healthTracker!,
        (token) => soakPatient(fhirUrl, `Contract${token}`),
        async (patient) => (await server.searchAll('Observation', { subject: patient, _count: 100 })).resources,
      ),
    ),
    stateWrites: stateWrites(
      { messaging: adapter.messaging!, refills: adapter.refills! },
      { messaging: direct.messaging!, refills: direct.refills! },
      active.id!,
    ),
  };
});

writeProtocolContract('memory adapter', async () => {
  const pools = (await demoData<{ entry: { resource: { resourceType: string; id: string; name?: string } }[] }>('demo-messages.json')).entry
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'HealthcareService')
    .map((r) => ({ ref: `HealthcareService/${r.id}`, name: r.name! }));
  const practice = await demoData<{ entry: { resource: Resource }[] }>('demo-practice.json');
  const orders = await jillOrders();
  const active = orders.find((o) => o.status === 'active')!.id!;
  const messaging = new MemoryMessagingPort({ directory: { careTeam: [], pools, categories: DEFAULT_CATEGORIES } });
  const decisionAids = new MemoryDecisionAidPort({ aids: loadAids });
  const { refills } = createMemoryAdapter({
    refills: {
      prescriptions: { [JILL]: orders.map((o) => toPrescription(o, [], indexResources([]))) },
      pharmacies: practice.entry.map((e) => toPharmacy(e.resource)),
    },
  });
  const summary = new MemorySummaryPort();
  const healthTracker = new MemoryHealthTrackerPort();
  const all = [messaging, decisionAids, refills, summary, healthTracker];
  return {
    faults: {
      loseNextAnswer: async () => all.forEach((port) => port.loseAnswers(1)),
      clear: async () => all.forEach((port) => port.loseAnswers(0)),
    },
    writes: contentWrites({ messaging, decisionAids, refills }, {
      async threads(token) {
        const page = await messaging.listThreads({ patient: BUSTER, status: 'all', pageSize: 100 });
        const threads = page.items.filter((t) => t.subject.includes(token));
        return Promise.all(threads.map(async (thread) => ({ thread, messages: (await messaging.listMessages(thread.id, { pageSize: 1000 })).items })));
      },
      messages: async (threadId) => (await messaging.listMessages(threadId, { pageSize: 1000 })).items,
      responses: () => decisionAids.listResponses('Patient/85'),
      pendingRefills: async () => refills.allRequests.filter((r) => r.status === 'requested'),
    }, active).concat(
      transmitWrite(summary, async () => summary.transmissions),
      recordReadingWrite(healthTracker, async (token) => `Patient/contract-${token}`, (patient) => healthTracker.listReadings(patient)),
    ),
    stateWrites: stateWrites({ messaging, refills }, { messaging, refills }, active),
  };
});
