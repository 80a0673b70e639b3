#!/usr/bin/env node
/**
 * `npm test`: everything, stopping at the first failed stage — type check, lint and build
 * (side by side), bundle budget, then node tests and browser tests in headless Chromium
 * (found or installed by ensure-chromium.mjs), side by side.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ensureChromium } from './ensure-chromium.mjs';

const bin = join(process.cwd(), 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CHROME_PATH: ensureChromium(), FORCE_COLOR: '0' };
const totals = { passed: 0, failed: 0 };

/** Runs a step, echoing its output, and returns that output. */
function step(name, command, args) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const echo = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('error', reject);
    child.on('exit', (code) => {
      console.log(`=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (code === 0) resolve(output);
      else reject(Object.assign(new Error(`${name} failed`), { output }));
    });
  });
}

function countNode(output) {
  totals.passed += Number(/^ℹ pass (\d+)/m.exec(output)?.[1] ?? 0);
  totals.failed += Number(/^ℹ fail (\d+)/m.exec(output)?.[1] ?? 0);
}

function countBrowser(output) {
  // WTR reports "N passed, M failed" (with colour codes) in its summary
  const plain = stripVTControlCharacters(output);
  const matches = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = matches.at(-1);
  if (last) {
    totals.passed += Number(last[1]);
    totals.failed += Number(last[2]);
  }
}

/** Runs steps side by side; fails (after all have finished) with the first failure, every failed step's output kept. */
async function together(...steps) {
  const results = await Promise.allSettled(steps);
  const failures = results.filter((result) => result.status === 'rejected');
  if (!failures.length) return results.map((result) => result.value);
  const error = failures[0].reason;
  error.output = failures.map((failure) => failure.reason.output ?? '').join('\n');
  throw error;
}

try {
  // The type check, lint and build read the same sources and share nothing else: on two
  // cores they finish sooner side by side than one after another.
  await together(
    step('type check', 'tsc', ['--noEmit', '-p', 'tsconfig.json']),
    step('lint', 'eslint', ['.', '--max-warnings=0']),
    step('build', 'node', ['scripts/build.mjs']),
  );
  await step('bundle budget', 'node', ['scripts/size.mjs']);
  // Hosts take minutes on a loaded machine: the framework apps, the four bundlers, Storybook
  // and the patient portal run in `npm run test:hosts`, which .ci/run runs next.
  const HOST_BUILDS = new Set(['frameworks.test.mjs', 'bundlers.test.mjs', 'storybook.test.mjs', 'portal.test.mjs']);
  const nodeTests = readdirSync('test/node').filter((f) => f.endsWith('.test.mjs') && !HOST_BUILDS.has(f)).map((f) => join('test/node', f));
  // The node tests spend much of their time waiting on child processes (bundlers, Storybook,
  // Chromium, servers), the browser tests keep both cores busy: run the two side by side so
  // the whole command stays within ten minutes on two cores. Each suite starts its own
  // servers on free ports, so neither sees the other's requests.
  const [node, browser] = await Promise.allSettled([
    step('node tests', 'node', ['--test', '--test-reporter=spec', '--test-concurrency=1', ...nodeTests]),
    step('browser tests', 'wtr', ['--config', 'web-test-runner.config.mjs']),
  ]);
  for (const [result, count] of [[node, countNode], [browser, countBrowser]]) {
    if (result.status === 'fulfilled') count(result.value);
  }
  const failures = [node, browser].filter((result) => result.status === 'rejected');
  if (failures.length) {
    const error = failures[0].reason;
    // the counts below read every failed suite's output
    error.output = failures.map((failure) => failure.reason.output ?? '').join('\n');
    throw error;
  }
  console.log(`\nAll checks passed.\ntests: ${totals.passed} passed, ${totals.failed} failed`);
} catch (error) {
  if (error.output) {
    countNode(error.output);
    countBrowser(error.output);
  }
  console.error(`\n${error.message}.\ntests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
  process.exit(1);
}
