// Spanish must be complete: every message id used in src/ has a translation with the
// same placeholders, and no translation is left over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sourceFiles(path);
    // the registry defines msg() and names it in its comments; it uses no message itself
    if (path === join('src', 'core', 'localization.ts')) return [];
    return path.endsWith('.ts') && !path.endsWith('.es.ts') ? [path] : [];
  });
}

/*
 * A msg() call whose English source is a quoted literal (backticks, single or double quotes,
 * as in "Patient's note") with its id in single quotes.
 */
const MSG_CALL = /msg\(\s*(str)?(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*,\s*\{\s*id:\s*'([^']+)'/g;

/** id → number of ${…} placeholders, from the msg(…, { id }) calls of some source code. */
function messagesIn(code, used = new Map()) {
  for (const match of code.matchAll(MSG_CALL)) {
    const placeholders = (match[2].match(/\$\{/g) ?? []).length;
    assert.ok(!used.has(match[3]) || used.get(match[3]) === placeholders, `id ${match[3]} reused with other placeholders`);
    used.set(match[3], placeholders);
  }
  return used;
}

/** msg() calls the reader above cannot read (so their translation would go unchecked). */
function unreadableCalls(code) {
  return (code.match(/\bmsg\(/g) ?? []).length - [...code.matchAll(MSG_CALL)].length;
}

/** id → number of ${…} placeholders, from msg(…, { id }) calls in src. */
function usedMessages() {
  const used = new Map();
  for (const file of sourceFiles('src')) messagesIn(readFileSync(file, 'utf8'), used);
  return used;
}

/** Ids the source uses that a language's translations lack. */
function untranslated(used, language) {
  return [...used.keys()].filter((id) => !language.has(id));
}

/** Every Spanish string file: the shared one and each element's `<name>.es.ts`. */
function spanishFiles() {
  const elements = readdirSync('src/elements').flatMap((name) =>
    readdirSync(join('src/elements', name))
      .filter((file) => file.endsWith('.es.ts'))
      .map((file) => join('src/elements', name, file)),
  );
  return ['src/core/locales/es-core.ts', ...elements];
}

/** id → { placeholders, text } of the translations in some code (values in any quotes). */
function translationsIn(code) {
  const map = new Map();
  for (const match of code.matchAll(/'([a-z0-9.-]+)':\s*(str`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g)) {
    map.set(match[1], { placeholders: (match[2].match(/\$\{\d+\}/g) ?? []).length, text: match[2] });
  }
  return map;
}

function translations() {
  return translationsIn(spanishFiles().map((file) => readFileSync(file, 'utf8')).join('\n'));
}

test('the checker itself: a double-quoted source without a translation is named, and a source it cannot read fails', () => {
  // the #19 review found "Patient's note" untranslated: a double-quoted source must be read like any other
  const source = `html\`<dt>\${msg("Patient's note", { id: 'queue.note' })}</dt><dd>\${msg('Reason', { id: 'queue.reason' })}</dd>\``;
  const used = messagesIn(source);
  assert.deepEqual([...used.keys()], ['queue.note', 'queue.reason']);
  assert.deepEqual(untranslated(used, translationsIn(`{ 'queue.reason': 'Motivo' }`)), ['queue.note']);
  assert.deepEqual(untranslated(used, translationsIn(`{ 'queue.reason': 'Motivo', 'queue.note': "Nota del paciente" }`)), []);
  // a source in a variable cannot be matched to its translation: counted as unreadable
  assert.equal(unreadableCalls(`msg(label, { id: 'queue.label' }); msg("Ok", { id: 'queue.ok' })`), 1);
  assert.equal(unreadableCalls(source), 0);
});

test('every msg() call in src is one the checker can read (a literal source and a quoted id)', () => {
  const unreadable = sourceFiles('src').flatMap((file) => {
    const count = unreadableCalls(readFileSync(file, 'utf8'));
    return count ? [`${file}: ${count}`] : [];
  });
  assert.deepEqual(unreadable, []);
});

test('every message in src has a Spanish translation with the same placeholders', () => {
  const used = usedMessages();
  const es = translations();
  assert.ok(used.size > 20, `found ${used.size} messages`);
  const missing = untranslated(used, es);
  assert.deepEqual(missing, [], 'ids without a Spanish translation');
  for (const [id, count] of used) assert.equal(es.get(id).placeholders, count, `placeholders of ${id}`);
  const unused = [...es.keys()].filter((id) => !used.has(id));
  assert.deepEqual(unused, [], 'Spanish translations no source uses');
});

test('every msg() call has an explicit id (so translations survive wording changes)', () => {
  for (const file of sourceFiles('src')) {
    const code = readFileSync(file, 'utf8');
    const calls = (code.match(/\bmsg\(/g) ?? []).length;
    const withId = (code.match(/\bmsg\([\s\S]*?\{\s*id:\s*'/g) ?? []).length;
    assert.equal(withId, calls, `${file}: msg() without an id`);
  }
});

test('the Spanish chunk collects the strings of every element', () => {
  const aggregator = readFileSync('src/core/locales/es.ts', 'utf8');
  for (const file of spanishFiles().slice(1)) {
    const name = file.split('/').at(-1).replace(/\.ts$/, '.js');
    assert.ok(aggregator.includes(name), `src/core/locales/es.ts imports ${name}`);
  }
});

test('the library keeps its own registry: nothing in src uses @lit/localize', () => {
  // a host that configures @lit/localize for its own strings must be able to load us
  const all = (dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? all(path) : path.endsWith('.ts') ? [path] : [];
    });
  const users = all('src').filter((file) => /from '@lit\/localize'|import\('@lit\/localize'\)/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(users, []);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(pkg.dependencies['@lit/localize'], undefined, '@lit/localize is no runtime dependency');
});

test('every translation file imports str from the registry, and the registry loads Spanish on demand', () => {
  for (const file of spanishFiles()) {
    const code = readFileSync(file, 'utf8');
    if (code.includes('str`')) assert.match(code, /import \{ str \} from '(\.\.\/)+(core\/)?localization\.js'/, file);
  }
  const registry = readFileSync('src/core/localization.ts', 'utf8');
  // a dynamic import keeps the Spanish strings out of the first download
  assert.match(registry, /\['es', \(\) => import\('\.\/locales\/es\.js'\)\]/);
});

test('every registered language has its file, complete, with the same placeholders as the source', () => {
  // `['fr', () => import('./locales/fr.js')]` in the registry: one line and one file per language
  const registry = readFileSync('src/core/localization.ts', 'utf8');
  const languages = [...registry.matchAll(/\['([a-z-]+)', \(\) => import\('\.\/locales\/([a-z-]+)\.js'\)\]/g)];
  assert.ok(languages.length >= 1, 'at least Spanish is registered');
  const used = usedMessages();
  for (const [, language, file] of languages) {
    assert.equal(file, language, `the file of ${language} is named after it`);
    assert.ok(existsSync(`src/core/locales/${file}.ts`), `src/core/locales/${file}.ts`);
    if (language === 'es') continue; // split per element: checked in full above
    const code = readFileSync(`src/core/locales/${file}.ts`, 'utf8');
    const ids = new Map();
    for (const match of code.matchAll(/'([a-z0-9.-]+)':\s*(str`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g)) {
      ids.set(match[1], (match[2].match(/\$\{\d+\}/g) ?? []).length);
    }
    assert.deepEqual([...used.keys()].filter((id) => !ids.has(id)), [], `${language}: ids without a translation`);
    for (const [id, count] of ids) assert.equal(count, used.get(id), `${language}: placeholders of ${id}`);
  }
});
