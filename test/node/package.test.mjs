// Packaging facts hosts rely on. Needs dist/ (`npm run build`). That the package's
// registrations survive real bundlers is proven by bundlers.test.mjs; these are the
// static facts behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Every file under a directory, as `dir/sub/file` paths. */
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );

/** A `sideEffects` glob as a regular expression (`*` within a folder, `**` across folders). */
const globToRegExp = (glob) =>
  new RegExp(
    `^${glob
      .replace(/^\.\//, '')
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '<any-folders>')
      .replace(/\*/g, '[^/]*')
      .replace(/<any-folders>/g, '(?:.*/)?')}$`,
  );

let packed;
/** The files `npm pack` would put in the tarball, and the tarball's size (asked once). */
function packList() {
  if (!packed) {
    const [result] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
    packed = { files: result.files.map((f) => f.path), size: result.size, unpackedSize: result.unpackedSize };
  }
  return packed;
}

/** Every file path an export target (any condition) names. */
function exportTargets(exports) {
  if (typeof exports === 'string') return [exports.replace(/^\.\//, '')];
  return Object.values(exports ?? {}).flatMap(exportTargets);
}

/**
 * Relative modules a built file reaches: static and dynamic imports and re-exports of
 * JavaScript, and the imports of a declaration file (`./x.js` is `./x.d.ts` there).
 */
function referencesOf(file, code) {
  const found = [];
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    let target = posix.normalize(posix.join(dirname(file), match[1]));
    if (file.endsWith('.d.ts')) target = target.replace(/\.js$/, '.d.ts');
    found.push(target);
  }
  return found;
}

/** Tags the package defines: the provider and one per element. */
const TAGS = ['engage-provider', ...readdirSync('src/elements').filter((n) => existsSync(`src/elements/${n}/${n}.ts`)).map((n) => `engage-${n}`)];

test('the library reports the package version', () => {
  assert.match(readFileSync('src/core/version.ts', 'utf8'), new RegExp(`VERSION: string = '${pkg.version.replace(/\./g, '\\.')}'`));
});

test('runtime dependencies are only what the elements need in the browser', () => {
  // fhirpath: loaded on demand by <engage-questionnaire>, only for forms with expressions
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit-labs/virtualizer', '@lit/context', '@lit/task', 'dompurify', 'fhirpath', 'lit']);
});

test('the build wrote the script-tag bundle, per-element entries and type declarations', () => {
  for (const file of [
    'dist/ehr-engage.js',
    'dist/index.js',
    'dist/provider.js',
    'dist/elements/patient-banner.js',
    'dist/adapters/fhir.js',
    'dist/adapters/memory.js',
    'dist/adapters/hl7v2.js',
    'dist/immunization-forecast.js',
    'dist/types/index.d.ts',
    'dist/types/elements/patient-banner/patient-banner.d.ts',
  ]) {
    assert.ok(existsSync(file), `${file} exists (run npm run build first)`);
  }
});

test('the script-tag bundle is one self-registering module: no static imports', () => {
  const code = readFileSync('dist/ehr-engage.js', 'utf8');
  assert.doesNotMatch(code, /^import[^(]/m);
  assert.match(code, /engage-patient-banner/);
  assert.match(code, /engage-provider/);
});

test('every built file that registers an element is listed in sideEffects, and no other', () => {
  const patterns = pkg.sideEffects.map(globToRegExp);
  const call = new RegExp(`\\(\\s*["'](${TAGS.join('|')})["']\\s*,`, 'g');
  const registering = new Map();
  for (const file of walk('dist').filter((f) => f.endsWith('.js'))) {
    const tags = [...readFileSync(file, 'utf8').matchAll(call)].map((m) => m[1]);
    if (tags.length) registering.set(file, tags);
  }
  // each tag is registered by its own entry (and by the script bundle's chunk for it)
  for (const tag of TAGS) {
    const npmEntry = tag === 'engage-provider' ? 'dist/provider.js' : `dist/elements/${tag.slice('engage-'.length)}.js`;
    assert.deepEqual(registering.get(npmEntry), [tag], `${npmEntry} registers ${tag}`);
  }
  for (const [file, tags] of registering) {
    assert.ok(!file.startsWith('dist/chunks/'), `${file} (a shared chunk) registers ${tags.join(', ')}: a bundler may drop it`);
    assert.ok(patterns.some((p) => p.test(file)), `${file} registers ${tags.join(', ')} but is not in sideEffects`);
  }
  // classes never register: importing one must not define a tag
  assert.doesNotMatch(readFileSync('src/elements/patient-banner/patient-banner.component.ts', 'utf8'), /define\(/);
  for (const file of walk('dist').filter((f) => f.endsWith('.js') && !registering.has(f) && !f.startsWith('dist/index.js'))) {
    assert.ok(!patterns.some((p) => p.test(file)), `${file} registers nothing but is in sideEffects`);
  }
});

test('the tarball holds what the exports reach and nothing else', (t) => {
  const { files, size, unpackedSize } = packList();
  const packed = new Set(files);
  const reached = new Set();
  const queue = [];
  for (const target of exportTargets(pkg.exports)) {
    if (target.includes('*')) {
      // every `*` of a target stands for the same string (`elements/x.js` -> `types/elements/x/x.d.ts`)
      const pattern = new RegExp(`^${target.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '(.+)')}$`);
      const matches = files.filter((f) => pattern.exec(f)?.slice(1).every((part, _, all) => part === all[0]));
      assert.ok(matches.length > 0, `export target ${target} matches packed files`);
      queue.push(...matches);
    } else {
      assert.ok(packed.has(target), `export target ${target} is in the tarball`);
      queue.push(target);
    }
  }
  while (queue.length) {
    const file = queue.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    if (/\.(js|d\.ts)$/.test(file) && packed.has(file)) {
      for (const ref of referencesOf(file, readFileSync(file, 'utf8'))) {
        assert.ok(packed.has(ref), `${file} refers to ${ref}, which is not in the tarball`);
        queue.push(ref);
      }
    }
  }
  const always = /^(package\.json|README\.md|LICENSE|custom-elements\.json)$/;
  assert.deepEqual(files.filter((f) => !reached.has(f) && !always.test(f)), [], 'packed files no export reaches');
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'no source maps');
  t.diagnostic(`tarball: ${files.length} files, ${(size / 1000).toFixed(1)} kB packed, ${(unpackedSize / 1000).toFixed(1)} kB unpacked`);
});

test('README names only files the package ships or the repository holds', () => {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## Embedding');
  const embedding = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const { files } = packList();
  for (const [, specifier] of embedding.matchAll(/['"](ehr-engage(?:\/[^'"]*)?)['"]/g)) {
    const key = specifier === 'ehr-engage' ? '.' : `./${specifier.slice('ehr-engage/'.length)}`;
    const exported = Object.keys(pkg.exports).some((k) =>
      new RegExp(`^${k.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '.+')}$`).test(key),
    );
    assert.ok(exported, `README imports ${specifier}, which the package exports`);
  }
  for (const [, path] of embedding.matchAll(/`((?:dist|src|aids|schemas)\/[^`\s]+)`/g)) {
    assert.ok(files.includes(path) || path.includes('*'), `README's embedding section names ${path}, which the package ships`);
  }
});

test('the script-tag entry loads every element on demand', () => {
  const entry = readFileSync('src/ehr-engage.ts', 'utf8');
  const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
  assert.ok(elements.length >= 1);
  for (const name of elements) {
    assert.match(entry, new RegExp(`'engage-${name}': \\(\\) => import\\('\\./elements/${name}/${name}\\.js'\\)`), name);
  }
});

test('the CDSi forecaster is a package entry a backend can run in plain Node (issue #13, item 5)', async () => {
  // CDC case 2013-0002: DTaP #2 given at 10 weeks less 5 days is too young; dose 2 is due again
  const line = readFileSync('test/fixtures/cdsi/healthy-v4.45.ndjson', 'utf8').split('\n').find((l) => l.includes('"id":"2013-0002"'));
  const testCase = JSON.parse(line);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const { evaluateAndForecast } = await import(join(process.cwd(), pkg.exports['./immunization-forecast'].default));
  const result = evaluateAndForecast({
    patient: { birthDate: testCase.dob, gender: testCase.gender },
    doses: testCase.doses.map(({ date, cvx }) => ({ date, cvx })),
    assessmentDate: testCase.assessmentDate,
  });
  const group = result.vaccineGroups['DTaP/Tdap/Td'];
  assert.equal(group.earliestDate, testCase.expected.earliestDate);
  assert.equal(group.recommendedDate, testCase.expected.recommendedDate);
  assert.equal(group.forecastDoseNumber, Number(testCase.expected.forecastDoseNumber));
});
