#!/usr/bin/env node
/**
 * Builds dist/: the two rollup builds and the .d.ts files. Declarations no exported
 * module's types reach are removed, so the package holds only what its exports reach.
 *
 * `--if-changed` skips the build when dist/ was built from the same inputs (a hash of
 * the sources and build configuration, kept in build/dist-inputs.sha256, outside the
 * package): `npm start` uses it so a second start does not rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.mjs';
import { pruneDeclarations } from './prune-declarations.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'build/dist-inputs.sha256');
const INPUTS = ['src', 'rollup.config.js', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/prune-declarations.mjs', 'scripts/generate-host-types.mjs', 'custom-elements.json'];

/** A hash of every file dist/ is built from. */
export function inputsHash() {
  const hash = createHash('sha256');
  const files = INPUTS.map((p) => join(ROOT, p))
    .filter((p) => existsSync(p))
    .flatMap((p) =>
      !statSync(p).isDirectory()
        ? [p]
        : readdirSync(p, { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => join(e.parentPath ?? e.path, e.name)),
    )
    .sort();
  for (const file of files) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Whether dist/ holds a build of the current inputs. */
export function distIsCurrent() {
  return existsSync(join(ROOT, 'dist/ehr-engage.js')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === inputsHash();
}

/** Builds dist/ and records the inputs it was built from (run from the repository root). */
async function build() {
  const hash = inputsHash();
  rmSync(STAMP, { force: true });
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  await run('rollup', ['-c', 'rollup.config.js', '--silent'], { cwd: ROOT });
  await run('tsc', ['-p', 'tsconfig.build.json'], { cwd: ROOT });
  await run('node', ['scripts/generate-host-types.mjs'], { cwd: ROOT }); // React/Vue types, editor data
  const exports = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports;
  const removed = pruneDeclarations(exports, 'dist/types');
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  writeFileSync(STAMP, `${hash}\n`);
  return removed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.chdir(ROOT);
  if (process.argv.includes('--if-changed') && distIsCurrent()) {
    console.log('build: dist/ is current (sources unchanged), not rebuilt');
  } else {
    const removed = await build();
    console.log(`build: dist/ written (${removed.length} unexported declaration files left out)`);
  }
}
