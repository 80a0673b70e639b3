/**
 * The in-memory adapter: ports over plain objects, for stories, tests and quick starts.
 * It follows the same contract as the FHIR adapter (the shared contract suites run
 * against both), and can simulate latency and failures.
 */
import type { EngageAdapter, PatientDemographics } from '../ports.js';
import { MemoryPatientPort } from './patient.js';
import { MemoryRefillPort, type MemoryRefillOptions } from './refills.js';
import { MemoryMessagingPort, type MemoryMessagingOptions } from './messaging.js';
import { MemorySummaryPort, type MemorySummaryOptions } from './summary.js';
import { MemoryDecisionAidPort, type MemoryDecisionAidOptions } from './decision-aids.js';
import { MemoryImmunizationPort, type MemoryImmunizationOptions } from './immunizations.js';
import { MemorySchedulingPort, type MemorySchedulingOptions } from './scheduling.js';
import type { Simulation } from './simulate.js';

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
export { MemorySchedulingPort } from './scheduling.js';
export type { MemorySchedulingOptions, MemorySlot } from './scheduling.js';
export { IdempotencyLedger } from './simulate.js';
export type { Simulation } from './simulate.js';

export interface MemoryAdapterOptions extends Simulation {
  /** Patients the patient port knows. */
  patients?: PatientDemographics[];
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
  scheduling: MemorySchedulingPort;
}

/** Creates an in-memory adapter; the simulation options apply to every port. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const simulation: Simulation = { latencyMs: options.latencyMs, failWith: options.failWith };
  return {
    patient: new MemoryPatientPort(options.patients ?? [], simulation),
    refills: new MemoryRefillPort(options.refills, simulation),
    messaging: new MemoryMessagingPort(options.messaging, simulation),
    summary: new MemorySummaryPort(options.summary, simulation),
    decisionAids: new MemoryDecisionAidPort(options.decisionAids, simulation),
    immunizations: new MemoryImmunizationPort(options.immunizations, simulation),
    scheduling: new MemorySchedulingPort(options.scheduling, simulation),
  };
}
