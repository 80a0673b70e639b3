/**
 * The refill elements over the FHIR adapter against the local FHIR server (HTTP), with
 * the fault-injecting proxy: eligibility from posted FHIR prescriptions and dispenses,
 * a submit during an outage, the retry and double clicks asserted on the server, and
 * the whole flow — a patient asks, the clinician approves, the patient sees it.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/elements/refill-queue/refill-queue.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { PHARMACY_DELIVERY_URL, PREFERRED_PHARMACY_URL, REFILL_CODES } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import type { EngageRefillQueue } from '../../src/elements/refill-queue/refill-queue.component.js';
import { fhirEndpoints, setFault, settled, shadowText, waitFor } from './helpers.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const day = (value: number) => ({ value, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' });

let direct: FhirClient;
let fhirUrl: string;
let proxyUrl: string;

/** A fresh patient with one prescription per eligibility case, their dispenses and a preferred mail-order pharmacy. */
async function seedPatient(label: string): Promise<{ patient: string; ids: Record<string, string>; pharmacy: string }> {
  const pharmacy = (
    await direct.create<Resource>({
      resourceType: 'Organization',
      active: true,
      name: `Harbor Mail Pharmacy ${label}`,
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'OUTPHARM' }] }],
      extension: [
        { url: PHARMACY_DELIVERY_URL, valueCode: 'pickup' },
        { url: PHARMACY_DELIVERY_URL, valueCode: 'mail' },
      ],
      address: [{ line: ['9 Dock Street'], city: 'Springfield', state: 'MA', postalCode: '01105' }],
    })
  ).body;
  const patient = (
    await direct.create<Resource>({
      resourceType: 'Patient',
      name: [{ family: `Refilltest${label}`, given: ['Rosa'] }],
      birthDate: '1970-02-03',
      extension: [{ url: PREFERRED_PHARMACY_URL, extension: [{ url: 'pharmacy', valueReference: { reference: `Organization/${pharmacy.id}` } }] }],
    })
  ).body;
  const subject = { reference: `Patient/${patient.id}` };
  const order = (name: string, dispenseRequest: Record<string, unknown>, authoredOn = '2024-01-02') => ({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject,
    authoredOn,
    medicationCodeableConcept: { text: name },
    requester: { display: 'Dr. Ana Lee' },
    dosageInstruction: [{ text: 'Take 1 tablet daily' }],
    dispenseRequest,
  });
  const cases: Record<string, Resource> = {
    refills: order('lisinopril 10 MG Oral Tablet', {
      numberOfRepeatsAllowed: 3,
      validityPeriod: { start: '2024-01-02', end: '2025-01-02' },
      expectedSupplyDuration: day(30),
      quantity: { value: 30, unit: 'tablet' },
    }),
    used: order('atorvastatin 20 MG Oral Tablet', { numberOfRepeatsAllowed: 1, expectedSupplyDuration: day(30) }),
    expired: order('albuterol 0.09 MG/ACTUAT inhaler', { numberOfRepeatsAllowed: 2, validityPeriod: { start: '2023-03-01', end: '2024-03-01' } }),
    future: order('amoxicillin 250 MG Oral Capsule', { validityPeriod: { start: '2024-07-01', end: '2024-12-31' } }, '2024-06-14'),
    controlled: order('oxycodone hydrochloride 5 MG Oral Tablet', { numberOfRepeatsAllowed: 0 }),
    early: order('levothyroxine sodium 0.05 MG Oral Tablet', { numberOfRepeatsAllowed: 3, expectedSupplyDuration: day(90) }),
  };
  const ids: Record<string, string> = {};
  for (const [key, resource] of Object.entries(cases)) ids[key] = (await direct.create(resource)).body.id!;
  const dispense = (key: string, date: string, days: number) =>
    direct.create({
      resourceType: 'MedicationDispense',
      status: 'completed',
      subject,
      medicationCodeableConcept: cases[key]!.medicationCodeableConcept,
      authorizingPrescription: [{ reference: `MedicationRequest/${ids[key]}` }],
      whenHandedOver: date,
      daysSupply: day(days),
    });
  await dispense('refills', '2024-05-01T18:00:00-04:00', 30);
  await dispense('used', '2024-04-10', 30);
  await dispense('used', '2024-05-10', 30);
  await dispense('early', '2024-06-10', 90);
  return { patient: `Patient/${patient.id}`, ids, pharmacy: `Organization/${pharmacy.id}` };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const rowOf = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')].find((row) => row.textContent?.includes(name));
