/**
 * C-CDA shapes that were read wrongly: a medicine given in phases (an organizer), a
 * severity observation on an allergy concern, a result whose value and unit are only in a
 * translation (a unit outside UCUM), a planned vaccine, and an unstructured document
 * (nonXMLBody). Expectations are read from the XML here with plain DOM queries.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { waitFor } from './helpers.js';

const section = (el: EngageClinicalSummary, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-section="${key}"]`);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const entries = (el: EngageClinicalSummary, key: string) => [...(section(el, key)?.querySelectorAll<HTMLElement>('[part~="entry"]') ?? [])];
/** Parses a document or a bare section (whose `xsi:` prefix the example leaves undeclared). */
const parse = (xml: string) =>
  new DOMParser().parseFromString(
    xml.includes('<ClinicalDocument') ? xml : `<wrap xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${xml}</wrap>`,
    'application/xml',
  );
const templated = (doc: Document, root: string) =>
  [...doc.getElementsByTagNameNS('*', 'templateId')].filter((t) => t.getAttribute('root') === root).map((t) => t.parentElement!);

async function load(path: string): Promise<string> {
  return (await fetch(`/test/fixtures/ccda/${path}`)).text();
}

async function show(xml: string): Promise<EngageClinicalSummary> {
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .ccda=${xml}
    page-size="1000"
    .session=${{ locale: 'en-US', role: 'clinician' }}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"]'), 'summary');
  return el;
}

