// Framework hosts: a React 19, a Vue 3 and an Angular app (test/hosts/*), each
// type-checked and built for production with its framework's own tooling from the
// packed tarball, then loaded in headless Chromium. Each must define the tags it asked
// for, render the memory adapter's patient and conversation through a provider whose
// `adapter` it set as a property, and receive `engage-message-sent` when a message is
// sent. No network, no npm install: the tarball is extracted into a scratch project and
// every other dependency is a symlink into the repository's node_modules.
// Needs dist/. Not part of `npm test` (three production builds take minutes on a loaded
// machine): `npm run test:hosts` after it, as .ci/run does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import puppeteer from 'puppeteer-core';
import { findChromium, TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

// Functions passed to page.evaluate / waitForFunction run in the page:
/* global document, customElements, Node */

const repo = process.cwd();
const seed = JSON.parse(readFileSync('test/hosts/shared/seed.json', 'utf8'));

/** Every tag the package defines: the provider and one per element folder with a registration file. */
const ALL_TAGS = [
  'engage-provider',
  ...readdirSync('src/elements')
    .filter((name) => existsSync(`src/elements/${name}/${name}.ts`))
    .map((name) => `engage-${name}`),
].sort();

/**
 * The apps, the commands that type-check and build each (its framework's normal
 * tooling, run from the app's folder), where the build lands, and the tags the app's
 * imports ask for: React and Angular `import 'ehr-engage'` (everything), Vue imports
 * `ehr-engage/provider.js` and two element entries.
 */
const HOSTS = [
  {
    name: 'react',
    steps: [
      ['tsc', ['--noEmit', '-p', 'tsconfig.json']],
      ['vite', ['build']],
    ],
    out: 'dist',
    tags: ALL_TAGS,
  },
  {
    name: 'vue',
    steps: [
      ['vue-tsc', ['--noEmit', '-p', 'tsconfig.json']],
      ['vite', ['build']],
    ],
    out: 'dist',
    tags: ['engage-message-thread', 'engage-patient-banner', 'engage-provider'],
  },
  {
    // the application builder type-checks the code and the strict templates itself
    name: 'angular',
    steps: [['ng', ['build']]],
    out: 'dist/browser',
    tags: ALL_TAGS,
  },
];

const scratch = mkdtempSync(join(tmpdir(), 'ehr-engage-hosts-'));
/** Per host: the URL its build is served at, once built. */
const built = new Map();
let browser;
const servers = [];

/** Runs a command to its end; resolves with its standard output, rejects with all its output on failure. */
function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', CI: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // a guard, not a measure: a hung build (the Angular CLI can wait forever after a
      // failure) is killed so the test reports its output instead of stalling
      timeout: 480_000,
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code ?? 'a signal'}:\n${output}`));
    });
  });
}

/**
 * A scratch project outside the repository: node_modules/ehr-engage is the extracted
 * tarball, everything else links to the repository's node_modules; the apps sit beside.
 */
async function scratchProject() {
  assert.ok(existsSync('dist/index.js'), 'dist/ exists (run `node scripts/build.mjs` first)');
  const packed = JSON.parse(await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], repo));
  const tarball = join(scratch, packed[0].filename);
  const modules = join(scratch, 'node_modules');
  const library = join(modules, 'ehr-engage');
  mkdirSync(library, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', library, '--strip-components=1'], scratch);
  const repoModules = realpathSync('node_modules');
  for (const name of readdirSync(repoModules)) {
    if (name === 'ehr-engage' || (name.startsWith('.') && name !== '.bin')) continue;
    symlinkSync(join(repoModules, name), join(modules, name), 'dir');
  }
  cpSync('test/hosts', join(scratch, 'hosts'), { recursive: true });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

/** Serves one built app at the root of its own local origin, as its host would. */
function serve(root) {
  return new Promise((resolvePromise) => {
    const http = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url, 'http://host').pathname);
      if (path === '/favicon.ico') {
        // browsers ask for it unprompted; a 404 would read as an error of the app
        response.writeHead(204).end();
        return;
      }
      const file = normalize(join(root, path === '/' ? 'index.html' : path));
      if (!file.startsWith(root) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    http.listen(0, '127.0.0.1', () => resolvePromise(http));
  });
}

before(async () => {
  await scratchProject();
  browser = await puppeteer.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    headless: true,
    args: TEST_CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs in every page before its scripts: installs `hostPageText()`, the text a reader
 * sees (the body and every shadow root below it, minus styles), for the checks below.
 */
function installPageText() {
  const deepText = (node) => {
    let text = '';
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.data;
      else if (child.nodeType === Node.ELEMENT_NODE && child.localName !== 'style' && child.localName !== 'script') {
        if (child.shadowRoot) text += deepText(child.shadowRoot);
        text += deepText(child);
      }
    }
    return text;
  };
  globalThis.hostPageText = () => deepText(document.body).replace(/\s+/g, ' ').trim();
}

const plain = (html) => html.replace(/<[^>]*>/g, '').trim();

for (const host of HOSTS) {
  test(`${host.name}: type-checks and builds for production from the packed tarball`, { timeout: 600_000 }, async (t) => {
    // Vite writes the bundle under the app's own folder; the app's imports ask the
    // scratch node_modules, which holds the tarball, not the repository's src/
    const cwd = join(scratch, 'hosts', host.name);
    for (const [command, args] of host.steps) {
      const started = Date.now();
      await run(join(scratch, 'node_modules', '.bin', command), args, cwd);
      t.diagnostic(`${host.name}: ${command} ${args.join(' ')} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    assert.ok(existsSync(join(cwd, host.out, 'index.html')), `${host.name} wrote ${host.out}/index.html`);
    const server = await serve(join(cwd, host.out));
    servers.push(server);
    built.set(host.name, `http://127.0.0.1:${server.address().port}/`);
  });

  test(`${host.name}: defines its tags, renders the memory adapter's data and receives engage-message-sent`, { timeout: 120_000 }, async (t) => {
    const url = built.get(host.name);
    assert.ok(url, `${host.name} was built`);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    try {
      await page.evaluateOnNewDocument(installPageText);
      await page.goto(url);

      // the app has rendered once its own output element is there
      await page.waitForSelector('#host-event', { timeout: 60_000 });
      const facts = await page.evaluate((tags) => {
        const provider = document.querySelector('engage-provider');
        return {
          defined: tags.filter((tag) => customElements.get(tag)),
          adapterIsProperty: typeof provider?.adapter?.messaging?.listMessages === 'function',
          adapterAttribute: provider?.getAttribute('adapter') ?? null,
        };
      }, [...new Set([...ALL_TAGS, ...host.tags])]);
      t.diagnostic(`${host.name}: defined ${facts.defined.join(', ')}`);
      assert.deepEqual(facts.defined.sort(), host.tags, 'exactly the tags the app imports are defined');
      assert.equal(facts.adapterIsProperty, true, 'the provider holds the adapter object as a property');
      assert.equal(facts.adapterAttribute, null, 'the adapter was not stringified into an attribute');

      // the banner shows the patient, the thread its subject and every seeded message
      const name = `${seed.patient.names[0].given[0]} ${seed.patient.names[0].family}`;
      const expected = [name, seed.thread.subject, ...seed.messages.map((m) => plain(m.body))];
      const showsAll = (parts) => parts.every((part) => globalThis.hostPageText().includes(part));
      await page.waitForFunction(showsAll, { timeout: 60_000 }, expected).catch(async (error) => {
        const seen = await page.evaluate(() => globalThis.hostPageText());
        throw new Error(`${host.name} did not show ${JSON.stringify(expected)}; the page shows: ${seen}`, { cause: error });
      });

      const reply = `Sent from the ${host.name} host, thank you.`;
      await page.locator('engage-message-thread >>> textarea').fill(reply);
      await page.locator('engage-message-thread >>> [part~="send-button"]').click();
      await page.waitForFunction(
        (text) => document.querySelector('#host-event')?.textContent?.includes(text),
        { timeout: 30_000 },
        reply,
      );
      const shown = await page.$eval('#host-event', (output) => output.textContent);
      assert.match(shown, /^engage-message-sent: /, 'the app rendered the event it received');
      assert.deepEqual(errors, [], 'no errors in the page');
    } finally {
      await page.close();
    }
  });
}
