// The demo's Questionnaires tab (#16) in headless Chromium under the demo's strict CSP,
// against the local FHIR server: the featured patient answers part of the seeded PHQ-9,
// saves a draft, comes back (a fresh page) and resumes it from the server, finishes and
// sends it; the QuestionnaireResponse stored on the server holds the chosen answers, and
// the clinician sees it read-only with the score counted from those answers and the
// form's interpretation. The patient also records a blood pressure in the Health tracker
// tab, which the clinician then sees there marked patient-reported (issue #16's "Done
// when": both, against the local server). Also: the cleaned PHQ-9 the demo seeds keeps everything of the
// published LHC-Forms one, and the server refuses the published one (why it was cleaned).
// Needs `npm run build` first.
//
// Functions passed to page.evaluate / waitForFunction run in the page:
/* global document */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { openDemoBrowser } from './demo-browser.mjs';
import { FEATURED_PATIENT_ID } from '../../demo/server/seed.mjs';

const STEP = 120_000;
const PUBLISHED = new URL('../fixtures/questionnaires/lforms-phq9.json', import.meta.url);
const CLEANED = new URL('../../demo/data/questionnaires/phq9.json', import.meta.url);
const PHQ9_URL = 'https://ehr-engage.dev/fhir/Questionnaire/phq-9';
const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

/** The nine PHQ-9 questions' LOINC codes, in the published form's order. */
const QUESTIONS = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
/**
 * The option (by position: 0 "Not at all" … 3 "Nearly every day") the test picks per
 * question. By the PHQ-9's own scoring (each option scores its position) this is
 * 1+2+0+3+1+0+2+1+0 = 10, "Moderate depression" in the form's stated bands (10-14).
 */
const PICKS = [1, 2, 0, 3, 1, 0, 2, 1, 0];
const EXPECTED_TOTAL = 10;

/** What a questionnaire's items say, without the parts the cleaning touched. */
function essentials(/** @type {any} */ q) {
  /** @param {any[]} items @returns {any[]} */
  const walk = (items) =>
    (items ?? []).map((item) => ({
      linkId: item.linkId,
      type: item.type,
      text: item.text,
      required: item.required,
      code: item.code,
      options: (item.answerOption ?? []).map((/** @type {any} */ o) => ({ coding: o.valueCoding, ordinal: o.extension?.find((/** @type {any} */ e) => e.url === ORDINAL)?.valueDecimal })),
      enableWhen: item.enableWhen,
      item: walk(item.item),
    }));
  return walk(q.item);
}

