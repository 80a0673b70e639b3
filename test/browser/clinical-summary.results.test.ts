/**
 * Results are filed by test: a code that messy data reuses for another test (Synthea's
 * 5767-9 for both the appearance and the odor of urine) never puts two tests' values in
 * one history. Expectations are counted from the source bundle.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { demoData, fhirEndpoints, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

describe('<engage-clinical-summary> result histories', function () {
  it('files results by code and name: one code used for two tests makes two histories', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const file = 'synthea-vito-feeney-63dd4423.json';
    const resources = (await demoData<{ entry: { resource: Json }[] }>(file)).entry.map((e) => e.resource);
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const byName = new Map<string, Json[]>();
    for (const o of resources.filter((r) => r.resourceType === 'Observation' && r.code?.coding?.[0]?.code === '5767-9')) {
      const name = o.code.coding[0].display;
      byName.set(name, [...(byName.get(name) ?? []), o]);
    }
    expect(byName.size, 'tests sharing 5767-9 in the source').to.equal(2);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      sections="results"
      expand-all
      .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
      .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    await waitFor(() => el.shadowRoot?.querySelector('[data-section="results"] [part~="entry"]'), 'results');
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-section="results"] [part~="entry"]')];
    for (const [name, observations] of byName) {
      const groups = rows.filter((row) => row.querySelector('.entry__name')?.textContent?.trim() === name);
      expect(groups.length, `${name}: one history`).to.equal(1);
      const values = new Set(observations.map((o) => o.valueCodeableConcept?.text ?? o.valueCodeableConcept?.coding?.[0]?.display));
      const shown = [groups[0]!.querySelector('.result__value')!, ...groups[0]!.querySelectorAll('tbody tr td:nth-child(2)')].map((c) =>
        c.textContent!.trim(),
      );
      expect(shown.length, `${name}: every result`).to.equal(observations.length);
      for (const value of shown) expect(values.has(value), `${name} shows only its own values, not ${value}`).to.equal(true);
    }
  });
});
