// custom-elements.json is the public API contract that Storybook, editors and the host
// type generators read. These tests compare it with the sources (read here as text, not
// through the analyzer) so a gap in either shows up, and fail when it is stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const declarations = manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => ({ ...d, module: m.path })));
const elements = declarations.filter((d) => d.customElement && d.tagName);
const byTag = new Map(elements.map((e) => [e.tagName, e]));

function srcFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => join(f.parentPath ?? f.path, f.name));
}

/** Element source files: each `@tag` JSDoc names the element a file declares. */
const sources = srcFiles('src')
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
  .map((s) => ({ ...s, tag: /^ \* @tag (engage-[a-z-]+)$/m.exec(s.text)?.[1] }));
const elementSources = sources.filter((s) => s.tag);

/** The file and every file it imports relatively, transitively (what renders the element). */
function reachable(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const target = normalize(join(dirname(file), `${spec}.ts`));
    // adapters feed data, they render nothing
    if (!target.startsWith(join('src', 'adapters'))) reachable(target, seen);
  }
  return seen;
}

test('custom-elements.json matches the sources (run `npm run analyze` to refresh)', () => {
  // the analyzer resolves its output folder against the working directory
  mkdirSync('node_modules/.cache', { recursive: true });
  const out = mkdtempSync('node_modules/.cache/cem-');
  try {
    execFileSync(
      join('node_modules', '.bin', 'cem'),
      ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
      { stdio: 'pipe', env: { ...process.env, CEM_OUTDIR: out } },
    );
    const fresh = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(manifest, fresh);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('every element in the manifest documents its tag, summary, parts and events', () => {
  assert.deepEqual([...byTag.keys()].sort(), elementSources.map((s) => s.tag).sort());
  for (const element of elements) {
    assert.match(element.tagName, /^engage-/, element.name);
    assert.ok(element.summary, `${element.tagName} has a @summary`);
    assert.ok(element.description, `${element.tagName} has a description`);
  }
  const banner = byTag.get('engage-patient-banner');
  assert.ok(banner.cssParts.some((p) => p.name === 'base'));
  assert.ok(banner.events.some((e) => e.name === 'engage-patient-load'));
  assert.ok(banner.attributes.some((a) => a.name === 'heading-level'));
});

test('every event carries its detail type, as declared on the global event map', () => {
  let declared = 0;
  for (const source of elementSources) {
    // the map sits in the element's source or in a module of its own folder it imports (summary-events.ts)
    const ownFolder = [...reachable(source.file)].filter((file) => dirname(file) === dirname(source.file));
    const map = ownFolder.map((file) => /interface GlobalEventHandlersEventMap \{([^}]*)\}/.exec(readFileSync(file, 'utf8'))?.[1] ?? '').join('\n');
    const element = byTag.get(source.tag);
    for (const [, name, detail] of map.matchAll(/'(engage-[a-z-]+)': CustomEvent<(\w+)>/g)) {
      declared++;
      const event = element.events?.find((e) => e.name === name);
      assert.ok(event, `${source.tag} lists ${name}`);
      assert.equal(event.type?.text, `CustomEvent<${detail}>`, name);
      assert.ok(event.description, `${name} is described`);
    }
  }
  // the 32 engage-* events the element sources above declare on their event maps (the
  // 32nd: engage-reminder-open-immunizations, #14): a new event must be added here on purpose
  assert.equal(declared, 32);
  for (const element of elements) {
    for (const event of element.events ?? []) assert.ok(event.type?.text, `${element.tagName} ${event.name} has a type`);
  }
});

test('no private, protected or internal member is listed', () => {
  // per class, the names its source declares private, protected or @state (read as text)
  const hidden = new Map();
  for (const { text } of sources) {
    for (const [, name, body] of text.matchAll(/^export (?:abstract )?class (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
      const names = new Set();
      for (const [, member] of body.matchAll(/^ {2}(?:private|protected) (?:(?:static|readonly|override|async|get|set|abstract) )*#?(\w+)/gm)) names.add(member);
      for (const [, member] of body.matchAll(/^ {2}#(\w+)/gm)) names.add(member);
      for (const [, member] of body.matchAll(/@state\(\)\s+(?:(?:private|protected|override|readonly) )*(\w+)/g)) names.add(member);
      hidden.set(name, names);
    }
  }
  assert.ok(hidden.get('EngagePatientBanner')?.has('patientTask'), 'the source scan finds the internals');
  let listed = 0;
  for (const declaration of declarations) {
    for (const member of declaration.members ?? []) {
      listed++;
      const owner = member.inheritedFrom?.name ?? declaration.name;
      assert.equal(member.privacy ?? 'public', 'public', `${declaration.name}.${member.name}`);
      assert.doesNotMatch(member.name, /^[_#]/, `${declaration.name}.${member.name}`);
      assert.ok(!hidden.get(owner)?.has(member.name), `${owner}.${member.name} is internal`);
    }
  }
  assert.ok(listed > 0);
});

test('every design token is documented on <engage-provider> with its default', () => {
  const tokens = readFileSync('src/core/tokens.ts', 'utf8');
  const body = /const TOKENS = \{([\s\S]*?)\n\} as const/.exec(tokens)[1];
  const names = [...body.matchAll(/^ {2}'?([a-z0-9-]+)'?: \[/gm)].map((m) => `--engage-${m[1]}`);
  assert.equal(names.length, 27);
  const provider = byTag.get('engage-provider');
  for (const name of names) {
    const prop = provider.cssProperties?.find((p) => p.name === name);
    assert.ok(prop, `${name} is documented`);
    assert.ok(prop.description, `${name} has a description`);
    assert.ok(prop.default, `${name} has a default`);
  }
});

test('every part, slot and custom property an element renders or reads is documented', () => {
  const tokens = new Set(byTag.get('engage-provider').cssProperties.map((p) => p.name));
  for (const source of elementSources) {
    const element = byTag.get(source.tag);
    const text = [...reachable(source.file)].map((f) => readFileSync(f, 'utf8')).join('\n');
    const parts = new Set([...text.matchAll(/part="([^"$]+)"/g)].flatMap((m) => m[1].split(/\s+/)));
    for (const part of parts) assert.ok(element.cssParts?.some((p) => p.name === part && p.description), `${source.tag} ::part(${part})`);
    const slots = new Set([...text.matchAll(/<slot(?: name="([^"]+)")?/g)].map((m) => m[1] ?? ''));
    for (const slot of slots) assert.ok(element.slots?.some((s) => s.name === slot && s.description), `${source.tag} slot "${slot}"`);
    // custom properties of the element itself (the global tokens are the provider's)
    for (const [, name] of text.matchAll(/var\((--engage-[a-z0-9-]+)/g)) {
      if (tokens.has(name)) continue;
      assert.ok(element.cssProperties?.some((p) => p.name === name && p.description), `${source.tag} ${name}`);
    }
  }
});

test('each tag has a custom-element-definition export where define() registers it', () => {
  const defines = sources.flatMap((s) => [...s.text.matchAll(/\bdefine\('(engage-[a-z-]+)', (\w+)\)/g)].map((m) => ({ tag: m[1], name: m[2] })));
  // one per element folder, plus <engage-provider>
  assert.equal(defines.length, readdirSync('src/elements').length + 1);
  for (const { tag, name } of defines) {
    const definitions = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition' && e.name === tag));
    assert.ok(definitions.length >= 1, `${tag} has a definition export`);
    for (const definition of definitions) {
      assert.equal(definition.declaration.name, name);
      const target = manifest.modules.find((m) => m.path === definition.declaration.module);
      assert.ok(target?.declarations?.some((d) => d.name === name && d.tagName === tag), `${tag} points to its class`);
    }
  }
});

/** The package path a module specifier such as `ehr-engage/elements/x.js` resolves to. */
function exportedFiles() {
  const files = new Set();
  for (const [key, value] of Object.entries(pkg.exports)) {
    const target = typeof value === 'string' ? value : value.default;
    if (!target.includes('*')) files.add(normalize(target));
    else files.add({ key, target });
  }
  return files;
}

test('module paths are files the package ships and exports, never sources', () => {
  const exported = exportedFiles();
  const isExported = (path) =>
    [...exported].some((e) => (typeof e === 'string' ? e === normalize(path) : new RegExp(`^${normalize(e.target).replace('.', '\\.').replace('*', '[^/]+')}$`).test(path)));
  const paths = new Set(manifest.modules.map((m) => m.path));
  for (const path of paths) {
    assert.match(path, /^dist\/[\w/-]+\.js$/, path);
    assert.ok(isExported(path), `${path} is reachable through package.json exports`);
    assert.ok(pkg.files.includes('dist'), 'dist is shipped');
  }
  // every module reference inside the manifest points to one of these modules
  const refs = [];
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if (typeof value.module === 'string' && !value.package) refs.push(value.module);
      Object.values(value).forEach(walk);
    }
  };
  walk(manifest.modules);
  assert.ok(refs.length > 0);
  for (const ref of refs) assert.ok(paths.has(ref), `reference to ${ref}`);
});
