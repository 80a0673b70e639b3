/**
 * Prescriptions that name their medicine by `medicationReference` (a contained Medication,
 * or a Medication resource of its own) keep that name through a refill request: in the
 * proposal written to the server (which must satisfy FHIR invariant ref-1: a local `#ref`
 * names a contained resource), in the confirmation after sending, in the patient's history
 * and in the clinician's queue. A medicine whose name cannot be resolved is never taken to
 * be "not controlled": it is not offered online. Real data: FHIR R4 spec examples
 * `medrx0302` (azithromycin, contained `#med0320`), `medrx0311` (chlorthalidone, contained),
 * `medrx0315` (lorazepam, contained) and the US Core patient 85's furosemide injection that
 * references a Medication resource — posted to the local FHIR server for fresh patients.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/elements/refill-queue/refill-queue.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { PREFERRED_PHARMACY_URL, REFILL_CODES, indexResources, toPrescription, toRefillRequest } from '../../src/adapters/fhir/mapping/refill.js';
import { withPrescription } from '../../src/adapters/fhir/refill/shared.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { eligibilityOf } from '../../src/elements/refill-request/eligibility.js';
import { reasonText } from '../../src/elements/refill-request/eligibility-text.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import type { EngageRefillQueue } from '../../src/elements/refill-queue/refill-queue.component.js';
import { fhirEndpoints, fixture, mountFrame, settled, shadowText, waitFor } from './helpers.js';
import { createPharmacy } from './refill-helpers.js';

type Json = Resource & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** 1 March 2015: inside the validity period (2015-01-15 → 2016-01-15) of the spec examples. */
const NOW = () => new Date(2015, 2, 1, 12, 0, 0);

let direct: FhirClient;
let fhirUrl: string;

const spec = (name: string) => fixture<Json>(`fhir-r4/spec-examples/${name}.json`);

/** The MedicationRequest `id` of a spec example file (a resource or a Bundle of them). */
async function specRequest(file: string, id: string): Promise<Json> {
  const json = await spec(file);
  if (json.resourceType !== 'Bundle') return json;
  return (json.entry as { resource: Json }[]).map((e) => e.resource).find((r) => r.id === id)!;
}

/** The name a person reads in a Medication's code, straight from the JSON. */
const nameIn = (medication: Json): string => medication.code.text ?? medication.code.coding[0].display;

/** Every local reference (`#id`) anywhere in a resource. */
function localReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) localReferences(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'reference' && typeof item === 'string' && item.startsWith('#')) found.push(item.slice(1));
      else localReferences(item, found);
    }
  }
  return found;
}

interface Seeded {
  patient: string;
  /** Medicine names by the key of each prescription, read from the source JSON. */
  names: Record<'azithromycin' | 'chlorthalidone' | 'furosemide' | 'lorazepam', string>;
}

/**
 * A fresh patient with a preferred pharmacy and four prescriptions that name their medicine
 * by reference: medrx0302 and medrx0311 (contained Medication, as the spec writes them),
 * the US Core furosemide injection (a Medication resource of its own) and lorazepam
 * (medrx0315's Medication posted as a resource and referenced).
 */
