/**
 * Completeness of every entry section, per source: each source entry of problems,
 * allergies, medicines, vaccines, procedures, visits, care plans, goals, care teams,
 * devices, advance directives and documents is shown — ordinary facts as entries,
 * negated records in the section's negated list — and the counts must match exactly
 * (100 %). Results, vital signs and social history are checked value by value in
 * clinical-summary.completeness.test.ts. Expected counts are read here from the source
 * JSON / XML with plain direct logic, never through the mapping under test. Every entry
 * is shown (`show-inactive`), so no status rule of the element enters the count.
 *
 * C-CDA counts every one of those sections too: plan-of-care and goals sections by their
 * activities and Goal Observations (templateId), medical equipment by its device supplies
 * and procedures (in implant organizers too), advance directives by their Advance
 * Directive Observations, and the care team by the header's service events with
 * performers and by the Care Team Organizers of a care team section (85847-2). The live FHIR records include what the demo seeds add to them.
 *
 * Intentionally not shown (counted nowhere, with why): C-CDA family history (10157-6;
 * the summary has no section for a relative's conditions) and reason for referral
 * (42349-1; a referral letter's narrative, not an entry).
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { demoData, fhirEndpoints, fixture, waitFor } from './helpers.js';
import { IPS_FILES } from './fixture-lists.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** Per section: facts and negated statements expected, and whether the source says "none known". */
type Counts = Record<string, { facts: number; negated: number; noneKnown?: boolean }>;

const SECTIONS = ['problems', 'allergies', 'medications', 'immunizations', 'procedures', 'encounters', 'carePlan', 'goals', 'careTeam', 'devices', 'advanceDirectives', 'documents'];
/** Codes that record an absence ("no known allergies", IPS absent-unknown codes): none known, never an entry. */
const ABSENT_CODES = ['716186003', '409137002', '429625007', '428607008', '1003774007', '160245001', '787481004', '260413007', '261665006', '182904002'];
const isAbsence = (concept: Json | undefined) =>
  (concept?.coding ?? []).some((c: Json) => /absent-unknown/.test(c.system ?? '') || ABSENT_CODES.includes(c.code));

/** The source states "none known" for a section (no known allergies, no medicines). */
function noneKnown(counts: Counts, section: string): void {
  counts[section] ??= { facts: 0, negated: 0 };
  counts[section]!.noneKnown = true;
}

function add(counts: Counts, section: string, negated: boolean): void {
  counts[section] ??= { facts: 0, negated: 0 };
  counts[section]![negated ? 'negated' : 'facts'] += 1;
}

/** An IPS absent-unknown code that says none: `no-known-allergies`, `no-medication-info-none`… */
const NONE_CODES = ['716186003', '409137002', '429625007', '428607008', '1003774007', '160245001', '787481004'];
const saysNone = (concept: Json | undefined) =>
  (concept?.coding ?? []).some((c: Json) => (/absent-unknown/.test(c.system ?? '') && /^no-known|none$/.test(c.code ?? '')) || NONE_CODES.includes(c.code));
/** IPS section codes whose `emptyReason` "nilknown" says none known. */
const SECTION_OF: Record<string, string> = { '11450-4': 'problems', '48765-2': 'allergies', '10160-0': 'medications', '11369-6': 'immunizations', '47519-4': 'procedures' };
const NONE_SECTIONS: Record<string, [string, string]> = {
  Condition: ['problems', 'code'],
  AllergyIntolerance: ['allergies', 'code'],
  MedicationStatement: ['medications', 'medicationCodeableConcept'],
  MedicationRequest: ['medications', 'medicationCodeableConcept'],
  Immunization: ['immunizations', 'vaccineCode'],
  Procedure: ['procedures', 'code'],
};

