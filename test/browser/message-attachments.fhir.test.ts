/**
 * Defect 4 of issue 10: a large attachment whose Binary write landed but whose answer was
 * lost must not be stored twice when the send is retried (or retried with edited text).
 * FHIR adapter through this file's fault proxy; Binaries counted on the server itself.
 */
import { expect } from '@open-wc/testing';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirMessagingPort } from '../../src/adapters/fhir/messaging-port.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { WriteIntent } from '../../src/core/write-protocol.js';
import { rejection } from './contract/rejection.js';
import { fhirEndpoints, setFault } from './helpers.js';

const PATIENT = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';
const me = { user: { ref: PATIENT, name: 'Buster Hoeger' }, role: 'patient' as const };

/** 100 KB of bytes no other test writes (a random seed), as a PDF blob and as base64. */
function uniquePdf(): { blob: Blob; base64: string } {
  const bytes = new Uint8Array(100 * 1024);
  // getRandomValues fills at most 64 KiB per call
  for (let offset = 0; offset < bytes.length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { blob: new Blob([bytes], { type: 'application/pdf' }), base64: btoa(binary) };
}

describe('FHIR messaging: attachments under the write protocol', function () {
  let port: FhirMessagingPort;
  let server: FhirClient;

  before(async () => {
    const { fhirUrl, proxyUrl } = await fhirEndpoints();
    port = new FhirMessagingPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }));
    server = new FhirClient({ baseUrl: fhirUrl });
  });
  afterEach(() => setFault(undefined));

  async function binariesHolding(base64: string): Promise<number> {
    const { resources } = await server.searchAll('Binary', { _count: 500 }, { maxResults: 100_000 });
    return resources.filter((r) => r.data === base64).length;
  }

  async function startThread() {
    const directory = await port.getDirectory(PATIENT);
    return (
      await port.startThread(
        PATIENT,
        { subject: 'Attachment', recipient: directory.pools[0]!, message: { body: 'opening', attachments: [] } },
        { idempotencyKey: newIdempotencyKey(), as: me },
      )
    ).thread;
  }

  it('a retry after the Binary answer was lost stores one Binary, and the message points to it', async () => {
    const thread = await startThread();
    const pdf = uniquePdf();
    const draft = { body: 'Lab report', attachments: [{ title: 'report.pdf', contentType: 'application/pdf', data: pdf.blob }] };
    const keys = { idempotencyKey: newIdempotencyKey() };
    await setFault({ kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: '"Binary"', count: 1 });
    expect((await rejection(port.sendMessage(thread.id, draft, { ...keys, as: me }))).code).to.equal('network');
    await setFault(undefined);
    expect(await binariesHolding(pdf.base64), 'the first Binary write landed').to.equal(1);

    const message = await port.sendMessage(thread.id, draft, { ...keys, as: me });
    expect(await binariesHolding(pdf.base64)).to.equal(1);
    const blob = await port.getAttachment(message.attachments[0]!);
    expect(blob.size).to.equal(pdf.blob.size);
  });

  it('an edited retry with the same file after a lost message answer keeps one Binary and one message', async () => {
    const thread = await startThread();
    const pdf = uniquePdf();
    const file = { title: 'scan.pdf', contentType: 'application/pdf', data: pdf.blob };
    const intent = new WriteIntent<string>((body) => body);
    await setFault({ kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: '"partOf"', count: 1 });
    await rejection(port.sendMessage(thread.id, { body: 'first words', attachments: [file] }, { ...intent.keysFor('first words'), as: me }));
    await setFault(undefined);
    await port.sendMessage(thread.id, { body: 'better words', attachments: [file] }, { ...intent.keysFor('better words'), as: me });
    expect(await binariesHolding(pdf.base64)).to.equal(1);
    const messages = (await port.listMessages(thread.id, {}, { as: me })).items.filter((m) => m.body !== 'opening');
    expect(messages.map((m) => m.body)).to.deep.equal(['better words']);
  });
});
