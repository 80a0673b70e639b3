/**
 * Completeness: for every fixture, every clinically relevant entry of the source — each
 * active condition, active medication, active allergy, immunization, and the latest
 * result of each test — appears in the rendered summary with its date and value.
 * Expectations are counted here from the source JSON / XML with simple direct logic,
 * independently of the mapping code under test.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { demoData, fhirEndpoints, fixture, setTimeZone, waitFor } from './helpers.js';
import { IPS_FILES } from './fixture-lists.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** What must be visible: a section, a name, and the date and value texts that go with it. */
interface Expected {
  section: string;
  name: string;
  /** Other names the source gives the same thing (C-CDA original text beside the code's display). */
  alt?: string[];
  date?: string;
  /** Any of these value texts (ties at the latest time may show either). */
  values?: string[];
}

const LOCALE = 'en-US';
/** SNOMED CT "no known allergy" and its drug, food, environmental and latex variants. */
const NO_KNOWN_ALLERGY = ['716186003', '409137002', '429625007', '428607008', '1003774007'];
const dateOnly = (value: string) => {
  const [y, m, d] = value.split('-').map(Number);
  if (d === undefined) {
    return m === undefined
      ? String(y)
      : new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(y!, m - 1, 1));
  }
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d));
};
/** The date as a reader sees it: the calendar date as written, in the source's own offset. */
export function shownDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return dateOnly(value.slice(0, 10));
}
const number = (value: number) => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 }).format(value);
const conceptText = (concept: Json | undefined): string | undefined =>
  concept?.text ?? concept?.coding?.find((c: Json) => c.display)?.display ?? concept?.coding?.[0]?.code;

/**
 * A vaccine as the product given: its trade name with the generic beside it when the record
 * has one (Canada's CVC codes), the generic when it lists the antigens of a combination,
 * else as any concept.
 */
function vaccineText(concept: Json): string | undefined {
  if (concept.text) return concept.text;
  const inSystem = (kind: string) => concept.coding?.find((c: Json) => c.system?.endsWith(`/${kind}`) && c.display && c.display !== 'unspecified')?.display;
  const [trade, generic] = [inSystem('TradeName'), inSystem('Generic')];
  if (trade) return generic ? `${trade} (${generic})` : trade;
  const antigens = concept.coding?.filter((c: Json) => c.system?.endsWith('/AntigenIgAntitoxin')).length ?? 0;
  return (antigens > 1 && generic) || conceptText(concept);
}

function valueTexts(resource: Json): string[] {
  if (resource.valueQuantity?.value !== undefined) return [number(resource.valueQuantity.value)];
  if (resource.valueCodeableConcept) return [conceptText(resource.valueCodeableConcept)!];
  if (typeof resource.valueString === 'string') return [resource.valueString];
  if (Array.isArray(resource.component)) {
    return [resource.component.map((c: Json) => (c.valueQuantity ? number(c.valueQuantity.value) : '')).filter(Boolean)[0] ?? ''];
  }
  return [];
}

