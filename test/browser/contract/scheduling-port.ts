/**
 * What every SchedulingPort promises, whatever the backend. Run against the FHIR adapter
 * (over HTTP to the local server) and the memory adapter by contract-scheduling.test.ts,
 * on the world of scheduling-world.ts. State is asked of the backend itself.
 */
import { expect } from '@open-wc/testing';
import type { SchedulingPort } from '../../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../../src/core/events.js';
import { WORLD, type BuiltWorld } from '../scheduling-world.js';

export interface SchedulingPortSubject {
  port: SchedulingPort;
  world: BuiltWorld;
  /** Two patients with nothing booked. */
  patients: [string, string];
  /** The next write is applied, then its answer is lost. */
  loseNextAnswer(): Promise<void>;
  /** The backend's own view: a patient's appointments (id, status, slot) and a slot's status. */
  appointmentsOf(patient: string): Promise<{ id: string; status: string; slotId?: string }[]>;
  slotStatus(slotId: string): Promise<string>;
}

const at = (iso: string) => new Date(iso).getTime();

export function schedulingPortContract(name: string, subject: () => Promise<SchedulingPortSubject>): void {
  describe(`SchedulingPort contract: ${name}`, function () {
    let s: SchedulingPortSubject;
    let port: SchedulingPort;
    const range = { from: '2027-03-10T00:00:00Z', to: '2027-03-20T00:00:00Z' };

    before(async () => {
      s = await subject();
      port = s.port;
    });

    it('lists the visit types with their clinicians, locations and time zones', async () => {
      const types = await port.visitTypes();
      const checkup = types.find((t) => t.id === s.world.types.checkup)!;
      expect(checkup.name).to.equal('Checkup');
      expect(checkup.selfSchedulable).to.equal(true);
      expect(checkup.cancelWindowHours).to.equal(24);
      expect(checkup.clinicians.map((c) => c.ref).sort()).to.deep.equal([s.world.clinicians.ana, s.world.clinicians.ben].sort());
      const zones = Object.fromEntries(checkup.locations.map((l) => [l.ref, l.timeZone]));
      expect(zones).to.deep.equal({ [s.world.locations.boston]: 'America/New_York', [s.world.locations.denver]: 'America/Denver' });
      expect(types.find((t) => t.id === s.world.types.consult)!.selfSchedulable).to.equal(false);
      expect(types.find((t) => t.id === s.world.types.video)!.mode).to.equal('video');
    });

    it('lists the free slots of a visit type as the instants stored, across the DST change, busy ones left out', async () => {
      const slots = await port.slots({ visitType: s.world.types.checkup, ...range });
      const expected = WORLD.slots.map((w, i) => ({ ...w, id: s.world.slots[i] })).filter((w) => w.type === 'checkup' && !w.busy);
      expect(slots.map((x) => x.id)).to.deep.equal(expected.sort((a, b) => at(a.start) - at(b.start)).map((w) => w.id));
      for (const slot of slots) {
        const w = expected.find((e) => e.id === slot.id)!;
        expect(at(slot.start)).to.equal(at(w.start));
        expect(at(slot.end)).to.equal(at(w.end));
      }
      // 09:00 in Boston is 14:00Z before the change and 13:00Z after it
      expect(new Date(slots[0]!.start).toISOString()).to.equal('2027-03-12T14:00:00.000Z');
      expect(new Date(slots.find((x) => x.id === s.world.slots[2])!.start).toISOString()).to.equal('2027-03-15T13:00:00.000Z');
      const ana = await port.slots({ visitType: s.world.types.checkup, ...range, clinician: s.world.clinicians.ana });
      expect(ana.every((x) => x.clinician?.ref === s.world.clinicians.ana)).to.equal(true);
      expect(ana[0]!.location?.timeZone).to.equal('America/New_York');
    });

    it('books a slot once per key: a retry returns the same appointment', async () => {
      const [patient] = s.patients;
      const key = newIdempotencyKey();
      const draft = { slotId: s.world.slots[0]!, visitType: s.world.types.checkup };
      const first = await port.book(patient, draft, { idempotencyKey: key });
      expect(first.outcome).to.equal('booked');
      const again = await port.book(patient, draft, { idempotencyKey: key });
      expect(again.outcome === 'booked' && first.outcome === 'booked' && again.appointment.id === first.appointment.id).to.equal(true);
      expect(await s.slotStatus(s.world.slots[0]!)).to.equal('busy');
      const booked = (await s.appointmentsOf(patient)).filter((a) => a.status === 'booked');
      expect(booked).to.have.length(1);
      if (first.outcome === 'booked') {
        expect(at(first.appointment.start!)).to.equal(at(WORLD.slots[0]!.start));
        expect(first.appointment.location?.timeZone).to.equal('America/New_York');
        expect(first.appointment.cancelWindowHours).to.equal(24);
      }
      const open = await port.slots({ visitType: s.world.types.checkup, ...range });
      expect(open.map((x) => x.id)).not.to.include(s.world.slots[0]);
    });

    it('two patients booking the same slot at once: exactly one gets it, the other is told and offered the nearest times', async () => {
      const [a, b] = s.patients;
      const slotId = s.world.slots[1]!;
      const draft = { slotId, visitType: s.world.types.checkup };
      const results = await Promise.all([
        port.book(a, draft, { idempotencyKey: newIdempotencyKey() }),
        port.book(b, draft, { idempotencyKey: newIdempotencyKey() }),
      ]);
      expect(results.map((r) => r.outcome).sort()).to.deep.equal(['booked', 'slot-taken']);
      const lost = results.find((r) => r.outcome === 'slot-taken')!;
      if (lost.outcome !== 'slot-taken') throw new Error('unreachable');
      expect(lost.alternatives.length).to.be.greaterThan(0);
      expect(lost.alternatives.map((x) => x.id)).not.to.include(slotId);
      // Ana's nearest free checkup after slots 0 and 1 are gone is slot 2 (3 is busy)
      expect(lost.alternatives.map((x) => x.id)).to.include(s.world.slots[2]);
      const holding = [...(await s.appointmentsOf(a)), ...(await s.appointmentsOf(b))].filter((x) => x.status === 'booked' && x.slotId === slotId);
      expect(holding).to.have.length(1);
    });

    it('an edited booking after a lost answer moves the booking that landed: one appointment, the old slot free', async () => {
      const [, b] = s.patients;
      const before = (await s.appointmentsOf(b)).filter((x) => x.status === 'booked').length;
      const first = { slotId: s.world.slots[4]!, visitType: s.world.types.checkup };
      const key = newIdempotencyKey();
      await s.loseNextAnswer();
      let failed = false;
      try {
        await port.book(b, first, { idempotencyKey: key });
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await s.slotStatus(s.world.slots[4]!)).to.equal('busy');
      const moved = await port.book(b, { slotId: s.world.slots[5]!, visitType: s.world.types.checkup }, { idempotencyKey: newIdempotencyKey(), replaces: [key] });
      expect(moved.outcome).to.equal('booked');
      expect(await s.slotStatus(s.world.slots[4]!)).to.equal('free');
      expect(await s.slotStatus(s.world.slots[5]!)).to.equal('busy');
      const booked = (await s.appointmentsOf(b)).filter((x) => x.status === 'booked');
      expect(booked).to.have.length(before + 1);
      expect(booked.map((x) => x.slotId)).to.include(s.world.slots[5]);
    });

    it('reschedules in one step: the new slot booked, the old appointment cancelled and its slot free', async () => {
      const [, b] = s.patients;
      const booked = (await s.appointmentsOf(b)).find((x) => x.status === 'booked' && x.slotId === s.world.slots[5])!;
      const key = newIdempotencyKey();
      const result = await port.reschedule(booked.id, s.world.slots[4]!, { idempotencyKey: key });
      expect(result.outcome).to.equal('booked');
      const again = await port.reschedule(booked.id, s.world.slots[4]!, { idempotencyKey: key });
      expect(again.outcome === 'booked' && result.outcome === 'booked' && again.appointment.id === result.appointment.id).to.equal(true);
      const list = await s.appointmentsOf(b);
      expect(list.find((x) => x.id === booked.id)!.status).to.equal('cancelled');
      expect(list.filter((x) => x.status === 'booked' && (x.slotId === s.world.slots[4] || x.slotId === s.world.slots[5]))).to.have.length(1);
      expect(await s.slotStatus(s.world.slots[5]!)).to.equal('free');
      expect(await s.slotStatus(s.world.slots[4]!)).to.equal('busy');
      if (result.outcome === 'booked') expect(result.appointment.replaces).to.equal(booked.id);
    });

    it('cancels once and again harmlessly, freeing the slot', async () => {
      const [, b] = s.patients;
      const booked = (await s.appointmentsOf(b)).find((x) => x.status === 'booked' && x.slotId === s.world.slots[4])!;
      const key = newIdempotencyKey();
      const cancelled = await port.cancel(booked.id, 'Feeling better', { idempotencyKey: key });
      expect(cancelled.status).to.equal('cancelled');
      expect((await port.cancel(booked.id, 'Feeling better', { idempotencyKey: key })).status).to.equal('cancelled');
      expect(await s.slotStatus(s.world.slots[4]!)).to.equal('free');
    });

    it('takes a request, and the clinic proposes times, approves one into a slot or declines with a reason', async () => {
      const [a, b] = s.patients;
      const request = await port.request(
        a,
        { visitType: s.world.types.consult, preferences: { days: ['wed'], times: ['morning'] }, note: 'Knee pain' },
        { idempotencyKey: newIdempotencyKey() },
      );
      expect(request.status).to.equal('requested');
      expect(request.preferences).to.deep.equal({ days: ['wed'], times: ['morning'] });
      expect((await port.listRequests()).map((r) => r.id)).to.include(request.id);
      const proposed = await port.decide(request.id, { action: 'propose', slotIds: [s.world.slots[7]!], message: 'Would Wednesday work?' }, { idempotencyKey: newIdempotencyKey() });
      expect(proposed.outcome === 'saved' && proposed.appointment.status).to.equal('proposed');
      if (proposed.outcome === 'saved') expect(proposed.appointment.proposals?.map((p) => p.id)).to.deep.equal([s.world.slots[7]]);
      const approved = await port.decide(request.id, { action: 'approve', slotId: s.world.slots[7]! }, { idempotencyKey: newIdempotencyKey() });
      expect(approved.outcome === 'saved' && approved.appointment.status).to.equal('booked');
      expect(await s.slotStatus(s.world.slots[7]!)).to.equal('busy');
      expect((await port.listRequests()).map((r) => r.id)).not.to.include(request.id);

      const other = await port.request(b, { visitType: s.world.types.consult, preferences: { days: [], times: ['evening'] } }, { idempotencyKey: newIdempotencyKey() });
      const declined = await port.decide(other.id, { action: 'decline', reason: 'Please see your primary doctor first.' }, { idempotencyKey: newIdempotencyKey() });
      expect(declined.outcome === 'saved' && declined.appointment.status).to.equal('declined');
      const seen = (await port.listAppointments(b)).find((x) => x.id === other.id)!;
      expect(seen.status).to.equal('declined');
      expect(seen.statusReason).to.equal('Please see your primary doctor first.');
    });

    it("lists a clinician's day in the clinic's zone", async () => {
      const day = await port.dayList(s.world.clinicians.ana, '2027-03-12', 'America/New_York');
      const slots = day.map((x) => x.slotId);
      expect(slots).to.include(s.world.slots[0]);
      expect(day.every((x) => x.start!.startsWith('2027-03-12'))).to.equal(true);
      expect(await port.dayList(s.world.clinicians.ana, '2027-03-13', 'America/New_York')).to.have.length(0);
    });
  });

  describe(`SchedulingPort contract: ${name}: the patient answers proposed times`, function () {
    let s: SchedulingPortSubject;
    let port: SchedulingPort;

    before(async () => {
      s = await subject();
      port = s.port;
    });

    it('declines them (back to the clinic with a note), then accepts one: a time taken meanwhile is no longer offered and only the other proposals are; a lost answer books once', async () => {
      const [a, b] = s.patients;
      const [consultDenver, consultBoston] = [s.world.slots[7]!, s.world.slots[8]!];
      const request = await port.request(a, { visitType: s.world.types.consult, preferences: { days: ['wed'], times: ['morning'] } }, { idempotencyKey: newIdempotencyKey() });
      const propose = () =>
        port.decide(request.id, { action: 'propose', slotIds: [consultDenver, consultBoston], message: 'Either of these?' }, { idempotencyKey: newIdempotencyKey() });
      await propose();
      const offered = (await port.listAppointments(a)).find((x) => x.id === request.id)!;
      expect(offered.status).to.equal('proposed');
      expect(offered.proposals?.map((p) => p.id)).to.deep.equal([consultDenver, consultBoston]);

      const declined = await port.answerProposal(request.id, { action: 'decline', note: 'Only after 3 pm, please.' }, { idempotencyKey: newIdempotencyKey() });
      expect(declined.outcome === 'saved' && declined.appointment.status).to.equal('requested');
      const back = (await port.listRequests()).find((x) => x.id === request.id)!;
      expect(back.status).to.equal('requested');
      expect(back.proposals ?? []).to.have.length(0);
      expect(back.note).to.equal('Only after 3 pm, please.');

      await propose();
      // someone else gets the Boston time first
      const other = await port.request(b, { visitType: s.world.types.consult, preferences: { days: [], times: [] } }, { idempotencyKey: newIdempotencyKey() });
      await port.decide(other.id, { action: 'approve', slotId: consultBoston }, { idempotencyKey: newIdempotencyKey() });
      const taken = await port.answerProposal(request.id, { action: 'accept', slotId: consultBoston }, { idempotencyKey: newIdempotencyKey() });
      expect(taken.outcome).to.equal('slot-taken');
      if (taken.outcome === 'slot-taken') expect(taken.alternatives.map((x) => x.id)).to.deep.equal([consultDenver]);
      const stillOffered = (await port.listAppointments(a)).find((x) => x.id === request.id)!;
      expect(stillOffered.status).to.equal('proposed');
      expect(stillOffered.proposals?.map((p) => p.id)).to.deep.equal([consultDenver]);
      expect((await s.appointmentsOf(a)).filter((x) => x.status === 'booked')).to.have.length(0);

      const key = newIdempotencyKey();
      await s.loseNextAnswer();
      let lost: unknown;
      await port.answerProposal(request.id, { action: 'accept', slotId: consultDenver }, { idempotencyKey: key }).catch((error: unknown) => (lost = error));
      expect(lost, 'the answer was lost').to.not.equal(undefined);
      const accepted = await port.answerProposal(request.id, { action: 'accept', slotId: consultDenver }, { idempotencyKey: key });
      expect(accepted.outcome === 'saved' && accepted.appointment.status).to.equal('booked');
      expect(accepted.outcome === 'saved' && accepted.appointment.id).to.equal(request.id);
      expect(await s.appointmentsOf(a)).to.deep.equal([{ id: request.id, status: 'booked', slotId: consultDenver }]);
      expect(await s.slotStatus(consultDenver)).to.equal('busy');
      expect((await port.listRequests()).map((x) => x.id)).not.to.include(request.id);
    });
  });
}
