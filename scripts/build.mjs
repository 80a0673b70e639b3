#!/usr/bin/env node
// Builds dist/: the three rollup builds and the .d.ts files.
import { rmSync } from 'node:fs';
import { run } from './run.mjs';

rmSync('dist', { recursive: true, force: true });
await run('rollup', ['-c', 'rollup.config.js', '--silent']);
await run('tsc', ['-p', 'tsconfig.build.json']);
await run('node', ['scripts/generate-host-types.mjs']); // React/Vue types, editor data
console.log('build: dist/ written');