async function seed(label: string): Promise<Seeded> {
  const pharmacy = await createPharmacy(direct, `Reference Pharmacy ${label}`);
  const patient = (
    await direct.create<Json>({
      resourceType: 'Patient',
      name: [{ family: `Medref${label}`, given: ['Dana'] }],
      extension: [{ url: PREFERRED_PHARMACY_URL, valueReference: { reference: pharmacy } }],
    })
  ).body;
  const subject = { reference: `Patient/${patient.id}` };
  const post = (resource: Json) => {
    const copy = structuredClone(resource);
    delete copy.id;
    delete copy.meta;
    delete copy.text;
    return direct.create<Json>({ ...copy, subject });
  };

  const azithromycin = await specRequest('medicationrequest0302', 'medrx0302');
  const chlorthalidone = await specRequest('medicationrequestexample1', 'medrx0311');
  await post(azithromycin);
  await post(chlorthalidone);

  const us85 = await fixture<{ entry: { resource: Json }[] }>('fhir-r4/us-core/uscore-bundle-patient-85.json');
  const injection = us85.entry.map((e) => e.resource).find((r) => r.id === '3722c630-7ccd-b25e-316d-78fd30a4ff30')!;
  const furosemide = us85.entry.map((e) => e.resource).find((r) => `urn:uuid:${r.id}` === injection.medicationReference.reference)!;
  const furosemideStored = (await direct.create<Json>({ ...furosemide, id: undefined })).body;
  await post({ ...injection, medicationReference: { reference: `Medication/${furosemideStored.id}` }, encounter: undefined, requester: { display: injection.requester.display }, reasonReference: undefined });

  const lorazepamRequest = await spec('medicationrequest0315');
  const lorazepam = lorazepamRequest.contained[0] as Json;
  const lorazepamStored = (await direct.create<Json>({ ...lorazepam, id: undefined })).body;
  await post({ ...lorazepamRequest, contained: undefined, medicationReference: { reference: `Medication/${lorazepamStored.id}` }, encounter: undefined });

  return {
    patient: `Patient/${patient.id}`,
    names: {
      azithromycin: nameIn(azithromycin.contained[0]),
      chlorthalidone: nameIn(chlorthalidone.contained[0]),
      furosemide: nameIn(furosemide),
      lorazepam: nameIn(lorazepam),
    },
  };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const rowOf = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')].find((row) => row.textContent?.includes(name));

describe('refill requests for a medicine named by reference (local FHIR server)', function () {
  let container: HTMLElement;

  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
    direct = new FhirClient({ baseUrl: fhirUrl });
  });
  // a frame of the page's own, removed after each test by the helpers
  beforeEach(() => (container = mountFrame()));

  /** The clinician's queue of the patient's requests, over the local server. */
  function mountQueue(patient: string): EngageRefillQueue {
    render(
      html`<engage-refill-queue
        scope="patient"
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient, role: 'clinician', now: NOW, locale: 'en' }}
      ></engage-refill-queue>`,
      container,
    );
    return container.querySelector('engage-refill-queue') as EngageRefillQueue;
  }

  async function mount(patient: string): Promise<EngageRefillRequest> {
    render(
      html`<engage-refill-request
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient, now: NOW, locale: 'en' }}
      ></engage-refill-request>`,
      container,
    );
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('form'), 'loaded');
    await settled(el);
    return el;
  }

  it('the proposal carries the medicine so every local reference resolves, and the name reads back after sending, in the history and in the queue', async () => {
    const { patient, names } = await seed('a');
    const el = await mount(patient);
    // the list names them (it includes the referenced Medication) and the lorazepam is controlled
    for (const name of Object.values(names)) expect(rowOf(el, name), name).to.not.equal(undefined);
    expect(rowOf(el, names.lorazepam)!.textContent).to.include('controlled medicine');

    for (const name of [names.azithromycin, names.chlorthalidone, names.furosemide]) {
      rowOf(el, name)!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    }
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'the confirmation');

    // the confirmation names each medicine
    const confirmation = $(el, '[part~="confirmation"]')!.textContent!.replace(/\s+/g, ' ');
    expect(confirmation).to.not.include('Unnamed medication');
    for (const name of [names.azithromycin, names.chlorthalidone, names.furosemide]) expect(confirmation, name).to.include(name);

    // on the server: three proposals, each local reference names a contained resource (ref-1)
    const proposals = (await direct.searchAll<Json>('MedicationRequest', { subject: patient, intent: 'proposal' })).resources;
    expect(proposals).to.have.length(3);
    for (const proposal of proposals) {
      const contained = new Set(((proposal.contained ?? []) as Json[]).map((r) => r.id));
      for (const id of localReferences(proposal)) expect(contained.has(id), `#${id} in a proposal`).to.equal(true);
    }
    // the contained copies are the prescription's Medication, not a name made up here
    const byRef = proposals.filter((p) => p.medicationReference?.reference?.startsWith('#'));
    expect(byRef).to.have.length(2);
    for (const proposal of byRef) {
      expect(proposal.contained[0].resourceType).to.equal('Medication');
      expect([names.azithromycin, names.chlorthalidone]).to.include(nameIn(proposal.contained[0]));
    }

    // a fresh read of the patient's history names them
    render(null, container);
    const again = await mount(patient);
    const history = $(again, '[part~="history"]')!.textContent!.replace(/\s+/g, ' ');
    expect(history).to.not.include('Unnamed medication');
    for (const name of [names.azithromycin, names.chlorthalidone, names.furosemide]) expect(history, name).to.include(name);

    // and so does the clinician's queue
    const queue = mountQueue(patient);
    await waitFor(() => queue.shadowRoot?.querySelectorAll('[part~="request"]').length === 3, 'three requests in the queue');
    const titles = [...queue.shadowRoot!.querySelectorAll('[part~="request"] [role="heading"]')].map((h) => h.textContent!.trim());
    expect(titles).to.not.include('Unnamed medication');
    expect([...titles].sort()).to.deep.equal([names.azithromycin, names.chlorthalidone, names.furosemide].sort());
    expect(shadowText(queue)).to.not.include('Unnamed medication');

    // the clinician approves the furosemide, whose proposal names a Medication resource (not
    // contained): the decision just made names it, on screen, aloud and in the event
    const reviewed = new Promise<CustomEvent>((resolve) => queue.addEventListener('engage-refill-review', (e) => resolve(e as CustomEvent), { once: true }));
    const furosemideItem = [...queue.shadowRoot!.querySelectorAll<HTMLElement>('[part~="request"]')].find((item) => item.textContent!.includes(names.furosemide))!;
    furosemideItem.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => queue.shadowRoot!.querySelector('li.decided'), 'the decision');
    expect(queue.shadowRoot!.querySelector('li.decided')!.textContent!.replace(/\s+/g, ' ')).to.include(`Approved: ${names.furosemide}`);
    expect(queue.shadowRoot!.querySelector('[role="status"]')!.textContent).to.include(`Approved: ${names.furosemide}`);
    const event = await reviewed;
    const { medication } = event.detail.request;
    expect([medication.text, ...medication.codings.map((c: { display?: string }) => c.display)], JSON.stringify(medication)).to.include(names.furosemide);
    // and what it was a refill of, as the queue showed it
    expect(event.detail.request.prescription?.id, 'the prescription of the decided request').to.be.a('string');
  });

  it('a decision on a proposal stored without its medicine (as written before the fix) names the medicine the clinician saw', async () => {
    const { patient, names } = await seed('c');
    const subject = { reference: patient };
    const [original] = (await direct.searchAll<Json>('MedicationRequest', { subject: patient, intent: 'order' })).resources.filter(
      (r) => r.contained?.[0] && nameIn(r.contained[0]) === names.azithromycin,
    );
    // the earlier submit's proposal: the local reference, without the contained Medication
    const proposal = (
      await direct.create<Json>({
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'proposal',
        medicationReference: original!.medicationReference,
        subject,
        priorPrescription: { reference: `MedicationRequest/${original!.id}` },
      })
    ).body;
    await direct.create<Json>({
      resourceType: 'Task',
      status: 'requested',
      intent: 'proposal',
      code: { coding: [{ system: REFILL_CODES, code: 'refill' }] },
      focus: { reference: `MedicationRequest/${proposal.id}` },
      for: subject,
      authoredOn: '2015-02-27T10:00:00Z',
    });
    const queue = mountQueue(patient);
    await waitFor(() => queue.shadowRoot?.querySelector('[part~="request"]'), 'the request');
    const item = queue.shadowRoot!.querySelector<HTMLElement>('[part~="request"]')!;
    expect(item.textContent).to.include(names.azithromycin);
    item.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => queue.shadowRoot!.querySelector('li.decided'), 'the decision');
    expect(queue.shadowRoot!.querySelector('li.decided')!.textContent!.replace(/\s+/g, ' ')).to.include(`Approved: ${names.azithromycin}`);
    expect(queue.shadowRoot!.querySelector('[role="status"]')!.textContent).to.include(`Approved: ${names.azithromycin}`);
  });
});

