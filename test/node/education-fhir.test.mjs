// The FHIR education port (src/adapters/fhir/education-port.ts) against the demo FHIR
// server over real HTTP: assign (idempotent, also after a changed retry), list, mark
// read once, and count patients educated in a period.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';
import { importTs } from './ts-bundle.mjs';

const { FhirClient, FhirEducationPort } = await importTs(['src/adapters/fhir/client.ts', 'src/adapters/fhir/education-port.ts']);

describe('FHIR education port', () => {
  let server;
  let port;
  let client;
  let clock = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    server = await startFhirServer({ port: 0, seed: false });
    client = new FhirClient({ baseUrl: server.url });
    port = new FhirEducationPort(client, { sender: { ref: 'Practitioner/dr-lee', name: 'Dr. Lee' }, now: () => clock });
  });
  after(() => server?.close());

  const draft = { title: 'Walking plan', url: 'https://kb.test/walk', reason: 'For your blood pressure', language: 'en' };

  it('assigns a link as a Communication with the education category; the same key twice stores one', async () => {
    const first = await port.assign('Patient/p1', draft, { idempotencyKey: 'k1' });
    const again = await port.assign('Patient/p1', draft, { idempotencyKey: 'k1' });
    assert.equal(again.id, first.id);
    assert.deepEqual(
      { ...first, id: undefined },
      { id: undefined, patient: 'Patient/p1', title: 'Walking plan', url: 'https://kb.test/walk', reason: 'For your blood pressure', assignedBy: 'Dr. Lee', assigned: '2026-11-20T10:00:00.000Z', language: 'en' },
    );
    const stored = await client.read('Communication', first.id);
    assert.deepEqual(stored.category[0].coding[0], { system: 'http://snomed.info/sct', code: '311401005', display: 'Patient education' });
    assert.equal(stored.sender.reference, 'Practitioner/dr-lee');
  });

  it('a changed retry replacing an earlier key revises the record that landed', async () => {
    const first = await port.assign('Patient/p1', { ...draft, title: 'Walkng plan' }, { idempotencyKey: 'k2' });
    const revised = await port.assign('Patient/p1', { ...draft, title: 'Walking plan, week 2' }, { idempotencyKey: 'k3', replaces: ['k2'] });
    assert.equal(revised.id, first.id);
    assert.equal(revised.title, 'Walking plan, week 2');
  });

  it('lists newest first; a PDF attachment reads back as an attachment', async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    await port.assign('Patient/p1', { title: 'Inhaler steps', attachment: { contentType: 'application/pdf', url: 'https://kb.test/inhaler.pdf' } }, { idempotencyKey: 'k4' });
    const list = await port.listAssigned('Patient/p1');
    assert.equal(list.length, 3);
    assert.equal(list[0].title, 'Inhaler steps');
    assert.deepEqual(list[0].attachment, { contentType: 'application/pdf', url: 'https://kb.test/inhaler.pdf', title: 'Inhaler steps' });
  });

  it('an uploaded PDF is written inline (data, size, SHA-1, no url) and reads back the same; the same key twice stores one', async () => {
    clock = new Date('2025-01-15T10:00:00Z'); // outside every period the count test asks about
    const bytes = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
    const hash = createHash('sha1').update(bytes).digest('base64');
    const file = { contentType: 'application/pdf', data: bytes.toString('base64'), size: bytes.length, hash };
    const first = await port.assign('Patient/p9', { title: 'Spacer use', attachment: file }, { idempotencyKey: 'k-pdf' });
    const again = await port.assign('Patient/p9', { title: 'Spacer use', attachment: file }, { idempotencyKey: 'k-pdf' });
    assert.equal(again.id, first.id);
    assert.deepEqual(first.attachment, { ...file, title: 'Spacer use' });
    const stored = await client.read('Communication', first.id);
    assert.deepEqual(stored.payload[0].contentAttachment, { data: file.data, title: 'Spacer use', contentType: 'application/pdf', size: bytes.length, hash });
    assert.deepEqual((await port.listAssigned('Patient/p9')).map((m) => m.attachment?.data), [file.data]);
  });

  it('marks read once: a second marking keeps the first time', async () => {
    const [material] = await port.listAssigned('Patient/p1');
    clock = new Date('2026-11-26T08:00:00Z');
    const read = await port.markRead(material.id, { idempotencyKey: 'r1' });
    assert.equal(read.readAt, '2026-11-26T08:00:00.000Z');
    clock = new Date('2026-11-27T08:00:00Z');
    const again = await port.markRead(material.id, { idempotencyKey: 'r1' });
    assert.equal(again.readAt, '2026-11-26T08:00:00.000Z');
  });

  it('counts distinct patients educated in a period', async () => {
    clock = new Date('2026-10-01T10:00:00Z');
    await port.assign('Patient/p2', draft, { idempotencyKey: 'k5' });
    clock = new Date('2026-11-30T10:00:00Z');
    await port.assign('Patient/p3', draft, { idempotencyKey: 'k6' });
    // p1 (3 materials, 20 and 25 Nov), p3 (30 Nov) in November; p2 only in October
    assert.equal(await port.countPatientsEducated({ start: '2026-11-01', end: '2026-11-30' }), 2);
    assert.equal(await port.countPatientsEducated({ start: '2026-09-01', end: '2026-12-31' }), 3);
    assert.equal(await port.countPatientsEducated({ start: '2026-12-01', end: '2026-12-31' }), 0);
  });
});
