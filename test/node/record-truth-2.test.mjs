// What is shown is what the record says, second audit (mapping level): a "no known
// immunizations" statement is no dose, a draft or proposed medicine was not prescribed, a
// refused directive is no permission, dose timing is kept as structured, and the banner and
// the summary read a "no known allergy" statement by one rule. Real fixtures from
// test/fixtures; where none holds the case, one real resource with ONE element changed (said
// at each). Every expectation is read from the source JSON, never through the code under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const json = (path) => JSON.parse(readFileSync(`test/fixtures/${path}`, 'utf8'));
const resourcesOf = (bundle) => (bundle.entry ?? []).map((e) => e.resource).filter(Boolean);

let m;
before(async () => {
  m = await importTs([
    'src/adapters/fhir/mapping/summary.ts',
    'src/adapters/fhir/mapping/immunization.ts',
    'src/adapters/fhir/mapping/patient.ts',
    'src/adapters/ips/ips.ts',
    'src/immunization-forecast/to-forecast.ts',
  ]);
});

/*
 * IPS "no known immunizations": an Immunization whose vaccineCode is from the IPS
 * absent-unknown code system (or SNOMED CT 787482006 "No known immunizations") states that
 * none is known. It is no vaccination: never a "given" dose in the record, never a dose (nor
 * an uncounted dose) for the CDSi forecast. No fixture holds one, so the IPS IG bundle whose
 * Immunizations section lists two influenza doses has ONE element changed: the first
 * Immunization's vaccineCode.
 */
