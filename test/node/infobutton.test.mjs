// The infobutton adapter (src/adapters/infobutton/): the exact HL7 URL-based request per
// code system and per context, the JSON feed reading, and the request discipline a public
// service's rate limit asks for (one request per question, one retry at most).
// Expected query strings are written out by hand from the HL7 guide's parameter names and
// the code systems' published OIDs, never produced by the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './ts-bundle.mjs';

const { infobuttonUrl, infobuttonAge, parseKnowledgeFeed, createKnowledgePort } = await importTs(['src/adapters/infobutton/index.ts']);

const BASE = 'https://connect.medlineplus.gov/service';
const TAIL_PAT_EN = 'informationRecipient=PAT&informationRecipient.languageCode.c=en&knowledgeResponseType=application/json';

test('default base URL is MedlinePlus Connect', () => {
  const url = infobuttonUrl({ code: '44054006', system: 'http://snomed.info/sct', recipient: 'patient', language: 'en' });
  assert.equal(url, `${BASE}?mainSearchCriteria.v.cs=2.16.840.1.113883.6.96&mainSearchCriteria.v.c=44054006&${TAIL_PAT_EN}`);
});

const perSystem = [
  ['ICD-10-CM', 'http://hl7.org/fhir/sid/icd-10-cm', 'E11.9', 'Type 2 diabetes', '2.16.840.1.113883.6.90', 'Type%202%20diabetes'],
  ['SNOMED CT', 'http://snomed.info/sct', '38341003', 'Hypertension', '2.16.840.1.113883.6.96', 'Hypertension'],
  ['RxNorm', 'http://www.nlm.nih.gov/research/umls/rxnorm', '314076', 'lisinopril 10 MG Oral Tablet', '2.16.840.1.113883.6.88', 'lisinopril%2010%20MG%20Oral%20Tablet'],
  ['LOINC', 'http://loinc.org', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '2.16.840.1.113883.6.1', 'Hemoglobin%20A1c/Hemoglobin.total%20in%20Blood'],
  ['NDC', 'http://hl7.org/fhir/sid/ndc', '0071-0155-23', 'Lipitor 10 mg', '2.16.840.1.113883.6.69', 'Lipitor%2010%20mg'],
];
for (const [name, system, code, display, oid, dn] of perSystem) {
  test(`${name}: exact query string`, () => {
    const url = infobuttonUrl({ code, system, display, recipient: 'patient', language: 'en' }, { baseUrl: 'http://localhost:9/kb' });
    assert.equal(url, `http://localhost:9/kb?mainSearchCriteria.v.cs=${oid}&mainSearchCriteria.v.c=${code}&mainSearchCriteria.v.dn=${dn}&${TAIL_PAT_EN}`);
  });
  test(`${name}: an OID (bare or urn:oid:) as the system gives the same request`, () => {
    const q = { code, system, display, recipient: 'patient', language: 'en' };
    const expected = infobuttonUrl(q);
    assert.equal(infobuttonUrl({ ...q, system: oid }), expected);
    assert.equal(infobuttonUrl({ ...q, system: `urn:oid:${oid}` }), expected);
  });
}

test('provider context, Spanish, adult woman in years', () => {
  const url = infobuttonUrl(
    { code: '38341003', system: 'http://snomed.info/sct', recipient: 'provider', language: 'es', sex: 'female', age: { value: 54, unit: 'a' } },
    { baseUrl: 'http://kb.test/service' },
  );
  assert.equal(
    url,
    'http://kb.test/service?mainSearchCriteria.v.cs=2.16.840.1.113883.6.96&mainSearchCriteria.v.c=38341003' +
      '&patientPerson.administrativeGenderCode.c=F&age.v.v=54&age.v.u=a' +
      '&informationRecipient=PROV&informationRecipient.languageCode.c=es&knowledgeResponseType=application/json',
  );
});

