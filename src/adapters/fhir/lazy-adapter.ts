/**
 * The FHIR adapter of the script-tag entry (`dist/ehr-engage.js`), with every port, whose
 * port code loads the first time a port is called (issue 20). `createFhirAdapter` from
 * `./index.ts` names every port class, so a script bundle exporting it carried all their
 * mappings up front (~110 kB before minifying) on every page, even one with a single
 * conversation. Here only the client is built at once (so `adapter.client` works as
 * before); the ports are stand-ins with the same methods that load `./index.ts`, once per
 * adapter, and hand each call to the real port.
 *
 * The method tables are checked by the type checker against the port classes: a method
 * added to a class and missing here fails `tsc`, so an element never sees an optional
 * method (`subscribe`, `transmit`…) present on one and absent on the other.
 */
import type { EngageAdapter, Session } from '../ports.js';
import { FhirClient, type FhirClientOptions } from './client.js';
import type { FhirAdapter } from './index.js';
import type { FhirPatientPort } from './patient-port.js';
import type { FhirMessagingPort } from './messaging-port.js';
import type { FhirRefillPort } from './refill-port.js';
import type { FhirSummaryPort } from './summary-port.js';
import type { FhirDecisionAidPort } from './decision-aid-port.js';
import type { FhirImmunizationPort } from './immunization-port.js';
import type { FhirHealthTrackerPort } from './health-tracker-port.js';
import type { FhirEducationPort } from './education-port.js';
import type { FhirQuestionnairePort } from './questionnaire-port.js';
import type { FhirSchedulingPort } from './scheduling-port.js';
import { smartLaunch, type SmartClientLike } from './smart.js';

/** The port classes `createFhirAdapter` builds, by key (test/node/lazy-fhir-adapter.test.mjs keeps the keys complete). */
interface FhirPorts {
  patient: FhirPatientPort;
  messaging: FhirMessagingPort;
  refills: FhirRefillPort;
  summary: FhirSummaryPort;
  decisionAids: FhirDecisionAidPort;
  immunizations: FhirImmunizationPort;
  healthTracker: FhirHealthTrackerPort;
  education: FhirEducationPort;
  questionnaires: FhirQuestionnairePort;
  scheduling: FhirSchedulingPort;
}
type PortKey = keyof FhirPorts & keyof EngageAdapter;
/** The names of the methods of `P`. */
type MethodsOf<P> = { [K in keyof P]-?: P[K] extends ((...args: never[]) => unknown) | undefined ? K : never }[keyof P];

/** Every method of a port, as a list; the record form makes the type checker reject a missing or extra name. */
const names = <P>(table: Record<MethodsOf<P>, true>) => Object.keys(table) as MethodsOf<P>[];

type Port<K extends PortKey> = FhirPorts[K];

/** The methods of each port class `createFhirAdapter` builds. */
export const PORT_METHODS: { [K in PortKey]: readonly MethodsOf<Port<K>>[] } = {
  patient: names<Port<'patient'>>({ getPatient: true, listLinkedPatients: true }),
  messaging: names<Port<'messaging'>>({
    listThreads: true,
    getThread: true,
    listMessages: true,
    getDirectory: true,
    startThread: true,
    sendMessage: true,
    markRead: true,
    setThreadStatus: true,
    getAttachment: true,
    subscribe: true,
  }),
  refills: names<Port<'refills'>>({
    listPrescriptions: true,
    listPharmacies: true,
    submitRequest: true,
    listRequests: true,
    cancelRequest: true,
    reviewRequest: true,
  }),
  summary: names<Port<'summary'>>({ getSummary: true, getDocument: true, getAttachment: true, transmit: true }),
  decisionAids: names<Port<'decisionAids'>>({
    listAids: true,
    getAid: true,
    publishAid: true,
    saveResponse: true,
    getResponse: true,
    listResponses: true,
  }),
  immunizations: names<Port<'immunizations'>>({ getRecord: true, getForecast: true }),
  healthTracker: names<Port<'healthTracker'>>({ listReadings: true, recordReading: true, listGoals: true }),
  education: names<Port<'education'>>({ listAssigned: true, assign: true, markRead: true, countPatientsEducated: true }),
  questionnaires: names<Port<'questionnaires'>>({
    getQuestionnaire: true,
    expandValueSet: true,
    listAssigned: true,
    saveDraft: true,
    submit: true,
    getResponse: true,
    listResponses: true,
    runQuery: true,
  }),
  scheduling: names<Port<'scheduling'>>({
    visitTypes: true,
    slots: true,
    book: true,
    request: true,
    reschedule: true,
    cancel: true,
    listAppointments: true,
    listRequests: true,
    decide: true,
    answerProposal: true,
    dayList: true,
  }),
};

type Method = (...args: unknown[]) => unknown;

/** A stand-in for one port: each method waits for the real port, then calls it. */
function lazyPort<K extends PortKey>(key: K, ports: () => Promise<FhirPorts>): Port<K> {
  const port: Record<string, Method> = {};
  for (const name of PORT_METHODS[key] as readonly string[]) {
    port[name] = async (...args) => {
      const real = (await ports())[key] as unknown as Record<string, Method>;
      return real[name]!.apply(real, args);
    };
  }
  return port as unknown as Port<K>;
}

/**
 * Creates the FHIR adapter with every port, loading the ports' code on first use: the
 * script tag's `createFhirAdapter`. Same options and same ports as the one in `./index.ts`.
 */
export function createLazyFhirAdapter(options: FhirClientOptions | FhirClient): FhirAdapter {
  const client = options instanceof FhirClient ? options : new FhirClient(options);
  let loading: Promise<FhirPorts> | undefined;
  const ports = () => {
    loading ??= import('./index.js').then((fhir) => fhir.createFhirAdapter(client) as unknown as FhirPorts);
    // a failed load (the network dropped) is tried again at the next call
    loading.catch(() => (loading = undefined));
    return loading;
  };
  const adapter: Record<string, unknown> = { client };
  for (const key of Object.keys(PORT_METHODS) as PortKey[]) adapter[key] = lazyPort(key, ports);
  return adapter as unknown as FhirAdapter;
}

/** `fromSmartClient` over the on-demand adapter (see `./index.ts` for the eager one). */
export function fromSmartClientLazily(
  smart: SmartClientLike,
  options: Omit<FhirClientOptions, 'baseUrl' | 'getToken'> = {},
): { adapter: FhirAdapter; session: Partial<Session> } {
  return smartLaunch(smart, options, createLazyFhirAdapter);
}
