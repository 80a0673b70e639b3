// The patient portal (demo/portal.html, issue #18) in headless Chromium, served by
// demo/start.mjs under its strict CSP with Trusted Types enforced. Needs `npm run build`.
//
//   npm run build && node --test test/node/portal.test.mjs
//
// - every page, light and dark, at 1280 px and 320 px: axe (WCAG 2 A/AA) reports nothing,
//   no horizontal scrolling at 320 px, no CSP or Trusted Types violation;
// - a keyboard-only walkthrough of the main tasks: skip to the content, switch to the other
//   child, open Messages and a conversation, choose a medicine to refill.
//
// Functions passed to page.evaluate / waitForFunction run in the page:
/* global document, window, location */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { startDemo } from '../../demo/start.mjs';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const BUNDLE = new URL('../../dist/ehr-engage.js', import.meta.url);
const PAGES = ['home', 'messages', 'summary', 'medicines', 'immunizations', 'reminders', 'appointments', 'tracker', 'education', 'decision-aids'];
const STEP = 60_000;
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The element that has focus, looking into shadow roots. Runs in the page. */
function deepActive() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active) return '';
  return `${active.localName}${active.id ? `#${active.id}` : ''}|${(active.textContent ?? '').trim().slice(0, 60)}|${active.getAttribute('href') ?? ''}|${active.getAttribute('type') ?? ''}`;
}

/**
 * True once every engage-* element the page shows has left its loading state (one hidden
 * with `hidden`, such as a closed conversation, loads only when shown). Runs in the page.
 */
function allLoaded() {
  const elements = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('engage-') && e.localName !== 'engage-provider' && !e.closest('[hidden]'));
  return elements.length > 0 && elements.every((e) => e.shadowRoot && !e.shadowRoot.querySelector('[part~="loading"]') && e.shadowRoot.childElementCount > 0);
}

