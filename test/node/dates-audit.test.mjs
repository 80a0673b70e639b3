// Dates audit (node): calendar days and orders that depended on UTC's digits instead of the
// day or moment they name. Each test sets a time zone where the two differ (process.env.TZ,
// restored after); expected values are worked out from the calendar or the fixture by hand.
//  - education: "patients educated" between two days counts a leaflet assigned on a New York
//    evening (stamped in UTC, the next day there) on the day it was assigned where the counting
//    clinician is, over the memory port and the FHIR port on the local server;
//  - health tracker (memory port): readings come back in the order they were taken, not in the
//    order of their digits when one is written in UTC and one with a local offset;
//  - health tracker (FHIR port): "readings from 3 December" are those taken on 3 December where the
//    viewer is, as in the memory port and the entry form, not those the server's zone (UTC) puts there;
//  - care-gap worklist (FHIR port): a reminder sent from November's worklist at 21:00 in New York
//    on 30 November (stamped 02:00 UTC on 1 December) counts as reminded in November, the period
//    it was sent for (its key), as in the memory port; it was counted in December instead;
//  - age at death: counted to the day of death the record states (and the banner shows), not to
//    the day that moment falls on in the viewer's zone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';
import { importTs } from './ts-bundle.mjs';

const m = await importTs([
  'src/adapters/memory/education.ts',
  'src/adapters/memory/health-tracker.ts',
  'src/adapters/fhir/client.ts',
  'src/adapters/fhir/education-port.ts',
  'src/core/format.ts',
  'src/adapters/fhir/reminder-port.ts',
  'src/adapters/fhir/health-tracker-port.ts',
  'src/core/calendar-date.ts',
]);
const rules = JSON.parse(readFileSync('rules/preventive-care.json', 'utf8'));

/** Runs the rest of the test with the process in `zone`. */
function inZone(t, zone) {
  const saved = process.env.TZ;
  t.after(() => (saved === undefined ? delete process.env.TZ : (process.env.TZ = saved)));
  process.env.TZ = zone;
}

// 21:00 EST on Thursday 3 December 2026 is 02:00 UTC on Friday 4 December
const EVENING = new Date('2026-12-04T02:00:00Z');
// the education element's default period on that evening: the 30 days before today, to today
const LAST_30_DAYS = { start: '2026-11-03', end: '2026-12-03' };
const DECEMBER_4_ON = { start: '2026-12-04', end: '2026-12-31' };
const draft = { title: 'Walking plan', url: 'https://kb.test/walk', reason: 'For your blood pressure', language: 'en' };

describe('dates audit: education counted on the clinician\'s calendar day', () => {
  it('memory port: a leaflet assigned at 21:00 in New York counts in the period that ends that day', async (t) => {
    inZone(t, 'America/New_York');
    const port = new m.MemoryEducationPort({ now: () => EVENING });
    const assigned = await port.assign('Patient/p1', draft, { idempotencyKey: 'evening-1' });
    assert.equal(assigned.assigned, '2026-12-04T02:00:00.000Z'); // stamped in UTC
    assert.equal(await port.countPatientsEducated(LAST_30_DAYS), 1);
    assert.equal(await port.countPatientsEducated(DECEMBER_4_ON), 0);
  });

  describe('FHIR port on the local server', () => {
    let server;
    before(async () => {
      server = await startFhirServer({ port: 0, seed: false });
    });
    after(() => server?.close());

    it('a leaflet assigned at 21:00 in New York counts in the period that ends that day', async (t) => {
      inZone(t, 'America/New_York');
      const port = new m.FhirEducationPort(new m.FhirClient({ baseUrl: server.url }), { now: () => EVENING });
      const assigned = await port.assign('Patient/p1', draft, { idempotencyKey: 'evening-1' });
      assert.equal(Date.parse(assigned.assigned), EVENING.getTime());
      assert.equal(await port.countPatientsEducated(LAST_30_DAYS), 1);
      assert.equal(await port.countPatientsEducated(DECEMBER_4_ON), 0);
    });
  });
});

describe('dates audit: health-tracker readings in the order they were taken', () => {
  it('memory port: a device reading in UTC and a typed-in one with its offset come back by time, not by digits', async (t) => {
    inZone(t, 'America/New_York');
    const pulse = (id, effective, value) => ({
      id, patient: 'Patient/p1', typeId: 'pulse', code: { system: 'http://loinc.org', code: '8867-4' }, effective,
      values: [{ code: '8867-4', quantity: { value, unit: '/min', code: '/min' } }], source: 'patient',
    });
    // 21:00 EDT on 1 May is 01:00 UTC on 2 May; 23:00 EDT on 1 May (03:00 UTC on 2 May) is two hours later
    const device = pulse('device', '2024-05-02T01:00:00Z', 70);
    const typed = pulse('typed', '2024-05-01T23:00:00-04:00', 88);
    const port = new m.MemoryHealthTrackerPort({ readings: [typed, device] });
    const listed = await port.listReadings('Patient/p1');
    assert.deepEqual(listed.map((r) => r.id), ['device', 'typed']); // the last is the latest
    // both were taken on 1 May in New York: a list from 2 May (the viewer's day) holds neither
    assert.deepEqual((await port.listReadings('Patient/p1', { from: '2024-05-02' })).map((r) => r.id), []);
    assert.deepEqual((await port.listReadings('Patient/p1', { to: '2024-05-01' })).map((r) => r.id), ['device', 'typed']);
  });
});

