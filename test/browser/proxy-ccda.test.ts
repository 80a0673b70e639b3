/**
 * C-CDA confidentiality under the proxy policy (#18): a record a C-CDA document marks
 * restricted or very restricted (`confidentialityCode` R or V, on the document, a section
 * or an entry) is labelled like FHIR `meta.security`, so a parent of a 15-year-old does not
 * see it while the adolescent does.
 *
 * The documents are HL7's CCD 1 example with only the code set (test/fixtures/README.md):
 * `ccd-1-problems-restricted.xml` (the Problem section R) and
 * `ccd-1-document-very-restricted.xml` (the document V), and HL7's discharge summary
 * example (`discharge-summary.xml`, edited in the test where said). What a test expects to be shown
 * or withheld is read from the XML here, never through the code under test.
 */
import { expect } from '@open-wc/testing';
import { summaryFromCcda } from '../../src/adapters/ccda/ccda.js';
import type { ClinicalSummary, SummarySectionKey } from '../../src/adapters/ports.js';
import { summaryAsSeenBy, summaryHandedTo } from './proxy-summary-view.js';

const xmlOf = async (name: string) => {
  const response = await fetch(`/test/fixtures/ccda/documents/${name}`);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.text();
};
const parse = (xml: string) => new DOMParser().parseFromString(xml, 'application/xml');
const sectionByCode = (doc: Document, loinc: string) =>
  [...doc.getElementsByTagNameNS('*', 'section')].find((s) => s.querySelector(':scope > code')?.getAttribute('code') === loinc)!;

/** The names an entry's observations record (their own values, not their qualifiers'). */
const observedNames = (entry: Element) =>
  [...entry.querySelectorAll('observation > value')].map((value) => value.getAttribute('displayName') ?? '').filter(Boolean);

/**
 * The problem names the Problem section's entries record (the problem observations'
 * values), keeping only those the rest of the document never mentions, so finding one on
 * screen can only mean the problem is shown.
 */
function problemNames(xml: string): string[] {
  const doc = parse(xml);
  const section = sectionByCode(doc, '11450-4');
  const names = [...section.getElementsByTagNameNS('*', 'entry')].flatMap(observedNames);
  section.remove();
  const elsewhere = new XMLSerializer().serializeToString(doc);
  const unique = [...new Set(names)].filter((name) => !elsewhere.includes(name));
  expect(unique.length, 'problems only the Problem section names').to.be.greaterThan(0);
  return unique;
}

/** The allergens the Allergy section's entries name (participant playingEntity codes). */
function allergens(xml: string): string[] {
  const section = sectionByCode(parse(xml), '48765-2');
  return [...section.getElementsByTagNameNS('*', 'playingEntity')]
    .map((entity) => entity.querySelector(':scope > code')?.getAttribute('displayName') ?? '')
    .filter(Boolean);
}

/** The summary of `xml` as the adolescent or as his parent sees it. */
const shown = (xml: string, as: 'adolescent' | 'parent'): Promise<string> => summaryAsSeenBy(summaryFromCcda(xml), as);