const groupOf = (el: Element, name: string) =>
  rowOf(el, name)?.closest('.group')?.querySelector('[role="heading"]')?.textContent?.trim();

/** Proposals (intent=proposal) and tracking Tasks on the server for a patient, read directly (not through the proxy). */
async function onServer(patient: string): Promise<{ proposals: Resource[]; tasks: Resource[] }> {
  const [proposals, tasks] = await Promise.all([
    direct.searchAll('MedicationRequest', { subject: patient, intent: 'proposal' }),
    direct.searchAll('Task', { patient, code: `${REFILL_CODES}|refill,${REFILL_CODES}|renewal` }),
  ]);
  return { proposals: proposals.resources, tasks: tasks.resources };
}

describe('refill request over FHIR (local server, fault proxy)', function () {
  let container: HTMLElement;

  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
    direct = new FhirClient({ baseUrl: fhirUrl });
  });
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(async () => {
    await setFault(undefined);
    render(null, container);
    container.remove();
  });

  async function mountPatient(patient: string, baseUrl = proxyUrl): Promise<EngageRefillRequest> {
    // no client retries: the outage must reach the element, and each click is one attempt
    const adapter = createFhirAdapter({ baseUrl, maxRetries: 0 });
    render(
      html`<engage-refill-request .adapter=${adapter} .session=${{ patient, now: NOW, locale: 'en' }}></engage-refill-request>`,
      container,
    );
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('form'), 'loaded');
    await settled(el);
    return el;
  }

  async function toReview(el: EngageRefillRequest, names: string[]): Promise<void> {
    for (const name of names) rowOf(el, name)!.querySelector<HTMLInputElement>('input')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
  }

  it('sorts FHIR prescriptions by their dispenseRequest and MedicationDispense history', async () => {
    const { patient, pharmacy } = await seedPatient('a');
    const el = await mountPatient(patient, fhirUrl);
    expect(groupOf(el, 'lisinopril')).to.equal('Ready to refill');
    expect(rowOf(el, 'lisinopril')!.textContent).to.include('3 refills left.');
    // dispensed 1 May in the evening, New York time: still 1 May
    expect(rowOf(el, 'lisinopril')!.textContent).to.include('May 1, 2024');
    expect(groupOf(el, 'atorvastatin')).to.equal('Needs a new prescription');
    expect(rowOf(el, 'atorvastatin')!.textContent).to.include('No refills left.');
    expect(rowOf(el, 'albuterol')!.textContent).to.include('This prescription expired on March 1, 2024.');
    expect(groupOf(el, 'amoxicillin')).to.equal('Cannot be requested online');
    expect(rowOf(el, 'amoxicillin')!.textContent).to.include('This prescription starts on July 1, 2024.');
    expect(rowOf(el, 'oxycodone')!.textContent).to.include('controlled medicine');
    expect(rowOf(el, 'levothyroxine')!.textContent).to.include('You can ask on or after August 17, 2024.');
    // the preferred pharmacy from the Patient's extension comes first, with pick-up and mail
    const first = $<HTMLInputElement>(el, 'input[name="pharmacy"]')!;
    expect(first.value).to.equal(pharmacy);
    expect(first.checked).to.equal(true);
    expect($(el, `#${first.getAttribute('aria-describedby')}`)!.textContent).to.include('Your preferred pharmacy');
    expect(el.shadowRoot!.querySelectorAll('input[name="delivery"]')).to.have.length(2);
  });

  it('a submit during an outage fails visibly and keeps every choice; the retry creates exactly one request per medication', async () => {
    const { patient } = await seedPatient('b');
    const el = await mountPatient(patient);
    await toReview(el, ['lisinopril', 'atorvastatin']);
    await setFault({ kind: 'outage' });
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#submit-error'), 'the error');
    expect(shadowText(el)).to.include('Your request was not sent.').and.include('Your choices are kept.');
    expect((await onServer(patient)).proposals).to.have.length(0);
    // every choice is still there
    expect(shadowText(el)).to.include('lisinopril').and.include('atorvastatin');
    await setFault(undefined);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'the confirmation');
    const { proposals, tasks } = await onServer(patient);
    expect(proposals).to.have.length(2);
    expect(tasks).to.have.length(2);
    for (const proposal of proposals) {
      expect(proposal.intent).to.equal('proposal');
      expect(proposal.identifier[0].system).to.equal('urn:ietf:rfc:3986');
      expect(proposal.identifier[0].value).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(proposal.priorPrescription.reference).to.match(/^MedicationRequest\//);
      expect(proposal.dispenseRequest.performer.reference).to.match(/^Organization\//);
    }
    for (const task of tasks) {
      expect(task.status).to.equal('requested');
      expect(task.for.reference).to.equal(patient);
      expect(proposals.map((p) => `MedicationRequest/${p.id}`)).to.include(task.focus.reference);
    }
    expect(tasks.map((t) => t.code.coding[0].code).sort()).to.deep.equal(['refill', 'renewal']);
  });

  it('an edited note after a send whose answer was lost leaves exactly one pending request, holding the new note', async () => {
    const { patient } = await seedPatient('g');
    const el = await mountPatient(patient);
    rowOf(el, 'lisinopril')!.querySelector<HTMLInputElement>('input')!.click();
    await settled(el);
    const note = $<HTMLTextAreaElement>(el, '#note')!;
    note.value = 'Before my trip';
    note.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    await setFault({ kind: 'drop-after', methods: ['POST'], bodyContains: '"transaction"', count: 1 });
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#submit-error'), 'the error');
    await setFault(undefined);
    expect((await onServer(patient)).tasks, 'the first send landed').to.have.length(1);

    // the user goes back, edits the note and sends again
    $<HTMLButtonElement>(el, '[part~="back-button"]')!.click();
    await waitFor(() => $(el, '#note'), 'the form again');
    const again = $<HTMLTextAreaElement>(el, '#note')!;
    again.value = 'Before my trip on Friday';
    again.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'the confirmation');
    const { proposals, tasks } = await onServer(patient);
    const pending = tasks.filter((t) => t.status === 'requested');
    expect(pending, 'one pending request for the prescription').to.have.length(1);
    expect(tasks).to.have.length(1);
    expect(proposals).to.have.length(1);
    expect(proposals[0]!.note[0].text).to.equal('Before my trip on Friday');
  });

  it('the same submission sent again with its key (a retry after a lost answer) creates no second record', async () => {
    const { patient } = await seedPatient('c');
    const el = await mountPatient(patient, fhirUrl);
    await toReview(el, ['lisinopril']);
    // first send goes through; then send again with the same key as a retry would
    const adapter = createFhirAdapter({ baseUrl: fhirUrl });
    const draft = el.value!;
    const first = await adapter.refills!.submitRequest(patient, draft, { idempotencyKey: 'b7d3b5a2-3c1e-4c55-9e57-0a1b2c3d4e5f' });
    const again = await adapter.refills!.submitRequest(patient, draft, { idempotencyKey: 'b7d3b5a2-3c1e-4c55-9e57-0a1b2c3d4e5f' });
    expect(again.map((r) => r.id)).to.deep.equal(first.map((r) => r.id));
    expect((await onServer(patient)).tasks).to.have.length(1);
  });

  it('two fast clicks create one request', async () => {
    const { patient } = await seedPatient('d');
    const el = await mountPatient(patient);
    await toReview(el, ['lisinopril']);
    await setFault({ kind: 'delay', ms: 300, count: 3 });
    const send = $<HTMLButtonElement>(el, '[part~="send-button"]')!;
    send.click();
    send.click();
    await waitFor(() => $(el, '#sent-title'), 'the confirmation');
    const { proposals, tasks } = await onServer(patient);
    expect(proposals).to.have.length(1);
    expect(tasks).to.have.length(1);
  });

  it('done when: a patient asks, the clinician queue shows it, approving it updates the patient view', async () => {
    const { patient } = await seedPatient('e');
    const el = await mountPatient(patient, fhirUrl);
    await toReview(el, ['lisinopril']);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'the confirmation');
    expect($(el, '[part~="history"]')!.textContent).to.include('Requested');

    const queueHost = document.createElement('div');
    document.body.append(queueHost);
    try {
      render(
        html`<engage-refill-queue
          .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
          .session=${{ role: 'clinician', now: NOW, locale: 'en' }}
        ></engage-refill-queue>`,
        queueHost,
      );
      const queue = queueHost.querySelector('engage-refill-queue') as EngageRefillQueue;
      const item = await waitFor(
        () => [...(queue.shadowRoot?.querySelectorAll<HTMLElement>('[part~="request"]') ?? [])].find((a) => a.textContent?.includes('Refillteste')),
        'the request in the queue',
      );
      const text = item.textContent!.replace(/\s+/g, ' ');
      expect(text).to.include('lisinopril').and.include('Rosa Refillteste').and.include('0 of 3');
      const quantity = item.querySelector<HTMLInputElement>('input[type="number"]')!;
      quantity.value = '90';
      quantity.dispatchEvent(new Event('input'));
      await settled(queue);
      item.querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
      await waitFor(() => queue.shadowRoot!.querySelector('.decided'), 'the decision');
      const { tasks } = await onServer(patient);
      expect(tasks[0]!.status).to.equal('completed');
      expect(tasks[0]!.output[0].valueQuantity.value).to.equal(90);
      expect((await onServer(patient)).proposals.map((p) => p.status)).to.deep.equal(['completed']);
    } finally {
      render(null, queueHost);
      queueHost.remove();
    }

    render(null, container);
    const again = await mountPatient(patient, fhirUrl);
    const history = $(again, '[part~="history"]')!.textContent!;
    expect(history).to.include('Approved, sent to pharmacy');
    // approved and not yet dispensed: not offered again, so it is not asked for twice
    expect(groupOf(again, 'lisinopril')).to.equal('Cannot be requested online');
    expect(rowOf(again, 'lisinopril')!.textContent).to.include('Your pharmacy is getting it ready.');
  });

  it('cancels a pending request on the server', async () => {
    const { patient } = await seedPatient('f');
    const el = await mountPatient(patient, fhirUrl);
    await toReview(el, ['lisinopril']);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'the confirmation');
    $<HTMLButtonElement>(el, '[part~="cancel-button"]')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="confirm-cancel-button"]')!.click();
    await waitFor(() => !$(el, '[part~="confirm-cancel-button"]'), 'cancelled');
    const { tasks } = await onServer(patient);
    expect(tasks.map((t) => t.status)).to.deep.equal(['cancelled']);
    expect((await onServer(patient)).proposals.map((p) => p.status)).to.deep.equal(['cancelled']);
    expect(tasks[0]!.meta?.versionId).to.not.equal('1');
  });

  it('a patient marked deceased on the server (deceasedDateTime) cannot ask for refills or renewals', async () => {
    const { patient } = await seedPatient('g');
    const id = patient.split('/')[1]!;
    const stored = await direct.read<Resource>('Patient', id);
    await direct.update({ ...stored, deceasedDateTime: '2024-06-10T08:30:00-04:00' });
    const adapter = createFhirAdapter({ baseUrl: fhirUrl, maxRetries: 0 });
    render(
      html`<engage-refill-request .adapter=${adapter} .session=${{ patient, now: NOW, locale: 'en' }}></engage-refill-request>`,
      container,
    );
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => $(el, '[part~="deceased-notice"]'), 'the notice');
    await settled(el);
    expect($(el, '[part~="deceased-notice"]')!.textContent).to.include('refills and renewals can no longer be requested');
    expect(el.shadowRoot!.querySelectorAll('input[type="checkbox"], [part~="review-button"]')).to.have.length(0);
    expect((await onServer(patient)).tasks).to.have.length(0);
  });
});
