// Storybook as developers see it: `storybook build` succeeds offline, and every story in
// the built Storybook renders its element (a story that renders blank fails), with no
// page errors. Stories' accessibility is checked in the browser tests (stories-axe.ts).
//
// The preview page is loaded once and each story is selected through Storybook's own
// channel, the way the manager switches stories, instead of reloading the preview (and
// all of its JavaScript) per story: on a busy machine that reload was most of the time.
// The build goes to a temporary folder (node_modules may be shared between checkouts).
/* global document, customElements, window */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { TEST_CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';

const OUT = join(tmpdir(), `ehr-engage-storybook-test-${process.pid}`);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

/** Serves the built Storybook from OUT on a free loopback port. */
function serve() {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(OUT, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** In the page: whether every engage-* element in the story has rendered into its shadow root. */
function storyRendered() {
  const root = document.querySelector('#storybook-root');
  const elements = [...(root?.querySelectorAll('*') ?? [])].filter(
    (el) => el.localName.startsWith('engage-') && el.localName !== 'engage-provider',
  );
  return (
    elements.length > 0 &&
    elements.every((el) => customElements.get(el.localName) && el.shadowRoot && el.shadowRoot.childElementCount > 0)
  );
}

/** In the page: selects a story through the preview's channel; resolves when it rendered or failed. */
function showStory(id) {
  const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
  return new Promise((resolve) => {
    const idOf = (payload) => (typeof payload === 'string' ? payload : payload?.storyId ?? payload?.id);
    const finish = (result) => {
      channel.off('storyRendered', rendered);
      channel.off('storyErrored', failed);
      channel.off('storyThrewException', failed);
      resolve(result);
    };
    const rendered = (payload) => idOf(payload) === id && finish('rendered');
    const failed = (payload) => finish(`failed: ${JSON.stringify(payload)?.slice(0, 300)}`);
    channel.on('storyRendered', rendered);
    channel.on('storyErrored', failed);
    channel.on('storyThrewException', failed);
    channel.emit('setCurrentStory', { storyId: id, viewMode: 'story' });
  });
}

describe('Storybook', { timeout: 900_000 }, () => {
  let server;
  let browser;
  let stories = [];

  before(async () => {
    await rm(OUT, { recursive: true, force: true });
    await promisify(execFile)(join('node_modules', '.bin', 'storybook'), ['build', '-o', OUT, '--quiet'], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
    const index = JSON.parse(await readFile(join(OUT, 'index.json'), 'utf8'));
    stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
    server = await serve();
    browser = await puppeteer.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      args: TEST_CHROMIUM_ARGS,
      userDataDir: await mkdtemp(join(tmpdir(), 'sb-profile-')),
    });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await rm(OUT, { recursive: true, force: true });
  });

  it('builds offline and lists a story for every element', () => {
    assert.ok(stories.length > 5, `${stories.length} stories`);
    const titles = new Set(stories.map((story) => story.title));
    assert.ok(titles.has('Elements/Patient banner'));
  });

  it('renders every story with no page errors', async () => {
    const { port } = server.address();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const blank = [];
    const [first, ...rest] = stories;
    await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${first.id}&viewMode=story`, { waitUntil: 'load' });
    await page.waitForFunction(() => Boolean(window.__STORYBOOK_ADDONS_CHANNEL__), { timeout: 60_000 });
    const failures = [];
    for (const story of [first, ...rest]) {
      errors.length = 0;
      if (story !== first) {
        const outcome = await page.evaluate(showStory, story.id);
        if (outcome !== 'rendered') failures.push(`${story.id}: ${outcome}`);
      }
      const rendered = await page.waitForFunction(storyRendered, { timeout: 30_000, polling: 50 }).then(
        () => true,
        () => false,
      );
      if (!rendered) blank.push(story.id);
      assert.deepEqual(errors, [], `page errors in ${story.id}`);
    }
    assert.deepEqual(failures, [], 'stories that failed to render');
    assert.deepEqual(blank, [], 'stories whose elements did not render');
    await page.close();
  });
});
