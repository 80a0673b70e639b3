/**
 * What the fuzz runs mutated FHIR through (issue 10, defect 8): every FHIR → domain
 * mapping function, and every read of every FHIR port over a fake `fetch` that answers
 * with mutated resources and mutated Bundles. Shared by the node fuzz
 * (test/node/fuzz-mapping.test.mjs, which bundles this file with esbuild) and the
 * browser fuzz. The only failure allowed is an EngageError: anything else thrown is a
 * crash and is reported with the seed and iteration that reproduce it.
 */
import { isEngageError } from '../../../src/core/errors.js';
import type { ActingAs, RecordRef } from '../../../src/adapters/ports.js';
import type { Bundle, Resource } from '../../../src/adapters/fhir/fhir-types.js';
import { createFhirAdapter } from '../../../src/adapters/fhir/index.js';
import {
  isHeader,
  readMarkerResource,
  sentOf,
  threadIdOf,
  toMessage,
  toPool,
  toReadMarker,
  toThread,
  type ReadMarker,
} from '../../../src/adapters/fhir/mapping/messaging.js';
import { allergyStatus, toPatientDemographics } from '../../../src/adapters/fhir/mapping/patient.js';
import {
  dispensesOf,
  indexResources,
  medicationOf,
  participantOf,
  preferredPharmacyOf,
  requestStatusOf,
  toPharmacy,
  toPrescription,
  toRefillRequest,
} from '../../../src/adapters/fhir/mapping/refill.js';
import {
  aidToLibrary,
  fromQuestionnaireResponse,
  libraryInfo,
  libraryToAid,
  toQuestionnaireResponse,
} from '../../../src/adapters/fhir/mapping/decision-aid.js';
import { summaryFromResources } from '../../../src/adapters/fhir/mapping/summary.js';
import {
  forecastFromRecommendation,
  newestRecommendation,
  recordFromResources,
  toDoseEvaluation,
  toImmunizationPatient,
  toVaccination,
} from '../../../src/adapters/fhir/mapping/immunization.js';
import { ipsFromResources, summaryFromIps } from '../../../src/adapters/ips/ips.js';
import { calendarToday, classify, eligibilityOf } from '../../../src/elements/refill-request/eligibility.js';
import { seededRandom } from '../../../demo/server/seeded-random.mjs';
import { mutate, type Random } from './mutate.js';

export { mutate };

/** A crash: what threw, on which target, and how to reproduce it. */
export interface Crash {
  target: string;
  seed: number;
  iteration: number;
  error: string;
}

/** Counts of one fuzz run. */
export interface FuzzReport {
  mutations: number;
  calls: number;
  engageErrors: number;
  crashes: Crash[];
}

const AS: ActingAs = { user: { ref: 'Patient/p1', name: 'Pat' }, role: 'patient' };

/** Our own write shapes (made by the adapter's writers), so the fuzz also reaches what we store. */
export function ownSeeds(): Resource[] {
  const marker = readMarkerResource('t1', { ref: 'Patient/p1', kind: 'patient', name: 'Pat' }, '2024-06-01T10:00:00Z');
  const qr = toQuestionnaireResponse(
    {
      aidId: 'knee',
      aidVersion: '1',
      patient: 'Patient/p1',
      optionsShown: ['surgery', 'therapy'],
      numbersShown: [{ outcomeId: 'pain', optionId: 'surgery', numerator: 12, denominator: 100 }],
      riskInputs: { age: 61, smoker: false, side: 'left' },
      values: { recovery: 3 },
      knowledge: { answers: { q1: 'a' }, correct: 1, total: 2 },
      sure: { items: [true, true, false, true], score: 3 },
      leaning: 'therapy',
      questions: 'How long is recovery?',
      started: '2024-06-01T10:00:00Z',
      completed: '2024-06-01T10:20:00Z',
    },
    'k1',
  );
  const library = aidToLibrary({ id: 'knee', version: '1', title: 'Knee pain' });
  const task: Resource = {
    resourceType: 'Task',
    id: 'task1',
    status: 'rejected',
    intent: 'order',
    code: { coding: [{ system: 'https://ehr-engage.dev/fhir/CodeSystem/refill-request', code: 'refill' }] },
    businessStatus: { coding: [{ system: 'https://ehr-engage.dev/fhir/CodeSystem/refill-request', code: 'needs-appointment' }] },
    focus: { reference: 'MedicationRequest/prop1' },
    for: { reference: 'Patient/p1', display: 'Pat' },
    authoredOn: '2024-06-01T10:00:00Z',
    input: [{ type: { coding: [{ system: 'https://ehr-engage.dev/fhir/CodeSystem/refill-request', code: 'delivery' }] }, valueCode: 'mail' }],
    output: [
      {
        type: { coding: [{ system: 'https://ehr-engage.dev/fhir/CodeSystem/refill-request', code: 'approved-quantity' }] },
        valueQuantity: { value: 30 },
      },
    ],
  };
  const proposal: Resource = {
    resourceType: 'MedicationRequest',
    id: 'prop1',
    intent: 'proposal',
    status: 'draft',
    priorPrescription: { reference: 'MedicationRequest/order1' },
    medicationReference: { reference: '#med' },
    contained: [{ resourceType: 'Medication', id: 'med', code: { text: 'Lisinopril 10 mg' } }],
    subject: { reference: 'Patient/p1' },
    note: [{ text: 'Please send soon' }],
    dispenseRequest: { performer: { reference: 'Organization/pharm1', display: 'Corner Pharmacy' } },
  };
  const dispense: Resource = {
    resourceType: 'MedicationDispense',
    id: 'd1',
    status: 'completed',
    authorizingPrescription: [{ reference: 'MedicationRequest/order1' }],
    whenHandedOver: '2024-05-01',
    quantity: { value: 30, unit: 'tablet' },
    daysSupply: { value: 30, unit: 'days' },
  };
  return [marker, qr, library, task, proposal, dispense];
}

