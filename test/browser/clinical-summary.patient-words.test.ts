/**
 * The patient view of the summary, for every seeded fixture patient: the library's own
 * wording reads at grade 8 or below (Flesch–Kincaid), and no raw LOINC long name or
 * RxNorm clinical-drug string is left visible where the patient-words layer has a plain
 * name. What must be absent is read from the source bundles here, not from the mapping.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { loincPlainName } from '../../src/core/clinical-names/loinc-names.js';
import { parseRxNormName } from '../../src/core/clinical-names/rxnorm-names.js';
import { demoData, fhirEndpoints, settled, waitFor } from './helpers.js';
import { resourcesOf } from './synthea.js';
import { fleschKincaid, syllables } from './readability.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;
type Bundle = { entry: { fullUrl: string; resource: Json }[] };

const LOINC = 'http://loinc.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** Elements whose text is the library's own words: headings, labels, buttons, notes, flags. */
const OWN_WORDING = '[role="heading"], .section__title, dt, th, button, label, summary, .hidden-note, .empty, .flag, .badge, .meta';

/** Text a sighted reader sees: everything but visually-hidden text. */
function visibleText(root: ShadowRoot): string {
  const parts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('.visually-hidden')) parts.push(node.textContent ?? '');
  }
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** Shows everything: inactive entries too, and every "Show all" list expanded. */
async function expandAll(el: EngageClinicalSummary): Promise<void> {
  const toggle = el.shadowRoot!.querySelector<HTMLInputElement>('label.toggle input[type="checkbox"]')!;
  if (!toggle.checked) toggle.click();
  await settled(el);
  for (let more = el.shadowRoot!.querySelector<HTMLButtonElement>('button.more'); more; more = el.shadowRoot!.querySelector('button.more')) {
    more.click();
    await settled(el);
  }
}

describe('clinical summary: in words a patient understands', () => {
  it('counts syllables and grades text as the Flesch–Kincaid formula does', () => {
    expect([syllables('health'), syllables('summary'), syllables('medicines'), syllables('problems'), syllables('the')]).to.deep.equal([
      1, 3, 3, 2, 1,
    ]);
    // 6 words, 6 syllables, 1 sentence: 0.39 × 6 + 11.8 × 1 − 15.59
    expect(fleschKincaid(['The cat sat on the mat.']).grade).to.be.closeTo(-1.45, 1e-9);
    expect(fleschKincaid(['Pharmacological intervention necessitates comprehensive evaluation.']).grade).to.be.greaterThan(8);
  });

  it('reads at grade 8 or below and shows plain names for every fixture patient', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const patients = await demoData<{ id: string; name: string; file: string }[]>('patients.json');
    expect(patients.length).to.be.greaterThan(5);
    const allOwn = new Set<string>();
    const report: string[] = [];
    let namesChecked = 0;
    for (const patient of patients) {
      const bundle = await demoData<Bundle>(patient.file);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US', role: 'patient' }}
      ></engage-clinical-summary>`);
      await waitFor(() => el.shadowRoot!.querySelector('[data-section="medications"] .section__body, [data-section="medications"] .empty'), `${patient.name}'s summary`);
      await waitFor(() => !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'every section loaded');
      await expandAll(el);
      const root = el.shadowRoot!;
      const seen = visibleText(root);

      // raw names that must be gone, read from the source bundle
      const raw = new Set<string>();
      for (const observation of resourcesOf(bundle, 'Observation')) {
        for (const concept of [observation.code, ...(observation.component ?? []).map((c: Json) => c.code)]) {
          const codings = (concept?.coding ?? []).filter((c: Json) => c.system === LOINC);
          const plain = loincPlainName({ codings: codings.map((c: Json) => ({ system: c.system, code: c.code })) });
          if (!plain) continue;
          for (const name of [concept.text, ...codings.map((c: Json) => c.display)]) {
            if (typeof name === 'string' && !plain.toLowerCase().includes(name.toLowerCase())) raw.add(name);
          }
        }
      }
      const drugs = new Set<string>();
      for (const type of ['MedicationRequest', 'MedicationStatement']) {
        for (const request of resourcesOf(bundle, type)) {
          for (const coding of request.medicationCodeableConcept?.coding ?? []) {
            if (coding.system === RXNORM && parseRxNormName(coding.display)) drugs.add(coding.display);
          }
        }
      }
      drugs.forEach((name) => raw.add(name));
      const left = [...raw].filter((name) => seen.includes(name));
      expect(left, `${patient.name}: raw names still shown`).to.deep.equal([]);
      // ...but a screen reader still hears the recorded name beside the plain one
      const hidden = [...root.querySelectorAll('.entry__name .visually-hidden')].map((n) => n.textContent ?? '').join(' ');
      const unheard = [...drugs].filter((name) => !hidden.includes(`(recorded as ${name})`));
      expect(unheard, `${patient.name}: recorded drug names not given to screen readers`).to.deep.equal([]);
      namesChecked += raw.size;

      // the library's own words
      const own = new Set<string>();
      for (const node of root.querySelectorAll(OWN_WORDING)) {
        if (node.closest('.entry__name')) continue; // names are the record's, not ours
        const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (text) own.add(text);
      }
      own.forEach((text) => allOwn.add(text));
      const grade = fleschKincaid(own);
      report.push(`${patient.name}: grade ${grade.grade.toFixed(1)} (${grade.sentences} strings, ${grade.words} words)`);
      expect(grade.grade, `${patient.name}: ${[...own].join(' | ')}`).to.be.at.most(8);
    }
    const overall = fleschKincaid(allOwn);
    console.log(
      `patient-view wording, Flesch–Kincaid:\n  ${report.join('\n  ')}\n  all patients together: grade ${overall.grade.toFixed(1)}` +
        ` (${overall.sentences} distinct strings); raw names checked absent: ${namesChecked}`,
    );
    expect(namesChecked).to.be.greaterThan(20);
  });
});
