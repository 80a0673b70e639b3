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
import { demoData, fhirEndpoints, fixture, settled, waitFor } from './helpers.js';
import { medicationText } from '../../src/elements/clinical-summary/patient-words.js';
import { applyLocale } from '../../src/core/localization.js';
import { fleschKincaid, syllables } from './readability.mjs';
import { IPS_FILES } from './fixture-lists.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;
type Bundle = { entry: { fullUrl: string; resource: Json }[] };

const LOINC = 'http://loinc.org';
/** The IPS document Bundles (not the MEDITECH searchset). */
const IPS_DOCUMENTS = IPS_FILES.filter((file) => !file.includes('searchset'));
// the unstructured C-CDA (a text body, no sections) has no summary wording to grade
const CCDA_FILES = ['ccd-1.xml', 'discharge-summary.xml', 'progress-note.xml'];
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

  /** Raw names that must not be visible in the patient view, read from FHIR resources. */
  function rawNames(resources: Json[]): { raw: Set<string>; drugs: Set<string> } {
    const raw = new Set<string>();
    const drugs = new Set<string>();
    for (const observation of resources.filter((r) => r.resourceType === 'Observation')) {
      for (const concept of [observation.code, ...(observation.component ?? []).map((c: Json) => c.code)]) {
        const codings = (concept?.coding ?? []).filter((c: Json) => c.system === LOINC);
        const plain = loincPlainName({ codings: codings.map((c: Json) => ({ system: c.system, code: c.code })) });
        if (!plain) continue;
        for (const name of [concept.text, ...codings.map((c: Json) => c.display)]) {
          if (typeof name === 'string' && !plain.toLowerCase().includes(name.toLowerCase())) raw.add(name);
        }
      }
    }
    for (const resource of resources) {
      if (!['MedicationRequest', 'MedicationStatement', 'Medication'].includes(resource.resourceType)) continue;
      for (const coding of (resource.medicationCodeableConcept ?? resource.code)?.coding ?? []) {
        if (coding.system === RXNORM && parseRxNormName(coding.display)) drugs.add(coding.display);
      }
    }
    drugs.forEach((name) => raw.add(name));
    return { raw, drugs };
  }

  /** Checks one rendered patient view; returns its own strings and how many raw names were checked. */
  async function checkView(el: EngageClinicalSummary, label: string, resources: Json[]): Promise<{ own: Set<string>; checked: number }> {
    await waitFor(() => el.shadowRoot!.querySelector('[data-section]'), `${label}: summary`);
    await waitFor(() => !el.shadowRoot!.querySelector('[aria-busy="true"]'), `${label}: every section loaded`);
    await expandAll(el);
    const root = el.shadowRoot!;
    const seen = visibleText(root);
    const { raw, drugs } = rawNames(resources);
    const left = [...raw].filter((name) => seen.includes(name));
    expect(left, `${label}: raw names still shown`).to.deep.equal([]);
    // ...but a screen reader still hears the recorded drug name beside the plain one
    const hidden = [...root.querySelectorAll('.entry__name .visually-hidden')].map((n) => n.textContent ?? '').join(' ');
    const shownDrugs = [...drugs].filter((name) => seen.includes(medicationText(parseRxNormName(name)!, 'en-US')));
    const unheard = shownDrugs.filter((name) => !hidden.includes(`(recorded as ${name})`));
    expect(unheard, `${label}: recorded drug names not given to screen readers`).to.deep.equal([]);
    const own = new Set<string>();
    for (const node of root.querySelectorAll(OWN_WORDING)) {
      // names (a test's, its panel's) and a document's own narrative (its table headings) are not our wording
      if (node.closest('.entry__name, .panel__name, .narrative')) continue;
      const copy = node.cloneNode(true) as Element;
      copy.querySelectorAll('.meta__patient').forEach((n) => (n.textContent = 'Patient:'));
      // "Vaccines 4" and "Vaccines 15" are one string: counts, dates and values are not words
      const text = (copy.textContent ?? '').replace(/\S*\d\S*/g, ' ').replace(/\s+/g, ' ').trim();
      if (text) own.add(text);
    }
    const grade = fleschKincaid(own);
    expect(grade.grade, `${label}: ${[...own].join(' | ')}`).to.be.at.most(8);
    return { own, checked: raw.size };
  }

  it('reads at grade 8 or below and shows plain names for every fixture patient and document', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const patients = await demoData<{ id: string; name: string; file: string }[]>('patients.json');
    expect(patients.length).to.be.greaterThan(5);
    const allOwn = new Set<string>();
    const report: string[] = [];
    let namesChecked = 0;
    let drugsShown = 0;
    const record = (label: string, result: { own: Set<string>; checked: number }) => {
      result.own.forEach((text) => allOwn.add(text));
      namesChecked += result.checked;
      const grade = fleschKincaid(result.own);
      report.push(`${label}: grade ${grade.grade.toFixed(1)} (${grade.sentences} strings, ${grade.words} words)`);
    };
    for (const patient of patients) {
      const bundle = await demoData<Bundle>(patient.file);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US', role: 'patient' }}
      ></engage-clinical-summary>`);
      const result = await checkView(el, patient.name, bundle.entry.map((e) => e.resource));
      drugsShown += el.shadowRoot!.querySelectorAll('[data-section="medications"] .entry__name .visually-hidden').length;
      record(patient.name, result);
    }
    for (const file of IPS_DOCUMENTS) {
      const bundle = await fixture<Json>(`fhir-r4/ips/${file}`);
      const resources = (bundle.entry ?? []).map((e: Json) => e.resource).filter(Boolean);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .bundle=${bundle}
        .session=${{ locale: 'en-US', role: 'patient' }}
      ></engage-clinical-summary>`);
      record(file, await checkView(el, file, resources));
    }
    for (const file of CCDA_FILES) {
      const xml = await (await fetch(`/test/fixtures/ccda/documents/${file}`)).text();
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .ccda=${xml}
        .session=${{ locale: 'en-US', role: 'patient' }}
      ></engage-clinical-summary>`);
      // C-CDA names are checked by the plain-name unit tests; here the wording is graded
      record(file, await checkView(el, file, []));
    }
    const overall = fleschKincaid(allOwn);
    console.log(
      `patient-view wording, Flesch–Kincaid:\n  ${report.join('\n  ')}\n  all sources together: grade ${overall.grade.toFixed(1)}` +
        ` (${overall.sentences} distinct strings); raw names checked absent: ${namesChecked}; plain drug names shown: ${drugsShown}`,
    );
    expect(overall.grade, 'all sources together').to.be.at.most(8);
    expect(namesChecked).to.be.greaterThan(20);
    expect(drugsShown).to.be.greaterThan(5);
  });
  it('words forms, strengths, "as needed" and the curated test names in Spanish', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const patients = await demoData<{ id: string; name: string; file: string }[]>('patients.json');
    const jill = patients.find((p) => p.file === 'synthea-jill-tillman-c4b7d178.json')!;
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
      .session=${{ patient: `Patient/${jill.id}`, locale: 'es', role: 'patient' }}
    ></engage-clinical-summary>`);
    await applyLocale('es');
    await waitFor(() => el.shadowRoot!.textContent!.includes('inhalador'), 'the Spanish medicine list');
    await waitFor(() => !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'every section loaded');
    const seen = visibleText(el.shadowRoot!);
    expect(seen).to.contain('Fluticasone propionate (inhalador), 44 mcg por inhalación');
    expect(seen).to.contain('Cuando lo necesite');
    expect(seen).to.not.match(/\bPRN\b/);
    // the curated test names read in Spanish (src/core/clinical-names/loinc-names.es.ts), never in English
    expect(seen).to.contain('Glóbulos blancos');
    expect(seen).to.not.contain('White blood cells');
    expect(seen).to.match(/\d+,\d 10³\/µL/);
    await applyLocale('en');
  });
});
