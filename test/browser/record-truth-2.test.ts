/**
 * What is shown is what the record says, second audit (what the clinical summary shows): a
 * visit that did not happen says so, a C-CDA entry recorded in error (`nullified`) is hidden
 * like FHIR's entered-in-error, a refused directive reads as refused, a draft medicine names
 * no prescriber, and a patient reads dose timing in words. Real fixtures from test/fixtures;
 * where none holds the case, ONE element of a real resource or statement is changed (said at
 * each). Expectations are read from the source here (JSON fields, plain DOM queries on the
 * XML), never through the code under test.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { ClinicalSummary, Role, SummarySectionKey } from '../../src/adapters/ports.js';
import { summaryFromCcda } from '../../src/adapters/ccda/ccda.js';
import { applyLocale } from '../../src/core/localization.js';
import { fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const section = (el: EngageClinicalSummary, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-section="${key}"]`);
const entries = (el: EngageClinicalSummary, key: string) => [...(section(el, key)?.querySelectorAll<HTMLElement>('[part~="entry"]') ?? [])];
const negated = (el: EngageClinicalSummary, key: string) => [...(section(el, key)?.querySelectorAll<HTMLElement>('[part~="negated-entry"]') ?? [])].map(text);
/** The fields of a row as label → value. */
const fieldsOf = (entry: Element | undefined): Record<string, string> =>
  Object.fromEntries([...(entry?.querySelectorAll('.field') ?? [])].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))]));
const resourcesOf = (bundle: Json): Json[] => bundle.entry.map((e: Json) => e.resource);

async function show(
  source: { resources?: Json[]; bundle?: Json; ccda?: string },
  options: { role?: Role; locale?: string; showInactive?: boolean } = {},
): Promise<EngageClinicalSummary> {
  const { role = 'clinician', locale = 'en-US', showInactive = false } = options;
  const bundle = source.resources ? { resourceType: 'Bundle', type: 'collection', entry: source.resources.map((resource) => ({ resource })) } : source.bundle;
  if (locale === 'es') await applyLocale('es');
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .bundle=${bundle}
    .ccda=${source.ccda}
    page-size="1000"
    .session=${{ locale, role }}
    .showInactive=${showInactive}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"]'), 'summary');
  return el;
}

/** A document, or a bare section wrapped (its `xsi:` prefix declared) as the reader wraps it. */
const parseXml = (xml: string) =>
  new DOMParser().parseFromString(
    xml.includes('<ClinicalDocument')
      ? xml
      : `<wrap xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${xml.replace(/^\s*<\?xml[^>]*\?>/, '')}</wrap>`,
    'application/xml',
  );
const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc);
const ccda = async (path: string) => (await fetch(`/test/fixtures/ccda/${path}`)).text();
const childNamed = (el: Element, name: string) => [...el.children].find((c) => c.localName === name);
const withTemplate = (el: Element, root: string) => [...el.getElementsByTagNameNS('*', 'templateId')].filter((t) => t.getAttribute('root') === root).length;

/** Sets a statement's statusCode (adding the one element where the statement has none, in its schema place). */
function setStatus(statement: Element, code: string): void {
  let status = childNamed(statement, 'statusCode');
  if (!status) {
    status = statement.ownerDocument.createElementNS('urn:hl7-org:v3', 'statusCode');
    const after = [...statement.children].filter((c) => ['templateId', 'id', 'code', 'text'].includes(c.localName)).at(-1);
    after ? after.after(status) : statement.prepend(status);
  }
  status.setAttribute('code', code);
}

/** The sections of a C-CDA document by LOINC code, and the clinical statement of each entry. */
function sectionStatements(doc: Document, loinc: string): Element[] {
  const found = [...doc.getElementsByTagNameNS('*', 'section')].find((s) => childNamed(s, 'code')?.getAttribute('code') === loinc);
  expect(found, `section ${loinc}`).to.exist;
  return [...found!.children].filter((c) => c.localName === 'entry').map((e) => e.children[0]!);
}

