/**
 * Reads that must end in an error, never in "not recorded" or an endless "Loading…"
 * (issue 10, defects 3 and 6): a `200` whose body is an OperationOutcome, a batch entry
 * that carries one, a `next` link that points at itself and empty pages that keep
 * linking onward. The paging cases run the real elements over a fetch that rewrites the
 * local FHIR server's answers (or, for the thread, over a fake server built from the
 * demo's messages).
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import type { Bundle, Resource } from '../../src/adapters/fhir/fhir-types.js';
import { EngageError } from '../../src/core/errors.js';
import { demoData, fhirEndpoints, fixture, shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function rejection(promise: Promise<unknown>): Promise<EngageError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(EngageError);
    return error as EngageError;
  }
  throw new Error('expected an EngageError, but the call succeeded');
}

const answer = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });

/**
 * A fetch in front of the local FHIR server that makes every search page's `next` link
 * point back at the page itself (inside batch answers too), and counts requests.
 */
function selfLinkingFetch(): { fetch: typeof fetch; requests: () => number } {
  let requests = 0;
  const fetchFn: typeof fetch = async (input, init) => {
    requests++;
    const response = await fetch(input, init);
    const body = (await response.json()) as Json;
    const loop = (bundle: Json, url: string) => {
      if (bundle?.resourceType === 'Bundle' && bundle.type === 'searchset') bundle.link = [{ relation: 'next', url }];
    };
    if (body.type === 'batch-response') {
      const sent = JSON.parse(String(init?.body)) as Bundle;
      body.entry?.forEach((entry: Json, i: number) => loop(entry.resource, new URL(sent.entry![i]!.request!.url, String(input)).href));
    } else {
      loop(body, String(input));
    }
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
  return { fetch: fetchFn, requests: () => requests };
}

describe('FHIR reads that must end in an error', function () {
  it('a 200 OperationOutcome where a resource or a Bundle was expected is an error with its text', async () => {
    const outcome = await fixture<Resource>('fhir-r4/errors-and-paging/spec-operationoutcome-example-exception.json');
    const text = outcome.issue[0].details.text as string;
    const client = new FhirClient({ baseUrl: 'http://fake.invalid/fhir', fetch: async () => answer(outcome) });
    for (const read of [client.read('Patient', 'p1'), client.search('Condition', { patient: 'Patient/p1' })]) {
      const error = await rejection(read);
      expect(error.code).to.equal('server');
      expect(error.details).to.deep.equal([text]);
    }
  });

  it('a batch entry answered 200 with an OperationOutcome fails that entry, and its summary section shows an error, not "none recorded"', async () => {
    const outcome = await fixture<Resource>('fhir-r4/errors-and-paging/spec-operationoutcome-example-exception.json');
    const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Test' }] };
    const fetchFn: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/metadata')) return answer({ resourceType: 'CapabilityStatement', rest: [] });
      const sent = JSON.parse(String(init?.body)) as Bundle;
      return answer({
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: sent.entry!.map((entry) => {
          const url = entry.request!.url;
          if (url.startsWith('Patient/')) return { response: { status: '200 OK' }, resource: patient };
          if (url.startsWith('Condition?')) return { response: { status: '200 OK' }, resource: outcome };
          return { response: { status: '200 OK' }, resource: { resourceType: 'Bundle', type: 'searchset', entry: [] } };
        }),
      });
    };
    const batch = await new FhirClient({ baseUrl: 'http://fake.invalid/fhir', fetch: fetchFn }).batch([
      { method: 'GET', url: 'Patient/p1' },
      { method: 'GET', url: 'Condition?patient=Patient/p1' },
    ]);
    expect(batch[0]!.ok).to.equal(true);
    expect(batch[1]!.ok).to.equal(false);
    expect(batch[1]!.ok ? [] : batch[1]!.error.details).to.deep.equal([outcome.issue[0].details.text]);

    const summary = await createFhirAdapter({ baseUrl: 'http://fake.invalid/fhir', fetch: fetchFn }).summary!.getSummary('Patient/p1', {
      sections: ['problems', 'allergies'],
    });
    expect(summary.sections.problems?.state).to.equal('error');
    expect(summary.sections.allergies?.state, 'an empty search is still "none recorded"').not.to.equal('error');
  });

  it('a next link that points at itself ends a search in an EngageError after one repeat', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const looping = selfLinkingFetch();
    const client = new FhirClient({ baseUrl: fhirUrl, fetch: looping.fetch });
    const error = await rejection(client.searchAll('Organization', { _count: 1 }));
    expect(error.code).to.equal('server');
    expect(error.message).to.match(/paging loop/);
    // the first page, then its repeat, which is recognised
    expect(looping.requests()).to.equal(2);
  });

  it('empty pages that keep linking onward end in an EngageError after three', async () => {
    let requests = 0;
    const client = new FhirClient({
      baseUrl: 'http://fake.invalid/fhir',
      fetch: async () =>
        answer({ resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: `http://fake.invalid/fhir/Observation?page=${++requests}` }] }),
    });
    const error = await rejection(client.searchAll('Observation'));
    expect(error.message).to.match(/3 empty pages/);
    expect(requests).to.equal(3);
  });

  it('a page cap ends a read that never stops linking onward', async () => {
    let requests = 0;
    const client = new FhirClient({
      baseUrl: 'http://fake.invalid/fhir',
      fetch: async () =>
        answer({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: { resourceType: 'Observation', id: `o${requests}` } }],
          link: [{ relation: 'next', url: `http://fake.invalid/fhir/Observation?page=${++requests}` }],
        }),
    });
    const error = await rejection(client.searchAll('Observation', {}, { paging: { maxPages: 25 } }));
    expect(error.message).to.match(/25 pages/);
    expect(requests).to.equal(25);
  });

  it('the clinical summary over self-linking pages shows errors, not "Loading…", within a few requests', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const bundle = await demoData<{ entry: { resource: Resource }[] }>('synthea-kermit-trantow-f1a650a5.json');
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
    const looping = selfLinkingFetch();
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .adapter=${createFhirAdapter({ baseUrl: fhirUrl, fetch: looping.fetch })}
      .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US' }}
    ></engage-clinical-summary>`);
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="loading"]') && el.shadowRoot!.querySelector('[role="alert"]'), 'an error');
    expect(shadowText(el)).not.to.contain('Loading');
    // the first page of each search, one repeat each, and the metadata and batch requests
    expect(looping.requests()).to.be.below(40);
  });

  it('the message thread over a cursor that repeats shows an error, not "Loading conversation…"', async () => {
    const demo = await demoData<{ entry: { resource: Resource }[] }>('demo-messages.json');
    const header = demo.entry.find((e) => e.resource.id === 'demo-thread-lab-results')!.resource;
    const messages = demo.entry.map((e) => e.resource).filter((r) => r.partOf?.[0]?.reference === `Communication/${header.id}`);
    let requests = 0;
    const page = { resourceType: 'Bundle', type: 'searchset', entry: messages.map((resource) => ({ resource })), link: [{ relation: 'next', url: 'http://fake.invalid/fhir/Communication?part-of=x&page=2' }] };
    const fetchFn: typeof fetch = async (input, init) => {
      requests++;
      const sent = JSON.parse(String(init?.body ?? '{}')) as Bundle;
      const one = (url: string) =>
        url.startsWith('Communication/') ? header : url.startsWith('Communication?') ? page : { resourceType: 'Bundle', type: 'searchset', entry: [] };
      if (sent.type === 'batch') return answer({ resourceType: 'Bundle', type: 'batch-response', entry: sent.entry!.map((e) => ({ response: { status: '200 OK' }, resource: one(e.request!.url) })) });
      return answer(one(String(input).replace('http://fake.invalid/fhir/', '')));
    };
    const patientRef = header.subject.reference as string;
    const el = await mount<EngageMessageThread>(html`<engage-message-thread
      thread-id=${header.id!}
      .adapter=${createFhirAdapter({ baseUrl: 'http://fake.invalid/fhir', fetch: fetchFn })}
      .session=${{ patient: patientRef, user: { ref: patientRef, name: 'Carla' }, role: 'patient', locale: 'en-US' }}
    ></engage-message-thread>`);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="state"][part~="error"]'), 'the error state');
    expect(shadowText(el)).not.to.contain('Loading conversation');
    expect(requests).to.be.below(10);
  });
});
