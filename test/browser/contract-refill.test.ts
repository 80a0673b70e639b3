/**
 * The RefillPort contract, run against the FHIR adapter (over HTTP to the local FHIR
 * server) and the memory adapter seeded from the same source records.
 */
import { createFhirAdapter, FhirClient, toPrescription } from '../../src/adapters/fhir/index.js';
import { indexResources, SUBMISSION_SYSTEM, toPharmacy } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { refillPortContract } from './contract/refill-port.js';
import { demoData, fhirEndpoints } from './helpers.js';
import { resourcesOf } from './synthea.js';

const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const PHARMACIES = ['Organization/demo-pharmacy-main-street', 'Organization/demo-pharmacy-riverside'];

async function jill() {
  const bundle = await demoData<{ entry: { fullUrl: string; resource: Resource }[] }>('synthea-jill-tillman-c4b7d178.json');
  // the demo's current prescriptions for her (demo/data/demo-jill-tillman.json) are seeded too; its proposal is a request, not a prescription
  const demo = await demoData<{ entry: { resource: Resource }[] }>('demo-jill-tillman.json');
  const orders = [
    ...(resourcesOf(bundle as never, 'MedicationRequest') as Resource[]),
    ...(resourcesOf(demo as never, 'MedicationRequest') as Resource[]).filter((r) => r.intent === 'order'),
  ];
  return { orders, active: orders.filter((o) => o.status === 'active').length };
}

refillPortContract('FHIR adapter → local FHIR server over HTTP', async () => {
  const { fhirUrl } = await fhirEndpoints();
  const { orders, active } = await jill();
  const client = new FhirClient({ baseUrl: fhirUrl });
  return {
    adapter: createFhirAdapter(client),
    patient: JILL,
    prescriptionCount: orders.length,
    activeCount: active,
    pharmacies: PHARMACIES,
    // asked of the server itself: proposals and their Tasks for this submission
    async countByKey(key) {
      const query = { identifier: `${SUBMISSION_SYSTEM}|${key}`, _summary: 'count' };
      const [proposals, tasks] = await Promise.all([client.search('MedicationRequest', query), client.search('Task', query)]);
      return proposals.total === tasks.total ? (proposals.total ?? -1) : -1;
    },
  };
});

refillPortContract('memory adapter', async () => {
  const { orders, active } = await jill();
  const practice = await demoData<{ entry: { resource: Resource }[] }>('demo-practice.json');
  const pharmacies = practice.entry.map((e) => toPharmacy(e.resource));
  const adapter = createMemoryAdapter({
    refills: {
      prescriptions: { [JILL]: orders.map((o) => toPrescription(o, [], indexResources([]))) },
      pharmacies,
      patientNames: { [JILL]: 'Jill Tillman' },
    },
  });
  return {
    adapter,
    patient: JILL,
    prescriptionCount: orders.length,
    activeCount: active,
    pharmacies: PHARMACIES,
    async countByKey(key) {
      return adapter.refills.allRequests.filter((r) => r.id.endsWith(`-${key.slice(0, 8)}`)).length;
    },
  };
});
