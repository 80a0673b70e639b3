/**
 * The refill tools never take a medicine nobody prescribed — or an order no longer in force —
 * for a prescription to refill, over the FHIR adapter (local server, HTTP) and the memory one:
 *
 * - a `draft` order (DTR patient pat015's `medreq015`, real) is not signed: it is no
 *   prescription to list, has no prescriber, and cannot be asked for;
 * - a MedicationRequest that is not a prescriber's authorization — a patient's `proposal`
 *   (real, MEDITECH IPS), an `option` or an `instance-order` (spec example medrx0302 with
 *   only its `intent` changed) — is no prescription at all;
 * - MEDITECH's active `reflex-order` (real, no parent order) IS a prescription: R4's
 *   medicationrequest-intent puts `reflex-order` under `order`, an authorization, and the
 *   clinical summary shows it prescribed by its requester (refill-authorizations.test.ts);
 * - entered in error (medrx0302 with only its `status` changed) is not shown anywhere;
 * - `stopped` (Synthea Kermit Trantow), `completed` (MEDITECH ibuprofen), and `on-hold`,
 *   `cancelled`, `unknown`, `doNotPerform: true` (medrx0302, one element changed each) are
 *   listed for what they are, never requestable, and the clinician's queue says what they are.
 *
 * Each resource keeps everything it says; only its subject (and a requester reference that
 * would point outside the server) is moved to the test's own patient. Expectations are
 * written from the source JSON, never through the code under test.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/elements/refill-queue/refill-queue.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { MemoryRefillPort } from '../../src/adapters/memory/index.js';
import { REFILL_CODES, indexResources, toPrescription } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { Prescription } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import { demoData, fhirEndpoints, fixture, mountFrame, settled, waitFor } from './helpers.js';
import { createPharmacy, submitOutcome } from './refill-helpers.js';

type Json = Resource & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type BundleJson = { entry: { fullUrl?: string; resource: Json }[] };

const NOW = () => new Date(2015, 0, 20, 12);
const resourceIn = (bundle: BundleJson, id: string) => bundle.entry.map((e) => e.resource).find((r) => r.id === id)!;

/** The real MedicationRequests of each case, as their sources hold them (one element changed where named). */
async function sources(): Promise<Record<string, Json>> {
  const pat015 = await fixture<BundleJson>('fhir-r4/us-core/dtr-bundle-patient-pat015.json');
  const meditech = await fixture<BundleJson>('fhir-r4/ips/ips-us-meditech-1-searchset.json');
  const kermit = await demoData<BundleJson>('synthea-kermit-trantow-f1a650a5.json');
  const medrx0302 = await fixture<Json>('fhir-r4/spec-examples/medicationrequest0302.json');
  return {
    active: medrx0302,
    draft: resourceIn(pat015, 'medreq015'),
    reflex: resourceIn(meditech, '3126e517-709b-5907-8322-fdd31e5683ab'),
    proposal: resourceIn(meditech, '4aab40e2-3567-5b9b-853c-e6a747f5f637'),
    completed: resourceIn(meditech, '5b212c94-eee7-5548-85c9-713a1a2b1c68'),
    stopped: resourceIn(kermit, '7d7802d4-3820-4c1b-9e0a-12923aa4923d'),
    // one element of a real active order changed, for the cases no fixture holds
    'on-hold': { ...medrx0302, status: 'on-hold' },
    cancelled: { ...medrx0302, status: 'cancelled' },
    unknown: { ...medrx0302, status: 'unknown' },
    'entered-in-error': { ...medrx0302, status: 'entered-in-error' },
    option: { ...medrx0302, intent: 'option' },
    'instance-order': { ...medrx0302, intent: 'instance-order' },
    'do-not-perform': { ...medrx0302, doNotPerform: true },
  };
}

