/**
 * The FHIR immunization port against the local FHIR server over HTTP: every Immunization
 * of every seeded fixture patient (counted from the source bundles in this test), one batch
 * round trip plus paging, not-done and entered-in-error records written to the server, the
 * seeded ImmunizationRecommendation date for date, and `$immds-forecast` when the
 * CapabilityStatement offers it.
 */
import { expect } from '@open-wc/testing';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirImmunizationPort } from '../../src/adapters/fhir/index.js';
import { demoData, fhirEndpoints } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const FILES = [
  'synthea-buster-hoeger-ad2e3fc5.json',
  'synthea-carla-echevarria-9a628ccd.json',
  'synthea-dennis-durgan-78f005f3.json',
  'synthea-jill-tillman-c4b7d178.json',
  'synthea-kermit-trantow-f1a650a5.json',
  'synthea-vito-feeney-63dd4423.json',
  'uscore-bundle-patient-85.json',
];
const CARLA = 'Patient/d8e20eac-1721-4a71-ba98-c23d32e75105';

async function source(file: string): Promise<Json[]> {
  return (await demoData<{ entry: { resource: Json }[] }>(file)).entry.map((e) => e.resource);
}

/** The global fetch, logging each request's method and path (the server still answers unless `answer` does). */
function recordingFetch(log: string[], answer?: (path: string, init?: RequestInit) => Response | undefined): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const path = new URL(url).pathname.replace(/^.*\/fhir\/R4/, '');
    log.push(`${init?.method ?? 'GET'} ${path}`);
    return answer?.(path, init) ?? fetch(url, init);
  };
}

const fhirJson = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });

