/**
 * The FHIR summary port against the local FHIR server over HTTP: round trips, paging,
 * caps, per-section failures, the `$summary` fallback, "last filled" from dispenses,
 * and an idempotent transmit through a connection that drops.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { createFhirAdapter, FhirSummaryPort } from '../../src/adapters/fhir/index.js';
import type { MedicationEntry } from '../../src/adapters/ports.js';
import { demoData, fhirEndpoints, setFault, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** The global fetch, recording each request's method and path (the server still answers). */
function recordingFetch(log: string[], rewrite?: (url: string, init?: RequestInit) => RequestInit | undefined): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    log.push(`${init?.method ?? 'GET'} ${new URL(url).pathname.replace(/^.*\/fhir\/R4/, '')}`);
    return fetch(url, rewrite?.(url, init) ?? init);
  };
}

async function patientId(file: string): Promise<string> {
  const bundle = await demoData<{ entry: { resource: Json }[] }>(file);
  return bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource.id;
}

describe('FHIR summary port over HTTP', function () {
  afterEach(() => setFault(undefined));

  it('reads a whole summary in one batch round trip, asking the server once what it offers beside it (not before it)', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const log: string[] = [];
    const port = new FhirSummaryPort(new FhirClient({ baseUrl: fhirUrl, fetch: recordingFetch(log) }));
    const id = await patientId('synthea-kermit-trantow-f1a650a5.json');
    await port.getSummary(`Patient/${id}`);
    expect([...log].sort()).to.deep.equal(['GET /metadata', 'POST /']);
    // again: one batch, and the CapabilityStatement stays known
    await port.getSummary(`Patient/${id}`);
    expect(log.slice(2)).to.deep.equal(['POST /']);
  });

  it('follows paging to the end, and caps a huge history, flagging it as truncated', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const file = 'synthea-vito-feeney-63dd4423.json';
    const id = await patientId(file);
    const source = (await demoData<{ entry: { resource: Json }[] }>(file)).entry.map((e) => e.resource);
    const observations = source.filter((r) => r.resourceType === 'Observation').length;
    const log: string[] = [];
    const paged = new FhirSummaryPort(new FhirClient({ baseUrl: fhirUrl, fetch: recordingFetch(log) }), { pageSize: 200 });
    const summary = await paged.getSummary(`Patient/${id}`, { sections: ['results', 'vitals', 'socialHistory'] });
    const count = (['results', 'vitals', 'socialHistory'] as const)
      .map((k) => summary.sections[k])
      .reduce((n, s) => n + (s?.state === 'entries' ? s.entries.filter((e) => !e.id.startsWith('DiagnosticReport')).length : 0), 0);
    expect(count).to.equal(observations);
    expect(log.filter((l) => l.startsWith('GET /Observation')).length).to.equal(Math.ceil(observations / 200) - 1);
    expect(summary.sections.results?.state === 'entries' && summary.sections.results.truncated).to.not.equal(true);

    const capped = new FhirSummaryPort(new FhirClient({ baseUrl: fhirUrl }), { pageSize: 100, maxPerType: 300 });
    const cut = await capped.getSummary(`Patient/${id}`, { sections: ['results', 'vitals'] });
    expect(cut.sections.results?.state === 'entries' && cut.sections.results.truncated).to.equal(true);
  });

  it('fails only the section whose search failed', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const id = await patientId('synthea-carla-echevarria-9a628ccd.json');
    // the Immunization search goes out with a parameter the server refuses (it answers 400 for that entry)
    const corrupt = (_url: string, init?: RequestInit) =>
      init?.body ? { ...init, body: String(init.body).replace('Immunization?patient=', 'Immunization?no-such-parameter=1&patient=') } : init;
    const adapter = createFhirAdapter({ baseUrl: fhirUrl, fetch: recordingFetch([], corrupt) });
    const summary = await adapter.summary!.getSummary(`Patient/${id}`);
    expect(summary.sections.immunizations).to.deep.include({ state: 'error' });
    expect((summary.sections.immunizations as { error: { code: string } }).error.code).to.equal('invalid');
    expect(summary.sections.problems?.state).to.equal('entries');
    expect(summary.sections.allergies?.state).to.equal('entries');

    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .adapter=${adapter}
      .session=${{ patient: `Patient/${id}`, locale: 'en-US' }}
    ></engage-clinical-summary>`);
    await waitFor(() => el.shadowRoot?.querySelector('[data-section="immunizations"] [role="alert"]'), 'section error');
    expect(el.shadowRoot!.querySelector('[data-section="problems"] [part~="entry"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('uses $summary when the server offers it and falls back to searches when it answers 501', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const id = await patientId('synthea-buster-hoeger-ad2e3fc5.json');
    const log: string[] = [];
    // a server whose CapabilityStatement claims $summary (the local server answers it with 501)
    const claims: typeof fetch = async (input, init) => {
      const response = await recordingFetch(log)(input, init);
      if (!String(input).endsWith('/metadata')) return response;
      const statement = await response.json();
      statement.rest[0].operation = [{ name: 'summary', definition: 'http://hl7.org/fhir/uv/ips/OperationDefinition/summary' }];
      return new Response(JSON.stringify(statement), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
    };
    const port = new FhirSummaryPort(new FhirClient({ baseUrl: fhirUrl, fetch: claims }));
    const summary = await port.getSummary(`Patient/${id}`);
    expect(summary.sections.immunizations?.state).to.equal('entries');
    // the searches start beside the question and serve the fallback: no second batch
    expect([...log].sort()).to.deep.equal(['GET /metadata', `GET /Patient/${id}/$summary`, 'POST /'].sort());
    expect(log.indexOf(`GET /Patient/${id}/$summary`)).to.be.above(log.indexOf('GET /metadata'));
    await port.getSummary(`Patient/${id}`);
    expect(log.filter((l) => l.includes('$summary')).length, 'not asked again after 501').to.equal(1);
  });

  it('names medications given by reference and shows when they were last filled (US Core patient)', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const summary = await createFhirAdapter({ baseUrl: fhirUrl }).summary!.getSummary('Patient/85', { sections: ['medications'] });
    const medications = summary.sections.medications?.state === 'entries' ? (summary.sections.medications.entries as MedicationEntry[]) : [];
    const injection = medications.find((m) => m.name.text === '10 ML Furosemide 10 MG/ML Injection');
    expect(injection?.lastFilled).to.equal('1975-04-07T02:51:45-04:00');
    const tablet = medications.find((m) => m.status === 'active' && m.name.text === 'Furosemide 40 MG Oral Tablet');
    expect(tablet?.lastFilled).to.equal('2016-12-08T06:38:52Z');
  });

  it('transmits once through a connection that drops, with one Communication on the server', async () => {
    const { fhirUrl, proxyUrl } = await fhirEndpoints();
    const id = await patientId('synthea-kermit-trantow-f1a650a5.json');
    const adapter = createFhirAdapter({ baseUrl: proxyUrl });
    const document = await adapter.summary!.getDocument!(`Patient/${id}`);
    const key = crypto.randomUUID();
    await setFault({ kind: 'drop', count: 1 });
    const first = await adapter.summary!.transmit!(`Patient/${id}`, { document, recipient: 'dr@direct.example.org', note: 'Referral' }, { idempotencyKey: key });
    const again = await adapter.summary!.transmit!(`Patient/${id}`, { document, recipient: 'dr@direct.example.org', note: 'Referral' }, { idempotencyKey: key });
    expect(again.id).to.equal(first.id);
    const found = (await (await fetch(`${fhirUrl}/Communication?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|urn:uuid:${key}`)}`)).json()) as Json;
    expect(found.entry.length).to.equal(1);
    const communication = found.entry[0].resource;
    expect(communication.subject.reference).to.equal(`Patient/${id}`);
    expect(communication.payload[0].contentAttachment.contentType).to.equal('application/fhir+json');
    const sent = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(communication.payload[0].contentAttachment.data), (c) => c.charCodeAt(0))));
    expect(sent.entry[0].resource.resourceType).to.equal('Composition');
  });
});