/** What the sources say, read here by hand: the cases that are prescriptions (an authorization, signed, not in error). */
const PRESCRIPTIONS: Record<string, string> = {
  active: 'active',
  // R4: a reflex-order is an authorization (a child of `order`), with or without a parent order
  reflex: 'active',
  completed: 'completed',
  stopped: 'stopped',
  'on-hold': 'on-hold',
  cancelled: 'cancelled',
  unknown: 'unknown',
  'do-not-perform': 'active',
};
const NOT_PRESCRIPTIONS = ['draft', 'proposal', 'option', 'instance-order', 'entered-in-error'];

interface Seeded {
  patient: string;
  pharmacy: string;
  ids: Record<string, string>;
  source: Record<string, Json>;
}

/** A fresh patient holding every case, the Practitioner who wrote the draft, and a pharmacy. */
async function seed(direct: FhirClient, label: string): Promise<Seeded> {
  const source = await sources();
  const pat015 = await fixture<BundleJson>('fhir-r4/us-core/dtr-bundle-patient-pat015.json');
  const practitioner = (await direct.create<Json>({ ...resourceIn(pat015, 'pra1234'), id: undefined })).body;
  const patient = (await direct.create<Json>({ resourceType: 'Patient', name: [{ family: `Unprescribed${label}`, given: ['Ida'] }] })).body;
  const pharmacy = await createPharmacy(direct, `Corner Pharmacy ${label}`);
  const subject = { reference: `Patient/${patient.id}` };
  const ids: Record<string, string> = {};
  for (const [key, resource] of Object.entries(source)) {
    const requester =
      key === 'draft'
        ? { reference: `Practitioner/${practitioner.id}` }
        : // a Synthea urn:uuid requester names a Practitioner of its own bundle only
          typeof resource.requester?.reference === 'string' && resource.requester.reference.startsWith('urn:')
          ? undefined
          : resource.requester;
    ids[key] = (await direct.create<Json>({ ...resource, id: undefined, text: undefined, subject, requester })).body.id!;
  }
  return { patient: `Patient/${patient.id}`, pharmacy, ids, source };
}

/** A refill request as another system (or this library before) wrote it: a proposal and its Task. */
async function requestOnServer(direct: FhirClient, seeded: Seeded, key: string): Promise<string> {
  const original = seeded.source[key]!;
  const proposal = (
    await direct.create<Json>({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'proposal',
      subject: { reference: seeded.patient },
      ...(original.medicationCodeableConcept ? { medicationCodeableConcept: original.medicationCodeableConcept } : {}),
      ...(original.contained ? { contained: original.contained, medicationReference: original.medicationReference } : {}),
      ...(!original.contained && original.medicationReference ? { medicationReference: { display: original.medicationReference.display } } : {}),
      authoredOn: '2015-01-19',
      requester: { reference: seeded.patient },
      // tells the queue's cards apart (several cases are the same medicine)
      note: [{ text: `case ${key}` }],
      priorPrescription: { reference: `MedicationRequest/${seeded.ids[key]}` },
    })
  ).body;
  const task = (
    await direct.create<Json>({
      resourceType: 'Task',
      status: 'requested',
      intent: 'proposal',
      code: { coding: [{ system: REFILL_CODES, code: 'refill' }] },
      focus: { reference: `MedicationRequest/${proposal.id}` },
      for: { reference: seeded.patient },
      authoredOn: '2015-01-19T10:00:00Z',
    })
  ).body;
  return task.id!;
}

const nameOf = (resource: Json): string =>
  resource.medicationCodeableConcept?.text ??
  resource.medicationCodeableConcept?.coding?.[0]?.display ??
  resource.contained?.[0]?.code?.coding?.[0]?.display ??
  resource.medicationReference?.display;

