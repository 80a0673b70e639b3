// The demo's patient education (#17) in headless Chromium under the demo's strict CSP:
// "Learn more" in the summary answered by the local knowledge service in English and
// Spanish, and a material a clinician assigns in the Education tab that the patient
// then sees and marks read. Needs `npm run build` first.
//
// Functions passed to page.evaluate / waitForFunction run in the page:
/* global document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDemoBrowser } from './demo-browser.mjs';

const STEP = 120_000;

describe('demo: patient education', () => {
  /** @type {Awaited<ReturnType<typeof openDemoBrowser>>} */ let opened;
  /** @type {Awaited<ReturnType<typeof openDemoBrowser>>['demo']} */ let demo;
  /** @type {import('puppeteer-core').Page} */ let page;
  /** @type {string[]} */ let pageErrors;
  /** @type {string[]} */ let violations;

  before(async () => {
    opened = await openDemoBrowser('edu');
    ({ demo, page, pageErrors, violations } = opened);
    await page.goto(demo.demoUrl, { waitUntil: 'load', timeout: STEP });
  });

  after(async () => {
    await opened?.close();
  });

  /**
   * Opens every problem's "Learn more" (the demo topics cover some of the featured
   * patient's problems, not all) and waits until one panel shows `expected`.
   */
  async function learnMoreText(expected) {
    return page.waitForFunction(
      (text) => {
        const learns = [...(document.getElementById('summary')?.shadowRoot?.querySelectorAll('[data-section="problems"] engage-learn-more') ?? [])];
        for (const learn of learns) {
          const button = learn.shadowRoot?.querySelector('button');
          if (button && button.getAttribute('aria-expanded') !== 'true') button.click();
        }
        const panels = learns.map((learn) => learn.shadowRoot?.querySelector('[part="panel"]')?.textContent ?? '');
        return panels.find((panel) => new RegExp(text).test(panel));
      },
      { timeout: STEP, polling: 500 },
      expected,
    );
  }

  it('Learn more in the summary shows demo content from the local knowledge service, in English then Spanish', async () => {
    assert.match(String(await (await learnMoreText('\\(demo\\)')).jsonValue()), /Demo content/);
    await page.evaluate(() => document.getElementById('engage')?.setAttribute('locale', 'es'));
    assert.match(String(await (await learnMoreText('Contenido de demostración')).jsonValue()), /\(demo\)/);
    await page.evaluate(() => document.getElementById('engage')?.setAttribute('locale', 'en'));
  });

  it('a clinician assigns a material; the patient sees it and marks it read', async () => {
    await page.evaluate(() => {
      document.getElementById('tab-education')?.click();
      document.getElementById('engage')?.setAttribute('user-role', 'clinician');
    });
    await page.waitForFunction(() => document.getElementById('education')?.shadowRoot?.querySelector('[part="assign-form"]'), { timeout: STEP });
    await page.evaluate(() => {
      const form = /** @type {HTMLFormElement} */ (document.getElementById('education')?.shadowRoot?.querySelector('[part="assign-form"]'));
      /** @type {HTMLInputElement} */ (form.elements.namedItem('title')).value = 'Demo walking plan';
      /** @type {HTMLInputElement} */ (form.elements.namedItem('url')).value = 'https://example.org/walking';
      /** @type {HTMLInputElement} */ (form.elements.namedItem('reason')).value = 'For your blood pressure';
      form.requestSubmit();
    });
    await page.waitForFunction(() => /Demo walking plan/.test(document.getElementById('education')?.shadowRoot?.querySelector('.list')?.textContent ?? ''), { timeout: STEP });
    await page.evaluate(() => document.getElementById('engage')?.setAttribute('user-role', 'patient'));
    await page.waitForFunction(
      () => {
        const root = document.getElementById('education')?.shadowRoot;
        const item = [...(root?.querySelectorAll('[part="material"]') ?? [])].find((li) => /Demo walking plan/.test(li.textContent ?? ''));
        const button = item?.querySelector('[part="mark-read-button"]');
        if (button) /** @type {HTMLButtonElement} */ (button).click();
        return !!button;
      },
      { timeout: STEP },
    );
    await page.waitForFunction(
      () => {
        const root = document.getElementById('education')?.shadowRoot;
        const item = [...(root?.querySelectorAll('[part="material"]') ?? [])].find((li) => /Demo walking plan/.test(li.textContent ?? ''));
        return item && /Read /.test(item.textContent ?? '') && !item.querySelector('[part="mark-read-button"]');
      },
      { timeout: STEP },
    );
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(violations, []);
  });
});
