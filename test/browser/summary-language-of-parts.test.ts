/**
 * WCAG 2.2 SC 3.1.2 Language of Parts: words the summary takes from the record (a
 * condition's, medicine's or test's name) are marked with the language the record states
 * (the resource's own `language`, else its document's: `Composition.language`, else
 * `Bundle.language`) when that language differs from the page's, so a screen reader reads
 * ELGA's German names with a German voice. Our own words (labels, statuses, dates, plain
 * names) stay in the page's language. Every expectation is read from the source JSON.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import type { Role } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { fhirEndpoints, fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;
type Bundle = { language?: string; entry: { fullUrl?: string; resource: Json }[] };

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** A CodeableConcept's words as FHIR gives them: `text`, else the first coding's `display`. */
const words = (concept: Json | undefined): string | undefined =>
  concept?.text ?? (concept?.coding ?? []).map((c: Json) => c.display).find(Boolean);

/**
 * Each record the summary lists as a row, with its name and the language its words are in:
 * its own `language`, else the document's (Composition, else Bundle).
 */
function recordsOf(bundle: Bundle): { type: string; name: string; language?: string; own: boolean }[] {
  const resources = bundle.entry.map((e) => e.resource);
  const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
  const composition = resources.find((r) => r.resourceType === 'Composition');
  const documentLanguage = composition?.language ?? bundle.language;
  const out: { type: string; name: string; language?: string; own: boolean }[] = [];
  for (const r of resources) {
    let concept: Json | undefined;
    if (['Condition', 'AllergyIntolerance', 'Procedure'].includes(r.resourceType)) concept = r.code;
    else if (r.resourceType === 'Immunization') concept = r.vaccineCode;
    else if (r.resourceType === 'Observation' && !r.hasMember) concept = r.code;
    else if (r.resourceType === 'MedicationStatement' || r.resourceType === 'MedicationRequest')
      concept = r.medicationCodeableConcept ?? byUrl.get(r.medicationReference?.reference)?.code;
    const name = words(concept);
    if (name) out.push({ type: r.resourceType, name, language: r.language ?? documentLanguage, own: !!r.language });
  }
  return out;
}

async function show(bundle: unknown, locale = 'en', role: Role = 'clinician'): Promise<EngageClinicalSummary> {
  await applyLocale(locale);
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .bundle=${bundle}
    .session=${{ locale, role }}
    .showInactive=${true}
    .expandAll=${true}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="entry"]'), 'the summary rows');
  return el;
}

const article = (el: EngageClinicalSummary) => el.shadowRoot!.querySelector('[part~="base"]')!;
/** Each row's shown name, and the `lang` its words carry (the nearest one below the page's, else none). */
function rowNames(el: EngageClinicalSummary): { name: string; lang: string | null }[] {
  const base = article(el);
  return [...base.querySelectorAll('[part~="entry"] .entry__name')].map((name) => {
    const marked = name.querySelector('[lang]');
    return { name: text(marked ?? name), lang: marked && marked.closest('[lang]') !== base ? marked.getAttribute('lang') : null };
  });
}
/** Every element inside the summary that sets a language other than the page's. */
const marked = (el: EngageClinicalSummary) => [...article(el).querySelectorAll('[lang]')];

