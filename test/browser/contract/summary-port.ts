/**
 * What every SummaryPort promises, whatever the backend. Run against each adapter by
 * contract-summary.test.ts.
 */
import { expect } from '@open-wc/testing';
import type { EngageAdapter, ProblemEntry } from '../../../src/adapters/ports.js';
import { rejection } from './rejection.js';

/** A patient the adapter holds, with facts counted from the source data. */
export interface KnownSummaryPatient {
  ref: string;
  /** Names of active conditions (clinical status active), from the source. */
  activeProblems: string[];
  /** Number of immunization records (not entered in error), from the source. */
  immunizations: number;
  /** Number of active allergies, from the source. */
  activeAllergies: number;
}

export interface SummaryPortSubject {
  adapter: EngageAdapter;
  known: KnownSummaryPatient[];
  /** How many transmissions with this idempotency key the backend holds. */
  transmissionsWithKey: (key: string) => Promise<number>;
}

export function summaryPortContract(name: string, subject: () => Promise<SummaryPortSubject>): void {
  describe(`SummaryPort contract: ${name}`, function () {
    let s: SummaryPortSubject;

    before(async () => {
      s = await subject();
      expect(s.known.length).to.be.greaterThan(0);
    });

    it('returns every section with each active problem, immunization and active allergy of the source', async () => {
      for (const patient of s.known) {
        const summary = await s.adapter.summary!.getSummary(patient.ref);
        const problems = summary.sections.problems!;
        const names =
          problems.state === 'entries'
            ? (problems.entries as ProblemEntry[]).filter((p) => p.status === 'active').map((p) => p.name.text ?? p.name.codings[0]?.display)
            : [];
        expect([...names].sort(), patient.ref).to.deep.equal([...patient.activeProblems].sort());
        const immunizations = summary.sections.immunizations!;
        expect(immunizations.state === 'entries' ? immunizations.entries.length : 0, patient.ref).to.equal(patient.immunizations);
        const allergies = summary.sections.allergies!;
        const active = allergies.state === 'entries' ? allergies.entries.filter((a) => a.status === 'active').length : 0;
        expect(active, patient.ref).to.equal(patient.activeAllergies);
        if (patient.activeAllergies === 0) expect(allergies.state).to.not.equal('entries');
        for (const key of ['medications', 'results', 'vitals', 'procedures', 'encounters'] as const) {
          expect(summary.sections[key], key).to.not.equal(undefined);
        }
      }
    });

    it('returns only the sections asked for', async () => {
      const summary = await s.adapter.summary!.getSummary(s.known[0]!.ref, { sections: ['allergies', 'immunizations'] });
      expect(Object.keys(summary.sections).sort()).to.deep.equal(['allergies', 'immunizations']);
    });

    it('rejects an unknown patient with not-found', async () => {
      const error = await rejection(s.adapter.summary!.getSummary('Patient/does-not-exist-0000'));
      expect(error.code).to.equal('not-found');
    });

    it('rejects with aborted when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(s.adapter.summary!.getSummary(s.known[0]!.ref, {}, { signal: controller.signal }));
      expect(error.code).to.equal('aborted');
    });

    it('returns a copy: changing a result does not change the next read', async () => {
      const first = await s.adapter.summary!.getSummary(s.known[0]!.ref);
      delete first.sections.problems;
      const second = await s.adapter.summary!.getSummary(s.known[0]!.ref);
      expect(second.sections.problems).to.not.equal(undefined);
    });

    it('gives an exchangeable document', async () => {
      const document = (await s.adapter.summary!.getDocument!(s.known[0]!.ref)) as { resourceType?: string; type?: string };
      expect(document.resourceType).to.equal('Bundle');
      expect(document.type).to.equal('document');
    });

    it('transmits once per idempotency key, however often it is retried', async () => {
      const key = crypto.randomUUID();
      const document = await s.adapter.summary!.getDocument!(s.known[0]!.ref);
      const first = await s.adapter.summary!.transmit!(s.known[0]!.ref, { document, recipient: 'dr@direct.example.org' }, { idempotencyKey: key });
      const again = await s.adapter.summary!.transmit!(s.known[0]!.ref, { document, recipient: 'dr@direct.example.org' }, { idempotencyKey: key });
      expect(again.id).to.equal(first.id);
      expect(await s.transmissionsWithKey(key)).to.equal(1);
    });
  });
}