describe('refill: a medicine whose name cannot be resolved', () => {
  it('is never "not controlled" and never offered online (lorazepam and azithromycin by an unresolvable reference)', async () => {
    const lorazepam = await spec('medicationrequest0315');
    const azithromycin = await spec('medicationrequest0302');
    // by a Medication reference the reader could not resolve, and by a dangling local reference
    const unresolved = [
      { ...lorazepam, contained: undefined, medicationReference: { reference: 'Medication/not-included' } },
      { ...azithromycin, contained: undefined },
    ];
    for (const request of unresolved) {
      const prescription = toPrescription(request, [], indexResources([]));
      expect(prescription.controlled, request.id).to.not.equal(false);
      const result = eligibilityOf(prescription, { today: '2015-03-01' });
      expect(result, request.id).to.include({ category: 'unavailable', reason: 'unnamed' });
      expect(reasonText(result, 'en-US')).to.equal('The record does not give the name of this medicine. It cannot be asked for online.');
      // a request already waiting says so first
      const waiting = eligibilityOf({ ...prescription, pendingRequest: 'MedicationRequest/r1' }, { today: '2015-03-01' });
      expect(waiting.reason, request.id).to.equal('pending');
    }
    // the same lorazepam with its Medication at hand is named, and controlled
    const medication = { ...(lorazepam.contained[0] as Json), id: 'lorazepam' };
    const named = toPrescription(
      { ...lorazepam, contained: undefined, medicationReference: { reference: 'Medication/lorazepam' } },
      [],
      indexResources([medication]),
    );
    expect(named.controlled).to.equal(true);
    expect(eligibilityOf(named, { today: '2015-03-01' }).reason).to.equal('controlled');
  });

  it('a request read back without its medicine (a proposal written before this fix) takes the name of its prescription', async () => {
    const azithromycin = await spec('medicationrequest0302');
    const original = { ...azithromycin, id: 'rx-1', subject: { reference: 'Patient/p1' } };
    // what the earlier submit wrote: the local reference, without the contained Medication
    const proposal: Json = {
      resourceType: 'MedicationRequest',
      id: 'proposal-1',
      status: 'active',
      intent: 'proposal',
      medicationReference: azithromycin.medicationReference,
      subject: { reference: 'Patient/p1' },
      priorPrescription: { reference: 'MedicationRequest/rx-1' },
    };
    const task: Json = {
      resourceType: 'Task',
      id: 'task-1',
      status: 'requested',
      intent: 'proposal',
      code: { coding: [{ system: REFILL_CODES, code: 'refill' }] },
      focus: { reference: 'MedicationRequest/proposal-1' },
      for: { reference: 'Patient/p1' },
    };
    const index = indexResources([original, proposal, task]);
    const request = withPrescription(toRefillRequest(task, index), index);
    expect(request.medication.codings[0]?.display).to.equal(nameIn(azithromycin.contained[0]));
  });
});