describe('<engage-clinical-summary> says when a FHIR visit did not happen (US Core patient 85, status changed)', function () {
  afterEach(() => applyLocale('en'));

  // Encounter.status: each code's meaning (R4 value set encounter-status), in the words shown
  const WORDS: Record<string, [string, string]> = {
    planned: ['Planned', 'Planeado'],
    arrived: ['Checked in, not seen yet', 'Ya llegó, aún no lo atienden'],
    triaged: ['Checked in, not seen yet', 'Ya llegó, aún no lo atienden'],
    'in-progress': ['In progress', 'En curso'],
    onleave: ['On leave from the hospital', 'Con permiso para salir del hospital'],
    cancelled: ['Cancelled', 'Cancelado'],
    unknown: ['Unknown', 'Desconocido'],
    finished: ['Completed', 'Completado'],
  };

  async function encounter(): Promise<Json> {
    const bundle = await fixture<Json>('fhir-r4/us-core/uscore-bundle-patient-85.json');
    const found = resourcesOf(bundle).find((r) => r.resourceType === 'Encounter')!;
    expect(found.status).to.equal('finished');
    return found;
  }

  for (const [status, [english, spanish]] of Object.entries(WORDS)) {
    it(`status ${status}: the row says "${english}" (clinician) and "${spanish}" (patient, Spanish)`, async () => {
      const source = { ...(await encounter()), status };
      const clinician = await show({ resources: [source] });
      expect(entries(clinician, 'encounters')).to.have.length(1);
      expect(fieldsOf(entries(clinician, 'encounters')[0])['Status']).to.equal(english);
      const patient = await show({ resources: [source] }, { role: 'patient', locale: 'es' });
      expect(fieldsOf(entries(patient, 'encounters')[0])['Estado']).to.equal(spanish);
    });
  }

  it('status entered-in-error: hidden like every entry recorded in error', async () => {
    const source = await encounter();
    const el = await show({ resources: [{ ...source, status: 'entered-in-error' }, { ...source, id: 'kept' }] });
    expect(entries(el, 'encounters')).to.have.length(1);
    expect(text(section(el, 'encounters'))).to.contain('1 inactive or entered-in-error entries are hidden.');
  });
});

describe('<engage-clinical-summary> says when a C-CDA visit did not happen (CCD 1, one element changed)', function () {
  async function encounterDoc(): Promise<{ doc: Document; statement: Element }> {
    const doc = parseXml(await ccda('documents/ccd-1.xml'));
    const [statement] = sectionStatements(doc, '46240-8');
    expect(statement!.localName).to.equal('encounter');
    expect(statement!.getAttribute('moodCode')).to.equal('EVN');
    return { doc, statement: statement! };
  }

  it('as recorded (an event, no status): no status words that would invent one', async () => {
    const { doc } = await encounterDoc();
    const el = await show({ ccda: serialize(doc) });
    expect(entries(el, 'encounters')).to.have.length(1);
    expect(fieldsOf(entries(el, 'encounters')[0])['Status']).to.equal(undefined);
  });

  for (const mood of ['INT', 'ARQ', 'PRP', 'APT']) {
    it(`moodCode ${mood} (not an event): "Planned"`, async () => {
      const { doc, statement } = await encounterDoc();
      statement.setAttribute('moodCode', mood);
      const el = await show({ ccda: serialize(doc) });
      expect(fieldsOf(entries(el, 'encounters')[0])['Status']).to.equal('Planned');
    });
  }

  for (const [code, words] of [
    ['cancelled', 'Cancelled'],
    ['active', 'In progress'],
    ['new', 'Planned'],
    ['completed', 'Completed'],
  ]) {
    it(`statusCode ${code} (added): "${words}"`, async () => {
      const { doc, statement } = await encounterDoc();
      setStatus(statement, code!);
      const el = await show({ ccda: serialize(doc) });
      expect(fieldsOf(entries(el, 'encounters')[0])['Status']).to.equal(words);
    });
  }
});

