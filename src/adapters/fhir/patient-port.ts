import { EngageError } from '../../core/errors.js';
import type { PatientDemographics, PatientPort, ReadOptions, RecordRef } from '../ports.js';
import type { FhirClient } from './client.js';
import type { AllergyIntolerance, Patient } from './fhir-types.js';
import { bundleResources, resourceOf } from './guards.js';
import { toPatientDemographics } from './mapping/patient.js';
import { idOf } from './refs.js';

/**
 * Patient demographics over FHIR: the Patient and their allergies in one batch round trip,
 * shared through the client's page-view cache with other elements that read them.
 */
export class FhirPatientPort implements PatientPort {
  constructor(private readonly client: FhirClient) {}

  async getPatient(patient: RecordRef, options: ReadOptions = {}): Promise<PatientDemographics> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    const [patientResult, allergyResult] = await this.client.batch(
      [
        { method: 'GET', url: `Patient/${id}` },
        // the summary's allergy search, word for word: on a page with both, one read serves both
        { method: 'GET', url: `AllergyIntolerance?patient=Patient/${id}&_count=500` },
      ],
      { signal: options.signal, shared: true },
    );
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const resource = resourceOf<Patient>(patientResult.resource, 'Patient');
    if (!resource) throw new EngageError('server', 'The batch did not return a Patient.');
    // a failed allergy query leaves the status unknown rather than claiming "none recorded"
    const allergies = allergyResult?.ok ? bundleResources<AllergyIntolerance>(allergyResult.resource, 'AllergyIntolerance') : undefined;
    return toPatientDemographics(resource, allergies);
  }
}