describe('the patient portal', { timeout: 900_000, skip: !existsSync(BUNDLE) && 'run npm run build first' }, () => {
  /** @type {Awaited<ReturnType<typeof startDemo>>} */
  let demo;
  /** @type {import('puppeteer-core').Browser} */
  let browser;

  before(async () => {
    demo = await startDemo({ demoPort: 0, fhirPort: 0 });
    browser = await puppeteer.launch({
      executablePath: CHROME,
      args: TEST_CHROMIUM_ARGS,
    });
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Opens a portal page as Ana (the caregiver); `bypassCsp` only to inject axe. */
  async function open(name, { width = 1280, theme = 'light', bypassCsp = false } = {}) {
    const page = await browser.newPage();
    const violations = [];
    await page.setBypassCSP(bypassCsp);
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => (/** @type {any} */ (window).__csp ??= []).push(e.violatedDirective));
    });
    page.on('pageerror', (error) => violations.push(String(error)));
    await page.setViewport({ width, height: 900 });
    await page.goto(`${demo.demoUrl}portal.html#${name}`, { waitUntil: 'load', timeout: STEP });
    if (theme === 'dark') await page.click('#theme-button');
    await page.waitForFunction(allLoaded, { timeout: STEP });
    return { page, violations };
  }

  it('every page passes axe in light and dark, at 1280 px and 320 px, without horizontal scrolling', { timeout: 600_000 }, async () => {
    const problems = [];
    for (const width of [1280, 320]) {
      for (const name of PAGES) {
        // one load per page and width: light first, then the theme button, then dark
        const { page, violations } = await open(name, { width, bypassCsp: true });
        await page.evaluate(AXE);
        for (const theme of ['light', 'dark']) {
          if (theme === 'dark') await page.click('#theme-button');
          const result = await page.evaluate(async () => {
            const axe = /** @type {any} */ (window).axe;
            const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
            return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          for (const v of [...result, ...violations.splice(0)]) problems.push(`${name} ${theme} ${width}: ${v}`);
          if (overflow > 0) problems.push(`${name} ${theme} ${width}: scrolls sideways by ${overflow} px`);
        }
        await page.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  it('at 320 px the navigation folds behind a Menu button that opens, closes with Escape, and closes on choosing a page', async () => {
    const { page } = await open('home', { width: 320, bypassCsp: true });
    const linksShown = () => page.evaluate(() => [...document.querySelectorAll('.portal-nav__link')].filter((a) => a.getClientRects().length > 0).length);
    const expanded = () => page.$eval('#nav-toggle', (b) => b.getAttribute('aria-expanded'));
    // folded: the button shows, no link does
    assert.equal(await page.$eval('#nav-toggle', (b) => b.getClientRects().length > 0), true);
    assert.equal(await linksShown(), 0);
    // opened with the keyboard: every page's link shows, and axe finds nothing in the open menu
    await page.focus('#nav-toggle');
    await page.keyboard.press('Enter');
    assert.equal(await expanded(), 'true');
    assert.equal(await linksShown(), PAGES.length);
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => {
      const { violations } = await /** @type {any} */ (window).axe.run(document.querySelector('.portal-header'), { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return violations.map((v) => v.id);
    });
    assert.deepEqual(result, []);
    // Escape from a link closes it and gives focus back to the button
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    assert.equal(await expanded(), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'nav-toggle');
    // choosing a page closes the menu and moves focus to the page
    await page.keyboard.press('Enter');
    await page.evaluate(() => /** @type {HTMLElement} */ ([...document.querySelectorAll('.portal-nav__link')].find((a) => a.getAttribute('href') === '#messages')).click());
    await page.waitForFunction(() => location.hash === '#messages' && document.activeElement?.id === 'main', { timeout: STEP });
    assert.equal(await expanded(), 'false');
    assert.equal(await linksShown(), 0);
    // on a desktop there is no button and every link shows
    await page.setViewport({ width: 1280, height: 900 });
    assert.equal(await page.$eval('#nav-toggle', (b) => b.getClientRects().length > 0), false);
    assert.equal(await linksShown(), PAGES.length);
    await page.close();
  });

  it('every page has one level-1 heading, and no heading says the same as another', async () => {
    const problems = [];
    for (const name of PAGES) {
      const { page } = await open(name);
      const headings = await page.evaluate(() => {
        /** @type {{ level: number, text: string }[]} */
        const found = [];
        /** @param {Document | ShadowRoot} root */
        const walk = (root) => {
          for (const el of root.querySelectorAll('*')) {
            const level = /^h[1-6]$/.test(el.localName) ? Number(el.localName[1]) : el.getAttribute('role') === 'heading' ? Number(el.getAttribute('aria-level')) : 0;
            const hidden = /** @type {HTMLElement} */ (el).hidden || el.closest('[hidden]');
            if (level && !hidden) found.push({ level, text: (el.textContent ?? '').replace(/\s+/g, ' ').trim() });
            if (el.shadowRoot) walk(el.shadowRoot);
          }
        };
        walk(document);
        return found;
      });
      const ones = headings.filter((h) => h.level === 1);
      if (ones.length !== 1) problems.push(`${name}: ${ones.length} level-1 headings (${ones.map((h) => h.text).join(', ')})`);
      const texts = headings.map((h) => h.text.toLowerCase());
      const twice = texts.filter((text, i) => text && texts.indexOf(text) !== i);
      if (twice.length) problems.push(`${name}: headings said twice: ${[...new Set(twice)].join(', ')}`);
      await page.close();
    }
    assert.deepEqual(problems, []);
  });

  it('runs under the strict CSP with Trusted Types enforced, without a violation on any page', async () => {
    for (const name of PAGES) {
      const { page, violations } = await open(name);
      const csp = await page.evaluate(() => /** @type {any} */ (window).__csp ?? []);
      assert.deepEqual([...csp, ...violations], [], name);
      await page.close();
    }
  });

  it('the main tasks with the keyboard alone: skip link, switch child, open a conversation, choose a refill', async () => {
    const { page } = await open('home');
    /** Presses Tab until `match` (a test of deepActive()) holds. */
    async function tabTo(match, what) {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (match(await page.evaluate(deepActive))) return;
      }
      throw new Error(`Tab never reached ${what}`);
    }
    // 1. the skip link is the first stop and moves focus to the content
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(deepActive), /^a\|Skip to main content/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main', { timeout: STEP });
    // 2. switch to Sofía with the arrow keys in the switcher's radio group
    await tabTo((a) => /^input[#|]/.test(a) && a.endsWith('|radio'), 'the patient switcher');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => /** @type {any} */ (document.querySelector('#engage'))?.patient === 'Patient/demo-sofia-gomez', { timeout: STEP });
    // 3. Messages from the navigation, then back to Lucas and open his shared conversation
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => /** @type {any} */ (document.querySelector('#engage'))?.patient === 'Patient/demo-lucas-gomez', { timeout: STEP });
    await tabTo((a) => a.includes('|#messages|'), 'the Messages link');
    await page.keyboard.press('Enter');
    // the inbox's heading names the page: focus goes to the start of the content
    await page.waitForFunction(() => location.hash === '#messages' && document.activeElement?.id === 'main', { timeout: STEP });
    await page.waitForFunction(allLoaded, { timeout: STEP });
    await tabTo((a) => a.includes('Inhaler for school'), 'the conversation');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => (document.querySelector('engage-message-thread')?.shadowRoot?.textContent ?? '').includes('second inhaler'),
      { timeout: STEP },
    );
    // 4. Medicines: choose the inhaler with Space
    await page.evaluate(() => (location.hash = '#medicines'));
    await page.waitForFunction(() => document.activeElement?.id === 'page-title', { timeout: STEP });
    await page.waitForFunction(allLoaded, { timeout: STEP });
    await tabTo((a) => /^input[#|]/.test(a) && a.endsWith('|checkbox'), 'a medicine to refill');
    await page.keyboard.press('Space');
    const checked = await page.evaluate(() => {
      const root = document.querySelector('engage-refill-request')?.shadowRoot;
      return [...(root?.querySelectorAll('input[type="checkbox"]') ?? [])].some((c) => /** @type {HTMLInputElement} */ (c).checked);
    });
    assert.equal(checked, true);
    await page.close();
  });
});
