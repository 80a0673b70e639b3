/**
 * What every ImmunizationPort promises, whatever the backend. Run against each adapter by
 * contract-immunizations.test.ts.
 */
import { expect } from '@open-wc/testing';
import type { EngageAdapter, ImmunizationForecast } from '../../../src/adapters/ports.js';
import { rejection } from './rejection.js';

/** A patient the adapter holds, with facts read from the source data. */
export interface KnownImmunizationPatient {
  ref: string;
  /** Each vaccination record (not entered in error) of the source: id, date as written, given or not. */
  vaccinations: { id: string; date: string | undefined; status: 'given' | 'not-given' }[];
  /** The backend's own forecast for `asOf`, as the source states it, or undefined when it holds none. */
  forecast?: { asOf: string; groups: Pick<ImmunizationForecast['groups'][number], 'recommendedDate' | 'earliestDate' | 'pastDueDate' | 'sourceStatus'>[] };
}

export interface ImmunizationPortSubject {
  adapter: EngageAdapter;
  known: KnownImmunizationPatient[];
  /** A date for which no patient without a known forecast has one. */
  asOf: string;
}

export function immunizationPortContract(name: string, subject: () => Promise<ImmunizationPortSubject>): void {
  describe(`ImmunizationPort contract: ${name}`, function () {
    let s: ImmunizationPortSubject;

    before(async () => {
      s = await subject();
      expect(s.known.length).to.be.greaterThan(0);
      expect(s.known.some((k) => k.forecast)).to.equal(true);
    });

    it('returns every vaccination of the source once, with its date as written and whether it was given', async () => {
      for (const patient of s.known) {
        const record = await s.adapter.immunizations!.getRecord(patient.ref);
        expect(record.patient.ref).to.equal(patient.ref);
        const got = record.vaccinations.map((v) => [v.id, v.date, v.status]).sort();
        expect(got, patient.ref).to.deep.equal(patient.vaccinations.map((v) => [v.id, v.date, v.status]).sort());
      }
    });

    it('returns the backend forecast date for date, or undefined when it has none', async () => {
      for (const patient of s.known) {
        const forecast = await s.adapter.immunizations!.getForecast(patient.ref, patient.forecast?.asOf ?? s.asOf);
        if (!patient.forecast) {
          expect(forecast, patient.ref).to.equal(undefined);
          continue;
        }
        expect(forecast!.asOf).to.equal(patient.forecast.asOf);
        expect(forecast!.groups.map((g) => [g.sourceStatus, g.earliestDate, g.recommendedDate, g.pastDueDate])).to.deep.equal(
          patient.forecast.groups.map((g) => [g.sourceStatus, g.earliestDate, g.recommendedDate, g.pastDueDate]),
        );
      }
    });

    it('reading the record of an unknown patient is a not-found EngageError', async () => {
      expect((await rejection(s.adapter.immunizations!.getRecord('Patient/no-such-patient'))).code).to.equal('not-found');
    });

    it('a cancelled read rejects with an aborted EngageError', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(s.adapter.immunizations!.getRecord(s.known[0]!.ref, { signal: controller.signal }));
      expect(error.code).to.equal('aborted');
    });
  });
}
