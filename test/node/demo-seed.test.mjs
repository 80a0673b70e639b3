// The demo's first patient has real, current activity in every tab (issue #19, "The demo
// tells the story"). Everything is counted from the demo FHIR server's own answers with
// plain FHIR rules written out here, not through the library under test.
//
//   node --test test/node/demo-seed.test.mjs
//
// No browser and no build needed: only the FHIR server is started.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';
import { relativeDate, resolveRelativeDates, toSeedBatch } from '../../demo/server/seed.mjs';

const DATA = new URL('../../demo/data/', import.meta.url);
const DAY = 86_400_000;

/**
 * Ingredients of US DEA schedule II–V substances that could appear on a primary-care
 * record (a short list of the test's own; enough to tell the controlled prescription).
 */
const CONTROLLED = /\b(zolpidem|alprazolam|lorazepam|clonazepam|diazepam|oxycodone|hydrocodone|tramadol|codeine|methylphenidate|amphetamine)\b/i;
/** Task statuses that mean a refill request still waits for a decision. */
const PENDING = new Set(['draft', 'requested', 'received', 'accepted', 'in-progress', 'ready', 'on-hold']);
/** v3 ObservationInterpretation codes that flag a result outside its range. */
const ABNORMAL = new Set(['H', 'HH', 'HU', 'L', 'LL', 'LU', 'A', 'AA']);

