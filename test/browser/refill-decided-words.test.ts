/**
 * <engage-refill-request> when the care team decided the request before the patient's retry
 * (docs/refill-requests.md, "A request decided before the retry"): the first send's answer is
 * lost after the port stored it, a clinician denies it, the patient edits the note and sends
 * again. The element says, in plain words (English and Spanish), that the request was already
 * answered and not changed, and what the answer was; the edited note stays in the box, no
 * "sent" event fires, and the note can then go as a new request. Then an unchanged retry after
 * a decision is "sent" with the answer beside it, never "your care team will review it".
 * Prescriptions: Kermit Trantow's active Synthea orders; pharmacies: the demo practice's. The
 * last case runs the same over the FHIR adapter against the local server, with the proxy
 * losing the first send's answer, for a new patient holding Kermit's loratadine order.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/refill-request/refill-request.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { createFhirAdapter, FhirClient, FhirRefillPort } from '../../src/adapters/fhir/index.js';
import { indexResources, toPharmacy, toPrescription } from '../../src/adapters/fhir/mapping/refill.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import { applyLocale } from '../../src/core/localization.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { demoData, fhirEndpoints, mountFrame, setFault, settled, shadowText, waitFor } from './helpers.js';
import { resourcesOf } from './synthea.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
/** The checkbox of a medication, by a part of its name. */
const checkbox = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll('[part~="medication"]')].find((row) => row.textContent?.includes(name))?.querySelector<HTMLInputElement>('input[type="checkbox"]');
const words = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

let patient: string;

async function mount(locale: string): Promise<{ el: EngageRefillRequest; adapter: MemoryAdapter; sent: unknown[] }> {
  const kermit = await demoData<{ entry: { fullUrl: string; resource: Resource }[] }>('synthea-kermit-trantow-f1a650a5.json');
  const practice = await demoData<{ entry: { resource: Resource }[] }>('demo-practice.json');
  patient = `Patient/${resourcesOf(kermit, 'Patient')[0]!.id}`;
  const orders = resourcesOf(kermit, 'MedicationRequest') as Resource[];
  const active = orders.filter((r) => r.status === 'active' && r.intent === 'order');
  expect(active.map((r) => r.medicationCodeableConcept.text)).to.include('Loratadine 5 MG Chewable Tablet');
  const pharmacies = practice.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Organization').map((o) => toPharmacy(o));
  const adapter = createMemoryAdapter({
    refills: { prescriptions: { [patient]: orders.map((r) => toPrescription(r, [], indexResources([]))) }, pharmacies },
  });
  const sent: unknown[] = [];
  const frame = mountFrame(
    html`<engage-refill-request
      .adapter=${adapter}
      .session=${{ patient, now: NOW, locale }}
      @engage-refill-sent=${(e: CustomEvent) => sent.push(e.detail)}
    ></engage-refill-request>`,
  );
  const el = frame.querySelector('engage-refill-request')!;
  await waitFor(() => $(el, 'form'), 'loaded');
  await settled(el);
  return { el, adapter, sent };
}

function writeNote(el: EngageRefillRequest, text: string): void {
  const note = $<HTMLTextAreaElement>(el, '#note')!;
  note.value = text;
  note.dispatchEvent(new Event('input'));
}

async function reviewAndSend(el: EngageRefillRequest): Promise<void> {
  $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
  await settled(el);
  $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
}

/** Asks for loratadine; the port stores it and the answer is lost; a clinician denies it; the patient edits the note and sends again. */
async function decidedBeforeTheRetry(locale: string) {
  const mounted = await mount(locale);
  const { el, adapter } = mounted;
  checkbox(el, 'Loratadine')!.click();
  writeNote(el, 'Running low');
  await settled(el);
  adapter.refills.loseAnswers(1);
  await reviewAndSend(el);
  await waitFor(() => $(el, '#submit-error'), 'the first send failed');
  const [stored] = adapter.refills.allRequests;
  await adapter.refills.reviewRequest(stored!.id, { action: 'deny', reason: 'Please book a visit first.' }, { idempotencyKey: `clinician-${locale}` });
  $<HTMLButtonElement>(el, '[part~="back-button"]')!.click();
  await settled(el);
  writeNote(el, 'Running low. I can come in on Friday.');
  await settled(el);
  await reviewAndSend(el);
  await waitFor(() => $(el, '#decided-notice'), 'the decided notice');
  await settled(el);
  return { ...mounted, stored: stored! };
}

