/**
 * Fuzz through the rendered elements (issue 10, defect 8): every element mounted over a
 * FHIR adapter whose fake `fetch` answers with seeded mutations of the fixture resources.
 * Whatever the data, an element must end in content or an error state — never a page
 * error, never stuck on "Loading…".
 */
import { expect, fixture as mount } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/decision-aid/decision-aid.js';
import '../../src/elements/immunizations/immunizations.js';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/message-thread/message-thread.js';
import '../../src/elements/patient-banner/patient-banner.js';
import '../../src/elements/refill-queue/refill-queue.js';
import '../../src/elements/refill-request/refill-request.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { demoData, fixture } from './helpers.js';
import { seededRandom } from '../../demo/server/seeded-random.mjs';
import { fakeFetch, ownSeeds } from './fuzz/targets.js';

const SEED = 20261202;
const ROUNDS = 20; // × 8 elements = 160 mounts

const ELEMENTS: { tag: string; role: string; attrs: string }[] = [
  { tag: 'engage-patient-banner', role: 'patient', attrs: '' },
  { tag: 'engage-clinical-summary', role: 'patient', attrs: '' },
  { tag: 'engage-message-inbox', role: 'patient', attrs: '' },
  { tag: 'engage-message-thread', role: 'patient', attrs: 't1' },
  { tag: 'engage-refill-request', role: 'patient', attrs: '' },
  { tag: 'engage-refill-queue', role: 'clinician', attrs: '' },
  { tag: 'engage-decision-aid', role: 'patient', attrs: 'knee' },
  { tag: 'engage-immunizations', role: 'clinician', attrs: '' },
];

const resourcesOf = (bundle: { entry?: { resource?: Resource }[] }) => (bundle.entry ?? []).map((e) => e.resource!).filter(Boolean);

describe('fuzz: mutated FHIR through the rendered elements', function () {
  const pageErrors: string[] = [];
  const onError = (event: ErrorEvent) => {
    // the virtualizer's ResizeObserver notice is not a fault (see message-helpers.ts)
    if (/ResizeObserver loop/.test(event.message)) return;
    pageErrors.push(event.message);
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    const reason = event.reason as { name?: string; message?: string } | undefined;
    // a read that failed with an EngageError is shown by the element; anything else is a crash
    if (reason?.name !== 'EngageError') pageErrors.push(`unhandled rejection: ${reason?.message ?? String(event.reason)}`);
    event.preventDefault();
  };
  before(async () => {
    // the immunization element loads the CDSi engine on demand; load it once here so the
    // stuck-loading bound measures the element, not the first fetch of a large module
    await import('../../src/immunization-forecast/record-forecast.js');
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });

  it(`${ROUNDS * ELEMENTS.length} mounts: 0 page errors, 0 elements stuck loading`, async () => {
    const synthea = resourcesOf(await demoData('synthea-buster-hoeger-ad2e3fc5.json'));
    const seeds = [
      ...synthea.filter((r, i, all) => all.findIndex((s) => s.resourceType === r.resourceType) === i),
      ...resourcesOf(await demoData('demo-messages.json')),
      ...resourcesOf(await demoData('demo-practice.json')),
      ...resourcesOf(await demoData('demo-decision-aids.json')),
      await fixture<Resource>('fhir-r4/spec-examples-with-narrative/allergyIntolerance-example1.json'),
      ...ownSeeds(),
    ];
    const ips = [await fixture<Resource>('fhir-r4/ips/ips-ig-bundle-01.json')];
    const random = seededRandom(SEED);
    const counter = { mutations: 0, requests: 0 };
    const stuck: string[] = [];
    let mounts = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const { tag, role, attrs } of ELEMENTS) {
        const adapter = createFhirAdapter({ baseUrl: 'http://fuzz.invalid/fhir', fetch: fakeFetch(seeds, ips, random, counter), maxRetries: 0 });
        const session = { patient: 'Patient/p1', user: { ref: role === 'clinician' ? 'Practitioner/dr' : 'Patient/p1', name: 'User' }, role, locale: 'en-US' };
        const name = unsafeStatic(tag);
        const el = await mount<HTMLElement & { updateComplete: Promise<unknown> }>(
          staticHtml`<${name} thread-id=${attrs} aid-id=${attrs} .adapter=${adapter} .session=${session}></${name}>`,
        );
        mounts++;
        // poll the element (not a clock) until it leaves its loading state, or give up after a bound
        let loading = true;
        for (let i = 0; i < 200 && loading; i++) {
          await el.updateComplete;
          await new Promise((resolve) => setTimeout(resolve, 10));
          loading = !!el.shadowRoot?.querySelector('[part~="loading"]');
        }
        if (loading) stuck.push(`${tag} (round ${round})`);
        el.remove();
      }
    }
    console.log(`element fuzz (seed ${SEED}): ${mounts} mounts, ${counter.requests} requests, ${counter.mutations} mutated resources, ${pageErrors.length} page errors, ${stuck.length} stuck loading`);
    expect(pageErrors, 'page errors').to.deep.equal([]);
    expect(stuck, 'elements stuck loading').to.deep.equal([]);
    expect(mounts).to.equal(ROUNDS * ELEMENTS.length);
  });
});
