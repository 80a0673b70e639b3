/**
 * An edited retry stores what the user last sent — also what they took out — and an
 * answer changed in kind leaves one live answer: the write protocol's edited retry
 * (docs/write-protocol.md §1, §2), for the writes whose revision must replace, not add to,
 * what the first attempt stored. Run on both adapters (write-integrity-2.fhir.test.ts): the
 * FHIR adapter's revisions write each record anew; the memory adapter must do the same.
 *
 * Each case: the first attempt lands but its answer is lost; the user then changes the
 * content (a note or reason taken out, the clinician no longer asked for, "done elsewhere"
 * changed to "declined") and sends it under a new key naming the first. What is held is
 * read with `read` ports (FHIR: straight to the server, not through the fault proxy).
 */
import { expect } from '@open-wc/testing';
import type { CareReminderPort, EducationPort, ReminderAnswer, SchedulingPort } from '../../../src/adapters/ports.js';
import { WriteIntent } from '../../../src/core/write-protocol.js';
import { rejection } from './rejection.js';
import type { BuiltWorld } from '../scheduling-world.js';

export interface EditedRetrySubject {
  /** The next write carrying `marker` is applied, and its answer is lost; `undefined` clears. */
  loseNextAnswer(port: 'scheduling' | 'education' | 'reminders', marker: string): Promise<void>;
  clear(): Promise<void>;
  scheduling: { port: SchedulingPort; read: SchedulingPort; world: BuiltWorld; patient: string };
  education: { port: EducationPort; read: EducationPort; patient: string };
  reminders: {
    port: CareReminderPort;
    read: CareReminderPort;
    /** A patient (45 to 75 years old on `asOf`) with no answers yet, new for each call. */
    newPatient(): Promise<string>;
    asOf: string;
    /** The live (not withdrawn) answers the backend holds for the patient under any of `keys`. */
    liveAnswers(patient: string, keys: string[]): Promise<number>;
  };
}

export function editedRetryContract(name: string, subject: () => Promise<EditedRetrySubject>): void {
  describe(`Edited retry stores what was last sent: ${name}`, function () {
    let s: EditedRetrySubject;
    before(async () => {
      s = await subject();
    });
    afterEach(() => s.clear());

    it('SchedulingPort.request: a note and a clinician taken out are gone from the one request', async () => {
      const { port, read, world, patient } = s.scheduling;
      const token = crypto.randomUUID();
      type Draft = Parameters<SchedulingPort['request']>[1];
      const intent = new WriteIntent<Draft>();
      const first: Draft = { visitType: world.types.consult!, clinician: world.clinicians.ana, preferences: { days: ['wed'], times: [] }, note: `Knee pain ${token}` };
      await s.loseNextAnswer('scheduling', token);
      await rejection(port.request(patient, first, intent.keysFor(first)));
      await s.clear();
      const then: Draft = { visitType: world.types.consult!, preferences: { days: [], times: ['evening'] } };
      const asked = await port.request(patient, then, intent.keysFor(then));
      const held = (await read.listRequests()).filter((r) => r.patient === patient);
      expect(held.map((r) => r.id)).to.deep.equal([asked.id]);
      expect(held[0]!.note).to.equal(undefined);
      expect(held[0]!.clinician).to.equal(undefined);
      expect(held[0]!.preferences).to.deep.equal({ days: [], times: ['evening'] });
    });

    it('SchedulingPort.book: a note taken out is gone from the one booking', async () => {
      const { port, read, world, patient } = s.scheduling;
      const token = crypto.randomUUID();
      type Draft = Parameters<SchedulingPort['book']>[1];
      const intent = new WriteIntent<Draft>();
      const first: Draft = { slotId: world.slots[2]!, visitType: world.types.checkup!, note: `Bring my scans ${token}` };
      await s.loseNextAnswer('scheduling', token);
      await rejection(port.book(patient, first, intent.keysFor(first)));
      await s.clear();
      const then: Draft = { slotId: world.slots[2]!, visitType: world.types.checkup! };
      const booked = await port.book(patient, then, intent.keysFor(then));
      expect(booked.outcome).to.equal('booked');
      const held = (await read.listAppointments(patient)).filter((a) => a.status === 'booked');
      expect(held.length).to.equal(1);
      expect(held[0]!.note).to.equal(undefined);
    });

    it('EducationPort.assign: a reason taken out is gone from the one material', async () => {
      const { port, read, patient } = s.education;
      const title = `Eating well ${crypto.randomUUID()}`;
      type Draft = Parameters<EducationPort['assign']>[1];
      const intent = new WriteIntent<Draft>();
      const first: Draft = { title, url: 'https://medlineplus.gov/nutrition.html', reason: 'For your diabetes', language: 'en' };
      await s.loseNextAnswer('education', title);
      await rejection(port.assign(patient, first, intent.keysFor(first)));
      await s.clear();
      const then: Draft = { title, url: 'https://medlineplus.gov/nutrition.html' };
      await port.assign(patient, then, intent.keysFor(then));
      const held = (await read.listAssigned(patient)).filter((m) => m.title === title);
      expect(held.length).to.equal(1);
      expect(held[0]!.reason).to.equal(undefined);
      expect(held[0]!.language).to.equal(undefined);
    });

    for (const [first, then] of [
      [{ kind: 'done-elsewhere', performed: '2026-09-14', where: 'Riverside Clinic' }, { kind: 'declined', reason: 'I would rather not' }],
      [{ kind: 'declined', reason: 'Not now' }, { kind: 'done-elsewhere', performed: '2026-10-02', where: 'County Health' }],
    ] as [ReminderAnswer, ReminderAnswer][]) {
      it(`CareReminderPort.answer: ${first.kind} (answer lost), then ${then.kind}: one live answer, the last choice`, async () => {
        const { port, read, asOf, newPatient, liveAnswers } = s.reminders;
        const patient = await newPatient();
        const rule = 'colorectal-cancer-screening';
        const intent = new WriteIntent<ReminderAnswer>();
        const firstKeys = intent.keysFor(first);
        await s.loseNextAnswer('reminders', patient.split('/')[1]!);
        await rejection(port.answer(patient, rule, first, firstKeys));
        await s.clear();
        const thenKeys = intent.keysFor(then);
        expect((await port.answer(patient, rule, then, thenKeys)).kind).to.equal(then.kind);
        expect(await liveAnswers(patient, [firstKeys.idempotencyKey, thenKeys.idempotencyKey])).to.equal(1);
        const shown = (await read.getReminders(patient, asOf)).reminders.find((r) => r.id === rule)!;
        expect(shown.status).to.equal(then.kind === 'done-elsewhere' ? 'done-elsewhere-pending' : 'declined');
      });
    }
  });
}
