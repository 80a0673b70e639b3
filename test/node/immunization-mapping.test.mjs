// FHIR Immunization / ImmunizationRecommendation / ImmunizationEvaluation → the immunization
// port's types (src/adapters/fhir/mapping/immunization.ts), and the forecast vaccine-group
// table checked against the CDSi supporting data. Expectations are read from the source JSON
// and XML in the test, never from the code under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';
import { cdsiGroupsOfCvx } from './cdsi-harness.mjs';

const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const resourcesOf = (bundle) => (bundle.entry ?? []).map((e) => e.resource).filter(Boolean);
const SPEC = 'test/fixtures/fhir-r4/spec-examples';
const SYNTHEA = ['buster-hoeger-ad2e3fc5', 'carla-echevarria-9a628ccd', 'dennis-durgan-78f005f3', 'jill-tillman-c4b7d178', 'kermit-trantow-f1a650a5', 'vito-feeney-63dd4423'];

let m;
before(async () => {
  m = await importTs(['src/adapters/fhir/mapping/immunization.ts', 'src/adapters/vaccine-group-codes.ts']);
});

describe('Immunization → VaccinationRecord', () => {
  it('every Synthea and US Core Immunization maps once, date as written, CVX from the cvx coding, given and administered', () => {
    let checked = 0;
    const files = [...SYNTHEA.map((s) => `demo/data/synthea-${s}.json`), 'demo/data/uscore-bundle-patient-85.json'];
    for (const file of files) {
      const source = resourcesOf(json(file)).filter((r) => r.resourceType === 'Immunization');
      const record = m.recordFromResources({ ref: 'Patient/x' }, resourcesOf(json(file)));
      assert.equal(record.vaccinations.length, source.length, file);
      for (const resource of source) {
        const found = record.vaccinations.filter((v) => v.id === resource.id);
        assert.equal(found.length, 1, `${file} ${resource.id}`);
        const [v] = found;
        assert.equal(v.date, resource.occurrenceDateTime);
        assert.equal(v.status, 'given');
        assert.equal(v.cvx, resource.vaccineCode.coding.find((c) => c.system === 'http://hl7.org/fhir/sid/cvx').code);
        assert.equal(v.source, resource.primarySource === true ? 'administered' : 'historical');
        checked++;
      }
    }
    assert.equal(checked, 77); // 4 + 15 + 11 + 8 + 8 + 11 Synthea, 20 US Core
  });

  it('not-done: not given, with its reason; a medical precaution is not a refusal, a patient objection is', () => {
    const source = json(`${SPEC}/immunization-example-refused.json`);
    const v = m.toVaccination(source);
    assert.equal(v.status, 'not-given');
    assert.equal(v.notGivenReason.codings[0].code, source.statusReason.coding[0].code);
    assert.equal(v.refused, undefined);
    assert.equal(v.cvx, '01');
    const objection = { ...source, statusReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'PATOBJ' }] } };
    assert.equal(m.toVaccination(objection).refused, true);
    const parental = { ...source, statusReason: { coding: [{ system: 'NIP002', code: '00', display: 'Parental decision' }] } };
    assert.equal(m.toVaccination(parental).refused, true);
    assert.equal(m.toVaccination({ ...source, statusReason: { coding: [{ system: 'http://example.org/other', code: '00' }] } }).refused, undefined);
    // a refusal reason on a completed record does not make it not given
    assert.equal(m.toVaccination({ ...objection, status: 'completed' }).status, 'given');
  });

  it('entered-in-error is excluded; anything that is not an Immunization maps to nothing', () => {
    const source = json(`${SPEC}/immunization-example.json`);
    assert.equal(m.toVaccination({ ...source, status: 'entered-in-error' }), undefined);
    assert.equal(m.recordFromResources({ ref: 'Patient/x' }, [{ ...source, status: 'entered-in-error' }, source]).vaccinations.length, 1);
    assert.equal(m.toVaccination({ resourceType: 'Observation' }), undefined);
    assert.equal(m.toVaccination(null), undefined);
  });

  it('CVX 998 "no vaccine administered" is no vaccination, given or not (as the HL7 v2 reader drops it)', () => {
    // the spec example with only its vaccine code changed to CVX 998 (CDC's CVX table: "no vaccine administered")
    const source = json(`${SPEC}/immunization-example.json`);
    const none = { ...source, vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '998', display: 'no vaccine administered' }] } };
    assert.equal(m.toVaccination(none), undefined);
    assert.equal(m.toVaccination({ ...none, status: 'not-done' }), undefined);
    assert.equal(m.recordFromResources({ ref: 'Patient/x' }, [none, source]).vaccinations.length, 1);
  });

  it('historical: occurrenceString kept as written, primarySource false → historical', () => {
    const source = json(`${SPEC}/immunization-example-historical.json`);
    const v = m.toVaccination(source);
    assert.equal(v.date, source.occurrenceString);
    assert.equal(v.source, 'historical');
    assert.equal(v.note, source.note[0].text);
    assert.equal(v.cvx, undefined); // coded in an Australian system, not CVX
    assert.equal(v.vaccine.text, source.vaccineCode.text);
  });

  it('report origin: a parent’s recall is patient-reported, another registry (NIP001 05, or named) is registry', () => {
    const source = json(`${SPEC}/immunization-example-historical.json`);
    const recall = { ...source, reportOrigin: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-origin', code: 'recall' }] } };
    assert.equal(m.toVaccination(recall).source, 'patient-reported');
    const registry = { ...source, reportOrigin: { coding: [{ system: 'NIP001', code: '05' }] } };
    assert.equal(m.toVaccination(registry).source, 'registry');
    const named = { ...source, reportOrigin: { text: 'State immunization registry' } };
    assert.equal(m.toVaccination(named).source, 'registry');
    // a bare "05" of some other system says nothing about a registry
    assert.equal(m.toVaccination({ ...source, reportOrigin: { coding: [{ system: 'http://example.org/x', code: '05' }] } }).source, 'historical');
    const silent = { ...source };
    delete silent.primarySource;
    delete silent.reportOrigin;
    assert.equal(m.toVaccination(silent).source, 'unknown');
  });

  it('subpotent → partial; lot, site, route, performer, location and dose numbers (positiveInt or string)', () => {
    const source = json(`${SPEC}/immunization-example.json`);
    const v = m.toVaccination({
      ...source,
      location: { reference: 'Location/1', display: 'Riverside Clinic' },
      performer: [
        { function: { coding: [{ code: 'OP' }] }, actor: { display: 'Ordering Doctor' } },
        { function: { coding: [{ code: 'AP' }] }, actor: { display: 'Nurse Giver' } },
      ],
      protocolApplied: [{ doseNumberPositiveInt: 2, seriesDosesString: 'three' }],
    });
    assert.equal(v.partial, true);
    assert.equal(v.date, source.occurrenceDateTime);
    assert.equal(v.lotNumber, source.lotNumber);
    assert.equal(v.site.codings[0].code, source.site.coding[0].code);
    assert.equal(v.route.codings[0].code, source.route.coding[0].code);
    assert.equal(v.performer, 'Nurse Giver');
    assert.equal(v.location, 'Riverside Clinic');
    assert.equal(v.doseNumber, '2');
    assert.equal(v.seriesDoses, 'three');
    assert.equal(v.source, 'administered');
    assert.equal(m.toVaccination({ ...source, protocolApplied: [{ doseNumberString: 'booster' }] }).doseNumber, 'booster');
  });

  it('an origin that names the patient in words is patient-reported (IPS, MEDITECH)', () => {
    const source = resourcesOf(json('test/fixtures/fhir-r4/ips/ips-us-meditech-1-searchset.json')).filter((r) => r.resourceType === 'Immunization');
    const byPatient = source.filter((r) => r.reportOrigin?.text === 'Patient');
    assert.equal(byPatient.length, 2);
    for (const resource of byPatient) assert.equal(m.toVaccination(resource).source, 'patient-reported', resource.id);
    for (const resource of source.filter((r) => r.reportOrigin?.text === 'Immunization Registry')) assert.equal(m.toVaccination(resource).source, 'registry', resource.id);
  });

  it('a subpotent dose keeps the reason the record gives, and claims none it does not (FHIR spec example)', () => {
    const source = json(`${SPEC}/immunization-example.json`);
    assert.equal(source.isSubpotent, true);
    assert.equal(source.subpotentReason, undefined);
    const silent = m.toVaccination(source);
    assert.deepEqual([silent.partial, silent.subpotentReason], [true, undefined]);
    const coldChain = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-subpotent-reason', code: 'coldchainbreak', display: 'Cold Chain Break' }] };
    assert.deepEqual(m.toVaccination({ ...source, subpotentReason: [coldChain] }).subpotentReason.codings, coldChain.coding);
    // a potent dose has no reason, whatever a stray subpotentReason says
    assert.equal(m.toVaccination({ ...source, isSubpotent: false, subpotentReason: [coldChain] }).subpotentReason, undefined);
  });

  it('the FHIR download says what the record said: a date in words, the origin as coded, no source made up', async () => {
    const { toFhirImmunization } = await importTs(['src/elements/immunizations/immunization-export.ts']);
    const historical = json(`${SPEC}/immunization-example-historical.json`);
    const out = toFhirImmunization(m.toVaccination(historical), 'Patient/x');
    assert.equal(out.occurrenceString, historical.occurrenceString);
    assert.equal(out.occurrenceDateTime, undefined);
    assert.deepEqual(out.reportOrigin, historical.reportOrigin);
    assert.equal(out.primarySource, historical.primarySource);
    const silent = { ...historical };
    delete silent.primarySource;
    delete silent.reportOrigin;
    assert.equal('primarySource' in toFhirImmunization(m.toVaccination(silent), 'Patient/x'), false);
    const subpotent = json(`${SPEC}/immunization-example.json`);
    const reason = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-subpotent-reason', code: 'partial', display: 'Partial Dose' }] };
    const written = toFhirImmunization(m.toVaccination({ ...subpotent, subpotentReason: [reason] }), 'Patient/x');
    assert.deepEqual([written.isSubpotent, written.subpotentReason], [true, [reason]]);
    assert.equal(written.occurrenceDateTime, subpotent.occurrenceDateTime);
  });

  it('a combination vaccine coded by each antigen is named as the product, never as one antigen (IPS, Canada)', async () => {
    const { toImmunization } = await importTs(['src/adapters/fhir/mapping/summary-entries.ts']);
    const source = resourcesOf(json('test/fixtures/fhir-r4/ips/ips-ca-verosource-buddy-bear.json')).filter((r) => r.resourceType === 'Immunization');
    const system = (c) => c.system.split('/').at(-1);
    // Priorix (MMR) and Infanrix-hexa: several antigen codings, then a generic and a trade name
    const combinations = source.filter((r) => r.vaccineCode.coding.filter((c) => system(c) === 'AntigenIgAntitoxin').length > 1);
    assert.equal(combinations.length, 2);
    const record = m.recordFromResources({ ref: 'Patient/x' }, source);
    for (const resource of combinations) {
      const trade = resource.vaccineCode.coding.find((c) => system(c) === 'TradeName').display;
      const generic = resource.vaccineCode.coding.find((c) => system(c) === 'Generic').display;
      const antigens = resource.vaccineCode.coding.filter((c) => system(c) === 'AntigenIgAntitoxin').map((c) => c.display);
      const names = [record.vaccinations.find((v) => v.vaccine.codings[0].code === resource.vaccineCode.coding[0].code && v.date === resource.occurrenceDateTime).vaccine.text, toImmunization(resource).vaccine.text];
      for (const name of names) {
        assert.equal(name, `${trade} (${generic})`);
        assert.ok(!antigens.includes(name));
      }
    }
    // a single-antigen vaccine whose trade name is "unspecified" keeps its own first name (Mumps, 2021-10-06)
    const mumps = source.find((r) => r.vaccineCode.coding.some((c) => c.display === 'Mu'));
    assert.equal(toImmunization(mumps).vaccine.text ?? toImmunization(mumps).vaccine.codings[0].display, mumps.vaccineCode.coding[0].display);
  });

  it('wrong JSON types read as absent, never as an exception', () => {
    const v = m.toVaccination({ resourceType: 'Immunization', id: 7, status: 5, vaccineCode: 'x', occurrenceDateTime: 20130110, protocolApplied: {}, performer: 'x', note: [null, 3] });
    assert.equal(v.status, 'given');
    assert.deepEqual(v.vaccine, { codings: [] });
    assert.equal(v.date, undefined);
    assert.equal(v.id, 'immunization-0');
  });
});