describe('C-CDA statusCode "nullified" marks every mapped entry type entered in error (CCD 1 and others, one statusCode changed)', function () {
  /*
   * Each case nullifies ONE statement; the entries it holds are counted from the XML: one
   * for a single statement, the member statements for a concern act or an organizer.
   */
  const cases: { file: string; loinc: string; key: SummarySectionKey; pick: (s: Element[]) => Element; count: (st: Element) => number }[] = [
    { file: 'documents/ccd-1.xml', loinc: '48765-2', key: 'allergies', pick: (s) => s[0]!, count: (st) => withTemplate(st, '2.16.840.1.113883.10.20.22.4.7') },
    { file: 'documents/ccd-1.xml', loinc: '11450-4', key: 'problems', pick: (s) => s[0]!, count: (st) => withTemplate(st, '2.16.840.1.113883.10.20.22.4.4') },
    { file: 'documents/ccd-1.xml', loinc: '46240-8', key: 'encounters', pick: (s) => s[0]!, count: () => 1 },
    { file: 'documents/ccd-1.xml', loinc: '11369-6', key: 'immunizations', pick: (s) => s[0]!, count: () => 1 },
    { file: 'documents/ccd-1.xml', loinc: '10160-0', key: 'medications', pick: (s) => s[0]!, count: () => 1 },
    { file: 'documents/ccd-1.xml', loinc: '47519-4', key: 'procedures', pick: (s) => s[0]!, count: () => 1 },
    {
      file: 'documents/ccd-1.xml', loinc: '30954-2', key: 'results', pick: (s) => s[0]!,
      count: (st) => [...st.children].filter((c) => c.localName === 'component' && childNamed(c, 'observation')).length,
    },
    {
      file: 'documents/ccd-1.xml', loinc: '8716-3', key: 'vitals', pick: (s) => s[0]!,
      count: (st) => [...st.children].filter((c) => c.localName === 'component' && childNamed(c, 'observation')).length,
    },
    { file: 'documents/ccd-1.xml', loinc: '29762-2', key: 'socialHistory', pick: (s) => s[0]!, count: () => 1 },
    { file: 'documents/ccd-1.xml', loinc: '18776-5', key: 'carePlan', pick: (s) => s[0]!, count: () => 1 },
    {
      file: 'documents/ccd-1.xml', loinc: '46264-8', key: 'devices', pick: (s) => s[0]!,
      count: (st) => [...st.children].filter((c) => c.localName === 'component' && (childNamed(c, 'supply') || childNamed(c, 'procedure'))).length,
    },
    {
      file: 'documents/ccd-1.xml', loinc: '42348-3', key: 'advanceDirectives', pick: (s) => s[0]!,
      count: (st) => [...st.children].filter((c) => c.localName === 'component' && childNamed(c, 'observation')).length,
    },
    { file: 'documents/progress-note.xml', loinc: '18776-5', key: 'goals', pick: (s) => s.find((x) => x.getAttribute('moodCode') === 'GOL')!, count: () => 1 },
    { file: 'sections/careteam-organizer.xml', loinc: '85847-2', key: 'careTeam', pick: (s) => s[0]!, count: () => 1 },
  ];

  const errorEntries = (summary: ClinicalSummary, key: SummarySectionKey) => {
    const found = summary.sections[key];
    return found?.state === 'entries' ? (found.entries as { enteredInError?: boolean }[]) : [];
  };

  for (const { file, loinc, key, pick, count } of cases) {
    it(`${key} (${file}, section ${loinc})`, async () => {
      const xml = await ccda(file);
      const doc = parseXml(xml);
      const statement = pick(sectionStatements(doc, loinc));
      const expected = count(statement);
      expect(expected, 'statements held').to.be.greaterThan(0);
      const before = errorEntries(summaryFromCcda(xml), key);
      expect(before.filter((e) => e.enteredInError)).to.have.length(0);
      setStatus(statement, 'nullified');
      const after = errorEntries(summaryFromCcda(serialize(doc)), key);
      expect(after.length, 'kept, marked, not dropped').to.equal(before.length);
      expect(after.filter((e) => e.enteredInError).length, 'entries recorded in error').to.equal(expected);
    });
  }

  for (const [file, key] of [
    ['sections/allergy-no-known-allergies.xml', 'allergies'],
    ['sections/problem-no-known.xml', 'problems'],
    ['sections/med-none.xml', 'medications'],
  ] as const) {
    it(`a "none known" statement recorded in error says nothing (${file})`, async () => {
      const xml = await ccda(file);
      expect(summaryFromCcda(xml).sections[key]?.state).to.equal('none-known');
      const doc = parseXml(xml);
      const negatedStatements = [...doc.getElementsByTagNameNS('*', '*')].filter((el) => el.getAttribute('negationInd') === 'true');
      expect(negatedStatements, 'one negated statement').to.have.length(1);
      setStatus(negatedStatements[0]!, 'nullified');
      expect(summaryFromCcda(serialize(doc)).sections[key]?.state).to.equal('not-recorded');
    });
  }

  it('a "no known allergies" concern no longer active (statusCode completed) is no current "none known", as in the banner', async () => {
    const xml = await ccda('sections/allergy-no-known-allergies.xml');
    const doc = parseXml(xml);
    const concern = [...doc.getElementsByTagNameNS('*', 'act')].find((a) => withTemplate(a, '2.16.840.1.113883.10.20.22.4.30'))!;
    expect(childNamed(concern, 'statusCode')?.getAttribute('code')).to.equal('active');
    setStatus(concern, 'completed');
    expect(summaryFromCcda(serialize(doc)).sections.allergies?.state).to.equal('not-recorded');
  });

  it('the element hides a nullified medicine and counts it among the hidden (CCD 1)', async () => {
    const xml = await ccda('documents/ccd-1.xml');
    const doc = parseXml(xml);
    const statements = sectionStatements(doc, '10160-0');
    const plain = await show({ ccda: xml });
    const shownBefore = entries(plain, 'medications').length;
    expect(shownBefore).to.equal(statements.length);
    setStatus(statements[0]!, 'nullified');
    const el = await show({ ccda: serialize(doc) });
    expect(entries(el, 'medications')).to.have.length(shownBefore - 1);
    expect(text(section(el, 'medications'))).to.contain('1 inactive or entered-in-error entries are hidden.');
  });
});