describe('<engage-clinical-summary> marks the record\'s words with the record\'s language (WCAG 2.2 SC 3.1.2)', function () {
  afterEach(() => applyLocale('en'));

  it('ELGA (Austria): the records that state `de` carry lang="de", the others the document\'s de-AT', async () => {
    const bundle = await fixture<Bundle>('fhir-r4/ips/ips-at-elga-01.json');
    const records = recordsOf(bundle);
    const own = records.filter((r) => r.own);
    // the fixture as read: one allergy, three vaccinations and the lab tests state `de`
    expect(own.filter((r) => r.type === 'AllergyIntolerance')).to.have.length(1);
    expect(own.filter((r) => r.type === 'Immunization')).to.have.length(3);
    expect(own.every((r) => r.language === 'de')).to.equal(true);
    const el = await show(bundle);
    const rows = rowNames(el);
    const byName = new Map(records.map((r) => [r.name, r.language]));
    // every row is a record of the document, and its words carry that record's language
    for (const row of rows) {
      expect(byName.has(row.name), `a record named ${row.name}`).to.equal(true);
      expect(row.lang, row.name).to.equal(byName.get(row.name));
    }
    // exactly the rows of records with their own `language` carry `de`: the allergy, each of the
    // three vaccinations and each lab test once (a test's results share one row)
    const ownNames = new Set(own.map((r) => r.name));
    const expected = own.filter((r) => r.type !== 'Observation').length + new Set(own.filter((r) => r.type === 'Observation').map((r) => r.name)).size;
    expect(rows.filter((r) => r.lang === 'de').length).to.equal(expected);
    expect(rows.filter((r) => r.lang === 'de').every((r) => ownNames.has(r.name))).to.equal(true);
    expect(rows.filter((r) => r.lang === 'de-AT').length).to.be.greaterThan(0);
    expect(rows.filter((r) => r.lang === 'de-AT').every((r) => !ownNames.has(r.name))).to.equal(true);
  });

  it('our labels, statuses and dates never carry the record\'s language (clinician and patient views)', async () => {
    const bundle = await fixture<Bundle>('fhir-r4/ips/ips-at-elga-01.json');
    const names = new Set(recordsOf(bundle).map((r) => r.name));
    for (const role of ['clinician', 'patient'] as const) {
      const el = await show(bundle, 'en', role);
      const base = article(el);
      expect(base.getAttribute('lang')).to.equal('en');
      // each marked part is a record's own words, nothing of ours
      const parts = marked(el);
      expect(parts.length, role).to.be.greaterThan(0);
      for (const part of parts) expect(names.has(text(part)), `${role}: "${text(part)}" is a record's words`).to.equal(true);
      // field labels and values of ours, section titles, badges: in the page's language
      for (const label of base.querySelectorAll('dt, .section__title, .badge, .flag, .count, .negation'))
        expect(label.closest('[lang]') === base, `${role}: ${text(label)}`).to.equal(true);
      if (role === 'patient') {
        // a test's plain name is ours (English); the German name recorded beside it for screen readers is the record's
        const recordedAs = [...base.querySelectorAll('.entry__name .visually-hidden [lang="de"]')];
        expect(recordedAs.length, 'plain names with the recorded German name beside them').to.be.greaterThan(0);
        for (const part of recordedAs) {
          const name = part.closest('.entry__name')!;
          const plain = [...name.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
          expect(names.has(plain), `"${plain}" is our plain name, not the record's`).to.equal(false);
          expect(name.closest('[lang]') === base, plain).to.equal(true);
        }
      }
    }
  });

  it('Argentina (Bundle es-AR) in an English page: the record\'s words carry lang="es-AR"', async () => {
    const bundle = await fixture<Bundle>('fhir-r4/ips/ips-ar-example-01.json');
    expect(bundle.language).to.equal('es-AR');
    const records = recordsOf(bundle);
    const el = await show(bundle);
    const rows = rowNames(el);
    // the condition, the medicine, the allergy and the vaccine
    expect(rows.length).to.equal(records.length);
    for (const row of rows) expect(row.lang, row.name).to.equal('es-AR');
    expect(rows.map((r) => r.name).sort()).to.deep.equal(records.map((r) => r.name).sort());
  });

  it('Argentina in a Spanish page: the same words carry no lang of their own', async () => {
    const bundle = await fixture<Bundle>('fhir-r4/ips/ips-ar-example-01.json');
    const el = await show(bundle, 'es');
    expect(article(el).getAttribute('lang')).to.equal('es');
    expect(rowNames(el).length).to.equal(recordsOf(bundle).length);
    expect(marked(el).map((m) => m.getAttribute('lang'))).to.deep.equal([]);
  });

  for (const file of ['ips-uk-nhsx-example-01.json', 'ips-nz-full-16-sections.json']) {
    it(`an English document (${file}) in an English page carries no lang of its own`, async () => {
      const bundle = await fixture<Bundle>(`fhir-r4/ips/${file}`);
      const resources = bundle.entry.map((e) => e.resource);
      const stated = resources.find((r) => r.resourceType === 'Composition')?.language ?? bundle.language;
      expect(primary(stated)).to.equal('en');
      const el = await show(bundle);
      expect(rowNames(el).length).to.be.greaterThan(0);
      expect(marked(el).map((m) => m.getAttribute('lang'))).to.deep.equal([]);
    });
  }

  it('from a FHIR server: a record that states its language carries it; one that states none carries none', async () => {
    // ELGA's allergy (it states `de`) and a problem (it states none: the Composition's de-AT is
    // the document's, and a search reads no document), stored for a patient of their own
    const bundle = await fixture<Bundle>('fhir-r4/ips/ips-at-elga-01.json');
    const resources = bundle.entry.map((e) => e.resource);
    const allergy = resources.find((r) => r.resourceType === 'AllergyIntolerance')!;
    const problem = resources.find((r) => r.resourceType === 'Condition' && r.clinicalStatus?.coding?.[0]?.code === 'active')!;
    expect(allergy.language).to.equal('de');
    expect(problem.language).to.equal(undefined);
    const id = 'language-of-parts-elga';
    const patient = { resourceType: 'Patient', id, name: [{ family: 'Musterfrau', given: ['Maria'] }] };
    const stored: Json[] = [
      patient,
      { ...allergy, id: `${id}-allergy`, patient: { reference: `Patient/${id}` } },
      { ...problem, id: `${id}-problem`, subject: { reference: `Patient/${id}` } },
    ];
    const { fhirUrl } = await fhirEndpoints();
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: stored.map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })),
    };
    const response = await fetch(fhirUrl, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(transaction), cache: 'no-store' });
    expect(response.ok, `stored: HTTP ${response.status}`).to.equal(true);
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
      .session=${{ patient: `Patient/${id}`, locale: 'en', role: 'clinician' }}
      sections="problems allergies"
    ></engage-clinical-summary>`);
    await waitFor(() => el.shadowRoot!.querySelectorAll('[part~="entry"]').length === 2 && el, 'the problem and the allergy');
    const rows = rowNames(el);
    expect(rows).to.deep.include({ name: words(allergy.code), lang: 'de' });
    expect(rows).to.deep.include({ name: words(problem.code), lang: null });
  });
});
