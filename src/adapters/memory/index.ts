/**
 * The in-memory adapter: ports over plain objects, for stories, tests and quick starts.
 * It follows the same contract as the FHIR adapter (the shared contract suite runs
 * against both), and can simulate latency and failures.
 */
import { EngageError, type EngageErrorCode } from '../../core/errors.js';
import type { EngageAdapter, PatientDemographics, PatientPort, ReadOptions, RecordRef } from '../ports.js';

export interface MemoryAdapterOptions {
  /** Patients the patient port knows. */
  patients?: PatientDemographics[];
  /** Delay before each answer in ms; `Infinity` never answers (a loading state). Default 0. */
  latencyMs?: number;
  /** When set, every call fails with this error code (an error state). */
  failWith?: EngageErrorCode;
}

/** Waits for the configured latency, honouring the abort signal, then applies `failWith`. */
async function settle(options: MemoryAdapterOptions, signal: AbortSignal | undefined): Promise<void> {
  const aborted = () => new EngageError('aborted', 'The request was cancelled.');
  if (signal?.aborted) throw aborted();
  const latency = options.latencyMs ?? 0;
  if (latency > 0) {
    await new Promise<void>((resolve, reject) => {
      const timer = Number.isFinite(latency) ? setTimeout(resolve, latency) : undefined;
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(aborted());
        },
        { once: true },
      );
    });
  }
  if (options.failWith) throw new EngageError(options.failWith, `Simulated ${options.failWith} failure.`);
}

class MemoryPatientPort implements PatientPort {
  constructor(
    private readonly patients: Map<RecordRef, PatientDemographics>,
    private readonly options: MemoryAdapterOptions,
  ) {}

  async getPatient(patient: RecordRef, options: ReadOptions = {}): Promise<PatientDemographics> {
    await settle(this.options, options.signal);
    const found = this.patients.get(patient);
    if (!found) throw new EngageError('not-found', 'No such patient.', { status: 404 });
    return structuredClone(found);
  }
}

/** An adapter holding its data in memory. */
export interface MemoryAdapter extends EngageAdapter {
  patient: PatientPort;
}

/** Creates an in-memory adapter. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const patients = new Map((options.patients ?? []).map((patient) => [patient.ref, structuredClone(patient)]));
  return {
    patient: new MemoryPatientPort(patients, options),
  };
}
