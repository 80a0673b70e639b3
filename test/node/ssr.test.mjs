// Server rendering: every module of the package imports in plain Node, and every element
// renders its first state with @lit-labs/ssr, in English and in Spanish, without
// touching `window` or `document`. Runs against the built dist/ (the test command builds
// first; a missing dist/ is built here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { renderElement, ELEMENT_TAGS as ALL_TAGS } from '../ssr/render.mjs';

// <engage-learn-more> is an inline control inside other elements' rows: without a
// knowledge port it renders nothing at all, so no row gets a dead button (its own states
// are tested in test/browser/learn-more.test.ts). Every other element has a first state.
const INLINE_ONLY = new Set(['engage-learn-more']);
const ELEMENT_TAGS = ALL_TAGS.filter((tag) => !INLINE_ONLY.has(tag));

if (!existsSync('dist/index.js') || !existsSync('dist/ehr-engage.js')) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  assert.equal(build.status, 0, 'build');
}

// every rejection a render leaves behind (a stray async DOM read) fails the test that caused it
const rejections = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

/** Every JavaScript entry the package exports (not the on-demand chunks they load). */
function entries() {
  const elements = readdirSync('dist/elements').filter((f) => f.endsWith('.js')).map((f) => `dist/elements/${f}`);
  return ['dist/index.js', 'dist/ehr-engage.js', 'dist/provider.js', 'dist/adapters/fhir.js', 'dist/adapters/memory.js', 'dist/adapters/hl7v2.js', 'dist/immunization-forecast.js', ...elements];
}

test('every entry of the package imports in plain Node (no DOM shim loaded first)', () => {
  const files = entries();
  // the elements, counted from src/elements, plus the seven shared entries
  assert.equal(files.length, readdirSync('src/elements').length + 7);
  for (const file of files) {
    // a fresh process each, so one module's shims cannot hide another's DOM reads
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `${file}: ${run.stderr.split('\n').slice(0, 6).join('\n')}`);
  }
});

test('the script-tag bundle defines nothing on a server and still exports its helpers', async () => {
  const bundle = await import(pathToFileURL('dist/ehr-engage.js').href);
  for (const name of ['loadElement', 'createMemoryAdapter', 'createFhirAdapter', 'loadLocale']) {
    assert.equal(typeof bundle[name], 'function', name);
  }
});

for (const locale of ['en', 'es']) {
  test(`every element renders its not-configured state on the server inside <engage-provider locale="${locale}">`, async () => {
    for (const tag of ELEMENT_TAGS) {
      // on a server no context reaches the element, so it says what it still needs
      const markup = await renderElement(tag, { provider: { locale } });
      assert.match(markup, new RegExp(`<engage-provider[^>]*locale="${locale}"`), tag);
      assert.match(markup, new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open">`), `${tag}: declarative shadow root`);
      assert.match(markup, /part="state not-configured"|part="state loading"/, `${tag}: first state`);
    }
    assert.deepEqual(rejections, []);
  });
}

/** Server markup without Lit's part markers and styles, whitespace collapsed. */
const plain = (markup) =>
  markup.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<!--[^>]*-->/g, '').replace(/\s+/g, ' ');

/** The text of the first state an element shows (loading, not configured, nothing chosen). */
const stateText = (markup) =>
  /part="state[^"]*"[^>]*>(.*?)<\/div>/.exec(plain(markup))?.[1].replace(/<[^>]+>/g, '').trim();

test('with its own adapter, each element server-renders its first state, in Spanish when asked', async () => {
  const { loadLocale } = await import(pathToFileURL('dist/index.js').href);
  // the Spanish strings load on demand; a server awaits them before rendering
  await loadLocale('es');
  let loading = 0;
  for (const tag of ELEMENT_TAGS) {
    const english = await renderElement(tag, { ownAdapter: true });
    const spanish = await renderElement(tag, { ownAdapter: true, lang: 'es' });
    assert.ok(stateText(english), `${tag}: a first state`);
    assert.notEqual(stateText(spanish), stateText(english), `${tag}: the state in Spanish`);
    assert.match(plain(spanish), /<section[^>]* lang="es"|<article[^>]* lang="es"/, `${tag}: marks its text as Spanish`);
    if (/part="state loading"/.test(english)) {
      loading += 1;
      assert.match(stateText(english), /^Loading/, `${tag}: English loading`);
      assert.match(stateText(spanish), /^Cargando/, `${tag}: Spanish loading`);
    }
  }
  // banner, summary, inbox, refill request and queue load at once; the thread, the aid
  // and the questionnaire first need an id (thread-id, aid-id, questionnaire) and say so
  assert.equal(loading, ELEMENT_TAGS.length - 3);
  assert.deepEqual(rejections, []);
});