/** Runs one call; returns whether it threw an EngageError, and records anything else as a crash. */
async function guarded(report: FuzzReport, target: string, seed: number, iteration: number, call: () => unknown): Promise<void> {
  report.calls++;
  try {
    await call();
  } catch (error) {
    if (isEngageError(error)) report.engageErrors++;
    else report.crashes.push({ target, seed, iteration, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}

/** The mapping functions a resource of this type goes through. */
function mappingCalls(resource: Resource, others: Resource[]): [string, () => unknown][] {
  const index = indexResources(others.filter((r) => r && typeof r === 'object'));
  const markers = [toReadMarker(readMarkerResource('t1', { ref: 'Patient/p1', kind: 'patient', name: '' }, '2024-06-01T00:00:00Z'))!];
  const calls: [string, () => unknown][] = [
    ['summaryFromResources', () => summaryFromResources([resource, ...others])],
    ['indexResources', () => indexResources([resource])],
  ];
  switch (resource?.resourceType) {
    case 'Communication':
      calls.push(
        ['isHeader', () => isHeader(resource)],
        ['threadIdOf', () => threadIdOf(resource)],
        ['sentOf', () => sentOf(resource)],
        ['toMessage', () => toMessage(resource as never, 't1', AS, markers)],
        ['toThread', () => toThread(resource as never, [resource as never], AS, markers as ReadMarker[])],
      );
      break;
    case 'Basic':
      calls.push(['toReadMarker', () => toReadMarker(resource)]);
      break;
    case 'HealthcareService':
      calls.push(['toPool', () => toPool(resource)]);
      break;
    case 'Organization':
      calls.push(['toPharmacy', () => toPharmacy(resource, 'Organization/x')], ['toPool', () => toPool(resource)]);
      break;
    case 'Patient':
      calls.push(
        ['toPatientDemographics', () => toPatientDemographics(resource as never, others.filter((r) => r?.resourceType === 'AllergyIntolerance') as never)],
        ['preferredPharmacyOf', () => preferredPharmacyOf(resource)],
      );
      break;
    case 'AllergyIntolerance':
      calls.push(['allergyStatus', () => allergyStatus([resource as never])]);
      break;
    case 'MedicationRequest':
      calls.push(
        ['medicationOf', () => medicationOf(resource, index)],
        ['participantOf', () => participantOf(resource.requester, index)],
        ['toPrescription+eligibilityOf', () => {
          const prescription = toPrescription(resource, others.filter((r) => r?.resourceType === 'MedicationDispense'), index);
          eligibilityOf(prescription, { today: calendarToday(new Date(2024, 5, 15)), approvals: { [prescription.id]: '2024-06-01' } });
          // finite but absurd numbers (a days' supply of 1e300) are valid JSON and valid domain values
          const extreme = { ...prescription, daysSupply: 1e300, refillsAllowed: Number.MAX_SAFE_INTEGER };
          extreme.dispenses = [...prescription.dispenses, { date: '2024-05-01', daysSupply: -1e300 }];
          eligibilityOf(extreme, { today: '2024-06-15', defaultValidityDays: 1e300 });
          return classify([prescription, extreme], { today: '2024-06-15' });
        }],
      );
      break;
    case 'MedicationDispense':
      calls.push(['dispensesOf', () => dispensesOf([resource])]);
      break;
    case 'Task':
      calls.push(['toRefillRequest', () => toRefillRequest(resource, index)], ['requestStatusOf', () => requestStatusOf(resource)]);
      break;
    case 'Library':
      calls.push(['libraryInfo', () => libraryInfo(resource)], ['libraryToAid', () => libraryToAid(resource)]);
      break;
    case 'QuestionnaireResponse':
      calls.push(['fromQuestionnaireResponse', () => fromQuestionnaireResponse(resource)]);
      break;
    case 'Bundle':
      calls.push(['summaryFromIps', () => summaryFromIps(resource)]);
      break;
    case 'Immunization':
      calls.push(
        ['toVaccination', () => toVaccination(resource)],
        ['recordFromResources', () => recordFromResources(toImmunizationPatient('Patient/p1', others[0]), [resource, ...others])],
      );
      break;
    case 'ImmunizationRecommendation':
      calls.push(
        ['forecastFromRecommendation', () => forecastFromRecommendation(resource, '2026-12-01', 'server', [resource, ...others])],
        ['newestRecommendation', () => newestRecommendation([resource, ...others])],
      );
      break;
    case 'ImmunizationEvaluation':
      calls.push(['toDoseEvaluation', () => toDoseEvaluation(resource)]);
      break;
  }
  calls.push(['ipsFromResources', () => ipsFromResources(others[0] ?? resource, [resource], new Date(2024, 5, 15), 'fuzz')]);
  return calls;
}

/**
 * `count` mutations of the seed resources (round robin), each through every mapping
 * function that reads its type. `others` (unmutated seeds of related types) give the
 * cross-resource functions something to join against.
 */
export async function fuzzMappings(seeds: Resource[], count: number, seed: number): Promise<FuzzReport> {
  const random = seededRandom(seed);
  const report: FuzzReport = { mutations: 0, calls: 0, engageErrors: 0, crashes: [] };
  const patient = seeds.find((r) => r.resourceType === 'Patient');
  for (let i = 0; i < count; i++) {
    const source = seeds[i % seeds.length]!;
    const mutated = mutate(source, random);
    report.mutations++;
    const others = [patient ?? source, ...seeds.filter((r) => r.resourceType !== source.resourceType).slice(0, 3)];
    if (random() < 0.3) others.push(mutate(seeds[Math.floor(random() * seeds.length)]!, random));
    // a prescription's fills come from other records: those are messy too
    const dispense = seeds.find((r) => r.resourceType === 'MedicationDispense');
    if (source.resourceType === 'MedicationRequest' && dispense) others.push(dispense, mutate(dispense, random));
    for (const [name, call] of mappingCalls(mutated, others)) await guarded(report, name, seed, i, call);
  }
  return report;
}

/** Resources of a type from the seeds (any type when none). */
function ofType(seeds: Resource[], type: string): Resource[] {
  const found = seeds.filter((r) => r.resourceType === type);
  return found.length ? found : seeds.slice(0, 3);
}

/** A search answer for `path` (`Type?…`): a Bundle of mutated resources of that type, itself sometimes mutated. */
function searchBundle(seeds: Resource[], path: string, random: Random, url: string, counter: { mutations: number }): unknown {
  const type = path.split('?')[0]!.split('/').filter(Boolean)[0] ?? 'Patient';
  const pool = ofType(seeds, type);
  const entries = Array.from({ length: 4 + Math.floor(random() * 12) }, () => {
    counter.mutations++;
    return { resource: mutate(pool[Math.floor(random() * pool.length)]!, random), search: { mode: 'match' } };
  });
  // includes the port joins against
  for (const extra of ['Patient', 'Organization', 'Practitioner', 'MedicationRequest', 'Medication']) {
    if (random() < 0.3) entries.push({ resource: ofType(seeds, extra)[0]!, search: { mode: 'include' } });
  }
  const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: entries.length, entry: entries as never };
  const r = random();
  if (r < 0.05) bundle.link = [{ relation: 'next', url }]; // a next link that points at itself
  else if (r < 0.1) bundle.link = [{ relation: 'next', url: `${url}&page=${Math.floor(random() * 3)}` }];
  if (random() < 0.15) {
    counter.mutations++;
    return mutate(bundle, random);
  }
  return bundle;
}

/** A read answer for `Type/id`: a mutated resource of that type (sometimes an OperationOutcome). */
function readAnswer(seeds: Resource[], path: string, random: Random, counter: { mutations: number }): unknown {
  const type = path.split('/')[0]!;
  if (random() < 0.05) return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'gone' }] };
  const pool = ofType(seeds, type);
  counter.mutations++;
  const resource = mutate(pool[Math.floor(random() * pool.length)]!, random) as Resource;
  return random() < 0.8 && resource && typeof resource === 'object' ? { ...resource, resourceType: type, id: path.split('/')[1] } : resource;
}

