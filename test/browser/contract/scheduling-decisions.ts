/**
 * The clinic's decisions on appointment requests under the write protocol
 * (docs/write-protocol.md §1): a decision changed after an attempt whose answer was lost
 * carries `replaces`, and the port revises the decision that landed, so the request ends
 * up holding the decision the clinician last saw; and a decision that cannot stand (times
 * that do not exist) changes nothing. Run on both adapters by
 * contract-scheduling.test.ts, on the world of scheduling-world.ts; state is asked of the
 * backend itself.
 */
import { expect } from '@open-wc/testing';
import type { Appointment, RequestDecision, SchedulingPort } from '../../../src/adapters/ports.js';
import { isEngageError } from '../../../src/core/errors.js';
import { newIdempotencyKey } from '../../../src/core/events.js';
import type { SchedulingPortSubject } from './scheduling-port.js';

export function schedulingDecisionContract(name: string, subject: () => Promise<SchedulingPortSubject>): void {
  describe(`SchedulingPort contract: ${name}: a changed decision after a lost answer`, function () {
    let s: SchedulingPortSubject;
    let port: SchedulingPort;

    before(async () => {
      s = await subject();
      port = s.port;
    });

    const request = (patient: string): Promise<Appointment> =>
      port.request(patient, { visitType: s.world.types.consult, preferences: { days: ['wed'], times: ['morning'] }, note: 'Knee pain' }, { idempotencyKey: newIdempotencyKey() });

    /** Decides with the answer lost; returns the key the decision landed under. */
    const decideLost = async (id: string, decision: RequestDecision): Promise<string> => {
      const key = newIdempotencyKey();
      await s.loseNextAnswer();
      let lost: unknown;
      await port.decide(id, decision, { idempotencyKey: key }).catch((error: unknown) => (lost = error));
      expect(lost, 'the answer was lost').to.not.equal(undefined);
      return key;
    };

    const held = async (patient: string, id: string) => (await s.appointmentsOf(patient)).find((a) => a.id === id);

    it('approve into one time, then into another: the request is booked in the second, the first time is free again; a plain retry changes nothing', async () => {
      const [a] = s.patients;
      const [denver, boston] = [s.world.slots[7]!, s.world.slots[8]!];
      const r = await request(a);
      const first = await decideLost(r.id, { action: 'approve', slotId: denver });
      expect(await s.slotStatus(denver)).to.equal('busy');
      const keys = { idempotencyKey: newIdempotencyKey(), replaces: [first] };
      const changed = await port.decide(r.id, { action: 'approve', slotId: boston }, keys);
      expect(changed.outcome === 'saved' && changed.appointment.status).to.equal('booked');
      expect(changed.outcome === 'saved' && changed.appointment.slotId).to.equal(boston);
      expect(await held(a, r.id)).to.deep.equal({ id: r.id, status: 'booked', slotId: boston });
      expect(await s.slotStatus(denver)).to.equal('free');
      expect(await s.slotStatus(boston)).to.equal('busy');
      // the same decision again (its answer lost too, say): what landed, nothing more
      const again = await port.decide(r.id, { action: 'approve', slotId: boston }, keys);
      expect(again.outcome === 'saved' && again.appointment.slotId).to.equal(boston);
      expect((await s.appointmentsOf(a)).filter((x) => x.status === 'booked').map((x) => x.slotId)).to.deep.equal([boston]);
      expect(await s.slotStatus(denver)).to.equal('free');
    });

    it('approve, then into a time of another visit type: the booking is of that type', async () => {
      const [, b] = s.patients;
      const [consult, checkup] = [s.world.slots[7]!, s.world.slots[0]!];
      const r = await request(b);
      const first = await decideLost(r.id, { action: 'approve', slotId: consult });
      const changed = await port.decide(
        r.id,
        { action: 'approve', slotId: checkup, visitType: s.world.types.checkup },
        { idempotencyKey: newIdempotencyKey(), replaces: [first] },
      );
      expect(changed.outcome === 'saved' && changed.appointment.visitType?.id).to.equal(s.world.types.checkup);
      const seen = (await port.listAppointments(b)).find((x) => x.id === r.id)!;
      expect([seen.status, seen.slotId, seen.visitType?.id]).to.deep.equal(['booked', checkup, s.world.types.checkup]);
      expect(await s.slotStatus(consult)).to.equal('free');
      expect(await s.slotStatus(checkup)).to.equal('busy');
    });

    it('approve, then the same time under another visit type: the time stays booked by the request, never refused as taken', async () => {
      const [a] = s.patients;
      const video = s.world.slots[6]!;
      const r = await request(a);
      const first = await decideLost(r.id, { action: 'approve', slotId: video, visitType: s.world.types.video });
      const changed = await port.decide(
        r.id,
        { action: 'approve', slotId: video, visitType: s.world.types.checkup },
        { idempotencyKey: newIdempotencyKey(), replaces: [first] },
      );
      expect(changed.outcome).to.equal('saved');
      const seen = (await port.listAppointments(a)).find((x) => x.id === r.id)!;
      expect([seen.status, seen.slotId, seen.visitType?.id]).to.deep.equal(['booked', video, s.world.types.checkup]);
      expect(await s.slotStatus(video)).to.equal('busy');
    });

    it('approve, then offer times instead: the request is back with the patient to choose, nothing booked, the time free', async () => {
      const [a] = s.patients;
      const consult = s.world.slots[7]!;
      const r = await request(a);
      const first = await decideLost(r.id, { action: 'approve', slotId: consult });
      const changed = await port.decide(
        r.id,
        { action: 'propose', slotIds: [consult], message: 'Does Wednesday work?' },
        { idempotencyKey: newIdempotencyKey(), replaces: [first] },
      );
      expect(changed.outcome === 'saved' && changed.appointment.status).to.equal('proposed');
      expect(await s.slotStatus(consult)).to.equal('free');
      const seen = (await port.listAppointments(a)).find((x) => x.id === r.id)!;
      expect(seen.status).to.equal('proposed');
      expect(seen.proposals?.map((p) => p.id)).to.deep.equal([consult]);
      expect(seen.start).to.equal(undefined);
      expect((await s.appointmentsOf(a)).filter((x) => x.status === 'booked' && x.slotId === consult)).to.have.length(0);
    });

    it('decline, then approve instead: the request is booked, no longer declined', async () => {
      const [, b] = s.patients;
      const consult = s.world.slots[7]!;
      const r = await request(b);
      const first = await decideLost(r.id, { action: 'decline', reason: 'Please see your primary doctor first.' });
      const changed = await port.decide(r.id, { action: 'approve', slotId: consult }, { idempotencyKey: newIdempotencyKey(), replaces: [first] });
      expect(changed.outcome === 'saved' && changed.appointment.status).to.equal('booked');
      const seen = (await port.listAppointments(b)).find((x) => x.id === r.id)!;
      expect([seen.status, seen.slotId, seen.statusReason]).to.deep.equal(['booked', consult, undefined]);
      expect(await s.slotStatus(consult)).to.equal('busy');
    });

    it('times offered, the patient turns them down, then the changed decision: it is a decision on the open request, and saved', async () => {
      const [, b] = s.patients;
      const r = await request(b);
      const first = await decideLost(r.id, { action: 'propose', slotIds: [s.world.slots[4]!], visitType: s.world.types.checkup });
      await port.answerProposal(r.id, { action: 'decline', note: 'Mornings only, please.' }, { idempotencyKey: newIdempotencyKey() });
      const changed = await port.decide(r.id, { action: 'decline', reason: 'Please call us.' }, { idempotencyKey: newIdempotencyKey(), replaces: [first] });
      expect(changed.outcome === 'saved' && changed.appointment.status).to.equal('declined');
      const seen = (await port.listAppointments(b)).find((x) => x.id === r.id)!;
      expect([seen.status, seen.statusReason, seen.note]).to.deep.equal(['declined', 'Please call us.', 'Mornings only, please.']);
    });

    it('a decision the patient has acted on since is not revised: the change is a conflict and the record stays as the patient left it', async () => {
      const [a] = s.patients;
      const checkup = s.world.slots[2]!;
      const r = await request(a);
      const first = await decideLost(r.id, { action: 'approve', slotId: checkup, visitType: s.world.types.checkup });
      await port.cancel(r.id, 'Feeling better', { idempotencyKey: newIdempotencyKey() });
      let refused: unknown;
      await port
        .decide(r.id, { action: 'decline', reason: 'Not needed.' }, { idempotencyKey: newIdempotencyKey(), replaces: [first] })
        .catch((error: unknown) => (refused = error));
      expect(isEngageError(refused) && refused.code).to.equal('conflict');
      expect((await held(a, r.id))?.status).to.equal('cancelled');
      expect(await s.slotStatus(checkup)).to.equal('free');
    });

    it('times offered that do not exist are refused, and the request stays with the clinic, nothing offered', async () => {
      const [a] = s.patients;
      const r = await request(a);
      let refused: unknown;
      await port
        .decide(r.id, { action: 'propose', slotIds: [s.world.slots[3]!, 'no-such-slot'], message: 'Either?' }, { idempotencyKey: newIdempotencyKey() })
        .catch((error: unknown) => (refused = error));
      expect(isEngageError(refused) && refused.code).to.equal('not-found');
      const seen = (await port.listAppointments(a)).find((x) => x.id === r.id)!;
      expect([seen.status, seen.proposals?.length ?? 0]).to.deep.equal(['requested', 0]);
    });
  });
}
