// What is shown is what the record says (an audit on real records): the summary mapping run
// over the third-party fixtures in test/fixtures, each expectation read straight from the
// source JSON by the FHIR R4 definition of the field, never through the mapping under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const resourcesOf = (bundle) => (bundle.entry ?? []).map((e) => e.resource).filter(Boolean);

/** A HumanName as a line of text, the way a FHIR narrative writes it. */
const nameText = (name) => name.text ?? [...(name.prefix ?? []), ...(name.given ?? []), name.family, ...(name.suffix ?? [])].filter(Boolean).join(' ');

let mapping;
before(async () => {
  mapping = await importTs(['src/adapters/fhir/mapping/summary.ts', 'src/adapters/ips/ips.ts']);
});

/*
 * MedicationRequest.requester is "who/what requested the Request": for a prescription, the
 * prescriber. A request whose requester is the Patient (US Core PDex's patient-reported
 * medicine, reportedBoolean true; MEDITECH's home medicine, requester display
 * "patient-reported") has no prescriber: the patient reported it. Showing the patient as
 * "Prescribed by" tells a clinician a prescription exists that the record does not hold.
 */
describe('a MedicationRequest the patient made is reported by the patient, not prescribed', () => {
  const patientRequested = (resources) =>
    resources.filter((r) => r.resourceType === 'MedicationRequest' && /^Patient\//.test(r.requester?.reference ?? ''));

  it('US Core PDex patient 999 (live search route): no prescriber, reported by the patient on authoredOn', () => {
    const resources = resourcesOf(json('test/fixtures/fhir-r4/us-core/pdex-bundle-patient-999.json'));
    const requests = patientRequested(resources);
    assert.equal(requests.length, 1, 'the fixture holds one patient-requested MedicationRequest');
    const [request] = requests;
    const patient = resources.find((r) => r.resourceType === 'Patient' && `Patient/${r.id}` === request.requester.reference);
    const patientName = nameText(patient.name.find((n) => n.use === 'official') ?? patient.name[0]);
    const summary = mapping.summaryFromResources(resources);
    const entry = summary.sections.medications.entries.find((e) => e.id === `MedicationRequest/${request.id}`);
    assert.ok(entry, 'the medicine is listed');
    assert.equal(entry.prescriber, undefined, `"${patientName}" is the patient, not a prescriber`);
    assert.equal(entry.authoredOn, undefined, 'no prescription date for a medicine no one prescribed');
    assert.deepEqual(entry.reported, { by: patientName, on: request.authoredOn });
  });

  it('MEDITECH IPS (document route): the "patient-reported" home medicine is not prescribed by "patient-reported"', () => {
    const bundle = json('test/fixtures/fhir-r4/ips/ips-us-meditech-1-searchset.json');
    const requests = patientRequested(resourcesOf(bundle));
    assert.equal(requests.length, 1, 'the fixture holds one patient-requested MedicationRequest');
    const [request] = requests;
    const entry = mapping.summaryFromIps(bundle).sections.medications.entries.find((e) => e.id === `MedicationRequest/${request.id}`);
    assert.ok(entry, 'the medicine is listed');
    assert.equal(entry.prescriber, undefined);
    assert.equal(entry.authoredOn, undefined);
    assert.deepEqual(entry.reported, { by: request.requester.display, on: request.authoredOn });
  });

  it('a request a practitioner made still names its prescriber and date (MEDITECH IPS)', () => {
    const bundle = json('test/fixtures/fhir-r4/ips/ips-us-meditech-1-searchset.json');
    const prescribed = resourcesOf(bundle).filter((r) => r.resourceType === 'MedicationRequest' && /^Practitioner\//.test(r.requester?.reference ?? ''));
    assert.equal(prescribed.length, 2);
    const entries = mapping.summaryFromIps(bundle).sections.medications.entries;
    for (const request of prescribed) {
      const entry = entries.find((e) => e.id === `MedicationRequest/${request.id}`);
      assert.equal(entry.prescriber, request.requester.display);
      assert.equal(entry.authoredOn, request.authoredOn);
      assert.equal(entry.reported, undefined);
    }
  });
});

/*
 * Timing.repeat.frequency, when missing, means once per period (its meaningWhenMissing in
 * the R4 definition). The Austrian ELGA IPS writes "4, every day" and "10, every 2 weeks"
 * as a dose with a period and no frequency: dropping the period shows "10" alone, as if
 * the record said nothing of how often.
 */
describe('a dose with a period and no frequency is once per period (ELGA IPS)', () => {
  it('each MedicationStatement keeps its period', () => {
    const bundle = json('test/fixtures/fhir-r4/ips/ips-at-elga-01.json');
    const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
    const composition = resourcesOf(bundle).find((r) => r.resourceType === 'Composition');
    const section = composition.section.find((s) => s.code.coding.some((c) => c.code === '10160-0'));
    const statements = section.entry.map((ref) => byUrl.get(ref.reference));
    assert.equal(statements.length, 7);
    const entries = mapping.summaryFromIps(bundle).sections.medications.entries;
    assert.equal(entries.length, statements.length, 'one entry per statement, in the section order');
    let checked = 0;
    statements.forEach((statement, i) => {
      const repeat = statement.dosage?.[0]?.timing?.repeat;
      const dose = statement.dosage?.[0]?.doseAndRate?.[0]?.doseQuantity;
      if (!repeat || repeat.frequency !== undefined || !dose) return;
      checked++;
      const every = `1×/${repeat.period === 1 ? '' : repeat.period}${repeat.periodUnit}`;
      assert.equal(entries[i].dosage, [`${dose.value}${dose.unit ? ` ${dose.unit}` : ''}`, every].join(', '), `statement ${i + 1}`);
    });
    assert.equal(checked, 5, 'five statements give a dose with a period and no frequency');
  });
});

/*
 * An Observation with `hasMember` and no value of its own is a panel (IPS "Blood typing",
 * ELGA "Hämatologie" → "Blutbild" → Leukozyten …): its values are its members. An IPS
 * results section that lists only the panel must still show every member's value, never
 * the panel alone as "No value" with the patient's blood group lost.
 */
describe('an IPS results section shows the members of a panel Observation (hasMember)', () => {
  /** The leaf Observations a section lists, following hasMember from each listed panel. */
  function leavesOf(bundle) {
    const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
    const composition = resourcesOf(bundle).find((r) => r.resourceType === 'Composition');
    const section = composition.section.find((s) => s.code.coding.some((c) => c.code === '30954-2'));
    const leaves = [];
    const walk = (observation) => {
      if (observation.hasMember?.length) observation.hasMember.forEach((m) => walk(byUrl.get(m.reference)));
      else leaves.push(observation);
    };
    section.entry.forEach((ref) => walk(byUrl.get(ref.reference)));
    return leaves;
  }
  const nameOf = (code) => code.text ?? code.coding?.find((c) => c.display)?.display;
  /** What the record says of a leaf: its name and its value in words. */
  const recorded = (o) => `${nameOf(o.code)} = ${o.valueQuantity ? o.valueQuantity.value : nameOf(o.valueCodeableConcept)}`;
  const shown = (e) => {
    const name = e.code.text ?? e.code.codings.find((c) => c.display)?.display;
    const value = e.value?.kind === 'quantity' ? e.value.quantity.value : e.value?.kind === 'coded' ? (e.value.coded.text ?? e.value.coded.codings.find((c) => c.display)?.display) : undefined;
    return `${name} = ${value}`;
  };
  // the members here are all laboratory results (the vital signs have a section of their own)
  const results = (summary) => summary.sections.results?.entries ?? [];

  it('HL7 IPS IG Bundle-01: the blood group and antibody screens under "Blood typing"', () => {
    const bundle = json('test/fixtures/fhir-r4/ips/ips-ig-bundle-01.json');
    const leaves = leavesOf(bundle);
    assert.equal(leaves.length, 6, 'four members of Blood typing, HbA1c and the MRSA culture');
    assert.deepEqual(results(mapping.summaryFromIps(bundle)).map(shown).sort(), leaves.map(recorded).sort());
  });

  it('ELGA IPS: every laboratory value under the nested panels', () => {
    const bundle = json('test/fixtures/fhir-r4/ips/ips-at-elga-01.json');
    const leaves = leavesOf(bundle);
    assert.ok(leaves.length > 40, `the panels hold ${leaves.length} values`);
    assert.deepEqual(results(mapping.summaryFromIps(bundle)).map(shown).sort(), leaves.map(recorded).sort());
  });

  it('each member is headed by the panel that lists it', () => {
    const bundle = json('test/fixtures/fhir-r4/ips/ips-ig-bundle-01.json');
    const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
    const panel = resourcesOf(bundle).find((r) => r.resourceType === 'Observation' && r.hasMember?.length);
    const members = new Set(panel.hasMember.map((m) => `Observation/${byUrl.get(m.reference).id}`));
    const entries = results(mapping.summaryFromIps(bundle)).filter((e) => members.has(e.id));
    assert.equal(entries.length, members.size);
    for (const entry of entries) assert.equal(entry.panel?.text, panel.code.text);
  });
});

describe('a panel Observation over a live search: shown through its members, never as "No value"', () => {
  it('HL7 IPS IG Bundle-01 resources as search results (no Composition)', () => {
    const resources = resourcesOf(json('test/fixtures/fhir-r4/ips/ips-ig-bundle-01.json')).filter((r) => r.resourceType !== 'Composition');
    // a server returns references as Type/id: the Bundle's urn:uuid fullUrls resolve to the same resources
    const byUrl = new Map(json('test/fixtures/fhir-r4/ips/ips-ig-bundle-01.json').entry.map((e) => [e.fullUrl, e.resource]));
    const panel = resources.find((r) => r.resourceType === 'Observation' && r.hasMember?.length);
    const live = resources.map((r) => (r === panel ? { ...r, hasMember: r.hasMember.map((m) => ({ reference: `Observation/${byUrl.get(m.reference).id}` })) } : r));
    const results = mapping.summaryFromResources(live).sections.results.entries;
    assert.equal(results.some((e) => e.id === `Observation/${panel.id}`), false, 'no row for the panel itself');
    const members = panel.hasMember.map((m) => `Observation/${byUrl.get(m.reference).id}`);
    for (const id of members) assert.equal(results.find((e) => e.id === id)?.panel?.text, panel.code.text, id);
  });
});
