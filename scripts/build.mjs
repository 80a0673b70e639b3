#!/usr/bin/env node
// Builds dist/: the two rollup builds and the .d.ts files. Declarations no exported
// module's types reach are removed, so the package holds only what its exports reach.
import { readFileSync, rmSync } from 'node:fs';
import { run } from './run.mjs';
import { pruneDeclarations } from './prune-declarations.mjs';

rmSync('dist', { recursive: true, force: true });
await run('rollup', ['-c', 'rollup.config.js', '--silent']);
await run('tsc', ['-p', 'tsconfig.build.json']);
const removed = pruneDeclarations(JSON.parse(readFileSync('package.json', 'utf8')).exports, 'dist/types');
console.log(`build: dist/ written (${removed.length} unexported declaration files left out)`);