/** Expected entries of FHIR resources, by the meaning of each resource type. */
function expectedFromFhir(resources: Json[]): Counts {
  const counts: Counts = {};
  for (const r of resources) {
    const none = NONE_SECTIONS[r?.resourceType];
    if (none && saysNone(r[none[1]])) noneKnown(counts, none[0]);
  }
  const usedDevices = new Set(resources.filter((r) => r.resourceType === 'DeviceUseStatement').map((r) => r.device?.reference));
  for (const r of resources) {
    switch (r.resourceType) {
      case 'Condition':
        if (!isAbsence(r.code)) add(counts, 'problems', r.verificationStatus?.coding?.[0]?.code === 'refuted');
        break;
      case 'AllergyIntolerance':
        if (!isAbsence(r.code)) add(counts, 'allergies', r.verificationStatus?.coding?.[0]?.code === 'refuted');
        break;
      case 'MedicationRequest':
      case 'MedicationStatement': {
        const concept = r.medicationCodeableConcept;
        if (!isAbsence(concept)) add(counts, 'medications', r.doNotPerform === true || r.status === 'not-taken');
        break;
      }
      case 'Immunization':
        if (!isAbsence(r.vaccineCode)) add(counts, 'immunizations', r.status === 'not-done');
        break;
      case 'Procedure':
        if (!isAbsence(r.code)) add(counts, 'procedures', r.status === 'not-done' || r.status === 'stopped');
        break;
      case 'Encounter':
        add(counts, 'encounters', false);
        break;
      case 'CarePlan':
        add(counts, 'carePlan', false);
        break;
      case 'Goal':
        add(counts, 'goals', false);
        break;
      case 'CareTeam':
        add(counts, 'careTeam', false);
        break;
      case 'DeviceUseStatement':
        add(counts, 'devices', false);
        break;
      case 'Device':
        // the patient's own devices, once (a statement about one already counts it)
        if (r.patient && !usedDevices.has(`Device/${r.id}`)) add(counts, 'devices', false);
        break;
      case 'Consent':
        if ((r.category ?? []).some((c: Json) => (c.coding ?? []).some((x: Json) => ['59284-0', 'acd', 'dnr', '75320-2'].includes(x.code)))) add(counts, 'advanceDirectives', false);
        break;
      case 'DocumentReference':
        add(counts, 'documents', false);
        // an advance directive kept as a document (US Core ADI: category LOINC 42348-3) is one too
        if ((r.category ?? []).some((c: Json) => (c.coding ?? []).some((x: Json) => x.code === '42348-3'))) add(counts, 'advanceDirectives', false);
        break;
      case 'DiagnosticReport':
        // a report as written (its presented form) is a document
        if (r.presentedForm?.length) add(counts, 'documents', false);
        break;
    }
  }
  return counts;
}

/** What the element shows, per section: entries and negated statements. */
async function shownCounts(el: EngageClinicalSummary): Promise<Counts> {
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"]'), 'summary sections');
  for (;;) {
    const more = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-show-all]');
    if (!more) break;
    more.click();
    await el.updateComplete;
  }
  const counts: Counts = {};
  for (const section of el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="section"]')) {
    counts[section.dataset.section!] = {
      facts: section.querySelectorAll('[part~="entry"]').length,
      negated: section.querySelectorAll('[part~="negated-entry"]').length,
      noneKnown: !!section.querySelector('.empty--none-known'),
    };
  }
  return counts;
}

/** Asserts 100 % per section and logs the figures. */
function assertAll(source: string, expected: Counts, shown: Counts, sections = SECTIONS): void {
  const lines: string[] = [];
  const wrong: string[] = [];
  for (const key of sections) {
    const want = expected[key] ?? { facts: 0, negated: 0 };
    const got = shown[key] ?? { facts: 0, negated: 0 };
    if (want.facts + want.negated === 0 && got.facts + got.negated === 0 && !want.noneKnown) continue;
    if (want.noneKnown) lines.push(`${key} none known`);
    const total = want.facts + want.negated;
    const right = Math.min(want.facts, got.facts) + Math.min(want.negated, got.negated);
    lines.push(`${key} ${right}/${total} (${total ? ((100 * right) / total).toFixed(1) : '100.0'} %; negated ${got.negated}/${want.negated})`);
    if (want.facts !== got.facts || want.negated !== got.negated) wrong.push(`${key}: facts ${got.facts}/${want.facts}, negated ${got.negated}/${want.negated}`);
    // a "none known" statement reads as such when nothing else is listed (never as an entry, never "not recorded")
    if (want.noneKnown && want.facts === 0 && !got.noneKnown) wrong.push(`${key}: "none known" not shown`);
  }
  console.log(`completeness by section, ${source}: ${lines.join('; ')}`);
  expect(wrong, source).to.deep.equal([]);
}

const SYNTHEA = [
  'synthea-buster-hoeger-ad2e3fc5.json',
  'synthea-carla-echevarria-9a628ccd.json',
  'synthea-dennis-durgan-78f005f3.json',
  'synthea-jill-tillman-c4b7d178.json',
  'synthea-kermit-trantow-f1a650a5.json',
  'synthea-vito-feeney-63dd4423.json',
];

