/**
 * A medicine request nobody ordered never reads as a prescription in
 * <engage-clinical-summary>: a MedicationRequest whose intent is `proposal`, `plan` or
 * `option` (FHIR R4 medicationrequest-intent: none of them authorizes anyone to act) says
 * "Proposed" / "Planned" / "Option" (a patient: that it is not prescribed), never "Active",
 * and names no prescriber — from live FHIR, from a FHIR Bundle / IPS and from C-CDA (a
 * substanceAdministration in mood PRP, a proposal). The words are the ones written here for
 * each intent in each role and language, never read through the code under test. Real
 * fixtures; no fixture holds such a request, so ONE element of a real record is changed (said
 * at each), and the same record unchanged is shown too, so each test can fail both ways.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { Role } from '../../src/adapters/ports.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { applyLocale } from '../../src/core/localization.js';
import { demoData, fhirEndpoints, fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: EngageClinicalSummary) => [...(el.shadowRoot!.querySelectorAll<HTMLElement>('[data-section="medications"] [part~="entry"]') ?? [])];
/** The fields of a row as label → value. */
const fieldsOf = (entry: Element | undefined): Record<string, string> =>
  Object.fromEntries([...(entry?.querySelectorAll('.field') ?? [])].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))]));
const resourcesOf = (bundle: Json): Json[] => bundle.entry.map((e: Json) => e.resource);
const PRESCRIPTION_LABELS = ['Prescriber', 'Prescribed by', 'Prescribed', 'Prescriptor', 'Recetado por', 'Recetado'];

type Locale = 'en' | 'es';
/** What the Status field says, per intent, role and language. */
const WORDS: Record<string, Record<'clinician' | 'patient', Record<Locale, string>>> = {
  proposal: { clinician: { en: 'Proposed', es: 'Propuesto' }, patient: { en: 'Suggested, not prescribed', es: 'Sugerido, no recetado' } },
  plan: { clinician: { en: 'Planned', es: 'Planeado' }, patient: { en: 'Planned, not prescribed yet', es: 'Planeado, aún no recetado' } },
  option: { clinician: { en: 'Option', es: 'Opción' }, patient: { en: 'One option, not a prescription', es: 'Una opción, no una receta' } },
  order: { clinician: { en: 'Active', es: 'Activo' }, patient: { en: 'Active', es: 'Activo' } },
};
const CASES = (['clinician', 'patient'] as const).flatMap((role) => (['en', 'es'] as const).map((locale) => ({ role, locale })));
const statusLabel = (locale: Locale) => (locale === 'es' ? 'Estado' : 'Status');

async function show(source: { bundle?: Json; ccda?: string; adapter?: unknown; patient?: string }, role: Role, locale: Locale): Promise<EngageClinicalSummary> {
  await applyLocale(locale);
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .bundle=${source.bundle}
    .ccda=${source.ccda}
    .adapter=${source.adapter}
    page-size="1000"
    .session=${{ locale: locale === 'es' ? 'es' : 'en-US', role, patient: source.patient }}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[data-section="medications"] [part~="entry"], [part~="error"]'), 'medications');
  return el;
}

