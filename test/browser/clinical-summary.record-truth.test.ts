/**
 * What is shown is what the record says, field by field: a vaccine's date is when it was
 * given (never when the record was made), a medication statement names who reported it
 * (never a prescriber), and a diagnosis or allergy the record does not confirm says so in
 * words. Expectations come from the FHIR R4 definitions of the fields, read here straight
 * from the source JSON, never through the mapping under test.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { Role } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: EngageClinicalSummary, key: string) =>
  [...(el.shadowRoot!.querySelector(`[data-section="${key}"]`)?.querySelectorAll('[part~="entry"]') ?? [])].map(text);
const row = (el: EngageClinicalSummary, key: string, name: string) => {
  const found = rows(el, key).filter((r) => r.includes(name));
  expect(found, `${key} row of ${name}`).to.have.length(1);
  return found[0]!;
};
/** The fields of a row as label → value. */
function fields(el: EngageClinicalSummary, key: string, name: string): Record<string, string> {
  const entry = [...el.shadowRoot!.querySelectorAll(`[data-section="${key}"] [part~="entry"]`)].find((e) => text(e).includes(name));
  return Object.fromEntries([...(entry?.querySelectorAll('.field') ?? [])].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))]));
}

async function show(resources: Json[] | Json, role: Role = 'clinician', locale = 'en-US'): Promise<EngageClinicalSummary> {
  const bundle = Array.isArray(resources)
    ? { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }
    : resources;
  if (locale === 'es') await applyLocale('es');
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary
    .bundle=${bundle}
    .session=${{ locale, role }}
    .showInactive=${true}
  ></engage-clinical-summary>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"]'), 'summary');
  return el;
}

