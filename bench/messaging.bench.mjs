#!/usr/bin/env node
/**
 * Benchmark (not a test): <engage-message-thread> with 100, 1,000 and 5,000 messages in
 * headless Chromium. For each size, several fresh pages each:
 *   - first render: from appending the element (data already in the memory adapter) to
 *     the first frame that shows message rows, scrolled to the newest;
 *   - peak JS heap: the largest `JSHeapUsedSize` (Chrome DevTools Protocol) sampled every
 *     few milliseconds from before the element is created until it has settled;
 *   - scrolling: frame times while the list is scrolled up 120 px per frame (about a
 *     mouse-wheel notch) for 120 frames, reported as the 95th percentile.
 * Medians over the runs are printed as a table (and as JSON with --json).
 *
 *   node bench/messaging.bench.mjs [--runs 5] [--json]
 *
 * Uses puppeteer-core with Chromium at $CHROME_PATH or /usr/bin/chromium, and esbuild to
 * bundle the element with the memory adapter; nothing is downloaded.
 */
/* global window */
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { fileURLToPath } from 'node:url';
import { HEADLESS_CHROMIUM_ARGS } from '../scripts/ensure-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const asJson = args.includes('--json');
const SIZES = [100, 1000, 5000];

/** The page's code: the element (production build of Lit), the memory adapter and the data generator. */
const entry = `
import '${root}src/elements/message-thread/message-thread.js';
import { createMemoryAdapter } from '${root}src/adapters/memory/index.js';
import { longConversation } from '${root}stories/data/messages.js';

window.benchPrepare = (count) => {
  const thread = { id: 'bench', subject: 'Benchmark', status: 'open', patient: 'Patient/bench',
    participants: [], created: '2020-01-01T00:00:00Z', lastActivity: '2020-01-01T00:00:00Z', unreadCount: 0 };
  window.benchAdapter = createMemoryAdapter({ messaging: { threads: [thread], messages: longConversation('bench', count) } });
};

window.benchMount = () => new Promise((resolve) => {
  const el = document.createElement('engage-message-thread');
  el.setAttribute('thread-id', 'bench');
  el.adapter = window.benchAdapter;
  el.session = { patient: 'Patient/story-maria', user: { ref: 'Patient/story-maria' }, role: 'patient', now: () => new Date(2024, 5, 15) };
  const start = performance.now();
  document.body.append(el);
  const check = () => {
    const list = el.shadowRoot && el.shadowRoot.querySelector('[part~="messages"]');
    const rows = list ? list.querySelectorAll('[part~="message"]').length : 0;
    if (rows && list.scrollHeight - list.scrollTop - list.clientHeight < 24) {
      resolve({ ms: performance.now() - start, rows });
    } else if (performance.now() - start > 20000) {
      resolve({ ms: NaN, rows, error: list ? [rows, list.scrollTop, list.clientHeight, list.scrollHeight, getComputedStyle(el).width, getComputedStyle(list).maxHeight, el.messages.length, !!el.virtualizer, el.virtualizeThreshold].join(' ') : 'no list' });
    } else setTimeout(check, 1);
  };
  setTimeout(check, 0);
});

window.benchScroll = async () => {
  const el = document.querySelector('engage-message-thread');
  const list = el.shadowRoot.querySelector('[part~="messages"]');
  const frames = [];
  let last = performance.now();
  for (let i = 0; i < 120; i++) {
    list.scrollTop = Math.max(0, list.scrollTop - 120); // about one mouse-wheel notch per frame
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  frames.sort((a, b) => a - b);
  return frames[Math.floor(frames.length * 0.95)];
};
`;

const bundle = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
  tsconfig: `${root}tsconfig.json`,
});
const code = bundle.outputFiles[0].text;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: [...HEADLESS_CHROMIUM_ARGS, '--js-flags=--expose-gc'],
});

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const results = [];
try {
  for (const size of SIZES) {
    const samples = { ms: [], heap: [], scroll: [], rows: [] };
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.bringToFront();
      await page.setViewport({ width: 1024, height: 900 });
      await page.setContent('<!doctype html><html lang="en"><body></body></html>');
      await page.addScriptTag({ content: code });
      const cdp = await page.createCDPSession();
      await cdp.send('Performance.enable');
      await page.evaluate((n) => window.benchPrepare(n), size);
      await cdp.send('HeapProfiler.collectGarbage');
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const { metrics } = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
          peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const first = await page.evaluate(() => window.benchMount());
      if (first.error) throw new Error(`no first render: ${first.error}`);
      await new Promise((r) => setTimeout(r, 200));
      sampling = false;
      await sampler;
      const scroll = await page.evaluate(() => window.benchScroll());
      samples.ms.push(first.ms);
      samples.rows.push(first.rows);
      samples.heap.push(peak / 1e6);
      samples.scroll.push(scroll);
      await page.close();
    }
    results.push({
      messages: size,
      firstRenderMs: Math.round(median(samples.ms)),
      peakHeapMB: Number(median(samples.heap).toFixed(1)),
      renderedRows: median(samples.rows),
      scrollFrameP95Ms: Number(median(samples.scroll).toFixed(1)),
      runs,
    });
  }
} finally {
  await browser.close();
}

if (asJson) console.log(JSON.stringify(results, null, 2));
else {
  console.log(`\n<engage-message-thread> benchmark (headless Chromium, median of ${runs} runs)`);
  console.log('messages   first render   peak JS heap   rows in DOM   scroll frame p95');
  for (const r of results) {
    console.log(
      `${String(r.messages).padStart(8)}   ${`${r.firstRenderMs} ms`.padStart(12)}   ${`${r.peakHeapMB} MB`.padStart(12)}   ${String(r.renderedRows).padStart(11)}   ${`${r.scrollFrameP95Ms} ms`.padStart(16)}`,
    );
  }
}