/** Expected entries counted straight from FHIR resources (a Synthea bundle or an IPS document). */
function expectedFromFhir(
  resources: Json[],
  options: { allObservations?: boolean; observationSection?: (o: Json) => string | undefined; fullUrls?: Map<string, Json> } = {},
): Expected[] {
  const expected: Expected[] = [];
  // a transaction's references may name a resource by its entry's fullUrl (`urn:uuid:…`)
  const byRef = new Map<string, Json>(options.fullUrls);
  for (const r of resources) byRef.set(`${r.resourceType}/${r.id}`, r);
  for (const r of resources) {
    const status = (field: Json | undefined) => field?.coding?.[0]?.code;
    // a Condition that records an absence ("no current problems") is not a problem
    const absentProblem = r.code?.coding?.some((c: Json) => /absent-unknown/.test(c.system ?? '') || c.code === '160245001');
    if (r.resourceType === 'Condition' && !absentProblem && status(r.clinicalStatus) === 'active' && status(r.verificationStatus) !== 'entered-in-error') {
      expected.push({ section: 'problems', name: conceptText(r.code)!, date: shownDate(r.onsetDateTime ?? r.onsetPeriod?.start) });
    }
    // negated records (do-not-give, not done) are never facts: clinical-summary.negation.test.ts counts them
    if ((r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') && r.status === 'active' && r.doNotPerform !== true) {
      const reference = r.medicationReference?.reference;
      const medication = r.medicationCodeableConcept ?? (byRef.get(reference) ?? byRef.get(reference?.replace(/^.*?(Medication\/)/, 'Medication/')))?.code;
      const name = conceptText(medication) ?? r.medicationReference?.display;
      expected.push({ section: 'medications', name, date: shownDate(r.authoredOn ?? r.effectiveDateTime ?? r.effectivePeriod?.start) });
    }
    if (r.resourceType === 'AllergyIntolerance' && (status(r.clinicalStatus) ?? 'active') === 'active') {
      const name = conceptText(r.code);
      const absent = r.code?.coding?.some((c: Json) => /absent-unknown/.test(c.system ?? '') || NO_KNOWN_ALLERGY.includes(c.code));
      if (!absent) expected.push({ section: 'allergies', name: name!, date: shownDate(r.onsetDateTime) });
    }
    if (r.resourceType === 'Immunization' && r.status !== 'entered-in-error' && r.status !== 'not-done') {
      const absent = r.vaccineCode?.coding?.some((c: Json) => /absent-unknown/.test(c.system ?? ''));
      if (!absent) expected.push({ section: 'immunizations', name: vaccineText(r.vaccineCode)!, date: shownDate(r.occurrenceDateTime) });
    }
  }
  // the latest result of each test (grouped by first code), among observations with a value
  const observations = resources.filter(
    (r) => r.resourceType === 'Observation' && !['entered-in-error', 'cancelled'].includes(r.status) && (options.allObservations || r.category),
  );
  const groups = new Map<string, Json[]>();
  for (const o of observations) {
    const coding = o.code?.coding?.find((c: Json) => c.code);
    const key = coding ? `${coding.system}|${coding.code}` : conceptText(o.code);
    const categories = (o.category ?? []).flatMap((c: Json) => (c.coding ?? []).map((x: Json) => x.code));
    const section =
      options.observationSection?.(o) ??
      (categories.includes('vital-signs') ? 'vitals' : categories.includes('social-history') ? 'socialHistory' : 'results');
    groups.set(`${section}#${key}`, [...(groups.get(`${section}#${key}`) ?? []), o]);
  }
  for (const [key, list] of groups) {
    const time = (o: Json) => Date.parse(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued ?? '') || -Infinity;
    const latest = Math.max(...list.map(time));
    const tied = list.filter((o) => time(o) === latest);
    const values = tied.flatMap(valueTexts).filter(Boolean);
    if (!values.length) continue;
    const first = tied[0]!;
    expected.push({
      section: key.split('#')[0]!,
      name: conceptText(first.code)!,
      date: shownDate(first.effectiveDateTime ?? first.effectivePeriod?.start ?? first.issued),
      values,
    });
  }
  return expected;
}

/** Renders, expands every "show all", and returns each section's entry texts. */
async function renderedEntries(el: EngageClinicalSummary): Promise<Map<string, string[]>> {
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"]'), 'summary sections');
  for (;;) {
    const more = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-show-all]');
    if (!more) break;
    more.click();
    await el.updateComplete;
  }
  const entries = new Map<string, string[]>();
  for (const section of el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="section"]')) {
    entries.set(
      section.dataset.section!,
      [...section.querySelectorAll('[part~="entry"]')].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ')),
    );
  }
  return entries;
}

/** Asserts every expected item is in its section with its date and value; returns the count. */
function assertComplete(entries: Map<string, string[]>, expected: Expected[], what: string): number {
  const missing: string[] = [];
  for (const item of expected) {
    const rows = entries.get(item.section) ?? [];
    const found = rows.some(
      (row) =>
        [item.name, ...(item.alt ?? [])].some((name) => row.includes(name.trim().replace(/\s+/g, ' '))) &&
        (!item.date || row.includes(item.date)) &&
        (!item.values || item.values.some((v) => row.includes(v))),
    );
    if (!found) {
      missing.push(`${item.section}: ${item.name} ${item.date ?? ''} ${item.values?.join('|') ?? ''}`);
      console.log(`${what} ${item.section} shows:\n  ${rows.join('\n  ')}`);
    }
  }
  expect(missing, `${what}: entries missing from the rendered summary`).to.deep.equal([]);
  return expected.length;
}

