// Packaging facts hosts rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('the library reports the package version', () => {
  assert.match(readFileSync('src/core/version.ts', 'utf8'), new RegExp(`VERSION: string = '${pkg.version.replace(/\./g, '\\.')}'`));
});

test('runtime dependencies are only what the elements need in the browser', () => {
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit-labs/virtualizer', '@lit/context', '@lit/task', 'dompurify', 'lit']);
});

test('the build wrote the script-tag bundle, per-element entries and type declarations', () => {
  for (const file of [
    'dist/ehr-engage.js',
    'dist/ehr-engage.js.map',
    'dist/index.js',
    'dist/elements/patient-banner.js',
    'dist/adapters/fhir.js',
    'dist/adapters/memory.js',
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

test('importing an element class does not define it: only registration files have side effects', () => {
  const dist = pkg.sideEffects.filter((path) => path.startsWith('./dist/'));
  assert.deepEqual(dist, ['./dist/ehr-engage.js', './dist/index.js', './dist/provider.js', './dist/elements/*.js']);
  assert.doesNotMatch(readFileSync('src/elements/patient-banner/patient-banner.component.ts', 'utf8'), /define\(/);
});

test('the script-tag entry loads every element on demand', () => {
  const entry = readFileSync('src/ehr-engage.ts', 'utf8');
  const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
  assert.ok(elements.length >= 1);
  for (const name of elements) {
    assert.match(entry, new RegExp(`'engage-${name}': \\(\\) => import\\('\\./elements/${name}/${name}\\.js'\\)`), name);
  }
});
