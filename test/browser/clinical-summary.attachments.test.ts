/**
 * Files a note points at but does not hold (`attachment.url` = a `Binary` reference or a
 * relative URL): the summary port reads them (`getAttachment`), the FHIR port over real
 * HTTP from the local server with the client's token and its read cache, and the note's
 * viewer shows them as it shows inline content (text as text, HTML sanitized, a PDF as a
 * download of the bytes). The seeded Binaries (demo/data/demo-attachments.json) hold the
 * content of two US Core notes; expectations are read from that US Core source directly.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { createFhirAdapter, FhirSummaryPort } from '../../src/adapters/fhir/index.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { isEngageError } from '../../src/core/errors.js';
import { demoData, fhirEndpoints, fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const NOTE_ID = 'ce01eb8d-1574-4fcf-8456-7c80bfd9e5b9';
const PDF_ID = 'cf2587fa-6106-45f4-8264-fbe3d38853f5';
const NOTE_BINARY = 'Binary/demo-attachment-note-ce01eb8d';
const PDF_BINARY = 'Binary/demo-attachment-pdf-cf2587fa';

/** The US Core DocumentReference whose inline content the seeded Binary holds. */
async function usCoreDocument(id: string): Promise<Json> {
  const bundle = await demoData<{ entry: { resource: Json }[] }>('uscore-bundle-patient-85.json');
  return bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'DocumentReference' && r.id === id)!;
}

/** The same note, pointing at the file instead of holding it. */
function pointingAt(doc: Json, url: string): Json {
  const attachment = { ...doc.content[0].attachment };
  delete attachment.data;
  return { ...doc, content: [{ ...doc.content[0], attachment: { ...attachment, url } }] };
}

const collection = (resources: Json[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
const decoded = (data: string) => new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
const documents = (el: EngageClinicalSummary) => el.shadowRoot!.querySelector<HTMLElement>('[data-section="documents"]')!;

/** The global fetch, recording each request's method, path and Authorization header. */
function recordingFetch(log: { path: string; auth: string | null }[]): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    log.push({ path: new URL(url).pathname.replace(/^.*\/fhir\/R4/, ''), auth: new Headers(init?.headers).get('Authorization') });
    return fetch(url, init);
  };
}

async function show(bundle: Json, adapter?: EngageAdapter): Promise<EngageClinicalSummary> {
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .bundle=${bundle}
    .adapter=${adapter}
    sections="documents"
    .session=${{ locale: 'en-US', role: 'patient' }}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="document-open"]'), 'the note');
  return el;
}

