/**
 * "What is hidden is not fetched where the server can filter" (#18): when the proxy policy
 * withholds security labels, the FHIR reads ask the server to leave those records out
 * (`_security:not=<system>|<code>`, one per label), so the parent of a 15-year-old is not
 * even sent them; a server that refuses the parameter gets the read again without it, and
 * the client-side drop still withholds the records.
 *
 * Against the local FHIR server seeded with `demo/data/demo-gomez-family.json`; the
 * labelled records are counted from the seed file, never through the code under test. A
 * logging fetch records every request and every resource the server sent back.
 */
import { expect } from '@open-wc/testing';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { withProxyPolicy } from '../../src/core/proxy-adapter.js';
import { DEFAULT_PROXY_POLICY } from '../../src/core/proxy-policy.js';
import type { EngageAdapter, Role } from '../../src/adapters/ports.js';
import { demoData, fhirEndpoints, setFault } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const LUCAS = 'Patient/demo-lucas-gomez';
/** A fixed clock: Lucas (born 2011-08-03) is 15 on it. */
const NOW = () => new Date(2026, 11, 1, 10);
/** The resource types the summary, refill, vaccine and banner reads search by patient. */
const TYPES = ['Condition', 'Observation', 'MedicationRequest', 'MedicationDispense', 'Immunization', 'AllergyIntolerance'];

let seeded: Json[] = [];
/** Lucas's seeded records of `type` that carry a security label, as `Type/id`. */
const labelledInSeed = (type: string) =>
  seeded
    .filter((r) => r.resourceType === type && r.meta?.security?.length && JSON.stringify(r).includes(LUCAS))
    .map((r) => `${type}/${r.id}`);
/** Lucas's seeded education assignments (SNOMED CT "Patient education" Communications) that carry a label. */
const labelledEducation = () =>
  seeded
    .filter((r) => r.resourceType === 'Communication' && r.meta?.security?.length && r.category?.some((c: Json) => c.coding?.some((x: Json) => x.code === '311401005')))
    .map((r) => `Communication/${r.id}`);

before(async () => {
  seeded = (await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json')).entry.map((e) => e.resource);
  for (const type of TYPES) expect(labelledInSeed(type).length, type).to.be.greaterThan(0);
  expect(labelledEducation().length, 'education').to.be.greaterThan(0);
});

afterEach(() => setFault(undefined));

/**
 * A fetch that logs each request (the reads it carries: its own URL, or a batch's entries)
 * and collects every resource in the answers (search and batch).
 */
function recording() {
  const requests: string[][] = [];
  const received = new Set<string>();
  const collect = (body: Json | undefined) => {
    if (!body) return;
    if (body.resourceType === 'Bundle') for (const entry of body.entry ?? []) collect(entry.resource);
    else if (body.resourceType && body.id) received.add(`${body.resourceType}/${body.id}`);
  };
  const logged: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const batch = typeof init?.body === 'string' ? (JSON.parse(init.body) as Json) : undefined;
    requests.push(batch?.entry ? batch.entry.map((e: Json) => String(e.request.url)) : [url]);
    const response = await fetch(input, init);
    collect((await response.clone().json().catch(() => undefined)) as Json | undefined);
    return response;
  };
  return {
    fetch: logged,
    requests,
    received,
    /** Every read, in order. */
    get urls() {
      return requests.flat();
    },
  };
}

/** Reads the summary, the prescriptions, the vaccines, the banner and the education as `role`, through the policy. */
async function readAll(role: Role, baseUrl: string, log = recording()) {
  const adapter: EngageAdapter = withProxyPolicy(createFhirAdapter({ baseUrl, fetch: log.fetch }), DEFAULT_PROXY_POLICY, {
    role,
    patient: LUCAS,
    now: NOW,
  });
  const summary = await adapter.summary!.getSummary(LUCAS);
  const prescriptions = await adapter.refills!.listPrescriptions(LUCAS);
  const record = await adapter.immunizations!.getRecord(LUCAS);
  const banner = await adapter.patient!.getPatient(LUCAS);
  const materials = await adapter.education!.listAssigned(LUCAS);
  return { log, adapter, summary, prescriptions, record, banner, materials };
}

/** The withheld labels as the query values the server gets (from the policy data). */
const labelValues = DEFAULT_PROXY_POLICY.rules.flatMap((rule) => rule.hiddenLabels ?? []).map((l) => `${l.system}|${l.code}`);