describe('dates audit: health-tracker readings by the viewer\'s days (FHIR port)', () => {
  let server;
  before(async () => {
    server = await startFhirServer({ port: 0, seed: false });
  });
  after(() => server?.close());

  it('a list from (or to) 3 December holds the readings taken on 3 December in New York', async (t) => {
    inZone(t, 'America/New_York');
    const port = new m.FhirHealthTrackerPort(new m.FhirClient({ baseUrl: server.url }));
    const pulse = (effective, value) => ({
      patient: 'Patient/p1', typeId: 'pulse', code: { system: 'http://loinc.org', code: '8867-4' }, effective,
      values: [{ code: '8867-4', quantity: { value, unit: '/min', code: '/min' } }], source: 'patient',
    });
    // 23:30 EST on 2 December (04:30 UTC on the 3rd), and 21:30 EST on 3 December (02:30 UTC on the 4th)
    await port.recordReading(pulse('2026-12-03T04:30:00Z', 64), { idempotencyKey: 'pulse-dec-2' });
    await port.recordReading(pulse('2026-12-04T02:30:00Z', 72), { idempotencyKey: 'pulse-dec-3' });
    const values = async (query) => (await port.listReadings('Patient/p1', query)).map((r) => r.values[0].quantity.value);
    assert.deepEqual(await values({ from: '2026-12-03' }), [72]);
    assert.deepEqual(await values({ to: '2026-12-03' }), [64, 72]);
    assert.deepEqual(await values({ to: '2026-12-02' }), [64]);
  });
});

describe('dates audit: age at death', () => {
  it('is counted to the day of death the record states, wherever the viewer is', (t) => {
    // US Core example patient 85 (test/fixtures/fhir-r4/us-core/uscore-bundle-patient-85.json) died
    // 1977-07-14T04:17:45-04:00: on 14 July where it was recorded, 13 July (22:17) in Honolulu.
    // One element changed: born on 14 July 1940 (the fixture has 1940-03-29), so the day of death
    // is the 37th birthday, and the age at death is 37 in every zone.
    inZone(t, 'Pacific/Honolulu');
    const bundle = JSON.parse(readFileSync('test/fixtures/fhir-r4/us-core/uscore-bundle-patient-85.json', 'utf8'));
    const patient = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'Patient');
    assert.equal(patient.deceasedDateTime, '1977-07-14T04:17:45-04:00');
    assert.equal(m.formatDate(patient.deceasedDateTime, 'en-US'), 'Jul 14, 1977'); // what the banner shows
    assert.deepEqual(m.ageOf('1940-07-14', new Date('2026-12-03T12:00:00Z'), patient.deceasedDateTime), { value: 37, unit: 'year' });
  });
});

describe('dates audit: care-gap worklist, reminded in the period it was sent for', () => {
  let server;
  before(async () => {
    server = await startFhirServer({ port: 0, seed: false });
  });
  after(() => server?.close());

  it('FHIR port: a reminder sent on a New York evening at the end of November is November\'s', async (t) => {
    inZone(t, 'America/New_York');
    const client = new m.FhirClient({ baseUrl: server.url });
    // Jill Tillman (demo/data/synthea-jill-tillman-c4b7d178.json), the only patient on the panel
    const bundle = JSON.parse(readFileSync('demo/data/synthea-jill-tillman-c4b7d178.json', 'utf8'));
    const jill = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'Patient');
    const { body: created } = await client.create({ ...jill, id: undefined });
    const patient = `Patient/${created.id}`;
    const port = new m.FhirCareReminderPort(client, { rules });
    // sent from the worklist of 30 November (its period, 2026-11) ...
    const [sent] = await port.sendReminders([patient], 'hiv-screening', '2026-11', { sender: 'Practitioner/demo' });
    assert.equal(sent.ok, true);
    // ... at 21:00 EST that evening, which the messaging port stamps as 02:00 UTC on 1 December
    const stored = (await client.searchAll('Communication', { subject: patient })).resources;
    assert.ok(stored.length >= 1);
    for (const c of stored) await client.update({ ...c, sent: '2026-12-01T02:00:00.000Z' });
    assert.equal((await port.worklist({ all: true }, '2026-11-30')).remindedThisPeriod, 1);
    assert.equal((await port.worklist({ all: true }, '2026-12-01')).remindedThisPeriod, 0);
    // the period it was sent for decides, not where the worklist is read: in UTC too it is November's
    process.env.TZ = 'UTC';
    assert.equal((await port.worklist({ all: true }, '2026-11-30')).remindedThisPeriod, 1);
    assert.equal((await port.worklist({ all: true }, '2026-12-01')).remindedThisPeriod, 0);
  });
});

describe('dates audit: viewerDayOf, the day a value names where the viewer is', () => {
  it('a date (or a time without an offset) is its own day; a moment is its day in the viewer\'s zone', (t) => {
    inZone(t, 'America/New_York');
    assert.equal(m.viewerDayOf('2026-12-04'), '2026-12-04');
    assert.equal(m.viewerDayOf('2026-12-04T02:00:00'), '2026-12-04'); // no offset: the digits
    assert.equal(m.viewerDayOf('2026-12-04T02:00:00.000Z'), '2026-12-03'); // 21:00 EST on the 3rd
    assert.equal(m.viewerDayOf('2026-12-04T09:00:00+09:00'), '2026-12-03'); // 00:00 UTC: 19:00 EST on the 3rd
    assert.equal(m.viewerDayOf('2026-12-03T23:30:00-05:00'), '2026-12-03');
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
    assert.equal(m.viewerDayOf('2026-12-03T12:00:00Z'), '2026-12-04');
  });
});