describe('a FHIR MedicationRequest that is no order (US Core DTR pat015: status active, intent changed)', function () {
  afterEach(() => applyLocale('en'));

  for (const intent of Object.keys(WORDS)) {
    for (const { role, locale } of CASES) {
      it(`intent ${intent}: "${WORDS[intent]![role][locale]}" (${role}, ${locale})${intent === 'order' ? ', prescribed' : ', no prescriber'}`, async () => {
        const resources = resourcesOf(await fixture<Json>('fhir-r4/us-core/dtr-bundle-patient-pat015.json'));
        const request = resources.find((r) => r.resourceType === 'MedicationRequest')!;
        expect(request.requester.reference).to.match(/^Practitioner\//);
        Object.assign(request, { status: 'active', intent });
        const bundle = { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
        const el = await show({ bundle }, role, locale);
        expect(rows(el)).to.have.length(1);
        const fields = fieldsOf(rows(el)[0]);
        expect(fields[statusLabel(locale)]).to.equal(WORDS[intent]![role][locale]);
        const prescribed = PRESCRIPTION_LABELS.filter((label) => fields[label] !== undefined);
        if (intent === 'order') expect(prescribed.length).to.be.greaterThan(0);
        else expect(prescribed).to.deep.equal([]);
      });
    }
  }
});

describe('a FHIR proposal on hold (US Core DTR pat015: status on-hold, intent proposal)', function () {
  afterEach(() => applyLocale('en'));

  it('says it is proposed, and then its status: never "On hold" alone, which reads as a prescription paused', async () => {
    const resources = resourcesOf(await fixture<Json>('fhir-r4/us-core/dtr-bundle-patient-pat015.json'));
    Object.assign(resources.find((r) => r.resourceType === 'MedicationRequest')!, { status: 'on-hold', intent: 'proposal' });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
    expect(fieldsOf(rows(await show({ bundle }, 'clinician', 'en'))[0])['Status']).to.equal('Proposed — On hold');
    expect(fieldsOf(rows(await show({ bundle }, 'patient', 'es'))[0])['Estado']).to.equal('Sugerido, no recetado — En pausa');
  });
});

describe('a live FHIR MedicationRequest that is no order (a Synthea order copied with its intent changed, over HTTP)', function () {
  afterEach(() => applyLocale('en'));

  it('the proposal reads "Proposed" and names no prescriber; the order it was copied from stays "Active"', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const source = resourcesOf(await demoData<Json>('synthea-carla-echevarria-9a628ccd.json'));
    const patient = source.find((r) => r.resourceType === 'Patient')!;
    const name = 'Loratadine 5 MG Chewable Tablet';
    const orders = source.filter((r) => r.resourceType === 'MedicationRequest' && r.medicationCodeableConcept?.text === name);
    expect(orders.map((r) => [r.status, r.intent])).to.deep.equal([['active', 'order']]);
    // the same order read from the server, stored again as a new request: only its intent differs
    const stored = await (await fetch(`${fhirUrl}/MedicationRequest?patient=Patient/${patient.id}&_count=100`, { cache: 'no-store' })).json();
    const order = resourcesOf(stored).find((r) => r.medicationCodeableConcept?.text === name)!;
    const copy: Json = { ...order, intent: 'proposal' };
    delete copy.id;
    delete copy.meta;
    const created = await fetch(`${fhirUrl}/MedicationRequest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(copy),
    });
    expect(created.status).to.equal(201);
    const proposal = await created.json();

    const adapter = createFhirAdapter({ baseUrl: fhirUrl });
    const summary = await adapter.summary!.getSummary(`Patient/${patient.id}`, { sections: ['medications'] });
    const entries = summary.sections.medications?.state === 'entries' ? summary.sections.medications.entries : [];
    const read = entries.find((e) => e.id === `MedicationRequest/${proposal.id}`)!;
    expect(read.prescriber).to.equal(undefined);
    expect(read.proposed?.intent).to.equal('proposal');
    expect(entries.find((e) => e.id === `MedicationRequest/${order.id}`)!.prescriber).to.be.a('string');

    const el = await show({ adapter, patient: `Patient/${patient.id}` }, 'clinician', 'en');
    const named = rows(el).filter((row) => text(row.querySelector('.entry__name')).includes(name));
    expect(named.map((row) => fieldsOf(row)['Status']).sort()).to.deep.equal(['Active', 'Proposed']);
    const proposed = named.find((row) => fieldsOf(row)['Status'] === 'Proposed')!;
    expect(PRESCRIPTION_LABELS.filter((label) => fieldsOf(proposed)[label] !== undefined)).to.deep.equal([]);
  });
});

describe('an IPS MedicationRequest that is no order (Meditech IPS: the active reflex-order, intent changed)', function () {
  afterEach(() => applyLocale('en'));

  for (const intent of ['proposal', 'plan', 'option', 'reflex-order']) {
    it(`intent ${intent}: ${intent === 'reflex-order' ? 'prescribed, "Active"' : `"${WORDS[intent]!.clinician.en}", no prescriber`}`, async () => {
      const bundle = await fixture<Json>('fhir-r4/ips/ips-us-meditech-1-searchset.json');
      const request = resourcesOf(bundle).find((r) => r.resourceType === 'MedicationRequest' && r.intent === 'reflex-order')!;
      expect(request.status).to.equal('active');
      const name = request.medicationReference.display as string;
      request.intent = intent;
      const el = await show({ bundle }, 'clinician', 'en');
      const row = rows(el).find((r) => text(r.querySelector('.entry__name')).toLowerCase().includes(name.toLowerCase()));
      expect(row, name).to.exist;
      const fields = fieldsOf(row);
      expect(fields['Status']).to.equal(intent === 'reflex-order' ? 'Active' : WORDS[intent]!.clinician.en);
      expect(fields['Prescriber']).to.equal(intent === 'reflex-order' ? request.requester.display : undefined);
    });
  }
});

describe('a C-CDA medicine proposed, not ordered (HL7 example "Med oral QID with PRN": moodCode INT changed)', function () {
  afterEach(() => applyLocale('en'));

  async function section(mood: string): Promise<{ xml: string; author: string }> {
    const xml = await (await fetch('/test/fixtures/ccda/sections/med-oral-qid-prn.xml', { cache: 'no-store' })).text();
    const doc = new DOMParser().parseFromString(xml.replace('<section>', '<section xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'), 'application/xml');
    const statements = [...doc.getElementsByTagNameNS('*', 'substanceAdministration')];
    expect(statements.map((s) => s.getAttribute('moodCode'))).to.deep.equal(['INT']);
    expect(statements[0]!.querySelector('statusCode')!.getAttribute('code')).to.equal('active');
    statements[0]!.setAttribute('moodCode', mood);
    const person = statements[0]!.querySelector('author assignedPerson name')!;
    const author = ['given', 'family', 'suffix'].map((n) => person.querySelector(n)?.textContent).join(' ');
    return { xml: new XMLSerializer().serializeToString(doc), author };
  }

  for (const { role, locale } of CASES) {
    it(`moodCode PRP (a proposal): "${WORDS.proposal![role][locale]}", no prescriber (${role}, ${locale})`, async () => {
      const el = await show({ ccda: (await section('PRP')).xml }, role, locale);
      expect(rows(el)).to.have.length(1);
      const fields = fieldsOf(rows(el)[0]);
      expect(fields[statusLabel(locale)]).to.equal(WORDS.proposal![role][locale]);
      expect(PRESCRIPTION_LABELS.filter((label) => fields[label] !== undefined)).to.deep.equal([]);
    });
  }

  for (const mood of ['INT', 'RQO']) {
    it(`moodCode ${mood} (intended / requested: an order): "Active", prescribed by its author`, async () => {
      const { xml, author } = await section(mood);
      const el = await show({ ccda: xml }, 'clinician', 'en');
      const fields = fieldsOf(rows(el)[0]);
      expect(fields['Status']).to.equal('Active');
      expect(fields['Prescriber']).to.equal(author);
    });
  }
});