const SYNTHEA = [
  'synthea-buster-hoeger-ad2e3fc5.json',
  'synthea-carla-echevarria-9a628ccd.json',
  'synthea-dennis-durgan-78f005f3.json',
  'synthea-jill-tillman-c4b7d178.json',
  'synthea-kermit-trantow-f1a650a5.json',
  'synthea-vito-feeney-63dd4423.json',
];

/** The demo's own current data for a Synthea patient (demo/data/README.md), by Synthea file. */
const DEMO_ADDITIONS: Record<string, string> = { 'synthea-jill-tillman-c4b7d178.json': 'demo-jill-tillman.json' };

/**
 * The resources the demo adds for a Synthea patient, as the server stored them: its dates
 * are relative to the server's clock at seeding (`$now-6d`), so they are read back by id.
 */
async function demoAdditions(fhirUrl: string, file: string): Promise<Json[]> {
  const extra = DEMO_ADDITIONS[file];
  if (!extra) return [];
  const bundle = await demoData<{ entry: { resource: Json }[] }>(extra);
  return Promise.all(
    bundle.entry.map(async ({ resource }) => (await fetch(`${fhirUrl}/${resource.resourceType}/${resource.id}`)).json() as Promise<Json>),
  );
}

/**
 * The US Core bundles of test/fixtures/fhir-r4/us-core. Patient 85 is seeded from demo/data;
 * the other two are not (they would change the demo), so the test stores them.
 */
const US_CORE = ['uscore-bundle-patient-85.json', 'pdex-bundle-patient-999.json', 'dtr-bundle-patient-pat015.json'];
const SEEDED = ['uscore-bundle-patient-85.json'];

/**
 * Stores a fixture transaction on the live server with every entry as `PUT Type/id` under
 * the resource's own id, so storing it again (another run in the same server life) updates
 * the same resources: a `POST` entry (the DTR bundle has 18) would be given a new id each
 * time and the record would be read twice. Only for bundles whose references already name
 * `Type/id` (the pdex and DTR bundles), which the server keeps as written.
 */
async function storeUnderOwnIds(fhirUrl: string, bundle: { entry: { resource: Json }[] }): Promise<void> {
  const transaction = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: bundle.entry.map(({ resource }) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })),
  };
  const response = await fetch(fhirUrl, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(transaction) });
  if (!response.ok) throw new Error(`storing the bundle: HTTP ${response.status} ${await response.text()}`);
}

/** IPS Bundles with entries to count: not the two whose required sections say no information. */
const IPS = IPS_FILES.filter((file) => !file.includes('emptyreason') && !file.includes('no-info'));