describe('<engage-clinical-summary> C-CDA shapes', function () {
  for (const file of ['documents/ccd-1.xml', 'documents/progress-note.xml']) {
    it(`a severity observation on an allergy concern is no allergy of its own (${file})`, async () => {
      const xml = await load(file);
      const doc = parse(xml);
      // allergy observations (4.7) in the source, and severity observations (4.8) sitting on a concern
      const allergies = templated(doc, '2.16.840.1.113883.10.20.22.4.7');
      const onConcern = templated(doc, '2.16.840.1.113883.10.20.22.4.8').filter((o) =>
        [...(o.parentElement?.parentElement?.children ?? [])].some((c) => c.localName === 'templateId' && c.getAttribute('root') === '2.16.840.1.113883.10.20.22.4.30'),
      );
      expect(onConcern.length, 'severity observations on a concern in the source').to.be.greaterThan(0);
      const el = await show(xml);
      const rows = entries(el, 'allergies');
      expect(rows.length).to.equal(allergies.length);
      for (const row of rows) expect(text(row)).not.to.contain('Unknown item');
    });
  }

  it('a medicine given in phases (organizer) is one medicine with each phase, never "not recorded"', async () => {
    const xml = await load('sections/med-two-phase-organizer.xml');
    const doc = parse(xml);
    const phases = [...doc.getElementsByTagNameNS('*', 'substanceAdministration')];
    expect(phases.length).to.equal(2);
    const name = doc.getElementById('MedicationName_2')?.textContent?.trim() ?? [...doc.querySelectorAll('[ID="MedicationName_2"]')][0]!.textContent!.trim();
    const doses = phases.map((sa) => sa.getElementsByTagNameNS('*', 'doseQuantity')[0]!.getAttribute('value'));
    const el = await show(xml);
    expect(section(el, 'medications')!.querySelector('.empty')).to.equal(null);
    const rows = entries(el, 'medications');
    expect(rows).to.have.length(1);
    expect(text(rows[0])).to.contain(name);
    // each phase's dose, in order: 2 on day 1, then 1
    const shown = text(rows[0]);
    expect(shown).to.match(new RegExp(`\\b${doses[0]}, Oral.*then ${doses[1]}, Oral`));
  });

  it('a result whose value and unit are only in a translation (non-UCUM) shows them, under its panel', async () => {
    const xml = await load('sections/result-non-ucum-translation.xml');
    const doc = parse(xml);
    const translation = doc.getElementsByTagNameNS('*', 'observation')[0]!.getElementsByTagNameNS('*', 'translation')[0]!;
    const value = translation.getAttribute('value')!;
    const unit = translation.getElementsByTagNameNS('*', 'originalText')[0]!.textContent!.trim();
    const el = await show(xml);
    const rows = entries(el, 'results');
    expect(rows).to.have.length(1);
    expect(text(rows[0]!.querySelector('.result__value'))).to.equal(`${value} ${unit}`);
    expect(text(rows[0])).not.to.contain('No value');
    expect(text(rows[0])).not.to.contain('Unknown item');
    const heading = section(el, 'results')!.querySelector('[part~="panel-heading"]');
    expect(text(heading)).to.equal(text([...doc.querySelectorAll('[ID="test1"]')][0]!));
  });

  it('a planned vaccine in the plan of care is named by its vaccine, not "Unknown item"', async () => {
    // no fixture plans a vaccine: plan the real one of the influenza example (moodCode INT) in a plan-of-care section
    const source = parse(await load('sections/immunization-influenza.xml'));
    const sa = source.getElementsByTagNameNS('*', 'substanceAdministration')[0]!;
    expect(source.getElementsByTagName('parsererror').length).to.equal(0);
    sa.setAttribute('moodCode', 'INT');
    // a plan is still to be carried out
    sa.getElementsByTagNameNS('*', 'statusCode')[0]?.setAttribute('code', 'active');
    const vaccine = sa.getElementsByTagNameNS('*', 'manufacturedMaterial')[0]!.getElementsByTagNameNS('*', 'code')[0]!;
    const names = [vaccine.getAttribute('displayName'), text(vaccine.getElementsByTagNameNS('*', 'originalText')[0])].filter(Boolean);
    const xml = `<section xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><code code="18776-5" codeSystem="2.16.840.1.113883.6.1"/><entry>${new XMLSerializer().serializeToString(sa)}</entry></section>`;
    const el = await show(xml);
    const rows = entries(el, 'carePlan');
    expect(rows).to.have.length(1);
    expect(text(rows[0])).not.to.contain('Unknown item');
    expect(names.some((n) => text(rows[0]).includes(n!.replace(/\s+/g, ' ')))).to.equal(true);
  });

  /** A C-CDA time's calendar day as the summary writes it (the date as written, whatever the offset). */
  const day = (hl7: string) =>
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(+hl7.slice(0, 4), +hl7.slice(4, 6) - 1, +hl7.slice(6, 8)));
  const child = (el: Element | undefined, name: string) => [...(el?.children ?? [])].find((c) => c.localName === name);
  const fieldsOf = (row: Element) => Object.fromEntries([...row.querySelectorAll('.field')].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))]));

  // C-CDA on FHIR reads a Medication Activity by its mood: intended (INT) is a prescription,
  // its effectiveTime the course to take it over and its author/time when it was prescribed;
  // a history (EVN) was or is being taken over its effectiveTime, and its author recorded
  // that. Only a Medication Supply Order's author (the prescription) makes a history "prescribed".
  for (const file of ['documents/ccd-1.xml', 'documents/progress-note.xml', 'documents/discharge-summary.xml']) {
    it(`a medicine is dated by when it is or is to be taken, never "prescribed" on that date (${file})`, async () => {
      const xml = await load(file);
      const doc = parse(xml);
      // each on its own or inside a discharge medication act, not a phase of an organizer
      const activities = templated(doc, '2.16.840.1.113883.10.20.22.4.16').filter((sa) => sa.parentElement?.localName !== 'component');
      expect(activities.length).to.be.greaterThan(0);
      const el = await show(xml);
      const rows = entries(el, 'medications');
      for (const sa of activities) {
        // named by its code's display, or by the narrative its originalText points to
        const code = sa.getElementsByTagNameNS('*', 'manufacturedMaterial')[0]!.getElementsByTagNameNS('*', 'code')[0]!;
        const narrativeId = code.getElementsByTagNameNS('*', 'reference')[0]?.getAttribute('value')?.slice(1);
        const narrative = narrativeId && [...doc.getElementsByTagNameNS('*', '*')].find((e) => e.getAttribute('ID') === narrativeId);
        const name = narrative ? text(narrative) : code.getAttribute('displayName')!;
        const interval = [...sa.children].find((c) => c.localName === 'effectiveTime' && !/PIVL|EIVL/.test(c.getAttribute('xsi:type') ?? ''))!;
        const [low, high] = ['low', 'high'].map((end) => child(interval, end)?.getAttribute('value'));
        const when = low && high ? `${day(low)} to ${day(high)}` : low ? `from ${day(low)}` : day(interval.getAttribute('value')!);
        const order = [...sa.getElementsByTagNameNS('*', 'supply')].find((s) => s.getAttribute('moodCode') === 'INT' && child(s, 'author'));
        const author = child(order, 'author') ?? (sa.getAttribute('moodCode') === 'INT' ? child(sa, 'author') : undefined);
        const row = rows.filter((r) => text(r).includes(name));
        expect(row, name).to.have.length(1);
        const fields = fieldsOf(row[0]!);
        if (sa.getAttribute('moodCode') === 'EVN') {
          expect(fields, name).to.include({ Taken: when });
          expect(fields, name).not.to.have.property('To take');
          const recorded = child(child(sa, 'author'), 'time')?.getAttribute('value');
          if (recorded) expect(fields, name).to.include({ 'Reported on': day(recorded) });
        } else {
          expect(fields, name).to.include({ 'To take': when });
          expect(fields, name).not.to.have.property('Taken');
        }
        if (author) {
          expect(fields, name).to.include({ Prescribed: day(child(author, 'time')!.getAttribute('value')!) });
          expect(fields['Prescriber'], name).to.contain(text(author.getElementsByTagNameNS('*', 'family')[0]));
        } else if (sa.getAttribute('moodCode') === 'EVN') {
          expect(fields, name).not.to.have.property('Prescribed');
        } else {
          expect(fields, name).to.include({ Prescribed: 'Unknown' });
        }
      }
    });
  }

  it('a medicine given in phases is taken, or to be taken, from the first phase to the last', async () => {
    const xml = await load('sections/med-two-phase-organizer.xml');
    const phases = [...parse(xml).getElementsByTagNameNS('*', 'substanceAdministration')];
    const interval = (sa: Element) => [...sa.children].find((c) => c.localName === 'effectiveTime')!;
    const span = `${day(child(interval(phases[0]!), 'low')!.getAttribute('value')!)} to ${day(child(interval(phases[1]!), 'high')!.getAttribute('value')!)}`;
    expect(phases.map((sa) => sa.getAttribute('moodCode'))).to.deep.equal(['INT', 'INT']);
    const planned = fieldsOf(entries(await show(xml), 'medications')[0]!);
    expect(planned).to.include({ 'To take': span });
    expect(planned).not.to.have.property('Taken');
    // the same phases recorded as taken
    const taken = fieldsOf(entries(await show(xml.replaceAll('moodCode="INT"', 'moodCode="EVN"')), 'medications')[0]!);
    expect(taken).to.include({ Taken: span });
    expect(taken).not.to.have.property('To take');
  });

  it('an unstructured document (nonXMLBody) is a document whose file opens, not "no sections"', async () => {
    const xml = await load('documents/unstructured-embedded-text-plain.xml');
    const doc = parse(xml);
    const body = doc.getElementsByTagNameNS('*', 'nonXMLBody')[0]!.getElementsByTagNameNS('*', 'text')[0]!;
    const title = doc.getElementsByTagNameNS('*', 'title')[0]!.textContent!.trim();
    const expected = new TextDecoder().decode(Uint8Array.from(atob(body.textContent!.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
    const el = await show(xml);
    const rows = entries(el, 'documents');
    expect(rows).to.have.length(1);
    expect(text(rows[0]!.querySelector('.entry__name'))).to.equal(title);
    rows[0]!.querySelector<HTMLButtonElement>('.document__open')!.click();
    const shown = await waitFor(() => rows[0]!.querySelector('[data-viewer="text"]'), 'document text');
    expect(text(shown)).to.equal(expected.replace(/\s+/g, ' ').trim());
  });
});
