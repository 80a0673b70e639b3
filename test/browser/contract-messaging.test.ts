/**
 * The MessagingPort contract, run against the FHIR adapter (over HTTP to the local FHIR
 * server, which is seeded with demo/data/demo-messages.json's pools) and the memory adapter.
 */
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirMessagingPort } from '../../src/adapters/fhir/messaging-port.js';
import { DEFAULT_CATEGORIES } from '../../src/adapters/fhir/mapping/messaging.js';
import { MemoryMessagingPort } from '../../src/adapters/memory/messaging.js';
import { actors, messagingPortContract } from './contract/messaging-port.js';
import { demoData, fhirEndpoints } from './helpers.js';

const PATIENT = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4'; // Buster Hoeger (Synthea)

interface SeedBundle {
  entry: { resource: { resourceType: string; id: string; name?: string; comment?: string } }[];
}

async function seededPools() {
  const bundle = await demoData<SeedBundle>('demo-messages.json');
  return bundle.entry
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'HealthcareService')
    .map((r) => ({ ref: `HealthcareService/${r.id}`, name: r.name!, description: r.comment }));
}

const CLINICIAN = { ref: 'Practitioner/demo-contract-clinician', kind: 'practitioner' as const, name: 'Dr. Ana Lopez' };

messagingPortContract('FHIR adapter → local FHIR server over HTTP', async () => {
  const { fhirUrl } = await fhirEndpoints();
  const client = new FhirClient({ baseUrl: fhirUrl });
  return {
    port: new FhirMessagingPort(client, { pollIntervalMs: 150 }),
    patient: PATIENT,
    ...actors(CLINICIAN, 'RelatedPerson/demo-contract-caregiver'),
    countMessages: async (threadId) => {
      const response = await fetch(`${fhirUrl}/Communication?part-of=Communication/${threadId}&_summary=count`);
      return ((await response.json()) as { total: number }).total;
    },
    retract: async (_threadId, messageId) => {
      const stored = (await (await fetch(`${fhirUrl}/Communication/${messageId}`, { cache: 'no-store' })).json()) as Record<string, unknown>;
      const response = await fetch(`${fhirUrl}/Communication/${messageId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ ...stored, status: 'entered-in-error' }),
      });
      if (!response.ok) throw new Error(`retracting Communication/${messageId}: ${response.status}`);
    },
  };
});

messagingPortContract('memory adapter', async () => {
  const pools = await seededPools();
  const port = new MemoryMessagingPort({ directory: { careTeam: [CLINICIAN], pools, categories: DEFAULT_CATEGORIES } });
  return {
    port,
    patient: PATIENT,
    ...actors(CLINICIAN, 'RelatedPerson/demo-contract-caregiver'),
    countMessages: async (threadId) => (await port.listMessages(threadId, { pageSize: 1000 })).items.length,
    // the memory backend has no other way in: its test hook, as `loseAnswers`
    retract: async (threadId, messageId) => port.retract(threadId, messageId),
  };
});
