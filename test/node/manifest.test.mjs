// custom-elements.json is generated from JSDoc and committed: fail when it is stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
    const committed = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
    assert.deepEqual(committed, fresh);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('every element in the manifest documents its tag, summary, parts and events', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  assert.ok(elements.length >= 2);
  for (const element of elements) {
    assert.match(element.tagName, /^engage-/, element.name);
    assert.ok(element.summary, `${element.tagName} has a @summary`);
    assert.ok(element.description, `${element.tagName} has a description`);
  }
  const banner = elements.find((e) => e.tagName === 'engage-patient-banner');
  assert.ok(banner.cssParts.some((p) => p.name === 'base'));
  assert.ok(banner.events.some((e) => e.name === 'engage-patient-load'));
  assert.ok(banner.attributes.some((a) => a.name === 'heading-level'));
});