/** The demo's seed files that add resources to the Synthea records (demo/data/README.md). */
const DEMO_SEEDS = [
  'demo-immunization-recommendation.json',
  'demo-jill-tillman.json',
  'demo-messages.json',
  'demo-practice.json',
  // Jill's blood-pressure goal and home readings (the health tracker's demo)
  'demo-health-tracker.json',
];

describe('<engage-clinical-summary> completeness of every section', function () {
  for (const file of SYNTHEA) {
    it(`shows every entry of every section of ${file} from the live FHIR server`, async () => {
      const { fhirUrl } = await fhirEndpoints();
      const synthea = (await demoData<{ entry: { resource: Json }[] }>(file)).entry.map((e) => e.resource);
      const patient = synthea.find((r) => r.resourceType === 'Patient')!;
      // the server also holds what the demo seeds add to a record (Jill's current prescriptions)
      const seeded = (await Promise.all(DEMO_SEEDS.map((seed) => demoData<{ entry: { resource: Json }[] }>(seed))))
        .flatMap((bundle) => bundle.entry.map((e) => e.resource))
        .filter((r) => [r.subject?.reference, r.patient?.reference].includes(`Patient/${patient.id}`));
      const resources = [...synthea, ...seeded];
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        show-inactive
        page-size="100000"
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: `Patient/${patient.id}`, locale: 'en-US', role: 'clinician' }}
      ></engage-clinical-summary>`);
      assertAll(file, expectedFromFhir(resources), await shownCounts(el));
    });
  }

  it('shows every entry of every section of the US Core patient 85 bundle', async () => {
    const bundle = await fixture<Json>('fhir-r4/us-core/uscore-bundle-patient-85.json');
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
      show-inactive
      page-size="100000"
      .bundle=${bundle}
      .session=${{ locale: 'en-US', role: 'clinician' }}
    ></engage-clinical-summary>`);
    assertAll('uscore-bundle-patient-85.json', expectedFromFhir(bundle.entry.map((e: Json) => e.resource)), await shownCounts(el));
  });

  for (const file of IPS_FILES) {
    it(`shows every entry of every section of IPS ${file}`, async () => {
      const bundle = await fixture<Json>(`fhir-r4/ips/${file}`);
      const entries: Json[] = bundle.entry ?? [];
      const byRef = new Map<string, Json>();
      for (const e of entries) {
        if (!e.resource) continue;
        if (e.fullUrl) byRef.set(e.fullUrl, e.resource);
        byRef.set(`${e.resource.resourceType}/${e.resource.id}`, e.resource);
      }
      // only what the document's Composition lists is its summary (each resource once)
      const composition = entries.map((e) => e.resource).find((r) => r?.resourceType === 'Composition');
      const listed = new Set<Json>();
      const none: Counts = {};
      for (const section of composition?.section ?? []) {
        const key = SECTION_OF[section.code?.coding?.[0]?.code];
        if (key && (section.emptyReason?.coding ?? []).some((c: Json) => c.code === 'nilknown')) noneKnown(none, key);
        for (const ref of section.entry ?? []) {
          const target = byRef.get(ref.reference) ?? byRef.get(String(ref.reference).split('/').slice(-2).join('/'));
          if (target) listed.add(target);
        }
      }
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        show-inactive
        page-size="100000"
        .bundle=${bundle}
        .session=${{ locale: 'en-US', role: 'clinician' }}
      ></engage-clinical-summary>`);
      const expected = expectedFromFhir([...(composition ? listed : entries.map((e) => e.resource))]);
      for (const [key, value] of Object.entries(none)) if (value.noneKnown) noneKnown(expected, key);
      assertAll(file, expected, await shownCounts(el));
    });
  }
});

// ---------------------------------------------------------------------------
// C-CDA: counted from the XML with plain DOM queries
// ---------------------------------------------------------------------------

const byName = (root: Element | Document, name: string) => [...root.getElementsByTagNameNS('*', name)];
const own = (root: Element | undefined, name: string) => (root ? [...root.children].filter((c) => c.localName === name) : []);
const hasTemplate = (el: Element, root: string) => own(el, 'templateId').some((t) => t.getAttribute('root') === root);
/** Generic codes a "no known …" statement negates (problem, allergy, drug, substance). */
const GENERIC = ['55607006', '410942007', '419199007', '420134006', '418038007', '414285001', '416098002', '413477004', '105590001'];
const sectionsCoded = (doc: Document, code: string) =>
  byName(doc, 'section').filter((s) => own(s, 'code')[0]?.getAttribute('code') === code);
const statements = (section: Element) => own(section, 'entry').map((e) => e.firstElementChild!).filter(Boolean);

/** The sections counted for C-CDA: every entry section the element has. */
const CCDA_SECTIONS = ['problems', 'allergies', 'medications', 'immunizations', 'procedures', 'encounters', 'carePlan', 'goals', 'careTeam', 'devices', 'advanceDirectives', 'documents'];
/** Section templateIds (with and without entries required) of plan of care, goals, medical equipment, advance directives. */
const PLAN_TEMPLATES = ['2.16.840.1.113883.10.20.22.2.10', '2.16.840.1.113883.10.20.22.2.60'];
const GOAL_OBSERVATION = '2.16.840.1.113883.10.20.22.4.121';
const sectionsWith = (doc: Document, code: string, templates: string[]) =>
  byName(doc, 'section').filter((s) => own(s, 'code')[0]?.getAttribute('code') === code || templates.some((t) => hasTemplate(s, t)));

function expectedFromCcda(doc: Document): Counts {
  const counts: Counts = {};
  // problem list, past illness, the problem observations of functional status (dyspnea), and
  // a hospital stay's admission and discharge diagnoses (by code, or by template where the
  // example codes them otherwise)
  const diagnosisSections = [
    ...sectionsWith(doc, '46241-6', ['2.16.840.1.113883.10.20.22.2.43']),
    ...sectionsWith(doc, '11535-2', ['2.16.840.1.113883.10.20.22.2.24']),
  ];
  for (const section of [...['11450-4', '11348-0', '47420-5'].flatMap((code) => sectionsCoded(doc, code)), ...diagnosisSections]) {
    for (const obs of byName(section, 'observation').filter((o) => hasTemplate(o, '2.16.840.1.113883.10.20.22.4.4'))) {
      const value = own(obs, 'value')[0];
      const negated = obs.getAttribute('negationInd') === 'true';
      // "no known problems" negates the generic Problem code: none known, not an entry
      if (negated && (!value?.getAttribute('code') || GENERIC.includes(value.getAttribute('code')!))) {
        noneKnown(counts, 'problems');
        continue;
      }
      add(counts, 'problems', negated);
    }
  }
  for (const section of sectionsCoded(doc, '48765-2')) {
    for (const obs of byName(section, 'observation').filter((o) => hasTemplate(o, '2.16.840.1.113883.10.20.22.4.7'))) {
      const code = byName(obs, 'playingEntity')[0]?.getElementsByTagNameNS('*', 'code')[0]?.getAttribute('code');
      const negated = obs.getAttribute('negationInd') === 'true';
      if (negated && (!code || GENERIC.includes(code))) {
        noneKnown(counts, 'allergies');
        continue;
      }
      add(counts, 'allergies', negated);
    }
  }
  // the medicines list, and a discharge summary's discharge medications: each an act around one medicine
  for (const section of ['10160-0', '75311-1', '10183-2'].flatMap((code) => sectionsCoded(doc, code))) {
    const listed = statements(section).flatMap((s) =>
      s.localName === 'act' && hasTemplate(s, '2.16.840.1.113883.10.20.22.4.35')
        ? own(s, 'entryRelationship').flatMap((r) => own(r, 'substanceAdministration'))
        : [s],
    );
    for (const statement of listed) {
      // a medicine given in phases (an organizer) is one medicine
      if (statement.localName === 'organizer') {
        add(counts, 'medications', false);
        continue;
      }
      if (statement.localName !== 'substanceAdministration') continue;
      const code = byName(statement, 'manufacturedMaterial')[0]?.getElementsByTagNameNS('*', 'code')[0]?.getAttribute('code');
      const negated = statement.getAttribute('negationInd') === 'true';
      if (negated && (!code || GENERIC.includes(code))) {
        noneKnown(counts, 'medications');
        continue;
      }
      add(counts, 'medications', negated);
    }
  }
  for (const section of sectionsCoded(doc, '11369-6')) {
    for (const statement of statements(section).filter((s) => s.localName === 'substanceAdministration')) {
      add(counts, 'immunizations', statement.getAttribute('negationInd') === 'true');
    }
  }
  for (const section of sectionsCoded(doc, '47519-4')) {
    for (const statement of statements(section).filter((s) => ['procedure', 'act', 'observation'].includes(s.localName))) {
      const status = own(statement, 'statusCode')[0]?.getAttribute('code');
      add(counts, 'procedures', statement.getAttribute('negationInd') === 'true' || status === 'aborted' || status === 'cancelled');
    }
  }
  for (const section of sectionsCoded(doc, '46240-8')) {
    statements(section)
      .filter((s) => s.localName === 'encounter')
      .forEach(() => add(counts, 'encounters', false));
  }
  // plan of care and goals: each planned activity is a care-plan entry, each Goal Observation a goal
  const planSections = new Set([...sectionsWith(doc, '18776-5', PLAN_TEMPLATES.slice(0, 1)), ...sectionsWith(doc, '61146-7', PLAN_TEMPLATES.slice(1))]);
  for (const section of planSections) {
    for (const statement of statements(section)) add(counts, hasTemplate(statement, GOAL_OBSERVATION) ? 'goals' : 'carePlan', false);
  }
  // medical equipment: each device supply or device procedure, alone or in an organizer (implants)
  for (const section of sectionsWith(doc, '46264-8', ['2.16.840.1.113883.10.20.22.2.23'])) {
    const members = statements(section).flatMap((s) => (s.localName === 'organizer' ? own(s, 'component').map((c) => c.firstElementChild!) : [s]));
    for (const device of members.filter((m) => m && ['supply', 'procedure'].includes(m.localName))) {
      if (device.getAttribute('negationInd') === 'true') noneKnown(counts, 'devices');
      else add(counts, 'devices', false);
    }
  }
  // advance directives: each Advance Directive Observation, alone or in an organizer
  for (const section of sectionsWith(doc, '42348-3', ['2.16.840.1.113883.10.20.22.2.21', '2.16.840.1.113883.10.20.22.2.21.1'])) {
    for (const obs of byName(section, 'observation').filter((o) => hasTemplate(o, '2.16.840.1.113883.10.20.22.4.48'))) {
      if (obs.getAttribute('negationInd') === 'true') noneKnown(counts, 'advanceDirectives');
      else add(counts, 'advanceDirectives', false);
    }
  }
  // care team section (85847-2): each Care Team Organizer is one team
  for (const section of sectionsWith(doc, '85847-2', ['2.16.840.1.113883.10.20.22.2.500'])) {
    for (const organizer of statements(section).filter((s) => s.localName === 'organizer')) add(counts, 'careTeam', organizer.getAttribute('negationInd') === 'true');
  }
  // care team: the document header's care providers, one team per service event that has performers
  const root = doc.documentElement.localName === 'ClinicalDocument' ? doc.documentElement : undefined;
  for (const documentation of own(root, 'documentationOf')) {
    if (own(own(documentation, 'serviceEvent')[0], 'performer').length) add(counts, 'careTeam', false);
  }
  // an unstructured document is its one file
  if (byName(doc, 'nonXMLBody').length) add(counts, 'documents', false);
  return counts;
}

const CCDA_FILES = [
  'documents/ccd-1.xml',
  'documents/discharge-summary.xml',
  'documents/progress-note.xml',
  'documents/unstructured-embedded-text-plain.xml',
  ...[
    'allergy-drug-class-penicillins', 'allergy-drug-codeine', 'allergy-food-egg', 'allergy-no-information', 'allergy-no-known-allergies', 'careteam-organizer',
    'immunization-influenza', 'immunization-refused', 'immunization-unknown-status', 'med-free-text-sig', 'med-none',
    'med-oral-indications-instructions', 'med-oral-qid-prn', 'med-refused', 'med-two-phase-organizer', 'problem-active',
    'problem-negated-diabetes', 'problem-no-known', 'problem-resolved',
  ].map((name) => `sections/${name}.xml`),
];

describe('<engage-clinical-summary> completeness of every section, C-CDA', function () {
  for (const file of CCDA_FILES) {
    it(`shows every entry of every section of ${file}`, async () => {
      const xml = await (await fetch(`/test/fixtures/ccda/${file}`)).text();
      // a bare section leaves its xsi: and sdtc: prefixes undeclared: declare them to read the XML here
      const doc = new DOMParser().parseFromString(
        xml.includes('<ClinicalDocument') ? xml : `<wrap xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sdtc="urn:hl7-org:sdtc">${xml}</wrap>`,
        'application/xml',
      );
      expect(doc.getElementsByTagName('parsererror').length).to.equal(0);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        show-inactive
        page-size="100000"
        .ccda=${xml}
        .session=${{ locale: 'en-US', role: 'clinician' }}
      ></engage-clinical-summary>`);
      assertAll(file, expectedFromCcda(doc), await shownCounts(el), CCDA_SECTIONS);
    });
  }
});