describe('<engage-clinical-summary> files kept on the server', function () {
  it('the FHIR port reads a seeded Binary over HTTP with the token, once per page view, relative or absolute', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const source = (await usCoreDocument(NOTE_ID)).content[0].attachment;
    const log: { path: string; auth: string | null }[] = [];
    const port = new FhirSummaryPort(new FhirClient({ baseUrl: fhirUrl, getToken: () => 'test-token', fetch: recordingFetch(log) }));
    const content = await port.getAttachment(NOTE_BINARY);
    expect(content).to.deep.equal({ contentType: source.contentType, data: source.data });
    expect(log).to.deep.equal([{ path: `/${NOTE_BINARY}`, auth: 'Bearer test-token' }]);
    // the same file again, and by its absolute URL on the server: answered from the read cache
    expect(await port.getAttachment(NOTE_BINARY)).to.deep.equal(content);
    expect(await port.getAttachment(`${fhirUrl.replace(/\/$/, '')}/${NOTE_BINARY}`)).to.deep.equal(content);
    expect(log.length).to.equal(1);
  });

  it('the FHIR port sends nothing to another server, and says so when a file is missing', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const log: { path: string; auth: string | null }[] = [];
    const port = new FhirSummaryPort(new FhirClient({ baseUrl: fhirUrl, getToken: () => 'test-token', fetch: recordingFetch(log) }));
    const failure = async (url: string) => {
      try {
        await port.getAttachment(url);
      } catch (error) {
        return isEngageError(error) ? error.code : 'other';
      }
      return 'read';
    };
    expect(await failure('https://elsewhere.example.org/fhir/Binary/demo-attachment-note-ce01eb8d')).to.equal('invalid');
    expect(log, 'no request, so no token, left for another server').to.deep.equal([]);
    expect(await failure('Binary/no-such-file')).to.equal('not-found');
  });

  it('a note pointing at a Binary opens its text, read through the FHIR adapter', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const doc = await usCoreDocument(NOTE_ID);
    const el = await show(collection([pointingAt(doc, NOTE_BINARY)]), createFhirAdapter({ baseUrl: fhirUrl }));
    expect(documents(el).querySelector('[data-viewer]'), 'nothing read before the reader opens it').to.equal(null);
    documents(el).querySelector<HTMLButtonElement>('[part~="document-open"]')!.click();
    const shown = await waitFor(() => documents(el).querySelector<HTMLElement>('[data-viewer="text"]'), 'the note text');
    expect(shown.textContent).to.equal(decoded(doc.content[0].attachment.data));
    expect(documents(el).querySelector('[data-viewer="elsewhere"]')).to.equal(null);
  });

  it('a PDF kept as a Binary is offered as a download of its bytes, never rendered inline', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const doc = await usCoreDocument(PDF_ID);
    const el = await show(collection([pointingAt(doc, PDF_BINARY)]), createFhirAdapter({ baseUrl: fhirUrl }));
    documents(el).querySelector<HTMLButtonElement>('[part~="document-open"]')!.click();
    const link = await waitFor(() => documents(el).querySelector<HTMLAnchorElement>('[data-viewer="download"]'), 'the download');
    expect(link.href).to.match(/^blob:/);
    expect(link.getAttribute('download')).to.match(/\.pdf$/);
    const bytes = new Uint8Array(await (await fetch(link.href)).arrayBuffer());
    const expected = Uint8Array.from(atob(doc.content[0].attachment.data), (c) => c.charCodeAt(0));
    expect([...bytes]).to.deep.equal([...expected]);
    expect(documents(el).querySelector('iframe, embed, object, img')).to.equal(null);
  });

  it('an HTML file read through the memory port is sanitized; a file the port lacks says it could not be opened', async () => {
    const vectors = await fixture<{ payload: string }[]>('sanitizer/owasp-xss-filter-evasion.json');
    const hostile = `<p>Follow-up in two weeks.</p>${vectors.slice(0, 20).map((v) => v.payload).join('')}`;
    const data = btoa(Array.from(new TextEncoder().encode(hostile), (b) => String.fromCharCode(b)).join(''));
    const adapter = createMemoryAdapter({ summary: { attachments: { 'Binary/visit-note': { contentType: 'text/html', data } } } });
    let ran = false;
    const saved = window.alert;
    window.alert = () => void (ran = true);
    try {
      const note = (id: string, url: string) => ({
        resourceType: 'DocumentReference',
        id,
        status: 'current',
        description: `Note ${id}`,
        content: [{ attachment: { contentType: 'text/html', url } }],
      });
      const el = await show(collection([note('a', 'Binary/visit-note'), note('b', 'Binary/missing')]), adapter);
      for (const button of documents(el).querySelectorAll<HTMLButtonElement>('[part~="document-open"]')) button.click();
      const shown = await waitFor(() => documents(el).querySelector<HTMLElement>('[data-viewer="html"]'), 'the note');
      expect(shown.textContent).to.contain('Follow-up in two weeks.');
      expect(shown.querySelector('script, iframe, img, object, embed, [onerror], [onload]')).to.equal(null);
      const failed = await waitFor(() => documents(el).querySelector<HTMLElement>('[data-viewer="failed"]'), 'the missing file');
      expect(failed.textContent).to.contain('could not be opened');
      expect(failed.textContent).to.contain('Binary/missing');
      expect(ran).to.equal(false);
    } finally {
      window.alert = saved;
    }
  });

  it('without a port that reads files, a Binary reference still says it is kept elsewhere', async () => {
    const doc = await usCoreDocument(NOTE_ID);
    const el = await show(collection([pointingAt(doc, NOTE_BINARY)]));
    documents(el).querySelector<HTMLButtonElement>('[part~="document-open"]')!.click();
    const shown = await waitFor(() => documents(el).querySelector<HTMLElement>('[data-viewer="elsewhere"]'), 'where the file is');
    expect(shown.textContent).to.contain(NOTE_BINARY);
  });
});
