// The demo EHR screen (demo/start.mjs + demo/index.html) in headless Chromium, under the
// demo server's strict CSP with Trusted Types enforced. Needs `npm run build` first.
//
//   npm run build && node --test test/node/demo.test.mjs
//
// Chromium: CHROME_PATH, else /usr/bin/chromium. puppeteer-core comes with
// @web/test-runner-chrome.
//
// Functions passed to page.evaluate / waitForFunction run in the page:
/* global document, window, localStorage, sessionStorage, getComputedStyle, customElements, MouseEvent */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { startDemo } from '../../demo/start.mjs';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

const DATA = new URL('../../demo/data/', import.meta.url);
const BUNDLE = new URL('../../dist/ehr-engage.js', import.meta.url);
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const STEP_TIMEOUT = 60_000;

/**
 * The patient the test picks, read straight from the Synthea bundle (not through the
 * server or the library): Carla Echevarría, whose family name has an accent.
 */
async function expectedPatient() {
  const files = (await readdir(DATA)).filter((f) => /^synthea-.*\.json$/.test(f)).sort();
  const file = files.find((f) => f.startsWith('synthea-carla-echevarria-')) ?? files[0];
  assert.ok(file, 'a Synthea bundle in demo/data');
  const bundle = JSON.parse(await readFile(new URL(file, DATA), 'utf8'));
  const patient = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'Patient');
  const name = patient.name.find((n) => n.use === 'usual') ?? patient.name.find((n) => n.use === 'official') ?? patient.name[0];
  const mrn = patient.identifier.find((i) => i.type?.coding?.some((c) => c.code === 'MR'));
  assert.ok(mrn?.value, `${file} has an MR identifier`);
  return {
    id: patient.id,
    given: name.given.join(' '),
    family: name.family,
    natural: [...(name.prefix ?? []), ...name.given, name.family, ...(name.suffix ?? [])].join(' '),
    mrn: mrn.value,
    birthYear: patient.birthDate.slice(0, 4),
  };
}

/** What the banner's shadow root shows. Runs in the page. */
function readBanner() {
  const banner = document.querySelector('engage-patient-banner');
  const root = banner?.shadowRoot;
  if (!root) return undefined;
  return {
    name: root.querySelector('[part~="name"]')?.textContent?.trim() ?? '',
    lang: root.querySelector('[part~="base"]')?.getAttribute('lang') ?? '',
    items: [...root.querySelectorAll('dl > div, dl')].flatMap((group) =>
      [...group.querySelectorAll(':scope > dt')].map((dt) => [
        dt.textContent?.trim() ?? '',
        dt.nextElementSibling?.textContent?.trim() ?? '',
      ])
    ),
    text: root.textContent?.replace(/\s+/g, ' ').trim() ?? '',
  };
}