describe('refill over FHIR: what nobody prescribed is never a prescription', () => {
  let direct: FhirClient;
  let fhirUrl: string;
  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
    direct = new FhirClient({ baseUrl: fhirUrl });
  });
  afterEach(() => applyLocale('en'));

  it('lists only signed orders not in error, each with its recorded status; a draft names no prescriber', async () => {
    const seeded = await seed(direct, 'List');
    const all = (await direct.searchAll<Json>('MedicationRequest', { subject: seeded.patient })).resources;
    expect(all).to.have.length(Object.keys(PRESCRIPTIONS).length + NOT_PRESCRIPTIONS.length);
    // the draft is real: pat015's medreq015 says draft, intent order, requested by Practitioner pra1234
    expect(seeded.source.draft).to.include({ status: 'draft', intent: 'order' });
    expect(seeded.source.reflex).to.include({ status: 'active', intent: 'reflex-order' });
    expect(seeded.source.reflex!.basedOn).to.equal(undefined);

    const listed = await createFhirAdapter({ baseUrl: fhirUrl }).refills!.listPrescriptions(seeded.patient);
    const byId = new Map(listed.map((p) => [p.id, p]));
    for (const key of NOT_PRESCRIPTIONS) expect(byId.has(seeded.ids[key]!), `${key} is not listed`).to.equal(false);
    for (const [key, status] of Object.entries(PRESCRIPTIONS)) {
      expect(byId.get(seeded.ids[key]!)?.status, `${key} is listed as ${status}`).to.equal(status);
    }
    expect(listed).to.have.length(Object.keys(PRESCRIPTIONS).length);
    expect(byId.get(seeded.ids['do-not-perform']!)?.doNotPerform).to.equal(true);
  });

  it('the mapping never gives an unsigned or unordered request a prescriber (draft medreq015, proposal, option)', async () => {
    const source = await sources();
    const pat015 = await fixture<BundleJson>('fhir-r4/us-core/dtr-bundle-patient-pat015.json');
    const index = indexResources(pat015.entry.map((e) => e.resource));
    // the draft's requester resolves to Dr. Jane Betty Doe in its bundle: it was never signed by her
    expect(toPrescription(source.draft!, [], index).prescriber).to.equal(undefined);
    for (const key of ['proposal', 'option', 'instance-order']) {
      expect(source[key]!.requester, key).to.not.equal(undefined);
      expect(toPrescription(source[key]!, [], indexResources([])).prescriber, key).to.equal(undefined);
    }
    // a signed order keeps its prescriber (medrx0302: Patrick Pump; MEDITECH's reflex-order:
    // its Practitioner), whatever its status
    for (const key of ['active', 'reflex', 'completed', 'on-hold', 'do-not-perform']) {
      expect(toPrescription(source[key]!, [], indexResources([])).prescriber?.name, key).to.equal(source[key]!.requester.display);
    }
  });

  it('the form offers only the active order in force: nothing else gets a checkbox, the "do not give" order says so', async () => {
    const seeded = await seed(direct, 'Form');
    const frame = mountFrame(
      html`<engage-refill-request
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: seeded.patient, now: NOW, locale: 'en' }}
      ></engage-refill-request>`,
    );
    const el = frame.querySelector<EngageRefillRequest>('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelectorAll('[part~="medication"]').length, 'the medications');
    await settled(el);
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')];
    // active in the sources: medrx0302, its doNotPerform copy and the reflex-order; the proposal is no order
    expect(rows).to.have.length(3);
    expect(el.shadowRoot!.querySelectorAll('[part~="medication"] input[type="checkbox"]')).to.have.length(1);
    const blocked = rows.filter((row) => !row.querySelector('input'));
    expect(blocked).to.have.length(2);
    const blockedNamed = (key: string) => blocked.find((row) => row.textContent!.includes(nameOf(seeded.source[key]!)));
    expect(blockedNamed('do-not-perform')?.textContent).to.include('This is an order NOT to give this medicine.');
    // the reflex-order is listed but not yet in force on the test's day: its validity starts in 2024
    expect(seeded.source.reflex!.dispenseRequest.validityPeriod.start > NOW().toISOString()).to.equal(true);
    expect(Boolean(blockedNamed('reflex')), 'the reflex-order is listed, without a checkbox').to.equal(true);
    const text = el.shadowRoot!.textContent!;
    for (const key of ['draft', 'proposal', 'stopped', 'completed']) expect(text, key).to.not.include(nameOf(seeded.source[key]!));
  });

  it('refuses to submit a request for anything but an active, signed order, and writes nothing', async () => {
    const seeded = await seed(direct, 'Submit');
    const refills = createFhirAdapter({ baseUrl: fhirUrl }).refills!;
    // by the source: no prescription, or one that is not active or is an order NOT to give it
    const requestable = ['active', 'reflex'];
    const refused = [...NOT_PRESCRIPTIONS, ...Object.keys(PRESCRIPTIONS).filter((k) => !requestable.includes(k))];
    for (const key of requestable) expect([seeded.source[key]!.status, seeded.source[key]!.doNotPerform === true], key).to.deep.equal(['active', false]);
    expect(refused).to.have.length(11);
    for (const key of refused) {
      const outcome = await submitOutcome(
        refills,
        seeded.patient,
        { prescriptionId: seeded.ids[key]!, kind: 'refill' },
        { pharmacy: seeded.pharmacy, delivery: 'pickup' },
        `unprescribed-${key}-${seeded.ids[key]}`,
      );
      expect(outcome, key).to.equal('invalid');
    }
    const tasks = (await direct.searchAll<Json>('Task', { patient: seeded.patient })).resources;
    expect(tasks, 'no Task was written').to.have.length(0);
    // the active order and the active reflex-order are still requestable
    const made = await refills.submitRequest(
      seeded.patient,
      { items: requestable.map((key) => ({ prescriptionId: seeded.ids[key]!, kind: 'refill' as const })), pharmacy: seeded.pharmacy, delivery: 'pickup' },
      { idempotencyKey: `unprescribed-active-${seeded.ids.active}` },
    );
    expect(made.map((r) => r.prescription?.status)).to.deep.equal(['active', 'active']);
  });

  for (const locale of ['en', 'es'] as const) {
    it(`the queue (${locale}) says what each original is; a draft names no prescriber; in error attaches no prescription`, async () => {
      const seeded = await seed(direct, `Queue${locale}`);
      const keys = ['draft', 'stopped', 'completed', 'on-hold', 'do-not-perform', 'reflex', 'entered-in-error'];
      const taskIds: Record<string, string> = {};
      for (const key of keys) taskIds[key] = await requestOnServer(direct, seeded, key);

      await applyLocale(locale);
      const adapter = createFhirAdapter({ baseUrl: fhirUrl });
      const page = await adapter.refills!.listRequests({ patient: seeded.patient, status: ['requested'] });
      const byTask = new Map(page.items.map((r) => [r.id, r]));
      expect(byTask.get(taskIds.draft!)?.prescription?.status).to.equal('draft');
      expect(byTask.get(taskIds.draft!)?.prescription?.prescriber).to.equal(undefined);
      expect(byTask.get(taskIds.stopped!)?.prescription?.status).to.equal('stopped');
      // R4: a reflex-order is an authorization, prescribed by its requester
      expect(byTask.get(taskIds.reflex!)?.prescription?.status, 'a reflex-order is a prescription').to.equal(seeded.source.reflex!.status);
      expect(byTask.get(taskIds.reflex!)?.prescription?.prescriber?.name).to.equal(seeded.source.reflex!.requester.display);
      expect(byTask.get(taskIds['entered-in-error']!)?.prescription, 'in error: not shown').to.equal(undefined);

      const frame = mountFrame(
        html`<engage-refill-queue
          scope="patient"
          .adapter=${adapter}
          .session=${{ patient: seeded.patient, role: 'clinician', now: NOW, locale }}
        ></engage-refill-queue>`,
      );
      const queue = frame.querySelector('engage-refill-queue')!;
      await waitFor(() => queue.shadowRoot?.querySelectorAll('[part~="request"]').length === keys.length, 'the requests');
      await settled(queue);
      const articles = [...queue.shadowRoot!.querySelectorAll<HTMLElement>('[part~="request"]')];
      const factsOf = (key: string) => {
        const article = articles.find((a) => [...a.querySelectorAll('dd')].some((dd) => dd.textContent!.trim() === `case ${key}`));
        expect(article, key).to.not.equal(undefined);
        expect(article!.querySelector('[role="heading"]')!.textContent!.trim(), key).to.equal(nameOf(seeded.source[key]!));
        return [...article!.querySelectorAll('dl > div')].map(
          (pair) => `${pair.querySelector('dt')!.textContent!.trim()}: ${pair.querySelector('dd')!.textContent!.trim()}`,
        );
      };
      const said: Record<string, string> =
        locale === 'en'
          ? {
              draft: 'Prescription: Not signed yet (draft)',
              stopped: 'Prescription: Stopped',
              completed: 'Prescription: Completed',
              'on-hold': 'Prescription: On hold',
              'do-not-perform': 'Prescription: An order NOT to give this medicine',
            }
          : {
              draft: 'Receta: Aún sin firmar (borrador)',
              stopped: 'Receta: Suspendida',
              completed: 'Receta: Terminada',
              'on-hold': 'Receta: En pausa',
              'do-not-perform': 'Receta: Una orden de NO dar este medicamento',
            };
      for (const [key, fact] of Object.entries(said)) expect(factsOf(key), key).to.include(fact);
      // an active order: nothing to warn of, the queue claims no other state
      expect(factsOf('reflex').some((f) => /^(Prescription|Receta):/.test(f))).to.equal(false);
    });
  }
});