/** A new FHIR patient holding Kermit Trantow's Synthea loratadine order, and the element showing it (through the proxy). */
async function mountFhir(): Promise<{ el: EngageRefillRequest; direct: FhirClient; subject: string }> {
  const { fhirUrl, proxyUrl } = await fhirEndpoints();
  const direct = new FhirClient({ baseUrl: fhirUrl });
  const kermit = await demoData<{ entry: { fullUrl: string; resource: Resource }[] }>('synthea-kermit-trantow-f1a650a5.json');
  const order = (resourcesOf(kermit, 'MedicationRequest') as Resource[]).find((r) => r.medicationCodeableConcept?.text === 'Loratadine 5 MG Chewable Tablet')!;
  const person = (await direct.create<Resource>({ resourceType: 'Patient', name: [{ family: 'Decidedtest', given: ['Kermit'] }] })).body;
  const subject = `Patient/${person.id}`;
  const { id: _id, encounter: _encounter, requester: _requester, ...copied } = order; // eslint-disable-line @typescript-eslint/no-unused-vars
  await direct.create({ ...copied, subject: { reference: subject } });
  const frame = mountFrame(
    html`<engage-refill-request .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 })} .session=${{ patient: subject, now: NOW, locale: 'en' }}></engage-refill-request>`,
  );
  const el = frame.querySelector('engage-refill-request')!;
  await waitFor(() => $(el, 'form'), 'loaded');
  await settled(el);
  return { el, direct, subject };
}