describe('<engage-clinical-summary> shows a refused advance directive as refused (NZ IPS Consent, provision.type added)', function () {
  afterEach(() => applyLocale('en'));

  for (const [locale, words] of [
    ['en-US', 'Refused'],
    ['es', 'Lo rechazó'],
  ]) {
    it(`deny reads "${words}: …", never as an ordinary directive (${locale})`, async () => {
      const bundle = await fixture<Json>('fhir-r4/ips/ips-nz-full-16-sections.json');
      const consent = resourcesOf(bundle).find((r) => r.resourceType === 'Consent')!;
      const provided = consent.provision.code[0].coding[0].display as string;
      const asRecorded = await show({ bundle }, { locale });
      expect(entries(asRecorded, 'advanceDirectives').map(text).join('|')).to.contain(provided);
      consent.provision.type = 'deny';
      const el = await show({ bundle: structuredClone(bundle) }, { locale });
      expect(entries(el, 'advanceDirectives').map(text).join('|')).not.to.contain(provided);
      const refused = negated(el, 'advanceDirectives');
      expect(refused).to.have.length(1);
      expect(refused[0]!.startsWith(`⊘ ${words}: ${provided}`), refused[0]).to.equal(true);
    });
  }
});

describe('<engage-clinical-summary> names no prescriber for a draft MedicationRequest (US Core DTR pat015)', function () {
  for (const role of ['clinician', 'patient'] as const) {
    it(`the draft says "Planned" and nothing of a prescription (${role})`, async () => {
      const resources = resourcesOf(await fixture<Json>('fhir-r4/us-core/dtr-bundle-patient-pat015.json'));
      const draft = resources.find((r) => r.resourceType === 'MedicationRequest')!;
      expect(draft.status).to.equal('draft');
      const el = await show({ resources }, { role });
      const rows = entries(el, 'medications');
      expect(rows).to.have.length(1);
      const fields = fieldsOf(rows[0]);
      expect(fields['Status']).to.equal('Planned');
      for (const label of ['Prescriber', 'Prescribed by', 'Prescribed']) expect(fields[label], label).to.equal(undefined);
      // the same request as an active order: prescribed (the test can fail both ways)
      const ordered = await show({ resources: resources.map((r) => (r === draft ? { ...r, status: 'active' } : r)) }, { role });
      expect(Object.keys(fieldsOf(entries(ordered, 'medications')[0]))).to.include('Prescribed');
    });
  }
});

