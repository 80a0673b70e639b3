/**
 * Shared helpers for browser tests. Importing this file also makes any Lit dev-mode
 * warning (other than the one-time "dev mode" notice) fail the test that caused it.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { render } from 'lit';

const litWarnings: string[] = [];
const originalWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (/lit\.dev\/msg|Lit is in dev mode/i.test(text) && !/dev-mode/.test(text)) litWarnings.push(text);
  originalWarn(...args);
};

afterEach(() => {
  if (litWarnings.length) {
    const warnings = litWarnings.splice(0);
    throw new Error(`Lit warned during this test:\n${warnings.join('\n')}`);
  }
});

const mountedFrames: HTMLElement[] = [];
afterEach(() => {
  for (const frame of mountedFrames.splice(0)) frame.remove();
});

/**
 * Renders `content` (a Lit template or nothing) into a new <div> in the page, styled with
 * `style`, and removes it after the test. Use it instead of open-wc's `fixture` for a plain
 * wrapper: `fixture` waits for an animation frame when its root is not a Lit element, and
 * with two test pages open at once the one in the background never gets one.
 */
export function mountFrame(content: unknown = null, style = ''): HTMLDivElement {
  const frame = document.createElement('div');
  if (style) frame.setAttribute('style', style);
  document.body.append(frame);
  render(content, frame);
  mountedFrames.push(frame);
  return frame;
}

/** Reads a JSON fixture from test/fixtures/ (served by the test runner). */
export async function fixture<T = unknown>(path: string): Promise<T> {
  const response = await fetch(`/test/fixtures/${path}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Reads a file from demo/data/ (the data the local FHIR server is seeded from). */
export async function demoData<T = unknown>(path: string): Promise<T> {
  const response = await fetch(`/demo/data/${path}`);
  if (!response.ok) throw new Error(`demo data ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** URLs of the local FHIR server and of the fault-injecting proxy in front of it. */
export async function fhirEndpoints(): Promise<{ fhirUrl: string; proxyUrl: string }> {
  const endpoints = await executeServerCommand<{ fhirUrl: string; proxyUrl: string }, undefined>('fhir-endpoints');
  if (!endpoints) throw new Error('the FHIR server plugin is not running');
  return endpoints;
}

/** Makes the proxy fail the next requests (or clears faults with `undefined`). */
export async function setFault(fault: Record<string, unknown> | undefined): Promise<void> {
  await executeServerCommand('set-fault', fault);
}

/** Emulates a time zone in this browser page (Chromium's own emulation). */
export async function setTimeZone(zone: string): Promise<void> {
  await executeServerCommand('set-timezone', zone);
}

/** Resolves after the element and everything it awaits have rendered. */
export async function settled(element: Element & { updateComplete?: Promise<unknown> }, cycles = 3): Promise<void> {
  for (let i = 0; i < cycles; i++) {
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * How long `waitFor` keeps looking before it decides a thing will never appear. One
 * generous figure for every test: a passing test never waits this long, and a test must
 * pass on a loaded 2-core CI machine too, so no test sets a shorter, "expected" time.
 */
const PATIENCE_MS = 60_000;

/*
 * Polls with timers, not animation frames: with two test pages open at once, the one
 * in the background gets no animation frames.
 */
/** Waits until `check` returns a truthy value, or fails after `PATIENCE_MS`. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > PATIENCE_MS) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
}

/** Text content of an element's shadow root, whitespace collapsed. */
export function shadowText(element: Element): string {
  return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Every web storage the page has: DESIGN.md allows none that the host did not choose. */
export async function storageUsed(): Promise<string[]> {
  const databases = (await indexedDB.databases?.()) ?? [];
  return [
    ...Object.keys(localStorage).map((k) => `localStorage:${k}`),
    ...Object.keys(sessionStorage).map((k) => `sessionStorage:${k}`),
    ...(document.cookie ? [`cookie:${document.cookie}`] : []),
    ...databases.map((d) => `indexedDB:${d.name ?? ''}`),
  ];
}
