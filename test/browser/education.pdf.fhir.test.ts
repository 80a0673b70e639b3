/**
 * <engage-education> over the FHIR adapter and the local FHIR server (#17): a clinician's
 * uploaded PDF lands as the Communication's inline attachment (bytes, size, SHA-1 checked
 * on the server with a plain fetch); a lost answer retried leaves one record; a `200`
 * OperationOutcome is not "assigned"; the patient then opens the PDF and marks it read.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/education/education.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirEducationPort } from '../../src/adapters/fhir/education-port.js';
import { fhirEndpoints, setFault, shadowText, waitFor } from './helpers.js';
import { asFile, base64Of, choose, samplePdf, sha1Of } from './pdf-sample.js';

interface StoredCommunication {
  id: string;
  received?: string;
  category: { coding: { code: string }[] }[];
  payload: { contentAttachment: { contentType: string; data?: string; url?: string; size?: number; hash?: string; title?: string } }[];
}

describe('<engage-education> over FHIR: an uploaded PDF', function () {
  let fhirUrl: string;
  let port: FhirEducationPort;
  /** A patient no other test writes for, so the server's records are this test's alone. */
  const patient = `Patient/edu-pdf-${crypto.randomUUID()}`;

  before(async () => {
    const endpoints = await fhirEndpoints();
    fhirUrl = endpoints.fhirUrl;
    port = new FhirEducationPort(new FhirClient({ baseUrl: endpoints.proxyUrl, maxRetries: 0 }), { sender: { name: 'Dr. Lee' } });
  });
  afterEach(() => setFault(undefined));

  /** The patient's education Communications, read from the server itself (not through the port). */
  async function onServer(): Promise<StoredCommunication[]> {
    const response = await fetch(`${fhirUrl}/Communication?subject=${encodeURIComponent(patient)}&_count=100`, { headers: { accept: 'application/fhir+json' } });
    const bundle = (await response.json()) as { entry?: { resource: StoredCommunication }[] };
    return (bundle.entry ?? []).map((e) => e.resource);
  }

  async function educationEl(role: 'clinician' | 'patient') {
    const el = await mount<EngageEducation>(html`<engage-education .adapter=${{ education: port }} .session=${{ patient, role, locale: 'en' }}></engage-education>`);
    await waitFor(() => el.shadowRoot?.querySelector('[part~="material"], [part~="empty"], [part~="error"]'), 'loaded');
    return el;
  }

  async function fillForm(el: EngageEducation, title: string, bytes: Uint8Array) {
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[part="assign-form"]')!;
    (form.elements.namedItem('title') as HTMLInputElement).value = title;
    choose(el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!, asFile(bytes, `${title}.pdf`));
    await waitFor(() => el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'the PDF is taken');
    return form;
  }

  it('a 200 OperationOutcome for the create is not "assigned": the form says so and keeps the file', async () => {
    const el = await educationEl('clinician');
    const form = await fillForm(el, 'Refused handout', samplePdf(`refused ${patient}`));
    await setFault({ kind: 'outcome', status: 200, text: 'Not stored', methods: ['POST'], bodyContains: '"Communication"', count: 1 });
    form.requestSubmit();
    await waitFor(() => el.shadowRoot!.querySelector('form > .error'), 'the form error');
    expect(shadowText(el)).to.not.contain('Assigned: Refused handout');
    expect(el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'the file stays chosen for a retry').to.exist;
    expect(await onServer()).to.have.length(0);
  });

  it('a lost answer, then the retry: one Communication holding the PDF bytes, size and SHA-1; the patient opens it and marks it read', async () => {
    const clinician = await educationEl('clinician');
    const bytes = samplePdf(`inhaler ${patient}`);
    const form = await fillForm(clinician, 'Using your inhaler', bytes);
    await setFault({ kind: 'drop-after', methods: ['POST'], bodyContains: '"Communication"', count: 1 });
    form.requestSubmit();
    await waitFor(() => clinician.shadowRoot!.querySelector('form > .error'), 'the lost answer is an error');
    await setFault(undefined);
    expect(await onServer(), 'the first write landed').to.have.length(1);
    form.requestSubmit();
    await waitFor(() => shadowText(clinician).includes('Assigned: Using your inhaler'), 'assigned on the retry');

    const stored = await onServer();
    expect(stored).to.have.length(1);
    expect(stored[0]!.category[0]!.coding[0]!.code).to.equal('311401005');
    const attachment = stored[0]!.payload[0]!.contentAttachment;
    expect(attachment).to.include({ contentType: 'application/pdf', data: base64Of(bytes), size: bytes.length, hash: await sha1Of(bytes) });
    expect(attachment.url).to.equal(undefined);

    const reader = await educationEl('patient');
    const open = await waitFor(() => reader.shadowRoot!.querySelector<HTMLAnchorElement>('[part~="open-pdf"]'), 'Open PDF');
    expect(open.protocol).to.equal('blob:');
    expect(open.rel.split(' ')).to.include('noopener');
    const blob = await (await fetch(open.href)).blob();
    expect(blob.type).to.equal('application/pdf');
    expect(new Uint8Array(await blob.arrayBuffer())).to.deep.equal(bytes);
    reader.shadowRoot!.querySelector<HTMLButtonElement>('[part="mark-read-button"]')!.click();
    await waitFor(() => shadowText(reader).includes('Marked as read: Using your inhaler'), 'read');
    expect((await onServer())[0]!.received).to.be.a('string');
  });
});
