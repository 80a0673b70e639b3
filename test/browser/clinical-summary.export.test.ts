/**
 * The downloaded web page is a summary someone else can read: it names the patient and
 * keeps every section's title (the titles live in the toggle buttons, which the export
 * must not throw away with the other controls).
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { errorText } from '../../src/core/states.js';
import { demoData, fhirEndpoints, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

async function downloadedPage(el: EngageClinicalSummary): Promise<Document> {
  const saved: Blob[] = [];
  const original = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob | MediaSource) => (saved.push(blob as Blob), original.call(URL, blob as Blob));
  try {
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-download="html"]')!.click();
    await waitFor(() => saved.length === 1, 'HTML download');
    return new DOMParser().parseFromString(await saved[0]!.text(), 'text/html');
  } finally {
    URL.createObjectURL = original;
  }
}

/** A seeded Synthea patient's summary from the local FHIR server, in the patient's view. */
async function mountPatientSummary(): Promise<{ el: EngageClinicalSummary; patient: Json }> {
  const { fhirUrl } = await fhirEndpoints();
  const resources = (await demoData<{ entry: { resource: Json }[] }>('synthea-kermit-trantow-f1a650a5.json')).entry.map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === 'Patient')!;
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
    .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US', role: 'patient' }}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[data-download="html"]'), 'summary loaded');
  return { el, patient };
}

describe('<engage-clinical-summary> downloaded web page', function () {
  it('names the patient and keeps every section title, from the live record', async () => {
    const { el, patient } = await mountPatientSummary();
    const titles = [...el.shadowRoot!.querySelectorAll('.section__title')].map((t) => t.textContent!.trim());
    expect(titles.length).to.be.greaterThan(5);
    const page = await downloadedPage(el);
    const text = page.body.textContent!.replace(/\s+/g, ' ');
    const name = patient.name.find((n: Json) => n.use === 'official') ?? patient.name[0];
    expect(text).to.include(name.given[0]).and.include(name.family);
    for (const title of titles) expect(text, title).to.include(title);
    // the titles are still headings, not loose text
    expect([...page.querySelectorAll('[role="heading"]')].map((h) => h.textContent!.replace(/\s+/g, ' ').trim()).join('|')).to.include(titles[0]!);
    expect(page.querySelector('script, button, input')).to.equal(null);
  });

  it('says so when the download code cannot load, and the next press downloads', async () => {
    const { el, patient } = await mountPatientSummary();
    const status = () => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
    // the network fails the on-demand chunk once, as a browser reports it
    (el as any).exchanged = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-download="html"]')!.click();
    await waitFor(() => status() === errorText('network'), 'load failure announced');
    delete (el as any).exchanged;
    const page = await downloadedPage(el);
    expect(page.body.textContent).to.include(patient.name[0].family);
  });
});