describe('FHIR immunization port over HTTP', function () {
  it('every Immunization of every seeded fixture patient appears once, with its date as written and its status', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const port = new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl }));
    let checked = 0;
    for (const file of FILES) {
      const resources = await source(file);
      const patient = resources.find((r) => r.resourceType === 'Patient')!;
      const immunizations = resources.filter((r) => r.resourceType === 'Immunization' && r.status !== 'entered-in-error');
      const record = await port.getRecord(`Patient/${patient.id}`);
      expect(record.patient.ref).to.equal(`Patient/${patient.id}`);
      expect(record.patient.birthDate).to.equal(patient.birthDate);
      expect(record.vaccinations.length, file).to.equal(immunizations.length);
      for (const immunization of immunizations) {
        const found = record.vaccinations.filter((v) => v.id === immunization.id);
        expect(found.length, `${file} ${immunization.id}`).to.equal(1);
        expect(found[0]!.date).to.equal(immunization.occurrenceDateTime ?? immunization.occurrenceString);
        expect(found[0]!.status).to.equal(immunization.status === 'not-done' ? 'not-given' : 'given');
        checked++;
      }
    }
    // 4 + 15 + 11 + 8 + 8 + 11 Synthea and 20 US Core immunizations in the seed files
    expect(checked).to.equal(77);
  });

  it('reads the Patient and the first page in one batch round trip, then follows paging to the end', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const log: string[] = [];
    const port = new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl, fetch: recordingFetch(log) }), { pageSize: 4 });
    const expected = (await source('synthea-carla-echevarria-9a628ccd.json')).filter((r) => r.resourceType === 'Immunization').length;
    const record = await port.getRecord(CARLA);
    expect(record.vaccinations.length).to.equal(expected);
    expect(new Set(record.vaccinations.map((v) => v.id)).size).to.equal(expected);
    expect(log[0]).to.equal('POST /');
    expect(log.slice(1).every((l) => l.startsWith('GET '))).to.equal(true);
    expect(log.length).to.equal(Math.ceil(expected / 4));
  });

  it('a not-done record written to the server is not given, with its refusal; entered-in-error is left out', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const post = async (resource: Json) => {
      const response = await fetch(`${fhirUrl}/${resource.resourceType}`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(resource) });
      expect(response.status).to.equal(201);
      return (await response.json()) as Json;
    };
    const patient = await post({ resourceType: 'Patient', name: [{ family: 'Refusal', given: ['Test'] }], birthDate: '2020-02-29' });
    const ref = `Patient/${patient.id}`;
    const vaccine = { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '03', display: 'MMR' }] };
    const refused = await post({
      resourceType: 'Immunization', status: 'not-done', patient: { reference: ref }, vaccineCode: vaccine, occurrenceDateTime: '2021-03-01',
      statusReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'PATOBJ', display: 'patient objection' }] },
    });
    const given = await post({ resourceType: 'Immunization', status: 'completed', patient: { reference: ref }, vaccineCode: vaccine, occurrenceDateTime: '2021-03-02', primarySource: false });
    await post({ resourceType: 'Immunization', status: 'entered-in-error', patient: { reference: ref }, vaccineCode: vaccine, occurrenceDateTime: '2021-03-03' });
    const record = await new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl })).getRecord(ref);
    expect(record.vaccinations.map((v) => [v.id, v.status, v.date, v.refused, v.source]).sort()).to.deep.equal(
      [
        [refused.id, 'not-given', '2021-03-01', true, 'unknown'], // no primarySource, no reportOrigin: the record does not say
        [given.id, 'given', '2021-03-02', undefined, 'historical'],
      ].sort(),
    );
    expect(record.vaccinations.find((v) => v.id === refused.id)!.notGivenReason!.codings[0]!.code).to.equal('PATOBJ');
    expect(await new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl })).getForecast(ref, '2026-12-01')).to.equal(undefined);
  });

  it('the seeded ImmunizationRecommendation maps date for date, status for status', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const rec = (await demoData<{ entry: { resource: Json }[] }>('demo-immunization-recommendation.json')).entry[0]!.resource;
    const forecast = (await new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl })).getForecast(CARLA, '2026-12-01'))!;
    expect(forecast.source).to.equal('server');
    expect(forecast.madeAt).to.equal(rec.date);
    expect(forecast.sourceName).to.equal(rec.authority.display);
    expect(forecast.groups.length).to.equal(rec.recommendation.length);
    const criterion = (line: Json, code: string) => line.dateCriterion?.find((d: Json) => d.code.coding[0].code === code)?.value;
    rec.recommendation.forEach((line: Json, i: number) => {
      const group = forecast.groups[i]!;
      expect(group.vaccine!.codings[0]!.code).to.equal(line.vaccineCode[0].coding[0].code);
      expect(group.sourceStatus).to.equal(line.forecastStatus.coding[0].code);
      expect(group.recommendedDate, `${group.vaccineGroup} due`).to.equal(criterion(line, '30980-7'));
      expect(group.earliestDate, `${group.vaccineGroup} earliest`).to.equal(criterion(line, '30981-5'));
      expect(group.pastDueDate, `${group.vaccineGroup} overdue`).to.equal(criterion(line, '59778-1'));
      expect(group.doseNumber).to.equal(line.doseNumberPositiveInt);
    });
    // status words: "due" with its date on or before asOf is due now
    expect(forecast.groups.map((g) => [g.vaccineGroup, g.status])).to.deep.equal([
      ['Influenza', 'due-now'],
      ['COVID-19', 'due-now'],
      ['DTaP/Tdap/Td', 'overdue'],
      ['HepB', 'due-now'],
      ['HPV', 'complete'],
      ['Varicella', 'immune'],
    ]);
  });

  it('no recommendation and no operation offered: undefined (the element uses the engine)', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const kermit = (await source('synthea-kermit-trantow-f1a650a5.json')).find((r) => r.resourceType === 'Patient')!;
    const log: string[] = [];
    const port = new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl, fetch: recordingFetch(log) }));
    expect(await port.getForecast(`Patient/${kermit.id}`, '2026-12-01')).to.equal(undefined);
    expect(log).to.deep.equal(['GET /ImmunizationRecommendation', 'GET /metadata']);
  });

  it('$immds-forecast when the CapabilityStatement offers it: posts the patient and every immunization, maps the answer', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const resources = await source('synthea-kermit-trantow-f1a650a5.json');
    const kermit = resources.find((r) => r.resourceType === 'Patient')!;
    const immunizations = resources.filter((r) => r.resourceType === 'Immunization');
    const log: string[] = [];
    let sent: Json | undefined;
    const answer = (path: string, init?: RequestInit) => {
      if (path === '/metadata') {
        return fhirJson({ resourceType: 'CapabilityStatement', rest: [{ mode: 'server', operation: [{ name: 'immds-forecast', definition: 'http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation' }] }] });
      }
      if (path === '/$immds-forecast') {
        sent = JSON.parse(String(init!.body)) as Json;
        return fhirJson({
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'recommendation',
              resource: {
                resourceType: 'ImmunizationRecommendation', date: '2026-12-01', patient: { reference: `Patient/${kermit.id}` },
                recommendation: [{ vaccineCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '187' }] }], forecastStatus: { coding: [{ code: 'due' }] }, dateCriterion: [{ code: { coding: [{ system: 'http://loinc.org', code: '30980-7' }] }, value: '2043-06-21' }] }],
              },
            },
            {
              name: 'evaluation',
              resource: { resourceType: 'ImmunizationEvaluation', status: 'completed', immunizationEvent: { reference: `Immunization/${immunizations[0]!.id}` }, targetDisease: { coding: [{ system: 'http://snomed.info/sct', code: '6142004' }] }, doseStatus: { coding: [{ code: 'valid' }] } },
            },
          ],
        });
      }
      return undefined;
    };
    const port = new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl, fetch: recordingFetch(log, answer) }));
    const forecast = (await port.getForecast(`Patient/${kermit.id}`, '2026-12-01'))!;
    expect(log).to.deep.equal(['GET /ImmunizationRecommendation', 'GET /metadata', 'POST /', 'POST /$immds-forecast']);
    const params = sent!.parameter as Json[];
    expect(params.find((p) => p.name === 'assessmentDate')!.valueDate).to.equal('2026-12-01');
    expect(params.find((p) => p.name === 'patient')!.resource.id).to.equal(kermit.id);
    expect(params.filter((p) => p.name === 'immunization').map((p) => p.resource.id).sort()).to.deep.equal(immunizations.map((r) => r.id).sort());
    expect(forecast.source).to.equal('immds-forecast');
    expect(forecast.groups.map((g) => [g.vaccineGroup, g.status, g.recommendedDate])).to.deep.equal([['Zoster', 'due-later', '2043-06-21']]);
    expect(forecast.evaluations).to.deep.equal([{ vaccinationId: immunizations[0]!.id, vaccineGroup: 'Influenza', valid: true, sourceStatus: 'valid' }]);
  });

  it('$immds-forecast is never sent a record entered in error (Synthea doses on a new patient of the local server)', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const direct = new FhirClient({ baseUrl: fhirUrl });
    const doses = (await source('synthea-kermit-trantow-f1a650a5.json')).filter((r) => r.resourceType === 'Immunization').slice(0, 2);
    const patient = (await direct.create({ resourceType: 'Patient', name: [{ family: 'Forecast', given: ['Erroneous'] }], birthDate: '1993-06-21' })).body as Json;
    const stored: Json[] = [];
    for (const [i, dose] of doses.entries()) {
      const { id, ...rest } = dose;
      expect(id).to.be.a('string');
      stored.push((await direct.create({ ...rest, resourceType: 'Immunization', patient: { reference: `Patient/${patient.id}` }, status: i === 0 ? 'entered-in-error' : 'completed' })).body);
    }
    let sent: Json | undefined;
    const answer = (path: string, init?: RequestInit) => {
      if (path === '/metadata') return fhirJson({ resourceType: 'CapabilityStatement', rest: [{ mode: 'server', operation: [{ name: 'immds-forecast' }] }] });
      if (path === '/$immds-forecast') {
        sent = JSON.parse(String(init!.body)) as Json;
        return fhirJson({ resourceType: 'Parameters', parameter: [] });
      }
      return undefined;
    };
    const port = new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl, fetch: recordingFetch([], answer) }));
    await port.getForecast(`Patient/${patient.id}`, '2026-12-01');
    const ids = (sent!.parameter as Json[]).filter((p) => p.name === 'immunization').map((p) => p.resource.id);
    expect(ids).to.deep.equal([stored[1]!.id]);
  });

  it('an unknown patient is a not-found EngageError', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const port = new FhirImmunizationPort(new FhirClient({ baseUrl: fhirUrl }));
    try {
      await port.getRecord('Patient/no-such-patient');
      expect.fail('resolved');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('not-found');
    }
  });
});
