/**
 * What every RefillPort promises, whatever the backend. Run against the FHIR adapter
 * (over HTTP to the local server) and the memory adapter by contract-refill.test.ts.
 * The backend may hold requests from other tests: assertions look at their own records.
 */
import { expect } from '@open-wc/testing';
import type { EngageAdapter, RefillPort, RefillRequestDraft } from '../../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../../src/core/events.js';
import { rejection } from './rejection.js';

export interface RefillPortSubject {
  adapter: EngageAdapter;
  /** A patient with prescriptions. */
  patient: string;
  /** Number of the patient's prescriptions in the source data, and how many are active. */
  prescriptionCount: number;
  activeCount: number;
  /** Pharmacies the backend holds (refs). */
  pharmacies: string[];
  /** How many requests the backend holds for one submission key (asked of the backend itself). */
  countByKey(key: string): Promise<number>;
}

export function refillPortContract(name: string, subject: () => Promise<RefillPortSubject>): void {
  describe(`RefillPort contract: ${name}`, function () {
    let s: RefillPortSubject;
    let port: RefillPort;
    let active: string[];

    before(async () => {
      s = await subject();
      port = s.adapter.refills!;
      const prescriptions = await port.listPrescriptions(s.patient);
      active = prescriptions.filter((p) => p.status === 'active' && !p.pendingRequest).map((p) => p.id);
      expect(active.length).to.be.greaterThan(2);
    });

    const draftFor = (ids: string[], note?: string): RefillRequestDraft => ({
      items: ids.map((prescriptionId) => ({ prescriptionId, kind: 'renewal' })),
      pharmacy: s.pharmacies[0]!,
      delivery: 'pickup',
      ...(note ? { note } : {}),
    });

    it('lists every prescription of the patient, active ones first, with medication names', async () => {
      const prescriptions = await port.listPrescriptions(s.patient);
      expect(prescriptions).to.have.length(s.prescriptionCount);
      expect(prescriptions.filter((p) => p.status === 'active')).to.have.length(s.activeCount);
      const firstInactive = prescriptions.findIndex((p) => p.status !== 'active');
      expect(prescriptions.slice(firstInactive).every((p) => p.status !== 'active')).to.equal(true);
      for (const p of prescriptions) expect(p.medication.text ?? p.medication.codings[0]?.display).to.be.a('string').and.not.equal('');
    });

    it('lists the pharmacies', async () => {
      const pharmacies = await port.listPharmacies(s.patient);
      for (const ref of s.pharmacies) expect(pharmacies.map((p) => p.ref)).to.include(ref);
      for (const p of pharmacies) {
        expect(p.name).to.be.a('string').and.not.equal('');
        expect(p.delivery.length).to.be.greaterThan(0);
      }
    });

    it('submits one request per item; the prescriptions then show a pending request', async () => {
      const key = newIdempotencyKey();
      const ids = active.slice(0, 2);
      const note = 'Running low <img src=x onerror=alert(1)>';
      const created = await port.submitRequest(s.patient, draftFor(ids, note), { idempotencyKey: key });
      expect(created.map((r) => r.prescriptionId).sort()).to.deep.equal([...ids].sort());
      for (const request of created) {
        expect(request.status).to.equal('requested');
        expect(request.kind).to.equal('renewal');
        expect(request.patient).to.equal(s.patient);
        expect(request.pharmacy?.ref).to.equal(s.pharmacies[0]);
        expect(request.note).to.equal(note);
        expect(request.delivery).to.equal('pickup');
      }
      expect(await s.countByKey(key)).to.equal(2);
      const after = await port.listPrescriptions(s.patient);
      for (const id of ids) expect(after.find((p) => p.id === id)?.pendingRequest).to.be.a('string');
      const mine = await port.listRequests({ patient: s.patient });
      for (const request of created) expect(mine.items.map((r) => r.id)).to.include(request.id);
      active = active.filter((id) => !ids.includes(id));
    });

    it('the same key twice (and twice at once) creates nothing new', async () => {
      const key = newIdempotencyKey();
      const draft = draftFor([active[0]!]);
      const [a, b] = await Promise.all([
        port.submitRequest(s.patient, draft, { idempotencyKey: key }),
        port.submitRequest(s.patient, draft, { idempotencyKey: key }),
      ]);
      const c = await port.submitRequest(s.patient, draft, { idempotencyKey: key });
      expect(b.map((r) => r.id)).to.deep.equal(a.map((r) => r.id));
      expect(c.map((r) => r.id)).to.deep.equal(a.map((r) => r.id));
      expect(await s.countByKey(key)).to.equal(1);
    });

    it('cancels a pending request (again: no change), and the prescription is requestable again', async () => {
      const [request] = await port.submitRequest(s.patient, draftFor([active[1]!]), { idempotencyKey: newIdempotencyKey() });
      const cancelled = await port.cancelRequest(request!.id, { idempotencyKey: newIdempotencyKey() });
      expect(cancelled.status).to.equal('cancelled');
      const again = await port.cancelRequest(request!.id, { idempotencyKey: newIdempotencyKey() });
      expect(again.status).to.equal('cancelled');
      const after = await port.listPrescriptions(s.patient);
      expect(after.find((p) => p.id === active[1])?.pendingRequest).to.equal(undefined);
    });

    it('the review queue lists pending requests with patient and prescription facts; decisions move them out', async () => {
      const created = await port.submitRequest(s.patient, draftFor([active[1]!, active[2]!], 'Please'), {
        idempotencyKey: newIdempotencyKey(),
      });
      const queue = await port.listRequests({ status: ['requested', 'in-review'], pageSize: 200 });
      const queued = queue.items.filter((r) => created.some((c) => c.id === r.id));
      expect(queued).to.have.length(2);
      for (const r of queued) {
        expect(r.patient).to.equal(s.patient);
        expect(r.prescription?.id).to.equal(r.prescriptionId);
        expect(r.note).to.equal('Please');
      }
      expect(queue.items.every((r) => r.status === 'requested' || r.status === 'in-review')).to.equal(true);

      const approved = await port.reviewRequest(created[0]!.id, { action: 'approve', quantity: 60, refills: 2 }, {
        idempotencyKey: newIdempotencyKey(),
      });
      expect(approved.status).to.equal('approved');
      expect(approved.approved).to.deep.equal({ quantity: 60, refills: 2 });
      const denied = await port.reviewRequest(created[1]!.id, { action: 'deny', reason: 'Dose changed at your last visit.' }, {
        idempotencyKey: newIdempotencyKey(),
      });
      expect(denied.status).to.equal('denied');
      expect(denied.statusReason).to.equal('Dose changed at your last visit.');

      const later = await port.listRequests({ status: ['requested', 'in-review'], pageSize: 200 });
      expect(later.items.some((r) => created.some((c) => c.id === r.id))).to.equal(false);
      const patientView = await port.listRequests({ patient: s.patient, pageSize: 200 });
      expect(patientView.items.find((r) => r.id === created[0]!.id)?.status).to.equal('approved');
      expect(patientView.items.find((r) => r.id === created[1]!.id)?.statusReason).to.equal('Dose changed at your last visit.');
      const deniedOnly = await port.listRequests({ patient: s.patient, status: ['denied'], pageSize: 200 });
      expect(deniedOnly.items.every((r) => r.status === 'denied')).to.equal(true);
      expect(deniedOnly.items.map((r) => r.id)).to.include(created[1]!.id);

      // repeating the same decision is harmless; a different one on a decided request is a conflict
      const repeat = await port.reviewRequest(created[0]!.id, { action: 'approve' }, { idempotencyKey: newIdempotencyKey() });
      expect(repeat.status).to.equal('approved');
      const conflict = await rejection(
        port.reviewRequest(created[0]!.id, { action: 'deny', reason: 'x' }, { idempotencyKey: newIdempotencyKey() }),
      );
      expect(conflict.code).to.equal('conflict');
    });

    it('routes a request to "needs an appointment" with the message the patient sees', async () => {
      const [request] = await port.submitRequest(s.patient, draftFor([active[3] ?? active[2]!]), {
        idempotencyKey: newIdempotencyKey(),
      });
      const routed = await port.reviewRequest(request!.id, { action: 'needs-appointment', reason: 'Book a blood test first.' }, {
        idempotencyKey: newIdempotencyKey(),
      });
      expect(routed.status).to.equal('needs-appointment');
      expect(routed.statusReason).to.equal('Book a blood test first.');
    });

    it('rejects an unknown request with not-found, and an aborted read with aborted', async () => {
      const missing = await rejection(port.cancelRequest('does-not-exist-0000', { idempotencyKey: newIdempotencyKey() }));
      expect(missing.code).to.equal('not-found');
      const controller = new AbortController();
      controller.abort();
      const aborted = await rejection(port.listPrescriptions(s.patient, { signal: controller.signal }));
      expect(aborted.code).to.equal('aborted');
    });
  });
}
