/**
 * What every DecisionAidPort promises, whatever the backend: both shipped aids load by
 * id and validate; an unknown id is `not-found`; a saved response reads back with every
 * field; the same idempotency key never saves twice; a cancelled read rejects `aborted`.
 */
import { expect } from '@open-wc/testing';
import type { DecisionAidPort, DecisionAidResponse } from '../../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../../src/core/events.js';
import { validateAid } from '../../../src/elements/decision-aid/content/validate.js';
import { rejection } from './rejection.js';

export interface DecisionAidPortSubject {
  port: DecisionAidPort;
  /** A patient the backend knows. */
  patient: string;
  /** How many stored responses carry this idempotency key (asked of the backend itself). */
  storedWithKey: (key: string) => Promise<number>;
}

export function sampleResponse(patient: string, overrides: Partial<DecisionAidResponse> = {}): DecisionAidResponse {
  return {
    aidId: 'statin-primary-prevention',
    aidVersion: '0.1.0',
    patient,
    optionsShown: ['statin', 'no-statin'],
    numbersShown: [
      { outcomeId: 'cardiovascular-event', optionId: 'statin', numerator: 9, denominator: 100 },
      { outcomeId: 'cardiovascular-event', optionId: 'no-statin', numerator: 13, denominator: 100 },
    ],
    riskInputs: { 'ten-year-risk': 12.5 },
    values: { 'avoid-daily-pill': 3, 'lower-chance': 9 },
    knowledge: { answers: { 'ten-in-100': 'seven', 'habits-matter': 'no' }, correct: 1, total: 2 },
    sure: { items: [true, false, true, true], score: 3 },
    leaning: 'statin',
    questions: 'Can I stop later?\n<img src=x onerror=alert(1)>',
    started: '2026-11-25T10:00:00.000Z',
    completed: '2026-11-25T10:12:00.000Z',
    ...overrides,
  };
}

export function decisionAidPortContract(name: string, subject: () => Promise<DecisionAidPortSubject>): void {
  describe(`DecisionAidPort contract: ${name}`, function () {
    let s: DecisionAidPortSubject;

    before(async () => {
      s = await subject();
    });

    it('lists both shipped aids with their versions', async () => {
      const aids = await s.port.listAids();
      const ids = aids.map((a) => a.id);
      expect(ids).to.include.members(['colorectal-cancer-screening', 'statin-primary-prevention']);
      for (const aid of aids.filter((a) => ids.includes(a.id))) expect(aid.version).to.match(/^\d+\.\d+\.\d+$/);
    });

    it('loads each aid by id, with content that passes validation', async () => {
      for (const id of ['colorectal-cancer-screening', 'statin-primary-prevention']) {
        const aid = await s.port.getAid(id);
        expect(aid.id).to.equal(id);
        const checked = validateAid(aid.content);
        expect(checked.ok, JSON.stringify(checked.ok ? '' : checked.problems)).to.equal(true);
        expect((aid.content as { metadata: { disclaimer: string } }).metadata.disclaimer).to.contain('not clinically reviewed');
      }
    });

    it('rejects an unknown aid with not-found', async () => {
      expect((await rejection(s.port.getAid('no-such-aid'))).code).to.equal('not-found');
    });

    it('saves a response and reads every field back', async () => {
      const response = sampleResponse(s.patient);
      const saved = await s.port.saveResponse(response, { idempotencyKey: newIdempotencyKey() });
      expect(saved.id).to.be.a('string').and.not.be.empty;
      const read = await s.port.getResponse(saved.id!);
      expect(read).to.deep.equal({ ...response, id: saved.id });
    });

    it('saves once per idempotency key, however often it is retried', async () => {
      const key = newIdempotencyKey();
      const response = sampleResponse(s.patient, { leaning: 'no-statin' });
      const first = await s.port.saveResponse(response, { idempotencyKey: key });
      const again = await s.port.saveResponse(response, { idempotencyKey: key });
      expect(again.id).to.equal(first.id);
      expect(await s.storedWithKey(key)).to.equal(1);
    });

    it('lists a patient’s responses newest first, filtered by aid', async () => {
      const older = await s.port.saveResponse(sampleResponse(s.patient, { completed: '2026-11-20T09:00:00.000Z', aidId: 'colorectal-cancer-screening', leaning: 'fit' }), {
        idempotencyKey: newIdempotencyKey(),
      });
      const newer = await s.port.saveResponse(sampleResponse(s.patient, { completed: '2026-11-24T09:00:00.000Z', aidId: 'colorectal-cancer-screening', leaning: 'colonoscopy' }), {
        idempotencyKey: newIdempotencyKey(),
      });
      const list = await s.port.listResponses(s.patient, { aidId: 'colorectal-cancer-screening' });
      const ids = list.map((r) => r.id);
      expect(ids.indexOf(newer.id!)).to.be.lessThan(ids.indexOf(older.id!));
      expect(list.every((r) => r.aidId === 'colorectal-cancer-screening')).to.equal(true);
      expect(await s.port.listResponses('Patient/nobody-has-this-id')).to.deep.equal([]);
    });

    it('rejects a cancelled read with aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      expect((await rejection(s.port.getAid('statin-primary-prevention', { signal: controller.signal }))).code).to.equal('aborted');
    });
  });
}