describe('the cleaned PHQ-9 the demo seeds', () => {
  it('keeps every item, code, answer option and ordinalValue of the published form', async () => {
    const published = JSON.parse(await readFile(PUBLISHED, 'utf8'));
    const cleaned = JSON.parse(await readFile(CLEANED, 'utf8'));
    assert.deepEqual(essentials(cleaned), essentials(published));
    assert.deepEqual(cleaned.code, published.code);
    // the scores themselves, counted from the published file: 0..3 on each of the nine questions
    for (const code of QUESTIONS) {
      const item = published.item.find((/** @type {any} */ i) => i.linkId === `/${code}`);
      assert.deepEqual(item.answerOption.map((/** @type {any} */ o) => o.extension.find((/** @type {any} */ e) => e.url === ORDINAL).valueDecimal), [0, 1, 2, 3], code);
    }
  });

  it('differs only as demo/data/README.md documents: numeric durations, FHIR-id variable names, id, url, status', async () => {
    const published = JSON.parse(await readFile(PUBLISHED, 'utf8'));
    const cleaned = JSON.parse(await readFile(CLEANED, 'utf8'));
    const renamed = (/** @type {string} */ name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
    const expected = JSON.parse(
      JSON.stringify(published, (key, value) => {
        if (key === 'valueDuration') return { ...value, value: Number(value.value) };
        if (key === 'name' && /_/.test(value)) return renamed(value);
        if (key === 'expression') return value.replace(/%([a-z0-9_]+)/gi, (/** @type {string} */ _, /** @type {string} */ n) => `%${renamed(n)}`);
        return value;
      }),
    );
    assert.deepEqual(cleaned, { ...expected, id: 'demo-phq9', url: 'https://ehr-engage.dev/fhir/Questionnaire/phq-9', status: 'active' });
  });
});

describe('demo: the patient answers the PHQ-9, the clinician sees it', () => {
  /** @type {Awaited<ReturnType<typeof openDemoBrowser>>} */ let opened;
  /** @type {any} */ let demo;
  /** @type {import('puppeteer-core').Page} */ let page;
  /** @type {string[]} */ let pageErrors;
  /** @type {string[]} */ let violations;

  before(async () => {
    opened = await openDemoBrowser('q');
    ({ demo, page, pageErrors, violations } = opened);
  });

  after(async () => {
    await opened?.close();
  });

  /** @param {string} query @returns {Promise<any[]>} */
  async function search(query) {
    const response = await fetch(`${demo.fhirUrl}/${query}`, { headers: { Accept: 'application/fhir+json' } });
    assert.equal(response.status, 200, query);
    return ((await response.json()).entry ?? []).map((/** @type {any} */ e) => e.resource);
  }

  /** The patient's responses to the demo's PHQ-9 (the seed also holds a decision aid's response). */
  const responsesOfPatient = async () =>
    (await search(`QuestionnaireResponse?subject=Patient/${FEATURED_PATIENT_ID}&_count=50`)).filter((r) => r.questionnaire?.split('|')[0] === PHQ9_URL);

  /** Opens the demo on the featured patient's Questionnaires tab and waits for the PHQ-9's questions. */
  async function openForm() {
    await page.goto(demo.demoUrl, { waitUntil: 'load', timeout: STEP });
    await page.waitForFunction(() => document.getElementById('tab-questionnaires'), { timeout: STEP });
    await page.click('#tab-questionnaires');
    await page.waitForFunction(
      (n) => (document.getElementById('questionnaire')?.shadowRoot?.querySelectorAll('form select').length ?? 0) >= n,
      { timeout: STEP },
      QUESTIONS.length,
    );
  }

  /** The form's selects, one per question, in order. */
  async function selects() {
    const handle = await page.evaluateHandle(() => [...(document.getElementById('questionnaire')?.shadowRoot?.querySelectorAll('form select') ?? [])]);
    const properties = await handle.getProperties();
    return /** @type {import('puppeteer-core').ElementHandle<HTMLSelectElement>[]} */ ([...properties.values()].map((p) => p.asElement()).filter(Boolean));
  }

  /** @param {number} from @param {number} to */
  async function answer(from, to) {
    const fields = await selects();
    for (let i = from; i < to; i++) await fields[i].select(String(PICKS[i]));
  }

  /** Clicks a button of the open form by its part name. */
  async function press(/** @type {string} */ part) {
    const clicked = await page.evaluate((name) => {
      const button = /** @type {HTMLElement | null | undefined} */ (document.getElementById('questionnaire')?.shadowRoot?.querySelector(`[part="${name}"]`));
      button?.click();
      return Boolean(button);
    }, part);
    assert.ok(clicked, part);
  }

  /** The codes the response chose, per question code. */
  function chosen(/** @type {any} */ response) {
    return Object.fromEntries(
      (response.item ?? [])
        .filter((/** @type {any} */ i) => QUESTIONS.includes(i.linkId.slice(1)))
        .map((/** @type {any} */ i) => [i.linkId.slice(1), i.answer?.[0]?.valueCoding?.code]),
    );
  }

  it('the server refuses the PHQ-9 as published (why the demo seeds a cleaned copy)', async () => {
    const published = JSON.parse(await readFile(PUBLISHED, 'utf8'));
    const response = await fetch(`${demo.fhirUrl}/Questionnaire`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(published) });
    assert.equal(response.status, 422);
    const issues = (await response.json()).issue.map((/** @type {any} */ i) => `${i.details?.text} @ ${i.expression?.[0]}`);
    // 11 observationLinkPeriod durations written as strings, 10 variable names that are not FHIR ids
    assert.equal(issues.filter((/** @type {string} */ i) => /expected number, but got string @ .*value\[x\]\.value$/.test(i)).length, 11, issues.join('\n'));
    assert.equal(issues.filter((/** @type {string} */ i) => /Invalid id format @ .*value\[x\]\.name$/.test(i)).length, 10, issues.join('\n'));
    assert.equal(issues.length, 21, issues.join('\n'));
  });

  it('lists the seeded request, saves a draft on the server and resumes it in a fresh page', async () => {
    assert.deepEqual(await responsesOfPatient(), [], 'no response before the test');
    await openForm();
    const listed = await page.$eval('#questionnaire-list', (ul) => ul.textContent ?? '');
    assert.match(listed, /PHQ-9 quick depression assessment panel \(not started\)/);

    await answer(0, 4);
    await press('save-button');
    await page.waitForFunction(() => /Draft saved/.test(document.getElementById('questionnaire')?.shadowRoot?.textContent ?? ''), { timeout: STEP });
    const [draft, ...others] = await responsesOfPatient();
    assert.equal(others.length, 0);
    assert.equal(draft.status, 'in-progress');
    assert.equal(draft.questionnaire, 'https://ehr-engage.dev/fhir/Questionnaire/phq-9');
    const options = JSON.parse(await readFile(PUBLISHED, 'utf8')).item[0].answerOption.map((/** @type {any} */ o) => o.valueCoding.code);
    assert.deepEqual(chosen(draft), Object.fromEntries(QUESTIONS.slice(0, 4).map((code, i) => [code, options[PICKS[i]]])));

    // a fresh page: nothing in memory, the draft comes back from the server
    await openForm();
    await page.waitForFunction(() => /\(draft saved\)/.test(document.getElementById('questionnaire-list')?.textContent ?? ''), { timeout: STEP });
    await page.waitForFunction(() => /continuing a saved draft/.test(document.getElementById('questionnaire')?.shadowRoot?.textContent ?? ''), { timeout: STEP });
    // nine questions, then the PHQ-9's tenth ("how difficult…", unscored, not answered here)
    const values = await Promise.all((await selects()).map((s) => s.evaluate((el) => el.value)));
    assert.deepEqual(values, [...PICKS.map((pick, i) => (i < 4 ? String(pick) : '-1')), '-1']);
  });

  it('sends the finished form: the stored response holds the chosen answers and their score', async () => {
    await answer(4, QUESTIONS.length);
    await press('submit-button');
    await page.waitForFunction(() => /Sent\. Your care team can see your answers/.test(document.getElementById('questionnaire')?.shadowRoot?.textContent ?? ''), { timeout: STEP });
    await page.waitForFunction(() => /\(sent\)/.test(document.getElementById('questionnaire-list')?.textContent ?? ''), { timeout: STEP });

    const stored = await responsesOfPatient();
    assert.equal(stored.length, 1, 'the draft became the completed response, no second record');
    const [response] = stored;
    assert.equal(response.status, 'completed');
    assert.equal(response.subject?.reference, `Patient/${FEATURED_PATIENT_ID}`);
    // the score from the published form's ordinalValues of the codes the server holds
    const published = JSON.parse(await readFile(PUBLISHED, 'utf8'));
    const codes = chosen(response);
    assert.equal(Object.keys(codes).length, QUESTIONS.length);
    const total = QUESTIONS.reduce((sum, code) => {
      const option = published.item.find((/** @type {any} */ i) => i.linkId === `/${code}`).answerOption.find((/** @type {any} */ o) => o.valueCoding.code === codes[code]);
      return sum + option.extension.find((/** @type {any} */ e) => e.url === ORDINAL).valueDecimal;
    }, 0);
    assert.equal(total, EXPECTED_TOTAL);
    // the form's own calculated total (its FHIRPath expression, after the variable renames) agrees
    const totalItem = response.item.find((/** @type {any} */ i) => i.linkId === '/44261-6');
    assert.equal(totalItem?.answer?.[0]?.valueDecimal, EXPECTED_TOTAL);
  });

  it('the patient records a blood pressure in the Health tracker; the server holds it as patient-reported', async () => {
    await page.click('#tab-health-tracker');
    await page.waitForFunction(() => document.getElementById('health-tracker')?.shadowRoot?.querySelector('#value-1'), { timeout: STEP });
    const field = async (/** @type {string} */ id) =>
      /** @type {import('puppeteer-core').ElementHandle<HTMLElement>} */ (await page.evaluateHandle((sel) => document.getElementById('health-tracker')?.shadowRoot?.querySelector(sel), id));
    assert.equal(await (await field('#type')).evaluate((el) => /** @type {HTMLSelectElement} */ (el).selectedOptions[0]?.textContent?.trim()), 'Blood pressure');
    await (await field('#value-0')).type('127');
    await (await field('#value-1')).type('83');
    await (await field('[part="save-button"]')).click();
    const found = async () =>
      (await search(`Observation?subject=Patient/${FEATURED_PATIENT_ID}&code=http://loinc.org|85354-9&_count=100`)).filter((o) =>
        [['8480-6', 127], ['8462-4', 83]].every(([code, value]) => o.component?.some((/** @type {any} */ c) => c.code?.coding?.some((/** @type {any} */ k) => k.code === code) && c.valueQuantity?.value === value)),
      );
    // the element's own outcome (saved, or the error that keeps the reading), then the server:
    // waiting on the network going quiet instead never ended on a busy machine with the
    // demo's other elements polling
    const outcome = await page.waitForFunction(
      () => {
        const root = document.getElementById('health-tracker')?.shadowRoot;
        if (root?.querySelector('.save-status .saved')) return 'saved';
        return root?.querySelector('[part~="error"]')?.textContent?.trim() || undefined;
      },
      { timeout: STEP },
    );
    assert.equal(await outcome.jsonValue(), 'saved');
    const stored = await found();
    assert.equal(stored.length, 1);
    assert.equal(stored[0].performer?.[0]?.reference, `Patient/${FEATURED_PATIENT_ID}`);
  });

  it('the clinician sees the completed response read-only with its score and interpretation', async () => {
    await page.evaluate(() => document.getElementById('engage')?.setAttribute('user-role', 'clinician'));
    const text = await page.waitForFunction(
      () => {
        const view = document.querySelector('#questionnaire-responses engage-questionnaire');
        const score = view?.shadowRoot?.querySelector('[part="score"]');
        return score ? `${score.textContent} ${view?.shadowRoot?.querySelector('[part="answers"]')?.textContent}` : undefined;
      },
      { timeout: STEP },
    );
    const shown = String(await text.jsonValue());
    assert.match(shown, new RegExp(`\\b${EXPECTED_TOTAL}\\b`));
    assert.match(shown, /Interpretation: Moderate depression/);
    assert.match(shown, /More than half the days/);
    assert.equal(await page.$eval('#questionnaire-responses engage-questionnaire', (el) => el.shadowRoot?.querySelectorAll('form, select').length), 0, 'read-only');
    assert.equal(await page.$eval('#questionnaire', (el) => /** @type {HTMLElement} */ (el.parentElement).hidden), true, "the patient's form is hidden");
    // the same clinician, in the Health tracker: the reading the patient just recorded, marked as theirs
    await page.click('#tab-health-tracker');
    await page.waitForFunction(
      () =>
        [...(document.getElementById('health-tracker')?.shadowRoot?.querySelectorAll('[part="readings"] tr') ?? [])].some(
          (row) => /127\D+83/.test(row.textContent ?? '') && /Patient-reported/.test(row.textContent ?? ''),
        ),
      { timeout: STEP },
    );
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(violations, []);
  });
});
