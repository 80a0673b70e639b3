/**
 * A discharge summary's hospital admission and discharge diagnoses (C-CDA sections
 * 2.16.840.1.113883.10.20.22.2.43 and .2.24) are shown among the problems, each row saying
 * which it is, in English and Spanish; a diagnosis section with only its narrative shows
 * that narrative. Expectations are read from the XML here with plain DOM queries.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { waitFor } from './helpers.js';

const ADMISSION = '2.16.840.1.113883.10.20.22.2.43';
const DISCHARGE = '2.16.840.1.113883.10.20.22.2.24';
const PROBLEM_OBSERVATION = '2.16.840.1.113883.10.20.22.4.4';

/** The words each kind is shown with, by language. */
const KIND_WORDS: Record<string, Record<string, string>> = {
  en: { admission: 'When admitted to the hospital', discharge: 'When leaving the hospital' },
  es: { admission: 'Al ingresar al hospital', discharge: 'Al salir del hospital' },
};

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const childrenNamed = (el: Element, name: string) => [...el.children].filter((c) => c.localName === name);
const templated = (el: Element, root: string) => childrenNamed(el, 'templateId').some((t) => t.getAttribute('root') === root);
const sectionsOf = (doc: Document, root: string) => [...doc.getElementsByTagNameNS('*', 'section')].filter((s) => templated(s, root));

/** The diagnoses (names) of a section, from its problem observations. */
function diagnosesOf(section: Element): string[] {
  return [...section.getElementsByTagNameNS('*', 'observation')]
    .filter((o) => templated(o, PROBLEM_OBSERVATION))
    .map((o) => childrenNamed(o, 'value')[0]!.getAttribute('displayName')!);
}

async function load(): Promise<string> {
  return (await fetch('/test/fixtures/ccda/documents/discharge-summary.xml', { cache: 'no-store' })).text();
}

async function show(xml: string, locale: string): Promise<EngageClinicalSummary> {
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .ccda=${xml}
    page-size="1000"
    .session=${{ locale, role: 'clinician' }}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"]'), 'summary');
  return el;
}

const problemRows = (el: EngageClinicalSummary) => [...(el.shadowRoot!.querySelector('[data-section="problems"]')?.querySelectorAll('[part~="entry"]') ?? [])];

describe('<engage-clinical-summary> C-CDA admission and discharge diagnoses', function () {
  for (const lang of ['en', 'es']) {
    it(`shows each admission and discharge diagnosis as a problem saying which it is (${lang})`, async () => {
      const xml = await load();
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const wanted = [
        ...sectionsOf(doc, ADMISSION).flatMap((s) => diagnosesOf(s).map((name) => ({ name, kind: 'admission' }))),
        ...sectionsOf(doc, DISCHARGE).flatMap((s) => diagnosesOf(s).map((name) => ({ name, kind: 'discharge' }))),
      ];
      expect(wanted.some((d) => d.kind === 'admission'), 'an admission diagnosis in the source').to.equal(true);
      expect(wanted.some((d) => d.kind === 'discharge'), 'a discharge diagnosis in the source').to.equal(true);
      const el = await show(xml, lang === 'es' ? 'es' : 'en-US');
      // Spanish loads on demand: wait for a word the rows already had before ("Onset")
      const onset = lang === 'es' ? 'Inicio' : 'Onset';
      await waitFor(() => problemRows(el).some((row) => text(row).includes(onset)), `rows in ${lang}`);
      const rows = problemRows(el).map(text);
      for (const { name, kind } of wanted) {
        const words = KIND_WORDS[lang]![kind]!;
        const matching = rows.filter((row) => row.includes(name) && row.includes(words));
        expect(matching.length, `${name}: ${words}`).to.equal(wanted.filter((d) => d.name === name && d.kind === kind).length);
      }
      await expect(el).to.be.accessible();
    });
  }

  it('a diagnosis section with only its narrative shows that narrative', async () => {
    const doc = new DOMParser().parseFromString(await load(), 'application/xml');
    const section = sectionsOf(doc, DISCHARGE)[0]!;
    for (const entry of childrenNamed(section, 'entry')) entry.remove();
    const narrative = text(childrenNamed(section, 'text')[0]);
    expect(narrative.length).to.be.greaterThan(0);
    const el = await show(new XMLSerializer().serializeToString(section), 'en-US');
    const problems = el.shadowRoot!.querySelector('[data-section="problems"]');
    await waitFor(() => problems?.querySelector('.narrative')?.textContent?.includes(narrative), 'the narrative');
    expect(problemRows(el).length).to.equal(0);
  });
});
