/**
 * The in-memory adapter: ports over plain objects, for stories, tests and quick starts.
 * It follows the same contract as the FHIR adapter (the shared contract suites run
 * against both), and can simulate latency and failures.
 */
import type { EngageAdapter, PatientDemographics } from '../ports.js';
import { MemoryPatientPort } from './patient.js';
import type { Simulation } from './simulate.js';

export { MemoryPatientPort } from './patient.js';
export { IdempotencyLedger } from './simulate.js';
export type { Simulation } from './simulate.js';

export interface MemoryAdapterOptions extends Simulation {
  /** Patients the patient port knows. */
  patients?: PatientDemographics[];
}

/** An adapter holding its data in memory. */
export interface MemoryAdapter extends EngageAdapter {
  patient: MemoryPatientPort;
}

/** Creates an in-memory adapter; the simulation options apply to every port. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const simulation: Simulation = { latencyMs: options.latencyMs, failWith: options.failWith };
  return {
    patient: new MemoryPatientPort(options.patients ?? [], simulation),
  };
}
