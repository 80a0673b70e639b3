/**
 * A prescriber's authorization is a prescription the refill tools take, whichever R4 intent
 * code records it: medicationrequest-intent 4.0.1 puts `original-order` ("the original
 * authorization for a medication request") and `reflex-order` ("an automatically generated
 * supplemental order … based on a parent order") under `order`, and the clinical summary
 * already shows them as prescribed by their requester. A `filler-order` (the pharmacy's own
 * view of an order) and an `instance-order` (one administration) are not what a patient asks
 * to refill, and stay out.
 *
 * Real data: MEDITECH's IPS holds the patient's active lisinopril, prescribed by a
 * Practitioner, as a `reflex-order` (no `basedOn`). It is seeded on the local FHIR server as
 * recorded, and again with only its `intent` changed to `original-order`, `filler-order` and
 * `instance-order`; only its subject is moved to the test's own patient. Expectations are
 * read from the source JSON, never through the code under test; what was stored is read back
 * from the server with `fetch` (`cache: 'no-store'`), not through the port.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { REFILL_CODES } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import { fhirEndpoints, fixture, mountFrame, settled, waitFor } from './helpers.js';
import { createPharmacy, ignoringIntent, submitOutcome } from './refill-helpers.js';

type Json = Resource & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type BundleJson = { entry: { resource: Json }[] };

/** The MEDITECH IPS lisinopril request (active, reflex-order, by a Practitioner). */
const LISINOPRIL = '3126e517-709b-5907-8322-fdd31e5683ab';
/** Authorizations (R4: `order` and the codes under it a prescriber writes) — taken as prescriptions. */
const AUTHORIZATIONS = ['reflex-order', 'original-order'];
/** A fulfiller's view of an order and one administration — never a prescription to refill. */
const NOT_PRESCRIPTIONS = ['filler-order', 'instance-order'];

async function lisinopril(): Promise<Json> {
  const meditech = await fixture<BundleJson>('fhir-r4/ips/ips-us-meditech-1-searchset.json');
  return meditech.entry.map((e) => e.resource).find((r) => r.id === LISINOPRIL)!;
}

/** A day inside the request's validity period, so nothing but its intent decides (read from the JSON). */
const insideValidity = (source: Json) => {
  const start = new Date(source.dispenseRequest.validityPeriod.start);
  return () => new Date(start.getFullYear(), start.getMonth(), start.getDate() + 3, 12);
};

interface Seeded {
  patient: string;
  pharmacy: string;
  /** Server id of the lisinopril request under each intent. */
  ids: Record<string, string>;
  source: Json;
}

/** A fresh patient holding the lisinopril request once per intent, and a pharmacy. */
async function seed(direct: FhirClient, label: string): Promise<Seeded> {
  const source = await lisinopril();
  const patient = (await direct.create<Json>({ resourceType: 'Patient', name: [{ family: `Authorized${label}`, given: ['Vera'] }] })).body;
  const pharmacy = await createPharmacy(direct, `Corner Pharmacy ${label}`);
  const ids: Record<string, string> = {};
  for (const intent of [...AUTHORIZATIONS, ...NOT_PRESCRIPTIONS]) {
    const resource = { ...source, id: undefined, intent, subject: { reference: `Patient/${patient.id}` } };
    ids[intent] = (await direct.create<Json>(resource)).body.id!;
  }
  return { patient: `Patient/${patient.id}`, pharmacy, ids, source };
}

/** A resource as the server holds it now (never from a cache). */
async function stored(fhirUrl: string, ref: string): Promise<Json> {
  const response = await fetch(`${fhirUrl}/${ref}`, { cache: 'no-store' });
  expect(response.status, ref).to.equal(200);
  return (await response.json()) as Json;
}