/** A fake `fetch` over the seeds: reads, searches, batches, `metadata` and `$summary`, all mutated. */
export function fakeFetch(seeds: Resource[], ips: Resource[], random: Random, counter: { mutations: number; requests: number }): typeof fetch {
  const answer = (path: string, url: string): unknown => {
    if (path.startsWith('metadata')) {
      const summary = random() < 0.5;
      const forecast = random() < 0.5 ? [{ name: 'immds-forecast' }] : [];
      return mutate(
        { resourceType: 'CapabilityStatement', rest: [{ operation: forecast, resource: [{ type: 'Patient', operation: summary ? [{ name: 'summary' }] : [] }] }] },
        random,
      );
    }
    if (path.includes('$immds-forecast')) {
      counter.mutations++;
      const parameter = ['ImmunizationRecommendation', 'ImmunizationEvaluation'].flatMap((type) =>
        ofType(seeds, type).map((r) => ({ name: type === 'ImmunizationRecommendation' ? 'recommendation' : 'evaluation', resource: mutate(r, random) })),
      );
      return mutate({ resourceType: 'Parameters', parameter }, random);
    }
    if (path.includes('$summary')) {
      counter.mutations++;
      return mutate(ips[Math.floor(random() * ips.length)]!, random);
    }
    if (path.includes('?')) return searchBundle(seeds, path, random, url, counter);
    return readAnswer(seeds, path, random, counter);
  };
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    counter.requests++;
    const url = new URL(String(input));
    const path = url.href.slice(url.href.indexOf('/fhir/') + '/fhir/'.length);
    let body: unknown;
    if (init?.method === 'POST' && path === '') {
      const batch = JSON.parse(String(init.body)) as Bundle;
      body = {
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: (batch.entry ?? []).map((entry) => ({
          response: { status: random() < 0.05 ? '404 Not Found' : '200 OK' },
          resource: answer(entry.request!.url, `${url.origin}/fhir/${entry.request!.url}`),
        })),
      };
      if (random() < 0.05) {
        counter.mutations++;
        body = mutate(body, random);
      }
    } else {
      body = answer(path, url.href);
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
  };
}