describe('demo EHR screen under a strict CSP with Trusted Types', { skip: !existsSync(BUNDLE) && 'run `npm run build` first' }, () => {
  /** @type {Awaited<ReturnType<typeof startDemo>>} */
  let demo;
  /** @type {import('puppeteer-core').Browser | undefined} */
  let browser;
  /** @type {import('puppeteer-core').Page} */
  let page;
  /** @type {import('puppeteer-core').HTTPResponse | null} */
  let mainResponse;
  let profileDir = '';
  /** @type {Awaited<ReturnType<typeof expectedPatient>>} */
  let carla;
  /** @type {any[]} */
  const violations = [];
  /** @type {string[]} */
  const consoleErrors = [];
  /** @type {string[]} */
  const pageErrors = [];
  /** @type {string[]} */
  const failedRequests = [];
  /** @type {{ url: string, status: number, type: string }[]} */
  const responses = [];
  /** @type {Record<string, number>} */
  const timings = {};

  before(async () => {
    const t0 = performance.now();
    carla = await expectedPatient();
    demo = await startDemo({ demoPort: 0, fhirPort: 0 });
    timings.serversMs = demo.startMs;

    const t1 = performance.now();
    profileDir = await mkdtemp(join(tmpdir(), 'ehr-engage-demo-test-'));
    browser = await puppeteer.launch({
      executablePath: CHROME,
      headless: true,
      pipe: true,
      userDataDir: profileDir,
      args: TEST_CHROMIUM_ARGS,
    });
    timings.browserLaunchMs = Math.round(performance.now() - t1);

    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.exposeFunction('__recordCspViolation', (/** @type {any} */ v) => {
      violations.push(v);
    });
    await page.evaluateOnNewDocument(() => {
      // capture on window: violations inside shadow roots bubble up as composed events
      window.addEventListener(
        'securitypolicyviolation',
        (e) => {
          /** @type {any} */ (window).__recordCspViolation({
            directive: e.violatedDirective,
            effective: e.effectiveDirective,
            blockedURI: e.blockedURI,
            sample: e.sample,
            source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
            disposition: e.disposition,
          });
        },
        true
      );
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} @ ${message.location()?.url ?? ''}`);
    });
    page.on('pageerror', (error) => pageErrors.push(String(/** @type {Error} */ (error)?.stack ?? error)));
    page.on('requestfailed', (request) => failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
    page.on('response', (response) =>
      responses.push({ url: response.url(), status: response.status(), type: response.headers()['content-type'] ?? '' })
    );

    const t2 = performance.now();
    mainResponse = await page.goto(demo.demoUrl, { waitUntil: 'load', timeout: STEP_TIMEOUT });
    timings.pageLoadMs = Math.round(performance.now() - t2);
    timings.beforeMs = Math.round(performance.now() - t0);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await demo?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true }).catch(() => {});
    console.log(`# demo test timings: ${JSON.stringify(timings)}`);
  });

  it('serves the page with the strict CSP, nosniff and no-referrer', () => {
    assert.equal(mainResponse?.status(), 200);
    const headers = mainResponse?.headers() ?? {};
    const csp = headers['content-security-policy'] ?? '';
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.match(csp, /trusted-types lit-html ehr-engage ehr-engage-ccda dompurify/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.ok(csp.includes(`connect-src 'self' ${new URL(demo.fhirUrl).origin}`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
  });

  it('loads only the bundle and app.js as scripts, with JavaScript MIME types', async () => {
    const scripts = await page.$$eval('script', (list) => list.map((s) => [s.type, s.getAttribute('src')]));
    assert.deepEqual(scripts, [
      ['module', '/dist/ehr-engage.js'],
      ['module', '/app.js'],
    ]);
    for (const path of ['/dist/ehr-engage.js', '/app.js']) {
      const res = responses.find((r) => new URL(r.url).pathname === path);
      assert.equal(res?.status, 200, path);
      assert.match(res?.type ?? '', /^text\/javascript/, path);
    }
    const meta = await page.$eval('meta[name="fhir-base-url"]', (m) => m.getAttribute('content'));
    assert.equal(meta, demo.fhirUrl);
  });

  it('static server: no listings, no traversal, private folders stay private', async () => {
    const base = demo.demoUrl.replace(/\/$/, '');
    const expectations = /** @type {[string, number][]} */ ([
      ['/dist/', 404],
      ['/dist/..%2f..%2fpackage.json', 404],
      ['/%2e%2e/package.json', 404],
      ['/data/patients.json', 404],
      ['/server/seed.mjs', 404],
      ['/start.mjs', 404],
      ['/demo.css', 200],
    ]);
    for (const [path, status] of expectations) {
      const res = await fetch(base + path);
      await res.arrayBuffer();
      assert.equal(res.status, status, path);
      assert.match(res.headers.get('content-security-policy') ?? '', /require-trusted-types-for 'script'/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  it('opens on the featured patient: an unread reply, refills ready, her saved aid response, and her caregiver can act', async () => {
    const list = await (await fetch(new URL('/demo/patients.json', demo.fhirUrl))).json();
    const featured = list.find((/** @type {any} */ p) => p.featured === true);
    assert.ok(featured, 'the server flags a featured patient');
    await page.waitForFunction(
      (id) => {
        const select = /** @type {HTMLSelectElement | null} */ (document.querySelector('#patient-select'));
        return select && !select.disabled && select.value === id && select.options[0]?.value === id;
      },
      { timeout: STEP_TIMEOUT },
      featured.id
    );
    // the hidden tabs load (and fetch) on first view (issue 20): nothing of theirs yet
    await page.waitForFunction(() => customElements.get('engage-clinical-summary') !== undefined, { timeout: STEP_TIMEOUT });
    assert.deepEqual(
      await page.evaluate(() => ['engage-message-inbox', 'engage-refill-request', 'engage-decision-aid'].filter((tag) => customElements.get(tag))),
      [],
      'no element of a hidden tab is loaded before its tab is shown'
    );
    // what the elements show once their tab is, read from their shadow roots (the data behind it is counted in demo-seed.test.mjs)
    /** @param {string} tab @param {() => boolean} shown */
    const openTab = async (tab, shown) => {
      await page.evaluate((id) => /** @type {HTMLElement} */ (document.getElementById(id)).click(), tab);
      await page.waitForFunction(shown, { timeout: STEP_TIMEOUT });
    };
    await openTab('tab-messages', () => /\d+ unread/.test(document.querySelector('engage-message-inbox')?.shadowRoot?.textContent ?? ''));
    await openTab('tab-refills', () => {
      const refills = document.querySelector('engage-refill-request')?.shadowRoot?.textContent ?? '';
      return refills.includes('Ready to refill') && refills.includes('Needs a new prescription');
    });
    await openTab(
      'tab-decision-aids',
      () => !document.getElementById('aid-saved')?.hidden && (document.querySelector('#decision-aid-summary')?.shadowRoot?.textContent ?? '').includes('Leaning')
    );
    await openTab('tab-summary', () => !(/** @type {HTMLElement} */ (document.getElementById('panel-summary')).hidden));
    await page.waitForSelector('input[name="role"][value="caregiver"]:not([disabled])', { timeout: STEP_TIMEOUT });
    await page.click('input[name="role"][value="caregiver"]');
    await page.waitForFunction(() => document.querySelector('engage-provider')?.getAttribute('user')?.startsWith('RelatedPerson/'), {
      timeout: STEP_TIMEOUT,
    });
    assert.equal(await page.$eval('engage-provider', (p) => p.getAttribute('user-role')), 'caregiver');
    await page.click('input[name="role"][value="patient"]');
    await page.waitForFunction(() => document.querySelector('engage-provider')?.getAttribute('user-role') === 'patient', { timeout: STEP_TIMEOUT });
  });

  it("shows the chosen patient's name and MRN in the banner", async (t) => {
    const started = performance.now();
    await page.waitForSelector(`#patient-select:not([disabled]) option[value="${carla.id}"]`, { timeout: STEP_TIMEOUT });
    await page.select('#patient-select', carla.id);
    await page.waitForFunction(
      (name, mrn) => {
        const root = document.querySelector('engage-patient-banner')?.shadowRoot;
        return (
          root?.querySelector('[part~="name"]')?.textContent?.trim() === name &&
          [...root.querySelectorAll('dd')].some((dd) => dd.textContent?.trim() === mrn)
        );
      },
      { timeout: STEP_TIMEOUT },
      carla.natural,
      carla.mrn
    );
    timings.patientShownMs = Math.round(performance.now() - started);
    t.diagnostic(`banner showed the patient in ${timings.patientShownMs} ms`);
    const banner = await page.evaluate(readBanner);
    assert.ok(banner);
    assert.equal(banner.name, carla.natural);
    assert.deepEqual(
      banner.items.find(([, value]) => value === carla.mrn),
      ['MRN', carla.mrn]
    );
    assert.ok(banner.items.some(([label, value]) => label === 'Born' && value.includes(carla.birthYear)), JSON.stringify(banner.items));
    // the selection is in memory only
    assert.equal(new URL(page.url()).search + new URL(page.url()).hash, '');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  });

  it('switches to Español: the banner and the page speak Spanish', async (t) => {
    const started = performance.now();
    await page.click('input[name="locale"][value="es"]');
    await page.waitForFunction(
      () => {
        const root = document.querySelector('engage-patient-banner')?.shadowRoot;
        const labels = [...(root?.querySelectorAll('dt') ?? [])].map((dt) => dt.textContent?.trim());
        return labels.includes('Nacimiento') && labels.includes('Sexo');
      },
      { timeout: STEP_TIMEOUT }
    );
    timings.spanishMs = Math.round(performance.now() - started);
    t.diagnostic(`Spanish labels in ${timings.spanishMs} ms`);
    const banner = await page.evaluate(readBanner);
    assert.ok(banner);
    assert.equal(banner.lang, 'es');
    assert.ok(banner.items.some(([label, value]) => label === 'N.º de historia' && value === carla.mrn), JSON.stringify(banner.items));
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await page.$eval('#tab-summary', (el) => el.textContent?.trim()), 'Resumen');
    const chunk = responses.find((r) => /\/dist\/ehr-engage-es-[^/]+\.js$/.test(new URL(r.url).pathname));
    assert.equal(chunk?.status, 200, 'the Spanish chunk loads from /dist/');
    assert.match(chunk?.type ?? '', /^text\/javascript/);
  });

  it('switches to the clinician role: the name reads FAMILY, Given', async () => {
    const expected = `${carla.family.toLocaleUpperCase('es')}, ${carla.given}`;
    await page.click('input[name="role"][value="clinician"]');
    await page.waitForFunction(
      (name) => document.querySelector('engage-patient-banner')?.shadowRoot?.querySelector('[part~="name"]')?.textContent?.trim() === name,
      { timeout: STEP_TIMEOUT },
      expected
    );
    assert.equal(await page.$eval('engage-provider', (p) => p.getAttribute('user-role')), 'clinician');
  });

  it('switches to the dark theme', async () => {
    await page.click('input[name="theme"][value="dark"]');
    await page.waitForFunction(
      () =>
        getComputedStyle(/** @type {Element} */ (document.querySelector('engage-patient-banner')))
          .getPropertyValue('--engage-color-surface')
          .trim() === '#161b22',
      { timeout: STEP_TIMEOUT }
    );
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  });

  it('tabs follow the ARIA tabs pattern with arrow keys, Home and End', async () => {
    const selected = () =>
      page.evaluate(() => ({
        focused: document.activeElement?.id,
        selected: [...document.querySelectorAll('[role="tab"][aria-selected="true"]')].map((t) => t.id),
        tabbable: [...document.querySelectorAll('[role="tab"]')].filter((t) => /** @type {HTMLElement} */ (t).tabIndex === 0).map((t) => t.id),
        visible: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !(/** @type {HTMLElement} */ (p).hidden)).map((p) => p.id),
      }));
    await page.focus('#tab-summary');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await selected(), {
      focused: 'tab-messages',
      selected: ['tab-messages'],
      tabbable: ['tab-messages'],
      visible: ['panel-messages'],
    });
    assert.equal(await page.$eval('#panel-messages', (p) => p.getAttribute('aria-labelledby')), 'tab-messages');
    // the last tab, whichever it is as tabs are added (some are added by their own demo module)
    const last = await page.$$eval('[role="tab"]', (tabs) => tabs[tabs.length - 1]?.id);
    assert.ok(last && last !== 'tab-summary');
    await page.keyboard.press('End');
    assert.equal((await selected()).focused, last);
    await page.keyboard.press('ArrowRight');
    assert.equal((await selected()).focused, 'tab-summary', 'wraps around');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await selected()).focused, last);
    await page.keyboard.press('Home');
    assert.deepEqual((await selected()).visible, ['panel-summary']);
  });

  it('reflows at 320 px without horizontal scrolling', async () => {
    await page.setViewport({ width: 320, height: 800 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `page is ${widths.scroll} px wide in a ${widths.client} px viewport`);
    await page.setViewport({ width: 1280, height: 900 });
  });

  it('opens a C-CDA document in the summary (XML parsing under Trusted Types)', async () => {
    // the summary tab holds the file input; the document's patient is read from the file
    await page.evaluate(() => /** @type {HTMLElement} */ (document.querySelector('#tab-summary')).click());
    await page.evaluate(() => document.querySelector('#summary-file')?.closest('details')?.setAttribute('open', ''));
    const ccda = await readFile(new URL('../fixtures/ccda/documents/ccd-1.xml', import.meta.url), 'utf8');
    const given = /<patient>[\s\S]*?<given>([^<]+)<\/given>/.exec(ccda)?.[1];
    assert.ok(given, 'the fixture names its patient');
    const input = await page.$('#summary-file');
    await input.uploadFile(new URL('../fixtures/ccda/documents/ccd-1.xml', import.meta.url).pathname);
    await page.waitForFunction(
      (name) => document.querySelector('engage-clinical-summary')?.shadowRoot?.textContent?.includes(name),
      { timeout: STEP_TIMEOUT },
      given,
    );
  });

  it("shows a state registry's HL7 v2 answer in the Immunizations tab, and its 'not found' answer as a state", async () => {
    // the vendor's backend would relay the registry's answer; the demo relays a sample message
    const message = await readFile(new URL('../../demo/registry/z42-evaluated-history-forecast.hl7', import.meta.url), 'utf8');
    const pid = message.split(/\r\n|\r|\n/).find((line) => line.startsWith('PID|'))?.split('|') ?? [];
    const given = pid[5]?.split('^')[1];
    const doses = message.split(/\r\n|\r|\n/).filter((line) => line.startsWith('RXA|')).length;
    assert.ok(given && doses > 0, 'the sample names its patient and holds doses');
    await page.evaluate(() => /** @type {HTMLElement} */ (document.querySelector('#tab-immunizations')).click());
    const shows = (/** @type {string} */ text) =>
      page
        .waitForFunction((want) => document.querySelector('engage-immunizations')?.shadowRoot?.textContent?.includes(want), { timeout: STEP_TIMEOUT }, text)
        .catch(async (error) => {
          const shown = await page.$eval('engage-immunizations', (el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').slice(0, 400));
          throw new Error(`${error.message}; the element shows: ${shown}`);
        });
    await page.select('#immunization-source', 'z42-evaluated-history-forecast');
    await shows(given);
    await page.select('#immunization-source', 'z33-not-found');
    // the page may be in either language by now: look for the element's lookup state, not its words
    await page.waitForFunction(
      (name) => {
        const root = document.querySelector('engage-immunizations')?.shadowRoot;
        return !!root?.querySelector('[part~="lookup"]') && !root.textContent?.includes(name);
      },
      { timeout: STEP_TIMEOUT },
      given,
    );
    await page.select('#immunization-source', 'ehr');
  });

  it('Reminders tab: the featured patient has items due and one done; the clinician sees the evidence and the worklist', async () => {
    const list = await (await fetch(new URL('/demo/patients.json', demo.fhirUrl))).json();
    const featured = list.find((/** @type {any} */ p) => p.featured === true);
    await page.select('#patient-select', featured.id);
    await page.click('input[name="role"][value="patient"]');
    await page.evaluate(() => /** @type {HTMLElement} */ (document.querySelector('#tab-reminders')).click());
    // statuses by class, not words: an earlier test may have left the page in Spanish
    const reminders = (/** @type {string} */ selector) =>
      page
        .waitForFunction((s) => document.querySelector('engage-care-reminders')?.shadowRoot?.querySelector(s), { timeout: 60_000 }, selector)
        .catch(async (error) => {
          const shown = await page.$eval('engage-care-reminders', (el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').slice(0, 400));
          throw new Error(`${error.message} (${selector}); the element shows: ${shown}`);
        });
    await reminders('.item--overdue');
    await reminders('.item--done');
    assert.equal(await page.$eval('engage-care-gap-worklist', (el) => /** @type {HTMLElement} */ (el).hidden), true, 'no worklist for patients');
    await page.click('input[name="role"][value="clinician"]');
    await reminders('details.evidence');
    await page.waitForFunction(
      () => {
        const worklist = /** @type {HTMLElement | null} */ (document.querySelector('engage-care-gap-worklist'));
        return worklist && !worklist.hidden && worklist.shadowRoot?.querySelector('.counts');
      },
      { timeout: 60_000 },
    );
    // send reminders about hepatitis C screening to everyone due: each becomes one Communication on the server
    await page.evaluate(() => {
      const select = /** @type {HTMLSelectElement} */ (document.querySelector('engage-care-gap-worklist')?.shadowRoot?.querySelector('.filters select'));
      select.value = 'hepatitis-c-screening';
      select.dispatchEvent(new Event('change'));
    });
    const rows = await page.waitForFunction(
      () => {
        const root = document.querySelector('engage-care-gap-worklist')?.shadowRoot;
        const ready = root && !root.querySelector('[part~="loading"]') && root.querySelector('.select-all input');
        return ready ? root.querySelectorAll('.rows > li').length || -1 : false;
      },
      { timeout: 60_000 },
    );
    assert.notEqual(await rows.jsonValue(), -1, 'the worklist lists patients due');
    // in the page: the worklist's own controls, pressed as a user does
    await page.evaluate(() => document.querySelector('engage-care-gap-worklist')?.shadowRoot?.querySelector('.select-all input')?.dispatchEvent(new MouseEvent('click')));
    await page.waitForFunction(() => document.querySelector('engage-care-gap-worklist')?.shadowRoot?.querySelector('.send button:not([disabled])'), { timeout: STEP_TIMEOUT });
    await page.evaluate(() => document.querySelector('engage-care-gap-worklist')?.shadowRoot?.querySelector('.send button')?.dispatchEvent(new MouseEvent('click')));
    const sent = await page.waitForFunction(
      () => {
        const root = document.querySelector('engage-care-gap-worklist')?.shadowRoot;
        const bar = /** @type {HTMLProgressElement | null | undefined} */ (root?.querySelector('[part~="progress"] progress'));
        return bar && bar.max > 0 && bar.value === bar.max ? { total: bar.max, failed: root?.querySelectorAll('[part~="failures"] li').length ?? 0 } : false;
      },
      { timeout: 120_000 },
    );
    const { total, failed } = /** @type {{ total: number, failed: number }} */ (await sent.jsonValue());
    assert.equal(failed, 0, 'no reminder failed');
    const bundle = await (
      await fetch(`${demo.fhirUrl}/Communication?category=${encodeURIComponent('https://ehr-engage.dev/fhir/CodeSystem/care-reminder-rule|hepatitis-c-screening')}&_count=1000`)
    ).json();
    const subjects = new Set((bundle.entry ?? []).map((/** @type {any} */ e) => e.resource.subject?.reference));
    assert.equal(subjects.size, total, 'every patient sent to has a reminder on the server');
    // a reminder is a thread (a Communication) and its first message (a Communication that is partOf it)
    const threads = (bundle.entry ?? []).filter((/** @type {any} */ e) => !e.resource.partOf?.length);
    assert.equal(threads.length, total, 'one reminder thread per patient, none twice');
    await page.click('input[name="role"][value="patient"]');
  });

  it('prints the largest seeded immunization record on one A4 and one Letter page', async () => {
    // the patient with the most Immunization resources, counted from the seed files
    const list = JSON.parse(await readFile(new URL('../../demo/data/patients.json', import.meta.url), 'utf8'));
    let largest = { id: '', count: -1 };
    for (const patient of list) {
      const bundle = JSON.parse(await readFile(new URL(`../../demo/data/${patient.file}`, import.meta.url), 'utf8'));
      const count = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Immunization').length;
      if (count > largest.count) largest = { id: patient.id, count };
    }
    await page.select('#patient-select', largest.id);
    await page.evaluate(() => /** @type {HTMLElement} */ (document.querySelector('#tab-immunizations')).click());
    await page.waitForFunction(
      (n) => (document.querySelector('engage-immunizations')?.shadowRoot?.querySelectorAll('[part~="dose"]').length ?? 0) >= n,
      { timeout: STEP_TIMEOUT },
      Math.min(largest.count, 1),
    );
    // print the element alone, as a host's print page would: hide what is not on its ancestor chain
    await page.evaluate(() => {
      let node = document.querySelector('engage-immunizations');
      while (node?.parentElement) {
        for (const sibling of node.parentElement.children) {
          if (sibling === node) continue;
          sibling.classList.add('print-check-hidden');
          /** @type {HTMLElement} */ (sibling).style.display = 'none';
        }
        node = node.parentElement;
      }
    });
    try {
      for (const format of /** @type {const} */ (['A4', 'Letter'])) {
        const pdf = Buffer.from(await page.pdf({ format })).toString('latin1');
        const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length;
        assert.equal(pages, 1, `${largest.count} immunizations print on ${pages} ${format} pages`);
      }
    } finally {
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('.print-check-hidden')) {
          el.classList.remove('print-check-hidden');
          /** @type {HTMLElement} */ (el).style.display = '';
        }
      });
    }
  });

  it('had zero CSP / Trusted Types violations, page errors or console errors', async () => {
    // let any late violation reports arrive
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    assert.deepEqual(violations, [], `CSP violations:\n${JSON.stringify(violations, null, 2)}`);
    assert.deepEqual(pageErrors, [], 'page errors');
    assert.deepEqual(consoleErrors, [], 'console errors');
    // A read the page cancelled itself (the tests switch patient, role and language faster
    // than the hidden tabs finish loading) is not a failure; a blocked or broken one is.
    assert.deepEqual(failedRequests.filter((r) => !r.endsWith('net::ERR_ABORTED')), [], 'failed requests');
    const bad = responses.filter((r) => r.status >= 400);
    assert.deepEqual(bad, [], 'HTTP errors');
  });
});
