import { EngageError } from '../../core/errors.js';
import type { LinkedPatient, PatientDemographics, PatientPort, ReadOptions, RecordRef } from '../ports.js';
import { simulate, type Simulation } from './simulate.js';

/** Patient demographics held in memory. */
export class MemoryPatientPort implements PatientPort {
  private readonly patients: Map<RecordRef, PatientDemographics>;

  constructor(
    patients: readonly PatientDemographics[],
    private readonly simulation: Simulation = {},
    /** The patients each acting user may act for, keyed by the user's reference. */
    private readonly links: Record<RecordRef, LinkedPatient[]> = {},
  ) {
    this.patients = new Map(patients.map((patient) => [patient.ref, structuredClone(patient)]));
  }

  async getPatient(patient: RecordRef, options: ReadOptions = {}): Promise<PatientDemographics> {
    await simulate(this.simulation, options.signal);
    const found = this.patients.get(patient);
    if (!found) throw new EngageError('not-found', 'No such patient.', { status: 404 });
    return structuredClone(found);
  }

  async listLinkedPatients(user: RecordRef, options: ReadOptions = {}): Promise<LinkedPatient[]> {
    await simulate(this.simulation, options.signal);
    return structuredClone(this.links[user] ?? []);
  }
}