describe('a "no known immunizations" Immunization is no vaccination (IPS IG bundle, vaccineCode changed)', () => {
  const FILE = 'fhir-r4/ips/ips-ig-bundle-no-info-required-sections.json';
  const ABSENT = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
  const cases = [
    ['IPS no-known-immunizations', { coding: [{ system: ABSENT, code: 'no-known-immunizations', display: 'No known immunizations' }] }, 'none-known'],
    ['SNOMED CT 787482006', { coding: [{ system: 'http://snomed.info/sct', code: '787482006', display: 'No known immunizations' }] }, 'none-known'],
    ['IPS no-immunization-info', { coding: [{ system: ABSENT, code: 'no-immunization-info', display: 'No information about immunizations' }] }, 'not-recorded'],
  ];

  for (const [label, vaccineCode, sectionState] of cases) {
    it(`${label}: not in the vaccination record, not a dose, and the summary says what the record says`, () => {
      const bundle = json(FILE);
      const immunizations = resourcesOf(bundle).filter((r) => r.resourceType === 'Immunization');
      assert.equal(immunizations.length, 2, 'the fixture holds two Immunizations');
      const [statement, dose] = immunizations;
      statement.vaccineCode = vaccineCode; // the one element changed
      const record = m.recordFromResources({ ref: 'Patient/AAA1234', birthDate: '1980-01-01' }, immunizations);
      assert.deepEqual(
        record.vaccinations.map((v) => v.id),
        [dose.id],
        'only the real influenza dose is a vaccination',
      );
      assert.equal(record.vaccinations[0].status, 'given');
      // the CDSi engine input: the real dose (CVX, full date) and nothing uncounted
      const input = m.engineInputOf(record, '2026-01-01');
      assert.deepEqual(input.doseIds, [dose.id]);
      assert.deepEqual(input.uncounted.map((v) => v.id), []);
      // the summary's Vaccines section: the statement is no entry
      const section = m.summaryFromIps(bundle).sections.immunizations;
      assert.equal(section.state, 'entries');
      assert.deepEqual(section.entries.map((e) => e.id.replace(/^Immunization\//, '')), [dose.id]);

      // both Immunizations changed: no vaccination at all, and the section says none known / not recorded
      const only = json(FILE);
      for (const r of resourcesOf(only).filter((x) => x.resourceType === 'Immunization')) r.vaccineCode = vaccineCode;
      const none = m.recordFromResources({ ref: 'Patient/AAA1234' }, resourcesOf(only).filter((x) => x.resourceType === 'Immunization'));
      assert.deepEqual(none.vaccinations, []);
      assert.equal(m.summaryFromIps(only).sections.immunizations.state, sectionState);
    });
  }

  it('the two real doses are both vaccinations when nothing is changed (the test can fail both ways)', () => {
    const immunizations = resourcesOf(json(FILE)).filter((r) => r.resourceType === 'Immunization');
    const record = m.recordFromResources({ ref: 'Patient/AAA1234' }, immunizations);
    assert.deepEqual(record.vaccinations.map((v) => v.id), immunizations.map((r) => r.id));
  });
});

/*
 * MedicationRequest.status "draft" is "not yet actionable"; intent "proposal" and "plan" are
 * a suggestion and an intention, not an order. Nobody prescribed such a request: its
 * requester proposed or planned it. US Core DTR patient pat015 holds a real draft order.
 */
describe('a draft, proposed or planned MedicationRequest names no prescriber', () => {
  const FILE = 'fhir-r4/us-core/dtr-bundle-patient-pat015.json';
  const nameText = (name) => name.text ?? [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(' ');

  it('the DTR draft (status draft): no prescriber and no prescription date; who proposed it and when', () => {
    const resources = resourcesOf(json(FILE));
    const draft = resources.find((r) => r.resourceType === 'MedicationRequest' && r.status === 'draft');
    assert.ok(draft, 'the fixture holds a draft MedicationRequest');
    assert.match(draft.requester.reference, /^Practitioner\//);
    const practitioner = resources.find((r) => `Practitioner/${r.id}` === draft.requester.reference && r.resourceType === 'Practitioner');
    const entry = m.summaryFromResources(resources).sections.medications.entries.find((e) => e.id === `MedicationRequest/${draft.id}`);
    assert.ok(entry);
    assert.equal(entry.prescriber, undefined);
    assert.equal(entry.authoredOn, undefined);
    assert.deepEqual(entry.proposed, { by: practitioner ? nameText(practitioner.name[0]) : undefined, on: draft.authoredOn });
  });

  for (const intent of ['proposal', 'plan']) {
    it(`intent ${intent} (the DTR request with status "active" and intent changed): not prescribed either`, () => {
      const resources = resourcesOf(json(FILE));
      const request = resources.find((r) => r.resourceType === 'MedicationRequest');
      request.status = 'active';
      request.intent = intent;
      const entry = m.summaryFromResources(resources).sections.medications.entries.find((e) => e.id === `MedicationRequest/${request.id}`);
      assert.equal(entry.prescriber, undefined);
      assert.equal(entry.proposed.on, request.authoredOn);
    });
  }

  it('the same request as an active order names its prescriber (the test can fail both ways)', () => {
    const resources = resourcesOf(json(FILE));
    const request = resources.find((r) => r.resourceType === 'MedicationRequest');
    request.status = 'active'; // one element changed: draft → active
    const entry = m.summaryFromResources(resources).sections.medications.entries.find((e) => e.id === `MedicationRequest/${request.id}`);
    assert.equal(entry.authoredOn, request.authoredOn);
    assert.equal(entry.proposed, undefined);
  });
});

/*
 * Consent.provision.type "deny": the actions the provision names are refused. The NZ IPS
 * holds a real advance-directive Consent ("Not for resuscitation") with no type; ONE
 * element is added: provision.type = "deny".
 */
describe('a Consent whose provision denies is a refusal (NZ IPS, provision.type added)', () => {
  const FILE = 'fhir-r4/ips/ips-nz-full-16-sections.json';

  it('deny: the directive entry is negated (do-not-perform); without a type it is not', () => {
    const bundle = json(FILE);
    const consent = resourcesOf(bundle).find((r) => r.resourceType === 'Consent');
    assert.equal(consent.provision.type, undefined, 'the fixture states no type');
    const plain = m.summaryFromIps(bundle).sections.advanceDirectives.entries.find((e) => e.id.endsWith(consent.id));
    assert.equal(plain.negation, undefined);
    consent.provision.type = 'deny';
    const denied = m.summaryFromIps(bundle).sections.advanceDirectives.entries.find((e) => e.id.endsWith(consent.id));
    assert.equal(denied.negation, 'do-not-perform');
    assert.equal(denied.name.codings[0].code, consent.provision.code[0].coding[0].code, 'still named by what it provides');
  });
});

/*
 * Timing.repeat: frequency times every period periodUnit (frequency missing means 1). The
 * ELGA IPS and the FHIR spec's discharge summary hold structured timings without text; the
 * entry keeps them as structured, so the element can word them in the reader's language.
 */
describe('dose timing is kept as structured (ELGA IPS, FHIR spec discharge summary)', () => {
  it('each dosage without text keeps its frequency, period and unit', () => {
    const bundle = json('fhir-r4/ips/ips-at-elga-01.json');
    // the statements in the medication section's order (they have no ids), as the entries are
    const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
    const composition = resourcesOf(bundle).find((r) => r.resourceType === 'Composition');
    const section = composition.section.find((s) => s.code.coding.some((c) => c.code === '10160-0'));
    const statements = section.entry.map((ref) => byUrl.get(ref.reference));
    const entries = m.summaryFromIps(bundle).sections.medications.entries;
    assert.equal(entries.length, statements.length);
    let checked = 0;
    statements.forEach((statement, i) => {
      const repeat = statement.dosage?.[0]?.timing?.repeat;
      if (!repeat?.periodUnit || statement.dosage[0].text) return;
      const dose = statement.dosage[0].doseAndRate?.[0]?.doseQuantity;
      assert.deepEqual(entries[i].doses[0].timing, { frequency: repeat.frequency ?? 1, period: repeat.period, periodUnit: repeat.periodUnit }, `statement ${i + 1}`);
      if (dose) assert.equal(entries[i].doses[0].dose, `${dose.value}${dose.unit ? ` ${dose.unit}` : ''}`);
      checked++;
    });
    assert.equal(checked, 5, 'five statements give a structured timing without text');
  });

  it('the discharge summary: 2 a day, and the text line hosts read stays as it was', () => {
    const bundle = json('fhir-r4/spec-examples/document-example-dischargesummary.json');
    const request = resourcesOf(bundle).find((r) => (r.dosageInstruction ?? r.dosage)?.some((d) => d.timing?.repeat?.frequency === 2));
    const dosage = (request.dosageInstruction ?? request.dosage).find((d) => d.timing?.repeat?.frequency === 2);
    const { frequency, period, periodUnit } = dosage.timing.repeat;
    const entries = m.summaryFromResources(resourcesOf(bundle)).sections.medications.entries;
    const entry = entries.find((e) => e.doses?.some((d) => d.timing?.frequency === frequency));
    assert.ok(entry);
    assert.deepEqual(entry.doses.find((d) => d.timing).timing, { frequency, period, periodUnit });
    assert.match(entry.dosage, new RegExp(`${frequency}×/${periodUnit}`));
  });
});

/*
 * One rule for "no known allergies", in the banner and in the summary: a current "no known
 * allergy" statement is none known; one that is inactive, refuted or entered in error says
 * nothing (not recorded); an IPS "no information" code is no allergy. The NZ IPS holds a
 * real active "No known allergy" (SNOMED CT 716186003); each case changes ONE element of it.
 */
describe('the banner and the summary read a "no known allergy" statement by one rule (NZ IPS)', () => {
  const FILE = 'fhir-r4/ips/ips-nz-aaa1234.json';
  const BANNER_OF = { 'none-known': 'none-known', unrecorded: 'not-recorded' };
  const cases = [
    ['as recorded (active)', () => {}, 'none-known'],
    ['clinicalStatus inactive', (a) => (a.clinicalStatus.coding[0].code = 'inactive'), 'not-recorded'],
    ['clinicalStatus resolved', (a) => (a.clinicalStatus.coding[0].code = 'resolved'), 'not-recorded'],
    ['verificationStatus refuted', (a) => (a.verificationStatus = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'refuted' }] }), 'not-recorded'],
    ['verificationStatus entered-in-error', (a) => (a.verificationStatus = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'entered-in-error' }] }), 'not-recorded'],
    ['code IPS no-allergy-info', (a) => (a.code = { coding: [{ system: 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips', code: 'no-allergy-info' }] }), 'not-recorded'],
  ];
  for (const [label, change, expected] of cases) {
    it(`${label}: both say ${expected}`, () => {
      const bundle = json(FILE);
      const allergies = resourcesOf(bundle).filter((r) => r.resourceType === 'AllergyIntolerance');
      assert.equal(allergies.length, 1, 'the fixture holds one AllergyIntolerance');
      assert.equal(allergies[0].code.coding[0].code, '716186003');
      change(allergies[0]);
      const banner = m.allergyStatus(allergies).kind;
      const summary = m.summaryFromIps(bundle).sections.allergies.state;
      assert.equal(summary, expected, 'summary');
      assert.equal(BANNER_OF[banner], expected, `banner (${banner})`);
    });
  }
});