describe('<engage-refill-request>: a request decided before the retry', function () {
  afterEach(async () => {
    pageDrafts.clear();
    await applyLocale('en');
  });

  it('says in plain words that the request was already answered, and how; keeps the edited note; sends it as a new request', async () => {
    const { el, adapter, sent, stored } = await decidedBeforeTheRetry('en');
    const notice = $(el, '#decided-notice')!;
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(el.shadowRoot!.activeElement?.id).to.equal('decided-notice');
    expect(words(notice)).to.equal(
      'Your care team already answered this request. So we did not change it, and your changes were not sent. ' +
        'Loratadine 5 MG Chewable Tablet: Denied. Reason: Please book a visit first. ' +
        'What you wrote is still here. You can send it as a new request, or send your care team a message.',
    );
    expect(shadowText(el)).not.to.include('Request sent');
    expect(sent).to.have.length(0);
    // the decision stands as made, on what the request held
    expect(adapter.refills.allRequests.map((r) => [r.id, r.status, r.note])).to.deep.equal([[stored.id, 'denied', 'Running low']]);
    // the patient's edited words and choice are still there, on the form
    expect($<HTMLTextAreaElement>(el, '#note')!.value).to.equal('Running low. I can come in on Friday.');
    expect(checkbox(el, 'Loratadine')?.checked).to.equal(true);
    await expect(el).to.be.accessible();

    // sent as a new request, they are stored beside the decided one
    await reviewAndSend(el);
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    expect(sent).to.have.length(1);
    const held = adapter.refills.allRequests.map((r) => [r.status, r.note]);
    expect(held).to.deep.equal([
      ['requested', 'Running low. I can come in on Friday.'],
      ['denied', 'Running low'],
    ]);
    expect($(el, '#decided-notice')).to.equal(null);
  });

  it('says it in Spanish', async () => {
    await applyLocale('es');
    const { el } = await decidedBeforeTheRetry('es');
    expect(words($(el, '#decided-notice'))).to.equal(
      'Su equipo de salud ya respondió a esta solicitud. Por eso no la cambiamos, y sus cambios no se enviaron. ' +
        'Loratadine 5 MG Chewable Tablet: Rechazada. Motivo: Please book a visit first. ' +
        'Lo que escribió sigue aquí. Puede enviarlo como una solicitud nueva o mandarle un mensaje a su equipo de salud.',
    );
    expect($<HTMLTextAreaElement>(el, '#note')!.value).to.equal('Running low. I can come in on Friday.');
  });

  it('an unchanged retry after the decision is "sent" with the answer beside it, not "your care team will review it"', async () => {
    const { el, adapter, sent } = await mount('en');
    checkbox(el, 'Loratadine')!.click();
    writeNote(el, 'Running low');
    await settled(el);
    adapter.refills.loseAnswers(1);
    await reviewAndSend(el);
    await waitFor(() => $(el, '#submit-error'), 'the first send failed');
    const [stored] = adapter.refills.allRequests;
    await adapter.refills.reviewRequest(stored!.id, { action: 'approve' }, { idempotencyKey: 'clinician-approve' });
    // "Try sending again", unchanged
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    await settled(el);
    expect(sent).to.have.length(1);
    const confirmation = words($(el, '[part~="confirmation"]'));
    expect(confirmation).to.include('Your care team already answered. Each answer is shown below.');
    expect(confirmation).to.include('Loratadine 5 MG Chewable Tablet — Renewal (to your prescriber): Approved, sent to pharmacy');
    expect(confirmation).not.to.include('will review it');
    expect(adapter.refills.allRequests.map((r) => r.status)).to.deep.equal(['approved']);
  });

  /** Asks for Loratadine with a note; the server stores the request and the proxy loses its answer. */
  async function firstSendLost(el: EngageRefillRequest): Promise<void> {
    checkbox(el, 'Loratadine')!.click();
    writeNote(el, 'Running low');
    await settled(el);
    await setFault({ kind: 'drop-after', count: 1, bodyContains: '"transaction"' });
    try {
      await reviewAndSend(el);
      await waitFor(() => $(el, '#submit-error'), 'the first send failed');
    } finally {
      await setFault(undefined);
    }
  }

  it('over the FHIR adapter (local server, the answer lost by the proxy): the same words, and nothing changed on the server', async () => {
    const { el, direct, subject } = await mountFhir();
    await firstSendLost(el);
    const tasks = async () => (await direct.searchAll<Resource>('Task', { patient: subject })).resources;
    const [task] = await tasks();
    await new FhirRefillPort(direct).reviewRequest(task!.id!, { action: 'deny', reason: 'Please book a visit first.' }, { idempotencyKey: `clinician-${subject}` });
    const decidedTask = (await tasks()).map((t) => [t.id, t.status, t.meta?.versionId]);
    $<HTMLButtonElement>(el, '[part~="back-button"]')!.click();
    await settled(el);
    writeNote(el, 'Running low. I can come in on Friday.');
    await settled(el);
    await reviewAndSend(el);
    await waitFor(() => $(el, '#decided-notice'), 'the decided notice');
    await settled(el);
    expect(words($(el, '#decided-notice'))).to.include(
      'Your care team already answered this request. So we did not change it, and your changes were not sent. ' +
        'Loratadine 5 MG Chewable Tablet: Denied. Reason: Please book a visit first.',
    );
    expect($<HTMLTextAreaElement>(el, '#note')!.value).to.equal('Running low. I can come in on Friday.');
    expect((await tasks()).map((t) => [t.id, t.status, t.meta?.versionId])).to.deep.equal(decidedTask);
  });
  it('a retry refused with 409 while nothing was decided is an ordinary failure, never "already answered"', async () => {
    const { el, direct, subject } = await mountFhir();
    await firstSendLost(el);
    try {
      // the retry meets a server that refuses it with 409; the request it stored is still pending
      await setFault({ kind: 'status', status: 409, count: 1, bodyContains: '"transaction"' });
      const earlierAlert = $(el, '#submit-error');
      $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
      // a new alert: the element reloaded the record before saying anything
      await waitFor(() => $(el, '#submit-error') !== earlierAlert && $(el, '#submit-error'), 'the refusal');
    } finally {
      await setFault(undefined);
    }
    await settled(el);
    expect($(el, '#decided-notice')).to.equal(null);
    expect(words($(el, '#submit-error'))).to.include('Your request was not sent.');
    // the send is still the same: trying again finds the request the first attempt stored
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    const tasks = (await direct.searchAll<Resource>('Task', { patient: subject })).resources;
    expect(tasks.map((t) => t.status)).to.deep.equal(['requested']);
  });
});
