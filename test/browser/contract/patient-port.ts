/**
 * What every PatientPort promises, whatever the backend. Run against each adapter by
 * contract.test.ts; later ports add their own files here.
 */
import { expect } from '@open-wc/testing';
import type { EngageAdapter } from '../../../src/adapters/ports.js';
import { rejection } from './rejection.js';

/** A patient the adapter under test holds, with facts read from the source data. */
export interface KnownPatient {
  ref: string;
  birthDate: string;
  family: string;
  sex: string;
  mrn: string;
  /** Active allergy count, counted from the source. */
  allergyCount: number;
}

export interface PatientPortSubject {
  adapter: EngageAdapter;
  known: KnownPatient[];
}

export function patientPortContract(name: string, subject: () => Promise<PatientPortSubject>): void {
  describe(`PatientPort contract: ${name}`, function () {
    let adapter: EngageAdapter;
    let known: KnownPatient[];

    before(async () => {
      ({ adapter, known } = await subject());
      expect(known.length).to.be.greaterThan(0);
    });

    it('returns each patient with demographics as recorded', async () => {
      for (const patient of known) {
        const result = await adapter.patient!.getPatient(patient.ref);
        expect(result.ref).to.equal(patient.ref);
        expect(result.birthDate).to.equal(patient.birthDate);
        expect(result.sex).to.equal(patient.sex);
        expect(result.names.map((n) => n.family)).to.include(patient.family);
        expect(result.mrn?.value).to.equal(patient.mrn);
      }
    });

    it('reports allergy status: a count with the most serious, or unrecorded', async () => {
      for (const patient of known) {
        const { allergies } = await adapter.patient!.getPatient(patient.ref);
        if (patient.allergyCount === 0) expect(allergies).to.deep.equal({ kind: 'unrecorded' });
        else {
          expect(allergies?.kind).to.equal('recorded');
          expect(allergies?.kind === 'recorded' && allergies.count).to.equal(patient.allergyCount);
          expect(allergies?.kind === 'recorded' && allergies.mostSevere?.substance).to.be.a('string').and.not.equal('');
        }
      }
    });

    it('rejects an unknown patient with not-found', async () => {
      const error = await rejection(adapter.patient!.getPatient('Patient/does-not-exist-0000'));
      expect(error.code).to.equal('not-found');
    });

    it('rejects with aborted when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(adapter.patient!.getPatient(known[0]!.ref, { signal: controller.signal }));
      expect(error.code).to.equal('aborted');
    });

    it('returns a copy: changing a result does not change the next read', async () => {
      const first = await adapter.patient!.getPatient(known[0]!.ref);
      first.names.splice(0);
      first.birthDate = '1900-01-01';
      const second = await adapter.patient!.getPatient(known[0]!.ref);
      expect(second.birthDate).to.equal(known[0]!.birthDate);
      expect(second.names.length).to.be.greaterThan(0);
    });
  });
}
