/**
 * The browser floor: with the APIs newer than it deleted (src/core/compat.ts lists
 * them), an element still loads its data from the FHIR server over HTTP, a caller's
 * cancel still reaches the request, and idempotency keys are still UUIDs.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/core/provider.js';
import '../../src/elements/patient-banner/patient-banner.js';
import { createFhirAdapter, FhirClient } from '../../src/adapters/fhir/index.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { anySignal, timeoutSignal } from '../../src/core/compat.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, shadowText, waitFor } from './helpers.js';

type Removable = { any?: unknown; timeout?: unknown };
const signalStatics = AbortSignal as unknown as Removable;
const cryptoProto = Crypto.prototype as unknown as { randomUUID?: unknown };
const originals = { any: signalStatics.any, timeout: signalStatics.timeout, randomUUID: cryptoProto.randomUUID };

describe('without the APIs newer than the browser floor', () => {
  before(() => {
    delete signalStatics.any;
    delete signalStatics.timeout;
    delete cryptoProto.randomUUID;
  });

  after(() => {
    Object.assign(AbortSignal, { any: originals.any, timeout: originals.timeout });
    cryptoProto.randomUUID = originals.randomUUID;
  });

  it('the APIs are really gone in this page', () => {
    expect(signalStatics.any).to.equal(undefined);
    expect(signalStatics.timeout).to.equal(undefined);
    expect(crypto.randomUUID).to.equal(undefined);
  });

  it('a patient banner over the FHIR adapter loads the patient from the server', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const family = `Compatfloor${newIdempotencyKey().slice(0, 8)}`;
    const patient = (
      await new FhirClient({ baseUrl: fhirUrl }).create<Resource>({
        resourceType: 'Patient',
        name: [{ family, given: ['Ines'] }],
        birthDate: '1961-08-09',
      })
    ).body;
    const host = document.createElement('div');
    document.body.append(host);
    render(
      html`<engage-provider .adapter=${createFhirAdapter({ baseUrl: fhirUrl })} patient=${`Patient/${patient.id}`}>
        <engage-patient-banner></engage-patient-banner>
      </engage-provider>`,
      host,
    );
    const banner = host.querySelector('engage-patient-banner')!;
    await waitFor(() => shadowText(banner).includes(family), 'the patient name');
    expect(shadowText(banner)).to.not.match(/server|error/i);
    host.remove();
  });

  it('a cancel by the caller aborts the combined signal, with its reason', () => {
    const caller = new AbortController();
    const other = new AbortController();
    const combined = anySignal([caller.signal, other.signal]);
    expect(combined.aborted).to.equal(false);
    const reason = new Error('left the page');
    caller.abort(reason);
    expect(combined.aborted).to.equal(true);
    expect(combined.reason).to.equal(reason);
    // an already aborted input aborts the combined signal at once
    expect(anySignal([caller.signal, new AbortController().signal]).aborted).to.equal(true);
  });

  it('a timeout signal aborts with a TimeoutError', async () => {
    const signal = timeoutSignal(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect((signal.reason as DOMException).name).to.equal('TimeoutError');
  });

  it('idempotency keys are distinct version-4 UUIDs', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).to.equal(50);
    for (const key of keys) expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