describe('relative dates in the demo seed', () => {
  const now = new Date('2026-03-10T12:34:56.789Z');

  it('resolves $now and $today tokens against the given clock', () => {
    assert.equal(relativeDate('$now', now), '2026-03-10T12:34:56Z');
    assert.equal(relativeDate('$now-33d', now), '2026-02-05T12:34:56Z');
    assert.equal(relativeDate('$now+2h', now), '2026-03-10T14:34:56Z');
    assert.equal(relativeDate('$today', now), '2026-03-10');
    assert.equal(relativeDate('$today+265d', now), '2026-11-30');
    assert.equal(relativeDate('$today-100d', now), '2025-11-30');
  });

  it('leaves every other string alone', () => {
    for (const value of ['$nowhere', 'x$now', '$now-3', '$now-3w', '$today 2', 'now-3d', '$NOW', '']) {
      assert.equal(relativeDate(value, now), undefined, value);
    }
    const resource = { a: '$now-1d', b: ['$today', 'plain', { c: '$now+1h' }], d: 'costs $now-1d' };
    resolveRelativeDates(resource, now);
    assert.deepEqual(resource, { a: '2026-03-09T12:34:56Z', b: ['2026-03-10', 'plain', { c: '2026-03-10T13:34:56Z' }], d: 'costs $now-1d' });
  });

  it('the third-party files hold no token; the demo file is fully resolved at seed time', async () => {
    const token = /"\$(now|today)([+-]\d+[dh])?"/;
    const names = (await readdir(DATA)).filter((n) => n.endsWith('.json'));
    for (const name of names.filter((n) => n.startsWith('synthea-') || n.startsWith('uscore-'))) {
      assert.doesNotMatch(await readFile(new URL(name, DATA), 'utf8'), token, name);
    }
    const raw = JSON.parse(await readFile(new URL('demo-jill-tillman.json', DATA), 'utf8'));
    assert.match(JSON.stringify(raw), token, 'the demo file uses tokens');
    const batch = toSeedBatch(raw, 'demo-jill-tillman.json', { now });
    assert.doesNotMatch(JSON.stringify(batch), /"\$(now|today)/);
    const fill = batch.entry?.find((e) => e.resource?.id === 'demo-jill-fill-fluticasone-3')?.resource;
    assert.equal(/** @type {any} */ (fill)?.whenHandedOver, '2026-02-03T12:34:56Z');
  });
});

describe('the demo opens on a patient with activity in every tab', { timeout: 300_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startFhirServer>>} */
  let fhir;
  /** @type {string} */
  let patient;
  const today = new Date().toISOString().slice(0, 10);

  /** @param {string} query @returns {Promise<any[]>} */
  async function search(query) {
    const response = await fetch(`${fhir.url}/${query}${query.includes('?') ? '&' : '?'}_count=500`);
    assert.equal(response.status, 200, query);
    const bundle = await response.json();
    return (bundle.entry ?? []).map((/** @type {any} */ e) => e.resource);
  }

  before(async () => {
    fhir = await startFhirServer({ port: 0 });
    const base = new URL(fhir.url);
    const list = await (await fetch(new URL('/demo/patients.json', base))).json();
    const featured = list.filter((/** @type {any} */ p) => p.featured === true);
    assert.equal(featured.length, 1, 'exactly one patient is flagged as the one the demo opens on');
    patient = `Patient/${featured[0].id}`;
  });

  after(() => fhir?.close());

  it('is a living adult whose record is a real Synthea bundle', async () => {
    const [resource] = await search(`Patient?_id=${patient.split('/')[1]}`);
    assert.equal(resource.deceasedBoolean ?? resource.deceasedDateTime, undefined);
    const file = (await readdir(DATA)).find((n) => n.startsWith('synthea-') && n.includes('tillman'));
    assert.ok(file, 'the Synthea file is in demo/data');
    const bundle = JSON.parse(await readFile(new URL(file, DATA), 'utf8'));
    assert.ok(bundle.entry.some((/** @type {any} */ e) => e.resource.resourceType === 'Patient' && e.resource.id === resource.id));
  });

  it('has an unread reply from the care team and a message with an attachment', async () => {
    const messages = (await search(`Communication?subject=${patient}`)).filter((c) => c.partOf?.length);
    const fromCareTeam = messages.filter((c) => !/^(Patient|RelatedPerson)\//.test(c.sender?.reference ?? ''));
    const unread = fromCareTeam.filter((c) => c.status !== 'completed' && !c.received);
    assert.ok(unread.length >= 1, `unread care-team replies: ${unread.length}`);
    assert.ok(unread.every((c) => c.sent <= new Date().toISOString()), 'sent in the past');
    const withAttachment = messages.filter((c) => c.payload?.some((/** @type {any} */ p) => p.contentAttachment?.data));
    assert.ok(withAttachment.length >= 1, 'a message with an attachment');
    const threads = new Set(messages.map((c) => c.partOf[0].reference));
    assert.ok(threads.size >= 3, `conversations: ${threads.size}`);
  });

  it('has two refillable prescriptions, one renewal, one controlled and one pending request', async () => {
    const orders = (await search(`MedicationRequest?patient=${patient}&intent=order&status=active`)).filter((r) => !r.doNotPerform);
    const dispenses = (await search(`MedicationDispense?patient=${patient}`)).filter((d) => (d.status ?? 'completed') === 'completed');
    const tasks = await search(`Task?patient=${patient}`);
    const proposals = await search(`MedicationRequest?patient=${patient}&intent=proposal`);
    const pendingTasks = tasks.filter(
      (t) => t.code?.coding?.some((/** @type {any} */ c) => c.system === 'https://ehr-engage.dev/fhir/CodeSystem/refill-request') && PENDING.has(t.status)
    );
    const pendingFor = new Set(
      pendingTasks.map((t) => proposals.find((p) => `MedicationRequest/${p.id}` === t.focus?.reference)?.priorPrescription?.reference)
    );
    const name = (/** @type {any} */ r) => r.medicationCodeableConcept?.text ?? r.medicationCodeableConcept?.coding?.[0]?.display ?? '';
    const addDays = (/** @type {string} */ date, /** @type {number} */ days) => new Date(Date.parse(date.slice(0, 10)) + days * DAY).toISOString().slice(0, 10);

    /** @type {Record<string, string[]>} */
    const by = { refill: [], renewal: [], controlled: [], pending: [], other: [] };
    for (const order of orders) {
      const ref = `MedicationRequest/${order.id}`;
      const fills = dispenses
        .filter((d) => d.authorizingPrescription?.some((/** @type {any} */ a) => a.reference === ref) && d.whenHandedOver)
        .sort((a, b) => a.whenHandedOver.localeCompare(b.whenHandedOver));
      const request = order.dispenseRequest ?? {};
      const end = request.validityPeriod?.end?.slice(0, 10) ?? (order.authoredOn ? addDays(order.authoredOn, 365) : undefined);
      const start = request.validityPeriod?.start?.slice(0, 10);
      const allowed = (request.numberOfRepeatsAllowed ?? 0) + 1;
      const last = fills.at(-1);
      const supply = last?.daysSupply?.value ?? request.expectedSupplyDuration?.value ?? 0;
      if (CONTROLLED.test(name(order))) by.controlled.push(name(order));
      else if (pendingFor.has(ref)) by.pending.push(name(order));
      else if (start && start > today) by.other.push(name(order));
      else if ((end && end < today) || fills.length >= allowed || (allowed === 1 && !fills.length)) by.renewal.push(name(order));
      else if (last && addDays(last.whenHandedOver, Math.ceil(0.75 * supply)) > today) by.other.push(name(order));
      else by.refill.push(name(order));
    }
    const counts = Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.length]));
    assert.ok(by.refill.length >= 2, `refillable now: ${JSON.stringify(by)}`);
    assert.ok(by.renewal.length >= 1, JSON.stringify(counts));
    assert.ok(by.controlled.length >= 1, JSON.stringify(counts));
    assert.ok(by.pending.length >= 1, JSON.stringify(counts));
    assert.ok(pendingTasks.length >= 1);
  });

  it('has a saved decision-aid response for an aid the server offers', async () => {
    const responses = await search(`QuestionnaireResponse?subject=${patient}&_tag=https://ehr-engage.dev/fhir/tag|decision-aid-response`);
    const completed = responses.filter((r) => r.status === 'completed');
    assert.ok(completed.length >= 1, 'a completed response');
    const aidId = completed[0].item.find((/** @type {any} */ i) => i.linkId === 'aid')?.answer?.[0]?.valueString;
    const libraries = await search('Library?_tag=https://ehr-engage.dev/fhir/tag|decision-aid');
    assert.ok(
      libraries.some((l) => typeof l.url === 'string' && l.url.endsWith(`/${aidId}`)),
      `aid ${aidId} among ${libraries.map((l) => l.url).join(', ')}`
    );
  });

  it('has results with abnormal flags', async () => {
    const results = (await search(`Observation?patient=${patient}&category=laboratory`)).filter((o) =>
      o.interpretation?.some((/** @type {any} */ i) => i.coding?.some((/** @type {any} */ c) => ABNORMAL.has(c.code)))
    );
    assert.ok(results.length >= 1, `abnormal results: ${results.length}`);
    assert.ok(results.every((o) => o.referenceRange?.length), 'each with the range it is flagged against');
  });

  it('has a caregiver (RelatedPerson) the demo can act as', async () => {
    const caregivers = (await search(`RelatedPerson?patient=${patient}`)).filter((r) => r.active !== false);
    assert.ok(caregivers.length >= 1);
    assert.ok(caregivers[0].name?.[0]?.given?.length, 'with a name to show');
  });
});
