/**
 * The page the summary benchmark runs (bundled by bench/summary.bench.mjs with esbuild):
 * loads one Synthea bundle, maps it into a summary ("data ready"), then hands it to
 * <engage-clinical-summary> through the memory adapter and records the time until the
 * first screen (every section heading, first entries) has rendered.
 */
import '../src/elements/clinical-summary/clinical-summary.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import { summaryFromResources } from '../src/adapters/fhir/mapping/summary.js';
import type { Resource } from '../src/adapters/fhir/fhir-types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

declare global {
  interface Window {
    runBench: (file: string, copies: number) => Promise<Record<string, number>>;
  }
}

const heap = () => (performance as any).memory?.usedJSHeapSize ?? 0;

window.runBench = async (file, copies) => {
  let peak = heap();
  const sample = () => (peak = Math.max(peak, heap()));
  const bundle = await (await fetch(`/demo/data/${file}`)).json();
  let resources: Resource[] = bundle.entry.map((e: { resource: Resource }) => e.resource);
  // "huge": the record's observations repeated, each copy a year earlier
  for (let copy = 1; copy < copies; copy++) {
    resources = resources.concat(
      bundle.entry
        .map((e: { resource: any }) => e.resource)
        .filter((r: any) => r.resourceType === 'Observation')
        .map((r: any) => ({
          ...r,
          id: `${r.id}-${copy}`,
          effectiveDateTime: r.effectiveDateTime?.replace(/^(\d{4})/, (y: string) => String(Number(y) - copy)),
        })),
    );
  }
  const observations = resources.filter((r) => r.resourceType === 'Observation').length;
  sample();
  const mapStart = performance.now();
  const summary = summaryFromResources(resources);
  const ready = performance.now();
  sample();
  const patient = 'Patient/bench';
  const el = document.createElement('engage-clinical-summary');
  el.adapter = createMemoryAdapter({ summary: { summaries: { [patient]: summary } } });
  el.session = { patient, locale: 'en-US', role: 'clinician' };
  document.body.append(el);
  await new Promise<void>((resolve) => {
    const check = () => {
      sample();
      if (el.shadowRoot?.querySelector('[part~="section"]')) resolve();
      else setTimeout(check, 0);
    };
    check();
  });
  const rendered = performance.now();
  // the browser paints the first screen after the next frame
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  sample();
  return {
    resources: resources.length,
    observations,
    mapMs: ready - mapStart,
    firstRenderMs: rendered - ready,
    firstPaintMs: painted - ready,
    entriesShown: el.shadowRoot!.querySelectorAll('[part~="entry"]').length,
    peakHeapMB: peak / 1e6,
  };
};
