// C-CDA hospital admission (section 2.2.43, act 4.34) and discharge (section 2.2.24, act
// 4.33) diagnoses: each Problem Observation (4.4) they wrap is a problem of the summary,
// marked as an admission or a discharge diagnosis, never as a long-term problem-list item;
// negation, entered-in-error and dates follow the problem reader's own rules.
// The reader needs a real DOMParser, so it runs in headless Chromium (puppeteer-core);
// what the test expects is counted from the XML with the test's own DOM queries there.
/* global DOMParser, XMLSerializer -- only inside page.evaluate, which runs in Chromium */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

const XML = readFileSync('test/fixtures/ccda/documents/discharge-summary.xml', 'utf8');

/** @type {import('puppeteer-core').Browser} */ let browser;
/** @type {import('puppeteer-core').Page} */ let page;

before(async () => {
  const bundle = await build({
    entryPoints: ['src/adapters/ccda/ccda.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'ccdaReader',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    tsconfig: 'tsconfig.json',
  });
  browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, pipe: true, args: TEST_CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.evaluate(bundle.outputFiles[0].text);
});

after(async () => {
  await browser?.close();
});

/**
 * In the page: the diagnoses of the two sections, read from the XML with plain DOM queries
 * (after `edit`, a function body that may change the parsed document), and the problems
 * the reader makes of the same (edited) XML.
 */
async function readBoth(edit = '') {
  return page.evaluate(
    (xml, editBody) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      new Function('doc', editBody)(doc);
      const childrenNamed = (el, name) => [...el.children].filter((c) => c.localName === name);
      const templated = (el, root) => childrenNamed(el, 'templateId').some((t) => t.getAttribute('root') === root);
      const kinds = { '2.16.840.1.113883.10.20.22.2.43': 'admission', '2.16.840.1.113883.10.20.22.2.24': 'discharge' };
      const expected = [];
      for (const section of doc.getElementsByTagNameNS('*', 'section')) {
        const kind = Object.entries(kinds).find(([root]) => templated(section, root))?.[1];
        if (!kind) continue;
        for (const entry of childrenNamed(section, 'entry')) {
          for (const act of childrenNamed(entry, 'act')) {
            for (const rel of childrenNamed(act, 'entryRelationship')) {
              for (const obs of childrenNamed(rel, 'observation').filter((o) => templated(o, '2.16.840.1.113883.10.20.22.4.4'))) {
                const value = childrenNamed(obs, 'value')[0];
                const low = childrenNamed(childrenNamed(obs, 'effectiveTime')[0], 'low')[0]?.getAttribute('value') ?? '';
                const actStatus = childrenNamed(act, 'statusCode')[0]?.getAttribute('code');
                const obsStatus = childrenNamed(obs, 'statusCode')[0]?.getAttribute('code');
                expected.push({
                  kind,
                  code: value.getAttribute('code'),
                  display: value.getAttribute('displayName'),
                  onset: /^\d{8}$/.test(low) ? `${low.slice(0, 4)}-${low.slice(4, 6)}-${low.slice(6, 8)}` : undefined,
                  negated: obs.getAttribute('negationInd') === 'true',
                  nullified: actStatus === 'nullified' || obsStatus === 'nullified',
                });
              }
            }
          }
        }
      }
      const edited = new XMLSerializer().serializeToString(doc);
      const section = globalThis.ccdaReader.summaryFromCcda(edited).sections.problems;
      return { expected, problems: section?.state === 'entries' ? section.entries : [], state: section?.state };
    },
    XML,
    edit,
  );
}

const codesOf = (problem) => problem.name.codings.map((c) => c.code);

test('every admission and discharge diagnosis is a problem marked with its kind', async () => {
  const { expected, problems } = await readBoth();
  assert.ok(expected.some((d) => d.kind === 'admission'), 'the document has an admission diagnosis');
  assert.ok(expected.some((d) => d.kind === 'discharge'), 'the document has a discharge diagnosis');
  for (const kind of ['admission', 'discharge']) {
    const wanted = expected.filter((d) => d.kind === kind);
    const found = problems.filter((p) => p.encounterDiagnosis === kind);
    assert.equal(found.length, wanted.length, `${kind} diagnoses`);
    for (const d of wanted) {
      const problem = found.find((p) => codesOf(p).includes(d.code));
      assert.ok(problem, `${kind} diagnosis ${d.display}`);
      assert.equal(problem.onset, d.onset, `${d.display} onset (a calendar date, never shifted)`);
      assert.equal(problem.negation, undefined);
      assert.equal(problem.enteredInError, undefined);
    }
  }
  // an admission and a discharge diagnosis of the same observation (this example reuses its
  // id) are two entries: each id differs from every other problem's
  for (const dx of problems.filter((p) => p.encounterDiagnosis)) {
    assert.equal(problems.filter((p) => p.id === dx.id).length, 1, `${dx.encounterDiagnosis} diagnosis id ${dx.id} is unique`);
  }
  // nothing from these sections is listed as an ordinary problem-list item
  const diagnosisCodes = new Set(expected.map((d) => d.code));
  const plainProblemsBefore = problems.filter((p) => !p.encounterDiagnosis && p.name.codings.some((c) => diagnosisCodes.has(c.code)));
  const problemListCodes = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    return [...doc.getElementsByTagNameNS('*', 'section')]
      .filter((s) => [...s.children].some((c) => c.localName === 'templateId' && /^2\.16\.840\.1\.113883\.10\.20\.22\.2\.5(\.1)?$/.test(c.getAttribute('root'))))
      .flatMap((s) => [...s.getElementsByTagNameNS('*', 'value')].map((v) => v.getAttribute('code')));
  }, XML);
  for (const p of plainProblemsBefore) assert.ok(codesOf(p).some((c) => problemListCodes.includes(c)), `${p.name.text ?? codesOf(p)} comes from the problem list`);
});

test('a negated discharge diagnosis is a negation, never an ordinary problem', async () => {
  const edit = `for (const t of doc.getElementsByTagNameNS('*', 'templateId')) {
    if (t.getAttribute('root') !== '2.16.840.1.113883.10.20.22.4.33') continue;
    for (const o of t.parentElement.getElementsByTagNameNS('*', 'observation')) o.setAttribute('negationInd', 'true');
  }`;
  const { expected, problems } = await readBoth(edit);
  const negated = expected.filter((d) => d.negated);
  assert.ok(negated.length > 0 && negated.every((d) => d.kind === 'discharge'));
  for (const d of negated) {
    const problem = problems.find((p) => p.encounterDiagnosis === 'discharge' && codesOf(p).includes(d.code));
    assert.ok(problem, `negated ${d.display} is listed`);
    assert.equal(problem.negation, 'absent');
  }
});

test('an admission diagnosis recorded in error (nullified) is marked entered in error', async () => {
  const edit = `for (const t of doc.getElementsByTagNameNS('*', 'templateId')) {
    if (t.getAttribute('root') !== '2.16.840.1.113883.10.20.22.4.34') continue;
    [...t.parentElement.children].find((c) => c.localName === 'statusCode').setAttribute('code', 'nullified');
  }`;
  const { expected, problems } = await readBoth(edit);
  const nullified = expected.filter((d) => d.nullified);
  assert.ok(nullified.length > 0 && nullified.every((d) => d.kind === 'admission'));
  for (const d of nullified) {
    const problem = problems.find((p) => p.encounterDiagnosis === 'admission' && codesOf(p).includes(d.code));
    assert.ok(problem, `${d.display} recorded in error is kept (hidden by the element), not dropped`);
    assert.equal(problem.enteredInError, true);
  }
});
