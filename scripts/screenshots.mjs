// @ts-check
/**
 * Screenshots of every element's stories at 320 px and 1280 px, light and dark, for people
 * to look at (issue #19): `npm run screenshots`. Not part of `npm test` and never compared
 * pixel by pixel. Writes PNGs to `screenshots/stories/` (git-ignored).
 *
 * Building Storybook takes minutes on two cores, so the stories modules are bundled once
 * with esbuild into one page (in memory) that renders a single story, chosen by the URL,
 * exactly as test/browser/stories-axe.ts renders it: the story's `render` with the meta and
 * story args and the theme. Each story is its own page load, so no state leaks between them.
 *
 * Environment: STORIES=message-inbox,refill-request (stories files, default all),
 * NAMES=Inbox,Narrow (story names), WIDTHS=320,1280, THEMES=light,dark, OUT=screenshots/before
 * (folder, relative to the repository).
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { HEADLESS_CHROMIUM_ARGS } from './ensure-chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, process.env.OUT ?? 'screenshots/stories');
const list = (name, fallback) => (process.env[name] ?? fallback).split(',').filter(Boolean);
const WIDTHS = list('WIDTHS', '320,1280').map(Number);
const THEMES = list('THEMES', 'light,dark');
const NAMES = list('NAMES', '');
const files = (await readdir(join(ROOT, 'stories'))).filter((f) => f.endsWith('.stories.ts')).sort();
const wanted = list('STORIES', files.map((f) => f.replace('.stories.ts', '')).join(','));
const modules = files.map((f) => f.replace('.stories.ts', '')).filter((m) => wanted.includes(m));

/*
 * The page: every chosen stories module, and a function that renders one story. "Settled"
 * is the stories-axe rule (no engage element still shows its loading part), so a loading
 * story is shot while loading, and everything else once its data is on screen.
 */
const entry = `
import { render } from 'lit';
${modules.map((m, i) => `import * as m${i} from './${m}.stories.ts';`).join('\n')}
const modules = { ${modules.map((m, i) => `'${m}': m${i}`).join(', ')} };
window.storyNames = (m) => Object.entries(modules[m]).filter(([k, v]) => k !== 'default' && typeof v === 'object' && v).map(([k]) => k);
window.renderStory = (m, name, theme) => {
  const meta = modules[m].default;
  const story = modules[m][name];
  const args = { ...meta.args, ...story.args, theme: story.args?.theme ?? theme };
  const container = document.createElement('div');
  document.body.append(container);
  render((story.render ?? meta.render)(args, {}), container);
};
window.settled = (expectLoading) => {
  const elements = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('engage-') && el.localName !== 'engage-provider');
  return elements.length > 0 && elements.every((el) => {
    const root = el.shadowRoot;
    if (!root || root.childElementCount === 0) return false;
    return (root.querySelector('[part~="loading"]') !== null) === expectLoading;
  });
};
`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: join(ROOT, 'stories'), sourcefile: 'screenshots-entry.js', loader: 'js' },
  bundle: true,
  format: 'esm',
  write: false,
  tsconfig: join(ROOT, 'tsconfig.json'),
  loader: { '.json': 'json' },
  logLevel: 'warning',
});
const script = bundle.outputFiles[0].contents;

/*
 * The bundle is served as /stories/screens.js so `new URL('../aids/x.json', import.meta.url)`
 * in the stories resolves as it does in the repository; other files come from the repository.
 */
const TYPES = { '.json': 'application/json', '.js': 'text/javascript', '.ndjson': 'application/x-ndjson' };
const server = createServer(async (request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><html lang="en"><meta charset="utf-8"><title>story</title><body style="margin:0"><script type="module" src="/stories/screens.js"></script>');
  } else if (path === '/stories/screens.js') {
    response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' });
    response.end(script);
  } else {
    const file = normalize(join(ROOT, decodeURIComponent(path)));
    if (!file.startsWith(ROOT)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

await mkdir(OUT, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: HEADLESS_CHROMIUM_ARGS,
});
let count = 0;
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page:', error));
  for (const module of modules) {
    await page.goto(base, { waitUntil: 'load' });
    await page.waitForFunction(() => 'storyNames' in globalThis);
    /** @type {string[]} */
    const names = await page.evaluate((m) => /** @type {any} */ (globalThis).storyNames(m), module);
    for (const name of names.filter((n) => NAMES.length === 0 || NAMES.includes(n))) {
      for (const width of WIDTHS) {
        await page.setViewport({ width, height: 800 });
        for (const theme of THEMES) {
          await page.goto(base, { waitUntil: 'load' });
          await page.waitForFunction(() => 'renderStory' in globalThis);
          await page.evaluate((m, n, t) => /** @type {any} */ (globalThis).renderStory(m, n, t), module, name, theme);
          const loading = /loading/i.test(name);
          // a story that never settles (a stalled write, say) is shot as it stands
          await page.waitForFunction((l) => /** @type {any} */ (globalThis).settled(l), { timeout: 5000 }, loading).catch(() => undefined);
          await page.waitForNetworkIdle({ idleTime: 300, timeout: 5000 }).catch(() => undefined);
          // let drives, transitions and deferred renders finish before the shot
          await new Promise((resolve) => setTimeout(resolve, 400));
          const path = join(OUT, `${module}--${name}-${theme}-${width}.png`);
          await page.screenshot({ path: /** @type {`${string}.png`} */ (path), fullPage: true });
          count += 1;
        }
      }
    }
    console.log(`${module}: done (${count} screenshots so far)`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${count} screenshots in ${OUT}`);
