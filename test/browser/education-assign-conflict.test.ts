/**
 * <engage-education> over the FHIR adapter and the local FHIR server: a NEW assignment (no
 * record of it existed before) answered with a conflict. The adapter writes it as a
 * conditional create (`If-None-Exist` on the write's key, docs/write-protocol.md), so a
 * conflict there never means "someone else changed this record" (there was none to change):
 * - `409`: a create of the same key is being stored at that moment (HAPI answers the second
 *   of two concurrent conditional creates so; the client's own retry of a dropped request can
 *   be that second one), injected here by the fault proxy;
 * - `412`: more than one record already holds the key (the FHIR spec's answer to a
 *   conditional create that matches several; a server race leaves such twins), answered by
 *   the real server here.
 * The adapter looks the key up (docs/write-protocol.md §3): after a 409 with nothing stored
 * the write fails as a server failure that says nothing was stored (Assign again stores it
 * once); with two records under the key it fails as `duplicate`. The element says what did
 * and did not happen, in plain words, in English and Spanish, and keeps every field. What
 * the server holds is read from the server itself.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/education/education.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirEducationPort } from '../../src/adapters/fhir/education-port.js';
import { applyLocale } from '../../src/core/localization.js';
import { demoData, fhirEndpoints, setFault, shadowText, waitFor } from './helpers.js';
import { fleschKincaid } from './readability.mjs';

type Json = Record<string, unknown>;
interface StoredCommunication {
  id: string;
  identifier?: { system?: string; value?: string }[];
  reasonCode?: { text?: string }[];
  payload: { contentAttachment: { url?: string; title?: string } }[];
}

const CONFLICT_WORDS = {
  en: 'This record changed since you opened it',
  es: 'Este registro cambió desde que lo abrió',
};
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<engage-education> over FHIR: a new assignment answered with a conflict', function () {
  let fhirUrl: string;
  let proxyUrl: string;
  let material: { title: string; url: string; reason: string };

  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
    // the asthma handout of the demo data, read here (not through the code under test)
    const bundle = await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json');
    const communication = bundle.entry.map((e) => e.resource).find((r) => r.id === 'demo-lucas-education-asthma')!;
    const attachment = (communication.payload as { contentAttachment: { title: string; url: string } }[])[0]!.contentAttachment;
    material = { title: attachment.title, url: attachment.url, reason: (communication.reasonCode as { text: string }[])[0]!.text };
  });
  afterEach(async () => {
    await setFault(undefined);
    applyLocale('en');
  });

  /** The patient's Communications, read from the server itself (not through the port). */
  async function onServer(patient: string): Promise<StoredCommunication[]> {
    const response = await fetch(`${fhirUrl}/Communication?subject=${encodeURIComponent(patient)}&_count=100`, {
      headers: { accept: 'application/fhir+json' },
      cache: 'no-store',
    });
    const bundle = (await response.json()) as { entry?: { resource: StoredCommunication }[] };
    return (bundle.entry ?? []).map((e) => e.resource);
  }

  async function clinicianForm(locale: 'en' | 'es') {
    /** A patient no other test writes for, so the server's records are this test's alone. */
    const patient = `Patient/edu-conflict-${crypto.randomUUID()}`;
    const port = new FhirEducationPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }), { sender: { name: 'Dr. Elena Rivera' } });
    const el = await mount<EngageEducation>(
      html`<engage-education .adapter=${{ education: port }} .session=${{ patient, role: 'clinician', locale }}></engage-education>`,
    );
    const root = el.shadowRoot!;
    await waitFor(() => root.querySelector('[part~="material"], [part~="empty"], [part~="error"]'), 'loaded');
    // Spanish strings load on demand: the heading says when they are in
    await waitFor(() => shadowText(el).includes(locale === 'es' ? 'Educación del paciente' : 'Patient education'), `the ${locale} strings`);
    const form = root.querySelector<HTMLFormElement>('[part="assign-form"]')!;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    field('title').value = material.title;
    field('url').value = material.url;
    field('reason').value = material.reason;
    const fields = () => ['title', 'url', 'reason'].map((n) => field(n).value);
    return { patient, el, root, form, fields };
  }

  it('409 to the create, nothing stored: says it was not assigned, never "someone else changed"; keeps every field; Assign again stores it once', async () => {
    const { patient, el, root, form, fields } = await clinicianForm('en');
    await setFault({ kind: 'status', status: 409, methods: ['POST'], bodyContains: '"Communication"', count: 1 });
    form.requestSubmit();
    const alert = await waitFor(() => form.querySelector('[role="alert"]'), 'the failure');
    const said = text(alert);
    expect(said, 'no claim about someone else').to.not.contain(CONFLICT_WORDS.en);
    expect(said).to.equal('The material was not assigned. Something went wrong on the server.');
    expect(fleschKincaid([said]).grade, 'grade 8 or below').to.be.at.most(8);
    expect(fields(), 'every field is kept').to.deep.equal([material.title, material.url, material.reason]);
    expect(await onServer(patient), 'nothing stored').to.deep.equal([]);

    await setFault(undefined);
    form.requestSubmit();
    await waitFor(() => shadowText(el).includes(`Assigned: ${material.title}`), 'assigned');
    const stored = await onServer(patient);
    expect(stored.map((c) => [c.payload[0]!.contentAttachment.title, c.payload[0]!.contentAttachment.url, c.reasonCode?.[0]?.text])).to.deep.equal([
      [material.title, material.url, material.reason],
    ]);
    expect(root.querySelector('form [role="alert"]'), 'the alert is gone').to.equal(null);
  });

  it('in Spanish: the same facts, never "otra persona cambió", and the fields are kept', async () => {
    const { form, fields } = await clinicianForm('es');
    await setFault({ kind: 'status', status: 409, methods: ['POST'], bodyContains: '"Communication"', count: 1 });
    form.requestSubmit();
    const alert = await waitFor(() => form.querySelector('[role="alert"]'), 'the failure');
    const said = text(alert);
    expect(said).to.not.contain(CONFLICT_WORDS.es);
    expect(said).to.equal('El material no se asignó. Algo salió mal en el servidor.');
    expect(fields()).to.deep.equal([material.title, material.url, material.reason]);
  });

  it('412 from the real server (two records already hold the key): says nothing new was saved and the list shows each copy; the fields kept', async () => {
    const { patient, el, root, form, fields } = await clinicianForm('en');
    // two records under one key, as a server race of two conditional creates leaves them
    const key = crypto.randomUUID();
    for (let i = 0; i < 2; i++) {
      const created = await fetch(`${fhirUrl}/Communication`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Communication',
          identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${key}` }],
          status: 'completed',
          category: [{ coding: [{ system: 'http://snomed.info/sct', code: '311401005' }] }],
          subject: { reference: patient },
          sent: '2026-11-20T10:00:00Z',
          payload: [{ contentAttachment: { url: material.url, title: material.title, contentType: 'text/html' } }],
        }),
      });
      expect(created.status).to.equal(201);
    }
    // the element's next key is that key (the element asks for one key per new intent)
    const realUuid = crypto.randomUUID.bind(crypto);
    crypto.randomUUID = (() => ((crypto.randomUUID = realUuid), key)) as typeof crypto.randomUUID;
    try {
      form.requestSubmit();
      const alert = await waitFor(() => form.querySelector('[role="alert"]'), 'the failure');
      expect(text(alert)).to.not.contain(CONFLICT_WORDS.en);
      expect(text(alert)).to.equal('Nothing new was saved. An earlier try already assigned this material more than once. The list shows each copy.');
      expect(fleschKincaid([text(alert)]).grade, 'grade 8 or below').to.be.at.most(8);
    } finally {
      crypto.randomUUID = realUuid;
    }
    expect(fields()).to.deep.equal([material.title, material.url, material.reason]);
    expect((await onServer(patient)).length, 'nothing added').to.equal(2);
    await waitFor(() => root.querySelectorAll('[part~="material"]').length === 2, 'the list read again shows the two records');
    expect(shadowText(el)).to.not.contain('Assigned:');
  });
});