describe('refill over FHIR: a prescriber\'s authorization (order, original-order, reflex-order) is a prescription', () => {
  let direct: FhirClient;
  let fhirUrl: string;
  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
    direct = new FhirClient({ baseUrl: fhirUrl });
  });

  it('the source: MEDITECH\'s active lisinopril is a reflex-order by a Practitioner, with no parent order', async () => {
    const source = await lisinopril();
    expect(source).to.include({ resourceType: 'MedicationRequest', status: 'active', intent: 'reflex-order' });
    expect(source.requester.reference).to.match(/^Practitioner\//);
    expect(source.basedOn).to.equal(undefined);
    expect(source.doNotPerform).to.equal(false);
  });

  it('lists the reflex-order and the original-order as active, with their prescriber; leaves out filler- and instance-order', async () => {
    const seeded = await seed(direct, 'List');
    const all = (await direct.searchAll<Json>('MedicationRequest', { subject: seeded.patient })).resources;
    expect(all).to.have.length(AUTHORIZATIONS.length + NOT_PRESCRIPTIONS.length);

    const listed = await createFhirAdapter({ baseUrl: fhirUrl }).refills!.listPrescriptions(seeded.patient);
    const byId = new Map(listed.map((p) => [p.id, p]));
    for (const intent of AUTHORIZATIONS) {
      const prescription = byId.get(seeded.ids[intent]!);
      expect(prescription, `${intent} is listed`).to.not.equal(undefined);
      expect(prescription!.status, intent).to.equal(seeded.source.status);
      expect(prescription!.prescriber?.name, intent).to.equal(seeded.source.requester.display);
      expect(prescription!.medication.text, intent).to.equal(seeded.source.medicationReference.display);
    }
    // the pharmacy's view of an order, one administration: not a prescription the patient holds
    for (const intent of NOT_PRESCRIPTIONS) expect(byId.has(seeded.ids[intent]!), `${intent} is not listed`).to.equal(false);
    expect(listed).to.have.length(AUTHORIZATIONS.length);

    // the same from a server that ignores the `intent` filter and answers all four
    const sloppy = await createFhirAdapter({ baseUrl: fhirUrl, fetch: ignoringIntent }).refills!.listPrescriptions(seeded.patient);
    expect(sloppy.map((p) => p.id).sort()).to.deep.equal(AUTHORIZATIONS.map((intent) => seeded.ids[intent]!).sort());
  });

  it('the form offers each authorization a checkbox, and nothing else', async () => {
    const seeded = await seed(direct, 'Form');
    const frame = mountFrame(
      html`<engage-refill-request
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: seeded.patient, now: insideValidity(seeded.source), locale: 'en' }}
      ></engage-refill-request>`,
    );
    const el = frame.querySelector<EngageRefillRequest>('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelectorAll('[part~="medication"]').length, 'the medications');
    await settled(el);
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')];
    expect(rows).to.have.length(AUTHORIZATIONS.length);
    for (const row of rows) {
      expect(row.textContent).to.include(seeded.source.medicationReference.display);
      expect(Boolean(row.querySelector('input[type="checkbox"]')), 'requestable').to.equal(true);
    }
  });

  for (const intent of AUTHORIZATIONS) {
    it(`a renewal request for the ${intent} is submitted and stored as a request about that MedicationRequest`, async () => {
      const seeded = await seed(direct, `Submit${intent}`);
      const refills = createFhirAdapter({ baseUrl: fhirUrl }).refills!;
      const prescriptionId = seeded.ids[intent]!;
      const made = await refills.submitRequest(
        seeded.patient,
        // the source states no number of refills: a renewal, for the prescriber to decide
        { items: [{ prescriptionId, kind: 'renewal' }], pharmacy: seeded.pharmacy, delivery: 'pickup' },
        { idempotencyKey: `authorization-${intent}-${prescriptionId}` },
      );
      expect(made.map((r) => r.prescriptionId)).to.deep.equal([prescriptionId]);

      // what the server holds, read back directly
      const task = await stored(fhirUrl, `Task/${made[0]!.id}`);
      expect(task.status).to.equal('requested');
      expect(task.for?.reference).to.equal(seeded.patient);
      expect(task.code.coding.find((c: Json) => c.system === REFILL_CODES)?.code).to.equal('renewal');
      const proposal = await stored(fhirUrl, task.focus.reference);
      expect(proposal).to.include({ resourceType: 'MedicationRequest', intent: 'proposal' });
      expect(proposal.priorPrescription?.reference).to.equal(`MedicationRequest/${prescriptionId}`);
      expect(proposal.subject?.reference).to.equal(seeded.patient);
      expect(proposal.medicationReference?.display).to.equal(seeded.source.medicationReference.display);
      expect(proposal.dispenseRequest?.performer?.reference).to.equal(seeded.pharmacy);

      // the review queue shows the order it is about, prescribed by its requester
      const page = await refills.listRequests({ patient: seeded.patient, status: ['requested'] });
      const request = page.items.find((r) => r.id === made[0]!.id);
      expect(request?.prescription?.status).to.equal(seeded.source.status);
      expect(request?.prescription?.prescriber?.name).to.equal(seeded.source.requester.display);
    });
  }

  it('refuses a request for the filler-order or the instance-order, and writes nothing', async () => {
    const seeded = await seed(direct, 'Refuse');
    const refills = createFhirAdapter({ baseUrl: fhirUrl }).refills!;
    for (const intent of NOT_PRESCRIPTIONS) {
      const outcome = await submitOutcome(
        refills,
        seeded.patient,
        { prescriptionId: seeded.ids[intent]!, kind: 'renewal' },
        { pharmacy: seeded.pharmacy, delivery: 'pickup' },
        `authorization-${intent}-${seeded.ids[intent]}`,
      );
      expect(outcome, intent).to.equal('invalid');
    }
    const response = await fetch(`${fhirUrl}/Task?patient=${encodeURIComponent(seeded.patient)}`, { cache: 'no-store' });
    const bundle = (await response.json()) as { entry?: unknown[] };
    expect(bundle.entry ?? [], 'no Task was written').to.have.length(0);
  });

  it('the review queue attaches the original for an authorization, none for a filler- or instance-order', async () => {
    const seeded = await seed(direct, 'Queue');
    const taskIds: Record<string, string> = {};
    // a request another system wrote about each: a proposal naming it and its Task
    for (const intent of [...AUTHORIZATIONS, ...NOT_PRESCRIPTIONS]) {
      const proposal = (
        await direct.create<Json>({
          resourceType: 'MedicationRequest',
          status: 'active',
          intent: 'proposal',
          subject: { reference: seeded.patient },
          medicationReference: { display: seeded.source.medicationReference.display },
          requester: { reference: seeded.patient },
          priorPrescription: { reference: `MedicationRequest/${seeded.ids[intent]}` },
        })
      ).body;
      taskIds[intent] = (
        await direct.create<Json>({
          resourceType: 'Task',
          status: 'requested',
          intent: 'proposal',
          code: { coding: [{ system: REFILL_CODES, code: 'renewal' }] },
          focus: { reference: `MedicationRequest/${proposal.id}` },
          for: { reference: seeded.patient },
          authoredOn: '2024-09-12T10:00:00Z',
        })
      ).body.id!;
    }
    const page = await createFhirAdapter({ baseUrl: fhirUrl }).refills!.listRequests({ patient: seeded.patient, status: ['requested'] });
    const byTask = new Map(page.items.map((r) => [r.id, r]));
    expect(byTask.size).to.equal(AUTHORIZATIONS.length + NOT_PRESCRIPTIONS.length);
    for (const intent of AUTHORIZATIONS) {
      expect(byTask.get(taskIds[intent]!)?.prescription?.status, intent).to.equal(seeded.source.status);
      expect(byTask.get(taskIds[intent]!)?.prescription?.prescriber?.name, intent).to.equal(seeded.source.requester.display);
    }
    for (const intent of NOT_PRESCRIPTIONS) expect(byTask.get(taskIds[intent]!)?.prescription, intent).to.equal(undefined);
  });
});