describe('ImmunizationRecommendation → ImmunizationForecast', () => {
  it('the spec example: dates by criterion as written, dose, series; an unknown status is unknown with the source word', () => {
    const source = json(`${SPEC}/immunizationrecommendation-example.json`);
    const f = m.forecastFromRecommendation(source, '2015-02-09', 'server');
    assert.equal(f.source, 'server');
    assert.equal(f.madeAt, source.date);
    const line = source.recommendation[0];
    const date = (code) => line.dateCriterion.find((d) => d.code.coding[0].code === code).value;
    assert.equal(f.groups.length, 1);
    const [g] = f.groups;
    assert.equal(g.status, 'unknown');
    assert.equal(g.sourceStatus, line.forecastStatus.text);
    assert.equal(g.earliestDate, date('earliest'));
    assert.equal(g.recommendedDate, date('recommended'));
    assert.equal(g.pastDueDate, date('overdue'));
    assert.equal(g.doseNumber, line.doseNumberPositiveInt);
    assert.equal(g.series, line.series);
    // SNOMED 14745005 is a vaccine product, not in the table: the source's own words name the group
    assert.equal(g.vaccineGroup, line.vaccineCode[0].coding[0].display);
  });

  const loinc = (code, value) => ({ code: { coding: [{ system: 'http://loinc.org', code }] }, value });
  const status = (code) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-recommendation-status', code }] });

  it('LOINC date criteria, the five R4 statuses, due split by asOf, groups from CVX and SNOMED target disease', () => {
    const rec = {
      resourceType: 'ImmunizationRecommendation',
      date: '2026-11-30',
      authority: { display: 'State IIS' },
      recommendation: [
        { vaccineCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '137' }] }], forecastStatus: status('due'),
          dateCriterion: [loinc('30980-7', '2027-03-03'), loinc('30981-5', '2027-02-03'), loinc('59777-3', '2031-05-03'), loinc('59778-1', '2027-06-03')], doseNumberPositiveInt: 2 },
        { targetDisease: { coding: [{ system: 'http://snomed.info/sct', code: '6142004' }] }, forecastStatus: status('due'), dateCriterion: [loinc('30980-7', '2026-09-01')] },
        { vaccineCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '3' }] }], forecastStatus: status('complete') },
        { vaccineCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '21' }] }], forecastStatus: status('immune') },
        { vaccineCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '45' }] }], forecastStatus: status('overdue'), dateCriterion: [loinc('59778-1', '2026-01-01')] },
        { vaccineCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '122' }] }], forecastStatus: status('contraindicated'), forecastReason: [{ text: 'SCID' }] },
        { vaccineCode: [{ text: 'Mystery' }], forecastStatus: status('postponed') },
      ],
    };
    const f = m.forecastFromRecommendation(rec, '2026-12-01', 'server');
    assert.equal(f.sourceName, 'State IIS');
    assert.deepEqual(
      f.groups.map((g) => [g.vaccineGroup, g.status, g.sourceStatus]),
      [['HPV', 'due-later', 'due'], ['Influenza', 'due-now', 'due'], ['MMR', 'complete', 'complete'], ['Varicella', 'immune', 'immune'],
        ['HepB', 'overdue', 'overdue'], ['Rotavirus', 'contraindicated', 'contraindicated'], ['Mystery', 'unknown', 'postponed']],
    );
    assert.deepEqual(
      [f.groups[0].recommendedDate, f.groups[0].earliestDate, f.groups[0].latestDate, f.groups[0].pastDueDate, f.groups[0].doseNumber],
      ['2027-03-03', '2027-02-03', '2031-05-03', '2027-06-03', 2],
    );
    assert.equal(f.groups[5].reason, 'SCID');
  });

  it('the newest of several recommendations; evaluations from ImmunizationEvaluation', () => {
    const a = { resourceType: 'ImmunizationRecommendation', id: 'a', date: '2025-01-01', recommendation: [] };
    const b = { resourceType: 'ImmunizationRecommendation', id: 'b', date: '2026-01-01T10:00:00Z', recommendation: [] };
    assert.equal(m.newestRecommendation([a, b, { resourceType: 'ImmunizationRecommendation', id: 'c' }]).id, 'b');
    const evaluation = json(`${SPEC}/immunizationevaluation-example.json`);
    const f = m.forecastFromRecommendation(b, '2026-01-01', 'immds-forecast', [evaluation, { ...evaluation, doseStatus: { coding: [{ code: 'notvalid' }] }, doseStatusReason: [{ text: 'Too soon' }] }]);
    assert.equal(f.evaluations.length, 2);
    assert.equal(f.evaluations[0].vaccinationId, evaluation.immunizationEvent.reference.split('/')[1]);
    assert.equal(f.evaluations[0].valid, evaluation.doseStatus.coding[0].code === 'valid');
    assert.deepEqual([f.evaluations[1].valid, f.evaluations[1].reason], [false, 'Too soon']);
  });
});

describe('forecast vaccine groups', () => {
  it('every CVX row of the table names the groups the CDSi supporting data gives that code', () => {
    const groupsOfCvx = cdsiGroupsOfCvx();
    const rows = Object.entries(m.FORECAST_CVX_GROUPS);
    assert.ok(rows.length >= 30);
    for (const [cvx, groups] of rows) assert.deepEqual([...groups].sort(), groupsOfCvx.get(cvx), `CVX ${cvx}`);
  });
});
