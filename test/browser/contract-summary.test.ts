/**
 * The SummaryPort contract against the FHIR adapter (over HTTP to the local FHIR server)
 * and the memory adapter (seeded with summaries mapped once from the same Synthea
 * bundles, as a vendor's backend might hold them).
 */
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { summaryFromResources } from '../../src/adapters/fhir/mapping/summary.js';
import { ipsFromResources } from '../../src/adapters/ips/ips.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { summaryPortContract, type KnownSummaryPatient } from './contract/summary-port.js';
import { demoData, fhirEndpoints } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const FILES = ['synthea-buster-hoeger-ad2e3fc5.json', 'synthea-kermit-trantow-f1a650a5.json', 'synthea-carla-echevarria-9a628ccd.json'];

async function sources(): Promise<{ known: KnownSummaryPatient[]; bundles: Json[][] }> {
  const known: KnownSummaryPatient[] = [];
  const bundles: Json[][] = [];
  for (const file of FILES) {
    const resources = (await demoData<{ entry: { resource: Json }[] }>(file)).entry.map((e) => e.resource);
    bundles.push(resources);
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const of = (type: string) => resources.filter((r) => r.resourceType === type);
    known.push({
      ref: `Patient/${patient.id}`,
      activeProblems: of('Condition')
        .filter((c) => c.clinicalStatus?.coding?.[0]?.code === 'active')
        .map((c) => c.code?.text ?? c.code?.coding?.[0]?.display),
      immunizations: of('Immunization').filter((i) => i.status !== 'entered-in-error').length,
      activeAllergies: of('AllergyIntolerance').filter((a) => a.clinicalStatus?.coding?.[0]?.code === 'active').length,
    });
  }
  return { known, bundles };
}

summaryPortContract('FHIR adapter → local FHIR server over HTTP', async () => {
  const { fhirUrl } = await fhirEndpoints();
  const { known } = await sources();
  return {
    adapter: createFhirAdapter({ baseUrl: fhirUrl }),
    known,
    // asked of the server itself, not of the adapter under test
    transmissionsWithKey: async (key) => {
      const response = await fetch(`${fhirUrl}/Communication?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|urn:uuid:${key}`)}`);
      return ((await response.json()) as Json).entry?.length ?? 0;
    },
  };
});

summaryPortContract('memory adapter', async () => {
  const { known, bundles } = await sources();
  const summaries: Record<string, any> = {};
  const documents: Record<string, unknown> = {};
  bundles.forEach((resources, i) => {
    summaries[known[i]!.ref] = summaryFromResources(resources as never);
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    documents[known[i]!.ref] = ipsFromResources(patient as never, resources as never, new Date(), `doc-${i}`);
  });
  const adapter = createMemoryAdapter({ summary: { summaries, documents } });
  return {
    adapter,
    known,
    transmissionsWithKey: async () => adapter.summary.transmissions.length,
  };
});