describe('proxy policy: the server leaves withheld records out', () => {
  it('the parent of a 15-year-old is not sent the labelled records; the adolescent is, with as many requests', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const parent = await readAll('caregiver', fhirUrl);
    const teen = await readAll('patient', fhirUrl);

    for (const type of TYPES) {
      const searches = parent.log.urls.filter((url) => url.startsWith(`${type}?`));
      expect(searches.length, `${type} searched`).to.be.greaterThan(0);
      for (const url of searches) {
        const asked = new URLSearchParams(url.slice(url.indexOf('?') + 1)).getAll('_security:not');
        expect(asked, url).to.have.members(labelValues);
      }
      for (const ref of labelledInSeed(type)) {
        expect(parent.log.received.has(ref), `${ref} sent to the parent`).to.equal(false);
        expect(teen.log.received.has(ref), `${ref} sent to the adolescent`).to.equal(true);
      }
    }
    for (const ref of labelledEducation()) {
      expect(parent.log.received.has(ref), `${ref} sent to the parent`).to.equal(false);
      expect(teen.log.received.has(ref), `${ref} sent to the adolescent`).to.equal(true);
    }
    const education = parent.log.urls.filter((url) => /(^|\/)Communication\?/.test(url) && url.includes('311401005'));
    expect(education.length, 'education searched').to.be.greaterThan(0);
    for (const url of education) expect(new URLSearchParams(url.slice(url.indexOf('?') + 1)).getAll('_security:not'), url).to.have.members(labelValues);
    expect(teen.log.urls.some((url) => url.includes('_security')), 'no filter for the adolescent').to.equal(false);
    // the policy first reads Lucas's age: his Patient and his allergies, the allergies already without
    // every label a caregiver's rule may withhold, so the summary and the banner take both from that
    // shared read; besides it, the same searches as the adolescent's, each with the filter added, in as
    // many round trips
    const [ageRead, ...after] = parent.log.requests;
    expect(ageRead, 'the age read').to.include('Patient/demo-lucas-gomez');
    const searches = (requests: string[][]) =>
      requests
        .flat()
        .filter((url) => url.includes('?'))
        .map((url) => url.replace(/&_security(:|%3A)not=[^&]*/g, ''))
        .sort();
    expect(searches(parent.log.requests), 'searches').to.deep.equal(searches(teen.log.requests));
    expect(after.length, 'round trips').to.equal(teen.log.requests.length);
    // the banner counts what each may see (Lucas's active allergies in the seed, with and without labels)
    const allergies = (labelled: boolean) =>
      seeded.filter((r) => r.resourceType === 'AllergyIntolerance' && r.patient?.reference === LUCAS && Boolean(r.meta?.security?.length) === labelled).length;
    const count = (banner: { allergies?: { kind: string; count?: number } }) => banner.allergies?.kind === 'recorded' && banner.allergies.count;
    expect(count(parent.banner), "the parent's banner").to.equal(allergies(false));
    expect(count(teen.banner), "the adolescent's banner").to.equal(allergies(false) + allergies(true));
    // what the parent was sent, they are shown: the unlabelled records are all there
    expect(parent.summary.sections.problems?.state).to.equal('entries');
    expect(parent.prescriptions.length).to.be.greaterThan(0);
    expect(parent.record.vaccinations.length).to.be.greaterThan(0);
  });

  it('a server that refuses _security:not is asked once more without it; the records are still withheld', async () => {
    const { proxyUrl } = await fhirEndpoints();
    // the first request that carries the filter is refused, as a server without `_security` would
    await setFault({ kind: 'status', status: 400, bodyContains: '_security', count: 1 });
    const parent = await readAll('caregiver', proxyUrl);
    const refused = parent.log.requests.findIndex((reads) => reads.some((url) => url.includes('_security')));
    expect(refused, 'the filter was tried').to.be.greaterThanOrEqual(0);
    // after the refusal, no read on this client carries it again: the summary once more, then the others
    const later = parent.log.requests.slice(refused + 1).flat().filter((url) => url.includes('?'));
    expect(later.filter((url) => url.startsWith('Condition?')), 'the summary read again').to.have.length(1);
    for (const type of ['MedicationRequest', 'Immunization']) expect(later.some((url) => url.startsWith(`${type}?`)), type).to.equal(true);
    expect(later.filter((url) => url.includes('_security'))).to.deep.equal([]);
    // the server sent the labelled records this time; the wrapper still dropped them
    const sent = [...TYPES.flatMap(labelledInSeed), ...labelledEducation()].filter((ref) => parent.log.received.has(ref));
    expect(sent.length, 'labelled records the server sent').to.be.greaterThan(0);
    const shownIds = [
      ...Object.values(parent.summary.sections).flatMap((section: any) => (section?.entries ?? []).map((entry: Json) => entry.id)),
      ...parent.prescriptions.map((p) => p.id),
      ...parent.record.vaccinations.map((v: Json) => v.id),
      ...parent.materials.map((m) => m.id),
    ];
    expect(sent.some((ref) => ref.startsWith('AllergyIntolerance/')), 'a labelled allergy sent').to.equal(true);
    const banner = parent.banner.allergies;
    const withheld = seeded.filter((r) => sent.includes(`AllergyIntolerance/${r.id}`)).map((r) => r.code.text as string);
    for (const name of withheld) expect(banner?.kind === 'recorded' ? banner.items?.map((i) => i.substance) : [], name).not.to.include(name);
    for (const ref of sent) expect(shownIds, ref).not.to.include(ref.split('/')[1]);
  });
});
