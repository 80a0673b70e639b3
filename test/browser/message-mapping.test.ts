/**
 * FHIR Communication → domain mapping on the spec's own (messy) examples: partOf without
 * a reference, senders by identifier only, a Device sender, inline and external
 * attachments, payloads that are neither text nor attachment. Nothing may throw.
 */
import { expect } from '@open-wc/testing';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirMessagingPort } from '../../src/adapters/fhir/messaging-port.js';
import { isHeader, toMessage, toThread } from '../../src/adapters/fhir/mapping/messaging.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { fixture } from './helpers.js';

const ME = { user: { ref: 'Practitioner/example' }, role: 'clinician' as const };

describe('FHIR messaging mapping on spec examples', () => {
  it('maps a Device alert with a contentReference payload', async () => {
    const resource = await fixture<Resource>('fhir-r4/spec-examples/communication-example.json');
    expect(isHeader(resource)).to.equal(false); // it has a payload
    const message = toMessage(resource as never, 'x', ME, []);
    expect(message.sender).to.deep.equal({ ref: 'Device/f001', kind: 'device', name: '' });
    expect(message.body).to.equal('Patient 1 has a very high serum potassium value (7.2 mmol/L on 2014-Dec-12 at 5:55 pm)');
    expect(message.sent).to.equal('2014-12-12T18:01:10-08:00');
    expect(message.attachments).to.deep.equal([]);
    // completed and `received` by its only recipient, the reader: read (the two-party scheme)
    expect(message.readByMe).to.equal(true);
    expect(toMessage(resource as never, 'x', { user: { ref: 'Practitioner/other' }, role: 'clinician' }, []).readByMe).to.equal(false);
  });

  it('maps inline and external attachments, and fetches only what is safe', async () => {
    const resource = await fixture<Resource>('fhir-r4/spec-examples/communication-example-fm-attachment.json');
    const message = toMessage(resource as never, 'x', ME, []);
    expect(message.sender.ref).to.equal(''); // identifier-only sender: no reference to show
    expect(message.attachments.map((a) => [a.title, a.contentType, a.size])).to.deep.equal([
      ['accident notes 20100201.pdf', 'application/pdf', 5],
      ['AB12345', 'application/pdf', 104274],
    ]);
    const port = new FhirMessagingPort(new FhirClient({ baseUrl: 'http://127.0.0.1:9/fhir' }));
    expect(await (await port.getAttachment(message.attachments[0]!)).text()).to.equal('Hello');
    // a URL on another host would receive the user's token: refused
    const error = await port.getAttachment(message.attachments[1]!).catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('invalid');
  });

  it('maps a header with nothing but an id', () => {
    const thread = toThread({ resourceType: 'Communication', id: 'h' } as never, [], undefined, []);
    expect(thread).to.include({ id: 'h', subject: '', status: 'open', patient: '', unreadCount: 0, created: '' });
    expect(thread.participants).to.deep.equal([]);
  });
});
