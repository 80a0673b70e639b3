/**
 * Input-survival audit, part 2, over the FHIR adapter against the local FHIR server, through
 * the fault proxy: <engage-questionnaire>'s submit and <engage-refill-request>'s send. A
 * failed write keeps every field on screen, says so in an alert and keeps focus on a
 * control; the edited retry after a lost answer leaves one record on the server holding
 * what the user last saw. What the server holds is read from the server itself, never
 * through the element or the port under test. No web storage is used for any of it.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/questionnaire/questionnaire.js';
import '../../src/elements/refill-request/refill-request.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import { PREFERRED_PHARMACY_URL } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { Questionnaire } from '../../src/adapters/ports.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { fhirEndpoints, mountFrame, setFault, settled, storageUsed, waitFor } from './helpers.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const type = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
};

/** Where focus is, for a failure message. */
const focusOf = (el: Element) => el.shadowRoot!.activeElement?.outerHTML.slice(0, 60) ?? `<${document.activeElement?.localName}>`;

let direct: FhirClient;
let proxyUrl: string;

before(async () => {
  const endpoints = await fhirEndpoints();
  proxyUrl = endpoints.proxyUrl;
  direct = new FhirClient({ baseUrl: endpoints.fhirUrl });
});
afterEach(async () => {
  await setFault(undefined);
  pageDrafts.clear();
});

describe('input survival 2 (FHIR): questionnaire submit', () => {
  it('a submit whose answer is lost keeps the answers with an alert; the edited resubmit leaves one completed response, holding the edit', async () => {
    const patient = `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ family: 'Survival', given: ['Quinn'] }] })).body.id}`;
    const url = `https://ehr-engage.dev/test/Questionnaire/survival-${crypto.randomUUID()}`;
    const questionnaire: Questionnaire = {
      resourceType: 'Questionnaire',
      id: 'survival',
      url,
      status: 'active',
      title: 'Sleep check',
      item: [
        { linkId: 'hours', text: 'Hours of sleep last night', type: 'integer', required: true },
        { linkId: 'note', text: 'Anything else', type: 'string' },
      ],
    };
    const frame = mountFrame(
      html`<engage-questionnaire
        .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 })}
        .session=${{ patient, role: 'patient', locale: 'en-US', now: NOW }}
        .questionnaireResource=${questionnaire}
      ></engage-questionnaire>`,
    );
    const el = frame.querySelector('engage-questionnaire')!;
    const root = el.shadowRoot!;
    const field = (label: string) => {
      const found = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(label));
      return root.getElementById(found!.htmlFor) as HTMLInputElement;
    };
    await waitFor(() => root.querySelector('form input'), 'the form');
    type(field('Hours of sleep'), '5');
    type(field('Anything else'), 'Woke at 3 am');
    await settled(el as never);

    await setFault({ kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: '"QuestionnaireResponse"', count: 1 });
    const send = root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!;
    send.focus();
    send.click();
    const alert = await waitFor(() => [...root.querySelectorAll('[role="alert"]')].find((a) => text(a) !== ''), 'the failure');
    await setFault(undefined);
    expect(text(alert)).to.match(/not saved/i);
    expect([field('Hours of sleep').value, field('Anything else').value], 'the answers are kept').to.deep.equal(['5', 'Woke at 3 am']);
    expect(root.activeElement !== null, `focus inside the form (now ${focusOf(el)})`).to.equal(true);
    const onServer = async () =>
      (await direct.searchAll('QuestionnaireResponse', { subject: patient, _count: 200 })).resources.filter((r) => JSON.stringify(r).includes(url)) as Resource[];
    expect((await onServer()).length, 'the first submit landed').to.equal(1);

    // the patient corrects the note and sends again
    type(field('Anything else'), 'Woke at 3 am and at 5 am');
    await settled(el as never);
    root.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await waitFor(() => root.querySelector('.notice--saved'), 'the sent notice');
    const stored = await onServer();
    const note = (r: Resource) => (r.item as { linkId: string; answer?: { valueString?: string }[] }[]).find((i) => i.linkId === 'note')?.answer?.[0]?.valueString;
    expect(stored.map((r) => `${r.status}: ${note(r)}`), 'responses on the server').to.deep.equal(['completed: Woke at 3 am and at 5 am']);
    expect(await storageUsed()).to.deep.equal([]);
  });
});

