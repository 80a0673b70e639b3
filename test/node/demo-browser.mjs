// The demo (demo/start.mjs: its FHIR server and static server on free ports) and a headless
// Chromium with its own throwaway profile, opened the same way by every demo walk-through
// test. The page reports page errors and CSP / Trusted Types violations into two lists
// the tests assert empty. Needs `npm run build` first (the demo serves dist/).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemo } from '../../demo/start.mjs';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Starts the demo and a browser page that records problems; `close()` stops both and
 * removes the profile.
 * @param {string} name a word for the profile folder (which test made it)
 */
export async function openDemoBrowser(name) {
  const demo = await startDemo({ demoPort: 0, fhirPort: 0 });
  const profileDir = await mkdtemp(join(tmpdir(), `ehr-engage-demo-${name}-`));
  const browser = await puppeteer.launch({
    executablePath: CHROME,
    headless: true,
    pipe: true,
    userDataDir: profileDir,
    args: TEST_CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  /** @type {string[]} */ const pageErrors = [];
  /** @type {string[]} */ const violations = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.exposeFunction('__csp', (/** @type {string} */ v) => violations.push(v));
  await page.evaluateOnNewDocument(() => {
    // eslint-disable-next-line no-undef
    window.addEventListener('securitypolicyviolation', (e) => /** @type {any} */ (window).__csp(`${e.violatedDirective} ${e.blockedURI}`), true);
  });
  return {
    demo,
    browser,
    page,
    pageErrors,
    violations,
    async close() {
      await browser.close().catch(() => {});
      await demo.close();
      await rm(profileDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}