test('patient context, English, a boy of 7 months', () => {
  const url = infobuttonUrl(
    { code: '65363002', system: 'http://snomed.info/sct', recipient: 'patient', language: 'en', sex: 'male', age: { value: 7, unit: 'mo' } },
    { baseUrl: 'http://kb.test/service' },
  );
  assert.equal(
    url,
    'http://kb.test/service?mainSearchCriteria.v.cs=2.16.840.1.113883.6.96&mainSearchCriteria.v.c=65363002' +
      '&patientPerson.administrativeGenderCode.c=M&age.v.v=7&age.v.u=mo&' + TAIL_PAT_EN,
  );
});

test('sex other or unknown is left out, not guessed', () => {
  for (const sex of ['other', 'unknown']) {
    const url = infobuttonUrl({ code: '38341003', system: 'http://snomed.info/sct', recipient: 'patient', language: 'en', sex });
    assert.ok(!url.includes('administrativeGenderCode'), url);
  }
});

test('a host may write Spanish as MedlinePlus Connect examples do (sp)', () => {
  const url = infobuttonUrl({ code: '38341003', system: 'http://snomed.info/sct', recipient: 'patient', language: 'es' }, { languageCodes: { es: 'sp' } });
  assert.match(url, /&informationRecipient\.languageCode\.c=sp&/);
});

test('unknown code system or empty code: no request', () => {
  assert.equal(infobuttonUrl({ code: '123', system: 'http://example.org/local', recipient: 'patient', language: 'en' }), undefined);
  assert.equal(infobuttonUrl({ code: ' ', system: 'http://loinc.org', recipient: 'patient', language: 'en' }), undefined);
});

test('age: months under two years, whole years after; birthday not yet reached counts', () => {
  const today = new Date(2026, 11, 2); // 2 Dec 2026, local calendar
  assert.deepEqual(infobuttonAge('2026-05-02', today), { value: 7, unit: 'mo' });
  assert.deepEqual(infobuttonAge('2026-05-03', today), { value: 6, unit: 'mo' });
  assert.deepEqual(infobuttonAge('2024-12-03', today), { value: 23, unit: 'mo' });
  assert.deepEqual(infobuttonAge('2024-12-02', today), { value: 2, unit: 'a' });
  assert.deepEqual(infobuttonAge('1972-12-03', today), { value: 53, unit: 'a' });
  assert.equal(infobuttonAge('1972', today), undefined);
  assert.equal(infobuttonAge(undefined, today), undefined);
});

test('feed parsing: titles, summaries, http(s) links only; empty feed is []', () => {
  const feed = {
    feed: {
      entry: [
        { title: { _value: 'High blood pressure' }, summary: { _value: '<p>About it</p>' }, link: [{ href: 'https://example.org/hbp' }] },
        { title: { _value: 'Bad link' }, link: [{ href: 'javascript:alert(1)' }, { href: 'data:text/html,x' }] },
        { title: 42, summary: { _value: 'no title: skipped' } },
        'not an object',
      ],
    },
  };
  assert.deepEqual(parseKnowledgeFeed(feed), [
    { title: 'High blood pressure', summaryHtml: '<p>About it</p>', url: 'https://example.org/hbp' },
    { title: 'Bad link' },
  ]);
  assert.deepEqual(parseKnowledgeFeed({ feed: { entry: [] } }), []);
  assert.deepEqual(parseKnowledgeFeed({ feed: {} }), []);
  assert.equal(parseKnowledgeFeed({ error: 'x' }), undefined);
  assert.equal(parseKnowledgeFeed('<html>'), undefined);
});

/** A fetch that records URLs and answers from a list of scripted replies. */
function scriptedFetch(replies) {
  const calls = [];
  const fetch = async (url) => {
    calls.push(url);
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply instanceof Error) throw reply;
    return new Response(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body), { status: reply.status ?? 200 });
  };
  return { fetch, calls };
}
const q = { code: '38341003', system: 'http://snomed.info/sct', recipient: 'patient', language: 'en' };
const FOUND = { body: { feed: { entry: [{ title: { _value: 'T' }, link: [{ href: 'https://x.test/' }] }] } } };

