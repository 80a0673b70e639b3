import { EngageError } from '../../core/errors.js';
import type { PatientDemographics, PatientPort, ReadOptions, RecordRef } from '../ports.js';
import type { FhirClient } from './client.js';
import type { AllergyIntolerance, Bundle, Patient } from './fhir-types.js';
import { toPatientDemographics } from './mapping/patient.js';
import { idOf } from './refs.js';

/** Patient demographics over FHIR: the Patient and their allergies in one batch round trip. */
export class FhirPatientPort implements PatientPort {
  constructor(private readonly client: FhirClient) {}

  async getPatient(patient: RecordRef, options: ReadOptions = {}): Promise<PatientDemographics> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    const [patientResult, allergyResult] = await this.client.batch(
      [
        { method: 'GET', url: `Patient/${id}` },
        { method: 'GET', url: `AllergyIntolerance?patient=Patient/${id}&_count=200` },
      ],
      { signal: options.signal },
    );
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const resource = patientResult.resource as Patient | undefined;
    if (resource?.resourceType !== 'Patient') throw new EngageError('server', 'The batch did not return a Patient.');
    // a failed allergy query leaves the status unknown rather than claiming "none recorded"
    const allergies = allergyResult?.ok
      ? ((allergyResult.resource as Bundle<AllergyIntolerance> | undefined)?.entry ?? [])
          .map((entry) => entry.resource)
          .filter((r): r is AllergyIntolerance => r?.resourceType === 'AllergyIntolerance')
      : undefined;
    return toPatientDemographics(resource, allergies);
  }
}
