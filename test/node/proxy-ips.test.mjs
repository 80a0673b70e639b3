// IPS documents under the proxy policy (mapping and port level; the screen is
// test/browser/proxy-ips.test.ts). A document the policy withholds on screen is withheld
// from its download and its send too. An IPS document marked restricted as a whole (Composition.confidentiality R, or
// the Bundle's meta.security V) shows a parent of a 15-year-old none of its records; the
// document itself, read for "Download" or handed to "Send", still held every Condition,
// because only each resource's own meta.security was read there. The NZ IPS (real), ONE
// element set per case; what must be withheld is read from the JSON here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const FILE = 'test/fixtures/fhir-r4/ips/ips-nz-full-16-sections.json';
const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const TEEN = 'Patient/proxy-teen';

let m;
before(async () => {
  m = await importTs(['src/core/proxy-adapter.ts', 'src/core/proxy-policy.ts', 'src/adapters/ips/ips.ts', 'src/adapters/fhir/mapping/summary.ts']);
});

const resourcesOf = (bundle) => bundle.entry.map((e) => e.resource);
const conditionsOf = (bundle) => resourcesOf(bundle).filter((r) => r.resourceType === 'Condition');

/** The summary port behind the policy, as a parent (caregiver) or the adolescent reads it. */
function portFor(document, role) {
  const sent = [];
  const adapter = {
    patient: { getPatient: async () => ({ ref: TEEN, birthDate: '2011-03-05', names: [], identifiers: [] }) },
    summary: {
      getSummary: async () => ({ source: 'ips', sections: {} }),
      getDocument: async () => structuredClone(document),
      transmit: async (_patient, request) => (sent.push(request.document), { id: 'sent' }),
    },
  };
  const wrapped = m.withProxyPolicy(adapter, m.DEFAULT_PROXY_POLICY, { role, patient: TEEN, now: () => new Date(2026, 11, 1, 10) });
  return { port: wrapped.summary, sent };
}

const CASES = [
  ['Composition.confidentiality R', (bundle) => void (resourcesOf(bundle).find((r) => r.resourceType === 'Composition').confidentiality = 'R')],
  ['Bundle.meta.security V', (bundle) => void (bundle.meta = { security: [{ system: CONFIDENTIALITY, code: 'V' }] })],
];

describe('proxy policy: a restricted IPS document is withheld from its download and its send', () => {
  for (const [where, restrict] of CASES) {
    it(`${where}: the parent gets no Condition of it, by download or send; the adolescent gets them all`, async () => {
      const bundle = JSON.parse(readFileSync(FILE, 'utf8'));
      restrict(bundle);
      const conditions = conditionsOf(bundle).length;
      assert.ok(conditions > 0);
      const parent = portFor(bundle, 'caregiver');
      const downloaded = await parent.port.getDocument(TEEN).then((doc) => conditionsOf(doc).length, (error) => error.code);
      assert.ok(downloaded === 0 || downloaded === 'forbidden', `download: ${downloaded}`);
      const sending = await parent.port
        .transmit(TEEN, { document: structuredClone(bundle), to: 'direct:someone@example.org' }, { idempotencyKey: 'k' })
        .then(() => conditionsOf(parent.sent[0]).length, (error) => error.code);
      assert.ok(sending === 0 || sending === 'forbidden', `send: ${sending}`);
      const teen = portFor(bundle, 'patient');
      assert.equal(conditionsOf(await teen.port.getDocument(TEEN)).length, conditions);
    });
  }

  it('the document as published (confidentiality N): the parent downloads every Condition', async () => {
    const bundle = JSON.parse(readFileSync(FILE, 'utf8'));
    const parent = portFor(bundle, 'caregiver');
    assert.equal(conditionsOf(await parent.port.getDocument(TEEN)).length, conditionsOf(bundle).length);
  });
});

/** The Bundle's resources as a server stores them: each with the id of its `urn:uuid:` fullUrl, references to them rewritten. */
function asStored(bundle) {
  const ids = new Map(bundle.entry.map((e) => [e.fullUrl, `${e.resource.resourceType}/${e.fullUrl.split(':').pop()}`]));
  const text = JSON.stringify(bundle.entry.map((e) => ({ ...e.resource, id: e.fullUrl.split(':').pop() }))).replace(/"urn:uuid:[0-9a-f-]+"/g, (url) => JSON.stringify(ids.get(JSON.parse(url)) ?? JSON.parse(url)));
  return JSON.parse(text);
}

/*
 * A DiagnosticReport's results are as sensitive as the report: Verosource's IPS (real) holds
 * one report with its result Observations; ONE element set: the report's meta.security HIV.
 * The results, labelled nothing themselves, reached the parent.
 */
describe('proxy policy: the results of a labelled IPS report', () => {
  for (const [route, read] of [
    ['the IPS document', (bundle) => m.summaryFromIps(bundle)],
    ['the same resources read by FHIR search', (bundle) => m.summaryFromResources(asStored(bundle))],
  ]) {
  it(`${route}: a report labelled HIV: none of its results reach the parent, all reach the adolescent`, () => {
    const bundle = JSON.parse(readFileSync('test/fixtures/fhir-r4/ips/ips-ca-verosource-buddy-bear.json', 'utf8'));
    const report = resourcesOf(bundle).find((r) => r.resourceType === 'DiagnosticReport');
    const results = report.result.length;
    assert.ok(results > 0);
    report.meta = { security: [{ system: m.ACT_CODE_SYSTEM, code: 'HIV' }] };
    // the results headed by the report's name (its results carry no ids of their own here)
    const panelName = report.code.text;
    const count = (summary) =>
      summary.sections.results?.state === 'entries' ? summary.sections.results.entries.filter((e) => e.panel?.text === panelName).length : 0;
    const summary = read(bundle);
    assert.equal(count(summary), results, 'the adolescent reads every result');
    assert.equal(count(m.summaryUnderRules(summary, m.rulesFor(m.DEFAULT_PROXY_POLICY, 'caregiver', 15))), 0);
  });
  }
});
