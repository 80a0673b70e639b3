// The demo knowledge service (demo/server/knowledge-service.mjs) over real HTTP, and the
// infobutton adapter against it: every request the adapter writes passes the service's
// parameter checks, and each malformed or missing parameter is a 400 naming it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';
import { TOPICS } from '../../demo/server/knowledge-entries.mjs';
import { importTs } from './ts-bundle.mjs';

const { createKnowledgePort } = await importTs(['src/adapters/infobutton/index.ts']);

const OIDS = { 'http://snomed.info/sct': '2.16.840.1.113883.6.96', 'http://www.nlm.nih.gov/research/umls/rxnorm': '2.16.840.1.113883.6.88', 'http://loinc.org': '2.16.840.1.113883.6.1' };

/** Problem, medicine and test codes in the demo patients' data, read from demo/data. */
function demoCodes() {
  const codes = new Set();
  for (const file of readdirSync('demo/data').filter((f) => f.endsWith('.json'))) {
    const bundle = JSON.parse(readFileSync(`demo/data/${file}`, 'utf8'));
    for (const entry of bundle.entry ?? []) {
      const r = entry.resource ?? {};
      if (!['Condition', 'MedicationRequest', 'Observation'].includes(r.resourceType)) continue;
      for (const c of (r.code ?? r.medicationCodeableConcept)?.coding ?? []) if (OIDS[c.system]) codes.add(`${OIDS[c.system]}|${c.code}`);
    }
  }
  return codes;
}

describe('demo knowledge service', () => {
  let server;
  let base = '';
  before(async () => {
    server = await startFhirServer({ port: 0, seed: false });
    base = `${new URL(server.url).origin}/knowledge/service`;
  });
  after(() => server?.close());

  const ok = 'mainSearchCriteria.v.cs=2.16.840.1.113883.6.96&mainSearchCriteria.v.c=38341003&informationRecipient=PAT&informationRecipient.languageCode.c=en&knowledgeResponseType=application/json';

  it('every demo topic code except the ICD-10-CM examples is a code a demo patient has', () => {
    const codes = demoCodes();
    const missing = TOPICS.flatMap((t) => t.codes).filter((k) => !k.startsWith('2.16.840.1.113883.6.90|') && !codes.has(k));
    assert.deepEqual(missing, []);
  });

  it('answers a JSON Atom feed marked as demo content, in English and Spanish', async () => {
    const en = await (await fetch(`${base}?${ok}`)).json();
    assert.equal(en.feed.entry.length, 1);
    assert.equal(en.feed.entry[0].title._value, 'Blood pressure (demo)');
    assert.match(en.feed.entry[0].summary._value, /Demo content/);
    const page = await fetch(en.feed.entry[0].link[0].href);
    assert.equal(page.status, 200);
    const es = await (await fetch(`${base}?${ok.replace('languageCode.c=en', 'languageCode.c=es')}`)).json();
    assert.equal(es.feed.entry[0].title._value, 'Presión arterial (demo)');
    assert.match(es.feed.entry[0].summary._value, /Contenido de demostración/);
  });

  it('an unknown code is an empty feed, not an error', async () => {
    const res = await fetch(`${base}?${ok.replace('v.c=38341003', 'v.c=999999')}`);
    assert.equal(res.status, 200);
    assert.deepEqual((await res.json()).feed.entry, []);
  });

  const bad = [
    ['missing code', ok.replace('&mainSearchCriteria.v.c=38341003', ''), /mainSearchCriteria\.v\.c/],
    ['missing code system', ok.replace('mainSearchCriteria.v.cs=2.16.840.1.113883.6.96&', ''), /mainSearchCriteria\.v\.cs/],
    ['unknown code system', ok.replace('6.96', '6.999'), /mainSearchCriteria\.v\.cs/],
    ['malformed code', ok.replace('v.c=38341003', 'v.c=%3Cscript%3E'), /mainSearchCriteria\.v\.c/],
    ['bad recipient', ok.replace('informationRecipient=PAT', 'informationRecipient=PATIENT'), /informationRecipient/],
    ['bad language', ok.replace('languageCode.c=en', 'languageCode.c=fr'), /languageCode/],
    ['bad gender', `${ok}&patientPerson.administrativeGenderCode.c=female`, /administrativeGenderCode/],
    ['age value without unit', `${ok}&age.v.v=7`, /age\.v\.v and age\.v\.u/],
    ['bad age unit', `${ok}&age.v.v=7&age.v.u=years`, /age\.v\.u/],
    ['bad age value', `${ok}&age.v.v=seven&age.v.u=a`, /age\.v\.v/],
    ['no JSON asked', ok.replace('&knowledgeResponseType=application/json', ''), /knowledgeResponseType/],
    ['repeated parameter', `${ok}&informationRecipient=PROV`, /more than once/],
  ];
  for (const [name, query, message] of bad) {
    it(`400 with a message: ${name}`, async () => {
      const res = await fetch(`${base}?${query}`);
      assert.equal(res.status, 400);
      assert.match(await res.text(), message);
    });
  }

  it('the adapter finds information for demo codes of each system and context over HTTP', async () => {
    const port = createKnowledgePort({ baseUrl: base, retryDelayMs: 0 });
    const cases = [
      { code: '38341003', system: 'http://snomed.info/sct', display: 'Hypertension', recipient: 'patient', language: 'en', sex: 'female', age: { value: 55, unit: 'a' } },
      { code: '745679', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', recipient: 'provider', language: 'es', sex: 'male', age: { value: 7, unit: 'mo' } },
      { code: '4548-4', system: 'http://loinc.org', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', recipient: 'patient', language: 'es' },
      { code: 'E11.9', system: 'http://hl7.org/fhir/sid/icd-10-cm', recipient: 'provider', language: 'en', sex: 'other' },
    ];
    for (const query of cases) {
      const result = await port.lookup(query);
      assert.equal(result.status, 'found', JSON.stringify(query));
      assert.match(result.entries[0].title, /\(demo\)$/);
      assert.ok(result.entries[0].url.startsWith(new URL(base).origin));
    }
    assert.deepEqual(await port.lookup({ code: '0071-0155-23', system: 'http://hl7.org/fhir/sid/ndc', recipient: 'patient', language: 'en' }), { status: 'none-found' });
  });
});