describe('<engage-clinical-summary> gives a patient dose timing in words (ELGA IPS, FHIR spec discharge summary)', function () {
  afterEach(() => applyLocale('en'));

  // the words a patient reads for Timing.repeat: frequency times per (period) periodUnit
  const UNITS: Record<string, Record<string, [string, string, string]>> = {
    en: { d: ['a day', 'day', 'days'], wk: ['a week', 'week', 'weeks'] },
    es: { d: ['al día', 'día', 'días'], wk: ['a la semana', 'semana', 'semanas'] },
  };
  function words(repeat: Json, language: 'en' | 'es'): string {
    const frequency = repeat.frequency ?? 1;
    const [per, , many] = UNITS[language]![repeat.periodUnit]!;
    const times = frequency === 1 ? (language === 'en' ? 'once' : 'una vez') : language === 'en' ? `${frequency} times` : `${frequency} veces`;
    if (repeat.period === 1) return `${times} ${per}`;
    return language === 'en' ? `${times} every ${repeat.period} ${many}` : `${times} cada ${repeat.period} ${many}`;
  }
  const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const howToTake = (el: EngageClinicalSummary, label: string) => entries(el, 'medications').map((row) => fieldsOf(row)[label] ?? '');

  for (const [language, locale, label] of [
    ['en', 'en-US', 'How to take'],
    ['es', 'es', 'Cómo tomarlo'],
  ] as const) {
    it(`ELGA IPS: "10, once every 2 weeks", never "1×/2wk" (${language})`, async () => {
      const bundle = await fixture<Json>('fhir-r4/ips/ips-at-elga-01.json');
      const expected = resourcesOf(bundle)
        .filter((r) => r.resourceType === 'MedicationStatement' && r.dosage?.[0]?.timing?.repeat && !r.dosage[0].text)
        .map((r) => {
          const dose = r.dosage[0].doseAndRate?.[0]?.doseQuantity;
          return capitalized([dose && `${dose.value}${dose.unit ? ` ${dose.unit}` : ''}`, words(r.dosage[0].timing.repeat, language)].filter(Boolean).join(', '));
        });
      expect(expected).to.have.length(5);
      const el = await show({ bundle }, { role: 'patient', locale });
      const shown = howToTake(el, label);
      expect(shown.join('|')).not.to.contain('×');
      expect(shown.filter((s) => expected.includes(s)).sort()).to.deep.equal([...expected].sort());
    });

    it(`discharge summary: "1 tablet, 2 times a day" (${language})`, async () => {
      const bundle = await fixture<Json>('fhir-r4/spec-examples/document-example-dischargesummary.json');
      const request = resourcesOf(bundle).find((r) => r.resourceType === 'MedicationRequest')!;
      const [dosage] = request.dosageInstruction;
      const dose = dosage.doseAndRate[0].doseQuantity;
      // the resources without their Composition (whose discharge-medication section an IPS reader does not map)
      const el = await show({ resources: resourcesOf(bundle).filter((r) => r.resourceType !== 'Composition') }, { role: 'patient', locale });
      expect(howToTake(el, label)).to.include(capitalized(`${dose.value} ${dose.unit}, ${words(dosage.timing.repeat, language)}`));
    });
  }

  it('the clinician view keeps the record\'s compact line (ELGA IPS)', async () => {
    const bundle = await fixture<Json>('fhir-r4/ips/ips-at-elga-01.json');
    const el = await show({ bundle });
    expect(howToTake(el, 'Sig').join('|')).to.contain('×/2wk');
  });
});
