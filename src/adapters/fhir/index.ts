/**
 * The FHIR R4 adapter: ports implemented over a FHIR REST server.
 *
 * ```js
 * import { createFhirAdapter } from 'ehr-engage/adapters/fhir';
 * provider.adapter = createFhirAdapter({ baseUrl: 'https://ehr.example.org/fhir/R4', getToken });
 * ```
 */
import type { EngageAdapter, Session } from '../ports.js';
import { FhirClient, type FhirClientOptions } from './client.js';
import { FhirPatientPort } from './patient-port.js';
import { FhirMessagingPort } from './messaging-port.js';
import { FhirRefillPort } from './refill-port.js';
import { FhirSummaryPort } from './summary-port.js';
import { FhirDecisionAidPort } from './decision-aid-port.js';
import { FhirImmunizationPort } from './immunization-port.js';
import { FhirHealthTrackerPort } from './health-tracker-port.js';
import { FhirEducationPort } from './education-port.js';
import { FhirQuestionnairePort } from './questionnaire-port.js';
import { FhirSchedulingPort } from './scheduling-port.js';
import { smartLaunch, type SmartClientLike } from './smart.js';

export { FhirClient, outcomeText, toQuery } from './client.js';
export type { SmartClientLike } from './smart.js';
export type { FhirClientOptions, TokenProvider, RequestOptions, FhirResponse, BatchResult } from './client.js';
export { toPatientDemographics, allergyStatus } from './mapping/patient.js';
export { FhirMessagingPort } from './messaging-port.js';
export type { FhirMessagingOptions } from './messaging-port.js';
export { FhirRefillPort, derivedUuid } from './refill-port.js';
export { isControlledMedication, toPrescription } from './mapping/refill.js';
export { FhirSummaryPort } from './summary-port.js';
export type { FhirSummaryOptions } from './summary-port.js';
/*
 * One factory per port, each beside its own package entry (`entries/`): a page that shows
 * one conversation imports `ehr-engage/adapters/fhir/messaging` and carries no other port.
 * Adapters built on one client spread into one object and share its read cache:
 * `{ ...createFhirPatient(client), ...createFhirSummary(client) }`.
 */
export { createFhirPatient } from './entries/patient.js';
export { createFhirMessaging } from './entries/messaging.js';
export { createFhirSummary } from './entries/summary.js';
export { createFhirRefills } from './entries/refills.js';
export { createFhirDecisionAids } from './entries/decision-aids.js';
export { createFhirImmunizations } from './entries/immunizations.js';
export { createFhirHealthTracker } from './entries/health-tracker.js';
export { createFhirEducation } from './entries/education.js';
export { createFhirQuestionnaires } from './entries/questionnaires.js';
export { createFhirScheduling } from './entries/scheduling.js';
export type { FhirPortAdapter } from './port-adapter.js';
export { FhirDecisionAidPort } from './decision-aid-port.js';
export { FhirImmunizationPort } from './immunization-port.js';
export { FhirHealthTrackerPort } from './health-tracker-port.js';
export { FhirCareReminderPort, createFhirReminders } from './reminder-port.js';
export type { FhirCareReminderOptions } from './reminder-port.js';
export { FhirEducationPort, EDUCATION_CATEGORY } from './education-port.js';
export type { FhirEducationOptions } from './education-port.js';
export { FhirQuestionnairePort } from './questionnaire-port.js';
export { FhirSchedulingPort } from './scheduling-port.js';
export type { FhirSchedulingOptions } from './scheduling-port.js';
export { aidToLibrary, libraryToAid, toQuestionnaireResponse, fromQuestionnaireResponse } from './mapping/decision-aid.js';

/** An adapter whose ports talk to a FHIR R4 server. */
export interface FhirAdapter extends EngageAdapter {
  /** The client the ports share, for hosts that need a raw FHIR call. */
  readonly client: FhirClient;
}

/**
 * Creates the FHIR adapter with every port: the script tag's and the provider's
 * convenience. A page that uses one or two ports builds them with the per-port
 * factories (`createFhirMessaging` from `ehr-engage/adapters/fhir/messaging`, …) so its
 * bundle leaves the other ports' mappings out.
 */
export function createFhirAdapter(options: FhirClientOptions | FhirClient): FhirAdapter {
  const client = options instanceof FhirClient ? options : new FhirClient(options);
  return {
    client,
    patient: new FhirPatientPort(client),
    messaging: new FhirMessagingPort(client),
    refills: new FhirRefillPort(client),
    summary: new FhirSummaryPort(client),
    decisionAids: new FhirDecisionAidPort(client),
    immunizations: new FhirImmunizationPort(client),
    healthTracker: new FhirHealthTrackerPort(client),
    education: new FhirEducationPort(client),
    questionnaires: new FhirQuestionnairePort(client),
    scheduling: new FhirSchedulingPort(client),
  };
}

/**
 * An adapter and session from a SMART on FHIR app launch (`FHIR.oauth2.ready()`): the
 * server URL, the launch patient and user, and the access token, refreshed when it
 * expires, read from the client at each request and never copied anywhere.
 */
export function fromSmartClient(
  smart: SmartClientLike,
  options: Omit<FhirClientOptions, 'baseUrl' | 'getToken'> = {},
): { adapter: FhirAdapter; session: Partial<Session> } {
  return smartLaunch(smart, options, createFhirAdapter);
}