describe('proxy policy: C-CDA confidentialityCode', () => {
  it('a section marked R: the parent does not see its problems, nor its narrative; the adolescent does', async () => {
    const xml = await xmlOf('ccd-1-problems-restricted.xml');
    const problems = problemNames(xml);
    const allergies = allergens(xml);
    expect(allergies.length).to.be.greaterThan(0);
    const parent = await shown(xml, 'parent');
    const teen = await shown(xml, 'adolescent');
    for (const name of problems) {
      expect(parent, name).not.to.contain(name);
      expect(teen, name).to.contain(name);
    }
    // the other sections are not restricted: the parent sees them
    for (const name of allergies) expect(parent.toLowerCase(), name).to.contain(name.toLowerCase());
  });

  it('the same document without the code shows the parent everything', async () => {
    const xml = await xmlOf('ccd-1.xml');
    const parent = await shown(xml, 'parent');
    for (const name of problemNames(xml)) expect(parent, name).to.contain(name);
  });

  it('a document marked V: the parent sees none of its records', async () => {
    const xml = await xmlOf('ccd-1-document-very-restricted.xml');
    const parent = await shown(xml, 'parent');
    const teen = await shown(xml, 'adolescent');
    for (const name of [...problemNames(xml), ...allergens(xml)]) {
      expect(parent.toLowerCase(), name).not.to.contain(name.toLowerCase());
      expect(teen.toLowerCase(), name).to.contain(name.toLowerCase());
    }
  });

  it('a document marked V: the parent does not see its functional status findings (read as results) either', async () => {
    const xml = await xmlOf('ccd-1-document-very-restricted.xml');
    const section = sectionByCode(parse(xml), '47420-5');
    // the findings' values the document names once (in their own entry), so finding one on screen means it is shown
    const findings = [...section.getElementsByTagNameNS('*', 'entry')]
      .flatMap(observedNames)
      .filter((name) => xml.split(`displayName="${name}"`).length - 1 === 1 && name.includes(' '));
    expect(findings.length, 'functional status findings').to.be.greaterThan(0);
    const parent = (await shown(xml, 'parent')).toLowerCase();
    const teen = (await shown(xml, 'adolescent')).toLowerCase();
    for (const name of findings) {
      expect(parent, name).not.to.contain(name.toLowerCase());
      expect(teen, name).to.contain(name.toLowerCase());
    }
  });

  it('an entry with a DS4P security observation (ActCode ETH) is withheld, its section kept', async () => {
    // CCD 1 with its first allergy annotated as substance use information (a DS4P privacy
    // annotation), added here: no public C-CDA 2.1 example carries one
    const source = await xmlOf('ccd-1.xml');
    const doc = parse(source);
    const entries = [...sectionByCode(doc, '48765-2').getElementsByTagNameNS('*', 'entry')];
    const allergenOf = (entry: Element) =>
      [...entry.getElementsByTagNameNS('*', 'playingEntity')].map((e) => e.querySelector(':scope > code')?.getAttribute('displayName') ?? '');
    const [target, ...others] = entries;
    const withheld = allergenOf(target!);
    const kept = others.flatMap(allergenOf);
    // each allergen is named by its own entry only
    for (const name of [...withheld, ...kept]) expect(source.split(`displayName="${name}"`).length - 1, name).to.equal(1);
    expect(withheld.length).to.be.greaterThan(0);
    expect(kept.length).to.be.greaterThan(0);
    const annotation = parse(`<entryRelationship xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" typeCode="COMP">
      <observation classCode="OBS" moodCode="EVN">
        <templateId root="2.16.840.1.113883.3.445.21"/>
        <code code="SECCATOBS" codeSystem="2.16.840.1.113883.1.11.20457"/>
        <value xsi:type="CE" code="ETH" codeSystem="2.16.840.1.113883.5.4" displayName="substance abuse information sensitivity"/>
      </observation>
    </entryRelationship>`).documentElement;
    target!.firstElementChild!.appendChild(doc.importNode(annotation, true));
    const xml = new XMLSerializer().serializeToString(doc);
    const parent = (await shown(xml, 'parent')).toLowerCase();
    const teen = (await shown(xml, 'adolescent')).toLowerCase();
    for (const name of withheld) {
      expect(parent, name).not.to.contain(name.toLowerCase());
      expect(teen, name).to.contain(name.toLowerCase());
    }
    for (const name of kept) expect(parent, name).to.contain(name.toLowerCase());
  });

  describe('a text-only section marked R: its narrative goes with its label', () => {
    /** Text as a reader gets it: whitespace collapsed. */
    const words = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();
    /** The words of a section's `<text>` in the XML. */
    const narrativeWords = (section: Element) => words(section.querySelector(':scope > text')?.textContent);
    /** The words of the narrative a summary section carries (its XHTML as text). */
    const carried = (summary: ClinicalSummary, key: SummarySectionKey) => {
      const section = summary.sections[key];
      const html = section && 'narrative' in section ? section.narrative : undefined;
      return words(html ? new DOMParser().parseFromString(html, 'text/html').body.textContent : '');
    };
    const hasTemplate = (section: Element, root: string) =>
      [...section.children].some((c) => c.localName === 'templateId' && c.getAttribute('root')?.replace(/\.1$/, '') === root);
    /** Marks a section restricted (`confidentialityCode` R, after its title as the schema orders it) and removes its entries. */
    function restrictTextOnly(doc: Document, section: Element): void {
      for (const entry of [...section.children].filter((c) => c.localName === 'entry')) entry.remove();
      section.querySelector(':scope > confidentialityCode')?.remove();
      const code = doc.createElementNS('urn:hl7-org:v3', 'confidentialityCode');
      code.setAttribute('code', 'R');
      code.setAttribute('codeSystem', '2.16.840.1.113883.5.25');
      section.querySelector(':scope > title')!.after(code);
    }

    it("discharge summary, discharge diagnosis section R without entries: the parent is not handed its diagnosis, the admission diagnosis's narrative is", async () => {
      const doc = parse(await xmlOf('discharge-summary.xml'));
      const sections = [...doc.getElementsByTagNameNS('*', 'section')];
      const discharge = sections.find((s) => hasTemplate(s, '2.16.840.1.113883.10.20.22.2.24'))!;
      const admission = sections.find((s) => hasTemplate(s, '2.16.840.1.113883.10.20.22.2.43'))!;
      // the example's discharge diagnosis repeats its admission one (Appendicitis): give it its
      // own words, the diagnosis an adolescent's confidential care is about
      discharge.querySelector(':scope > text > content')!.textContent = 'Major depressive disorder, single episode';
      restrictTextOnly(doc, discharge);
      const withheld = narrativeWords(discharge);
      const xml = new XMLSerializer().serializeToString(doc);
      expect(xml.split(withheld).length - 1, 'only the discharge diagnosis says it').to.equal(1);
      const kept = narrativeWords(admission);
      expect(kept.length).to.be.greaterThan(0);
      const allergyWords = narrativeWords(sections.find((s) => hasTemplate(s, '2.16.840.1.113883.10.20.22.2.6'))!);

      const parent = await summaryHandedTo(summaryFromCcda(xml), 'parent');
      const teen = await summaryHandedTo(summaryFromCcda(xml), 'adolescent');
      expect(carried(parent, 'problems')).not.to.contain(withheld);
      expect(carried(teen, 'problems')).to.contain(withheld);
      // the unrestricted narratives, in the same summary section and in another, stay
      expect(carried(parent, 'problems')).to.contain(kept);
      expect(carried(parent, 'allergies')).to.contain(allergyWords);
      expect(await shown(xml, 'parent')).not.to.contain(withheld);
    });

    it('CCD 1, Problem section R without entries: the parent neither sees nor is handed its narrative; the adolescent sees it', async () => {
      const doc = parse(await xmlOf('ccd-1.xml'));
      const problemSection = sectionByCode(doc, '11450-4');
      restrictTextOnly(doc, problemSection);
      // the narrative's lines that only the Problem section's text says (its problems, dated)
      const lines = [...problemSection.querySelectorAll('text item')]
        .filter((item) => !item.querySelector('list'))
        .map((item) => words(item.textContent));
      const rest = doc.cloneNode(true) as Document;
      sectionByCode(rest, '11450-4').querySelector(':scope > text')!.remove();
      const elsewhere = words(new XMLSerializer().serializeToString(rest));
      const withheld = lines.filter((line) => !elsewhere.includes(line));
      expect(withheld.length, 'lines only the Problem narrative says').to.be.greaterThan(0);
      const functional = narrativeWords(sectionByCode(doc, '47420-5'));
      const allergyWords = narrativeWords(sectionByCode(doc, '48765-2'));
      const xml = new XMLSerializer().serializeToString(doc);

      const parent = await summaryHandedTo(summaryFromCcda(xml), 'parent');
      const teen = await summaryHandedTo(summaryFromCcda(xml), 'adolescent');
      const parentScreen = await shown(xml, 'parent');
      const teenScreen = await shown(xml, 'adolescent');
      for (const line of withheld) {
        expect(carried(parent, 'problems'), line).not.to.contain(line);
        expect(words(parentScreen), line).not.to.contain(line);
        expect(carried(teen, 'problems'), line).to.contain(line);
        expect(words(teenScreen), line).to.contain(line);
      }
      // the functional status narrative (read into the same summary section) and the
      // allergies' are not restricted: the parent keeps them
      expect(carried(parent, 'problems')).to.contain(functional);
      expect(carried(parent, 'allergies')).to.contain(allergyWords);
    });
  });
});