const resourcesOf = (bundle: Json): Json[] => bundle.entry.map((e: Json) => e.resource);
const dateText = (value: string, locale = 'en-US') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value.slice(0, 10)}T00:00:00Z`));

describe('<engage-clinical-summary> shows an Immunization by when it was given', function () {
  afterEach(() => applyLocale('en'));

  it('a vaccination without occurrence[x] is never dated by when it was recorded', async () => {
    // Immunization.recorded is "the date the occurrence of the immunization was first captured
    // in the record"; occurrence[x] is when it was given. A real record (IPS, MEDITECH) given
    // in 2021 and recorded in 2024, with its occurrence left out as messy data does.
    const ips = await fixture<Json>('fhir-r4/ips/ips-us-meditech-1-searchset.json');
    const source = resourcesOf(ips).find((r) => r.resourceType === 'Immunization' && r.vaccineCode?.text === 'COVID-19 (J&J)')!;
    expect(source.recorded).to.equal('2024-08-08');
    const { occurrenceDateTime, ...undated } = source;
    const el = await show([undated, { ...source, id: 'dated', vaccineCode: { text: 'Dated vaccine' } }]);
    const shown = fields(el, 'immunizations', 'COVID-19 (J&J)');
    expect(Object.values(shown).join('|')).not.to.contain(dateText(source.recorded));
    expect(shown['Date']).to.equal('Unknown');
    // the same record with its occurrence shows that date (the test can fail both ways)
    expect(fields(el, 'immunizations', 'Dated vaccine')['Date']).to.equal(dateText(occurrenceDateTime));
    // an undated vaccination sorts after every dated one
    expect(rows(el, 'immunizations').map((r) => r.split(' Date')[0])).to.deep.equal(['Dated vaccine', 'COVID-19 (J&J)']);
  });

  it('occurrenceString is shown as written (FHIR spec example "historical")', async () => {
    const source = await fixture<Json>('fhir-r4/spec-examples/immunization-example-historical.json');
    expect(source.occurrenceString).to.equal('January 2012');
    const el = await show([source]);
    expect(fields(el, 'immunizations', source.vaccineCode.text)['Date']).to.equal('January 2012');
  });
});

describe('<engage-clinical-summary> shows a dose that is not a full one as such', function () {
  it('isSubpotent reads "Given, not a full dose" with the record\'s reason, never "Completed" (FHIR spec example)', async () => {
    const source = await fixture<Json>('fhir-r4/spec-examples/immunization-example.json');
    expect([source.status, source.isSubpotent, source.subpotentReason]).to.deep.equal(['completed', true, undefined]);
    const reason = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-subpotent-reason', code: 'coldchainbreak', display: 'Cold Chain Break' }] };
    const el = await show([
      { ...source, id: 'silent', vaccineCode: { text: 'Silent dose' } },
      { ...source, id: 'cold', vaccineCode: { text: 'Cold dose' }, subpotentReason: [reason] },
      { ...source, id: 'full', vaccineCode: { text: 'Full dose' }, isSubpotent: false },
    ]);
    expect(fields(el, 'immunizations', 'Silent dose')).to.include({ Status: 'Given, not a full dose' }).and.not.have.property('Reason');
    expect(fields(el, 'immunizations', 'Cold dose')).to.include({ Status: 'Given, not a full dose', Reason: 'Cold Chain Break' });
    expect(fields(el, 'immunizations', 'Full dose')).to.include({ Status: 'Completed' });
  });
});

describe('<engage-clinical-summary> labels a MedicationStatement as reported, not prescribed', function () {
  afterEach(() => applyLocale('en'));

  // NZ IPS: statements whose informationSource is a practitioner and dateAsserted a date
  async function losartan() {
    const ips = await fixture<Json>('fhir-r4/ips/ips-nz-iosefa-fuimaono.json');
    const statement = resourcesOf(ips).find((r) => r.id === 'Losartan-MedicationStatement')!;
    expect(statement.informationSource.display).to.equal('Dr James Test-Smith');
    expect(statement.dateAsserted).to.equal('2023-11-25');
    expect(statement.effectiveDateTime ?? statement.effectivePeriod).to.equal(undefined);
    return { ips, statement, name: statement.medicationCodeableConcept.text as string };
  }

  for (const role of ['clinician', 'patient'] as const) {
    it(`informationSource is who reported it and dateAsserted when (${role})`, async () => {
      const { ips, statement, name } = await losartan();
      const el = await show(ips, role);
      const shown = fields(el, 'medications', name);
      expect(shown).to.include({ 'Reported by': statement.informationSource.display, 'Reported on': dateText(statement.dateAsserted) });
      expect(row(el, 'medications', name)).not.to.match(/Prescri/);
    });
  }

  it('in Spanish too', async () => {
    const { ips, statement, name } = await losartan();
    const el = await show(ips, 'clinician', 'es');
    const shown = fields(el, 'medications', name);
    expect(shown).to.include({ 'Informado por': statement.informationSource.display, 'Informado el': dateText(statement.dateAsserted, 'es') });
    expect(row(el, 'medications', name)).not.to.match(/Recetad|Prescri/);
  });

  it('effective[x] is when it is taken, apart from when it was reported (IPS, Austria)', async () => {
    const ips = await fixture<Json>('fhir-r4/ips/ips-at-elga-01.json');
    const el = await show(ips);
    const statement = resourcesOf(ips).find((r) => r.resourceType === 'MedicationStatement' && typeof r.effectiveDateTime === 'string')!;
    const entries = [...el.shadowRoot!.querySelectorAll('[data-section="medications"] [part~="entry"]')].map((entry) =>
      Object.fromEntries([...entry.querySelectorAll('.field')].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))])),
    );
    const shown = entries.find((fields) => fields['Taken'] === dateText(statement.effectiveDateTime));
    expect(shown, 'a row with the statement effective date as taken').to.include({ 'Reported on': dateText(statement.dateAsserted) });
    expect(shown).not.to.have.property('Prescribed');
  });

  it('a prescription\'s course is to take it from its first dose\'s start to its last\'s end, never "taken" (FHIR spec example, a taper)', async () => {
    const request = await fixture<Json>('fhir-r4/spec-examples/medicationrequest0303.json');
    const bounds = request.dosageInstruction.map((d: Json) => d.timing.repeat.boundsPeriod);
    expect(bounds.length).to.equal(3);
    const el = await show([request]);
    const shown = fields(el, 'medications', '');
    expect(shown).to.include({ 'To take': `${dateText(bounds[0].start)} to ${dateText(bounds.at(-1).end)}`, Prescribed: dateText(request.authoredOn) });
    expect(shown).not.to.have.property('Taken');
  });

  it('a MedicationRequest keeps Prescriber and Prescribed (FHIR spec example)', async () => {
    const request = await fixture<Json>('fhir-r4/spec-examples/medicationrequest0301.json');
    const el = await show([request]);
    const shown = fields(el, 'medications', '');
    expect(shown['Prescribed']).to.equal(dateText(request.authoredOn));
    expect(Object.keys(shown)).not.to.include.members(['Reported by', 'Reported on']);
  });
});

describe('<engage-clinical-summary> says when a diagnosis or allergy is not confirmed', function () {
  afterEach(() => applyLocale('en'));

  const verified = (code: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code }] });

  // NZ IPS conditions, all confirmed in the source: three of them given the codes that do not confirm
  async function conditions(role: Role, locale = 'en-US') {
    const ips = await fixture<Json>('fhir-r4/ips/ips-nz-iosefa-fuimaono.json');
    const codes: Record<string, string> = { 'Gout-Condition': 'provisional', 'Hypertension-Condition': 'differential', 'Type2Diabetes-Condition': 'unconfirmed' };
    for (const entry of ips.entry) {
      const code = codes[entry.resource.id];
      if (code) entry.resource = { ...entry.resource, verificationStatus: verified(code) };
    }
    const el = await show(ips, role, locale);
    const status = (name: string) => fields(el, 'problems', name)[locale === 'es' ? 'Estado' : 'Status'];
    return { el, status };
  }

  it('provisional, differential and unconfirmed are said in words beside the status (clinician)', async () => {
    const { status } = await conditions('clinician');
    expect(status('Gout')).to.equal('Active — Provisional');
    expect(status('Benign essential hypertension')).to.equal('Active — Differential');
    expect(status('Type 2 diabetes mellitus')).to.equal('Active — Unconfirmed');
    // a confirmed diagnosis reads as the record states it
    expect(status('Walking aid use')).to.equal('Active');
  });

  it('in plain words for a patient, and in Spanish', async () => {
    const plain = await conditions('patient');
    expect(plain.status('Gout')).to.equal('Active — Not confirmed yet');
    expect(plain.status('Walking aid use')).to.equal('Active');
    const spanish = await conditions('clinician', 'es');
    expect(spanish.status('Gout')).to.equal('Activo — Provisional');
    expect(spanish.status('Benign essential hypertension')).to.equal('Activo — Diferencial');
    expect(spanish.status('Type 2 diabetes mellitus')).to.equal('Activo — Sin confirmar');
  });

  it('an unconfirmed allergy says so; a confirmed one does not (IPS, Hong Kong)', async () => {
    const ips = await fixture<Json>('fhir-r4/ips/ips-hk-sample-with-medication.json');
    const allergies = resourcesOf(ips).filter((r) => r.resourceType === 'AllergyIntolerance');
    const unconfirmed = allergies.find((r) => r.verificationStatus?.coding?.[0]?.code === 'unconfirmed')!;
    const confirmed = allergies.find((r) => r.verificationStatus?.coding?.[0]?.code === 'confirmed')!;
    const clinician = await show(ips);
    expect(fields(clinician, 'allergies', unconfirmed.code.text)['Status']).to.equal('Active — Unconfirmed');
    expect(fields(clinician, 'allergies', confirmed.code.text)['Status']).to.equal('Active');
    const patient = await show(ips, 'patient');
    expect(fields(patient, 'allergies', unconfirmed.code.text)['Status']).to.equal('Active — Not confirmed yet');
  });
});

describe('<engage-clinical-summary> shows a medicine taken over a period with both its ends', function () {
  afterEach(() => applyLocale('en'));

  const monthText = (value: string, locale = 'en-US') =>
    new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));

  // UK NHSX IPS: statements taken from one day until another, the end in summer time
  async function statementsWithEnds() {
    const ips = await fixture<Json>('fhir-r4/ips/ips-uk-nhsx-example-01.json');
    const statements = resourcesOf(ips).filter((r) => r.resourceType === 'MedicationStatement' && r.effectivePeriod?.end);
    expect(statements.length, 'statements with an end in the source').to.equal(2);
    const medications = new Map(resourcesOf(ips).filter((r) => r.resourceType === 'Medication').map((m) => [`Medication/${m.id}`, m]));
    const nameOf = (s: Json) => (s.medicationCodeableConcept ?? medications.get(s.medicationReference?.reference)?.code)?.coding?.[0]?.display as string;
    return { ips, statements, nameOf };
  }

  it('effectivePeriod start and end, never the start alone as if one day (IPS, UK)', async () => {
    const { ips, statements, nameOf } = await statementsWithEnds();
    const el = await show(ips);
    for (const statement of statements) {
      const { start, end } = statement.effectivePeriod;
      expect(fields(el, 'medications', nameOf(statement))['Taken']).to.equal(`${dateText(start)} to ${dateText(end)}`);
    }
  });

  it('in Spanish too', async () => {
    const { ips, statements, nameOf } = await statementsWithEnds();
    const el = await show(ips, 'clinician', 'es');
    const { start, end } = statements[0]!.effectivePeriod;
    expect(fields(el, 'medications', nameOf(statements[0]!))['Fecha de toma']).to.equal(`del ${dateText(start, 'es')} al ${dateText(end, 'es')}`);
  });

  it('a period without an end is "from" its start, and one without dates shows none (IPS examples)', async () => {
    const ips = await fixture<Json>('fhir-r4/ips/ips-ig-bundle-01.json');
    const open = resourcesOf(ips).filter((r) => r.resourceType === 'MedicationStatement' && r.effectivePeriod && !r.effectivePeriod.end);
    expect(open.length).to.be.greaterThan(0);
    // its statements name their medicine by the entry's fullUrl (`urn:uuid:…`)
    const medications = new Map<string, Json>(ips.entry.filter((e: Json) => e.resource.resourceType === 'Medication').map((e: Json) => [e.fullUrl, e.resource]));
    const el = await show(ips);
    for (const statement of open) {
      const medication = statement.medicationCodeableConcept ?? medications.get(statement.medicationReference?.reference)?.code;
      const name = medication.text ?? medication.coding[0].display;
      expect(fields(el, 'medications', name)['Taken']).to.equal(`from ${monthText(statement.effectivePeriod.start)}`);
    }
    // Austria: a period whose dates are absent (data-absent-reason) claims no date at all
    const austria = await fixture<Json>('fhir-r4/ips/ips-at-elga-01.json');
    const absent = resourcesOf(austria).filter((r) => r.resourceType === 'MedicationStatement' && r.effectivePeriod && !r.effectivePeriod.start);
    expect(absent.length, 'statements with an absent period in the source').to.equal(3);
    const shown = await show(austria);
    const taken = [...shown.shadowRoot!.querySelectorAll('[data-section="medications"] [part~="entry"]')].map((entry) =>
      Object.fromEntries([...entry.querySelectorAll('.field')].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))]))['Taken'],
    );
    const expected = resourcesOf(austria)
      .filter((r) => r.resourceType === 'MedicationStatement')
      .map((s) => (s.effectiveDateTime ? dateText(s.effectiveDateTime) : s.effectivePeriod?.start && `${dateText(s.effectivePeriod.start)} to ${dateText(s.effectivePeriod.end)}`));
    expect(taken.filter(Boolean).sort()).to.deep.equal(expected.filter(Boolean).sort());
  });
});

describe('<engage-clinical-summary> never dates a result by when it was released', function () {
  // Da Vinci DTR (US Core) labs: Observations with `issued` and no effective[x]
  async function labs() {
    const bundle = await fixture<Json>('fhir-r4/us-core/dtr-bundle-patient-pat015.json');
    const hco3 = resourcesOf(bundle).find((r) => r.id === 'obs015-hco3')!;
    expect(Object.keys(hco3).filter((k) => k.startsWith('effective'))).to.deep.equal([]);
    return { hco3, name: hco3.code.coding[0].display as string };
  }

  it('shows issued as the report date, and effective[x] as the date when it is there', async () => {
    const { hco3, name } = await labs();
    const measured = { ...hco3, id: 'measured', code: { text: 'Measured HCO3' }, effectiveDateTime: '2020-06-30' };
    const el = await show([hco3, measured]);
    const shown = fields(el, 'results', name);
    expect(shown).to.include({ 'Report date': dateText(hco3.issued) });
    expect(shown).not.to.have.property('Date');
    expect(fields(el, 'results', 'Measured HCO3')).to.include({ Date: dateText(measured.effectiveDateTime) });
  });

  it('says so in the history table, and leaves such a value out of the trend', async () => {
    const { hco3, name } = await labs();
    const earlier = { ...hco3, id: 'earlier', issued: '2020-06-15T15:30:10+01:00', valueQuantity: { ...hco3.valueQuantity, value: 28 } };
    const el = await show([hco3, earlier]);
    const entry = [...el.shadowRoot!.querySelectorAll('[data-section="results"] [part~="entry"]')].find((e) => text(e).includes(name))!;
    // a boolean: chai formatting a DOM element in a failure message hangs the page
    expect(entry.querySelector('svg[role="img"]') === null, 'no trend of undated values').to.equal(true);
    entry.querySelector<HTMLElement>('details summary')!.click();
    await waitFor(() => entry.querySelector('details tbody tr'), 'history table');
    expect(text(entry.querySelector('details tbody td'))).to.equal(`${dateText(earlier.issued)} (report date)`);
  });
});
