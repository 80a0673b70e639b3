/**
 * The in-memory adapter: ports over plain objects, for stories, tests and quick starts.
 * It follows the same contract as the FHIR adapter (the shared contract suites run
 * against both), and can simulate latency and failures.
 */
import type { EngageAdapter, LinkedPatient, PatientDemographics, RecordRef } from '../ports.js';
import { MemoryPatientPort } from './patient.js';
import { MemoryRefillPort, type MemoryRefillOptions } from './refills.js';
import { MemoryMessagingPort, type MemoryMessagingOptions } from './messaging.js';
import { MemorySummaryPort, type MemorySummaryOptions } from './summary.js';
import { MemoryDecisionAidPort, type MemoryDecisionAidOptions } from './decision-aids.js';
import { MemoryImmunizationPort, type MemoryImmunizationOptions } from './immunizations.js';
import { MemoryHealthTrackerPort, type MemoryHealthTrackerOptions } from './health-tracker.js';
import { MemoryCareReminderPort, type MemoryCareReminderOptions } from './reminders.js';
import { MemoryQuestionnairePort, type MemoryQuestionnaireOptions } from './questionnaires.js';
import { MemorySchedulingPort, type MemorySchedulingOptions } from './scheduling.js';
import type { Simulation } from './simulate.js';
import { MemoryEducationPort, type MemoryEducationOptions } from './education.js';

export { MemoryPatientPort } from './patient.js';
export { MemoryRefillPort } from './refills.js';
export type { MemoryRefillOptions } from './refills.js';
export { MemoryMessagingPort } from './messaging.js';
export type { MemoryMessagingOptions } from './messaging.js';
export { MemorySummaryPort } from './summary.js';
export type { MemorySummaryOptions, MemoryTransmission } from './summary.js';
export { MemoryDecisionAidPort } from './decision-aids.js';
export type { MemoryDecisionAidOptions } from './decision-aids.js';
export { MemoryImmunizationPort } from './immunizations.js';
export type { MemoryImmunizationOptions } from './immunizations.js';
export { MemoryHealthTrackerPort } from './health-tracker.js';
export type { MemoryHealthTrackerOptions } from './health-tracker.js';
export { MemoryCareReminderPort } from './reminders.js';
export type { MemoryCareReminderOptions } from './reminders.js';
export { MemoryQuestionnairePort } from './questionnaires.js';
export type { MemoryQuestionnaireOptions, MemoryValueSet } from './questionnaires.js';
export { MemorySchedulingPort } from './scheduling.js';
export type { MemorySchedulingOptions, MemorySlot } from './scheduling.js';
export { IdempotencyLedger } from './simulate.js';
export { MemoryEducationPort } from './education.js';
export type { MemoryEducationOptions } from './education.js';
export type { Simulation } from './simulate.js';

export interface MemoryAdapterOptions extends Simulation {
  /** Patients the patient port knows. */
  patients?: PatientDemographics[];
  /** The patients each caregiver may act for, keyed by the caregiver's reference. */
  linkedPatients?: Record<RecordRef, LinkedPatient[]>;
  /** Prescriptions, pharmacies and requests of the refill port. */
  refills?: MemoryRefillOptions;
  /** Conversations, messages and directory of the messaging port. */
  messaging?: MemoryMessagingOptions;
  /** Summaries, documents and simulated section failures of the summary port. */
  summary?: MemorySummaryOptions;
  /** Aids and saved responses of the decision-aid port. */
  decisionAids?: MemoryDecisionAidOptions;
  /** Vaccination records and stored forecasts of the immunization port. */
  immunizations?: MemoryImmunizationOptions;
  /** Readings and goals of the health-tracker port. */
  healthTracker?: MemoryHealthTrackerOptions;
  /** Rules, records and panels of the care-reminder port (reminders are sent through this adapter's messaging port). */
  reminders?: MemoryCareReminderOptions;
  /** Assigned education materials of the education port. */
  education?: MemoryEducationOptions;
  /** Questionnaires, value sets, assignments and saved responses of the questionnaire port. */
  questionnaires?: MemoryQuestionnaireOptions;
  /** Visit types, slots and appointments of the scheduling port. */
  scheduling?: MemorySchedulingOptions;
}

/** An adapter holding its data in memory. */
export interface MemoryAdapter extends EngageAdapter {
  patient: MemoryPatientPort;
  refills: MemoryRefillPort;
  messaging: MemoryMessagingPort;
  summary: MemorySummaryPort;
  decisionAids: MemoryDecisionAidPort;
  immunizations: MemoryImmunizationPort;
  healthTracker: MemoryHealthTrackerPort;
  reminders: MemoryCareReminderPort;
  education: MemoryEducationPort;
  questionnaires: MemoryQuestionnairePort;
  scheduling: MemorySchedulingPort;
}

/** Creates an in-memory adapter; the simulation options apply to every port. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const simulation: Simulation = { latencyMs: options.latencyMs, failWith: options.failWith };
  const messaging = new MemoryMessagingPort(options.messaging, simulation);
  return {
    patient: new MemoryPatientPort(options.patients ?? [], simulation, options.linkedPatients),
    refills: new MemoryRefillPort(options.refills, simulation),
    messaging,
    summary: new MemorySummaryPort(options.summary, simulation),
    decisionAids: new MemoryDecisionAidPort(options.decisionAids, simulation),
    immunizations: new MemoryImmunizationPort(options.immunizations, simulation),
    healthTracker: new MemoryHealthTrackerPort(options.healthTracker, simulation),
    reminders: new MemoryCareReminderPort({ messaging, ...options.reminders }, simulation),
    education: new MemoryEducationPort(options.education, simulation),
    questionnaires: new MemoryQuestionnairePort(options.questionnaires, simulation),
    scheduling: new MemorySchedulingPort(options.scheduling, simulation),
  };
}
