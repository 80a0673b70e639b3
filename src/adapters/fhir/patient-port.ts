import { EngageError } from '../../core/errors.js';
import type { LinkedPatient, PatientDemographics, PatientPort, ReadOptions, RecordRef } from '../ports.js';
import type { BatchResult, FhirClient } from './client.js';
import type { AllergyIntolerance, Patient, Resource } from './fhir-types.js';
import { arrayOf, bundleResources, objectOf, refOf, resourceOf, stringOf } from './guards.js';
import { toCoded, toName } from './mapping/common.js';
import { formatName } from '../../core/format.js';
import { toPatientDemographics } from './mapping/patient.js';
import { idOf } from './refs.js';
import { filterRefused, securityNot } from './security-filter.js';

/**
 * Patient demographics over FHIR: the Patient and their allergies in one batch round trip,
 * shared through the client's page-view cache with other elements that read them.
 */
export class FhirPatientPort implements PatientPort {
  constructor(private readonly client: FhirClient) {}

  async getPatient(patient: RecordRef, options: ReadOptions = {}): Promise<PatientDemographics> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    // withheld labels (a proxy's) are left out on the server where it can (./security-filter.ts)
    const filter = securityNot(this.client, options);
    let results: BatchResult[];
    try {
      results = await this.client.batch(
        [
          { method: 'GET', url: `Patient/${id}` },
          // the summary's allergy search, word for word (filter included): on a page with both, one read serves both
          { method: 'GET', url: `AllergyIntolerance?patient=Patient/${id}&_count=500${filter}` },
        ],
        { signal: options.signal, shared: true },
      );
    } catch (error) {
      if (filterRefused(this.client, filter, { error })) return this.getPatient(patient, options);
      throw error;
    }
    if (filterRefused(this.client, filter, { results: results.slice(1) })) return this.getPatient(patient, options);
    const [patientResult, allergyResult] = results;
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const resource = resourceOf<Patient>(patientResult.resource, 'Patient');
    if (!resource) throw new EngageError('server', 'The batch did not return a Patient.');
    // a failed allergy query leaves the status unknown rather than claiming "none recorded"
    const allergies = allergyResult?.ok ? bundleResources<AllergyIntolerance>(allergyResult.resource, 'AllergyIntolerance') : undefined;
    return toPatientDemographics(resource, allergies);
  }

  async listLinkedPatients(user: RecordRef, options: ReadOptions = {}): Promise<LinkedPatient[]> {
    if (!user.startsWith('RelatedPerson/')) return [];
    const self = await this.client.read<Resource>('RelatedPerson', idOf(user, 'RelatedPerson'), { signal: options.signal });
    // the same person is one RelatedPerson per patient: find the others by a shared identifier
    const identifiers = arrayOf(self.identifier)
      .map((i) => [stringOf(i.system), stringOf(i.value)])
      .filter((pair): pair is [string, string] => Boolean(pair[0] && pair[1]));
    const related = identifiers.length
      ? await this.client.searchAll<Resource>(
          'RelatedPerson',
          { identifier: identifiers.map(([system, value]) => `${system}|${value}`).join(','), _include: 'RelatedPerson:patient' },
          { signal: options.signal },
        )
      : { resources: [self], included: [] as Resource[] };
    const patients = new Map(related.included.filter((r) => r.resourceType === 'Patient').map((r) => [`Patient/${r.id}`, r]));
    const links: LinkedPatient[] = [];
    for (const person of related.resources) {
      const ref = refOf(person.patient);
      if (!ref || links.some((l) => l.patient === ref) || person.active === false) continue;
      const patient = patients.get(ref);
      const names = arrayOf(patient?.name).map((n) => toName(n));
      const relationship = toCoded(objectOf(arrayOf(person.relationship)[0]));
      links.push({
        patient: ref,
        name: formatName(names, 'natural', 'en') || stringOf(objectOf(person.patient)?.display) || ref,
        ...(stringOf(patient?.birthDate) ? { birthDate: stringOf(patient?.birthDate) } : {}),
        actingAs: `RelatedPerson/${person.id}`,
        ...(relationship.text || relationship.codings[0]?.display
          ? { relationship: relationship.text ?? relationship.codings[0]!.display }
          : {}),
        ...(relationship.codings.some((c) => c.code) ? { relationshipCode: relationship.codings.find((c) => c.code) } : {}),
      });
    }
    return links.sort((a, b) => a.name.localeCompare(b.name));
  }
}