/** Every read of every FHIR port, once each, over a fake fetch that answers with mutated data. */
export async function fuzzPorts(seeds: Resource[], ips: Resource[], rounds: number, seed: number): Promise<FuzzReport & { requests: number }> {
  const random = seededRandom(seed);
  const counter = { mutations: 0, requests: 0 };
  const report: FuzzReport = { mutations: 0, calls: 0, engageErrors: 0, crashes: [] };
  const patient: RecordRef = 'Patient/p1';
  for (let i = 0; i < rounds; i++) {
    const adapter = createFhirAdapter({ baseUrl: 'http://fuzz.invalid/fhir', fetch: fakeFetch(seeds, ips, random, counter), maxRetries: 0 });
    const reads: [string, () => unknown][] = [
      ['messaging.listThreads', () => adapter.messaging!.listThreads({ patient, status: 'all' }, { as: AS })],
      ['messaging.getThread', () => adapter.messaging!.getThread('t1', { as: AS })],
      ['messaging.listMessages', () => adapter.messaging!.listMessages('t1', {}, { as: AS })],
      ['messaging.getDirectory', () => adapter.messaging!.getDirectory(patient)],
      ['patient.getPatient', () => adapter.patient!.getPatient(patient)],
      ['refills.listPrescriptions', () => adapter.refills!.listPrescriptions(patient)],
      ['refills.listPharmacies', () => adapter.refills!.listPharmacies(patient)],
      ['refills.listRequests', () => adapter.refills!.listRequests({ patient })],
      ['summary.getSummary', () => adapter.summary!.getSummary(patient)],
      ['summary.getDocument', () => adapter.summary!.getDocument!(patient)],
      ['decisionAids.listAids', () => adapter.decisionAids!.listAids()],
      ['decisionAids.getAid', () => adapter.decisionAids!.getAid('knee')],
      ['decisionAids.getResponse', () => adapter.decisionAids!.getResponse('r1')],
      ['decisionAids.listResponses', () => adapter.decisionAids!.listResponses(patient)],
      ['immunizations.getRecord', () => adapter.immunizations!.getRecord(patient)],
      ['immunizations.getForecast', () => adapter.immunizations!.getForecast(patient, '2026-12-01')],
    ];
    for (const [name, call] of reads) await guarded(report, name, seed, i, call);
  }
  return { ...report, mutations: counter.mutations, requests: counter.requests };
}
