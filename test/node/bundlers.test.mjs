// @ts-check
/**
 * Every way a vendor loads the library registers exactly what it asked for.
 *
 * The built package is packed and installed into a scratch project outside the
 * repository (test/node/bundlers/scratch.mjs), bundled for production by Vite, esbuild,
 * rollup and webpack (bundlers/bundle.mjs), and each build is loaded in headless
 * Chromium. Per entry the test asserts which `engage-*` tags the entry defined, and that
 * a provider with the memory adapter and the element render the sample data. The
 * script-tag bundle and a page with an import map are checked the same way.
 *
 * Needs dist/ (`npm run build`). Chromium: CHROME_PATH, else /usr/bin/chromium.
 */
/* global document, window, customElements, Node, Element -- in functions that run in the page */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createScratch, expectedTexts, packageTags, serve, writeApp, writeSeed } from './bundlers/scratch.mjs';
import { bundle, BUNDLERS } from './bundlers/bundle.mjs';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

/** How long one element may take to show its data: a bound for a wait, not an assertion on time. */
const CONTENT_WAIT = 90_000;

/** @type {ReturnType<typeof createScratch>} */
let scratch;
/** @type {ReturnType<typeof packageTags>} */
let tags;
/** @type {string[]} */
let allTags;
/** @type {ReturnType<typeof writeApp>} */
let entries;
/** @type {Record<string, string[]>} */
let texts;
/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('puppeteer-core').Browser} */
let browser;

before(async () => {
  scratch = createScratch();
  tags = packageTags(scratch.packageDir);
  allTags = [tags.provider, ...tags.elements.map((e) => e.tag)];
  texts = expectedTexts(await writeSeed(scratch.root));
  entries = writeApp(scratch.root, tags);
  server = await serve(scratch.root);
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: TEST_CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch.root, { recursive: true, force: true });
});

/** The text an element shows, through every shadow root below it. */
function shows(tag, wanted) {
  const element = document.querySelector(tag);
  if (!element) return false;
  /** @param {Node} node */
  const text = (node) => {
    let out = '';
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += /** @type {Text} */ (child).data;
      else if (child instanceof Element) out += (child.shadowRoot ? text(child.shadowRoot) : '') + text(child);
    }
    return out;
  };
  const all = (element.shadowRoot ? text(element.shadowRoot) : '') + text(element);
  return wanted.every((w) => all.includes(w));
}

/**
 * Opens a page of the scratch server and returns what its entry defined and whether each
 * element it mounted showed its data.
 * @param {string} path
 * @param {string[]} render - tags the page mounts
 * @param {boolean} [lazy] - the page defines elements on first use, after mounting them
 */