describe('<engage-clinical-summary> completeness', function () {
  for (const file of SYNTHEA) {
    it(`shows every active problem, active medicine, allergy, vaccine and latest result of ${file} from the live FHIR server`, async () => {
      const { fhirUrl } = await fhirEndpoints();
      const bundle = await demoData<{ entry: { resource: Json }[] }>(file);
      const resources = bundle.entry.map((e) => e.resource);
      const patient = resources.find((r) => r.resourceType === 'Patient')!;
      resources.push(...(await demoAdditions(fhirUrl, file)));
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: `Patient/${patient.id}`, locale: LOCALE, role: 'clinician' }}
      ></engage-clinical-summary>`);
      const entries = await renderedEntries(el);
      const count = assertComplete(entries, expectedFromFhir(resources), file);
      expect(count).to.be.greaterThan(5);
      console.log(`completeness ${file}: ${count} entries checked`);
    });
  }

  for (const file of US_CORE) {
    it(`shows every active problem, active medicine, allergy, vaccine and latest result of US Core ${file} from the live FHIR server`, async () => {
      const { fhirUrl } = await fhirEndpoints();
      const bundle = await fixture<{ entry: { fullUrl?: string; resource: Json }[] }>(`fhir-r4/us-core/${file}`);
      const resources = bundle.entry.map((e) => e.resource);
      const patient = resources.find((r) => r.resourceType === 'Patient')!;
      if (!SEEDED.includes(file)) await storeUnderOwnIds(fhirUrl, bundle);
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
        .session=${{ patient: `Patient/${patient.id}`, locale: LOCALE, role: 'clinician' }}
      ></engage-clinical-summary>`);
      const fullUrls = new Map(bundle.entry.filter((e) => e.fullUrl).map((e) => [e.fullUrl!, e.resource]));
      const count = assertComplete(await renderedEntries(el), expectedFromFhir(resources, { fullUrls }), file);
      expect(count).to.be.greaterThan(5);
      console.log(`completeness US Core ${file}: ${count} entries checked`);
    });
  }

  // the DTR record's results carry only the time they were issued, at +01:00: 15:30 there is the next day at UTC+14
  for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
    it(`shows every entry of the US Core DTR patient with the dates as written in ${zone}`, async () => {
      const { fhirUrl } = await fhirEndpoints();
      const bundle = await fixture<{ entry: { resource: Json }[] }>('fhir-r4/us-core/dtr-bundle-patient-pat015.json');
      await storeUnderOwnIds(fhirUrl, bundle);
      const resources = bundle.entry.map((e) => e.resource);
      // stored again (each test stores it): the server holds each of its resources once
      const held = (await (await fetch(`${fhirUrl}/Observation?patient=Patient/pat015&_count=1000`)).json()) as Json;
      expect(held.entry?.length).to.equal(resources.filter((r) => r.resourceType === 'Observation').length);
      await setTimeZone(zone);
      try {
        const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
          .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
          .session=${{ patient: 'Patient/pat015', locale: LOCALE, role: 'clinician' }}
        ></engage-clinical-summary>`);
        expect(new Intl.DateTimeFormat().resolvedOptions().timeZone).to.equal(zone);
        assertComplete(await renderedEntries(el), expectedFromFhir(resources), `DTR in ${zone}`);
      } finally {
        await setTimeZone('UTC');
      }
    });
  }

  for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
    it(`shows every entry of a Synthea patient with the right dates in ${zone} (UTC${zone.endsWith('lulu') ? '-10' : '+14'})`, async () => {
      const { fhirUrl } = await fhirEndpoints();
      const resources = (await demoData<{ entry: { resource: Json }[] }>('synthea-dennis-durgan-78f005f3.json')).entry.map((e) => e.resource);
      const patient = resources.find((r) => r.resourceType === 'Patient')!;
      await setTimeZone(zone);
      try {
        const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
          .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
          .session=${{ patient: `Patient/${patient.id}`, locale: LOCALE, role: 'clinician' }}
        ></engage-clinical-summary>`);
        // the dates are the ones written, whatever the viewer's zone
        expect(new Intl.DateTimeFormat().resolvedOptions().timeZone).to.equal(zone);
        assertComplete(await renderedEntries(el), expectedFromFhir(resources), `${zone}`);
      } finally {
        await setTimeZone('UTC');
      }
    });
  }

  for (const file of IPS) {
    it(`shows every active problem, active medicine, allergy, vaccine and latest result of IPS ${file}`, async () => {
      const response = await fetch(`/test/fixtures/fhir-r4/ips/${file}`);
      const bundle = (await response.json()) as Json;
      const resources = (bundle.entry ?? []).map((e: Json) => e.resource).filter(Boolean);
      // only what the document's Composition lists is part of the summary
      const composition = resources.find((r: Json) => r.resourceType === 'Composition');
      // references by fullUrl or by Type/id; a listed DiagnosticReport brings its results
      const fullUrlOf = new Map<Json, string>((bundle.entry ?? []).map((e: Json) => [e.resource, e.fullUrl]));
      const refOf = (r: Json) => [`${r.resourceType}/${r.id}`, fullUrlOf.get(r)];
      const SECTIONS: Record<string, string> = {
        '8716-3': 'vitals',
        '29762-2': 'socialHistory',
        '10162-6': 'socialHistory',
        '30954-2': 'results',
      };
      const listed = new Map<string, string>();
      for (const section of composition?.section ?? []) {
        const key = SECTIONS[section.code?.coding?.[0]?.code] ?? 'other';
        for (const entry of section.entry ?? []) listed.set(entry.reference, key);
      }
      for (const r of resources) {
        const key = refOf(r).map((ref) => listed.get(ref!)).find(Boolean);
        if (r.resourceType === 'DiagnosticReport' && key) for (const x of r.result ?? []) listed.set(x.reference, key);
      }
      const keyOf = (r: Json) => refOf(r).map((ref) => listed.get(ref!)).find(Boolean);
      const inDocument = resources.filter((r: Json) => keyOf(r) || r.resourceType === 'Medication');
      // medications may point at a Medication by its fullUrl
      for (const r of inDocument) {
        const target = resources.find((m: Json) => fullUrlOf.get(m) === r.medicationReference?.reference);
        if (target) r.medicationReference = { ...r.medicationReference, reference: `Medication/${target.id}` };
      }
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .bundle=${bundle}
        .session=${{ locale: LOCALE, role: 'clinician' }}
      ></engage-clinical-summary>`);
      const entries = await renderedEntries(el);
      const observationSection = (o: Json) => ((k) => (k === 'other' ? undefined : k))(keyOf(o));
      const expected = expectedFromFhir(inDocument, { allObservations: true, observationSection });
      const count = assertComplete(entries, expected, file);
      console.log(`completeness IPS ${file}: ${count} entries checked`);
    });
  }
});

// ---------------------------------------------------------------------------
// C-CDA: expectations read from the XML with plain DOM queries
// ---------------------------------------------------------------------------

const V3 = 'urn:hl7-org:v3';
const all = (root: Element | Document, name: string) => [...root.getElementsByTagNameNS(V3, name)];
const first = (root: Element | undefined, name: string) => (root ? all(root, name)[0] : undefined);
const own = (root: Element | undefined, name: string) => (root ? [...root.children].filter((c) => c.localName === name) : []);
const templated = (root: Document, template: string) =>
  all(root, 'templateId')
    .filter((t) => t.getAttribute('root') === template)
    .map((t) => t.parentElement!)
    .filter((el, i, list) => list.indexOf(el) === i);

/** HL7 TS → what the reader sees (a date as written; a moment in the viewer's zone). */
function shownHl7(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  if (!h) return shownDate(`${y}-${mo}-${d}`);
  const offset = zone ? `${zone.slice(0, 3)}:${zone.slice(3)}` : '';
  return shownDate(`${y}-${mo}-${d}T${h}:${mi ?? '00'}:${s ?? '00'}${offset}`);
}

/** The names a coded element gives: its display, its original text (direct or referenced), a translation's display. */
function namesOf(code: Element | undefined, doc: Document): string[] {
  if (!code) return [];
  const names = [code.getAttribute('displayName')];
  const ref = first(first(code, 'originalText'), 'reference')?.getAttribute('value');
  if (ref) names.push([...doc.querySelectorAll('*')].find((e) => e.getAttribute('ID') === ref.slice(1))?.textContent?.replace(/\s+/g, ' ').trim() ?? null);
  else names.push(first(code, 'originalText')?.textContent?.replace(/\s+/g, ' ').trim() ?? null);
  names.push(own(code, 'translation')[0]?.getAttribute('displayName') ?? null);
  return names.filter((n): n is string => !!n);
}
function nameOf(code: Element | undefined, doc: Document): { name: string; alt: string[] } | undefined {
  const [name, ...alt] = namesOf(code, doc);
  return name ? { name, alt } : undefined;
}

function expectedFromCcda(xml: string): Expected[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const expected: Expected[] = [];
  // problems: problem observations under an active concern, not negated, not resolved
  for (const obs of templated(doc, '2.16.840.1.113883.10.20.22.4.4')) {
    if (obs.getAttribute('negationInd') === 'true') continue;
    const concern = obs.parentElement?.parentElement ?? undefined;
    const concernStatus = own(concern, 'statusCode')[0]?.getAttribute('code');
    const time = own(obs, 'effectiveTime')[0];
    if (own(time, 'high')[0]?.getAttribute('value') || concernStatus === 'completed') continue;
    const name = nameOf(own(obs, 'value')[0], doc);
    if (name) expected.push({ section: 'problems', ...name, date: shownHl7(own(time, 'low')[0]?.getAttribute('value') ?? time?.getAttribute('value')) });
  }
  // medications: active medication activities, not negated
  for (const sa of templated(doc, '2.16.840.1.113883.10.20.22.4.16')) {
    if (sa.getAttribute('negationInd') === 'true' || sa.parentElement?.localName !== 'entry') continue;
    if (own(sa, 'statusCode')[0]?.getAttribute('code') !== 'active') continue;
    const name = nameOf(first(first(sa, 'manufacturedMaterial'), 'code'), doc);
    if (name) expected.push({ section: 'medications', ...name });
  }
  // allergies: allergy observations, not negated, under an active concern
  for (const obs of templated(doc, '2.16.840.1.113883.10.20.22.4.7')) {
    if (obs.getAttribute('negationInd') === 'true') continue;
    const concern = obs.parentElement?.parentElement ?? undefined;
    if (own(concern, 'statusCode')[0]?.getAttribute('code') === 'completed') continue;
    const name = nameOf(first(first(obs, 'playingEntity'), 'code'), doc);
    if (name) expected.push({ section: 'allergies', ...name });
  }
  // immunizations given
  for (const sa of templated(doc, '2.16.840.1.113883.10.20.22.4.52')) {
    if (sa.getAttribute('negationInd') === 'true') continue;
    const name = nameOf(first(first(sa, 'manufacturedMaterial'), 'code'), doc);
    const time = own(sa, 'effectiveTime')[0];
    if (name) expected.push({ section: 'immunizations', ...name, date: shownHl7(time?.getAttribute('value') ?? own(time, 'low')[0]?.getAttribute('value')) });
  }
  // results and vital signs: the latest value of each test
  for (const [template, section] of [
    ['2.16.840.1.113883.10.20.22.4.2', 'results'],
    ['2.16.840.1.113883.10.20.22.4.27', 'vitals'],
  ] as const) {
    const groups = new Map<string, Element[]>();
    for (const obs of templated(doc, template)) {
      const code = own(obs, 'code')[0];
      const key = `${code?.getAttribute('codeSystem')}|${code?.getAttribute('code')}`;
      groups.set(key, [...(groups.get(key) ?? []), obs]);
    }
    for (const list of groups.values()) {
      const timeOf = (o: Element) => {
        const t = own(o, 'effectiveTime')[0];
        return t?.getAttribute('value') ?? own(t, 'low')[0]?.getAttribute('value') ?? '';
      };
      const latest = [...list].sort((a, b) => (timeOf(b).slice(0, 14) > timeOf(a).slice(0, 14) ? 1 : -1))[0]!;
      const value = own(latest, 'value')[0];
      const raw = value?.getAttribute('value');
      const name = nameOf(own(latest, 'code')[0], doc);
      if (!raw || !name) continue;
      expected.push({ section, ...name, date: shownHl7(timeOf(latest)), values: [number(Number(raw))] });
    }
  }
  return expected;
}

const CCDA = ['ccd-1.xml', 'discharge-summary.xml', 'progress-note.xml'];

describe('<engage-clinical-summary> completeness for C-CDA documents', function () {
  for (const file of CCDA) {
    it(`shows every active problem, active medicine, allergy, vaccine and latest result of ${file}`, async () => {
      const xml = await (await fetch(`/test/fixtures/ccda/documents/${file}`)).text();
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
        .ccda=${xml}
        .session=${{ locale: LOCALE, role: 'clinician' }}
      ></engage-clinical-summary>`);
      const entries = await renderedEntries(el);
      const expected = expectedFromCcda(xml);
      const count = assertComplete(entries, expected, file);
      expect(count).to.be.greaterThan(3);
      console.log(`completeness C-CDA ${file}: ${count} entries checked`);
    });
  }
});