describe('input survival 2 (FHIR): refill send', () => {
  /** A patient with two active, refillable prescriptions and a preferred pharmacy, on the server. */
  async function seed(): Promise<string> {
    const pharmacy = (
      await direct.create<Resource>({
        resourceType: 'Organization',
        active: true,
        name: `Survival Pharmacy ${crypto.randomUUID().slice(0, 8)}`,
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'OUTPHARM' }] }],
      })
    ).body;
    const patient = (
      await direct.create<Resource>({
        resourceType: 'Patient',
        name: [{ family: 'Survival', given: ['Rae'] }],
        extension: [{ url: PREFERRED_PHARMACY_URL, extension: [{ url: 'pharmacy', valueReference: { reference: `Organization/${pharmacy.id}` } }] }],
      })
    ).body;
    for (const name of ['lisinopril 10 MG Oral Tablet', 'metformin 500 MG Oral Tablet']) {
      await direct.create({
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: `Patient/${patient.id}` },
        authoredOn: '2024-01-02',
        medicationCodeableConcept: { text: name },
        requester: { display: 'Dr. Ana Lee' },
        dispenseRequest: { numberOfRepeatsAllowed: 3, validityPeriod: { start: '2024-01-02', end: '2025-01-02' } },
      });
    }
    return `Patient/${patient.id}`;
  }

  async function mountRefill(patient: string) {
    const frame = mountFrame(
      html`<engage-refill-request .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 })} .session=${{ patient, now: NOW, locale: 'en' }}></engage-refill-request>`,
    );
    const el = frame.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('form input[type="checkbox"]'), 'the prescriptions');
    await settled(el as never);
    return el;
  }
  const rowOf = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')].find((row) => row.textContent?.includes(name))!;
  const click = async (el: Element, selector: string) => {
    el.shadowRoot!.querySelector<HTMLButtonElement>(selector)!.click();
    await settled(el as never);
  };
  const pendingOnServer = async (patient: string) =>
    (await direct.searchAll('MedicationRequest', { subject: patient, intent: 'proposal' })).resources.filter((r) => r.status === 'active' || r.status === 'draft');

  it('a send refused with 409 keeps the medicines and note, says "not sent" in an alert focused, and stores nothing', async () => {
    const patient = await seed();
    const el = await mountRefill(patient);
    rowOf(el, 'lisinopril').querySelector<HTMLInputElement>('input')!.click();
    await settled(el as never);
    type(el.shadowRoot!.querySelector<HTMLTextAreaElement>('#note')!, 'Leaving town Friday');
    await click(el, '[part~="review-button"]');
    await setFault({ kind: 'status', status: 409, methods: ['POST'], count: 1 });
    await click(el, '[part~="send-button"]');
    const alert = await waitFor(() => el.shadowRoot!.querySelector('#submit-error'), 'the failure');
    await setFault(undefined);
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(text(alert)).to.contain('Your request was not sent.');
    expect(el.shadowRoot!.activeElement === alert, `focus on the alert (now ${focusOf(el)})`).to.equal(true);
    expect(text(el.shadowRoot!.querySelector('[part~="base"]'))).to.contain('lisinopril');
    await click(el, '[part~="back-button"]');
    expect([rowOf(el, 'lisinopril').querySelector<HTMLInputElement>('input')!.checked, el.shadowRoot!.querySelector<HTMLTextAreaElement>('#note')!.value]).to.deep.equal([
      true,
      'Leaving town Friday',
    ]);
    expect((await pendingOnServer(patient)).length, 'nothing stored').to.equal(0);
    expect(await storageUsed()).to.deep.equal([]);
  });

  it('a send of two medicines whose answer is lost, then one taken out: one pending request on the server, for the one kept', async () => {
    const patient = await seed();
    const el = await mountRefill(patient);
    rowOf(el, 'lisinopril').querySelector<HTMLInputElement>('input')!.click();
    rowOf(el, 'metformin').querySelector<HTMLInputElement>('input')!.click();
    await settled(el as never);
    await click(el, '[part~="review-button"]');
    await setFault({ kind: 'drop-after', methods: ['POST'], bodyContains: '"transaction"', count: 1 });
    await click(el, '[part~="send-button"]');
    await waitFor(() => el.shadowRoot!.querySelector('#submit-error'), 'the failure');
    await setFault(undefined);
    expect((await pendingOnServer(patient)).length, 'both landed').to.equal(2);
    // the patient goes back and takes metformin out
    await click(el, '[part~="back-button"]');
    rowOf(el, 'metformin').querySelector<HTMLInputElement>('input')!.click();
    await settled(el as never);
    await click(el, '[part~="review-button"]');
    await click(el, '[part~="send-button"]');
    await waitFor(() => el.shadowRoot!.querySelector('#sent-title'), 'the confirmation');
    const pending = await pendingOnServer(patient);
    expect(pending.map((r) => (r.medicationCodeableConcept as { text?: string } | undefined)?.text ?? r.medicationReference), 'pending requests').to.deep.equal([
      'lisinopril 10 MG Oral Tablet',
    ]);
  });
});
