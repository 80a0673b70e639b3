// The demo's "Decision aids" tab end to end in headless Chromium, under the demo's strict
// CSP: both aids offered for a seeded patient, a response saved to the local FHIR server
// (checked on the server), and shown back in the clinician's read-only view.
// Needs `npm run build` first (like demo.test.mjs).
/* global document */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { startDemo } from '../../demo/start.mjs';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

const built = existsSync(new URL('../../dist/ehr-engage.js', import.meta.url));

describe('demo: decision aids tab', { timeout: 300_000, skip: built ? false : 'run `npm run build` first' }, () => {
  /** @type {Awaited<ReturnType<typeof startDemo>>} */ let demo;
  /** @type {import('puppeteer-core').Browser} */ let browser;
  /** @type {import('puppeteer-core').Page} */ let page;
  /** @type {string} */ let profileDir;
  const problems = /** @type {string[]} */ ([]);

  before(async () => {
    demo = await startDemo({ demoPort: 0, fhirPort: 0 });
    profileDir = await mkdtemp(join(tmpdir(), 'ehr-engage-demo-aid-'));
    browser = await puppeteer.launch({
      executablePath: CHROME,
      headless: true,
      pipe: true,
      userDataDir: profileDir,
      args: TEST_CHROMIUM_ARGS,
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(demo.demoUrl, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await demo?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true }).catch(() => {});
  });

  /** Runs `fn` on the decision aid's shadow root in the page. */
  const inAid = (/** @type {string} */ id, /** @type {string} */ body) =>
    page.waitForFunction(new Function(`const root = document.getElementById(${JSON.stringify(id)})?.shadowRoot; if (!root) return false; ${body}`), { timeout: 60_000 });

  it('offers both aids, saves a response to the FHIR server and shows it in the clinician view', async () => {
    await page.waitForFunction(() => document.querySelector('#patient-select option[value]')?.getAttribute('value'), { timeout: 60_000 });
    const patientId = await page.$eval('#patient-select', (s) => /** @type {HTMLSelectElement} */ (s).value);
    assert.ok(patientId, 'a seeded patient is chosen');
    await page.click('#tab-decision-aids');
    const offered = await page.$$eval('#aid-select option', (list) => list.map((o) => /** @type {HTMLOptionElement} */ (o).value));
    assert.deepEqual(offered, ['colorectal-cancer-screening', 'statin-primary-prevention']);
    await inAid('decision-aid', "return root.querySelector('.aid__title')?.textContent.includes('colorectal cancer');");

    await page.select('#aid-select', 'statin-primary-prevention');
    await inAid('decision-aid', "return root.querySelector('.aid__title')?.textContent.includes('statin');");
    // go to the last step, choose a leaning, write a question, save
    await inAid('decision-aid', "const b = [...root.querySelectorAll('.steps__button')].at(-1); b.click(); return true;");
    const marker = `demo question ${Date.now()}`;
    await inAid(
      'decision-aid',
      `const radio = root.querySelector('input[name="leaning"][value="no-statin"]'); if (!radio) return false; radio.click();
       const box = root.querySelector('#questions'); box.value = ${JSON.stringify(marker)}; box.dispatchEvent(new Event('input'));
       root.querySelector('.save').click(); return true;`,
    );
    await page.waitForFunction(() => !document.getElementById('aid-saved')?.hidden, { timeout: 60_000 });
    await inAid('decision-aid-summary', `return root.querySelector('.answers__questions')?.textContent.includes(${JSON.stringify(marker)});`);
    const summary = await page.$eval('#decision-aid-summary', (el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
    assert.match(summary, /Leaning Do not take a statin now/);
    assert.equal(await page.$eval('#decision-aid-summary', (el) => el.shadowRoot?.querySelectorAll('input, textarea').length), 0, 'read-only');

    // on the server: exactly one QuestionnaireResponse with the question, for this patient
    const res = await fetch(`${demo.fhirUrl}/QuestionnaireResponse?subject=Patient/${patientId}&_count=200`);
    const bundle = await res.json();
    const matching = (bundle.entry ?? []).filter((/** @type {any} */ e) => JSON.stringify(e.resource).includes(marker));
    assert.equal(matching.length, 1);
    assert.equal(matching[0].resource.status, 'completed');
    assert.deepEqual(problems, []);
  });
});
