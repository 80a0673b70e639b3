/**
 * Issue #20, finding 4: a reply whose `sender` reference has no display text showed
 * "Care team" instead of who wrote it. Opening a conversation reads the senders in the
 * same batch (`_include=Communication:sender`), so each message names its author, with
 * no extra request. Against the local FHIR server over HTTP.
 */
import { expect } from '@open-wc/testing';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { fhirEndpoints } from './helpers.js';

const CARLA = 'Patient/d8e20eac-1721-4a71-ba98-c23d32e75105';

async function create<T extends { id?: string }>(fhirUrl: string, resource: Record<string, unknown>): Promise<T & { id: string }> {
  const response = await fetch(`${fhirUrl}/${resource.resourceType as string}`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  expect(response.status, `create ${resource.resourceType as string}`).to.equal(201);
  return (await response.json()) as T & { id: string };
}

async function proxyRequests(proxyUrl: string): Promise<number> {
  const response = await fetch(`${new URL(proxyUrl).origin}/__fault`);
  return ((await response.json()) as { requests: number }).requests;
}

describe('message senders are named from the record (#20 finding 4)', () => {
  it('a reply from a practitioner and one from a caregiver, both without display text, name their authors', async () => {
    const { fhirUrl, proxyUrl } = await fhirEndpoints();
    const doctor = await create(fhirUrl, {
      resourceType: 'Practitioner',
      name: [{ prefix: ['Dr.'], given: ['Ada'], family: 'Quillfeather' }],
    });
    const caregiver = await create(fhirUrl, {
      resourceType: 'RelatedPerson',
      patient: { reference: CARLA },
      name: [{ text: 'Rosa Fuentes' }],
    });
    const header = await create(fhirUrl, {
      resourceType: 'Communication',
      status: 'in-progress',
      subject: { reference: CARLA },
      topic: { text: 'Senders without display text' },
      sent: '2026-11-20T10:00:00Z',
    });
    for (const [sender, minute] of [[`Practitioner/${doctor.id}`, 1], [`RelatedPerson/${caregiver.id}`, 2]] as const) {
      await create(fhirUrl, {
        resourceType: 'Communication',
        status: 'completed',
        partOf: [{ reference: `Communication/${header.id}` }],
        subject: { reference: CARLA },
        sender: { reference: sender },
        sent: `2026-11-20T10:0${minute}:00Z`,
        payload: [{ contentString: `Message ${minute}` }],
      });
    }

    const adapter = createFhirAdapter({ baseUrl: proxyUrl });
    const before = await proxyRequests(proxyUrl);
    const page = await adapter.messaging!.listMessages(header.id);
    // the names come with the messages: opening is still one batch
    expect(await proxyRequests(proxyUrl)).to.equal(before + 1);
    expect(page.items.map((m) => [m.sender.ref, m.sender.name])).to.deep.equal([
      [`Practitioner/${doctor.id}`, 'Dr. Ada Quillfeather'],
      [`RelatedPerson/${caregiver.id}`, 'Rosa Fuentes'],
    ]);
  });
});