test('concurrent identical look-ups share one request; a later one is served from cache', async () => {
  const { fetch, calls } = scriptedFetch([FOUND]);
  const port = createKnowledgePort({ fetch, retryDelayMs: 0 });
  const results = await Promise.all(Array.from({ length: 10 }, () => port.lookup(q)));
  assert.equal(calls.length, 1);
  for (const r of results) assert.equal(r.status, 'found');
  await port.lookup(q);
  assert.equal(calls.length, 1);
  await port.lookup({ ...q, language: 'es' }); // another language is another question
  assert.equal(calls.length, 2);
});

test('empty feed is none-found, not an error', async () => {
  const { fetch } = scriptedFetch([{ body: { feed: { entry: [] } } }]);
  assert.deepEqual(await createKnowledgePort({ fetch }).lookup(q), { status: 'none-found' });
});

test('service down: one retry, then unavailable; no storm across many callers', async () => {
  const { fetch, calls } = scriptedFetch([new TypeError('fetch failed')]);
  const port = createKnowledgePort({ fetch, retryDelayMs: 0 });
  const results = await Promise.all(Array.from({ length: 20 }, () => port.lookup(q)));
  assert.equal(calls.length, 2);
  for (const r of results) assert.deepEqual(r, { status: 'unavailable', reason: 'network' });
});

test('a 5xx then a good answer: the retry succeeds', async () => {
  const { fetch, calls } = scriptedFetch([{ status: 503, body: 'busy' }, FOUND]);
  const result = await createKnowledgePort({ fetch, retryDelayMs: 0 }).lookup(q);
  assert.equal(result.status, 'found');
  assert.equal(calls.length, 2);
});

test('400 and 429 are not retried', async () => {
  for (const [status, reason] of [[400, 'invalid'], [429, 'rate-limited']]) {
    const { fetch, calls } = scriptedFetch([{ status, body: 'no' }]);
    assert.deepEqual(await createKnowledgePort({ fetch, retryDelayMs: 0 }).lookup(q), { status: 'unavailable', reason });
    assert.equal(calls.length, 1);
  }
});

test('malformed JSON is unavailable (server), not none-found', async () => {
  const { fetch } = scriptedFetch([{ body: '{not json' }]);
  assert.deepEqual(await createKnowledgePort({ fetch, retryDelayMs: 0 }).lookup(q), { status: 'unavailable', reason: 'server' });
});

test('slow service: the timeout makes it unavailable (timeout)', async () => {
  let calls = 0;
  const fetch = (_url, init) =>
    new Promise((_resolve, reject) => {
      calls++;
      init.signal.addEventListener('abort', () => reject(init.signal.reason));
    });
  const result = await createKnowledgePort({ fetch, timeoutMs: 5, retryDelayMs: 0 }).lookup(q);
  assert.deepEqual(result, { status: 'unavailable', reason: 'timeout' });
  assert.equal(calls, 2);
});

test('unavailable is not cached: a later action asks again', async () => {
  const { fetch, calls } = scriptedFetch([new TypeError('down'), new TypeError('down'), FOUND]);
  const port = createKnowledgePort({ fetch, retryDelayMs: 0 });
  assert.equal((await port.lookup(q)).status, 'unavailable');
  assert.equal((await port.lookup(q)).status, 'found');
  assert.equal(calls.length, 3);
});

test('an aborted caller rejects aborted; the shared request still serves others', async () => {
  const { fetch, calls } = scriptedFetch([FOUND]);
  const port = createKnowledgePort({ fetch });
  const controller = new AbortController();
  const first = port.lookup(q, { signal: controller.signal });
  const second = port.lookup(q);
  controller.abort();
  await assert.rejects(first, (e) => e.code === 'aborted');
  assert.equal((await second).status, 'found');
  assert.equal(calls.length, 1);
});

test('no patient identifier or cookie leaves with the request', async () => {
  let init;
  const port = createKnowledgePort({ fetch: async (_u, i) => ((init = i), new Response(JSON.stringify({ feed: {} }))) });
  await port.lookup(q);
  assert.equal(init.credentials, 'omit');
  assert.equal(init.referrerPolicy, 'no-referrer');
});