describe('refill in memory: what is not an active order is never requestable, in error never shown', () => {
  /** The domain prescriptions of the real cases, as the FHIR mapping reads them (statuses checked against the source). */
  async function prescriptions(): Promise<{ patient: string; list: Prescription[]; source: Record<string, Json> }> {
    const source = await sources();
    const list = Object.entries(source).map(([key, resource]) => ({ ...toPrescription(resource, [], indexResources([])), id: key }));
    for (const p of list) expect(p.status, p.id).to.equal(source[p.id]!.status);
    return { patient: 'Patient/memory-unprescribed', list, source };
  }
  const pharmacy = { ref: 'Organization/corner', name: 'Corner Pharmacy', preferred: true, delivery: ['pickup' as const] };

  it('leaves out what was entered in error', async () => {
    const { patient, list } = await prescriptions();
    const port = new MemoryRefillPort({ prescriptions: { [patient]: list }, pharmacies: [pharmacy] });
    const listed = await port.listPrescriptions(patient);
    expect(listed.map((p) => p.id)).to.not.include('entered-in-error');
    expect(listed).to.have.length(list.length - 1);
  });

  it('refuses a request for anything but an active order that may be given; the active one goes through', async () => {
    const { patient, list, source } = await prescriptions();
    const port = new MemoryRefillPort({ prescriptions: { [patient]: list }, pharmacies: [pharmacy] });
    // by the source: not active (draft, stopped, completed, on-hold, cancelled, unknown, in error) or doNotPerform
    const refused = Object.keys(source).filter((key) => source[key]!.status !== 'active' || source[key]!.doNotPerform === true);
    expect(refused.sort()).to.deep.equal(
      ['cancelled', 'completed', 'do-not-perform', 'draft', 'entered-in-error', 'on-hold', 'stopped', 'unknown'].sort(),
    );
    for (const key of refused) {
      const outcome = await submitOutcome(port, patient, { prescriptionId: key, kind: 'renewal' }, { pharmacy: pharmacy.ref, delivery: 'pickup' }, `m-${key}`);
      expect(outcome, key).to.equal('invalid');
    }
    expect(port.allRequests).to.have.length(0);
    const made = await port.submitRequest(
      patient,
      { items: [{ prescriptionId: 'active', kind: 'refill' }], pharmacy: pharmacy.ref, delivery: 'pickup' },
      { idempotencyKey: 'm-active' },
    );
    expect(made).to.have.length(1);
  });
});
