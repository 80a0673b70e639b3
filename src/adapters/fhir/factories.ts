/**
 * One factory per port, so a page pays only for the ports it uses. `createFhirAdapter`
 * names every port class, so a bundler must keep all of their mappings (summary,
 * refills, decision aids…) even on a page that shows one conversation; a page that
 * imports `createFhirMessaging` alone lets the bundler drop the rest.
 *
 * ```js
 * import { FhirClient, createFhirPatient, createFhirSummary } from 'ehr-engage/adapters/fhir';
 * const client = new FhirClient({ baseUrl, getToken });
 * // one client for both ports: they share its connection settings and its read cache
 * provider.adapter = { ...createFhirPatient(client), ...createFhirSummary(client) };
 * ```
 *
 * Each factory returns an adapter holding only its port and the `client` (the same
 * client when given one), so adapters built from one client spread into one object.
 */
import type { EngageAdapter, PortName } from '../ports.js';
import { FhirClient, type FhirClientOptions } from './client.js';
import { FhirDecisionAidPort } from './decision-aid-port.js';
import { FhirImmunizationPort } from './immunization-port.js';
import { FhirHealthTrackerPort } from './health-tracker-port.js';
import { FhirEducationPort, type FhirEducationOptions } from './education-port.js';
import { FhirMessagingPort, type FhirMessagingOptions } from './messaging-port.js';
import { FhirPatientPort } from './patient-port.js';
import { FhirQuestionnairePort } from './questionnaire-port.js';
import { FhirRefillPort } from './refill-port.js';
import { FhirSummaryPort, type FhirSummaryOptions } from './summary-port.js';
import { FhirSchedulingPort, type FhirSchedulingOptions } from './scheduling-port.js';

/** An adapter with exactly the ports `K`, over one FHIR client. */
export type FhirPortAdapter<K extends PortName> = { readonly client: FhirClient } & Required<Pick<EngageAdapter, K>>;

/** The client to build on: the one given, or a new one from its options. */
function clientOf(options: FhirClientOptions | FhirClient): FhirClient {
  return options instanceof FhirClient ? options : new FhirClient(options);
}

/** An adapter with only the patient (banner) port. */
export function createFhirPatient(options: FhirClientOptions | FhirClient): FhirPortAdapter<'patient'> {
  const client = clientOf(options);
  return { client, patient: new FhirPatientPort(client) };
}

/** An adapter with only the messaging port (inbox and thread). */
export function createFhirMessaging(
  options: FhirClientOptions | FhirClient,
  messaging: FhirMessagingOptions = {},
): FhirPortAdapter<'messaging'> {
  const client = clientOf(options);
  return { client, messaging: new FhirMessagingPort(client, messaging) };
}

/** An adapter with only the clinical-summary port. */
export function createFhirSummary(
  options: FhirClientOptions | FhirClient,
  summary: FhirSummaryOptions = {},
): FhirPortAdapter<'summary'> {
  const client = clientOf(options);
  return { client, summary: new FhirSummaryPort(client, summary) };
}

/** An adapter with only the refill port (request form and queue). */
export function createFhirRefills(options: FhirClientOptions | FhirClient): FhirPortAdapter<'refills'> {
  const client = clientOf(options);
  return { client, refills: new FhirRefillPort(client) };
}

/** An adapter with only the decision-aid port. */
export function createFhirDecisionAids(options: FhirClientOptions | FhirClient): FhirPortAdapter<'decisionAids'> {
  const client = clientOf(options);
  return { client, decisionAids: new FhirDecisionAidPort(client) };
}

/** An adapter with only the immunization port (vaccination record and forecast). */
export function createFhirImmunizations(options: FhirClientOptions | FhirClient): FhirPortAdapter<'immunizations'> {
  const client = clientOf(options);
  return { client, immunizations: new FhirImmunizationPort(client) };
}

/** An adapter with only the health-tracker port (readings and goals). */
export function createFhirHealthTracker(options: FhirClientOptions | FhirClient): FhirPortAdapter<'healthTracker'> {
  const client = clientOf(options);
  return { client, healthTracker: new FhirHealthTrackerPort(client) };
}

/** An adapter with only the education port (assigned materials, #17). */
export function createFhirEducation(options: FhirClientOptions | FhirClient, education: FhirEducationOptions = {}): FhirPortAdapter<'education'> {
  const client = clientOf(options);
  return { client, education: new FhirEducationPort(client, education) };
}

/** An adapter with only the questionnaire port (forms and their responses). */
export function createFhirQuestionnaires(options: FhirClientOptions | FhirClient): FhirPortAdapter<'questionnaires'> {
  const client = clientOf(options);
  return { client, questionnaires: new FhirQuestionnairePort(client) };
}

/** An adapter with only the scheduling port (appointments and the clinic's queue). */
export function createFhirScheduling(
  options: FhirClientOptions | FhirClient,
  scheduling: FhirSchedulingOptions = {},
): FhirPortAdapter<'scheduling'> {
  const client = clientOf(options);
  return { client, scheduling: new FhirSchedulingPort(client, scheduling) };
}
