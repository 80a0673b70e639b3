/**
 * A trend's axis labels are read in full: the lowest and highest value up the side keep
 * every digit and their unit, inside the drawing. Synthea's Vito Feeney has creatinine
 * from 1.673 to 3.187 mg/dL; with a fixed 48-pixel margin the labels were cut at the
 * left edge and read "5 mg/dL" and "2 mg/dL". Also checked: no trend label anywhere in
 * his results and vital signs starts left of the drawing.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { demoData, waitFor } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('<engage-clinical-summary> trend axis labels', () => {
  it('keeps every y-axis label inside the trend, whole (Vito Feeney’s creatinine, 1.673–3.187 mg/dL)', async () => {
    const bundle = await demoData<{ entry: { resource: Json }[] }>('synthea-vito-feeney-63dd4423.json');
    // from the record: creatinine values with their unit
    const creatinine = bundle.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'Observation' && r.code?.coding?.some((c: Json) => c.code === '38483-4'))
      .sort((a, b) => Date.parse(a.effectiveDateTime) - Date.parse(b.effectiveDateTime))
      .map((r) => r.valueQuantity as { value: number; unit: string });
    expect(creatinine.length).to.be.greaterThan(2);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary sections="results vitals" expand-all .bundle=${bundle} .session=${{ locale: 'en', role: 'clinician' }}></engage-clinical-summary>`);
    const trends = await waitFor(() => {
      const found = [...(el.shadowRoot?.querySelectorAll<SVGSVGElement>('svg[part~="trend"]') ?? [])];
      return found.length ? found : undefined;
    }, 'the trends');
    const entry = [...el.shadowRoot!.querySelectorAll('[part~="entry"]')].find((e) => e.querySelector('.entry__name')?.textContent?.trim() === 'Creatinine')!;
    const labels = [...entry.querySelectorAll<SVGTextElement>('.trend__axis-label--y')];
    // the trend plots the latest 12 values
    const shown = creatinine.slice(-12);
    expect(shown.map((q) => q.unit)).to.deep.equal(shown.map(() => 'mg/dL'));
    const low = Math.min(...shown.map((q) => q.value));
    const high = Math.max(...shown.map((q) => q.value));
    // the record keeps 16 digits (1.6733708232023747); the summary shows four significant ones
    // each label the number over its unit (two lines)
    const words = (t: SVGTextElement) => [...t.querySelectorAll('tspan')].map((line) => line.textContent!.trim()).join(' ');
    expect(labels.map(words)).to.deep.equal([`${Number(low.toPrecision(4))} mg/dL`, `${Number(high.toPrecision(4))} mg/dL`]);
    for (const svg of trends) {
      for (const text of svg.querySelectorAll<SVGTextElement>('.trend__axis-label')) {
        const box = text.getBBox();
        expect(box.x, `"${text.textContent}" starts inside the drawing`).to.be.at.least(0);
        expect(box.x + box.width, `"${text.textContent}" ends inside the drawing`).to.be.at.most(svg.viewBox.baseVal.width);
        expect(box.y, `"${text.textContent}" is inside the drawing (top)`).to.be.at.least(0);
        expect(box.y + box.height, `"${text.textContent}" is inside the drawing (bottom)`).to.be.at.most(svg.viewBox.baseVal.height);
      }
    }
  });
});
