/**
 * The ImmunizationPort contract against the FHIR adapter (over HTTP to the local FHIR
 * server) and the memory adapter (seeded with records mapped once from the same bundles and
 * the same recommendation, as a vendor's backend might hold them). Expectations come from
 * the source JSON.
 */
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { forecastFromRecommendation, recordFromResources, toImmunizationPatient } from '../../src/adapters/fhir/mapping/immunization.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { ImmunizationForecast } from '../../src/adapters/ports.js';
import { immunizationPortContract, type KnownImmunizationPatient } from './contract/immunization-port.js';
import { demoData, fhirEndpoints } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const FILES = ['synthea-buster-hoeger-ad2e3fc5.json', 'synthea-carla-echevarria-9a628ccd.json', 'synthea-kermit-trantow-f1a650a5.json', 'uscore-bundle-patient-85.json'];
const AS_OF = '2026-12-01';

async function sources(): Promise<{ known: KnownImmunizationPatient[]; bundles: Json[][]; recommendation: Json }> {
  const recommendation = (await demoData<{ entry: { resource: Json }[] }>('demo-immunization-recommendation.json')).entry[0]!.resource;
  const known: KnownImmunizationPatient[] = [];
  const bundles: Json[][] = [];
  for (const file of FILES) {
    const resources = (await demoData<{ entry: { resource: Json }[] }>(file)).entry.map((e) => e.resource);
    bundles.push(resources);
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const ref = `Patient/${patient.id}`;
    const criterion = (line: Json, code: string) => line.dateCriterion?.find((d: Json) => d.code.coding[0].code === code)?.value;
    known.push({
      ref,
      vaccinations: resources
        .filter((r) => r.resourceType === 'Immunization' && r.status !== 'entered-in-error')
        .map((r) => ({ id: r.id, date: r.occurrenceDateTime ?? r.occurrenceString, status: r.status === 'not-done' ? 'not-given' : 'given' })),
      ...(recommendation.patient.reference === ref
        ? {
            forecast: {
              asOf: AS_OF,
              groups: recommendation.recommendation.map((line: Json) => ({
                sourceStatus: line.forecastStatus.coding[0].code,
                earliestDate: criterion(line, '30981-5'),
                recommendedDate: criterion(line, '30980-7'),
                pastDueDate: criterion(line, '59778-1'),
              })),
            },
          }
        : {}),
    });
  }
  return { known, bundles, recommendation };
}

immunizationPortContract('FHIR adapter → local FHIR server over HTTP', async () => {
  const { fhirUrl } = await fhirEndpoints();
  const { known } = await sources();
  return { adapter: createFhirAdapter({ baseUrl: fhirUrl }), known, asOf: AS_OF };
});

immunizationPortContract('memory adapter', async () => {
  const { known, bundles, recommendation } = await sources();
  const records = bundles.map((resources, i) => recordFromResources(toImmunizationPatient(known[i]!.ref, resources.find((r) => r.resourceType === 'Patient')), resources));
  const forecasts: Record<string, ImmunizationForecast> = {
    [recommendation.patient.reference]: forecastFromRecommendation(recommendation, AS_OF, 'server')!,
  };
  return { adapter: createMemoryAdapter({ immunizations: { records, forecasts } }), known, asOf: AS_OF };
});
