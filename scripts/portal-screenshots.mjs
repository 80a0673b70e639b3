// @ts-check
/**
 * Screenshots of the patient portal (demo/portal.html) at 320 px and 1280 px, light and
 * dark, for people to look at (issue #18): `node scripts/portal-screenshots.mjs`. Writes
 * PNGs to `screenshots/portal/` (git-ignored). Needs dist/ (`npm run build`).
 */
import { mkdir } from 'node:fs/promises';
import puppeteer from 'puppeteer-core';
import { startDemo } from '../demo/start.mjs';
import { HEADLESS_CHROMIUM_ARGS } from './ensure-chromium.mjs';

const OUT = new URL('../screenshots/portal/', import.meta.url);
const PAGES = (process.env.PAGES ?? 'home,messages,summary,medicines,immunizations,reminders,appointments,tracker,education,decision-aids').split(',');
const WIDTHS = (process.env.WIDTHS ?? '320,1280').split(',').map(Number);
const ACCOUNTS = (process.env.ACCOUNTS ?? 'ana').split(',');
const THEMES = (process.env.THEMES ?? 'light').split(',');

await mkdir(OUT, { recursive: true });
const demo = await startDemo({ demoPort: 0, fhirPort: 0 });
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  args: HEADLESS_CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  page.on('console', (message) => message.type() === 'error' && console.error('page:', message.text()));
  for (const width of WIDTHS) {
    await page.setViewport({ width, height: 900 });
    for (const account of ACCOUNTS) {
      for (const theme of THEMES) {
        for (const name of PAGES) {
          await page.goto(`${demo.demoUrl}portal.html#${name}`, { waitUntil: 'networkidle0' });
          await page.select('#account-select', account);
          if (theme === 'dark') await page.click('#theme-button');
          await page.waitForNetworkIdle({ idleTime: 800 });
          const file = new URL(`${name}-${account}-${theme}-${width}.png`, OUT);
          await page.screenshot({ path: /** @type {`${string}.png`} */ (file.pathname), fullPage: true });
          console.log(file.pathname);
        }
      }
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
