/**
 * C-CDA confidentiality under the proxy policy (#18): a record a C-CDA document marks
 * restricted or very restricted (`confidentialityCode` R or V, on the document, a section
 * or an entry) is labelled like FHIR `meta.security`, so a parent of a 15-year-old does not
 * see it while the adolescent does.
 *
 * The documents are HL7's CCD 1 example with only the code set (test/fixtures/README.md):
 * `ccd-1-problems-restricted.xml` (the Problem section R) and
 * `ccd-1-document-very-restricted.xml` (the document V). What a test expects to be shown
 * or withheld is read from the XML here, never through the code under test.
 */
import { expect } from '@open-wc/testing';
import { summaryFromCcda } from '../../src/adapters/ccda/ccda.js';
import { summaryAsSeenBy } from './proxy-summary-view.js';

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
});
