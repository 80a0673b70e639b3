#!/usr/bin/env node
/* global window */
/**
 * Benchmark of <engage-clinical-summary>: for small, medium and the largest Synthea
 * patients (and a synthetic huge record), the time from data ready (the summary mapped
 * and in memory) to the first render, and the peak JS heap. Not part of `npm test`.
 *
 *   node bench/summary.bench.mjs [--runs 5]
 *
 * Headless Chromium through puppeteer-core (CHROME_PATH or /usr/bin/chromium); the page
 * is bundled from bench/summary-page.ts with esbuild and served from this repository.
 * "Cold" is the first summary on a fresh page; "warm" a second one on the same page.
 * Results are printed and written to bench/results/summary.json.
 */
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { HEADLESS_CHROMIUM_ARGS } from '../scripts/ensure-chromium.mjs';

const root = process.cwd();
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const CASES = [
  { name: 'small (Buster Hoeger)', file: 'synthea-buster-hoeger-ad2e3fc5.json', copies: 1 },
  { name: 'medium (Jill Tillman)', file: 'synthea-jill-tillman-c4b7d178.json', copies: 1 },
  { name: 'largest (Vito Feeney)', file: 'synthea-vito-feeney-63dd4423.json', copies: 1 },
  { name: 'huge (Vito × 6 observations)', file: 'synthea-vito-feeney-63dd4423.json', copies: 6 },
];

mkdirSync(join(root, 'bench/results'), { recursive: true });
await build({
  entryPoints: [join(root, 'bench/summary-page.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: join(root, 'bench/results/summary-page.js'),
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});

const TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };
const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><html lang="en"><meta charset="utf-8"><title>summary bench</title><body><script type="module" src="/bench/results/summary-page.js"></script></body></html>');
    return;
  }
  const file = normalize(join(root, path));
  if (!file.startsWith(root) || !existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: [...HEADLESS_CHROMIUM_ARGS, '--enable-precise-memory-info'],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
try {
  for (const c of CASES) {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      await page.goto(base, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.runBench === 'function');
      // cold: the first summary on a fresh page (code and styles not yet warm); warm: a second one
      const cold = await page.evaluate((file, copies) => window.runBench(file, copies), c.file, c.copies);
      const warm = await page.evaluate((file, copies) => window.runBench(file, copies), c.file, c.copies);
      samples.push({ ...cold, warmFirstRenderMs: warm.firstRenderMs });
      await page.close();
    }
    const row = { case: c.name, runs };
    for (const key of Object.keys(samples[0])) row[key] = Math.round(median(samples.map((s) => s[key])) * 10) / 10;
    results.push(row);
    console.log(
      `${c.name.padEnd(30)} ${String(row.observations).padStart(5)} obs  map ${row.mapMs} ms  ` +
        `data ready → first render: cold ${row.firstRenderMs} ms (paint ${row.firstPaintMs} ms), warm ${row.warmFirstRenderMs} ms  ` +
        `peak heap ${row.peakHeapMB} MB`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
writeFileSync(join(root, 'bench/results/summary.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + '\n');