async function load(path, render, lazy = false) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(`${server.url}/${path}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__host?.mounted || window.__host?.error, { timeout: CONTENT_WAIT });
    const host = await page.evaluate(() => window.__host);
    assert.equal(host.error, undefined, `${path}: ${host.error}`);
    const missing = [];
    for (const tag of render) {
      // an element (or provider) the entry did not define will never show data: do not wait for it
      const defined =
        lazy || (await page.evaluate((t) => Boolean(customElements.get(t) && customElements.get('engage-provider')), tag));
      const ok =
        defined &&
        (await page
          .waitForFunction(shows, { timeout: CONTENT_WAIT, polling: 200 }, tag, texts[tag] ?? [])
          .then(() => true, () => false));
      if (!ok) missing.push(`${tag} (expected ${JSON.stringify(texts[tag])})`);
    }
    const definedAtEnd = await page.evaluate((known) => known.filter((t) => customElements.get(t)), allTags);
    return { ...host, definedAtEnd, missing, errors };
  } finally {
    await page.close();
  }
}

for (const bundler of /** @type {(keyof typeof BUNDLERS)[]} */ (Object.keys(BUNDLERS))) {
  describe(`${bundler} production build of the packed package`, () => {
    /** @type {string} */
    let out;
    before(async () => {
      out = await bundle(bundler, scratch.root, entries);
    });

    test("import 'ehr-engage' defines every element and each renders its data", async (t) => {
      const result = await load(`${out}/all.html`, entries[0].render);
      t.diagnostic(`${bundler} 'ehr-engage': ${result.definedByEntry.join(' ')}`);
      assert.deepEqual(result.definedByEntry, allTags);
      assert.deepEqual(result.missing, []);
      assert.deepEqual(result.errors, []);
    });

    test("import 'ehr-engage/provider.js' defines the provider only", async (t) => {
      const result = await load(`${out}/provider.html`, []);
      t.diagnostic(`${bundler} 'ehr-engage/provider.js': ${result.definedByEntry.join(' ')}`);
      assert.deepEqual(result.definedByEntry, [tags.provider]);
      assert.deepEqual(result.errors, []);
    });

    test('each element entry defines its own element only; with the provider it renders its data', async (t) => {
      const expected = {};
      const actual = {};
      for (const entry of entries.slice(2)) {
        const result = await load(`${out}/${entry.name}.html`, entry.render);
        t.diagnostic(`${bundler} 'ehr-engage/elements/${entry.name}.js': ${result.definedByEntry.join(' ') || '(nothing)'}`);
        expected[entry.name] = { alone: entry.expected, withProvider: [tags.provider, ...entry.expected], missing: [], errors: [] };
        actual[entry.name] = {
          alone: result.definedByEntry,
          withProvider: result.definedAfterProvider,
          missing: result.missing,
          errors: result.errors,
        };
      }
      assert.deepEqual(actual, expected);
    });
  });
}

describe('without a bundler', () => {
  test('the script tag defines the provider at once and every element on first use', async () => {
    const render = allTags.slice(1);
    writeFileSync(
      join(scratch.root, 'script.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>script tag</title>
<script type="module" src="/node_modules/ehr-engage/dist/ehr-engage.js"></script></head><body>
<script type="module">
  import { createMemoryAdapter } from '/node_modules/ehr-engage/dist/ehr-engage.js';
  import { mount } from '/app/mount.js';
  mount({ createMemoryAdapter, tags: ${JSON.stringify(render)} });
</script></body></html>\n`,
    );
    const result = await load('script.html', render, true);
    assert.deepEqual(result.definedByEntry, [tags.provider]);
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.definedAtEnd, allTags);
    assert.deepEqual(result.errors, []);
  });

  test('an import map of the package and its dependencies loads every element', async () => {
    const imports = importMap();
    const render = allTags.slice(1);
    writeFileSync(
      join(scratch.root, 'import-map.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>import map</title>
<script type="importmap">${JSON.stringify({ imports })}</script></head><body>
<script type="module">
  import 'ehr-engage';
  import { createMemoryAdapter } from 'ehr-engage/adapters/memory';
  import { mount } from '/app/mount.js';
  mount({ createMemoryAdapter, tags: ${JSON.stringify(render)} });
</script></body></html>\n`,
    );
    const result = await load('import-map.html', render);
    assert.deepEqual(result.definedByEntry, allTags);
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.errors, []);
  });
});

/**
 * The import map a host writes by hand: each package's main module (its browser
 * production export) and a prefix for its subpaths; the library's export map entries.
 */
function importMap() {
  /** @param {unknown} target */
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (!target || typeof target !== 'object') return undefined;
    for (const condition of ['browser', 'import', 'default']) {
      const found = pick(/** @type {Record<string, unknown>} */ (target)[condition]);
      if (found) return found;
    }
    return undefined;
  };
  /** @type {Record<string, string>} */
  const imports = {};
  for (const name of ['ehr-engage', ...scratch.dependencies]) {
    const base = `/node_modules/${name}/`;
    const manifest = JSON.parse(readFileSync(join(scratch.root, 'node_modules', name, 'package.json'), 'utf8'));
    const exports = typeof manifest.exports === 'object' && !('.' in manifest.exports) ? { '.': manifest.exports } : manifest.exports;
    const main = pick(exports?.['.']) ?? manifest.module ?? manifest.main ?? 'index.js';
    imports[name] = new URL(main, `http://x${base}`).pathname;
    imports[`${name}/`] = base;
    if (name !== 'ehr-engage') continue;
    for (const [key, target] of Object.entries(exports ?? {})) {
      const file = pick(target);
      if (key === '.' || !file) continue;
      const specifier = `${name}/${key.slice(2)}`;
      const url = new URL(file, `http://x${base}`).pathname;
      if (key.includes('*')) imports[specifier.slice(0, specifier.indexOf('*'))] = url.slice(0, url.indexOf('*'));
      else imports[specifier] = url;
    }
  }
  return imports;
}
